//! The windows besides the cashier's: the customer display, placed on a second monitor when
//! there is one, and the rule that closing the cashier window ends the app.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder, Window, WindowEvent};

/// Label of the customer display window; its capability (`display.json`) allows no command.
pub const DISPLAY_LABEL: &str = "display";

/// Label of the cashier window declared in tauri.conf.json.
pub const CASHIER_LABEL: &str = "cashier";

/// Whether the display should fill its screen: `FILIALE_DISPLAY_FULLSCREEN=1|0`, and by default
/// only when it has a monitor of its own.
fn fullscreen_wanted(own_monitor: bool) -> bool {
    match std::env::var("FILIALE_DISPLAY_FULLSCREEN").as_deref() {
        Ok("1") | Ok("true") => true,
        Ok("0") | Ok("false") => false,
        _ => own_monitor,
    }
}

/// The page the display loads: its hub port and terminal travel in the query, the display has no
/// other way to learn them.
pub fn display_url(port: u16, terminal_id: &str) -> String {
    format!("display.html?port={port}&terminal={terminal_id}")
}

/// Opens the customer display window following `terminal_id` on the hub at `port`.
///
/// On Linux the display's webview is related to the cashier's, so both pages share one WebKit
/// web process instead of starting a second one (about 70 MB less for the whole app).
pub fn open_customer_display(app: &AppHandle, port: u16, terminal_id: &str) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(cashier) = app.get_webview_window(CASHIER_LABEL) {
        let app = app.clone();
        let terminal_id = terminal_id.to_owned();
        return cashier.with_webview(move |cashier_view| {
            let opened = display_window(&app, port, &terminal_id)
                .and_then(|builder| builder.with_related_view(cashier_view.inner()).build());
            if let Err(error) = opened {
                tracing::error!(%error, "the customer display window could not be opened");
            }
        });
    }
    display_window(app, port, terminal_id)?.build()?;
    Ok(())
}

/// The display window as it opens: on the second monitor when there is one, fullscreen there.
fn display_window<'a>(
    app: &'a AppHandle,
    port: u16,
    terminal_id: &str,
) -> tauri::Result<WebviewWindowBuilder<'a, tauri::Wry, AppHandle>> {
    let primary = app.primary_monitor()?;
    let second = app.available_monitors()?.into_iter().find(|m| {
        primary
            .as_ref()
            .is_none_or(|p| p.position() != m.position())
    });
    let mut builder = WebviewWindowBuilder::new(
        app,
        DISPLAY_LABEL,
        WebviewUrl::App(display_url(port, terminal_id).into()),
    )
    .title("Filiale – Kundenanzeige")
    .inner_size(1024.0, 600.0)
    .focused(false);
    if let Some(monitor) = &second {
        let scale = monitor.scale_factor();
        let at = monitor.position().to_logical::<f64>(scale);
        builder = builder.position(at.x, at.y);
    }
    Ok(builder.fullscreen(fullscreen_wanted(second.is_some())))
}

/// Closing the cashier window ends the app, display window included.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if window.label() == CASHIER_LABEL && matches!(event, WindowEvent::CloseRequested { .. }) {
        window.app_handle().exit(0);
    }
}
