//! The relay against a real nats-server: order, exactly-once with head office, outages, restarts,
//! dead letters, a full server, the lease, per-store permissions and a three-node cluster.

mod support;

use chrono::Utc;
use filiale_relay::{Outcome, Relay, publish_batch};
use filiale_store::outbox;
use std::time::{Duration, Instant};
use support::nats_server::{NatsServer, free_port};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_publishes_in_order_with_msg_ids_and_head_office_sees_the_sale() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 3);
    let last = sell(&store, &["A0000", "A0001"]);

    let relay = Relay::new(store.clone(), config(&server.url()));
    relay.drain().await.unwrap();

    assert_eq!(pending(&store), 0);
    assert_eq!(stream_messages(&server.url()).await, last as u64);
    let rows = store.read(|c| outbox::list(c, false, 1000)).unwrap();
    assert!(rows.iter().all(|r| r.published_at.is_some()));

    // The first message carries its event id as Nats-Msg-Id, on the envelope's subject.
    let js = jetstream(&server.url()).await;
    let stream = js.get_stream("ERP_EVENTS").await.unwrap();
    let first = stream.get_raw_message(1).await.unwrap();
    let envelope: filiale_domain::EventEnvelope = serde_json::from_slice(&first.payload).unwrap();
    assert_eq!(envelope.store_seq, 1);
    assert_eq!(first.subject.as_str(), envelope.subject());
    let msg_id = first
        .headers
        .get("Nats-Msg-Id")
        .unwrap()
        .as_str()
        .to_owned();
    assert_eq!(msg_id, envelope.event_id.to_string());

    let hq = head_office(&server.url(), &dir.path().join("hq.sqlite")).await;
    assert_eq!(
        applied_in_stream_order(&hq, "store-001"),
        (1..=last).collect::<Vec<_>>()
    );
    let report = filiale_hq::report::build(&hq, Utc::now()).unwrap();
    assert_eq!(report.stores[0].receipts_today, 1);
    assert_eq!(report.stores[0].sales_today_cents, 199 + 200);
    assert!(report.stores[0].gaps.is_empty());

    let status = relay.board().status(&store, Utc::now()).unwrap();
    assert_eq!(status.pending, 0);
    assert_eq!(status.last_acked_seq, Some(last));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_sales_while_nats_is_down_arrive_once_and_in_order_when_it_is_back() {
    let mut server = NatsServer::start();
    let url = server.url();
    server.stop();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 4);

    let relay = Relay::new(store.clone(), config(&url));
    let board = relay.board();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(relay.run(async {
        let _ = stopped.await;
    }));

    let mut slowest = Duration::ZERO;
    let mut last = 0;
    for i in 0..1000 {
        let started = Instant::now();
        last = sell(&store, &[["A0000", "A0001", "A0002", "A0003"][i % 4]]);
        slowest = slowest.max(started.elapsed());
    }
    assert!(
        slowest < Duration::from_secs(1),
        "a sale waited {slowest:?} while NATS was down"
    );
    let status = board.status(&store, Utc::now()).unwrap();
    assert!(!status.connected);
    assert_eq!(status.pending, last);
    assert!(
        status.last_error.is_some(),
        "the UI is told why nothing is published"
    );

    server.start_again();
    let mut acked = board.acked_seq();
    tokio::time::timeout(Duration::from_secs(60), acked.wait_for(|seq| *seq >= last))
        .await
        .expect("backlog not delivered within 60 s")
        .unwrap();
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    assert_eq!(pending(&store), 0);
    assert_eq!(
        stream_messages(&url).await,
        last as u64,
        "each event exactly once in the stream"
    );
    let hq = head_office(&url, &dir.path().join("hq.sqlite")).await;
    assert_eq!(
        applied_in_stream_order(&hq, "store-001"),
        (1..=last).collect::<Vec<_>>()
    );
    let report = filiale_hq::report::build(&hq, Utc::now()).unwrap();
    assert_eq!(report.stores[0].receipts_today, 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restart_mid_stream_loses_and_duplicates_nothing() {
    let mut server = NatsServer::start();
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 2);
    let relay = Relay::new(store.clone(), config(&url));
    let board = relay.board();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(relay.run(async {
        let _ = stopped.await;
    }));

    let mut last = 0;
    for i in 0..300 {
        if i == 150 {
            server.restart();
        }
        last = sell(&store, &[if i % 2 == 0 { "A0000" } else { "A0001" }]);
    }
    let mut acked = board.acked_seq();
    tokio::time::timeout(Duration::from_secs(60), acked.wait_for(|seq| *seq >= last))
        .await
        .expect("not delivered after the restart")
        .unwrap();
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    assert_eq!(stream_messages(&url).await, last as u64);
    let hq = head_office(&url, &dir.path().join("hq.sqlite")).await;
    let applied = applied_in_stream_order(&hq, "store-001");
    assert_eq!(applied.len() as i64, last);
    let mut sorted = applied.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=last).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_too_large_for_the_server_becomes_a_dead_letter_and_the_rest_flows() {
    let conf_dir = tempfile::tempdir().unwrap();
    let conf = conf_dir.path().join("small.conf");
    std::fs::write(&conf, "max_payload: 8KB\n").unwrap();
    let server = NatsServer::start_with(free_port(), &["-c", conf.to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 120);
    let skus: Vec<String> = (0..120).map(|i| format!("A{i:04}")).collect();
    let all: Vec<&str> = skus.iter().map(String::as_str).collect();
    let before_big = last_seq(&store);
    sell(&store, &all); // one receipt with 120 lines: its SaleCompleted is far over 8 KB
    let big_seq = before_big + 1;
    let last = sell(&store, &["A0000"]);

    let js = jetstream(&server.url()).await;
    filiale_relay::stream::ensure_stream(&js, &Default::default())
        .await
        .unwrap();
    let mut dead = 0;
    let mut published = 0;
    for _ in 0..20 {
        match publish_batch(&store, &js, &batch("one"), None, Utc::now())
            .await
            .unwrap()
        {
            Outcome::Empty => break,
            Outcome::Published(n) => published += n,
            Outcome::Failed {
                published: p,
                dead_lettered,
                transient,
                error,
            } => {
                assert!(!transient, "{error}");
                assert!(error.contains("max payload"), "{error}");
                published += p;
                dead += dead_lettered;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(dead, 1);
    assert_eq!(published as i64, last - 1);
    let dead_rows = store.read(|c| outbox::list(c, true, 10)).unwrap();
    assert_eq!(dead_rows.len(), 1);
    assert_eq!(dead_rows[0].store_seq, big_seq);
    assert_eq!(dead_rows[0].event_type, "SaleCompleted");
    assert_eq!(dead_rows[0].attempts, 3);
    assert_eq!(stream_messages(&server.url()).await, (last - 1) as u64);
    let hq = head_office(&server.url(), &dir.path().join("hq.sqlite")).await;
    let report = filiale_hq::report::build(&hq, Utc::now()).unwrap();
    assert_eq!(report.stores[0].last_seq, last);
    assert_eq!(
        report.stores[0].gaps,
        [filiale_hq::report::Gap {
            from: big_seq,
            to: big_seq
        }],
        "head office sees the dead letter as a gap"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_is_waited_out_without_dead_letters_and_the_backlog_drains_in_order() {
    let conf_dir = tempfile::tempdir().unwrap();
    let conf = conf_dir.path().join("jetstream.conf");
    std::fs::write(&conf, "jetstream { max_file_store: 4KB }\n").unwrap();
    let mut server = NatsServer::start_with(free_port(), &["-c", conf.to_str().unwrap()]);
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 2);
    let mut last = 0;
    for i in 0..30 {
        last = sell(&store, &[if i % 2 == 0 { "A0000" } else { "A0001" }]);
    }

    // Two failed attempts would make a dead letter, were "insufficient resources" permanent.
    let mut relay_config = config(&url);
    relay_config.relay.max_attempts = 2;
    let relay = Relay::new(store.clone(), relay_config);
    let board = relay.board();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(relay.run(async {
        let _ = stopped.await;
    }));

    eventually(
        Duration::from_secs(30),
        "the server reports it is full",
        || {
            board
                .last_error()
                .is_some_and(|e| e.contains("insufficient resources"))
        },
    )
    .await;
    // Several more rounds of backoff (at most 0.5 s each) against the full server.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let counts = store.read(outbox::status).unwrap();
    assert_eq!(counts.dead, 0, "a full server made dead letters");
    assert!(counts.pending > 0, "the server took everything after all");
    let stored = stream_messages(&url).await;
    assert!(stored < last as u64, "{stored} of {last} stored");
    let failing = store.read(|c| outbox::list(c, false, 1000)).unwrap();
    assert!(
        failing.iter().all(|row| row.attempts == 0),
        "transient failures count no attempts towards a dead letter"
    );

    // The operator gives JetStream room; the relay reconnects and delivers the backlog.
    std::fs::write(&conf, "jetstream { max_file_store: 64MB }\n").unwrap();
    server.restart();
    let mut acked = board.acked_seq();
    tokio::time::timeout(Duration::from_secs(60), acked.wait_for(|seq| *seq >= last))
        .await
        .expect("backlog not delivered once the server had room")
        .unwrap();
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    let counts = store.read(outbox::status).unwrap();
    assert_eq!((counts.pending, counts.dead), (0, 0));
    assert_eq!(stream_messages(&url).await, last as u64);
    let hq = head_office(&url, &dir.path().join("hq.sqlite")).await;
    assert_eq!(
        applied_in_stream_order(&hq, "store-001"),
        (1..=last).collect::<Vec<_>>(),
        "every event once, in store order"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_on_one_database_only_one_publishes_until_the_other_goes() {
    let server = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let first = open_store(&path, "store-001");
    let second = open_store(&path, "store-001"); // a second app instance on the same file
    add_articles(&first, 1);
    let js = jetstream(&server.url()).await;
    filiale_relay::stream::ensure_stream(&js, &Default::default())
        .await
        .unwrap();

    let now = Utc::now();
    assert!(matches!(
        publish_batch(&first, &js, &batch("relay-a"), None, now)
            .await
            .unwrap(),
        Outcome::Published(_)
    ));
    sell(&second, &["A0000"]);
    assert_eq!(
        publish_batch(&second, &js, &batch("relay-b"), None, now)
            .await
            .unwrap(),
        Outcome::NotLeaseHolder {
            holder: "relay-a".into()
        }
    );
    assert!(pending(&second) > 0, "the second relay published nothing");
    // Once the first relay's lease runs out (it crashed), the second takes over.
    let later = now + chrono::Duration::seconds(31);
    assert!(matches!(
        publish_batch(&second, &js, &batch("relay-b"), None, later)
            .await
            .unwrap(),
        Outcome::Published(_)
    ));
    assert_eq!(
        publish_batch(&first, &js, &batch("relay-a"), None, later)
            .await
            .unwrap(),
        Outcome::NotLeaseHolder {
            holder: "relay-b".into()
        }
    );

    filiale_relay::lease::release(&second, "relay-b").unwrap();
    // Two running relays: exactly one says it publishes, and everything arrives once.
    let a = Relay::new(first.clone(), config(&server.url()));
    let b = Relay::new(second.clone(), config(&server.url()));
    let (board_a, board_b) = (a.board(), b.board());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut stop_a = stopped.clone();
    let mut stop_b = stopped;
    let run_a = tokio::spawn(a.run(async move {
        let _ = stop_a.wait_for(|s| *s).await;
    }));
    let run_b = tokio::spawn(b.run(async move {
        let _ = stop_b.wait_for(|s| *s).await;
    }));
    let mut last = 0;
    for _ in 0..50 {
        last = sell(&first, &["A0000"]);
    }
    eventually(Duration::from_secs(30), "outbox drained", || {
        pending(&first) == 0
    })
    .await;
    let publishing = [
        board_a.status(&first, Utc::now()).unwrap().publishing,
        board_b.status(&second, Utc::now()).unwrap().publishing,
    ];
    assert_eq!(
        publishing.iter().filter(|p| **p).count(),
        1,
        "{publishing:?}"
    );
    stop.send(true).unwrap();
    run_a.await.unwrap().unwrap();
    run_b.await.unwrap().unwrap();
    assert_eq!(stream_messages(&server.url()).await, last as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_may_publish_only_its_own_events() {
    let server = NatsServer::start_deployed("permissions.conf", free_port(), &[]);
    let url = server.url();
    // Head office creates the stream; stores may not.
    let mut hq_config = filiale_hq::config::HqConfig::default().with_servers(&url);
    hq_config.nats.user = Some("hq".into());
    hq_config.nats.password = Some("hq-example-password".into());
    let (hq_client, _) = filiale_hq::consume::connect(&hq_config).await.unwrap();
    let hq_js = async_nats::jetstream::new(hq_client);

    let store_config = |store: &str| {
        let mut c = config(&url);
        c.user = Some(store.into());
        c.password = Some(format!("{store}-example-password"));
        c.relay.ack_timeout_ms = 1_000;
        c
    };
    let dir = tempfile::tempdir().unwrap();
    let own = open_store(&dir.path().join("a.sqlite"), "store-001");
    add_articles(&own, 1);
    let last = sell(&own, &["A0000"]);
    if let Err(error) = Relay::new(own.clone(), store_config("store-001"))
        .drain()
        .await
    {
        panic!("{error:#}\nserver log:\n{}", server.log());
    }
    assert_eq!(stream_messages_in(&hq_js).await, last as u64);

    // store-001's credentials publishing on store-002's subject: refused by the server.
    let board = filiale_relay::StatusBoard::default();
    let client = filiale_relay::connect::connect(
        &store_config("store-001"),
        "impostor",
        Some("_INBOX.store-001"),
        Some(board.clone()),
    )
    .await
    .unwrap();
    let js = async_nats::jetstream::context::ContextBuilder::new()
        .timeout(Duration::from_secs(1))
        .build(client);
    let forged = js
        .publish("erp.store-002.sales.SaleCompleted", "{}".into())
        .await
        .unwrap()
        .await;
    assert!(
        forged.is_err(),
        "a forged event was acknowledged: {forged:?}"
    );
    eventually(Duration::from_secs(5), "violation reported", || {
        board
            .last_error()
            .is_some_and(|e| e.contains("Permissions Violation"))
    })
    .await;

    // A whole relay for a store-002 database behind store-001's credentials gets nothing through,
    // and says why.
    let other = open_store(&dir.path().join("b.sqlite"), "store-002");
    add_articles(&other, 1);
    let impostor = Relay::new(other.clone(), store_config("store-001"));
    assert!(impostor.drain().await.is_err());
    assert_eq!(pending(&other), last_seq(&other));
    assert_eq!(
        stream_messages_in(&hq_js).await,
        last as u64,
        "nothing from store-002 was stored"
    );
    let error = impostor.board().last_error().unwrap_or_default();
    assert!(error.contains("Permissions Violation"), "{error}");

    // store-002's events sent over store-001's connection: the server refuses each one, and
    // waiting cannot change its permissions, so after max_attempts they are dead letters (to be
    // queued again once the credentials are fixed) instead of blocking the outbox for ever.
    let mut dead = 0;
    for _ in 0..3 {
        match publish_batch(&other, &js, &batch("impostor"), Some(&board), Utc::now())
            .await
            .unwrap()
        {
            Outcome::Failed {
                transient,
                dead_lettered,
                error,
                ..
            } => {
                assert!(!transient, "{error}");
                dead += dead_lettered;
            }
            unexpected => panic!("{unexpected:?}"),
        }
    }
    assert_eq!(dead as i64, last_seq(&other));
    for row in other.read(|c| outbox::list(c, true, 100)).unwrap() {
        let reason = row.last_error.unwrap_or_default();
        assert!(
            reason.contains("does not let this store publish on erp.store-002."),
            "{reason}"
        );
    }
    assert_eq!(stream_messages_in(&hq_js).await, last as u64);

    // A wrong password is a clear, non-crashing failure.
    let mut wrong = store_config("store-001");
    wrong.password = Some("wrong".into());
    let failure = Relay::new(own, wrong).drain().await.unwrap_err();
    let failure = failure
        .downcast::<filiale_relay::connect::ConnectFailure>()
        .unwrap();
    assert!(failure.is_configuration());
    assert!(
        failure.to_string().contains("refused our credentials"),
        "{failure}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_three_node_cluster_loses_nothing_when_a_node_dies_mid_stream() {
    let client_ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let route_ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let routes = route_ports
        .iter()
        .map(|p| format!("nats-route://127.0.0.1:{p}"))
        .collect::<Vec<_>>()
        .join(",");
    let mut nodes: Vec<NatsServer> = (0..3)
        .map(|i| {
            let name = format!("filiale-nats-{}", i + 1);
            let cluster = format!("nats://127.0.0.1:{}", route_ports[i]);
            NatsServer::start_deployed_unready(
                "cluster.conf",
                client_ports[i],
                &["-n", &name, "--cluster", &cluster, "--routes", &routes],
            )
        })
        .collect();
    for node in &mut nodes {
        node.wait_ready();
    }
    let urls = client_ports
        .iter()
        .map(|p| format!("nats://127.0.0.1:{p}"))
        .collect::<Vec<_>>()
        .join(",");
    let mut relay_config = config(&urls);
    relay_config.stream.replicas = 3;

    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 2);
    let relay = Relay::new(store.clone(), relay_config);
    let board = relay.board();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(relay.run(async {
        let _ = stopped.await;
    }));
    // The cluster elects its leaders; wait for the first acknowledgement.
    let first = sell(&store, &["A0000"]);
    let mut acked = board.acked_seq();
    tokio::time::timeout(Duration::from_secs(45), acked.wait_for(|s| *s >= first))
        .await
        .expect("cluster never acknowledged")
        .unwrap();

    let mut last = first;
    for i in 0..200 {
        if i == 100 {
            nodes[0].stop();
        }
        last = sell(&store, &[if i % 2 == 0 { "A0000" } else { "A0001" }]);
    }
    tokio::time::timeout(Duration::from_secs(45), acked.wait_for(|s| *s >= last))
        .await
        .expect("not everything acknowledged after losing a node")
        .unwrap();
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();

    let survivor = nodes[1].url();
    let js = jetstream(&survivor).await;
    let mut stream = js.get_stream("ERP_EVENTS").await.unwrap();
    let info = stream.info().await.unwrap();
    assert_eq!(info.config.num_replicas, 3);
    assert_eq!(info.state.messages, last as u64);
    let hq = head_office(&survivor, &dir.path().join("hq.sqlite")).await;
    let mut applied = applied_in_stream_order(&hq, "store-001");
    applied.sort();
    assert_eq!(applied, (1..=last).collect::<Vec<_>>());
}
