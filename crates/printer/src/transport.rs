//! How bytes reach a printer: raw TCP (port 9100) or a USB printer device file (/dev/usb/lp0).
//! Every operation is bounded by timeouts, so a missing or jammed printer answers with a typed
//! error within about two seconds instead of hanging the sale.

use crate::error::PrintError;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The port raw ESC/POS network printers listen on.
pub const DEFAULT_PORT: u16 = 9100;

/// Bounds of each step of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To establish the TCP connection.
    pub connect: Duration,
    /// How long the printer may take no data at all before the job is given up.
    pub write: Duration,
    /// How long to wait for the answer to a status request.
    pub read: Duration,
}

impl Timeouts {
    pub const DEFAULT: Duration = Duration::from_secs(2);

    /// The same bound for every step.
    pub fn uniform(timeout: Duration) -> Self {
        Timeouts {
            connect: timeout,
            write: timeout,
            read: timeout,
        }
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts::uniform(Self::DEFAULT)
    }
}

/// A way to reach one printer. Each call is a complete exchange (open, write, close), so one
/// configured printer can be shared by the whole till.
pub trait Transport: Send + Sync + fmt::Debug {
    /// The printer's address or device path, for messages.
    fn target(&self) -> String;

    /// Sends `bytes` to the printer.
    fn send(&self, bytes: &[u8]) -> Result<(), PrintError>;

    /// Sends `request` and reads up to `answer_len` bytes of answer. Returns fewer bytes when the
    /// read timeout passed or the printer closed the connection first, and
    /// [`PrintError::NoAnswer`] when not a single byte came.
    fn exchange(&self, request: &[u8], answer_len: usize) -> Result<Vec<u8>, PrintError>;
}

/// A printer on the network, spoken to on a raw TCP port (usually 9100).
#[derive(Debug, Clone)]
pub struct NetworkTransport {
    address: String,
    timeouts: Timeouts,
}

impl NetworkTransport {
    /// `address` is `host:port`, or `host` for port 9100.
    pub fn new(address: &str, timeouts: Timeouts) -> Self {
        let address = if address
            .rsplit_once(':')
            .is_some_and(|(_, port)| port.parse::<u16>().is_ok())
        {
            address.to_owned()
        } else {
            format!("{address}:{DEFAULT_PORT}")
        };
        NetworkTransport { address, timeouts }
    }

    fn connect(&self) -> Result<TcpStream, PrintError> {
        let addresses: Vec<SocketAddr> = self
            .address
            .to_socket_addrs()
            .map_err(|error| self.unreachable(&error))?
            .collect();
        let deadline = Instant::now() + self.timeouts.connect;
        let mut last_error = None;
        for address in addresses {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                break;
            }
            match TcpStream::connect_timeout(&address, remaining) {
                Ok(stream) => {
                    // Receipts are small: send each write at once.
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(error) => last_error = Some(error),
            }
        }
        Err(match last_error {
            Some(error) if !is_timeout(&error) => self.unreachable(&error),
            _ => PrintError::ConnectTimeout {
                target: self.target(),
                timeout: self.timeouts.connect,
            },
        })
    }

    fn unreachable(&self, error: &io::Error) -> PrintError {
        PrintError::Unreachable {
            target: self.target(),
            reason: error.to_string(),
        }
    }

    fn io_error(&self, error: &io::Error) -> PrintError {
        PrintError::Io {
            target: self.target(),
            reason: error.to_string(),
        }
    }

    fn write_all(&self, stream: &mut TcpStream, bytes: &[u8]) -> Result<(), PrintError> {
        stream
            .set_write_timeout(Some(self.timeouts.write))
            .map_err(|error| self.io_error(&error))?;
        // Each write blocks at most `write` without progress: a stalled printer ends the job.
        stream.write_all(bytes).map_err(|error| {
            if is_timeout(&error) {
                PrintError::Stalled {
                    target: self.target(),
                    timeout: self.timeouts.write,
                }
            } else {
                self.io_error(&error)
            }
        })
    }
}

impl Transport for NetworkTransport {
    fn target(&self) -> String {
        self.address.clone()
    }

    fn send(&self, bytes: &[u8]) -> Result<(), PrintError> {
        let mut stream = self.connect()?;
        self.write_all(&mut stream, bytes)?;
        stream.flush().map_err(|error| self.io_error(&error))?;
        // FIN after the last byte; anything the printer sent is read so closing does not reset
        // the connection (a reset could drop data still on its way).
        let _ = stream.shutdown(Shutdown::Write);
        if stream.set_nonblocking(true).is_ok() {
            let mut sink = [0_u8; 256];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        }
        Ok(())
    }

