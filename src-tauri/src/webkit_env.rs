//! Settings the WebKit web process reads from its environment, set before it is started.
#![allow(unsafe_code)]

/// JavaScriptCore's just-in-time compilers are off unless the environment says otherwise: the
/// UI's script is small, the interpreter paints a keystroke's results within 1–2 ms of the
/// JIT, and the web process holds about 17 MB less without the compilers' code and data.
const JAVASCRIPT_JIT: (&str, &str) = ("JSC_useJIT", "0");

/// Sets the web process's environment. Call first thing in `main`, before any thread starts.
pub fn configure() {
    let (name, value) = JAVASCRIPT_JIT;
    if std::env::var_os(name).is_none() {
        // SAFETY: called at the start of main, while the process has one thread, so nothing
        // can read the environment concurrently.
        unsafe { std::env::set_var(name, value) };
    }
}
