//! Starting the real server on a free loopback port and talking to it as a display would.

use std::net::SocketAddr;
use std::time::Duration;

use filiale_display::{
    CartLineView, CartView, DisplayConfig, DisplayHub, DisplayMessage, ServeError, TerminalId,
    VatBreakdownView, VatRate,
};
use futures_util::StreamExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Display = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Longest a test waits for something that should happen at once.
pub const PATIENCE: Duration = Duration::from_secs(10);

pub fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("filiale_display=debug")
            .with_test_writer()
            .try_init();
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub hub: DisplayHub,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), ServeError>>,
}

impl TestServer {
    /// Binds 127.0.0.1:0 and runs the server with `config`.
    pub async fn start(config: DisplayConfig, hub: DisplayHub) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::start_on(listener, config, hub)
    }

    pub fn start_on(listener: TcpListener, config: DisplayConfig, hub: DisplayHub) -> Self {
        init_logs();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(filiale_display::run(listener, config, hub.clone(), async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            hub,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, terminal: &str) -> String {
        format!("ws://{}/ws/pos/{terminal}", self.addr)
    }

    /// Stops the server and waits until every connection is closed.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(PATIENCE, &mut self.task)
            .await
            .expect("server stops in time")
            .unwrap()
            .unwrap();
    }

    pub async fn connect(&self, terminal: &str) -> Display {
        connect_url(&self.url(terminal), &[]).await.unwrap()
    }

    /// Waits until exactly `count` displays are listed as connected.
    pub async fn wait_for_displays(&self, count: usize) {
        let waiting = async {
            while self.hub.connected_displays().len() != count {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(PATIENCE, waiting)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "expected {count} connected displays, have {:?}",
                    self.hub.connected_displays()
                )
            });
    }
}

pub async fn connect_url(url: &str, headers: &[(&str, &str)]) -> Result<Display, WsError> {
    let mut request = url.into_client_request().unwrap();
    for (name, value) in headers {
        let name: tokio_tungstenite::tungstenite::http::HeaderName = name.parse().unwrap();
        request
            .headers_mut()
            .insert(name, HeaderValue::from_str(value).unwrap());
    }
    let (ws, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(ws)
}

/// The HTTP status the server answered an upgrade with, or `None` if it accepted.
pub async fn upgrade_status(url: &str, headers: &[(&str, &str)]) -> Option<StatusCode> {
    match connect_url(url, headers).await {
        Ok(_) => None,
        Err(WsError::Http(response)) => Some(response.status()),
        Err(other) => panic!("unexpected upgrade failure: {other}"),
    }
}

/// The next protocol message, skipping WebSocket pings.
pub async fn next_message(display: &mut Display) -> DisplayMessage {
    loop {
        let frame = tokio::time::timeout(PATIENCE, display.next())
            .await
            .expect("a message within the patience limit")
            .expect("connection still open")
            .expect("no transport error");
        match frame {
            Message::Text(text) => return serde_json::from_str(&text).expect("valid message"),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

/// Reads until the server closes and returns its close frame, answering it as a real client
/// would (tungstenite sends the reply while reading on).
pub async fn close_frame(display: &mut Display) -> Option<CloseFrame> {
    loop {
        let frame = tokio::time::timeout(PATIENCE, display.next())
            .await
            .expect("the server closes within the patience limit");
        match frame {
            Some(Ok(Message::Close(frame))) => {
                let _ = tokio::time::timeout(PATIENCE, async {
                    while let Some(Ok(_)) = display.next().await {}
                })
                .await;
                return frame;
            }
            Some(Ok(_)) => continue,
            Some(Err(error)) => panic!("connection broke without a close frame: {error}"),
            None => return None,
        }
    }
}

pub fn terminal(raw: &str) -> TerminalId {
    TerminalId::parse(raw).unwrap()
}

/// A believable cart of `lines` articles.
pub fn cart(lines: usize) -> CartView {
    let lines: Vec<CartLineView> = (0..lines)
        .map(|i| CartLineView {
            sku: format!("ART-{i:05}"),
            name: format!("Blumenerde torffrei 40 l, Sack Nr. {i}"),
            quantity: 1 + (i as i64 % 3),
            unit_price_cents: 799,
            line_total_cents: 799 * (1 + (i as i64 % 3)),
            vat_rate: VatRate::Standard,
        })
        .collect();
    let total: i64 = lines.iter().map(|line| line.line_total_cents).sum();
    let net = total * 100 / 119;
    CartView {
        lines,
        total_cents: total,
        vat_breakdown: vec![VatBreakdownView {
            rate: VatRate::Standard,
            net_cents: net,
            vat_cents: total - net,
            gross_cents: total,
        }],
        customer_name: Some("Frau Gärtner".into()),
    }
}
