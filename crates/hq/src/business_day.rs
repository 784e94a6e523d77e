//! The business day of an event: stores are German, so a day runs midnight to midnight Berlin time
//! (a sale at 00:30 on a summer night belongs to that day, not to the UTC day before).

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;

/// The calendar day, `YYYY-MM-DD` in Europe/Berlin, of an instant.
pub fn of_instant(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Berlin)
        .format("%Y-%m-%d")
        .to_string()
}

/// The business day of an envelope's RFC 3339 `occurred_at`; the text's own date if it cannot be
/// read (head office never drops an event over its time stamp).
pub fn of_timestamp(occurred_at: &str) -> String {
    DateTime::parse_from_rfc3339(occurred_at)
        .map(|t| of_instant(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| occurred_at.get(..10).unwrap_or("").to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_already_the_next_day_in_berlin() {
        // Winter (UTC+1) and summer (UTC+2).
        assert_eq!(of_timestamp("2026-11-26T23:30:00Z"), "2026-11-27");
        assert_eq!(of_timestamp("2026-07-01T22:15:00Z"), "2026-07-02");
        assert_eq!(of_timestamp("2026-07-01T21:59:59Z"), "2026-07-01");
        assert_eq!(of_timestamp("2026-11-26T10:00:00+01:00"), "2026-11-26");
    }

    #[test]
    fn an_unreadable_time_stamp_keeps_its_written_date() {
        assert_eq!(of_timestamp("2026-11-26 garbage"), "2026-11-26");
        assert_eq!(of_timestamp(""), "");
    }
}
