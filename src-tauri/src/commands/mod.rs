//! The cashier window's Tauri commands: thin adapters from the window to the core's use cases,
//! grouped as the core groups them (till, the till's trading day, search, back office,
//! purchasing, staff, sync). Each answers a refusal as an [`ErrorCode`] (`{code, params}`). The commands are listed once, in
//! `list.rs`; from that list come the invoke handler, the generated TypeScript
//! (`ui/src/api/bindings.ts`, checked by the `bindings` test), Tauri's app manifest and the
//! window's capability (both in `build.rs`).

pub mod back_office;
pub mod fiscal;
mod list;
pub mod purchasing;
pub mod search;
pub mod staff;
pub mod sync;
pub mod till;
pub mod till_day;

#[cfg(test)]
mod bindings;

use crate::probe;
use filiale_app::ErrorCode;

/// What every command answers: its value, or the refusal the window words in its language.
pub type UiResult<T> = Result<T, ErrorCode>;

/// Turns a use-case error into the refusal the window shows.
pub fn refused(error: impl Into<ErrorCode>) -> ErrorCode {
    error.into()
}

/// Builds the command set from the one list: the invoke handler and the TypeScript exporter.
macro_rules! commands {
    ($($module:ident :: $command:ident),* $(,)?) => {
        /// The window's commands with how their TypeScript is written: errors thrown as
        /// `ErrorCode`; 64-bit integers as `number` (cents, counters and receipt numbers stay far
        /// below 2^53, so nothing is lost; `BigInt` would burden every screen); one type per Rust
        /// type (every exchanged type has one JSON shape both ways).
        pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
            tauri_specta::Builder::<tauri::Wry>::new()
                .commands(tauri_specta::collect_commands![$($module::$command),*])
                .typ::<ErrorCode>()
                .error_handling(tauri_specta::ErrorHandlingMode::Throw)
                .dangerously_cast_bigints_to_number()
                .disable_serde_phases()
        }

        /// The names the window invokes, as listed.
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($command)),*];
    };
}

list::with_commands!(commands);
