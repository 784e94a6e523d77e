//! The store at a glance: what the start page and `filiale status` show.

use super::BackOffice;
use super::UseCaseError;
use super::till_session::business_day;
use crate::dto::{OpenTill, StoreOverview};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use filiale_store::{articles, customers, outbox, sales, till_sessions};

impl BackOffice<'_> {
    pub fn overview(&self) -> Result<StoreOverview, UseCaseError> {
        let now = self.app.now();
        let today = business_day(now);
        let (from, to) = berlin_day_in_utc(now);
        Ok(self.app.store.read(|c| {
            let (sales_today, revenue) = sales::day_summary(c, &from, &to)?;
            let open_tills = till_sessions::open_sessions(c)?
                .into_iter()
                .map(|s| OpenTill {
                    from_earlier_day: s.business_day < today,
                    till_id: s.till_id,
                    session_no: s.session_no,
                    business_day: s.business_day,
                    cashier: s.cashier,
                    opened_at: s.opened_at,
                })
                .collect();
            Ok(StoreOverview {
                store_id: self.app.config.store.store_id.clone(),
                store_name: self.app.config.store.store_name.clone(),
                articles: articles::count(c)?,
                customers: customers::count(c)?,
                low_stock: articles::low_stock(c)?.len(),
                sales_today,
                revenue_today_cents: revenue.get(),
                outbox: outbox::status(c)?,
                business_day: today.clone(),
                open_tills,
            })
        })?)
    }
}

/// The Europe/Berlin business day of `now` as a UTC range `[from, to)` in the stored format.
fn berlin_day_in_utc(now: DateTime<Utc>) -> (String, String) {
    let day = now.with_timezone(&Berlin).date_naive();
    let start = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        // Midnight exists in Berlin on every day (clocks change at 02:00 and 03:00).
        Berlin
            .from_local_datetime(&midnight)
            .earliest()
            .map_or(midnight.and_utc(), |t| t.with_timezone(&Utc))
            .to_rfc3339()
    };
    (start(day), start(day.succ_opt().unwrap_or(day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_business_day_runs_from_berlin_midnight_to_berlin_midnight() {
        // 23:30 UTC on 6 December is already 7 December in Berlin (CET, UTC+1).
        let late = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap();
        assert_eq!(
            berlin_day_in_utc(late),
            (
                "2026-12-06T23:00:00+00:00".to_owned(),
                "2026-12-07T23:00:00+00:00".to_owned()
            )
        );
        // Summer time (CEST, UTC+2), and the day the clocks go forward has 23 hours.
        let spring = Utc.with_ymd_and_hms(2026, 3, 29, 12, 0, 0).unwrap();
        assert_eq!(
            berlin_day_in_utc(spring),
            (
                "2026-03-28T23:00:00+00:00".to_owned(),
                "2026-03-29T22:00:00+00:00".to_owned()
            )
        );
    }
}
