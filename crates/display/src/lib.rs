//! Customer display hub: mirrors each till's cart to the customer displays that follow it, over
//! WebSocket at `ws://HOST:PORT/ws/pos/<terminal_id>`.
//!
//! Map of the crate:
//! - [`view`]: the display-facing model the core fills in ([`CartView`], [`DisplayState`]);
//!   money is integer cents.
//! - [`message`]: the JSON wire protocol ([`DisplayMessage`], tagged by `"type"`), documented
//!   for third-party displays in `docs/display-protocol.md`.
//! - [`hub`]: [`DisplayHub`], the handle the core publishes through; it keeps the latest state
//!   and version per till and lists the connected displays.
//! - [`server`]: [`run`], the accept loop with the upgrade checks (`Host`, `Origin`, pairing
//!   token, known tills) under a short deadline, the per-address and pending-upgrade limits,
//!   the cap on admitted displays and graceful shutdown.
//! - `limits`: connections counted per peer address, and the answer to one refused at once.
//! - `connection`: one display's life: snapshot, updates, pings, resync when it lags, closing
//!   it when it misbehaves.
//!
//! Displays are read-only: nothing they send can change a cart.
//!
//! # Example
//!
//! ```no_run
//! use filiale_display::{CartView, DisplayConfig, DisplayHub, DisplayState, TerminalId};
//!
//! # async fn example() -> anyhow::Result<()> {
//! let hub = DisplayHub::new();
//! let listener = tokio::net::TcpListener::bind(filiale_display::default_bind_addr()).await?;
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! let server = tokio::spawn(filiale_display::run(
//!     listener,
//!     DisplayConfig::default(),
//!     hub.clone(),
//!     async move { let _ = stopped.await; },
//! ));
//!
//! // In the cart use cases, after every change:
//! let kasse = TerminalId::parse("kasse-1")?;
//! let version = hub.publish(&kasse, DisplayState::Cart { cart: CartView::default() });
//! assert_eq!(version, 1);
//!
//! // The cashier's window can show who is watching:
//! for display in hub.connected_displays() {
//!     println!("{} follows {} since {}", display.peer, display.terminal_id, display.connected_since);
//! }
//!
//! let _ = stop.send(());
//! server.await??;
//! # Ok(())
//! # }
//! ```

mod admission;
pub mod config;
mod connection;
pub mod hub;
mod limits;
pub mod message;
pub mod server;
pub mod terminal;
pub mod view;

pub use admission::PATH_PREFIX;
pub use config::{
    DEFAULT_PORT, DisplayConfig, InvalidPairingToken, PairingToken, ServeError, default_bind_addr,
};
pub use hub::{ConnectedDisplay, DisplayHub};
pub use message::{ClientMessage, DisplayMessage};
pub use server::run;
pub use terminal::{InvalidTerminalId, TerminalId};
pub use view::{
    CartLineView, CartView, DisplayState, PaymentMethod, UnknownVatRate, VatBreakdownView, VatRate,
};
