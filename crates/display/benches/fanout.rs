//! Benchmark: latency from `DisplayHub::publish` to the message arriving at 1, 10 and 1,000
//! displays on loopback, against a plain TCP fan-out baseline, and memory per idle connection.
//!
//! Run with `cargo bench -p filiale-display --bench fanout`. Prints a table.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use filiale_display::{
    CartLineView, CartView, DisplayConfig, DisplayHub, DisplayState, TerminalId, VatBreakdownView,
    VatRate,
};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Handle;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// Set in the child process that holds idle connections for the memory measurement.
const CLIENT_SWARM_ENV: &str = "FILIALE_BENCH_CLIENT_SWARM";
const MEMORY_CONNECTIONS: usize = 1000;

fn main() -> anyhow::Result<()> {
    if let Ok(spec) = std::env::var(CLIENT_SWARM_ENV) {
        return client_swarm(&spec);
    }
    println!("{}", filiale_benchkit::machine_line());
    // 1,000 displays need 2,000 descriptors in this process (both ends of each socket).
    let limit = rlimit::increase_nofile_limit(8192)?;
    anyhow::ensure!(
        limit >= 2200,
        "open-file limit is {limit}; raise it with `ulimit -n 4096`"
    );

    // The hub and the displays get one worker thread each, as if the displays were another
    // program on the same two-core till PC.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let display_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let displays_side = display_runtime.handle().clone();
    runtime.block_on(async {
        println!("latency from publish to message received, loopback, 10-line cart");
        println!("load average before: {}", load_average());
        println!(
            "{:>9} {:>7} | {:>9} {:>9} | {:>12} {:>12} | {:>9} | {:>6}",
            "displays", "samples", "hub p50", "hub p99", "tcp p50", "tcp p99", "p99 ratio", "goal"
        );
        for (displays, rounds, goal) in [(1, 500, None), (10, 300, Some(2.0)), (1000, 60, Some(25.0))] {
            let hub = measure_hub(displays, rounds, &displays_side).await?;
            let tcp = measure_tcp_baseline(displays, rounds, &displays_side).await?;
            let (hub50, hub99) = (percentile(&hub, 50.0), percentile(&hub, 99.0));
            let (tcp50, tcp99) = (percentile(&tcp, 50.0), percentile(&tcp, 99.0));
            let verdict = match goal {
                Some(limit) if hub99 <= limit => format!("<={limit} ok"),
                Some(limit) => format!("<={limit} MISSED"),
                None => "-".into(),
            };
            println!(
                "{displays:>9} {:>7} | {hub50:>6.3} ms {hub99:>6.3} ms | {tcp50:>9.3} ms {tcp99:>9.3} ms | {:>8.1}x | {verdict}",
                hub.len(),
                hub99 / tcp99
            );
        }
        let per_connection = measure_idle_memory(MEMORY_CONNECTIONS).await?;
        println!(
            "memory per idle display connection (server side, RSS delta / {MEMORY_CONNECTIONS}): {:.1} KiB",
            per_connection / 1024.0
        );
        println!("load average after: {}", load_average());
        anyhow::Ok(())
    })
}

fn sample_cart() -> CartView {
    let lines: Vec<CartLineView> = (0..10)
        .map(|i| CartLineView {
            sku: format!("ART-{i:05}"),
            name: format!("Rosendünger organisch 2,5 kg Nr. {i}"),
            quantity: 2,
            unit_price_cents: 1299,
            line_total_cents: 2598,
            vat_rate: VatRate::Standard,
        })
        .collect();
    CartView {
        lines,
        total_cents: 25980,
        vat_breakdown: vec![VatBreakdownView {
            rate: VatRate::Standard,
            net_cents: 21832,
            vat_cents: 4148,
            gross_cents: 25980,
        }],
        customer_name: None,
    }
}

