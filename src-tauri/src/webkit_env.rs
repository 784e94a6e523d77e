//! Settings GTK and WebKit read from the environment, set before either starts.
#![allow(unsafe_code)]

/// JavaScriptCore's just-in-time compilers are off: the UI's script is small, the interpreter
/// paints a keystroke's results within 1–2 ms of the JIT, and the web process holds about 17 MB
/// less without the compilers' code and data.
const JAVASCRIPT_JIT_OFF: &[(&str, &str)] = &[("JSC_useJIT", "0")];

/// The window process draws without OpenGL. The web process paints the page into shared memory
/// and the window copies it to the screen, so the window process has no use for a GL driver;
/// loading one (Mesa links all of LLVM) costs it about 20 MB. Three settings keep it out:
/// - GDK opens the display without probing GLX;
/// - WebKit hands pages over in shared memory, not as GPU buffers (the DMA-BUF renderer would
///   open an EGL display to check what the GPU can import);
/// - WebKit is told the render device, so it does not open an EGL display to ask for one.
///   `/dev/null` is no DRM device: the web process finds none by that name and, with pages in
///   shared memory, needs none.
const WINDOW_WITHOUT_GL: &[(&str, &str)] = &[
    ("GDK_GL", "disable"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"),
];

/// Setting this to `1` leaves GTK's and WebKit's own GPU choices in place (for a page that
/// would ever need WebGL or GPU compositing); the JIT setting is kept either way.
const GPU_RENDERING_VARIABLE: &str = "FILIALE_GPU_RENDERING";

/// The settings for an environment where `gpu_rendering` says whether the GPU path was asked for.
fn settings(gpu_rendering: bool) -> Vec<(&'static str, &'static str)> {
    let mut all = JAVASCRIPT_JIT_OFF.to_vec();
    if !gpu_rendering {
        all.extend_from_slice(WINDOW_WITHOUT_GL);
    }
    all
}

/// Sets each variable the environment does not set yet. Call first thing in `main`, before any
/// thread starts.
pub fn configure() {
    let gpu_rendering = std::env::var(GPU_RENDERING_VARIABLE).is_ok_and(|value| value == "1");
    for (name, value) in settings(gpu_rendering) {
        if std::env::var_os(name).is_none() {
            // SAFETY: called at the start of main, while the process has one thread, so nothing
            // can read the environment concurrently.
            unsafe { std::env::set_var(name, value) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gpu_path_keeps_only_the_jit_setting() {
        let names = |gpu| {
            settings(gpu)
                .into_iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(true), ["JSC_useJIT"]);
        assert_eq!(
            names(false),
            [
                "JSC_useJIT",
                "GDK_GL",
                "WEBKIT_DISABLE_DMABUF_RENDERER",
                "WEBKIT_WEB_RENDER_DEVICE_FILE"
            ]
        );
    }
}