    fn exchange(&self, request: &[u8], answer_len: usize) -> Result<Vec<u8>, PrintError> {
        let mut stream = self.connect()?;
        self.write_all(&mut stream, request)?;
        let deadline = Instant::now() + self.timeouts.read;
        let mut answer = Vec::with_capacity(answer_len);
        let mut buffer = vec![0_u8; answer_len.max(1)];
        while answer.len() < answer_len {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                break;
            }
            stream
                .set_read_timeout(Some(remaining))
                .map_err(|error| self.io_error(&error))?;
            match stream.read(&mut buffer[..answer_len - answer.len()]) {
                Ok(0) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
                Err(error) if is_timeout(&error) => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(self.io_error(&error)),
            }
        }
        answered(answer, self.target(), self.timeouts.read)
    }
}

/// A printer behind a device file, e.g. `/dev/usb/lp0` of the Linux USB printer driver. Opened
/// non-blocking so a printer that takes no data ends the job after the write timeout.
#[derive(Debug, Clone)]
pub struct DeviceTransport {
    path: PathBuf,
    timeouts: Timeouts,
}

/// How long to wait between tries while a non-blocking device takes no data.
const DEVICE_POLL: Duration = Duration::from_millis(5);

impl DeviceTransport {
    pub fn new(path: impl Into<PathBuf>, timeouts: Timeouts) -> Self {
        DeviceTransport {
            path: path.into(),
            timeouts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self, read: bool) -> Result<std::fs::File, PrintError> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).read(read);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        options.open(&self.path).map_err(|error| {
            let absent = matches!(
                error.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotConnected
            ) || matches!(error.raw_os_error(), Some(libc::ENXIO | libc::ENODEV));
            if absent {
                PrintError::Unreachable {
                    target: self.target(),
                    reason: error.to_string(),
                }
            } else {
                self.io_error(&error)
            }
        })
    }

    fn io_error(&self, error: &io::Error) -> PrintError {
        PrintError::Io {
            target: self.target(),
            reason: error.to_string(),
        }
    }

    /// Writes everything, retrying while the device is busy; gives up after `write` without progress.
    fn write_all(&self, file: &mut std::fs::File, bytes: &[u8]) -> Result<(), PrintError> {
        let mut written = 0;
        let mut last_progress = Instant::now();
        while written < bytes.len() {
            match file.write(&bytes[written..]) {
                Ok(n) if n > 0 => {
                    written += n;
                    last_progress = Instant::now();
                }
                Ok(_) => std::thread::sleep(DEVICE_POLL),
                Err(error) if is_retry(&error) => std::thread::sleep(DEVICE_POLL),
                Err(error) => return Err(self.io_error(&error)),
            }
            if written < bytes.len() && last_progress.elapsed() >= self.timeouts.write {
                return Err(PrintError::Stalled {
                    target: self.target(),
                    timeout: self.timeouts.write,
                });
            }
        }
        file.flush().map_err(|error| self.io_error(&error))
    }
}

impl Transport for DeviceTransport {
    fn target(&self) -> String {
        self.path.display().to_string()
    }

    fn send(&self, bytes: &[u8]) -> Result<(), PrintError> {
        let mut file = self.open(false)?;
        self.write_all(&mut file, bytes)
    }

    fn exchange(&self, request: &[u8], answer_len: usize) -> Result<Vec<u8>, PrintError> {
        let mut file = self.open(true)?;
        self.write_all(&mut file, request)?;
        let deadline = Instant::now() + self.timeouts.read;
        let mut answer = Vec::with_capacity(answer_len);
        let mut buffer = vec![0_u8; answer_len.max(1)];
        while answer.len() < answer_len && Instant::now() < deadline {
            match file.read(&mut buffer[..answer_len - answer.len()]) {
                Ok(n) if n > 0 => answer.extend_from_slice(&buffer[..n]),
                Ok(_) => std::thread::sleep(DEVICE_POLL),
                Err(error) if is_retry(&error) => std::thread::sleep(DEVICE_POLL),
                Err(error) => return Err(self.io_error(&error)),
            }
        }
        answered(answer, self.target(), self.timeouts.read)
    }
}

/// `answer`, or [`PrintError::NoAnswer`] when it is empty.
fn answered(answer: Vec<u8>, target: String, timeout: Duration) -> Result<Vec<u8>, PrintError> {
    if answer.is_empty() {
        Err(PrintError::NoAnswer { target, timeout })
    } else {
        Ok(answer)
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

fn is_retry(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
    )
}
