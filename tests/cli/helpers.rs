//! Running the real `filiale` binary against a fresh data directory, and reading its database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh data directory with an initialised store.
pub struct TestStore {
    pub dir: tempfile::TempDir,
}

impl TestStore {
    pub fn new() -> TestStore {
        let store = TestStore {
            dir: tempfile::tempdir().unwrap(),
        };
        store.ok(&[
            "init",
            "--store-id",
            "test-store",
            "--store-name",
            "Teststore",
        ]);
        store
    }

    pub fn with_demo() -> TestStore {
        let store = TestStore {
            dir: tempfile::tempdir().unwrap(),
        };
        store.ok(&["init", "--demo"]);
        store
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_filiale"));
        command
            .arg("--data-dir")
            .arg(self.path())
            .args(args)
            .env_remove("FILIALE_FAILPOINTS");
        command.env("FILIALE_LOG", "warn");
        // Refusals are worded in the shell's language; the tests read the English words.
        command.env("FILIALE_LANG", "en");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("filiale runs")
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "filiale {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail and returns its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "filiale {args:?} should fail but printed {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn write_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.path().join("filiale.sqlite")).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Event types in the outbox, in store_seq order.
    pub fn event_types(&self) -> Vec<String> {
        let db = self.db();
        let mut stmt = db
            .prepare("SELECT event_type FROM outbox ORDER BY store_seq")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// store_seq values are 1..=n with no gap.
    pub fn assert_gapless_store_seq(&self) {
        let db = self.db();
        let (count, min, max): (i64, Option<i64>, Option<i64>) = db
            .query_row(
                "SELECT COUNT(*), MIN(store_seq), MAX(store_seq) FROM outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        if count > 0 {
            assert_eq!((min, max), (Some(1), Some(count)), "store_seq has gaps");
        }
    }
}

/// A small article file the way a German spreadsheet exports it: BOM, semicolons, decimal commas, quotes.
pub const GERMAN_ARTICLES: &str = "\u{feff}sku;ean;name;description;category;unit;price;vat_rate;stock;reorder_point;supplier;lead_time_days;pack_size\r\n\
T-1;4006381333931;Gießkanne 10 l;\"Robust; mit Brause\";Bewässerung;Stk;12,99;19;10;3;Gardena;5;6\r\n\
T-2;;Tomatensamen Harzfeuer;Samen für 20 Pflanzen;Saatgut;Pck;2,49;7;40;10;Kiepenkerl;7;10\r\n\
T-3;;Blumenerde torffrei 40 l;;Erden & Substrate;Sack;1.234,50;19;5;2;;;\r\n";
