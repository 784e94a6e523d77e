//! The headless command line: `filiale [--data-dir DIR] <command>`; without a command the desktop
//! app opens (that part lives in `src-tauri`).

mod audit;
mod backup;
mod commands;
mod fiscal;
mod order;
mod pin;
mod print;
mod refund;
mod reorder;
mod search;
mod staff;
mod till;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use commands::{data_dir, run};

use crate::error_code::{ErrorCode, Lang};
use crate::usecases::{AuthorizationError, DiscountError, UseCaseError};

/// What follows `error: ` when a command fails: the contexts as written, then the first refusal of
/// the core in `lang` ([`ErrorCode::words`]); causes the core has no code for stay as they are.
pub fn error_line(error: &anyhow::Error, lang: Lang) -> String {
    let mut parts = Vec::new();
    for cause in error.chain() {
        match refusal(cause) {
            Some(code) => {
                parts.push(code.words(lang));
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    parts.join(": ")
}

/// The refusal `cause` is, when it is one of the core's typed errors.
fn refusal(cause: &(dyn std::error::Error + 'static)) -> Option<ErrorCode> {
    let code = if let Some(e) = cause.downcast_ref::<UseCaseError>() {
        ErrorCode::from(e)
    } else if let Some(e) = cause.downcast_ref::<DiscountError>() {
        ErrorCode::from(e)
    } else if let Some(e) = cause.downcast_ref::<AuthorizationError>() {
        ErrorCode::from(e)
    } else if let Some(e) = cause.downcast_ref::<filiale_store::StoreError>() {
        ErrorCode::from(e)
    } else if let Some(e) = cause.downcast_ref::<filiale_domain::MoneyError>() {
        ErrorCode::from(e)
    } else if let Some(e) = cause.downcast_ref::<filiale_domain::CodeError>() {
        ErrorCode::from(e)
    } else {
        return None;
    };
    // Without a code of its own the core's sentence (and its causes) say more than a summary.
    match code {
        ErrorCode::Internal { .. } | ErrorCode::InvalidInput { .. } => None,
        code => Some(code),
    }
}

/// Lets a closed standard output (`filiale article list | head -3`) end the process quietly, with
/// the status shells give a process stopped by SIGPIPE (141), instead of a panic message: Rust
/// ignores SIGPIPE, so printing to a pipe whose reader has gone panics.
pub fn end_quietly_when_stdout_closes() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
}

/// Filiale — point of sale and back office for garden centres.
#[derive(Debug, Parser)]
#[command(name = "filiale", version, about, long_about = None)]
pub struct Cli {
    /// The store's data directory (database, filiale.toml, logs). Default: ~/.local/share/filiale
    #[arg(long, global = true, env = "FILIALE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or upgrade the store database; --demo loads the demo store "Gartencenter Grünfink".
    Init(InitArgs),
    /// Import articles or customers from a CSV file (upsert; bad rows are reported by line).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Sell at the command line: --line SKU:QTY (repeatable) --pay cash|card [--tendered EUR].
    Sell(SellArgs),
    /// Show or add articles.
    Article {
        #[command(subcommand)]
        action: ArticleAction,
    },
    /// Book goods received or correct stock.
    Stock {
        #[command(subcommand)]
        action: StockAction,
    },
    /// Add or list customers.
    Customer {
        #[command(subcommand)]
        action: CustomerAction,
    },
    /// Add leads, move them through the pipeline, convert them into customers.
    Lead {
        #[command(subcommand)]
        action: LeadAction,
    },
    /// The open cart of a till (what its customer display shows): scan, change, pay.
    Cart {
        /// The till, e.g. kasse-2 (default: this PC's till from filiale.toml, `[till] id`).
        #[arg(long, global = true)]
        terminal: Option<String>,
        #[command(subcommand)]
        action: CartAction,
    },
    /// A trading day at a till: open, status, take-over, cash-in, cash-out, x-report, close, closings.
    Till {
        /// The till, e.g. kasse-2 (default: this PC's till from filiale.toml, `[till] id`).
        #[arg(long, global = true)]
        till: Option<String>,
        #[command(subcommand)]
        action: till::TillAction,
    },
    /// Show a receipt again, with its TSE data and QR code (`--json`: as the window gets it).
    Receipt {
        receipt_no: i64,
        #[arg(long)]
        json: bool,
    },
    /// Account balances and recent journal entries.
    Journal {
        /// How many recent entries to show.
        #[arg(long, default_value_t = 10)]
        entries: i64,
    },
    /// The outbox of domain events waiting for head office.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Run the store's background services without a window (display hub, outbox relay) until Ctrl-C or SIGTERM.
    Serve {
        /// Port of the customer display WebSocket hub (default: `[display] port` in filiale.toml,
        /// else 8787), on the configured address (loopback unless `[display] bind` says otherwise).
        #[arg(long)]
        ws_port: Option<u16>,
        /// NATS server(s) of head office, comma-separated (overrides [nats] servers in filiale.toml).
        #[arg(long, env = "FILIALE_NATS_URL")]
        nats_url: Option<String>,
    },
    /// Publish the outbox to head office's NATS JetStream (until Ctrl-C or SIGTERM, or once with --once).
    Relay {
        /// Publish what is pending now, then stop.
        #[arg(long)]
        once: bool,
        /// NATS server(s) of head office, comma-separated (overrides [nats] servers in filiale.toml).
        #[arg(long, env = "FILIALE_NATS_URL")]
        nats_url: Option<String>,
    },
    /// Reorder proposals: start one, list, show, approve or reject with the manager's PIN.
    Reorder {
        #[command(subcommand)]
        action: ReorderAction,
    },
    /// Give back some or all of a receipt (a refund, or a void of the whole receipt) with a
    /// manager's PIN: own document number, restock, reversing journal entry.
    Refund(refund::RefundArgs),
    /// Cashiers and managers: list, add, set-pin, set-role, login.
    Staff {
        #[command(subcommand)]
        action: staff::StaffAction,
    },
    /// The audit log (who did what) and the tamper check of the books (verify).
    Audit {
        #[command(subcommand)]
        action: audit::AuditAction,
    },
    /// Search articles, customers or store policies (hybrid, vector or lexical); --rebuild, --stats.
    Search(search::SearchArgs),
    /// Purchase orders: list, show, receive goods against one, cancel, export its document.
    Order {
        #[command(subcommand)]
        action: order::OrderAction,
    },
    /// Key figures of the store.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Copy the database, checked, while the till sells: into the backup folder (the newest
    /// `[backup] keep` are kept) or --to DIR; --list shows the backups.
    Backup(backup::BackupArgs),
    /// Replace the database with a backup once it checks out (integrity, hash chain, store id).
    /// Stop the app first; the replaced file is kept beside it.
    Restore(backup::RestoreArgs),
    /// The TSE (KassenSichV): status (serial, counter, certified or not, self test, outages) and
    /// its TAR export.
    Tse {
        #[command(subcommand)]
        action: fiscal::TseAction,
    },
    /// Exports for the tax office: `export dsfinvk --from DATE --to DATE OUT.zip [--till ID]`.
    Export {
        #[command(subcommand)]
        what: fiscal::ExportWhat,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Load the demo store (articles, customers, leads, 18 months of sales history).
    #[arg(long)]
    pub demo: bool,
    /// Store id for a new store (letters, digits, '-', '_').
    #[arg(long)]
    pub store_id: Option<String>,
    /// Store name for a new store.
    #[arg(long)]
    pub store_name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Article CSV: sku;ean;name;description;category;unit;price;vat_rate;stock;reorder_point;supplier;lead_time_days;pack_size
    Articles {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Approval of price changes beyond the store's limit.
        #[command(flatten)]
        manager: pin::ManagerArgs,
    },
    /// Customer CSV: customer_no;name;email;phone;street;postal_code;city;customer_type;notes
    Customers {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Store policy texts for search: a Markdown/text file or a directory of them (id = file stem).
    Policies {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SellArgs {
    /// SKU or EAN and quantity, e.g. GF-10001:2 (repeat for more lines).
    #[arg(long = "line", required = true, value_name = "SKU:QTY")]
    pub lines: Vec<String>,
    /// How the customer pays.
    #[arg(long, value_parser = ["cash", "card"])]
    pub pay: String,
    /// Cash handed over in euros (default: exactly the total).
    #[arg(long, value_name = "EUR")]
    pub tendered: Option<String>,
    /// Attach the sale to a customer number.
    #[arg(long)]
    pub customer: Option<String>,
    /// Print the sale as JSON instead of a receipt.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ArticleAction {
    /// Show one article by SKU or EAN, with its recent stock movements.
    Show { code: String },
    /// List articles.
    List {
        #[arg(long)]
        category: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Create an article or change the one with this SKU.
    Add(ArticleAddArgs),
}

#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    #[arg(long)]
    pub sku: String,
    #[arg(long)]
    pub name: String,
    /// Gross price in euros, e.g. 12,99
    #[arg(long)]
    pub price: String,
    /// 19, 7 or 0
    #[arg(long, default_value = "19")]
    pub vat: String,
    #[arg(long)]
    pub ean: Option<String>,
    #[arg(long, default_value = "")]
    pub description: String,
    #[arg(long, default_value = "")]
    pub category: String,
    #[arg(long, default_value = "")]
    pub unit: String,
    #[arg(long)]
    pub purchase_price: Option<String>,
    #[arg(long)]
    pub supplier: Option<String>,
    #[arg(long)]
    pub lead_time_days: Option<u32>,
    #[arg(long)]
    pub pack_size: Option<u32>,
    #[arg(long)]
    pub reorder_point: Option<i64>,
    /// Initial stock of a new article.
    #[arg(long)]
    pub stock: Option<i64>,
    /// Approval of a price change beyond the store's limit.
    #[command(flatten)]
    pub manager: pin::ManagerArgs,
}

#[derive(Debug, Subcommand)]
pub enum StockAction {
    /// Goods received without a purchase order: add QTY to the stock of SKU (against an order:
    /// `filiale order receive`).
    Receive {
        code: String,
        quantity: i64,
        /// Delivery note or purchase order number.
        #[arg(long)]
        reference: Option<String>,
    },
    /// Correct stock: --to COUNTED (stocktake) or --by DIFFERENCE (breakage, spoilage).
    Adjust {
        code: String,
        #[arg(long, allow_negative_numbers = true)]
        to: Option<i64>,
        #[arg(long, allow_negative_numbers = true)]
        by: Option<i64>,
        #[arg(long, default_value = "Korrektur")]
        reason: String,
        /// Approval of a correction worth more than the store's limit.
        #[command(flatten)]
        manager: pin::ManagerArgs,
    },
    /// Articles at or below their reorder point.
    Low,
}

#[derive(Debug, Subcommand)]
pub enum CustomerAction {
    /// Add a customer; the next customer number is assigned unless --number is given.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        number: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        street: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        city: Option<String>,
        /// Privat, Landwirtschaft, Garten- und Landschaftsbau, ...
        #[arg(long = "type")]
        customer_type: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// List customers.
    List {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum LeadAction {
    /// Add a lead in status "new".
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        interest: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Move a lead: new, contacted, qualified or lost.
    Status { id: i64, status: String },
    /// Convert a lead into a customer.
    Convert { id: i64 },
    /// List leads, optionally of one status.
    List { status: Option<String> },
}

#[derive(Debug, Subcommand)]
pub enum CartAction {
    /// Show the cart.
    Show,
    /// Add an article by SKU or EAN: CODE or CODE:QTY.
    Add { line: String },
    /// Set the quantity of a line.
    Qty { sku: String, quantity: i64 },
    /// Remove a line.
    Remove { sku: String },
    /// Attach a customer to the cart (or detach with no number).
    Customer { customer_no: Option<String> },
    /// Empty the cart.
    Clear,
    /// Pay the cart: --pay cash|card [--tendered EUR].
    Pay {
        #[arg(long, value_parser = ["cash", "card"])]
        pay: String,
        #[arg(long, value_name = "EUR")]
        tendered: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReorderAction {
    /// Analyse stock and sales history and propose what to order; stops for approval.
    Start,
    /// Proposals, newest first.
    List {
        /// Only proposals waiting for approval.
        #[arg(long)]
        open: bool,
    },
    /// A proposal with its lines and reasons.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a proposal (optionally with changed quantities or removed lines): creates the orders.
    Approve {
        id: String,
        #[arg(long)]
        pin: String,
        #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
        manager: String,
        /// Change a quantity: SKU=QTY (repeatable; 0 removes the line).
        #[arg(long = "qty", value_name = "SKU=QTY")]
        quantities: Vec<String>,
        /// Remove a line (repeatable).
        #[arg(long = "remove", value_name = "SKU")]
        removed: Vec<String>,
    },
    /// Reject a proposal with a reason.
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        pin: String,
        #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
        manager: String,
    },
    /// Replay the store's own sales of the last DAYS days with Filiale's proposals and with a
    /// naive min/max rule (orders arrive after their lead time); prints service level, average
    /// stock value and orders placed of both.
    Simulate {
        #[arg(long, default_value_t = 182)]
        days: u32,
        /// The proposals' target cycle service level, e.g. 0.9 (default: the store's, 0.95).
        #[arg(long)]
        service_level: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// Set a manager's PIN (4 to 12 digits).
    SetPin {
        #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
        manager: String,
        #[arg(long)]
        pin: String,
        /// The existing manager who approves (needed once the store has a manager).
        #[arg(long, default_value = crate::usecases::reorder::DEFAULT_MANAGER)]
        approver: String,
        /// The approving manager's PIN (`-` reads it from standard input).
        #[arg(long)]
        approver_pin: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Pending, published and dead events; oldest pending; last published.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The most recent events.
    List {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Events that could not be published (dead letters).
    Dead,
    /// Put a dead letter back in the queue.
    Retry { store_seq: i64 },
}