/// Milliseconds from publish to arrival, one sample per display and round.
async fn measure_hub(
    displays: usize,
    rounds: usize,
    displays_side: &Handle,
) -> anyhow::Result<Vec<f64>> {
    let hub = DisplayHub::new();
    let kasse = TerminalId::parse("kasse-1")?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let config = DisplayConfig {
        max_connections: displays + 10,
        max_connections_per_address: displays + 10,
        max_pending_handshakes: displays + 10,
        handshake_timeout: Duration::from_secs(10),
        ..DisplayConfig::default()
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(filiale_display::run(listener, config, hub.clone(), async {
        let _ = stopped.await;
    }));

    let (arrivals, mut arrived) = mpsc::unbounded_channel::<Instant>();
    let url = format!("ws://{addr}/ws/pos/kasse-1");
    let mut readers = Vec::new();
    for _ in 0..displays {
        let (connected, is_connected) = oneshot::channel();
        let arrivals = arrivals.clone();
        let url = url.clone();
        readers.push(displays_side.spawn(async move {
            let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await else {
                return;
            };
            // The snapshot.
            ws.next().await;
            let _ = connected.send(());
            while let Some(Ok(frame)) = ws.next().await {
                if let Message::Text(_) = frame {
                    let _ = arrivals.send(Instant::now());
                }
            }
        }));
        is_connected.await?;
    }
    while hub.connected_displays().len() < displays {
        tokio::task::yield_now().await;
    }
    let cart = sample_cart();
    let warmup = 5;
    let mut samples = Vec::with_capacity(displays * rounds);
    for round in 0..warmup + rounds {
        let published_at = Instant::now();
        hub.publish(&kasse, DisplayState::Cart { cart: cart.clone() });
        for _ in 0..displays {
            let at = arrived.recv().await.expect("readers alive");
            if round >= warmup {
                samples.push(at.duration_since(published_at).as_secs_f64() * 1e3);
            }
        }
    }
    let _ = stop.send(());
    server.await??;
    for reader in readers {
        reader.abort();
    }
    Ok(samples)
}

/// The floor: the same bytes through a tokio broadcast to one task per plain TCP connection.
async fn measure_tcp_baseline(
    displays: usize,
    rounds: usize,
    displays_side: &Handle,
) -> anyhow::Result<Vec<f64>> {
    let payload: Arc<Vec<u8>> = Arc::new(serde_json::to_vec(&sample_cart())?);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (fanout, _) = broadcast::channel::<Arc<Vec<u8>>>(64);
    let (arrivals, mut arrived) = mpsc::unbounded_channel::<Instant>();
    let mut tasks = Vec::new();
    for _ in 0..displays {
        let client = displays_side
            .spawn(async move {
                let client = TcpStream::connect(addr).await?;
                client.set_nodelay(true)?;
                std::io::Result::Ok(client)
            })
            .await??;
        let (server_side, _) = listener.accept().await?;
        server_side.set_nodelay(true)?;
        let mut updates = fanout.subscribe();
        let mut server_side = server_side;
        tasks.push(tokio::spawn(async move {
            while let Ok(bytes) = updates.recv().await {
                let length = (bytes.len() as u32).to_be_bytes();
                if server_side.write_all(&length).await.is_err()
                    || server_side.write_all(&bytes).await.is_err()
                {
                    break;
                }
            }
        }));
        let arrivals = arrivals.clone();
        let mut client = client;
        tasks.push(displays_side.spawn(async move {
            let mut buffer = Vec::new();
            loop {
                let mut length = [0u8; 4];
                if client.read_exact(&mut length).await.is_err() {
                    break;
                }
                buffer.resize(u32::from_be_bytes(length) as usize, 0);
                if client.read_exact(&mut buffer).await.is_err() {
                    break;
                }
                let _ = arrivals.send(Instant::now());
            }
        }));
    }
    let warmup = 5;
    let mut samples = Vec::with_capacity(displays * rounds);
    for round in 0..warmup + rounds {
        let sent_at = Instant::now();
        let _ = fanout.send(Arc::clone(&payload));
        for _ in 0..displays {
            let at = arrived.recv().await.expect("readers alive");
            if round >= warmup {
                samples.push(at.duration_since(sent_at).as_secs_f64() * 1e3);
            }
        }
    }
    for task in tasks {
        task.abort();
    }
    Ok(samples)
}

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let index = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[index]
}

/// Server-side bytes per idle display: the displays live in a child process, so this process's
/// RSS grows by the server's share only.
async fn measure_idle_memory(connections: usize) -> anyhow::Result<f64> {
    let hub = DisplayHub::new();
    hub.publish(
        &TerminalId::parse("kasse-1")?,
        DisplayState::Cart {
            cart: sample_cart(),
        },
    );
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let config = DisplayConfig {
        max_connections: connections + 10,
        max_connections_per_address: connections + 10,
        max_pending_handshakes: connections + 10,
        handshake_timeout: Duration::from_secs(10),
        ..DisplayConfig::default()
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(filiale_display::run(listener, config, hub.clone(), async {
        let _ = stopped.await;
    }));
    // One display first, so one-off allocations (buffers, task slabs) are not counted.
    let warm = tokio::task::spawn_blocking(move || spawn_swarm(addr, 1)).await??;
    wait_for(&hub, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = rss_bytes()?;
    let swarm = tokio::task::spawn_blocking(move || spawn_swarm(addr, connections)).await??;
    wait_for(&hub, connections + 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_bytes()?;
    for mut child in [warm, swarm] {
        drop(child.stdin.take());
        let _ = tokio::task::spawn_blocking(move || child.wait()).await?;
    }
    let _ = stop.send(());
    server.await??;
    Ok(after.saturating_sub(before) as f64 / connections as f64)
}

async fn wait_for(hub: &DisplayHub, connected: usize) {
    while hub.connected_displays().len() < connected {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Starts this binary again as a swarm of `count` idle displays and waits until they connected.
fn spawn_swarm(addr: SocketAddr, count: usize) -> anyhow::Result<std::process::Child> {
    let mut child = Command::new(std::env::current_exe()?)
        .env(CLIENT_SWARM_ENV, format!("{addr},{count}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut ready = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut ready)?;
    anyhow::ensure!(ready.trim() == "ready", "client swarm failed: {ready:?}");
    Ok(child)
}

/// The child side of [`spawn_swarm`]: connects, says `ready`, holds until stdin closes.
fn client_swarm(spec: &str) -> anyhow::Result<()> {
    let (addr, count) = spec
        .split_once(',')
        .ok_or_else(|| anyhow::anyhow!("bad spec"))?;
    let count: usize = count.parse()?;
    rlimit::increase_nofile_limit(8192)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let connections = runtime.block_on(async {
        let url = format!("ws://{addr}/ws/pos/kasse-1");
        let mut connections = Vec::with_capacity(count);
        for _ in 0..count {
            let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await?;
            ws.next().await;
            connections.push(ws);
        }
        anyhow::Ok(connections)
    })?;
    println!("ready");
    std::io::stdout().flush()?;
    let mut rest = String::new();
    let _ = std::io::stdin().read_line(&mut rest);
    drop(connections);
    Ok(())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

fn rss_bytes() -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS in /proc/self/status"))?
        .parse()?;
    Ok(kib * 1024)
}
