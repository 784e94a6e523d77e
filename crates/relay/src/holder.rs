//! Who holds the lease: a holder id naming the relay's process and machine, and whether that
//! process still runs, so a crashed relay's lease is taken over at once instead of timing out.
//!
//! A holder id reads `<pid>.<start>.<namespace>@<host>#<unique>`: the process id, the process's
//! start time in clock ticks since boot (so a recycled process id is not mistaken for the
//! holder), the process id namespace (a relay in another container or sandbox has process ids of
//! its own, which this one cannot see), the host name, and a unique part for relays within one
//! process. Only Linux's `/proc` is consulted; on
//! other systems, and for ids written by older versions, nothing is known and the lease runs its
//! time as before.

use std::path::Path;

/// A holder id as written into the lease row, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderIdentity {
    pub pid: u32,
    /// Start time of the process in clock ticks since boot (`/proc/<pid>/stat`, field 22).
    pub started: u64,
    /// The inode of the process id namespace (`/proc/self/ns/pid`).
    pub pid_namespace: u64,
    pub host: String,
}

/// Whether the process that holds a lease is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    Running,
    /// Exited, killed (a zombie counts as gone), or its process id now belongs to another process.
    Gone,
    /// Another machine, an id without process details, or no `/proc` to ask.
    Unknown,
}

/// A new holder id for a relay in this process.
pub fn new_holder_id() -> String {
    let pid = std::process::id();
    let unique = uuid::Uuid::now_v7();
    match (process_start(pid), pid_namespace(), host_name()) {
        (Some(started), Some(namespace), Some(host)) => {
            format!("{pid}.{started}.{namespace}@{host}#{unique}")
        }
        _ => format!("{pid}#{unique}"),
    }
}

/// The process and machine a holder id names, if it names them.
pub fn parse(holder: &str) -> Option<HolderIdentity> {
    let (process, rest) = holder.split_once('@')?;
    let (host, _unique) = rest.split_once('#')?;
    let mut numbers = process.split('.');
    let identity = HolderIdentity {
        pid: numbers.next()?.parse().ok()?,
        started: numbers.next()?.parse().ok()?,
        pid_namespace: numbers.next()?.parse().ok()?,
        host: host.to_owned(),
    };
    if numbers.next().is_some() {
        return None;
    }
    (!identity.host.is_empty()).then_some(identity)
}

/// Whether the relay process `holder` names is still running on this machine.
pub fn liveness(holder: &str) -> Liveness {
    let Some(identity) = parse(holder) else {
        return Liveness::Unknown;
    };
    if host_name().as_deref() != Some(identity.host.as_str())
        || pid_namespace() != Some(identity.pid_namespace)
    {
        return Liveness::Unknown;
    }
    // With `hidepid`, other users' processes are invisible; only trust an absence when /proc
    // shows processes we do not own.
    if !Path::new("/proc/1").exists() {
        return Liveness::Unknown;
    }
    match std::fs::read_to_string(format!("/proc/{}/stat", identity.pid)) {
        Ok(stat) => match parse_stat(&stat) {
            Some(('Z' | 'X' | 'x', _)) => Liveness::Gone,
            Some((_, started)) if started != identity.started => Liveness::Gone,
            Some(_) => Liveness::Running,
            None => Liveness::Unknown,
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Liveness::Gone,
        Err(_) => Liveness::Unknown,
    }
}

/// This machine's host name (Linux: `/proc/sys/kernel/hostname`, else `/etc/hostname`).
pub fn host_name() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && !name.contains(['@', '#']))
}

/// The inode of this process's process id namespace.
fn pid_namespace() -> Option<u64> {
    let link = std::fs::read_link("/proc/self/ns/pid").ok()?;
    let link = link.to_str()?;
    link.strip_prefix("pid:[")?.strip_suffix(']')?.parse().ok()
}

/// The start time of process `pid` in clock ticks since boot.
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&stat).map(|(_, started)| started)
}

/// State and start time from a `/proc/<pid>/stat` line. The command name in parentheses may
/// itself hold spaces and parentheses, so the fields are counted from the last `)`.
fn parse_stat(stat: &str) -> Option<(char, u64)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    // Field 3 is the state; field 22 the start time.
    let state = fields.next()?.chars().next()?;
    let started = fields.nth(18)?.parse().ok()?;
    Some((state, started))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_id_names_this_process_which_runs() {
        let id = new_holder_id();
        let identity = parse(&id).expect("a full holder id on Linux");
        assert_eq!(identity.pid, std::process::id());
        assert_eq!(Some(identity.host), host_name());
        assert_eq!(liveness(&id), Liveness::Running);
        assert_ne!(new_holder_id(), id, "two relays in one process differ");
    }

    #[test]
    fn an_exited_process_a_recycled_pid_and_other_machines_are_told_apart() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let host = host_name().unwrap();
        let ns = pid_namespace().unwrap();
        assert_eq!(liveness(&format!("{pid}.1.{ns}@{host}#x")), Liveness::Gone);

        let ours = parse(&new_holder_id()).unwrap();
        let recycled = format!("{}.{}.{ns}@{host}#x", ours.pid, ours.started + 1);
        assert_eq!(liveness(&recycled), Liveness::Gone);

        let elsewhere = format!("{pid}.1.{ns}@not-{host}#x");
        assert_eq!(liveness(&elsewhere), Liveness::Unknown);
        let other_container = format!("{pid}.1.{}@{host}#x", ns + 1);
        assert_eq!(liveness(&other_container), Liveness::Unknown);
        for old_style in [
            "relay-a",
            "1234-0190e5c2-aaaa",
            "1234#x",
            "x.1.2@h#y",
            "1.2@h#y",
        ] {
            assert_eq!(liveness(old_style), Liveness::Unknown, "{old_style}");
        }
    }

    #[test]
    fn stat_lines_with_odd_command_names_are_read() {
        let line =
            "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        assert_eq!(parse_stat(line), Some(('S', 987654)));
        assert_eq!(parse_stat("4242 (x) Z 1"), None);
    }
}
