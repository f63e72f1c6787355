//! The command line as a user runs it: exit codes, stdout, stderr.

use crate::{dossier, dossier_from, repo_root};

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
fn a_warning_is_printed_with_its_source_line_and_help() {
    let dir = dossier_from(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nA company.\n",
    );
    let root = dir.path().to_str().unwrap();
    let out = dossier(&["check", "--root", root]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        "warning: no Français translation (`fr`)
  ┌─ content/companies/acme.md:1:1
  │
1 │ +++
  │ ^
  │
  = help: write `content/companies/acme.fr.md`; until then the `fr` edition shows this text, marked as en

warning: 1 warning (`--strict` makes it an error)
"
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("checked "));
    // -q prints nothing but errors: a warning is not one.
    let out = dossier(&["check", "-q", "--root", root]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // --strict: the same problem, as an error that fails the check.
    let out = dossier(&["check", "--strict", "--root", root]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: no Français translation (`fr`)\n  ┌─ content/companies/acme.md:1:1\n"
        ) && stderr.contains("  = an error because of --strict\n")
            && stderr.ends_with("error: found 1 problem in the dossier\n"),
        "{stderr}"
    );
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

#[test]
fn init_creates_a_dossier_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-dossier");
    let out = dossier(&["init", target.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for kind in [
        "companies",
        "people",
        "products",
        "deals",
        "glossary",
        "sources",
        "notes",
    ] {
        let folder = target.join("content").join(kind);
        assert!(
            std::fs::read_dir(&folder).unwrap().count() >= 1,
            "an example in {kind}"
        );
    }
    assert!(target.join("README.md").is_file());
    let out = dossier(&["build", "--root", target.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(target.join("public/deals/index.html").is_file());
    // A second init does not touch the dossier.
    let out = dossier(&["init", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds a dossier"));
}

#[test]
fn new_writes_an_entry_of_its_kind_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        dossier(&["init", dir.path().to_str().unwrap()])
            .status
            .success()
    );
    let root = dir.path().to_str().unwrap();
    let out = dossier(&[
        "new",
        "deals",
        "Amazon invests in Anthropic",
        "--root",
        root,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir
        .path()
        .join("content/deals/amazon-invests-in-anthropic.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // A draft, its parties left as comments: nothing in it names a slug that is not there.
    assert!(
        text.contains("\ndraft = true\ntitle = \"Amazon invests in Anthropic\"\n"),
        "{text}"
    );
    for key in [
        "# investor = ",
        "# recipient = ",
        "# made = ",
        "# announced = ",
        "# amount = ",
        "# status = ",
    ] {
        assert!(text.contains(key), "{key} in {text}");
    }
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("a draft"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The same slug in another collection is refused, and the file is kept.
    std::fs::write(&path, "mine").unwrap();
    let out = dossier(&["new", "note", "Amazon invests in Anthropic", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    // Each kind's skeleton parses: only its placeholders are reported.
    std::fs::remove_file(&path).unwrap();
    for (kind, title) in [
        ("company", "New Co"),
        ("person", "A Person"),
        ("product", "A Model"),
        ("term", "A Term"),
        ("source", "A Report"),
        ("note", "A Note"),
    ] {
        assert!(
            dossier(&["new", kind, title, "--root", root])
                .status
                .success(),
            "{kind}"
        );
    }
    // Drafts, as made: the dossier checks clean, with no warning about them.
    let out = dossier(&["check", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Previewed with --drafts, every new entry (the deal too) builds, each marked.
    let preview = dir.path().join("preview");
    let out = dossier(&[
        "build",
        "--drafts",
        "--root",
        root,
        "-o",
        preview.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(preview.join("notes/a-note/index.html")).unwrap();
    assert!(page.contains("class=\"draft-banner\""), "{page}");
    // Saved as made, new entries publish nothing of the scaffold's guidance.
    let public = dir.path().join("public");
    let out = dossier(&["build", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for guidance in [
            "One sentence",
            "One-sentence",
            "Write here",
            "%%",
            "source-slug",
            "shown in the margin",
            "dossier new:",
        ] {
            assert!(
                !text.contains(guidance),
                "`{guidance}` published in {}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn new_takes_a_slug_when_the_title_gives_none() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    assert!(dossier(&["init", root]).status.success());
    let out = dossier(&["new", "notes", "日本語", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot make a slug from this title: give one with --slug"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = dossier(&[
        "new",
        "notes",
        "日本語",
        "--slug",
        "nihongo",
        "--root",
        root,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("content/notes/nihongo.md")).unwrap();
    assert!(text.contains("title = \"日本語\""), "{text}");
    let out = dossier(&["new", "notes", "X", "--slug", "Not A Slug", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`Not A Slug` is not a valid slug"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Accents are dropped from a slug made from the title.
    assert!(
        dossier(&["new", "companies", "Société Générale", "--root", root])
            .status
            .success()
    );
    assert!(
        dir.path()
            .join("content/companies/societe-generale.md")
            .exists()
    );
}

#[test]
fn scaffold_text_left_in_a_published_entry_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    assert!(dossier(&["init", root]).status.success());
    assert!(
        dossier(&["new", "notes", "Unfinished", "--root", root])
            .status
            .success()
    );
    let path = dir.path().join("content/notes/unfinished.md");
    // Published as it was made: only `draft = true` deleted.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("draft = true\n", "");
    std::fs::write(&path, text).unwrap();
    let out = dossier(&["check", "--root", root]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches("warning: scaffold text left by `dossier new` in a published entry")
            .count(),
        2,
        "{err}"
    );
    assert!(err.contains("content/notes/unfinished.md:2:1"), "{err}");
    assert!(err.contains("remove the scaffold text"), "{err}");
    // --strict makes them errors.
    let out = dossier(&["check", "--strict", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn new_with_an_unknown_kind_is_bad_usage() {
    let out = dossier(&["new", "widgets", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: companies, people"));
}
