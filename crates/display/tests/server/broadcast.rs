//! Snapshots, ordered updates, several tills, lagging displays and server restarts.

use filiale_display::{DisplayConfig, DisplayHub, DisplayMessage, DisplayState, PaymentMethod};
use tokio::net::TcpListener;

use crate::helpers::{TestServer, cart, close_frame, next_message, terminal};

#[tokio::test]
async fn a_display_gets_the_current_state_then_every_update_in_order() {
    let hub = DisplayHub::new();
    let kasse = terminal("kasse-1");
    hub.publish(&kasse, DisplayState::Cart { cart: cart(2) });
    let server = TestServer::start(DisplayConfig::default(), hub.clone()).await;

    let mut display = server.connect("kasse-1").await;
    let first = next_message(&mut display).await;
    assert_eq!(
        first,
        DisplayMessage::Snapshot {
            terminal_id: kasse.clone(),
            version: 1,
            state: DisplayState::Cart { cart: cart(2) },
        }
    );

    let states = [
        DisplayState::Cart { cart: cart(3) },
        DisplayState::PaymentInProgress {
            cart: cart(3),
            method: PaymentMethod::Cash,
            tendered_cents: Some(5000),
        },
        DisplayState::ChangeDue {
            cart: cart(3),
            tendered_cents: 5000,
            change_cents: 5000 - cart(3).total_cents,
        },
        DisplayState::SaleCompleted {
            receipt_number: "K1-000042".into(),
            total_cents: cart(3).total_cents,
            change_cents: 5000 - cart(3).total_cents,
        },
        DisplayState::Idle,
    ];
    for (i, state) in states.iter().enumerate() {
        assert_eq!(hub.publish(&kasse, state.clone()), i as u64 + 2);
    }
    for (i, state) in states.into_iter().enumerate() {
        let message = next_message(&mut display).await;
        assert!(
            !matches!(message, DisplayMessage::Snapshot { .. }),
            "{message:?}"
        );
        assert_eq!(message.version(), i as u64 + 2);
        assert_eq!(message.terminal_id(), &kasse);
        assert_eq!(message.into_state(), Some(state));
    }
    server.stop().await;
}

#[tokio::test]
async fn each_display_follows_only_its_own_till_and_is_listed_for_the_cashier() {
    let hub = DisplayHub::new();
    let server = TestServer::start(DisplayConfig::default(), hub.clone()).await;
    let mut display1 = server.connect("kasse-1").await;
    let mut display2 = server.connect("kasse-2").await;
    assert_eq!(next_message(&mut display1).await.version(), 0);
    assert_eq!(next_message(&mut display2).await.version(), 0);
    server.wait_for_displays(2).await;
    let listed: Vec<String> = hub
        .connected_displays()
        .iter()
        .map(|d| d.terminal_id.to_string())
        .collect();
    assert_eq!(listed, ["kasse-1", "kasse-2"]);

    hub.publish(&terminal("kasse-2"), DisplayState::Cart { cart: cart(1) });
    hub.publish(&terminal("kasse-1"), DisplayState::Cart { cart: cart(4) });
    let got1 = next_message(&mut display1).await;
    let got2 = next_message(&mut display2).await;
    assert_eq!(got1.terminal_id(), &terminal("kasse-1"));
    assert_eq!(
        got1.into_state(),
        Some(DisplayState::Cart { cart: cart(4) })
    );
    assert_eq!(got2.terminal_id(), &terminal("kasse-2"));
    assert_eq!(
        got2.into_state(),
        Some(DisplayState::Cart { cart: cart(1) })
    );

    drop(display1);
    server.wait_for_displays(1).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_display_that_falls_behind_is_resynced_with_a_snapshot() {
    // A small backlog and big carts: the display's socket buffers fill long before the core
    // stops publishing.
    let hub = DisplayHub::with_backlog(4);
    let kasse = terminal("kasse-1");
    let server = TestServer::start(DisplayConfig::default(), hub.clone()).await;
    let mut display = server.connect("kasse-1").await;
    assert_eq!(next_message(&mut display).await.version(), 0);

    let big_cart = cart(400);
    let published = 600u64;
    for _ in 0..published {
        hub.publish(
            &kasse,
            DisplayState::Cart {
                cart: big_cart.clone(),
            },
        );
        tokio::task::yield_now().await;
    }
    let mut received = 0;
    let mut snapshots = 0;
    let mut last_version = 0;
    while last_version < published {
        let message = next_message(&mut display).await;
        assert!(message.version() > last_version, "versions only grow");
        last_version = message.version();
        received += 1;
        if matches!(message, DisplayMessage::Snapshot { .. }) {
            snapshots += 1;
        }
        if last_version == published {
            assert_eq!(
                message.into_state(),
                Some(DisplayState::Cart {
                    cart: big_cart.clone()
                })
            );
        }
    }
    eprintln!("lagging display: {received} of {published} messages, {snapshots} snapshots");
    assert!(snapshots >= 1, "a lagging display gets a fresh snapshot");
    assert!(
        received < published,
        "the backlog was skipped, not queued: {received} received"
    );

    // Caught up, it gets ordinary updates again.
    hub.publish(&kasse, DisplayState::Idle);
    let next = next_message(&mut display).await;
    assert_eq!(next.version(), published + 1);
    assert!(matches!(next, DisplayMessage::Idle { .. }));
    server.stop().await;
}

#[tokio::test]
async fn displays_are_closed_on_shutdown_and_get_a_snapshot_after_a_restart() {
    let hub = DisplayHub::new();
    let kasse = terminal("kasse-1");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = TestServer::start_on(listener, DisplayConfig::default(), hub.clone());
    let mut display = server.connect("kasse-1").await;
    next_message(&mut display).await;
    hub.publish(&kasse, DisplayState::Cart { cart: cart(1) });
    assert_eq!(next_message(&mut display).await.version(), 1);

    let stopping = tokio::spawn(server.stop());
    let frame = close_frame(&mut display).await.expect("a close frame");
    assert_eq!(u16::from(frame.code), 1001);
    stopping.await.unwrap();
    assert!(hub.connected_displays().is_empty());

    // While the server is down the core goes on selling.
    hub.publish(&kasse, DisplayState::Cart { cart: cart(2) });
    hub.publish(&kasse, DisplayState::Cart { cart: cart(3) });

    let listener = TcpListener::bind(addr).await.unwrap();
    let server = TestServer::start_on(listener, DisplayConfig::default(), hub.clone());
    let mut display = server.connect("kasse-1").await;
    assert_eq!(
        next_message(&mut display).await,
        DisplayMessage::Snapshot {
            terminal_id: kasse.clone(),
            version: 3,
            state: DisplayState::Cart { cart: cart(3) },
        }
    );
    hub.publish(&kasse, DisplayState::Idle);
    assert_eq!(next_message(&mut display).await.version(), 4);
    drop(display);
    server.stop().await;
}
