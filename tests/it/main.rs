//! Integration tests: one binary, a module per area. Most tests write a small
//! dossier from one string (see [`dossier_from`]) and look at what a user would see:
//! the pages, or the diagnostics.

mod annotation;
mod browser;
mod build;
mod bundled;
mod catalogue;
mod cli;
mod corrections;
mod deals;
mod diagnostics;
mod history;
mod images;
mod incremental;
mod languages;
mod moves;
mod pages;
mod properties;
mod provenance;
mod publish;
mod release;
mod reliability;
mod safety;
mod scale;
mod serve;
mod sources;
mod typography;

use std::path::{Path, PathBuf};

use dossier::{Options, Report, Site};
use tempfile::TempDir;

/// Runs the real `dossier` binary with `args`, colour off.
pub fn dossier(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

/// Runs the real `dossier check` in the dossier at `dir`, colour off, as an author
/// runs it in their dossier's folder.
pub fn check_in(dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

/// Compiles the fixture `tests/fixtures/<name>`, which must build cleanly.
pub fn fixture(name: &str) -> Site {
    let root = repo_root().join("tests/fixtures").join(name);
    match dossier::compile(&options(&root)) {
        Ok(site) => site,
        Err(report) => panic!(
            "the fixture `{name}` must build cleanly:\n{}",
            report.render(false)
        ),
    }
}

/// A minimal valid site.toml.
pub const SITE_TOML: &str = "title = \"Test dossier\"\nbase_url = \"https://example.test/sub/\"\n";

/// A company, `acme`, for dossiers that need one entry to point at.
pub const ACME: &str = "=== content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nA company.\n";

/// Writes a dossier described as `=== path` headers each followed by that file's
/// text. A `site.toml` is added unless the description has one.
pub fn dossier_from(spec: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut has_site = false;
    for chunk in spec.split("=== ").filter(|c| !c.trim().is_empty()) {
        let (path, text) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let path = path.trim();
        has_site |= path == "site.toml";
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    if !has_site {
        std::fs::write(dir.path().join("site.toml"), SITE_TOML).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    dir
}

pub fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        ..Options::default()
    }
}

/// Compiles a dossier described by `spec`, expecting success.
pub fn site(spec: &str) -> Site {
    let dir = dossier_from(spec);
    match dossier::compile(&options(dir.path())) {
        Ok(site) => site,
        Err(report) => panic!("expected a clean build, got:\n{}", report.render(false)),
    }
}

/// Compiles a dossier described by `spec`, expecting problems; returns them as the
/// user reads them (without colour).
pub fn problems(spec: &str) -> String {
    let dir = dossier_from(spec);
    match dossier::compile(&options(dir.path())) {
        Ok(_) => panic!("expected problems, but the dossier built"),
        Err(report) => report.render(false),
    }
}

/// The short `path:line:col: message` lines of a failing dossier.
pub fn short_problems(spec: &str) -> Vec<String> {
    let dir = dossier_from(spec);
    match dossier::compile(&options(dir.path())) {
        Ok(_) => panic!("expected problems, but the dossier built"),
        Err(report) => Report::short(&report),
    }
}

/// Every listing of the search index of the edition at `prefix` (`""`, `"fr/"`):
/// its `search-index/d/*.json` chunks, one after another.
pub fn search_listings(site: &Site, prefix: &str) -> String {
    let chunks = format!("{prefix}search-index/d/");
    site.files
        .iter()
        .filter(|f| f.path.starts_with(&chunks))
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .collect()
}

/// The text of some HTML, as a reader sees it: its tags left out, entities kept.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The repository root: the bundled dossier.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
