//! The stores' daily closings at head office: every `TillClosed` kept per store, till and Z
//! number, with the cash difference, and the differences summed per till for the report.

use filiale_domain::{Cents, DomainEvent};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::fmt::Write as _;

/// The closings table (created with the rest of the schema).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS till_closings (
    store_id          TEXT NOT NULL,
    till_id           TEXT NOT NULL,
    z_no              INTEGER NOT NULL,
    business_day      TEXT NOT NULL,
    closed_by         TEXT NOT NULL,
    receipts          INTEGER NOT NULL,
    turnover_cents    INTEGER NOT NULL,
    expected_cents    INTEGER NOT NULL,
    counted_cents     INTEGER NOT NULL,
    difference_cents  INTEGER NOT NULL,
    float_next_cents  INTEGER NOT NULL,
    closed_at         TEXT NOT NULL,
    PRIMARY KEY (store_id, till_id, z_no)
) STRICT, WITHOUT ROWID;";

/// Keeps a closing; other till events (openings, cash movements) have no projection yet.
pub fn project(
    tx: &Connection,
    store: &str,
    occurred_at: &str,
    event: &DomainEvent,
) -> rusqlite::Result<()> {
    if let DomainEvent::TillClosed {
        till_id,
        z_no,
        business_day,
        closed_by,
        figures,
        counted_cents,
        difference_cents,
        float_next_cents,
        ..
    } = event
    {
        tx.prepare_cached(
            "INSERT INTO till_closings (store_id, till_id, z_no, business_day, closed_by, receipts,
                 turnover_cents, expected_cents, counted_cents, difference_cents, float_next_cents,
                 closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            store,
            till_id,
            z_no,
            business_day,
            closed_by,
            figures.receipts,
            figures.turnover_cents.get(),
            figures.cash_expected_cents.get(),
            counted_cents.get(),
            difference_cents.get(),
            float_next_cents.get(),
            occurred_at
        ])?;
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
pub fn per_till(conn: &Connection, store_id: &str) -> rusqlite::Result<Vec<TillClosings>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.till_id, COUNT(*), MAX(c.z_no),
                (SELECT business_day FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                (SELECT turnover_cents FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                (SELECT difference_cents FROM till_closings l WHERE l.store_id = c.store_id
                    AND l.till_id = c.till_id ORDER BY z_no DESC LIMIT 1),
                SUM(c.difference_cents), SUM(c.difference_cents <> 0)
           FROM till_closings c WHERE c.store_id = ?1 GROUP BY c.till_id ORDER BY c.till_id",
    )?;
    let rows = stmt.query_map([store_id], |r| {
        Ok(TillClosings {
            till_id: r.get(0)?,
            closings: r.get(1)?,
            last_z_no: r.get(2)?,
            last_business_day: r.get(3)?,
            last_turnover_cents: r.get(4)?,
            last_difference_cents: r.get(5)?,
            difference_total_cents: r.get(6)?,
            closings_with_difference: r.get(7)?,
        })
    })?;
    rows.collect()
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
        }
    }

    #[test]
    fn differences_add_up_per_till_and_a_redelivered_closing_counts_once() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        for (till, z, diff) in [("kasse-1", 1, -150), ("kasse-1", 2, 50), ("kasse-2", 1, 0)] {
            project(
                &conn,
                "s",
                "2026-03-11T18:00:00.000Z",
                &closed(till, z, diff),
            )
            .unwrap();
        }
        project(
            &conn,
            "s",
            "2026-03-11T18:00:00.000Z",
            &closed("kasse-1", 2, 50),
        )
        .unwrap();
        let tills = per_till(&conn, "s").unwrap();
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
