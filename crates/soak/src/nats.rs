//! A real `nats-server` with JetStream for the soak runs: started on a free loopback port with its
//! own storage directory, stopped (SIGKILL) and started again on the same port and storage, and
//! read back message by message.

use crate::binaries;
use anyhow::{Context, bail};
use async_nats::jetstream::{self, consumer};
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The stream every store publishes into (the relay's and head office's default).
pub const STREAM: &str = "ERP_EVENTS";

/// A nats-server that can be stopped and started again with the same port and storage.
#[derive(Debug)]
pub struct NatsServer {
    bin: PathBuf,
    pub port: u16,
    store_dir: PathBuf,
    child: Option<Child>,
}

impl NatsServer {
    pub fn start(store_dir: &Path) -> anyhow::Result<NatsServer> {
        let mut server = NatsServer {
            bin: binaries::nats_server()?,
            port: free_port()?,
            store_dir: store_dir.to_owned(),
            child: None,
        };
        server.up()?;
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn is_up(&self) -> bool {
        self.child.is_some()
    }

    /// Starts the server (if it is down) and waits until it accepts connections.
    pub fn up(&mut self) -> anyhow::Result<()> {
        if self.child.is_some() {
            return Ok(());
        }
        let child = Command::new(&self.bin)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(&self.store_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", self.bin.display()))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                bail!("nats-server did not come up on port {}", self.port);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// Kills the server on the spot (no graceful shutdown), like a crashed host or a cut cable.
    pub fn down(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.down();
    }
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// One message as it is stored in the stream.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub subject: String,
    /// The `Nats-Msg-Id` header the relay set.
    pub msg_id: Option<String>,
    pub payload: Vec<u8>,
}

/// Reads every message of the stream whose subject matches `filter` (e.g. `erp.store-1.>`).
pub fn read_stream(url: &str, filter: &str) -> anyhow::Result<Vec<StoredMessage>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(read_stream_async(url, filter))
}

async fn read_stream_async(url: &str, filter: &str) -> anyhow::Result<Vec<StoredMessage>> {
    let client = async_nats::connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let js = jetstream::new(client);
    let mut stream = js
        .get_stream(STREAM)
        .await
        .with_context(|| format!("stream {STREAM}"))?;
    let last = stream.info().await?.state.last_sequence;
    let mut out = Vec::new();
    if last == 0 {
        return Ok(out);
    }
    let consumer = stream
        .create_consumer(consumer::pull::OrderedConfig {
            filter_subject: filter.to_owned(),
            deliver_policy: consumer::DeliverPolicy::All,
            ..Default::default()
        })
        .await?;
    let mut messages = consumer.messages().await?;
    loop {
        let next = tokio::time::timeout(Duration::from_secs(5), messages.next()).await;
        let Ok(Some(message)) = next else { break };
        let message = message.map_err(|e| anyhow::anyhow!("reading the stream: {e}"))?;
        let seq = message.info().map(|i| i.stream_sequence).unwrap_or(0);
        out.push(StoredMessage {
            subject: message.subject.to_string(),
            msg_id: message
                .headers
                .as_ref()
                .and_then(|h| h.get("Nats-Msg-Id"))
                .map(|v| v.as_str().to_owned()),
            payload: message.payload.to_vec(),
        });
        if seq >= last {
            break;
        }
    }
    Ok(out)
}
