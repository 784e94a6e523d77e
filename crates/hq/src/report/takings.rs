//! Takings over a span of business days — per day, per VAT rate, in total — read per store and
//! added up across stores, and their table.

use super::{DayTakings, Report, Takings, VatRevenue, euros};
use crate::db::{DbError, Row, Tx};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One store's takings from `from` to `to` (business days, inclusive).
pub(super) async fn takings(
    tx: &mut Tx<'_>,
    store_id: &str,
    from: &str,
    to: &str,
) -> Result<Takings, DbError> {
    let mut days: BTreeMap<String, DayTakings> = BTreeMap::new();
    let sales = tx
        .query(
            "SELECT day, receipts, total_cents FROM daily_sales
             WHERE store_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
            &[store_id.into(), from.into(), to.into()],
        )
        .await?;
    for row in &sales {
        let day = days.entry(row.text(0)?).or_default();
        day.receipts = row.int(1)?;
        day.sales_cents = row.int(2)?;
    }
    let revenue = tx
        .query(
            "SELECT day, vat_rate, net_cents, vat_cents, gross_cents FROM daily_revenue
             WHERE store_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, vat_rate DESC",
            &[store_id.into(), from.into(), to.into()],
        )
        .await?;
    for row in &revenue {
        days.entry(row.text(0)?)
            .or_default()
            .revenue
            .push(vat_revenue(row, 1)?);
    }
    let mut total = Takings::default();
    for (day, mut takings) in days {
        takings.day = day;
        total.add_day(takings);
    }
    Ok(total)
}

fn vat_revenue(row: &Row, first: usize) -> Result<VatRevenue, DbError> {
    Ok(VatRevenue {
        vat_rate: row.int(first)?,
        net_cents: row.int(first + 1)?,
        vat_cents: row.int(first + 2)?,
        gross_cents: row.int(first + 3)?,
    })
}

/// Adds `from` into `into`, rate by rate (highest rate first).
fn add_revenue(into: &mut Vec<VatRevenue>, from: &[VatRevenue]) {
    for line in from {
        match into.iter_mut().find(|l| l.vat_rate == line.vat_rate) {
            Some(sum) => {
                sum.net_cents = sum.net_cents.saturating_add(line.net_cents);
                sum.vat_cents = sum.vat_cents.saturating_add(line.vat_cents);
                sum.gross_cents = sum.gross_cents.saturating_add(line.gross_cents);
            }
            None => into.push(line.clone()),
        }
    }
    into.sort_by_key(|l| std::cmp::Reverse(l.vat_rate));
}

impl Takings {
    /// Adds one day's takings (merged with the same day if already there).
    fn add_day(&mut self, day: DayTakings) {
        self.receipts = self.receipts.saturating_add(day.receipts);
        self.sales_cents = self.sales_cents.saturating_add(day.sales_cents);
        add_revenue(&mut self.revenue, &day.revenue);
        match self.days.iter_mut().find(|d| d.day == day.day) {
            Some(same) => {
                same.receipts = same.receipts.saturating_add(day.receipts);
                same.sales_cents = same.sales_cents.saturating_add(day.sales_cents);
                add_revenue(&mut same.revenue, &day.revenue);
            }
            None => {
                self.days.push(day);
                self.days.sort_by(|a, b| a.day.cmp(&b.day));
            }
        }
    }

    /// Adds another store's takings.
    pub fn add(&mut self, other: &Takings) {
        for day in &other.days {
            self.add_day(day.clone());
        }
    }
}

/// The takings from `from` to `to` as a table: per store and day with its VAT rates, each store's
/// sum, and the same across all stores.
pub fn render_period(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSales from {} to {} (Berlin business days)",
        report.from, report.to
    );
    let _ = writeln!(
        out,
        "{:<16} {:<10} {:>8} {:>14} {:>5} {:>12} {:>12} {:>12}",
        "store", "day", "receipts", "sales €", "VAT", "net €", "VAT €", "gross €"
    );
    let mut takings_rows =
        |who: &str, label: &str, receipts: i64, sales: i64, revenue: &[VatRevenue]| {
            let _ = write!(
                out,
                "{:<16} {:<10} {:>8} {:>14}",
                who,
                label,
                receipts,
                euros(sales)
            );
            if revenue.is_empty() {
                let _ = writeln!(out);
            }
            for (i, line) in revenue.iter().enumerate() {
                if i > 0 {
                    let _ = write!(out, "{:<16} {:<10} {:>8} {:>14}", "", "", "", "");
                }
                let _ = writeln!(
                    out,
                    " {:>4}% {:>12} {:>12} {:>12}",
                    line.vat_rate,
                    euros(line.net_cents),
                    euros(line.vat_cents),
                    euros(line.gross_cents)
                );
            }
        };
    let mut each = |who: &str, takings: &Takings| {
        for day in &takings.days {
            takings_rows(who, &day.day, day.receipts, day.sales_cents, &day.revenue);
        }
        takings_rows(
            who,
            "total",
            takings.receipts,
            takings.sales_cents,
            &takings.revenue,
        );
    };
    for store in &report.stores {
        each(&store.store_id, &store.period);
    }
    each("all stores", &report.totals);
    out
}
