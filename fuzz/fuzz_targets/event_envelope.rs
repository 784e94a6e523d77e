//! Fuzzes the event envelope a store's relay publishes and head office decodes.
//!
//! Three parts, chosen by the input: domain events as a store makes them (amounts within the
//! domain's limit) are put in envelopes, sent through JSON and applied at head office — the event
//! read back must equal the one sent, and applying it must work, once (a second delivery is a
//! duplicate); well-formed envelopes with any amounts, and arbitrary bytes on an arbitrary subject,
//! are applied as they come off the stream — they may be poison, but never fail the batch (the
//! consumer would retry it for ever), and poison changes none of head office's figures.

#![no_main]

use arbitrary::Arbitrary;
use chrono::{DateTime, Utc};
use filiale_domain::events::{OrderedLine, PostedLine, SoldLine, VatLine};
use filiale_domain::money::MAX_AMOUNT;
use filiale_domain::{Cents, DomainEvent, EventEnvelope, MovementKind, VatRate};
use filiale_hq::apply::{Incoming, Verdict};
use filiale_hq::db::{Cell, Database, DbError};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

#[derive(Debug, Arbitrary)]
enum Input {
    /// Events a store really sends, one batch, store_seq counting up from `first_seq`.
    Sent {
        store_id: String,
        first_seq: i64,
        events: Vec<(Event, i64, [u8; 16])>,
    },
    /// Well-formed envelopes whose amounts may be anything.
    Forged {
        store_id: String,
        first_seq: i64,
        events: Vec<(Event, i64, [u8; 16])>,
    },
    /// What anyone with publish rights could put on the stream.
    Raw { messages: Vec<(String, Vec<u8>)> },
}

fuzz_target!(|input: Input| {
    match input {
        Input::Sent {
            store_id,
            first_seq,
            events,
        } => sent(&store_id, first_seq, &events),
        Input::Forged {
            store_id,
            first_seq,
            events,
        } => forged(&store_id, first_seq, &events),
        Input::Raw { messages } => raw(&messages),
    }
});

fn head_office() -> Database {
    Database::open_sqlite(std::path::Path::new(":memory:")).expect("in-memory head office")
}

/// Head office's code is async (it may wait on PostgreSQL); here it runs on a runtime of its own.
fn block_on<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(work)
}

