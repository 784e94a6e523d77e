//! Log files on the real binary: one per day in the data directory's `logs/`, owner-only, and
//! no more than the last thirty kept.

use crate::helpers::TestStore;

#[test]
fn old_log_files_are_deleted_and_the_newest_kept() {
    let store = TestStore::new();
    let logs = store.path().join("logs");
    for day in 1..=40 {
        let name = format!("filiale.log.2025-01-{:02}", day.min(31));
        let name = if day > 31 {
            format!("filiale.log.2025-02-{:02}", day - 31)
        } else {
            name
        };
        std::fs::write(logs.join(name), b"old line\n").unwrap();
    }
    // Something else in the folder is never touched.
    std::fs::write(logs.join("notizen.txt"), b"keep me\n").unwrap();
    store.ok(&["status"]);
    let kept: Vec<String> = std::fs::read_dir(&logs)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("filiale.log."))
        .collect();
    assert!(
        (1..=30).contains(&kept.len()),
        "{} log files kept: {kept:?}",
        kept.len()
    );
    assert!(logs.join("notizen.txt").exists());
}
