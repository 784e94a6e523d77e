//! What each command does: open the store, call the use case, print the outcome.

use super::print;
use super::{
    ArticleAction, ArticleAddArgs, CartAction, Cli, Command, CustomerAction, ImportWhat, InitArgs,
    LeadAction, OutboxAction, SellArgs, StockAction,
};
use crate::config::{Config, default_data_dir};
use crate::dto::{ArticleDraft, Cents, CustomerDraft, LeadDraft, SaleLineInput, Tender};
use crate::{App, demo};
use anyhow::Context;
use filiale_domain::VatRate;
use std::path::PathBuf;
use std::process::ExitCode;

/// The data directory the command line names (`--data-dir`, `FILIALE_DATA_DIR`), else the
/// user's default.
pub fn data_dir(cli: &Cli) -> PathBuf {
    cli.data_dir.clone().unwrap_or_else(default_data_dir)
}

/// Runs a command on the store `config` describes (read once by the caller). Errors are returned
/// with their context chain for `main` to print on one line.
pub fn run(cli: Cli, config: Config) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        anyhow::bail!("no command given (the desktop window is opened by the filiale binary)");
    };
    let _guard = crate::logging::init(Some(&config.log_dir()));
    match command {
        Command::Init(args) => init(config, args),
        Command::Restore(args) => super::backup::restore(&config, &args),
        command => {
            let app = open(config)?;
            dispatch(&app, command)
        }
    }
}

/// Opens the store `config` describes; a directory without a store is an error pointing at `init`.
pub fn open(config: Config) -> anyhow::Result<App> {
    let data_dir = &config.data_dir;
    if !config.database_path().exists() {
        anyhow::bail!(
            "no store in {} yet: run `filiale --data-dir {} init` (or `init --demo`) first",
            data_dir.display(),
            data_dir.display()
        );
    }
    App::open(config)
}

