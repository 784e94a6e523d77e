//! Applying events: each message is checked, recorded in the inbox and folded into the projections,
//! a whole batch in one transaction, so a crash leaves either all of it or none. Written once for
//! both databases (see [`crate::db`]): portable SQL, `$n` parameters.

use crate::db::{Database, DbError, Tx, Value};
use chrono::{DateTime, SecondsFormat, Utc};
use filiale_domain::{DomainEvent, EventEnvelope};

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
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Injected(#[from] filiale_failpoint::Injected),
    /// Inside [`apply_batch`] only: an event could not be applied in a batch without savepoints.
    #[error("an event cannot be applied; the batch is applied again event by event")]
    NeedsSavepoints,
}

/// Applies `batch` in one transaction and returns a verdict per message, in order.
///
/// An event that cannot be applied (amounts beyond what a column holds) is undone alone and set
/// aside as poison, never blocking the stream. Such events are rare, so the batch is first applied
/// straight through; only if one turns up is it applied again with a savepoint around each event,
/// sparing every ordinary batch two round trips per event on PostgreSQL.
pub async fn apply_batch(
    db: &mut Database,
    batch: &[Incoming<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Verdict>, ApplyError> {
    match apply_in_transaction(db, batch, now, Savepoints::None).await {
        Err(ApplyError::NeedsSavepoints) => {
            apply_in_transaction(db, batch, now, Savepoints::PerEvent).await
        }
        done => done,
    }
}

/// Whether each event gets a savepoint of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Savepoints {
    None,
    PerEvent,
}

/// One attempt at the batch; [`ApplyError::NeedsSavepoints`] (all rolled back) if an event could
/// not be applied and there were no savepoints to undo it alone.
async fn apply_in_transaction(
    db: &mut Database,
    batch: &[Incoming<'_>],
    now: DateTime<Utc>,
    savepoints: Savepoints,
) -> Result<Vec<Verdict>, ApplyError> {
    let stamp = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut tx = db.transaction().await?;
    let mut verdicts = Vec::with_capacity(batch.len());
    for message in batch {
        let verdict = match read(message) {
            Ok((envelope, event)) => {
                if savepoints == Savepoints::PerEvent {
                    tx.batch("SAVEPOINT event").await?;
                }
                match record(&mut tx, message, &envelope, &event, &stamp).await {
                    Ok(verdict) => {
                        if savepoints == Savepoints::PerEvent {
                            tx.batch("RELEASE SAVEPOINT event").await?;
                        }
                        verdict
                    }
                    Err(error) if error.is_unappliable() => {
                        if savepoints == Savepoints::None {
                            return Err(ApplyError::NeedsSavepoints);
                        }
                        tx.batch("ROLLBACK TO SAVEPOINT event; RELEASE SAVEPOINT event")
                            .await?;
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
            tx.execute(
                "INSERT INTO poison (stream_seq, subject, reason, excerpt, received_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    stream_seq(message),
                    message.subject.into(),
                    reason.into(),
                    excerpt.as_str().into(),
                    stamp.as_str().into(),
                ],
            )
            .await?;
        }
        verdicts.push(verdict);
    }
    filiale_failpoint::hit("hq.before_commit")?;
    tx.commit().await?;
    Ok(verdicts)
}

fn stream_seq(message: &Incoming<'_>) -> Value<'static> {
    message
        .stream_seq
        .and_then(|s| i64::try_from(s).ok())
        .into()
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

async fn record(
    tx: &mut Tx<'_>,
    message: &Incoming<'_>,
    envelope: &EventEnvelope,
    event: &DomainEvent,
    stamp: &str,
) -> Result<Verdict, DbError> {
    let event_id = envelope.event_id.to_string();
    let store = envelope.store_id.as_str();
    let inserted = tx
        .execute(
            "INSERT INTO inbox (store_id, store_seq, event_id, event_type, occurred_at, stream_seq, applied_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            &[
                store.into(),
                envelope.store_seq.into(),
                event_id.as_str().into(),
                envelope.event_type.as_str().into(),
                envelope.occurred_at.as_str().into(),
                stream_seq(message),
                stamp.into(),
            ],
        )
        .await?;
    if inserted == 0 {
        let known = tx
            .query_opt(
                "SELECT event_id FROM inbox WHERE store_id = $1 AND store_seq = $2",
                &[store.into(), envelope.store_seq.into()],
            )
            .await?
            .map(|row| row.text(0))
            .transpose()?;
        return Ok(match known {
            Some(id) if id != event_id => Verdict::Poison(format!(
                "store {} reused store_seq {} for another event ({} already applied)",
                envelope.store_id, envelope.store_seq, id
            )),
            _ => Verdict::Duplicate,
        });
    }
    project(tx, envelope, event).await?;
    Ok(Verdict::Applied)
}

/// Folds one new event into the projections.
async fn project(
    tx: &mut Tx<'_>,
    envelope: &EventEnvelope,
    event: &DomainEvent,
) -> Result<(), DbError> {
    let store = envelope.store_id.as_str();
    let seq = envelope.store_seq;
    let day = crate::business_day::of_timestamp(&envelope.occurred_at);
    match event {
        DomainEvent::SaleCompleted {
            total_cents, vat, ..
        } => add_takings(tx, store, &day, 1, total_cents.get(), vat, 1).await?,
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
            tx.execute(
                "INSERT INTO stock (store_id, sku, name, category, price_cents, vat_rate, article_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (store_id, sku) DO UPDATE SET name = excluded.name, category = excluded.category,
                     price_cents = excluded.price_cents, vat_rate = excluded.vat_rate, article_seq = excluded.article_seq
                 WHERE excluded.article_seq > stock.article_seq",
                &[
                    store.into(),
                    sku.into(),
                    name.into(),
                    category.into(),
                    price_cents.get().into(),
                    i64::from(vat_rate.percent()).into(),
                    seq.into(),
                ],
            )
            .await?;
        }
        DomainEvent::StockUpdated { sku, on_hand, .. } => {
            tx.execute(
                "INSERT INTO stock (store_id, sku, on_hand, stock_seq) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = excluded.on_hand, stock_seq = excluded.stock_seq
                 WHERE excluded.stock_seq > stock.stock_seq",
                &[store.into(), sku.into(), (*on_hand).into(), seq.into()],
            )
            .await?;
        }
        DomainEvent::LowStockDetected {
            sku,
            name,
            reorder_point,
            ..
        } => {
            tx.execute(
                "INSERT INTO stock (store_id, sku, name, reorder_point) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (store_id, sku) DO UPDATE SET reorder_point = excluded.reorder_point,
                     name = CASE WHEN stock.name = '' THEN excluded.name ELSE stock.name END",
                &[
                    store.into(),
                    sku.into(),
                    name.into(),
                    (*reorder_point).into(),
                ],
            )
            .await?;
        }
        DomainEvent::CustomerCreated {
            customer_no,
            name,
            customer_type,
            city,
        } => {
            tx.execute(
                "INSERT INTO customers (store_id, customer_no, name, customer_type, city, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                &[
                    store.into(),
                    customer_no.into(),
                    name.into(),
                    customer_type.into(),
                    city.as_deref().into(),
                    envelope.occurred_at.as_str().into(),
                ],
            )
            .await?;
        }
        DomainEvent::LeadStatusChanged {
            lead_id, name, to, ..
        } => {
            tx.execute(
                "INSERT INTO leads (store_id, lead_id, name, status, status_seq) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (store_id, lead_id) DO UPDATE SET name = excluded.name, status = excluded.status,
                     status_seq = excluded.status_seq
                 WHERE excluded.status_seq > leads.status_seq",
                &[
                    store.into(),
                    (*lead_id).into(),
                    name.into(),
                    to.into(),
                    seq.into(),
                ],
            )
            .await?;
        }
        DomainEvent::LeadConverted {
            lead_id,
            customer_no,
        } => {
            tx.execute(
                "INSERT INTO leads (store_id, lead_id, status, customer_no, status_seq) VALUES ($1, $2, 'converted', $3, $4)
                 ON CONFLICT (store_id, lead_id) DO UPDATE SET customer_no = excluded.customer_no,
                     status = CASE WHEN excluded.status_seq > leads.status_seq THEN 'converted' ELSE leads.status END,
                     status_seq = CASE WHEN excluded.status_seq > leads.status_seq
                                       THEN excluded.status_seq ELSE leads.status_seq END",
                &[
                    store.into(),
                    (*lead_id).into(),
                    customer_no.into(),
                    seq.into(),
                ],
            )
            .await?;
        }
        DomainEvent::AccountBalanceChanged {
            account,
            name,
            balance_cents,
            ..
        } => {
            tx.execute(
                "INSERT INTO account_balances (store_id, account, name, balance_cents, balance_seq)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (store_id, account) DO UPDATE SET name = excluded.name,
                     balance_cents = excluded.balance_cents, balance_seq = excluded.balance_seq
                 WHERE excluded.balance_seq > account_balances.balance_seq",
                &[
                    store.into(),
                    i64::from(*account).into(),
                    name.into(),
                    balance_cents.get().into(),
                    seq.into(),
                ],
            )
            .await?;
        }
        // A refund lowers the day's takings and revenue by what went back; the receipt count stays.
        DomainEvent::SaleRefunded {
            total_cents, vat, ..
        } => {
            add_takings(
                tx,
                store,
                &day,
                0,
                total_cents.get().saturating_neg(),
                vat,
                -1,
            )
            .await?
        }
        // Recorded in the inbox; head office keeps no projection of these yet.
        DomainEvent::JournalEntryPosted { .. }
        | DomainEvent::PurchaseOrderCreated { .. }
        | DomainEvent::GoodsReceived { .. }
        | DomainEvent::PurchaseOrderClosed { .. } => {}
        DomainEvent::TillOpened { .. }
        | DomainEvent::CashMovementRecorded { .. }
        | DomainEvent::TillClosed { .. } => {
            crate::closings::project(tx, store, &envelope.occurred_at, event).await?
        }
    }
    Ok(())
}

/// Adds a sale (`sign` 1) or takes back a refund (`sign` -1) in the day's takings and its revenue
/// per VAT rate; `receipts` is how many receipts it adds.
async fn add_takings(
    tx: &mut Tx<'_>,
    store: &str,
    day: &str,
    receipts: i64,
    total_cents: i64,
    vat: &[filiale_domain::events::VatLine],
    sign: i64,
) -> Result<(), DbError> {
    tx.execute(
        "INSERT INTO daily_sales (store_id, day, receipts, total_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id, day) DO UPDATE SET receipts = daily_sales.receipts + excluded.receipts,
             total_cents = daily_sales.total_cents + excluded.total_cents",
        &[
            store.into(),
            day.into(),
            receipts.into(),
            total_cents.into(),
        ],
    )
    .await?;
    for line in vat {
        tx.execute(
            "INSERT INTO daily_revenue (store_id, day, vat_rate, net_cents, vat_cents, gross_cents)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (store_id, day, vat_rate) DO UPDATE SET
                 net_cents = daily_revenue.net_cents + excluded.net_cents,
                 vat_cents = daily_revenue.vat_cents + excluded.vat_cents,
                 gross_cents = daily_revenue.gross_cents + excluded.gross_cents",
            &[
                store.into(),
                day.into(),
                i64::from(line.rate.percent()).into(),
                line.net_cents.get().saturating_mul(sign).into(),
                line.vat_cents.get().saturating_mul(sign).into(),
                line.gross_cents.get().saturating_mul(sign).into(),
            ],
        )
        .await?;
    }
    Ok(())
}
