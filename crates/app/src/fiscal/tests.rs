//! The till's signing on real store files and a real software TSE: signed sales with their
//! receipt fields, an outage switched on and off mid-day, and the alarm when the TSE's state is
//! restored from an old copy (its counter goes backwards).

use crate::{App, Config};
use filiale_domain::{Cart, Tender};
use filiale_store::tse::{self, TseRecordKind};

fn store_with_articles(dir: &std::path::Path) -> App {
    let mut store = crate::config::StoreConfig {
        store_id: "test".into(),
        store_name: "Gartencenter Test".into(),
        address: "Auenweg 7, 53111 Bonn".into(),
        ..Default::default()
    };
    store.till.id = "kasse-1".into();
    let app = App::open(Config::new(dir, store)).unwrap();
    app.back_office()
        .import_articles(
            b"sku;name;price;vat_rate;stock\nA-1;Rechen;9,99;19;50\nA-2;Saatgut;2,49;7;90\n",
        )
        .unwrap();
    app.till_sessions().open_for_script().unwrap();
    app
}

fn cart(app: &App) -> Cart {
    app.till()
        .build_cart(&[
            crate::dto::SaleLineInput {
                code: "A-1".into(),
                quantity: 1,
            },
            crate::dto::SaleLineInput {
                code: "A-2".into(),
                quantity: 2,
            },
        ])
        .unwrap()
}

#[test]
fn a_sale_is_signed_and_its_receipt_carries_what_the_law_asks() {
    let dir = tempfile::tempdir().unwrap();
    let app = store_with_articles(dir.path());
    let sale = app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    let printed = app.printed_receipt(sale.receipt_no).unwrap();
    assert_eq!(printed.tse.status, "signed");
    assert_eq!(printed.store_name, "Gartencenter Test");
    assert_eq!(printed.vat.len(), 2);
    assert!(!printed.tse.certified);
    let qr = printed.tse.qr_code.clone().unwrap();
    let fields: Vec<&str> = qr.split(';').collect();
    assert_eq!(fields.len(), 12, "{qr}");
    assert_eq!(fields[0], "V0");
    assert_eq!(fields[1], "kasse-1");
    assert_eq!(fields[2], "Kassenbeleg-V1");
    assert_eq!(fields[3], "Beleg^9.99_4.98_0.00_0.00_0.00^14.97:Unbar");
    assert!(printed.qr_svg.unwrap().contains("<svg"));
    let text = printed.text.join("\n");
    assert!(text.contains("nicht zertifiziert"), "{text}");
    assert!(text.contains("Auenweg 7, 53111 Bonn"), "{text}");

    // The software TSE's folder is owner-only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("tse"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

#[test]
fn an_outage_completes_the_sale_unsigned_and_ends_when_the_tse_answers_again() {
    let dir = tempfile::tempdir().unwrap();
    let app = store_with_articles(dir.path());
    app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    let switch = app.tse().switch();
    switch.fail_all();
    let down = app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    let printed = app.printed_receipt(down.receipt_no).unwrap();
    assert_eq!(printed.tse.status, "outage");
    assert!(printed.text.join("\n").contains("TSE ausgefallen"));
    assert!(printed.qr_svg.is_none());
    assert!(app.retry_tse(false).unwrap().is_empty(), "still down");

    switch.recover();
    let ended = app.retry_tse(false).unwrap();
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].business_cases, 1);
    let up = app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    assert_eq!(
        app.printed_receipt(up.receipt_no).unwrap().tse.status,
        "signed"
    );
    let status = app.tse_status().unwrap();
    assert_eq!(status.unsigned_business_cases, 1);
    assert_eq!(status.signed_business_cases, 3, "the opening and two sales");
    assert!(status.outages[0].ended_at.is_some());
}

#[test]
fn a_tse_restored_from_an_old_copy_is_an_alarm_and_the_sale_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let app = store_with_articles(dir.path());
    app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    app.tse().release();
    let copy = dir.path().join("tse-copy");
    copy_dir(&dir.path().join("tse"), &copy);
    app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    app.till().sell(&cart(&app), Tender::Card, None).unwrap();
    app.tse().release();
    std::fs::remove_dir_all(dir.path().join("tse")).unwrap();
    std::fs::rename(&copy, dir.path().join("tse")).unwrap();

    let before = app.store.read(tse::counts).unwrap();
    let refused = app
        .till()
        .sell(&cart(&app), Tender::Card, None)
        .unwrap_err();
    let words = refused.to_string();
    assert!(words.contains("ALARM"), "{words}");
    assert_eq!(refused.code(), "tse_counter_backwards");
    assert_eq!(
        app.store.read(tse::counts).unwrap(),
        before,
        "nothing written"
    );
    assert!(
        app.store
            .read(|db| tse::for_record(db, TseRecordKind::Sale, 4))
            .unwrap()
            .is_none()
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "lock" {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
