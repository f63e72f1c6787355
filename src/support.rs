//! Small things every stage uses: how long each stage took, a lock that outlives a
//! panic on another thread, and the hash that tells what changed between two builds.
//! A leaf: it imports nothing from the crate.

use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// Prints how long each stage took to stderr when `DOSSIER_TIMINGS` is set, for
/// profiling and the benchmark (`bench/run.sh`), with the memory the process holds
/// then and at most so far (on Linux, from `/proc/self/status`).
pub(crate) struct Timings {
    enabled: bool,
    last: std::time::Instant,
}

impl Timings {
    pub(crate) fn start() -> Timings {
        Timings {
            enabled: std::env::var_os("DOSSIER_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {stage:<10} {:>8.1} ms{}",
                (now - self.last).as_secs_f64() * 1e3,
                memory()
            );
            self.last = now;
        }
    }
}

/// "  rss 212 MB, peak 230 MB": the resident memory now and its high-water mark, or
/// nothing where `/proc/self/status` cannot be read.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|kb| kb / 1024)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  rss {now:>5} MB, peak {peak:>5} MB"),
        _ => String::new(),
    }
}

/// Locks `mutex`, also after a thread panicked holding it (the data is still whole:
/// nothing here leaves it half-changed).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A hash that is the same in every run, for telling what changed between two builds
/// of `serve` (never stored). `rustc-hash`'s FxHasher: several times faster than std's
/// SipHash on long texts, and every file read is hashed (`SourceFile::hash`); the
/// dossier is its author's own text, not an attacker's, so a keyed hash buys nothing
/// here.
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}
