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

/// Strings kept once each and numbered in the order first given: all in one string,
/// found by their hash. Where a site holds hundreds of thousands of short strings
/// (link addresses, words), one allocation each took several times their size.
#[derive(Default)]
pub struct Interner {
    /// Every string, one after another…
    text: String,
    /// …and where each ends in `text`, by number.
    ends: Vec<usize>,
    numbers: hashbrown::HashTable<u32>,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner")
            .field("strings", &self.ends.len())
            .finish()
    }
}

impl Interner {
    pub const fn new() -> Interner {
        Interner {
            text: String::new(),
            ends: Vec::new(),
            numbers: hashbrown::HashTable::new(),
        }
    }

    /// How many strings it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string numbered `number` (given by [`Interner::number`]).
    pub fn get(&self, number: u32) -> &str {
        string_at(&self.text, &self.ends, number)
    }

    /// The number of `string`, adding it if it is new. (Numbers are `u32`: the strings
    /// of one process's dossiers number far fewer than 2³².)
    pub fn number(&mut self, string: &str) -> u32 {
        let hash = hash_of(&string);
        if let Some(&number) = self.numbers.find(hash, |&n| self.get(n) == string) {
            return number;
        }
        let number = self.ends.len() as u32;
        self.text.push_str(string);
        self.ends.push(self.text.len());
        let Interner {
            text,
            ends,
            numbers,
        } = self;
        numbers.insert_unique(hash, number, |&n| hash_of(&string_at(text, ends, n)));
        number
    }
}

fn string_at<'t>(text: &'t str, ends: &[usize], number: u32) -> &'t str {
    let number = number as usize;
    let start = number.checked_sub(1).map_or(0, |before| ends[before]);
    &text[start..ends[number]]
}

#[cfg(test)]
mod interner_tests {
    use super::Interner;

    #[test]
    fn each_string_is_kept_once_and_found_again() {
        let mut strings = Interner::new();
        let words = ["cloud", "", "azure", "cloud", "clouds", "azure"];
        let numbers: Vec<u32> = words.iter().map(|w| strings.number(w)).collect();
        assert_eq!(numbers, [0, 1, 2, 0, 3, 2]);
        assert_eq!(strings.len(), 4);
        for (word, number) in words.iter().zip(numbers) {
            assert_eq!(strings.get(number), *word);
        }
        // Many more, past the table's first growths.
        let many: Vec<u32> = (0..5000)
            .map(|i| strings.number(&format!("w{i}")))
            .collect();
        assert!((0..5000).all(|i| strings.get(many[i]) == format!("w{i}")));
        assert_eq!(strings.number("w4999"), many[4999]);
    }
}
