//! The stores' daily closings at head office: every `TillClosed` kept per store, till and Z
//! number, with the cash difference (and the TSE's first and last signature counter in
//! `till_closing_tse`), and the differences summed per till for the report. The
//! table `till_closings` is in both schemas (`schema.sql`, `schema_postgres.sql`).

use crate::db::{DbError, Tx};
use filiale_domain::{Cents, DomainEvent};
use serde::Serialize;
use std::fmt::Write as _;

/// Keeps a closing; other till events (openings, cash movements) have no projection yet.
pub async fn project(
    tx: &mut Tx<'_>,
    store: &str,
    occurred_at: &str,
    event: &DomainEvent,
) -> Result<(), DbError> {
    if let DomainEvent::TillClosed {
        till_id,
        z_no,
        business_day,
        closed_by,
        figures,
        counted_cents,
        difference_cents,
        float_next_cents,
        tse_first_signature_counter,
        tse_last_signature_counter,
        ..
    } = event
    {
        if let (Some(first), Some(last)) = (tse_first_signature_counter, tse_last_signature_counter)
        {
            let counter = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            tx.execute(
                "INSERT INTO till_closing_tse (store_id, till_id, z_no, first_signature_counter,
                     last_signature_counter)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (store_id, till_id, z_no) DO NOTHING",
                &[
                    store.into(),
                    till_id.into(),
                    (*z_no).into(),
                    counter(*first).into(),
                    counter(*last).into(),
                ],
            )
            .await?;
        }
        tx.execute(
            "INSERT INTO till_closings (store_id, till_id, z_no, business_day, closed_by, receipts,
                 turnover_cents, expected_cents, counted_cents, difference_cents, float_next_cents,
                 closed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (store_id, till_id, z_no) DO NOTHING",
            &[
                store.into(),
                till_id.into(),
                (*z_no).into(),
                business_day.into(),
                closed_by.into(),
                figures.receipts.into(),
                figures.turnover_cents.get().into(),
                figures.cash_expected_cents.get().into(),
                counted_cents.get().into(),
                difference_cents.get().into(),
                float_next_cents.get().into(),
                occurred_at.into(),
            ],
        )
        .await?;
    }
    Ok(())
}

/// One till's closings at a store: how many, the last, and the differences summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TillClosings {
    pub till_id: String,
    pub closings: i64,
    pub last_z_no: i64,
    pub last_business_day: String,
    pub last_turnover_cents: i64,
    pub last_difference_cents: i64,
    /// Sum of all differences (positive over, negative short).
    pub difference_total_cents: i64,
    /// Closings whose drawer did not match.
    pub closings_with_difference: i64,
}

/// The closings of `store_id` per till.
pub async fn per_till(tx: &mut Tx<'_>, store_id: &str) -> Result<Vec<TillClosings>, DbError> {
    let rows = tx
        .query(
            "SELECT c.till_id, COUNT(*), MAX(c.z_no),
                (SELECT business_day FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                (SELECT turnover_cents FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                (SELECT difference_cents FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                CAST(SUM(c.difference_cents) AS BIGINT),
                CAST(SUM(CASE WHEN c.difference_cents <> 0 THEN 1 ELSE 0 END) AS BIGINT)
               FROM till_closings c WHERE c.store_id = $1 GROUP BY c.store_id, c.till_id
               ORDER BY c.till_id",
            &[store_id.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TillClosings {
                till_id: r.text(0)?,
                closings: r.int(1)?,
                last_z_no: r.int(2)?,
                last_business_day: r.text(3)?,
                last_turnover_cents: r.int(4)?,
                last_difference_cents: r.int(5)?,
                difference_total_cents: r.int(6)?,
                closings_with_difference: r.int(7)?,
            })
        })
        .collect()
}

/// The closings section of the text report for one store.
pub fn render(out: &mut String, store_id: &str, tills: &[TillClosings]) {
    if tills.is_empty() {
        return;
    }
    let euros = |c: i64| Cents::new(c).to_german();
    let _ = writeln!(out, "\n{store_id}: till closings (Z) and cash differences");
    let _ = writeln!(
        out,
        "  {:<10} {:>5} {:>6} {:<10} {:>12} {:>10} {:>12} {:>6}",
        "till", "Z", "count", "last day", "turnover €", "diff €", "diff sum €", "off"
    );
    for t in tills {
        let _ = writeln!(
            out,
            "  {:<10} {:>5} {:>6} {:<10} {:>12} {:>10} {:>12} {:>6}",
            t.till_id,
            t.last_z_no,
            t.closings,
            t.last_business_day,
            euros(t.last_turnover_cents),
            euros(t.last_difference_cents),
            euros(t.difference_total_cents),
            t.closings_with_difference
        );
    }
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // euros_cents: 100_00 is 100,00 €
mod tests {
    use super::*;
    use filiale_domain::TillFigures;

    fn closed(till: &str, z_no: i64, difference: i64) -> DomainEvent {
        DomainEvent::TillClosed {
            till_id: till.into(),
            session_no: z_no,
            z_no,
            business_day: format!("2026-03-{:02}", 10 + z_no),
            closed_by: "Kasse".into(),
            figures: TillFigures::compute(Cents::new(100_00), &[], &[], &[]),
            counted_cents: Cents::new(100_00 + difference),
            difference_cents: Cents::new(difference),
            float_next_cents: Cents::ZERO,
            tse_first_signature_counter: Some(10 * z_no as u64 + 1),
            tse_last_signature_counter: Some(10 * z_no as u64 + 9),
        }
    }

    #[tokio::test]
    async fn differences_add_up_per_till_and_a_redelivered_closing_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = crate::db::Database::open_sqlite(&dir.path().join("hq.sqlite")).unwrap();
        let mut tx = db.transaction().await.unwrap();
        for (till, z, diff) in [
            ("kasse-1", 1, -150),
            ("kasse-1", 2, 50),
            ("kasse-2", 1, 0),
            ("kasse-1", 2, 50),
        ] {
            project(
                &mut tx,
                "s",
                "2026-03-11T18:00:00.000Z",
                &closed(till, z, diff),
            )
            .await
            .unwrap();
        }
        let tills = per_till(&mut tx, "s").await.unwrap();
        assert_eq!(tills.len(), 2);
        assert_eq!(
            (
                tills[0].closings,
                tills[0].last_z_no,
                tills[0].difference_total_cents
            ),
            (2, 2, -100)
        );
        assert_eq!(tills[0].last_difference_cents, 50);
        assert_eq!(tills[0].closings_with_difference, 2);
        assert_eq!(tills[1].closings_with_difference, 0);
        let mut out = String::new();
        render(&mut out, "s", &tills);
        assert!(out.contains("kasse-1") && out.contains("-1,00"), "{out}");
    }
}
