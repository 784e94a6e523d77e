//! The `filiale-hq` binary: report on a fresh data directory, as a table and as JSON; which
//! database it uses.

use std::process::Command;

fn hq(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_filiale-hq"))
        .env("FILIALE_DATA_DIR", dir)
        .env_remove("FILIALE_NATS_URL")
        .env_remove("FILIALE_HQ_DATABASE")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn report_on_an_empty_head_office_prints_a_table_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = hq(dir.path(), &["report"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("No events applied yet."));
    let out = hq(dir.path(), &["report", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stores"], serde_json::json!([]));
    assert!(dir.path().join("hq.sqlite").exists());
}

#[test]
fn a_misspelt_setting_in_hq_toml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hq.toml"), "[nats]\nsever = [\"x\"]\n").unwrap();
    let out = hq(dir.path(), &["report"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hq.toml") && stderr.contains("unknown field"),
        "{stderr}"
    );
}

#[test]
fn the_database_is_chosen_by_hq_toml_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hq.toml"),
        "database = \"central.sqlite\"\n[consumer]\nbatch_size = 100\n",
    )
    .unwrap();
    let out = hq(dir.path(), &["report", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("central.sqlite").exists());
    assert!(!dir.path().join("hq.sqlite").exists());

    let out = hq(dir.path(), &["--database", "other.sqlite", "report"]);
    assert!(out.status.success());
    assert!(dir.path().join("other.sqlite").exists());
}

#[test]
fn a_report_from_an_unreachable_postgresql_fails_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://hq:geheim@127.0.0.1:{port}/hq");
    let out = hq(dir.path(), &["--database", &url, "report"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PostgreSQL"), "{stderr}");
    assert!(
        !stderr.contains("geheim"),
        "the password was printed: {stderr}"
    );
    assert!(!dir.path().join("hq.sqlite").exists());
}
