//! `filiale till`: a trading day at one till — open with a float, status, cash in and out,
//! X-report, the daily closing (Z-report) and the list of closings. Every command that acts signs
//! the cashier in (`--cashier NAME --pin PIN`, `-` reads the PIN from standard input).

use super::pin::resolve;
use crate::App;
use crate::dto::{Cents, ManagerPin};
use crate::usecases::reorder::DEFAULT_MANAGER;
use crate::usecases::{
    AuthorizationError, CashInput, CashMovementView, Cashier, TillSessions, TillStatus,
    UseCaseError, XReport, berlin_time,
};
use anyhow::Context;
use clap::{Args, Subcommand};
use filiale_domain::CashCount;
use filiale_domain::till_report::{CashReason, TillFigures};
use filiale_store::till_sessions::ClosingRow;
use std::process::ExitCode;

/// Who acts: a member of staff and their PIN.
#[derive(Debug, Args)]
pub struct SignInArgs {
    /// The cashier (or manager) at the till.
    #[arg(long)]
    pub cashier: String,
    /// Their PIN; `-` reads it from a line of standard input.
    #[arg(long)]
    pub pin: String,
}

/// Cash counted by denomination or as a sum.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct CountArgs {
    /// The count by denomination, e.g. 50=2,20=5,0.01=3 (a Zählprotokoll).
    #[arg(long)]
    pub count: Option<String>,
    /// The counted sum in euros, e.g. 150,00.
    #[arg(long, alias = "float")]
    pub counted: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TillAction {
    /// Open the till with a counted float (--float EUR or --count 20=5,...).
    Open {
        #[command(flatten)]
        who: SignInArgs,
        #[command(flatten)]
        float: CountArgs,
        #[arg(long)]
        json: bool,
    },
    /// Whether the till is open, since when, by whom, and what the drawer should hold.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// A second cashier takes over the open till.
    TakeOver {
        #[command(flatten)]
        who: SignInArgs,
    },
    /// Cash into the drawer: --amount EUR --reason wechselgeld|einlage.
    CashIn(MovementArgs),
    /// Cash out of the drawer: --amount EUR --reason bankeinzahlung|privatentnahme|ausgabe|wechselgeld;
    /// above the store's limit with --manager NAME --manager-pin PIN.
    CashOut(MovementArgs),
    /// The X-report: what the drawer should hold, turnover by VAT rate, tender and cashier. Changes nothing.
    XReport {
        #[arg(long)]
        json: bool,
    },
    /// The daily closing: count the drawer (--count or --counted), book the difference, keep the
    /// float for tomorrow (--float-next), write the Z-report.
    Close {
        #[command(flatten)]
        who: SignInArgs,
        #[command(flatten)]
        counted: CountArgs,
        /// What stays in the drawer for tomorrow, in euros.
        #[arg(long, default_value = "0")]
        float_next: String,
        #[arg(long)]
        json: bool,
    },
    /// The closings (Z-reports) of this till, or of every till with --all.
    Closings {
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 30)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct MovementArgs {
    #[command(flatten)]
    pub who: SignInArgs,
    /// The amount in euros.
    #[arg(long)]
    pub amount: String,
    /// Wechselgeld, Bankeinzahlung, Privatentnahme, Ausgabe mit Beleg, Einlage.
    #[arg(long)]
    pub reason: String,
    /// A note (the receipt number of an expense, the bag number of a deposit).
    #[arg(long, default_value = "")]
    pub note: String,
    /// The approving manager for a cash out above the limit.
    #[arg(long, default_value = DEFAULT_MANAGER)]
    pub manager: String,
    #[arg(long)]
    pub manager_pin: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn cash_input(args: &CountArgs) -> anyhow::Result<CashInput> {
    match (&args.count, &args.counted) {
        (Some(count), _) => Ok(CashInput::Count(
            CashCount::parse(count).map_err(crate::usecases::TillError::from)?,
        )),
        (None, Some(sum)) => Ok(CashInput::Sum(
            Cents::parse_eur(sum).context("--counted / --float")?,
        )),
        (None, None) => anyhow::bail!("give --count or --counted / --float"),
    }
}

/// Signs the cashier in and warns when the till was left open on an earlier day.
fn sign_in(sessions: &TillSessions<'_>, who: &SignInArgs) -> anyhow::Result<Cashier> {
    let pin = resolve(&who.pin)?;
    let signed = sessions.sign_in(&who.cashier, &pin).map_err(|e| match e {
        UseCaseError::Authorization(refused) => anyhow::anyhow!(sign_in_refused(&refused)),
        other => other.into(),
    })?;
    warn_unclosed(&signed.status);
    Ok(Cashier::from(&signed.staff))
}

/// A refused sign-in in German and English.
fn sign_in_refused(refused: &AuthorizationError) -> String {
    let de = match refused {
        AuthorizationError::UnknownStaff(name) | AuthorizationError::UnknownManager(name) => {
            format!("{name} steht nicht auf der Personalliste")
        }
        AuthorizationError::WrongPin { name, remaining } => {
            format!("falsche PIN für {name}; noch {remaining} Versuche bis zur Sperre")
        }
        AuthorizationError::LockedOut { name, until } => format!(
            "{name} ist nach zu vielen falschen PINs gesperrt bis {}",
            berlin_time(&until.to_rfc3339())
        ),
        other => other.to_string(),
    };
    format!("Anmeldung abgelehnt: {de} / sign-in refused: {refused}")
}

fn warn_unclosed(status: &TillStatus) {
    if status.unclosed_from_earlier_day
        && let Some(session) = &status.session
    {
        eprintln!(
            "Achtung: Kasse {} ist seit {} nicht abgeschlossen (Sitzung {}); bitte zuerst abschließen / \
             warning: till {} has not been closed since {} (session {}); close it first",
            status.till_id,
            session.business_day,
            session.session_no,
            status.till_id,
            session.business_day,
            session.session_no
        );
    }
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn run(app: &App, till: Option<&str>, action: TillAction) -> anyhow::Result<ExitCode> {
    let sessions = match till {
        Some(id) => app.till_sessions_at(id)?,
        None => app.till_sessions(),
    };
    match action {
        TillAction::Open { who, float, json } => {
            let float = cash_input(&float)?;
            let cashier = sign_in(&sessions, &who)?;
            let session = sessions.open(&cashier, &float)?;
            if json {
                return print_json(&session).map(|()| ExitCode::SUCCESS);
            }
            println!(
                "Kasse {} geöffnet: Sitzung {}, {}, Anfangsbestand {} €, {}",
                session.till_id,
                session.session_no,
                berlin_time(&session.opened_at),
                Cents::new(session.float_cents).to_german(),
                session.opened_by
            );
        }
        TillAction::Status { json } => {
            let status = sessions.status()?;
            if json {
                return print_json(&status).map(|()| ExitCode::SUCCESS);
            }
            print_status(&status);
            warn_unclosed(&status);
        }
        TillAction::TakeOver { who } => {
            let cashier = sign_in(&sessions, &who)?;
            let session = sessions.take_over(&cashier)?;
            println!(
                "Kasse {}: {} übernimmt Sitzung {}",
                session.till_id, session.cashier, session.session_no
            );
        }
        TillAction::CashIn(args) => move_cash(&sessions, &args, true)?,
        TillAction::CashOut(args) => move_cash(&sessions, &args, false)?,
        TillAction::XReport { json } => {
            let report = sessions.x_report()?;
            if json {
                return print_json(&report).map(|()| ExitCode::SUCCESS);
            }
            print_x_report(&report);
        }
        TillAction::Close {
            who,
            counted,
            float_next,
            json,
        } => {
            let counted = cash_input(&counted)?;
            let float_next = Cents::parse_eur(&float_next).context("--float-next")?;
            let cashier = sign_in(&sessions, &who)?;
            let closing = sessions.close(&cashier, &counted, float_next)?;
            if json {
                return print_json(&closing).map(|()| ExitCode::SUCCESS);
            }
            print_z_report(app, &closing);
        }
        TillAction::Closings { all, limit, json } => {
            let closings = if all {
                sessions.all_closings(limit)?
            } else {
                sessions.closings(limit)?
            };
            if json {
                return print_json(&closings).map(|()| ExitCode::SUCCESS);
            }
            println!(
                "{:<10} {:>4} {:<10} {:<16} {:>12} {:>12} {:>10}",
                "Kasse", "Z", "Tag", "Abschluss", "Soll", "Gezählt", "Differenz"
            );
            for c in &closings {
                println!(
                    "{:<10} {:>4} {:<10} {:<16} {:>12} {:>12} {:>10}",
                    c.till_id,
                    c.z_no,
                    c.business_day,
                    berlin_time(&c.closed_at),
                    Cents::new(c.expected_cents).to_german(),
                    Cents::new(c.counted_cents).to_german(),
                    Cents::new(c.difference_cents).to_german()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn move_cash(sessions: &TillSessions<'_>, args: &MovementArgs, into: bool) -> anyhow::Result<()> {
    let amount = Cents::parse_eur(&args.amount).context("--amount")?;
    let reason = CashReason::parse(&args.reason).map_err(crate::usecases::TillError::from)?;
    let cashier = sign_in(sessions, &args.who)?;
    let manager_pin = args.manager_pin.as_deref().map(resolve).transpose()?;
    let view: CashMovementView = if into {
        sessions.cash_in(&cashier, reason, amount, &args.note)?
    } else {
        let consent = manager_pin.as_deref().map(|pin| {
            ManagerPin {
                manager: &args.manager,
                pin,
            }
            .into()
        });
        sessions.cash_out(&cashier, reason, amount, &args.note, consent)?
    };
    if args.json {
        return print_json(&view);
    }
    println!(
        "Kasse {}: {} {} € ({}), Soll-Bestand jetzt {} €",
        view.till_id,
        if into { "Einzahlung" } else { "Auszahlung" },
        view.amount_cents.to_german(),
        view.reason.label_de(),
        view.cash_expected_cents.to_german()
    );
    Ok(())
}

fn print_status(status: &TillStatus) {
    match &status.session {
        Some(s) => println!(
            "Kasse {} geöffnet seit {} (Sitzung {}, Geschäftstag {}), Kassierer {}, Soll-Bestand {} €",
            status.till_id,
            berlin_time(&s.opened_at),
            s.session_no,
            s.business_day,
            s.cashier,
            status
                .cash_expected_cents
                .unwrap_or(Cents::ZERO)
                .to_german()
        ),
        None => println!(
            "Kasse {} geschlossen{}",
            status.till_id,
            status
                .last_z_no
                .map(|z| format!(" (letzter Abschluss Z {z})"))
                .unwrap_or_default()
        ),
    }
}

fn row(left: &str, amount: Cents) {
    let right = amount.to_german();
    let pad = 42usize
        .saturating_sub(left.chars().count() + right.chars().count())
        .max(1);
    println!("{left}{}{right}", " ".repeat(pad));
}

fn print_figures(f: &TillFigures) {
    row("Anfangsbestand", f.float_cents);
    println!(
        "Bons: {}{}",
        f.receipts,
        match (f.first_receipt, f.last_receipt) {
            (Some(a), Some(b)) => format!(" (Nr. {a} bis {b})"),
            _ => String::new(),
        }
    );
    row("Umsatz brutto", f.turnover_cents);
    for v in &f.turnover_by_vat {
        row(&format!("  {} % netto", v.rate.percent()), v.net_cents);
        row(&format!("  {} % USt", v.rate.percent()), v.vat_cents);
        row(&format!("  {} % brutto", v.rate.percent()), v.gross_cents);
    }
    for t in &f.by_tender {
        let name = if t.method == "cash" { "Bar" } else { "Karte" };
        row(&format!("{name} ({} Bons)", t.receipts), t.total_cents);
        if t.refunds_cents > Cents::ZERO {
            row(&format!("  {name} Erstattungen"), t.refunds_cents);
        }
    }
    row(&format!("Erstattungen ({})", f.refunds), f.refunds_cents);
    row("Rabatte", f.discounts_cents);
    for m in &f.movements {
        let dir = if m.direction == filiale_domain::CashDirection::In {
            "Einzahlung"
        } else {
            "Auszahlung"
        };
        row(
            &format!("{dir} {} ({})", m.reason.label_de(), m.count),
            m.total_cents,
        );
    }
    for c in &f.by_cashier {
        row(
            &format!("Kassierer {} ({} Bons)", c.cashier, c.receipts),
            c.total_cents,
        );
    }
    row("Soll-Bestand Bar", f.cash_expected_cents);
}

fn print_x_report(report: &XReport) {
    println!("X-BON (Zwischenbericht) Kasse {}", report.till_id);
    println!(
        "Sitzung {} seit {} ({})",
        report.session.session_no,
        berlin_time(&report.session.opened_at),
        report.session.opened_by
    );
    println!("{}", "-".repeat(42));
    print_figures(&report.figures);
}

fn print_z_report(app: &App, closing: &ClosingRow) {
    println!("{:^42}", app.config().store.store_name);
    println!("Z-BON Nr. {}  Kasse {}", closing.z_no, closing.till_id);
    println!(
        "Geschäftstag {}  Sitzung {}",
        closing.business_day, closing.session_no
    );
    println!(
        "{} bis {}  {}",
        berlin_time(&closing.opened_at),
        berlin_time(&closing.closed_at),
        closing.closed_by
    );
    println!("{}", "-".repeat(42));
    print_figures(&closing.figures);
    row("Gezählt", Cents::new(closing.counted_cents));
    let difference = Cents::new(closing.difference_cents);
    let words = match closing.difference_cents {
        0 => "Kasse stimmt",
        d if d > 0 => "Kassenüberschuss",
        _ => "Kassenfehlbetrag",
    };
    row(&format!("Differenz ({words})"), difference);
    row(
        "Wechselgeld für morgen",
        Cents::new(closing.float_next_cents),
    );
}