fn apply_batch(
    db: &mut Database,
    batch: &[Incoming<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Verdict>, filiale_hq::apply::ApplyError> {
    block_on(filiale_hq::apply::apply_batch(db, batch, now))
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("a fixed instant")
}

/// Envelopes of `events` with store_seq counting up from `first_seq`, and their JSON.
fn envelopes(
    store_id: &str,
    first_seq: i64,
    events: &[(Event, i64, [u8; 16])],
    amounts: fn(i64) -> Cents,
) -> Option<(Vec<EventEnvelope>, Vec<Vec<u8>>)> {
    let mut envelopes = Vec::new();
    let mut payloads = Vec::new();
    for (i, (event, at, id)) in events.iter().enumerate() {
        let event = event.to_domain(amounts);
        let occurred_at = DateTime::from_timestamp(at.rem_euclid(400 * 366 * 86_400), 0)
            .expect("within chrono's range");
        let seq = first_seq.checked_add(i as i64)?;
        let envelope =
            EventEnvelope::new(Uuid::from_bytes(*id), store_id, seq, occurred_at, &event);
        assert_eq!(envelope.event_type, event.event_type());
        assert_eq!(envelope.domain, event.domain());
        let json = serde_json::to_vec(&envelope).expect("an envelope serialises");
        let back: EventEnvelope = serde_json::from_slice(&json)
            .unwrap_or_else(|e| panic!("envelope does not parse back: {e}"));
        assert_eq!(back, envelope);
        let decoded = back
            .decode()
            .unwrap_or_else(|e| panic!("{} does not decode: {e}", String::from_utf8_lossy(&json)));
        assert_eq!(decoded, event);
        envelopes.push(envelope);
        payloads.push(json);
    }
    Some((envelopes, payloads))
}

/// A store's amounts never exceed the domain's limit (ten million euros).
fn in_range(cents: i64) -> Cents {
    Cents::new(cents % (MAX_AMOUNT.get() + 1))
}

fn sent(store_id: &str, first_seq: i64, events: &[(Event, i64, [u8; 16])]) {
    let Some((envelopes, payloads)) = envelopes(store_id, first_seq, events, in_range) else {
        return;
    };
    let subjects: Vec<String> = envelopes.iter().map(EventEnvelope::subject).collect();
    let batch: Vec<Incoming<'_>> = payloads
        .iter()
        .zip(&subjects)
        .enumerate()
        .map(|(i, (payload, subject))| Incoming {
            subject,
            payload,
            stream_seq: Some(i as u64 + 1),
        })
        .collect();
    let mut db = head_office();
    let first = apply_batch(&mut db, &batch, now())
        .unwrap_or_else(|e| panic!("a store's own events fail the batch: {e}"));
    for (verdict, envelope) in first.iter().zip(&envelopes) {
        let expected = if envelope.store_seq >= 1 {
            Verdict::Applied
        } else {
            Verdict::Poison(format!("store_seq {} is not positive", envelope.store_seq))
        };
        assert_eq!(verdict, &expected, "{envelope:?}");
    }
    let figures = figures(&mut db);
    let again = apply_batch(&mut db, &batch, now())
        .unwrap_or_else(|e| panic!("redelivery fails the batch: {e}"));
    for (verdict, envelope) in again.iter().zip(&envelopes) {
        if envelope.store_seq >= 1 {
            assert_eq!(verdict, &Verdict::Duplicate, "redelivered {envelope:?}");
        }
    }
    assert_eq!(
        figures,
        self::figures(&mut db),
        "redelivery changed head office's figures"
    );
}

fn forged(store_id: &str, first_seq: i64, events: &[(Event, i64, [u8; 16])]) {
    let Some((envelopes, payloads)) = envelopes(store_id, first_seq, events, Cents::new) else {
        return;
    };
    let messages: Vec<(String, Vec<u8>)> = envelopes
        .iter()
        .map(EventEnvelope::subject)
        .zip(payloads)
        .collect();
    raw(&messages);
}

fn raw(messages: &[(String, Vec<u8>)]) {
    let mut db = head_office();
    let batch: Vec<Incoming<'_>> = messages
        .iter()
        .map(|(subject, payload)| Incoming {
            subject,
            payload,
            stream_seq: None,
        })
        .collect();
    // Only poison: then nothing but the poison table may change.
    let before = figures(&mut db);
    let verdicts = apply_batch(&mut db, &batch, now())
        .unwrap_or_else(|e| panic!("messages off the stream fail the batch: {e}"));
    assert_eq!(verdicts.len(), batch.len());
    if verdicts.iter().all(|v| matches!(v, Verdict::Poison(_))) {
        assert_eq!(
            before,
            figures(&mut db),
            "poison changed head office's figures"
        );
    }
}

/// Everything head office knows besides its poison table, as text.
fn figures(db: &mut Database) -> Vec<String> {
    block_on(async {
        let mut all = Vec::new();
        let mut tx = db.snapshot().await?;
        for table in [
            "inbox",
            "daily_revenue",
            "daily_sales",
            "stock",
            "customers",
            "leads",
            "account_balances",
        ] {
            for row in tx
                .query(&format!("SELECT * FROM {table} ORDER BY 1, 2"), &[])
                .await?
            {
                let mut line = String::from(table);
                for cell in &row.0 {
                    match cell {
                        Cell::Null => line.push_str(" NULL"),
                        Cell::Int(i) => line.push_str(&format!(" {i}")),
                        Cell::Text(t) => line.push_str(&format!(" {t:?}")),
                    }
                }
                all.push(line);
            }
        }
        Ok::<_, DbError>(all)
    })
    .expect("reading the projections")
}

/// A [`DomainEvent`] with every field left to the fuzzer.
#[derive(Debug, Clone, Arbitrary)]
enum Event {
    ArticleCreated {
        sku: String,
        ean: Option<String>,
        name: String,
        category: String,
        unit: String,
        price_cents: i64,
        vat_rate: Rate,
        supplier: Option<String>,
    },
    ArticleUpdated {
        sku: String,
        name: String,
        category: String,
        price_cents: i64,
        vat_rate: Rate,
    },
    StockUpdated {
        sku: String,
        movement: Movement,
        delta: i64,
        on_hand: i64,
        reference: Option<String>,
    },
    LowStockDetected {
        sku: String,
        name: String,
        on_hand: i64,
        reorder_point: i64,
        supplier: Option<String>,
    },
    SaleCompleted {
        receipt_no: i64,
        total_cents: i64,
        method: String,
        change_cents: i64,
        customer_no: Option<String>,
        lines: Vec<(String, i64, i64, i64, i64, Rate)>,
        vat: Vec<(Rate, i64, i64, i64)>,
    },
    CustomerCreated {
        customer_no: String,
        name: String,
        customer_type: String,
        city: Option<String>,
    },
    LeadStatusChanged {
        lead_id: i64,
        name: String,
        from: String,
        to: String,
    },
    LeadConverted {
        lead_id: i64,
        customer_no: String,
    },
    JournalEntryPosted {
        entry_id: i64,
        text: String,
        reference: String,
        lines: Vec<(u32, i64, i64)>,
    },
    AccountBalanceChanged {
        account: u32,
        name: String,
        delta_cents: i64,
        balance_cents: i64,
    },
    PurchaseOrderCreated {
        order_no: String,
        supplier: String,
        total_cents: i64,
        lines: Vec<(String, i64, i64)>,
    },
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Rate {
    Zero,
    Reduced,
    Standard,
}

impl From<Rate> for VatRate {
    fn from(rate: Rate) -> VatRate {
        match rate {
            Rate::Zero => VatRate::Zero,
            Rate::Reduced => VatRate::Reduced,
            Rate::Standard => VatRate::Standard,
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Movement {
    Receipt,
    Sale,
    Adjustment,
}

impl From<Movement> for MovementKind {
    fn from(movement: Movement) -> MovementKind {
        match movement {
            Movement::Receipt => MovementKind::Receipt,
            Movement::Sale => MovementKind::Sale,
            Movement::Adjustment => MovementKind::Adjustment,
        }
    }
}

impl Event {
    fn to_domain(&self, amounts: fn(i64) -> Cents) -> DomainEvent {
        let c = |v: &i64| amounts(*v);
        match self.clone() {
            Event::ArticleCreated {
                sku,
                ean,
                name,
                category,
                unit,
                price_cents,
                vat_rate,
                supplier,
            } => DomainEvent::ArticleCreated {
                sku,
                ean,
                name,
                category,
                unit,
                price_cents: c(&price_cents),
                vat_rate: vat_rate.into(),
                supplier,
            },
            Event::ArticleUpdated {
                sku,
                name,
                category,
                price_cents,
                vat_rate,
            } => DomainEvent::ArticleUpdated {
                sku,
                name,
                category,
                price_cents: c(&price_cents),
                vat_rate: vat_rate.into(),
            },
            Event::StockUpdated {
                sku,
                movement,
                delta,
                on_hand,
                reference,
            } => DomainEvent::StockUpdated {
                sku,
                movement: movement.into(),
                delta,
                on_hand,
                reference,
            },
            Event::LowStockDetected {
                sku,
                name,
                on_hand,
                reorder_point,
                supplier,
            } => DomainEvent::LowStockDetected {
                sku,
                name,
                on_hand,
                reorder_point,
                supplier,
            },
            Event::SaleCompleted {
                receipt_no,
                total_cents,
                method,
                change_cents,
                customer_no,
                lines,
                vat,
            } => DomainEvent::SaleCompleted {
                receipt_no,
                total_cents: c(&total_cents),
                method,
                change_cents: c(&change_cents),
                customer_no,
                lines: lines
                    .into_iter()
                    .map(|(sku, quantity, unit, discount, total, rate)| SoldLine {
                        sku,
                        quantity,
                        unit_price_cents: c(&unit),
                        discount_cents: c(&discount),
                        line_total_cents: c(&total),
                        vat_rate: rate.into(),
                    })
                    .collect(),
                vat: vat
                    .into_iter()
                    .map(|(rate, net, vat, gross)| VatLine {
                        rate: rate.into(),
                        net_cents: c(&net),
                        vat_cents: c(&vat),
                        gross_cents: c(&gross),
                    })
                    .collect(),
            },
            Event::CustomerCreated {
                customer_no,
                name,
                customer_type,
                city,
            } => DomainEvent::CustomerCreated {
                customer_no,
                name,
                customer_type,
                city,
            },
            Event::LeadStatusChanged {
                lead_id,
                name,
                from,
                to,
            } => DomainEvent::LeadStatusChanged {
                lead_id,
                name,
                from,
                to,
            },
            Event::LeadConverted {
                lead_id,
                customer_no,
            } => DomainEvent::LeadConverted {
                lead_id,
                customer_no,
            },
            Event::JournalEntryPosted {
                entry_id,
                text,
                reference,
                lines,
            } => DomainEvent::JournalEntryPosted {
                entry_id,
                text,
                reference,
                lines: lines
                    .into_iter()
                    .map(|(account, debit, credit)| PostedLine {
                        account,
                        debit_cents: c(&debit),
                        credit_cents: c(&credit),
                    })
                    .collect(),
            },
            Event::AccountBalanceChanged {
                account,
                name,
                delta_cents,
                balance_cents,
            } => DomainEvent::AccountBalanceChanged {
                account,
                name,
                delta_cents: c(&delta_cents),
                balance_cents: c(&balance_cents),
            },
            Event::PurchaseOrderCreated {
                order_no,
                supplier,
                total_cents,
                lines,
            } => DomainEvent::PurchaseOrderCreated {
                order_no,
                supplier,
                total_cents: c(&total_cents),
                lines: lines
                    .into_iter()
                    .map(|(sku, quantity, cost)| OrderedLine {
                        sku,
                        quantity,
                        unit_cost_cents: c(&cost),
                    })
                    .collect(),
            },
        }
    }
}
