//! The command line as a user runs it: exit codes, stdout, stderr.

use std::process::{Command, Output};

use crate::{dossier_from, repo_root};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

#[test]
fn check_on_the_bundled_dossier_succeeds() {
    let out = dossier(&["check", "--root", repo_root().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("checked "));
}

#[test]
fn broken_fixture_reports_every_problem_and_exits_1() {
    let fixture = repo_root().join("tests/fixtures/broken");
    let out = dossier(&["check", "--root", fixture.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!(stderr);
}

#[test]
fn build_prints_one_summary_line_and_writes_the_output_folder() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let target = dir.path().join("site-out");
    let out = dossier(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("built "), "{stdout}");
    assert!(target.join("index.html").is_file());
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let out = dossier(&[
        "build",
        "-q",
        "--root",
        dir.path().to_str().unwrap(),
        "--base-url",
        "https://me.github.io/proj",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "-q prints nothing");
    let page = std::fs::read_to_string(dir.path().join("public/notes/a/index.html")).unwrap();
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://me.github.io/proj/notes/a/\">"),
        "{page}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let out = dossier(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = dossier(&["--version"]);
    assert!(out.status.success());
}

#[test]
fn missing_site_toml_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml"), "{stderr}");
    assert!(stderr.contains("no content folder"), "{stderr}");
}
