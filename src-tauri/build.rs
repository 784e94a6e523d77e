//! Build script of the desktop shell: Tauri's code generation, with the capabilities under src-tauri/.
fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&["store_overview"]));
    tauri_build::try_build(attributes).expect("tauri build configuration");
}
