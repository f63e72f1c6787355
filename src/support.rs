//! Small things every stage uses: how long each stage took, and a lock that outlives
//! a panic on another thread. A leaf: it imports nothing from the crate.

use std::sync::Mutex;

/// Prints how long each stage took to stderr when `DOSSIER_TIMINGS` is set, for
/// profiling and the benchmark (`bench/run.sh`).
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
                "timing: {stage:<10} {:>8.1} ms",
                (now - self.last).as_secs_f64() * 1e3
            );
            self.last = now;
        }
    }
}

/// Locks `mutex`, also after a thread panicked holding it (the data is still whole:
/// nothing here leaves it half-changed).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
