//! Starts a real PostgreSQL server for tests (Debian's `postgresql` package, any version): `initdb`
//! in a temporary folder, `postgres` on a free port with its socket in that folder; as root (CI) it
//! runs as the unprivileged user `nobody`, since PostgreSQL refuses to run as root. Killable and
//! restartable on the same data, like a crash.

#![allow(dead_code)]

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The unprivileged account PostgreSQL runs as when the tests run as root.
const UNPRIVILEGED_USER: &str = "nobody";

/// The folder with `initdb`, `postgres` and `pg_isready`: `PG_BIN_DIR`, else the newest
/// /usr/lib/postgresql/<version>/bin.
pub fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN_DIR") {
        return PathBuf::from(dir);
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").is_file().then_some((version, bin))
        })
        .max();
    match newest {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres, PG_BIN_DIR unset): \
             run scripts/setup (Debian package postgresql)"
        ),
    }
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn id_of(flag: &str) -> u32 {
    let out = Command::new("id")
        .args([flag, UNPRIVILEGED_USER])
        .output()
        .expect("running id");
    assert!(
        out.status.success(),
        "no user {UNPRIVILEGED_USER} on this machine"
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// A command for one of PostgreSQL's programs, as `nobody` when we are root.
fn pg_command(program: &str) -> Command {
    let path = bin_dir().join(program);
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", UNPRIVILEGED_USER, "--"]).arg(path);
        command
    } else {
        Command::new(path)
    }
}

/// One PostgreSQL server with a throw-away cluster; stopped (immediately) when dropped.
pub struct PostgresServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl PostgresServer {
    /// A fresh cluster (superuser `postgres`, trust authentication) on a free port.
    pub fn start() -> PostgresServer {
        PostgresServer::start_on(free_port())
    }

    /// A fresh cluster on `port`.
    pub fn start_on(port: u16) -> PostgresServer {
        let dir = tempfile::Builder::new()
            .prefix("filiale-hq-pg")
            .tempdir()
            .unwrap();
        if running_as_root() {
            std::os::unix::fs::chown(dir.path(), Some(id_of("-u")), Some(id_of("-g"))).unwrap();
        }
        let out = pg_command("initdb")
            .arg("-D")
            .arg(dir.path().join("data"))
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ])
            .output()
            .expect("running initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut server = PostgresServer {
            port,
            dir,
            child: None,
        };
        server.spawn();
        server
    }

    /// A connection URL for the `postgres` database.
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    pub fn url_for(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("postgres.log")
    }

    fn spawn(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.log_path())
                .unwrap();
            let mut child = pg_command("postgres")
                .arg("-D")
                .arg(self.data_dir())
                .args(["-p", &self.port.to_string(), "-k"])
                .arg(self.dir.path())
                .args([
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "max_connections=20",
                    "-c",
                    "shared_buffers=16MB",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("starting postgres");
            // After a kill, the old server's last backends may still hold its shared memory for a
            // moment; the new one then exits at once and is started again.
            match self.wait_until_ready(&mut child, deadline) {
                Ok(()) => {
                    self.child = Some(child);
                    return;
                }
                Err(()) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(()) => panic!(
                    "postgres did not start within 30 s; its log:\n{}",
                    std::fs::read_to_string(self.log_path()).unwrap_or_default()
                ),
            }
        }
    }

    /// Ok once the server accepts connections; Err if it exited (or the deadline passed).
    fn wait_until_ready(&self, child: &mut Child, deadline: Instant) -> Result<(), ()> {
        loop {
            if child.try_wait().unwrap().is_some() {
                return Err(());
            }
            let ready = Command::new(bin_dir().join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ready {
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The postmaster's process id, from `postmaster.pid` in the data folder.
    fn postmaster_pid(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.data_dir().join("postmaster.pid")).ok()?;
        text.lines().next().map(|l| l.trim().to_owned())
    }

    fn signal(&self, signal: &str) {
        if let Some(pid) = self.postmaster_pid() {
            let _ = Command::new("kill").args([signal, &pid]).status();
        }
    }

    /// Kills the server like a crash (SIGKILL, no shutdown): open transactions are lost, committed
    /// ones are kept, clients see their connection drop.
    pub fn kill(&mut self) {
        self.signal("-KILL");
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and data.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "restart only after kill");
        self.spawn();
    }

    /// Creates a database and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        let out = Command::new(bin_dir().join("psql"))
            .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", "-d", "postgres", "-c"])
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .expect("running psql");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url_for(name)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Immediate shutdown: nothing of a test cluster needs to be kept.
            self.signal("-QUIT");
            let deadline = Instant::now() + Duration::from_secs(10);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            self.signal("-KILL");
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port")
}
