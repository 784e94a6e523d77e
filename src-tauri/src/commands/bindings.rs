//! The window's TypeScript (`ui/src/api/bindings.ts`) is generated from the one list of commands:
//! `UPDATE_BINDINGS=1 cargo test -p filiale --bin filiale bindings` writes it; without the variable
//! the test fails when the committed file differs from what the commands say now.

use super::{NAMES, specta_builder};
use std::path::{Path, PathBuf};

const HEADER: &str = "// Generated from src-tauri/src/commands (list.rs) by\n\
                      // `UPDATE_BINDINGS=1 cargo test -p filiale --bin filiale bindings`. Do not edit.";

fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/bindings.ts")
}

/// The TypeScript the commands say now.
fn generated() -> String {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("bindings.ts");
    specta_builder()
        .export(
            specta_typescript::Typescript::default().header(HEADER),
            &path,
        )
        .expect("the commands' types export to TypeScript");
    std::fs::read_to_string(&path).expect("exported bindings")
}

#[test]
fn bindings_are_current() {
    let now = generated();
    let path = committed_path();
    if std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &now).expect("write ui/src/api/bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "bindings are stale: run UPDATE_BINDINGS=1 cargo test -p filiale --bin filiale bindings \
         and commit ui/src/api/bindings.ts"
    );
}

#[test]
fn each_listed_command_is_invoked_by_its_name_in_the_bindings() {
    let now = generated();
    let mut names = NAMES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), NAMES.len(), "a command is listed twice");
    for name in NAMES {
        assert!(
            now.contains(&format!("\"{name}\"")),
            "{name} is not in the bindings"
        );
    }
}

#[test]
fn the_error_code_is_exported_with_its_codes() {
    let now = generated();
    for code in [
        "\"wrong_pin\"",
        "\"locked_out\"",
        "\"needs_manager\"",
        "\"internal\"",
    ] {
        assert!(now.contains(code), "{code} is not in the bindings");
    }
}
