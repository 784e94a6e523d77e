//! Starts real nats-server processes for tests: JetStream on a free port with a temp store dir,
//! stoppable and restartable. Shared by the relay's and head office's tests (included by path).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (this file lives in crates/relay/tests/support/).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("scripts/install-nats-server").exists())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// The nats-server binary: `NATS_SERVER_BIN`, else `nats-server` on PATH, else the one
/// `scripts/install-nats-server` installs.
pub fn nats_server_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("NATS_SERVER_BIN") {
        return PathBuf::from(bin);
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join("nats-server");
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    let installed = repo_root().join(".venv-tools/bin/nats-server");
    if installed.is_file() {
        return installed;
    }
    panic!(
        "nats-server not found (NATS_SERVER_BIN, PATH, .venv-tools/bin): run scripts/install-nats-server"
    );
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port")
}

/// One nats-server process with JetStream.
pub struct NatsServer {
    pub port: u16,
    /// Holds the JetStream store dir; kept across restarts.
    dir: tempfile::TempDir,
    extra: Vec<String>,
    child: Option<Child>,
}

impl NatsServer {
    /// A plain JetStream server on a free port.
    pub fn start() -> NatsServer {
        NatsServer::start_with(free_port(), &[])
    }

    /// A server on `port` with extra command-line arguments (e.g. `-c deploy/nats/x.conf`).
    /// Command-line flags override the config file, so port and store dir are always the test's.
    pub fn start_with(port: u16, extra: &[&str]) -> NatsServer {
        let mut server = NatsServer {
            port,
            dir: tempfile::tempdir().unwrap(),
            extra: extra.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        server.spawn();
        server
    }

    /// A server started from one of the repository's deploy/nats/ config files (with `extra`
    /// command-line overrides). The files are copied next to the test's store dir, with `store_dir`
    /// pointed there; everything else is used as written.
    pub fn start_deployed(config: &str, port: u16, extra: &[&str]) -> NatsServer {
        let mut server = NatsServer::deployed(config, port, extra);
        server.spawn();
        server
    }

    /// Like [`start_deployed`], after `prepare` has written files (certificates) into the folder
    /// that stands in for `/etc/filiale-nats/` in the copied config files.
    pub fn start_deployed_with_files(
        config: &str,
        port: u16,
        prepare: impl FnOnce(&Path),
    ) -> NatsServer {
        let mut server = NatsServer::deployed(config, port, &[]);
        prepare(&server.dir.path().join("etc"));
        server.spawn();
        server
    }

    /// Like [`start_deployed`] without waiting for the server to accept clients (cluster nodes).
    pub fn start_deployed_unready(config: &str, port: u16, extra: &[&str]) -> NatsServer {
        let mut server = NatsServer::deployed(config, port, extra);
        server.spawn_process();
        server
    }

    fn deployed(config: &str, port: u16, extra: &[&str]) -> NatsServer {
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("jetstream");
        for entry in std::fs::read_dir(repo_root().join("deploy/nats")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "conf") {
                let text = std::fs::read_to_string(&path).unwrap();
                let text: String = text
                    .lines()
                    .map(|line| {
                        if line.trim_start().starts_with("store_dir:") {
                            format!("    store_dir: {:?}\n", store_dir.display().to_string())
                        } else {
                            let etc = format!("{}/", dir.path().join("etc").display());
                            format!("{}\n", line.replace("/etc/filiale-nats/", &etc))
                        }
                    })
                    .collect();
                std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
            }
        }
        let mut args = vec![
            "-c".to_owned(),
            dir.path().join(config).display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        NatsServer {
            port,
            dir,
            extra: args,
            child: None,
        }
    }

    /// Starts the server without waiting for it to accept clients (cluster nodes wait for peers).
    pub fn start_unready(port: u16, extra: &[&str]) -> NatsServer {
        let mut server = NatsServer {
            port,
            dir: tempfile::tempdir().unwrap(),
            extra: extra.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        server.spawn_process();
        server
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn store_dir(&self) -> &Path {
        self.dir.path()
    }

    fn spawn_process(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("server.log")).unwrap();
        let mut command = Command::new(nats_server_bin());
        command
            .args(&self.extra)
            .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string()]);
        if !self.extra.iter().any(|a| a.ends_with(".conf"))
            || !self.dir.path().join("store.conf").exists()
        {
            command.arg("-sd").arg(self.dir.path().join("jetstream"));
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("cannot start nats-server: run scripts/install-nats-server");
        self.child = Some(child);
    }

    fn spawn(&mut self) {
        self.spawn_process();
        self.wait_ready();
    }

    /// Waits until the server accepts connections and greets with INFO.
    pub fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                stream.set_read_timeout(Some(Duration::from_secs(2))).ok();
                let mut line = String::new();
                if BufReader::new(stream).read_line(&mut line).is_ok() && line.starts_with("INFO") {
                    return;
                }
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("nats-server exited with {status}: {}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "nats-server did not start: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's log so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Kills the server at once, like a crash or a pulled cable.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the server the way an operator does (SIGTERM): it flushes and closes cleanly.
    pub fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port with the same store dir (after [`stop`] or [`terminate`]).
    pub fn start_again(&mut self) {
        assert!(self.child.is_none(), "server is still running");
        self.spawn();
    }

    /// A clean restart on the same port with the same store dir.
    pub fn restart(&mut self) {
        self.terminate();
        self.spawn();
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
