//! The `serve` part of the benchmark (`bench/run.sh`): how long, after an edit to one
//! note, until the changed page is ready, and until the whole site is.
//!
//! ```text
//! cargo run --release --example incremental -- DOSSIER_DIR [ROUNDS]
//! ```
//!
//! Builds the dossier once in memory (as `serve` does), then edits one note's body
//! ROUNDS times (3 unless given; more to profile an edit, with `perf`), a note in
//! the middle of the dossier, restored at the end, and times
//! each rebuild: `update` (the entry pages the edit affects, which `serve` serves at
//! once) and `finish` (lists, print edition, feeds, exports, search, link check).
//! Prints one line per step, tab-separated, for the script to read.

// The allocator of the `dossier` command (src/main.rs), so that the times are those of
// `dossier serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use dossier::session::Session;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), rounds) = (args.next().map(PathBuf::from), args.next()) else {
        eprintln!("usage: incremental DOSSIER_DIR [ROUNDS]");
        std::process::exit(2);
    };
    let Ok(rounds) = rounds.map_or(Ok(3), |n| n.parse::<u32>()) else {
        eprintln!("error: ROUNDS is a number of edits, such as 3");
        std::process::exit(2);
    };
    let mut session = Session::new(dossier::Options {
        root: root.clone(),
        ..dossier::Options::default()
    });
    let started = Instant::now();
    if let Err(report) = session.rebuild() {
        eprint!("{}", report.render(false));
        std::process::exit(1);
    }
    println!("full\t{:.1}", started.elapsed().as_secs_f64() * 1e3);

    let notes: Vec<PathBuf> = std::fs::read_dir(root.join("content/notes"))
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let mut notes = notes;
    notes.sort();
    let Some(note) = notes.get(notes.len() / 2) else {
        eprintln!("error: the dossier has no notes");
        std::process::exit(1);
    };
    let original = std::fs::read_to_string(note).unwrap_or_default();
    for round in 1..=rounds {
        let edited = format!("{original}\nAn edit, round {round}.\n");
        if std::fs::write(note, edited).is_err() {
            eprintln!("error: cannot write {}", note.display());
            std::process::exit(1);
        }
        let started = Instant::now();
        let update = match session.update() {
            Ok(update) => update,
            Err(report) => {
                eprint!("{}", report.render(false));
                std::process::exit(1);
            }
        };
        let pages = started.elapsed().as_secs_f64() * 1e3;
        if let Err(report) = session.finish() {
            eprint!("{}", report.render(false));
            std::process::exit(1);
        }
        let all = started.elapsed().as_secs_f64() * 1e3;
        println!(
            "edit\t{pages:.1}\t{all:.1}\t{}\t{}",
            update.pages.len(),
            update.full
        );
    }
    let _ = std::fs::write(note, original);
}
