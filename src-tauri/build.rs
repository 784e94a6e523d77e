//! Build script of the desktop shell: Tauri's code generation. The app's commands come from the one
//! list in `src/commands/list.rs`, and so does the cashier window's capability, written here into
//! OUT_DIR beside a copy of the display window's (which allows nothing).

use std::path::{Path, PathBuf};

/// Makes `COMMANDS` from the list: every command the app manifest declares.
macro_rules! commands {
    ($($module:ident :: $command:ident),* $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($command)),*];
    };
}

#[path = "src/commands/list.rs"]
mod list;

list::with_commands!(commands);

/// The cashier window's capability: Tauri's core defaults and exactly the listed commands.
fn cashier_capability() -> String {
    let permissions: Vec<String> = std::iter::once("core:default".to_owned())
        .chain(
            COMMANDS
                .iter()
                .map(|c| format!("allow-{}", c.replace('_', "-"))),
        )
        .collect();
    let capability = serde_json::json!({
        "identifier": "cashier",
        "description": "The cashier window: the till, the manager's approvals and the back office. \
                        Only the app's own commands (src-tauri/src/commands/list.rs), no file \
                        system, shell or window control.",
        "windows": ["cashier"],
        "permissions": permissions,
    });
    serde_json::to_string_pretty(&capability).expect("capability JSON")
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let capabilities = out_dir.join("capabilities");
    std::fs::create_dir_all(&capabilities).expect("capabilities folder in OUT_DIR");
    std::fs::write(capabilities.join("cashier.json"), cashier_capability())
        .expect("write the cashier capability");
    let display = Path::new("src-tauri/capabilities/display.json");
    std::fs::copy(
        manifest_dir.join(display),
        capabilities.join("display.json"),
    )
    .expect("copy the display capability");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/list.rs");
    println!("cargo:rerun-if-changed={}", display.display());
    let pattern = format!("{}/*.json", capabilities.display());
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern(Box::leak(pattern.into_boxed_str()))
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build configuration");
}
