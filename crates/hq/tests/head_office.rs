//! Head office against a real nats-server, each scenario on SQLite and on a real PostgreSQL:
//! idempotent apply, gaps, poison messages and the report.

mod support;

use chrono::Utc;
use filiale_domain::DomainEvent;
use filiale_hq::{consume, report};
use support::nats_server::NatsServer;
use support::*;

on_both_backends!(
    a_republished_event_beyond_the_duplicate_window_is_applied_once,
    a_refund_lowers_the_days_takings_and_revenue_but_not_the_receipt_count,
    a_missing_store_seq_is_reported_as_a_gap,
    unreadable_messages_are_terminated_and_recorded_and_the_rest_is_applied,
    projections_follow_the_newest_fact_and_the_report_shows_low_stock,
);

async fn a_republished_event_beyond_the_duplicate_window_is_applied_once(backend: Backend) {
    let server = NatsServer::start();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    let first = envelope("store-001", 1, &sale(1, 1190));
    publish(&js, &first).await;
    // The server no longer remembers the first id (as after a long offline spell): a new msg id.
    publish_with_id(&js, &first, "republished-after-the-window").await;
    publish(&js, &envelope("store-001", 2, &sale(2, 595))).await;

    let total = drain(&consumer, hq).await;
    assert_eq!((total.messages, total.applied, total.duplicates), (3, 2, 1));
    let report = report::build(hq, Utc::now()).await.unwrap();
    let store = &report.stores[0];
    assert_eq!((store.events_applied, store.last_seq), (2, 2));
    assert_eq!((store.receipts_today, store.sales_today_cents), (2, 1785));
    assert_eq!(store.revenue_today.len(), 1);
    assert_eq!(store.revenue_today[0].vat_rate, 19);
    assert_eq!(store.revenue_today[0].gross_cents, 1785);
}

async fn a_refund_lowers_the_days_takings_and_revenue_but_not_the_receipt_count(backend: Backend) {
    let server = NatsServer::start();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    publish(&js, &envelope("store-001", 1, &sale(1, 1190))).await;
    publish(&js, &envelope("store-001", 2, &sale(2, 595))).await;
    publish(&js, &envelope("store-001", 3, &refund(1, 1, 1190))).await;
    drain(&consumer, hq).await;

    let report = report::build(hq, Utc::now()).await.unwrap();
    let store = &report.stores[0];
    assert_eq!((store.receipts_today, store.sales_today_cents), (2, 595));
    assert_eq!(store.revenue_today[0].gross_cents, 595);
    assert_eq!(
        store.revenue_today[0].net_cents + store.revenue_today[0].vat_cents,
        595
    );
}

async fn a_missing_store_seq_is_reported_as_a_gap(backend: Backend) {
    let server = NatsServer::start();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    for seq in [1, 2, 3, 5, 6, 9] {
        publish(&js, &envelope("store-002", seq, &sale(seq, 100))).await;
    }
    publish(&js, &envelope("store-001", 1, &sale(1, 100))).await;
    drain(&consumer, hq).await;

    let report = report::build(hq, Utc::now()).await.unwrap();
    let gaps = |id: &str| {
        report
            .stores
            .iter()
            .find(|s| s.store_id == id)
            .unwrap()
            .clone()
    };
    assert!(gaps("store-001").gaps.is_empty());
    let store = gaps("store-002");
    assert_eq!(
        store.gaps,
        [
            report::Gap { from: 4, to: 4 },
            report::Gap { from: 7, to: 8 }
        ]
    );
    assert_eq!(store.missing_events, 3);
    let table = report::render_table(&report);
    assert!(
        table.contains("store-002: gaps in store_seq: 4, 7-8"),
        "{table}"
    );
}

async fn unreadable_messages_are_terminated_and_recorded_and_the_rest_is_applied(backend: Backend) {
    let server = NatsServer::start();
    let (client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    publish(&js, &envelope("store-001", 1, &sale(1, 100))).await;
    js.publish("erp.store-001.sales.SaleCompleted", "not json".into())
        .await
        .unwrap()
        .await
        .unwrap();
    // An envelope claiming another store than the subject it came on.
    let forged = envelope("store-002", 1, &sale(1, 100));
    let bytes = serde_json::to_vec(&forged).unwrap();
    js.publish("erp.store-001.sales.SaleCompleted", bytes.into())
        .await
        .unwrap()
        .await
        .unwrap();
    let mut future = envelope("store-001", 2, &sale(2, 100));
    future.event_type = "SaleRefunded".into();
    let bytes = serde_json::to_vec(&future).unwrap();
    js.publish("erp.store-001.sales.SaleRefunded", bytes.into())
        .await
        .unwrap()
        .await
        .unwrap();
    publish(&js, &envelope("store-001", 3, &sale(3, 100))).await;
    client.flush().await.unwrap();

    let total = drain(&consumer, hq).await;
    assert_eq!((total.applied, total.poison), (2, 3));
    // Terminated, not redelivered after the ack wait.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(drain(&consumer, hq).await.messages, 0);

    let report = report::build(hq, Utc::now()).await.unwrap();
    assert_eq!(report.poison_total, 3);
    let reasons: Vec<&str> = report.poison.iter().map(|p| p.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("not an event envelope")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("does not match")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("SaleRefunded")),
        "{reasons:?}"
    );
    assert_eq!(
        report.stores.len(),
        1,
        "the forged store-002 event was not applied"
    );
    assert_eq!(report.stores[0].receipts_today, 2);
}

async fn projections_follow_the_newest_fact_and_the_report_shows_low_stock(backend: Backend) {
    let server = NatsServer::start();
    let (_client, consumer) = consume::connect(&config(&server.url())).await.unwrap();
    let mut test_db = TestDb::open(backend).await;
    let hq = &mut test_db.db;
    let js = jetstream(&server.url()).await;
    let stock = |on_hand| DomainEvent::StockUpdated {
        sku: "GF-1".into(),
        movement: filiale_domain::MovementKind::Sale,
        delta: -1,
        on_hand,
        reference: None,
    };
    let low = DomainEvent::LowStockDetected {
        sku: "GF-1".into(),
        name: "Gießkanne 10 l".into(),
        on_hand: 2,
        reorder_point: 3,
        supplier: None,
    };
    // Seq 3 arrives before seq 2: the older stock level must not overwrite the newer.
    publish(&js, &envelope("store-001", 1, &low)).await;
    publish(&js, &envelope("store-001", 3, &stock(2))).await;
    publish(&js, &envelope("store-001", 2, &stock(3))).await;
    drain(&consumer, hq).await;

    let report = report::build(hq, Utc::now()).await.unwrap();
    let low_stock = &report.stores[0].low_stock;
    assert_eq!(low_stock.len(), 1);
    assert_eq!((low_stock[0].on_hand, low_stock[0].reorder_point), (2, 3));
    assert_eq!(low_stock[0].name, "Gießkanne 10 l");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["stores"][0]["low_stock"][0]["sku"], "GF-1");
}
