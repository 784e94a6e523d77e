//! Applying events: each message is checked, recorded in the inbox and folded into the projections,
//! a whole batch in one SQLite transaction, so a crash leaves either all of it or none.

use chrono::{DateTime, SecondsFormat, Utc};
use filiale_domain::{DomainEvent, EventEnvelope};
use rusqlite::{Connection, OptionalExtension, params};

/// A message as it came off the stream.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    pub subject: &'a str,
    pub payload: &'a [u8],
    pub stream_seq: Option<u64>,
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Applied,
    /// Already in the inbox: a redelivery or a re-publish; nothing changed.
    Duplicate,
    /// Not a readable event: recorded in the poison table, to be terminated, not redelivered.
    Poison(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("head office database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Injected(#[from] filiale_failpoint::Injected),
}

/// Applies `batch` in one transaction and returns a verdict per message, in order.
pub fn apply_batch(
    conn: &mut Connection,
    batch: &[Incoming<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Verdict>, ApplyError> {
    let stamp = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut tx = conn.transaction()?;
    let mut verdicts = Vec::with_capacity(batch.len());
    for message in batch {
        let verdict = match read(message) {
            Ok((envelope, event)) => {
                // Each event in its own savepoint: one that cannot be applied (amounts beyond
                // what a column holds) is undone alone and set aside, never blocking the stream.
                let savepoint = tx.savepoint()?;
                match record(&savepoint, message, &envelope, &event, &stamp) {
                    Ok(verdict) => {
                        savepoint.commit()?;
                        verdict
                    }
                    Err(error) if is_unappliable(&error) => {
                        drop(savepoint);
                        Verdict::Poison(format!("cannot be applied: {error}"))
                    }
                    Err(error) => return Err(error.into()),
                }
            }
            Err(reason) => Verdict::Poison(reason),
        };
        if let Verdict::Poison(reason) = &verdict {
            let excerpt: String = String::from_utf8_lossy(message.payload)
                .chars()
                .take(500)
                .collect();
            tx.prepare_cached(
                "INSERT INTO poison (stream_seq, subject, reason, excerpt, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                message.stream_seq.map(|s| s as i64),
                message.subject,
                reason,
                excerpt,
                stamp
            ])?;
        }
        verdicts.push(verdict);
    }
    filiale_failpoint::hit("hq.before_commit")?;
    tx.commit()?;
    Ok(verdicts)
}

/// Whether SQLite refused an event's values (a sum beyond 64 bits, a value of the wrong type) rather
/// than failing itself; such an event is poison, whereas a full disk or I/O error fails the batch.
fn is_unappliable(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::ConstraintViolation
                | rusqlite::ErrorCode::TypeMismatch
                | rusqlite::ErrorCode::TooBig
        )
    )
}

/// Reads a message into an envelope and its event, or says why it cannot be one.
fn read(message: &Incoming<'_>) -> Result<(EventEnvelope, DomainEvent), String> {
    let envelope: EventEnvelope = serde_json::from_slice(message.payload)
        .map_err(|e| format!("not an event envelope: {e}"))?;
    // The subject is what the server's permissions checked; an envelope naming another store is refused.
    if envelope.subject() != message.subject {
        return Err(format!(
            "subject {} does not match the envelope (store {}, {}.{})",
            message.subject, envelope.store_id, envelope.domain, envelope.event_type
        ));
    }
    if envelope.store_seq < 1 {
        return Err(format!("store_seq {} is not positive", envelope.store_seq));
    }
    let event = envelope.decode().map_err(|e| e.to_string())?;
    Ok((envelope, event))
}

fn record(
    tx: &Connection,
    message: &Incoming<'_>,
    envelope: &EventEnvelope,
    event: &DomainEvent,
    stamp: &str,
) -> Result<Verdict, rusqlite::Error> {
    let event_id = envelope.event_id.to_string();
    let inserted = tx
        .prepare_cached(
            "INSERT INTO inbox (store_id, store_seq, event_id, event_type, occurred_at, stream_seq, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            envelope.store_id,
            envelope.store_seq,
            event_id,
            envelope.event_type,
            envelope.occurred_at,
            message.stream_seq.map(|s| s as i64),
            stamp
        ])?;
    if inserted == 0 {
        let known: Option<String> = tx
            .prepare_cached("SELECT event_id FROM inbox WHERE store_id = ?1 AND store_seq = ?2")?
            .query_row(params![envelope.store_id, envelope.store_seq], |r| r.get(0))
            .optional()?;
        return Ok(match known {
            Some(id) if id != event_id => Verdict::Poison(format!(
                "store {} reused store_seq {} for another event ({} already applied)",
                envelope.store_id, envelope.store_seq, id
            )),
            _ => Verdict::Duplicate,
        });
    }
    project(tx, envelope, event)?;
    Ok(Verdict::Applied)
}

