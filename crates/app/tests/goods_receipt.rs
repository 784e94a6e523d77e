//! Goods receipt against purchase orders on the demo store, through the use cases: the numbers a
//! store manager reads (stock, on order, order state) after a partial and a final delivery, the
//! next proposal seeing only what is still open, and a receipt failing inside its transaction
//! leaving nothing. Its own test binary, because failpoints are armed for the whole process.

use filiale_app::dto::{OrderState, ReceiptLineInput, ReceiveOptions};
use filiale_app::usecases::Purchasing;
use filiale_app::{App, Config};
use filiale_workflow::ThreadStatus;

fn demo_store(dir: &std::path::Path) -> App {
    let app = App::open(Config::new(dir, filiale_app::demo::store_config())).unwrap();
    filiale_app::demo::load(&app).unwrap();
    app
}

/// Approves a fresh proposal and returns its orders' numbers.
fn approve_one(app: &App) -> Vec<String> {
    let proposal = app.purchasing().start().unwrap();
    assert_eq!(proposal.status, ThreadStatus::Interrupted);
    app.purchasing()
        .approve(
            &proposal.thread_id,
            Purchasing::default_manager("1234"),
            None,
            None,
        )
        .unwrap();
    let orders = app
        .purchasing()
        .purchase_orders(&proposal.thread_id)
        .unwrap();
    orders.into_iter().map(|o| o.order_no).collect()
}

fn stock(app: &App, sku: &str) -> (i64, i64) {
    let a = app.back_office().find_article(sku).unwrap();
    (a.on_hand, a.on_order)
}

fn line(code: &str, quantity: i64) -> ReceiptLineInput {
    ReceiptLineInput {
        code: code.into(),
        quantity,
        unit_cost_cents: None,
    }
}

#[test]
fn partial_then_final_receipt_moves_units_from_on_order_to_stock_and_the_next_proposal_sees_it() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let app = demo_store(dir.path());
    let numbers = approve_one(&app);
    let order = app.purchasing().order(&numbers[0]).unwrap();
    assert_eq!(order.summary.state, OrderState::Open);
    let first = &order.lines[0];
    let (sku, ordered) = (first.sku.clone(), first.ordered);
    let (hand0, order0) = stock(&app, &sku);
    assert!(order0 >= ordered, "approval raised on order");

    let part = (ordered / 2).max(1);
    let options = ReceiveOptions {
        received_by: "Jana".into(),
        ..ReceiveOptions::default()
    };
    let outcome = app
        .purchasing()
        .receive(&numbers[0], &[line(&sku, part)], &options)
        .unwrap();
    assert_eq!(outcome.booked.receipt_no.as_deref(), Some("WE-00001"));
    assert_eq!(stock(&app, &sku), (hand0 + part, order0 - part));
    let expect_partly = order.lines.len() > 1 || part < ordered;
    assert_eq!(
        outcome.order.summary.state,
        if expect_partly {
            OrderState::PartlyReceived
        } else {
            OrderState::Received
        }
    );
    assert_eq!(outcome.order.lines[0].open, ordered - part);

    // The rest comes, with two more than ordered of the first article.
    let mut rest = vec![line(&sku, ordered - part + 2)];
    rest.extend(order.lines.iter().skip(1).map(|l| line(&l.sku, l.ordered)));
    let before_rest: Vec<(i64, i64)> = order.lines.iter().map(|l| stock(&app, &l.sku)).collect();
    let outcome = app
        .purchasing()
        .receive(&numbers[0], &rest, &options)
        .unwrap();
    assert_eq!(outcome.order.summary.state, OrderState::Received);
    assert_eq!(
        outcome.order.summary.units_received,
        order.summary.units_ordered + 2
    );
    assert_eq!(stock(&app, &sku), (hand0 + ordered + 2, order0 - ordered));
    for (l, (hand, on_order)) in order.lines.iter().zip(&before_rest).skip(1) {
        assert_eq!(
            stock(&app, &l.sku),
            (hand + l.ordered, on_order - l.ordered),
            "{}",
            l.sku
        );
    }

    // The next proposal sees the received units on hand and none of them on order any more.
    let next = app.purchasing().start().unwrap();
    for c in &next.values.candidates {
        if order.lines.iter().any(|l| l.sku == c.article.sku) {
            assert_eq!(
                (c.article.on_hand, c.article.on_order),
                stock(&app, &c.article.sku),
                "{}",
                c.article.sku
            );
        }
    }
    let still_open: i64 = app
        .purchasing()
        .orders(true)
        .unwrap()
        .iter()
        .map(|o| o.units_ordered - o.units_received)
        .sum();
    let on_order_total: i64 = app
        .back_office()
        .list_articles(None, i64::MAX, 0)
        .unwrap()
        .iter()
        .map(|a| a.on_order)
        .sum();
    assert_eq!(
        on_order_total, still_open,
        "on order is exactly what the open orders still expect"
    );
}

#[test]
fn a_receipt_failing_inside_its_transaction_leaves_nothing() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let app = demo_store(dir.path());
    let numbers = approve_one(&app);
    let order = app.purchasing().order(&numbers[0]).unwrap();
    let sku = order.lines[0].sku.clone();
    let before = (stock(&app, &sku), app.outbox().status().unwrap().pending);
    filiale_failpoint::set(filiale_app::usecases::RECEIPT_AFTER_STOCK, "error").unwrap();
    let failed = app.purchasing().receive(
        &numbers[0],
        &[line(&sku, order.lines[0].ordered)],
        &ReceiveOptions::default(),
    );
    filiale_failpoint::clear();
    assert!(failed.is_err());
    assert_eq!(
        (stock(&app, &sku), app.outbox().status().unwrap().pending),
        before
    );
    let after = app.purchasing().order(&numbers[0]).unwrap();
    assert_eq!(after.summary.state, OrderState::Open);
    assert!(after.receipts.is_empty());
}

/// The tests of this binary run one at a time: an armed failpoint must meet only its own test.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}
