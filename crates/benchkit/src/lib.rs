//! The machine a benchmark ran on, for the head of its table: CPU model, cores, and the vector
//! extensions that decide which kernels run (AVX2, AVX-512, VNNI, AMX). Figures from different
//! machines are only compared as ratios measured in the same run.

/// The CPU's model name as `/proc/cpuinfo` gives it (or the architecture where there is none).
pub fn cpu_model() -> String {
    cpuinfo_field("model name").unwrap_or_else(|| std::env::consts::ARCH.to_owned())
}

/// The logical CPUs this process may run on.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// The vector extensions among the CPU's flags that the project's kernels choose between.
pub fn vector_extensions() -> Vec<&'static str> {
    const WATCHED: [&str; 7] = [
        "avx2",
        "fma",
        "avx512f",
        "avx512_vnni",
        "avx_vnni",
        "amx_tile",
        "amx_int8",
    ];
    let flags = cpuinfo_field("flags").unwrap_or_default();
    let flags: Vec<&str> = flags.split_whitespace().collect();
    WATCHED.into_iter().filter(|w| flags.contains(w)).collect()
}

/// One line for the head of a benchmark table, e.g.
/// `machine: Intel(R) Xeon(R) Processor, 2 cores, avx2 fma avx512f avx512_vnni amx_tile amx_int8`.
pub fn machine_line() -> String {
    let extensions = vector_extensions();
    format!(
        "machine: {}, {} cores, {}",
        cpu_model(),
        cores(),
        if extensions.is_empty() {
            "no AVX2".to_owned()
        } else {
            extensions.join(" ")
        }
    )
}

fn cpuinfo_field(name: &str) -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim().to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_machine_line_names_the_cpu_and_its_cores() {
        let line = super::machine_line();
        assert!(line.starts_with("machine: "), "{line}");
        assert!(
            line.contains(&format!("{} cores", super::cores())),
            "{line}"
        );
        if std::path::Path::new("/proc/cpuinfo").exists() {
            assert!(!super::cpu_model().is_empty());
        }
    }
}