/// Folds one new event into the projections.
fn project(tx: &Connection, envelope: &EventEnvelope, event: &DomainEvent) -> rusqlite::Result<()> {
    let store = envelope.store_id.as_str();
    let seq = envelope.store_seq;
    let day = crate::business_day::of_timestamp(&envelope.occurred_at);
    match event {
        DomainEvent::SaleCompleted {
            total_cents, vat, ..
        } => add_takings(tx, store, &day, 1, total_cents.get(), vat, 1)?,
        DomainEvent::ArticleCreated {
            sku,
            name,
            category,
            price_cents,
            vat_rate,
            ..
        }
        | DomainEvent::ArticleUpdated {
            sku,
            name,
            category,
            price_cents,
            vat_rate,
        } => {
            tx.prepare_cached(
                "INSERT INTO stock (store_id, sku, name, category, price_cents, vat_rate, article_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT DO UPDATE SET name = excluded.name, category = excluded.category,
                     price_cents = excluded.price_cents, vat_rate = excluded.vat_rate, article_seq = excluded.article_seq
                 WHERE excluded.article_seq > stock.article_seq",
            )?
            .execute(params![
                store,
                sku,
                name,
                category,
                price_cents.get(),
                vat_rate.percent(),
                seq
            ])?;
        }
        DomainEvent::StockUpdated { sku, on_hand, .. } => {
            tx.prepare_cached(
                "INSERT INTO stock (store_id, sku, on_hand, stock_seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO UPDATE SET on_hand = excluded.on_hand, stock_seq = excluded.stock_seq
                 WHERE excluded.stock_seq > stock.stock_seq",
            )?
            .execute(params![store, sku, on_hand, seq])?;
        }
        DomainEvent::LowStockDetected {
            sku,
            name,
            reorder_point,
            ..
        } => {
            tx.prepare_cached(
                "INSERT INTO stock (store_id, sku, name, reorder_point) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO UPDATE SET reorder_point = excluded.reorder_point,
                     name = CASE WHEN stock.name = '' THEN excluded.name ELSE stock.name END",
            )?
            .execute(params![store, sku, name, reorder_point])?;
        }
        DomainEvent::CustomerCreated {
            customer_no,
            name,
            customer_type,
            city,
        } => {
            tx.prepare_cached(
                "INSERT INTO customers (store_id, customer_no, name, customer_type, city, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                store,
                customer_no,
                name,
                customer_type,
                city,
                envelope.occurred_at
            ])?;
        }
        DomainEvent::LeadStatusChanged {
            lead_id, name, to, ..
        } => {
            tx.prepare_cached(
                "INSERT INTO leads (store_id, lead_id, name, status, status_seq) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO UPDATE SET name = excluded.name, status = excluded.status, status_seq = excluded.status_seq
                 WHERE excluded.status_seq > leads.status_seq",
            )?
            .execute(params![store, lead_id, name, to, seq])?;
        }
        DomainEvent::LeadConverted {
            lead_id,
            customer_no,
        } => {
            tx.prepare_cached(
                "INSERT INTO leads (store_id, lead_id, status, customer_no, status_seq) VALUES (?1, ?2, 'converted', ?3, ?4)
                 ON CONFLICT DO UPDATE SET customer_no = excluded.customer_no,
                     status = CASE WHEN excluded.status_seq > leads.status_seq THEN 'converted' ELSE leads.status END,
                     status_seq = MAX(leads.status_seq, excluded.status_seq)",
            )?
            .execute(params![store, lead_id, customer_no, seq])?;
        }
        DomainEvent::AccountBalanceChanged {
            account,
            name,
            balance_cents,
            ..
        } => {
            tx.prepare_cached(
                "INSERT INTO account_balances (store_id, account, name, balance_cents, balance_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO UPDATE SET name = excluded.name, balance_cents = excluded.balance_cents,
                     balance_seq = excluded.balance_seq
                 WHERE excluded.balance_seq > account_balances.balance_seq",
            )?
            .execute(params![store, account, name, balance_cents.get(), seq])?;
        }
        // A refund lowers the day's takings and revenue by what went back; the receipt count stays.
        DomainEvent::SaleRefunded {
            total_cents, vat, ..
        } => add_takings(
            tx,
            store,
            &day,
            0,
            total_cents.get().saturating_neg(),
            vat,
            -1,
        )?,
        // Recorded in the inbox; head office keeps no projection of these yet.
        DomainEvent::JournalEntryPosted { .. } | DomainEvent::PurchaseOrderCreated { .. } => {}
        DomainEvent::TillOpened { .. }
        | DomainEvent::CashMovementRecorded { .. }
        | DomainEvent::TillClosed { .. } => {
            crate::closings::project(tx, store, &envelope.occurred_at, event)?
        }
    }
    Ok(())
}

/// Adds a sale (`sign` 1) or takes back a refund (`sign` -1) in the day's takings and its revenue
/// per VAT rate; `receipts` is how many receipts it adds.
fn add_takings(
    tx: &Connection,
    store: &str,
    day: &str,
    receipts: i64,
    total_cents: i64,
    vat: &[filiale_domain::events::VatLine],
    sign: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO daily_sales (store_id, day, receipts, total_cents) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO UPDATE SET receipts = receipts + excluded.receipts,
             total_cents = total_cents + excluded.total_cents",
    )?
    .execute(params![store, day, receipts, total_cents])?;
    let mut add = tx.prepare_cached(
        "INSERT INTO daily_revenue (store_id, day, vat_rate, net_cents, vat_cents, gross_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT DO UPDATE SET net_cents = net_cents + excluded.net_cents,
             vat_cents = vat_cents + excluded.vat_cents, gross_cents = gross_cents + excluded.gross_cents",
    )?;
    for line in vat {
        add.execute(params![
            store,
            day,
            line.rate.percent(),
            line.net_cents.get().saturating_mul(sign),
            line.vat_cents.get().saturating_mul(sign),
            line.gross_cents.get().saturating_mul(sign)
        ])?;
    }
    Ok(())
}
