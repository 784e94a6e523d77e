//! The replay simulator on synthetic garden-centre data: Filiale's weekly proposals, approved as
//! proposed, serve the year's demand better than a daily min/max rule with less stock.

use chrono::NaiveDate;
use filiale_workflow::simulate::{self, ReplayConfig};

#[test]
fn proposals_keep_service_at_95_percent_with_less_stock_than_min_max() {
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let input = simulate::synthetic_input(42, start, 365, 9);
    let report = simulate::replay(&input, &ReplayConfig::default()).unwrap();
    assert_eq!(report.days, 365);
    assert_eq!(
        report.filiale.demand_units, report.naive.demand_units,
        "same demand for both"
    );
    assert!(report.filiale.demand_units > 10_000, "{report:?}");
    assert!(report.filiale.service_level >= 0.95, "{report:?}");
    assert!(
        report.filiale.average_stock_value_cents < report.naive.average_stock_value_cents,
        "{report:?}"
    );
}
