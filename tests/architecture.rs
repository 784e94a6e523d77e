//! The rules of ARCHITECTURE.md that a reading of the tree can check, each a test: which crate may
//! depend on which, who may use SQLite's connection API and Tauri, every Rust file's `//!` line,
//! and the length of files. They read the sources as text, as a reviewer would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file git tracks (or would track) under `dir`, relative to the root.
fn tracked_files(extensions: &[&str]) -> Vec<PathBuf> {
    let output = std::process::Command::new("git")
        .args(["ls-files", "--cached", "--others", "--exclude-standard"])
        .current_dir(root())
        .output()
        .expect("git ls-files");
    assert!(output.status.success(), "git ls-files failed");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .filter(|p| root().join(p).is_file())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The packages of the workspace: name -> manifest path.
fn packages() -> BTreeMap<String, PathBuf> {
    let mut manifests = vec![PathBuf::from("Cargo.toml")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if manifest.is_file() {
            manifests.push(manifest.strip_prefix(root()).unwrap().to_owned());
        }
    }
    manifests
        .into_iter()
        .map(|m| (package_name(&read(&m)), m))
        .collect()
}

fn package_name(manifest: &str) -> String {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(rest) = line.strip_prefix("name") {
            return rest
                .trim_start_matches([' ', '='])
                .trim_matches('"')
                .to_owned();
        }
    }
    panic!("a manifest without a package name")
}

/// The names a manifest lists under `[dependencies]` (and platform-specific dependencies):
/// what the crate's own code may use, tests and build scripts aside.
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut in_dependencies = false;
    let mut names = BTreeSet::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]"
                || (line.starts_with("[target.") && line.ends_with(".dependencies]"));
            continue;
        }
        if in_dependencies
            && let Some(name) = line.split(['=', '.', ' ']).next()
            && !name.is_empty()
            && !name.starts_with('#')
        {
            names.insert(name.to_owned());
        }
    }
    names
}

/// The layers as ARCHITECTURE.md draws them: the fenced block after "## Layers", one line per
/// crate, `crate: the workspace crates it may depend on`.
fn drawn_layers() -> BTreeMap<String, BTreeSet<String>> {
    let architecture = read(Path::new("ARCHITECTURE.md"));
    let section = architecture
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a section \"## Layers\"");
    let block = section
        .split("```")
        .nth(1)
        .expect("the Layers section draws the layers in a fenced block");
    block
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (name, deps) = line.split_once(':').expect("`crate: dependencies`");
            let deps = deps.split_whitespace().map(str::to_owned).collect();
            (name.trim().to_owned(), deps)
        })
        .collect()
}

#[test]
fn crates_depend_only_on_the_layers_architecture_md_draws() {
    let drawn = drawn_layers();
    let packages = packages();
    let workspace: BTreeSet<&String> = packages.keys().collect();
    let mut broken = Vec::new();
    for (name, manifest) in &packages {
        let Some(allowed) = drawn.get(name) else {
            broken.push(format!("{name} is not drawn in ARCHITECTURE.md's Layers"));
            continue;
        };
        for dependency in dependencies(&read(manifest)) {
            if workspace.contains(&dependency) && !allowed.contains(&dependency) {
                broken.push(format!("{name} depends on {dependency}"));
            }
        }
    }
    for name in drawn.keys() {
        if !packages.contains_key(name) {
            broken.push(format!("ARCHITECTURE.md draws {name}, which is no crate"));
        }
    }
    assert!(broken.is_empty(), "layering broken: {broken:#?}");
}

#[test]
fn only_the_desktop_shell_depends_on_tauri() {
    let offenders: Vec<String> = packages()
        .into_iter()
        .filter(|(name, manifest)| {
            name != "filiale"
                && dependencies(&read(manifest))
                    .iter()
                    .any(|d| d.starts_with("tauri"))
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        offenders.is_empty(),
        "crates depending on Tauri: {offenders:?}"
    );
}

/// The crates that hold a SQLite database of their own, each for a reason; the store's file is
/// reached through `filiale-store` alone.
const OWN_DATABASES: &[(&str, &str)] = &[
    ("filiale-store", "the store's database file"),
    (
        "filiale-search",
        "the search index's own file in <data-dir>/search/",
    ),
    ("filiale-hq", "head office's own database"),
    (
        "filiale-soak",
        "the outside auditor: opens a store's file to check it and writes nothing",
    ),
];

#[test]
fn only_the_store_and_owners_of_other_databases_use_sqlite() {
    let mut offenders = Vec::new();
    for (name, manifest) in packages() {
        if OWN_DATABASES.iter().any(|(owner, _)| *owner == name) {
            continue;
        }
        if dependencies(&read(&manifest)).contains("rusqlite") {
            offenders.push(format!("{name} depends on rusqlite"));
        }
        let dir = manifest.parent().unwrap().join("src");
        let dir = if name == "filiale" {
            PathBuf::from("src-tauri/src")
        } else {
            dir
        };
        for file in tracked_files(&["rs"]) {
            if file.starts_with(&dir) && read(&file).contains("rusqlite") {
                offenders.push(format!("{} uses rusqlite", file.display()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "SQLite outside its owners ({OWN_DATABASES:?}): {offenders:#?}"
    );
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let missing: Vec<PathBuf> = tracked_files(&["rs"])
        .into_iter()
        .filter(|file| !file.ends_with("build.rs"))
        .filter(|file| !read(file).lines().take(3).any(|l| l.starts_with("//!")))
        .collect();
    assert!(missing.is_empty(), "files without a //! line: {missing:#?}");
}

/// Longest file, in lines, before it should be split along a seam.
const MAX_LINES: usize = 600;

#[test]
fn no_source_file_is_longer_than_600_lines() {
    let long: Vec<String> = tracked_files(&["rs", "ts"])
        .into_iter()
        .filter(|file| !file.ends_with("bindings.ts"))
        .filter_map(|file| {
            let lines = read(&file).lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn events_reach_the_outbox_only_through_the_store() {
    // `Tx::emit` is the one way into the outbox: no other crate names the table in SQL.
    let offenders: Vec<PathBuf> = tracked_files(&["rs"])
        .into_iter()
        .filter(|f| f.starts_with("crates/") && !f.starts_with("crates/store/"))
        .filter(|f| f.components().any(|c| c.as_os_str() == "src"))
        .filter(|f| read(f).contains("INSERT INTO outbox"))
        .collect();
    assert!(
        offenders.is_empty(),
        "outbox written outside the store: {offenders:?}"
    );
}
