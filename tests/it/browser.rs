//! The site in a real browser: `tests/browser/run.mjs` drives the system's Chromium
//! through playwright-core over the bundled dossier and a fresh `dossier init` dossier,
//! each served under a sub-path (see that file for every check).
//!
//! It needs `chromium`, Node.js with `npm ci --prefix tests/browser` done, and Java (for
//! the Nu Html Checker). Where one is missing this test says so and passes, so that
//! `cargo test` works anywhere; CI sets `DOSSIER_BROWSER_TESTS=require`, which makes a
//! missing tool a failure. `DOSSIER_SCREENSHOTS=1` also refreshes the README's screenshots.

use std::path::Path;
use std::process::Command;

use crate::{options, repo_root};

fn works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn build(root: &Path, output: &Path) {
    let mut opts = options(root);
    opts.output = Some(output.to_path_buf());
    opts.base_url = Some("https://example.github.io/demo/".into());
    dossier::build(&opts)
        .unwrap()
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
}

fn run(site: &Path, env: &[(&str, &str)], screenshots: Option<&Path>) {
    let suite = repo_root().join("tests/browser");
    let mut command = Command::new("node");
    command.current_dir(&suite).arg("run.mjs").arg(site);
    if let Some(dir) = screenshots {
        command.arg("--screenshots").arg(dir);
    }
    let status = command
        .envs(env.iter().copied())
        .status()
        .expect("run node");
    assert!(
        status.success(),
        "the browser tests failed on {} (see above)",
        site.display()
    );
}

/// The browser tests take turns: each drives Chromium hard, and the live-reload one
/// measures how soon an edit shows.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// What the browser tests need and this machine lacks; panics instead if CI requires
/// the tests (`DOSSIER_BROWSER_TESTS=require`). `java`: the Nu Html Checker is needed.
fn missing_tools(java: bool) -> bool {
    let required = std::env::var("DOSSIER_BROWSER_TESTS").as_deref() == Ok("require");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium ({chromium}; `apt-get install chromium`)"));
    }
    if !works("node", "--version") {
        missing.push("Node.js".to_owned());
    }
    if !repo_root()
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        missing.push("the test's packages (`npm ci --prefix tests/browser`)".to_owned());
    }
    if java && !works("java", "-version") {
        missing.push(
            "Java, for the Nu Html Checker (`apt-get install default-jre-headless`)".to_owned(),
        );
    }
    if !missing.is_empty() {
        let message = format!("the browser tests need {}", missing.join(", "));
        assert!(!required, "{message}");
        eprintln!(
            "skipping the browser tests: {message}. CI runs them (DOSSIER_BROWSER_TESTS=require)."
        );
        return true;
    }
    false
}

#[test]
fn the_site_in_a_real_browser() {
    if missing_tools(true) {
        return;
    }
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let bundled = dir.path().join("bundled");
    build(&repo_root(), &bundled);
    let screenshots =
        std::env::var_os("DOSSIER_SCREENSHOTS").map(|_| repo_root().join("docs/screenshots"));
    run(&bundled, &[], screenshots.as_deref());

    // A fixture dossier: the one `dossier init` writes, its source renamed by
    // `dossier mv`, so that its old address is a redirect page.
    let fixture = dir.path().join("fixture");
    dossier::scaffold::init(&fixture).unwrap();
    let moved = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["mv", "example-report", "example-news-report", "--root"])
        .arg(&fixture)
        .output()
        .unwrap();
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    build(&fixture, &fixture.join("public"));
    run(
        &fixture.join("public"),
        &[
            ("REDIRECT_FROM", "sources/example-report/"),
            ("REDIRECT_TO", "sources/example-news-report/"),
            ("SEARCH_FOR", "compu"),
            ("SEARCH_EXPECT", "Compute for equity"),
            ("HISTORY_AT", "deals/"),
            // `dossier init`'s figure and Example Labs' image.
            (
                "IMAGES_AT",
                "notes/first-note/|companies/example-labs/|print/",
            ),
            (
                "HISTORY_EXPECT",
                "December 2023|rumoured|Example News|tens of millions",
            ),
        ],
        None,
    );

    // Quoted passages and archived copies in the reference lists, in two languages.
    let quoted = dir.path().join("quoted");
    build(&repo_root().join("tests/fixtures/quoted"), &quoted);
    run(
        &quoted,
        &[
            ("SEARCH_FOR", "slowl"),
            ("SEARCH_EXPECT", "Why Google went slowly"),
            ("MIN_SECTIONS", "4"),
            ("CITE_AT", "notes/caution/"),
            // A figure and a PNG beside the note's text, in both languages.
            (
                "IMAGES_AT",
                "notes/caution/|fr/notes/caution/|print/|fr/print/",
            ),
        ],
        None,
    );
}

/// `dossier serve`'s live reload in Chromium (`tests/browser/live.mjs`): it shipped
/// broken once because only HTTP clients tested it.
#[test]
fn live_reload_in_a_real_browser() {
    if missing_tools(false) {
        return;
    }
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = crate::dossier_from(
        "=== content/companies/arm.md\n+++\nname = \"Arm\"\nsummary = \"A chip designer.\"\n+++\nThe first text.\n\
         === content/companies/globex.md\n+++\nname = \"Globex\"\n+++\nAnother company.\n",
    );
    let server = crate::serve::start(dir.path());
    let status = Command::new("node")
        .current_dir(repo_root().join("tests/browser"))
        .arg("live.mjs")
        .arg(server.port.to_string())
        .arg(dir.path())
        .status()
        .expect("run node");
    assert!(
        status.success(),
        "live reload failed in the browser (see above)"
    );
}
