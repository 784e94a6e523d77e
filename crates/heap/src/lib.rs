//! Gives the heap memory a finished job freed back to the operating system.
//!
//! glibc's allocator keeps freed memory in its arenas for reuse: after a batch of embeddings
//! (tens of MB of activations on each of two threads) or the start of the app, that memory
//! would stay counted against the process until the next large job. [`release_free_memory`]
//! returns the whole free pages of every arena at once. It is the one place of the workspace
//! that calls C (`unsafe_code` is denied everywhere else).

/// Returns the free pages of all of the allocator's arenas to the operating system; true when
/// some memory was given back (always false where the platform has no such call). Takes a few
/// milliseconds: call it after a job, not inside one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_free_memory() -> bool {
    // SAFETY: malloc_trim only walks and madvises the allocator's own free lists under its
    // locks; it takes no pointers from us and is safe to call from any thread at any time.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// On other platforms the allocator decides for itself; nothing to do.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resident memory of this process in KiB, from /proc.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn resident_kib() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap()
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_blocks_leave_the_process() {
        // Many blocks below the mmap threshold, touched, then freed: glibc keeps them.
        let blocks: Vec<Vec<u8>> = (0..4096).map(|i| vec![i as u8 | 1; 64 * 1024]).collect();
        let keep_last = blocks.last().unwrap().clone();
        drop(blocks);
        let before = resident_kib();
        assert!(release_free_memory(), "there were free pages to give back");
        let after = resident_kib();
        assert!(
            after + 100 * 1024 < before,
            "RSS went from {before} KiB to {after} KiB; 256 MB were freed"
        );
        assert_eq!(keep_last[0], 255 | 1, "live memory is untouched");
    }
}
