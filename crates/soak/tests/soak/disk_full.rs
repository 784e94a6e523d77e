//! One full-disk cycle on a real small file system (or SQLite's page cap where mounting is not
//! allowed), and one with the page cap: refused whole, and the same process sells again.

use filiale_soak::disk_full::{DiskFull, run};

#[test]
fn a_sale_on_a_full_disk_is_refused_whole_and_the_same_process_sells_once_space_is_free() {
    let report = run(&DiskFull {
        cycles: 1,
        size_mib: 8,
        page_cap_only: false,
    })
    .unwrap();
    crate::assert_passed(&report);
    assert_eq!(report.number("sales refused (disk full)"), Some(1));
    assert_eq!(report.number("sales lost"), Some(0));
    assert_eq!(
        report.number("sales in the store"),
        report.number("sales confirmed"),
        "the refused sale left nothing behind"
    );
}

#[test]
fn a_database_that_may_not_grow_refuses_a_sale_whole_and_recovers() {
    let report = run(&DiskFull {
        cycles: 1,
        size_mib: 8,
        page_cap_only: true,
    })
    .unwrap();
    crate::assert_passed(&report);
    assert_eq!(report.number("sales refused (disk full)"), Some(1));
}
