//! How values are written into the CSV tables: numbers with a decimal point and the column's
//! fixed count of decimals, no digit grouping; local times as ISO 8601 `YYYY-MM-DDThh:mm:ss`;
//! business days as `YYYY-MM-DD`; TSE log times as ISO 8601 UTC with milliseconds.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use filiale_domain::Cents;

/// The decimal symbol index.xml declares and the numbers use.
pub const DECIMAL_SYMBOL: char = '.';
/// The digit grouping symbol index.xml declares (numbers are never grouped).
pub const DIGIT_GROUPING_SYMBOL: char = ',';

/// An integer scaled by `10^scale` written with exactly `decimals` decimals (`decimals >= scale`).
fn scaled(value: i64, scale: u32, decimals: u8) -> String {
    let divisor = 10_i128.pow(scale);
    let magnitude = i128::from(value).unsigned_abs();
    let whole = magnitude / divisor.unsigned_abs();
    let sign = if value < 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = magnitude % divisor.unsigned_abs();
    let padding = usize::from(decimals).saturating_sub(scale as usize);
    format!(
        "{sign}{whole}{DECIMAL_SYMBOL}{fraction:0width$}{zeros}",
        width = scale as usize,
        zeros = "0".repeat(padding)
    )
}

/// Cents with 2 or 5 decimals: `12.34`, `-0.50`, `12.34000`.
pub fn money(amount: Cents, decimals: u8) -> String {
    debug_assert!(decimals >= 2);
    scaled(amount.get(), 2, decimals)
}

/// Thousandths with 3 decimals: `2.000`, `0.250`.
pub fn quantity(thousandths: i64) -> String {
    scaled(thousandths, 3, 3)
}

/// Hundredths of a percent with 2 decimals: `19.00`, `10.70`.
pub fn percent(hundredths: u32) -> String {
    scaled(i64::from(hundredths), 2, 2)
}

/// A whole number: `0`, `42`.
pub fn integer(value: impl Into<i128>) -> String {
    value.into().to_string()
}

/// A flag as the spec writes it: `1` or `0`.
pub fn flag(value: bool) -> String {
    if value { "1" } else { "0" }.to_owned()
}

/// Local wall-clock time: `2026-12-04T18:05:09`.
pub fn local_time(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A day: `2026-12-04`.
pub fn day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A TSE log time: `2026-12-04T17:05:09.000Z`.
pub fn utc_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_a_decimal_point_and_the_columns_decimals() {
        assert_eq!(money(Cents::new(1234), 2), "12.34");
        assert_eq!(money(Cents::new(1234), 5), "12.34000");
        assert_eq!(money(Cents::new(5), 2), "0.05");
        assert_eq!(money(Cents::new(-50), 2), "-0.50");
        assert_eq!(money(Cents::new(-1), 5), "-0.01000");
        assert_eq!(money(Cents::ZERO, 2), "0.00");
        assert_eq!(money(Cents::new(123_456_789), 2), "1234567.89");
    }

    #[test]
    fn quantities_and_rates_are_exact() {
        assert_eq!(quantity(2000), "2.000");
        assert_eq!(quantity(250), "0.250");
        assert_eq!(quantity(-1000), "-1.000");
        assert_eq!(percent(1900), "19.00");
        assert_eq!(percent(1070), "10.70");
        assert_eq!(percent(550), "5.50");
        assert_eq!(percent(0), "0.00");
        assert_eq!(integer(42_u64), "42");
        assert_eq!(flag(true), "1");
        assert_eq!(flag(false), "0");
    }

    #[test]
    fn times_are_iso_8601() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(8, 5, 9)
            .unwrap();
        assert_eq!(local_time(at), "2026-12-04T08:05:09");
        assert_eq!(day(at.date()), "2026-12-04");
        assert_eq!(utc_time(at.and_utc()), "2026-12-04T08:05:09.000Z");
    }
}
