//! The embedding model an installed package brings: the Debian package puts it beside the
//! binary's lib folder (`/usr/lib/Filiale/models/<model>`), while the core looks for it where
//! its configuration says ([`Config::model_dir`]: `FILIALE_MODEL_DIR`, `model_dir` in
//! `filiale.toml`, or `<data-dir>/models/<model>`). On start the bundled model is linked into the
//! data directory once, so search is hybrid from the first run of an installed app.

use filiale_app::Config;
use std::path::{Path, PathBuf};

/// Folders under `<prefix>/lib/` a package may have installed its resources into.
const RESOURCE_FOLDERS: &[&str] = &["Filiale", "filiale"];

/// The model folder the installed package brings, if this binary was installed by one.
fn bundled_model(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    let prefix = exe.parent()?.parent()?;
    RESOURCE_FOLDERS
        .iter()
        .map(|folder| prefix.join("lib").join(folder).join("models").join(name))
        .find(|dir| dir.join("model.safetensors").is_file())
}

/// Links the bundled model into `<data-dir>/models/` unless a model is already there or the
/// configuration chooses one. Failing to link only means lexical search; it is logged.
pub fn link_bundled_model(config: &Config) {
    if config.model_dir_is_chosen() {
        return;
    }
    let data_dir = &config.data_dir;
    let Some(name) = config.model_dir().file_name().map(|n| n.to_owned()) else {
        return;
    };
    let in_data = data_dir.join("models").join(&name);
    if in_data.exists() {
        return;
    }
    let Some(bundled) = bundled_model(&name.to_string_lossy()) else {
        return;
    };
    if in_data.symlink_metadata().is_ok() {
        // A link left behind by a removed package: point it at this one.
        let _ = std::fs::remove_file(&in_data);
    }
    let linked =
        std::fs::create_dir_all(data_dir.join("models")).and_then(|()| link(&bundled, &in_data));
    if let Err(e) = linked {
        eprintln!(
            "warning: the bundled model {} could not be linked into {}: {e}",
            bundled.display(),
            in_data.display()
        );
    }
}

#[cfg(unix)]
fn link(original: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(original, link)
}

#[cfg(not(unix))]
fn link(_original: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "the bundled model is linked on Unix only",
    ))
}