fn init(mut config: Config, args: InitArgs) -> anyhow::Result<ExitCode> {
    let data_dir = config.data_dir.clone();
    let existing = data_dir.join(crate::config::CONFIG_FILE).exists();
    if !existing {
        if args.demo {
            config.store = demo::store_config();
        }
        if let Some(id) = args.store_id {
            crate::config::validate_store_id(&id)?;
            config.store.store_id = id;
        }
        if let Some(name) = args.store_name {
            config.store.store_name = name;
        }
        config.save()?;
    }
    let app = App::open(config)?;
    println!(
        "Store {} ({}) ready in {}",
        app.config().store.store_name,
        app.config().store.store_id,
        data_dir.display()
    );
    if args.demo {
        let summary = demo::load(&app)?;
        println!("Demo articles: {}", summary.articles);
        println!("Demo customers: {}", summary.customers);
        println!(
            "Demo leads: {}, sales history rows: {}, sales today: {}",
            summary.leads, summary.history_rows, summary.sales_today
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn dispatch(app: &App, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init(_) | Command::Restore(_) => {
            unreachable!("handled before the store is opened")
        }
        Command::Backup(args) => super::backup::backup(app, &args),
        Command::Import { what } => import(app, what),
        Command::Sell(args) => sell(app, args),
        Command::Article { action } => article(app, action),
        Command::Stock { action } => stock_command(app, action),
        Command::Customer { action } => customer(app, action),
        Command::Lead { action } => lead(app, action),
        Command::Cart { terminal, action } => cart(app, terminal.as_deref(), action),
        Command::Till { till, action } => super::till::run(app, till.as_deref(), action),
        Command::Receipt { receipt_no, json } => {
            if json {
                let printed = app.printed_receipt(receipt_no)?;
                println!("{}", serde_json::to_string_pretty(&printed)?);
                return Ok(ExitCode::SUCCESS);
            }
            super::fiscal::print_receipt(app, receipt_no)?;
            print::refunds_of_receipt(&app.back_office().refunds_of(receipt_no)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Tse { action } => super::fiscal::tse(app, action),
        Command::Export { what } => super::fiscal::export(app, what),
        Command::Journal { entries } => {
            let journal = app.back_office().journal_view(entries)?;
            print::journal(&journal.balances, &journal.entries);
            Ok(ExitCode::SUCCESS)
        }
        Command::Outbox { action } => outbox_command(app, action),
        Command::Serve { ws_port, nats_url } => serve(app, ws_port, nats_url.as_deref()),
        Command::Relay { once, nats_url } => relay(app, once, nats_url.as_deref()),
        Command::Reorder { action } => super::reorder::run(app, action),
        Command::Search(args) => super::search::run(app, args),
        Command::Refund(args) => super::refund::run(app, args),
        Command::Staff { action } => super::staff::run(app, action),
        Command::Audit { action } => super::audit::run(app, action),
        Command::Order { action } => super::order::run(app, action),
        Command::Status { json } => {
            let overview = app.back_office().overview()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&overview)?);
            } else {
                print::overview(&overview);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn import(app: &App, what: ImportWhat) -> anyhow::Result<ExitCode> {
    let (file, json, summary) = match what {
        ImportWhat::Policies { path, json } => {
            return super::search::import_policies(app, &path, json);
        }
        ImportWhat::Articles {
            file,
            json,
            manager,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let pin = manager.pin()?;
            let summary = app
                .back_office()
                .import_articles_approved(&bytes, manager.consent(pin.as_deref()))
                .with_context(|| format!("{}", file.display()))?;
            (file, json, summary)
        }
        ImportWhat::Customers { file, json } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let summary = app
                .back_office()
                .import_customers(&bytes)
                .with_context(|| format!("{}", file.display()))?;
            (file, json, summary)
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("{}: {summary}", file.display());
        for error in &summary.errors {
            eprintln!("{}:{}: {}", file.display(), error.line, error.reason);
        }
    }
    Ok(if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn tender(pay: &str, tendered: Option<&str>, total: Cents) -> anyhow::Result<Tender> {
    if pay == "card" {
        anyhow::ensure!(tendered.is_none(), "--tendered is for cash payments only");
        return Ok(Tender::Card);
    }
    Ok(Tender::Cash {
        tendered: match tendered {
            Some(text) => Cents::parse_eur(text).context("--tendered")?,
            None => total,
        },
    })
}

fn cart(app: &App, terminal: Option<&str>, action: CartAction) -> anyhow::Result<ExitCode> {
    let till = match terminal {
        Some(id) => app.till_at(id)?,
        None => app.till(),
    };
    let view = match action {
        CartAction::Show => till.show()?,
        CartAction::Add { line } => {
            let line = SaleLineInput::parse(&line)?;
            till.scan(&line.code, line.quantity)?
        }
        CartAction::Qty { sku, quantity } => till.set_quantity(&sku, quantity)?,
        CartAction::Remove { sku } => till.remove(&sku)?,
        CartAction::Customer { customer_no } => till.attach_customer(customer_no.as_deref())?,
        CartAction::Clear => till.clear()?,
        CartAction::Pay { pay, tendered } => {
            let total = Cents::new(till.show()?.cart.total_cents);
            let (sale, opened) = app.till_sessions_at(till.id())?.pay_as_script(tender(
                &pay,
                tendered.as_deref(),
                total,
            )?)?;
            say_opened(opened.as_ref());
            super::fiscal::print_receipt(app, sale.receipt_no)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    print::till(&view);
    Ok(ExitCode::SUCCESS)
}

fn sell(app: &App, args: SellArgs) -> anyhow::Result<ExitCode> {
    let lines = args
        .lines
        .iter()
        .map(|l| SaleLineInput::parse(l))
        .collect::<Result<Vec<_>, _>>()?;
    let till = app.till();
    let cart = till.build_cart(&lines)?;
    let tender = match args.pay.as_str() {
        "card" => {
            anyhow::ensure!(
                args.tendered.is_none(),
                "--tendered is for cash payments only"
            );
            Tender::Card
        }
        _ => Tender::Cash {
            tendered: match &args.tendered {
                Some(text) => Cents::parse_eur(text).with_context(|| "--tendered")?,
                None => cart.total(),
            },
        },
    };
    let (sale, opened) =
        app.till_sessions_at(till.id())?
            .sell_as_script(&cart, tender, args.customer.as_deref())?;
    say_opened(opened.as_ref());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&sale)?);
    } else {
        super::fiscal::print_receipt(app, sale.receipt_no)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn article(app: &App, action: ArticleAction) -> anyhow::Result<ExitCode> {
    let back_office = app.back_office();
    match action {
        ArticleAction::Show { code } => {
            let article = back_office.find_article(&code)?;
            let moves = back_office.stock_movements(article.article.sku.as_str(), 10)?;
            print::article(&article, &moves);
        }
        ArticleAction::List { category, limit } => {
            print::article_list(&back_office.list_articles(category.as_deref(), limit, 0)?);
        }
        ArticleAction::Add(args) => {
            let pin = args.manager.pin()?;
            let (article, outcome) = back_office.save_article_approved(
                &article_draft(&args)?,
                args.stock,
                args.manager.consent(pin.as_deref()),
            )?;
            println!(
                "{} {:?}: {} {}",
                article.sku, outcome, article.name, article.price
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn article_draft(args: &ArticleAddArgs) -> anyhow::Result<ArticleDraft> {
    Ok(ArticleDraft {
        sku: args.sku.clone(),
        ean: args.ean.clone(),
        name: args.name.clone(),
        description: args.description.clone(),
        category: args.category.clone(),
        unit: args.unit.clone(),
        price: Cents::parse_eur(&args.price).context("--price")?,
        vat_rate: Some(VatRate::parse(&args.vat).context("--vat")?),
        purchase_price: args
            .purchase_price
            .as_deref()
            .map(Cents::parse_eur)
            .transpose()
            .context("--purchase-price")?,
        pack_size: args.pack_size,
        supplier: args.supplier.clone(),
        lead_time_days: args.lead_time_days,
        reorder_point: args.reorder_point,
    })
}

fn stock_command(app: &App, action: StockAction) -> anyhow::Result<ExitCode> {
    let back_office = app.back_office();
    let change = match action {
        StockAction::Receive {
            code,
            quantity,
            reference,
        } => {
            let change = back_office.receive_stock(&code, quantity, reference.as_deref())?;
            super::order::received_without_order(&app.purchasing().open_orders_of(&code)?);
            change
        }
        StockAction::Adjust {
            code,
            to,
            by,
            reason,
            manager,
        } => {
            let pin = manager.pin()?;
            back_office.adjust_stock_approved(
                &code,
                to,
                by,
                &reason,
                manager.consent(pin.as_deref()),
            )?
        }
        StockAction::Low => {
            print::article_list(&back_office.low_stock_articles()?);
            return Ok(ExitCode::SUCCESS);
        }
    };
    println!(
        "stock {} -> {} ({:+})",
        change.before, change.after, change.delta
    );
    if change.crossed_reorder_point {
        println!("reorder point reached");
    }
    if change.negative {
        println!("warning: stock is negative; please count this article");
    }
    Ok(ExitCode::SUCCESS)
}

fn customer(app: &App, action: CustomerAction) -> anyhow::Result<ExitCode> {
    match action {
        CustomerAction::Add {
            name,
            number,
            email,
            phone,
            street,
            postal_code,
            city,
            customer_type,
            notes,
        } => {
            let customer = app.back_office().add_customer(&CustomerDraft {
                customer_no: number,
                name,
                email,
                phone,
                street,
                postal_code,
                city,
                customer_type,
                notes,
            })?;
            println!("{} {}", customer.customer_no, customer.name);
        }
        CustomerAction::List { limit } => {
            for c in app.back_office().list_customers(limit, 0)? {
                println!(
                    "{:<10} {:<32} {:<12} {}",
                    c.customer_no,
                    c.name,
                    c.city.unwrap_or_default(),
                    c.customer_type
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn lead(app: &App, action: LeadAction) -> anyhow::Result<ExitCode> {
    match action {
        LeadAction::Add {
            name,
            company,
            email,
            phone,
            source,
            interest,
            notes,
        } => {
            let lead = app.back_office().add_lead(&LeadDraft {
                name,
                company,
                email,
                phone,
                source,
                interest,
                notes,
            })?;
            println!("lead {} {} ({})", lead.id, lead.name, lead.status);
        }
        LeadAction::Status { id, status } => {
            let lead = app.back_office().change_lead_status(id, &status)?;
            println!("lead {} {} is now {}", lead.id, lead.name, lead.status);
        }
        LeadAction::Convert { id } => {
            let (lead, customer) = app.back_office().convert_lead(id)?;
            println!(
                "lead {} converted: customer {} {}",
                lead.id, customer.customer_no, customer.name
            );
        }
        LeadAction::List { status } => {
            let status = status
                .as_deref()
                .map(filiale_domain::LeadStatus::parse)
                .transpose()?;
            for l in app.back_office().leads_with_status(status)? {
                println!(
                    "{:>4} {:<10} {:<28} {:<28} {}",
                    l.id,
                    l.status.as_str(),
                    l.name,
                    l.company.unwrap_or_default(),
                    l.customer_no.unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn outbox_command(app: &App, action: OutboxAction) -> anyhow::Result<ExitCode> {
    match action {
        OutboxAction::Status { json } => {
            let status = app.outbox().status()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                print::outbox_status(&status);
            }
        }
        OutboxAction::List { limit, json } => {
            let rows = app.outbox().rows(false, limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print::outbox_rows(&rows);
            }
        }
        OutboxAction::Dead => print::outbox_rows(&app.outbox().rows(true, i64::MAX)?),
        OutboxAction::Retry { store_seq } => {
            app.outbox().retry_dead_letter(store_seq)?;
            println!("event {store_seq} is queued for publishing again");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(app: &App, ws_port: Option<u16>, nats_url: Option<&str>) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    let mut addr = app.config().display_addr();
    if let Some(port) = ws_port {
        addr.set_port(port);
    }
    let served = {
        // The stop signals are caught from here on, also while the services start.
        let _inside = runtime.enter();
        runtime.block_on(crate::services::run_until_stopped(
            app.clone(),
            addr,
            app.config().nats(nats_url),
            crate::services::stop_signal(),
            |bound| {
                println!(
                    "customer displays: ws://{}/ws/pos/<terminal>",
                    bound.display
                )
            },
        ))
    };
    // Work still running in the blocking pool (a search catch-up embedding the catalogue, a
    // backup) is journaled or never counted unfinished: the process does not wait for it.
    runtime.shutdown_timeout(SERVICE_STOP_GRACE);
    served?;
    Ok(ExitCode::SUCCESS)
}

/// How long `serve` waits for blocking work after its services stopped.
const SERVICE_STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

fn relay(app: &App, once: bool, nats_url: Option<&str>) -> anyhow::Result<ExitCode> {
    let config = app.config().nats(nats_url).context(
        "no NATS server configured: pass --nats-url nats://HOST:4222, set FILIALE_NATS_URL, or add [nats] to filiale.toml",
    )?;
    let runtime = tokio::runtime::Runtime::new()?;
    if once {
        let summary = runtime.block_on(app.outbox().relay_once(config))?;
        println!(
            "published {} events, {} dead letters",
            summary.published, summary.dead_lettered
        );
    } else {
        let _inside = runtime.enter();
        runtime.block_on(
            app.outbox()
                .relay_until(config, crate::services::stop_signal()),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Scripts sell without opening the till first: stderr says when a closed till was opened with a
/// zero float for the store's default cashier.
fn say_opened(opened: Option<&filiale_store::till_sessions::SessionRow>) {
    if let Some(session) = opened {
        eprintln!(
            "Kasse {} war nicht geöffnet: Sitzung {} mit Anfangsbestand 0,00 € für {} geöffnet / \
             till {} was not open: opened session {} with a zero float for {}",
            session.till_id,
            session.session_no,
            session.opened_by,
            session.till_id,
            session.session_no,
            session.opened_by
        );
    }
}
