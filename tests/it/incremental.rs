//! `serve`'s incremental rebuilds (`dossier::session`): after each edit to a copy of
//! the bundled dossier, every file of the incremental result must be byte for byte
//! what a full build of the same files writes, and only the pages the edit can change
//! are rendered again.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use dossier::session::Session;

use crate::{options, repo_root};

/// A copy of the bundled dossier in a temporary folder.
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo_root();
    for top in ["site.toml", "content"] {
        for entry in walkdir::WalkDir::new(from.join(top)) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    dir
}

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let site = dossier::compile(&options(root)).unwrap_or_else(|r| panic!("{}", r.render(false)));
    site.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

fn session_files(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files()
        .map(|(path, bytes)| (path.to_owned(), bytes.to_vec()))
        .collect()
}

/// Every file the same, and the same files.
fn assert_same_as_full_build(session: &Session, root: &Path, edit: &str) {
    let incremental = session_files(session);
    let full = full_build(root);
    let only_one: Vec<&String> = incremental
        .keys()
        .filter(|p| !full.contains_key(*p))
        .chain(full.keys().filter(|p| !incremental.contains_key(*p)))
        .collect();
    assert!(
        only_one.is_empty(),
        "after {edit}: files in one build only: {only_one:?}"
    );
    let differ: Vec<&String> = full
        .iter()
        .filter(|(path, bytes)| incremental[*path] != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(differ.is_empty(), "after {edit}: stale files {differ:?}");
}

fn edit(root: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(text, changed, "the edit of {file} changes nothing");
    fs::write(path, changed).unwrap();
}

fn rebuild(session: &mut Session) -> dossier::session::Update {
    session
        .rebuild()
        .unwrap_or_else(|r| panic!("{}", r.render(false)))
}

#[test]
fn every_edit_gives_what_a_full_build_gives() {
    let dir = bundled_copy();
    let root = dir.path();
    let mut session = Session::new(options(root));
    let first = rebuild(&mut session);
    assert!(first.full);
    assert_same_as_full_build(&session, root, "the first build");

    // A sentence added to a note's body: its page, and the pages it links to whose
    // "Mentioned in" sentence changed. Not the whole site.
    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace(
            "Google–Anthropic deals combine money",
            "Google–Anthropic deals (a new sentence here) combine money",
        )
    });
    let update = rebuild(&mut session);
    assert!(!update.full);
    assert!(
        update
            .pages
            .contains(&"notes/compute-for-equity/index.html".to_owned()),
        "{update:?}"
    );
    assert!(update.pages.len() < 20, "{update:?}");
    assert_same_as_full_build(&session, root, "a body edit");

    // A summary: every page that shows it (previews, cards, link titles).
    edit(root, "content/companies/anthropic.md", |t| {
        t.replace(
            "summary = \"The AI safety",
            "summary = \"Changed: the AI safety",
        )
    });
    let update = rebuild(&mut session);
    assert!(!update.full);
    assert!(
        update
            .pages
            .contains(&"products/claude/index.html".to_owned()),
        "a page linking to Anthropic shows its summary: {update:?}"
    );
    assert_same_as_full_build(&session, root, "a summary edit");

    // A French translation's body: the French page, not the English one.
    edit(root, "content/notes/compute-for-equity.fr.md", |t| {
        t.replacen("## ", "Une phrase ajoutée.\n\n## ", 1)
    });
    let update = rebuild(&mut session);
    assert!(!update.full);
    assert!(
        update
            .pages
            .contains(&"fr/notes/compute-for-equity/index.html".to_owned()),
        "{update:?}"
    );
    assert!(
        !update
            .pages
            .contains(&"notes/compute-for-equity/index.html".to_owned()),
        "{update:?}"
    );
    assert_same_as_full_build(&session, root, "a translation's body");

    // A translated summary: the French pages that show it.
    edit(root, "content/companies/anthropic.fr.md", |t| {
        t.replacen("summary = \"", "summary = \"Modifié : ", 1)
    });
    let update = rebuild(&mut session);
    assert!(!update.full);
    assert!(
        update
            .pages
            .contains(&"fr/products/claude/index.html".to_owned()),
        "{update:?}"
    );
    assert_same_as_full_build(&session, root, "a translated summary");

    // A new link: the target's backlinks change.
    edit(root, "content/notes/article-provenance.md", |t| {
        format!("{t}\nSee also [[interpretability]].\n")
    });
    let update = rebuild(&mut session);
    assert!(
        update
            .pages
            .contains(&"glossary/interpretability/index.html".to_owned()),
        "{update:?}"
    );
    assert_same_as_full_build(&session, root, "a new link");

    // A deal's amount: its parties' pages (deal tables, graphs), the home page.
    edit(root, "content/deals/google-anthropic-2023.md", |t| {
        t.replace("value = 300_000_000", "value = 310_000_000")
    });
    let update = rebuild(&mut session);
    assert!(
        update
            .pages
            .contains(&"companies/google/index.html".to_owned()),
        "{update:?}"
    );
    assert_same_as_full_build(&session, root, "a deal's amount");

    // An alias: what links resolve to may change, so everything is rendered.
    edit(root, "content/glossary/rlhf.md", |t| {
        t.replace(
            "aliases = [\"RLHF\"",
            "aliases = [\"RLHF\", \"human-feedback RL\"",
        )
    });
    let update = rebuild(&mut session);
    assert!(update.full);
    assert_same_as_full_build(&session, root, "an alias");

    // A template: every page may change, so everything is rendered.
    let template = fs::read_to_string(repo_root().join("templates/404.html")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/404.html"),
        template.replace("{{ t.title_not_found }}", "Nothing here"),
    )
    .unwrap();
    assert!(rebuild(&mut session).full);
    assert!(String::from_utf8_lossy(&session_files(&session)["404.html"]).contains("Nothing here"));
    assert_same_as_full_build(&session, root, "a template");

    // A new note, then deleted again.
    let note = root.join("content/notes/a-new-note.md");
    fs::write(
        &note,
        "+++\ntitle = \"A new note\"\n+++\n\nOn [[anthropic]] and [[constitutional-ai]].\n",
    )
    .unwrap();
    assert!(rebuild(&mut session).full);
    assert_same_as_full_build(&session, root, "a new note");
    fs::remove_file(&note).unwrap();
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "a deleted note");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_the_fix_catches_up() {
    let dir = bundled_copy();
    let root = dir.path();
    let mut session = Session::new(options(root));
    rebuild(&mut session);
    let good = session_files(&session);

    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace("## The pattern", "## The pattern\n\nSee [[no-such-entry]].")
    });
    let report = session.rebuild().unwrap_err();
    assert!(report.render(false).contains("no-such-entry"));
    assert_eq!(
        session_files(&session),
        good,
        "a failed build changes nothing"
    );

    // A link that only the check of the rendered pages finds broken: the page was
    // rendered, and is taken back.
    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace(
            "See [[no-such-entry]].",
            "See [[anthropic]] and [a page](../../no-such-page/).",
        )
    });
    let report = session.rebuild().unwrap_err();
    assert!(
        report.render(false).contains("no-such-page"),
        "{}",
        report.render(false)
    );
    assert_eq!(
        session_files(&session),
        good,
        "a build whose links fail changes nothing"
    );

    // Fixed, with another edit made meanwhile: both show.
    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace(" and [a page](../../no-such-page/).", ".")
    });
    edit(root, "content/companies/google.md", |t| {
        t.replacen("summary = \"", "summary = \"Edited. ", 1)
    });
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "the fix");
}

/// Renames a heading of the note comparing constitutional AI and RLHF.
fn rename_heading(root: &Path, from: &str, to: &str) {
    edit(root, "content/notes/constitutional-ai-vs-rlhf.md", |t| {
        t.replace(&format!("## {from}"), &format!("## {to}"))
    });
}

/// `serve` keeps what the check of each body found while nothing it reads of the
/// other entries changes: a link into another page's heading is checked again when
/// that heading changes, though its own text did not.
#[test]
fn a_link_into_a_heading_is_checked_again_when_the_heading_changes() {
    let dir = bundled_copy();
    let root = dir.path();
    let mut session = Session::new(options(root));
    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace(
            "## The pattern",
            "## The pattern\n\nSee [[constitutional-ai-vs-rlhf#the-shared-skeleton]].",
        )
    });
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "a link into a heading");

    rename_heading(root, "The shared skeleton", "A common skeleton");
    let report = session.rebuild().unwrap_err().render(false);
    assert!(
        report.contains("has no heading with id `the-shared-skeleton`")
            && report.contains("compute-for-equity.md"),
        "{report}"
    );

    rename_heading(root, "A common skeleton", "The shared skeleton");
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "the heading back");
}

/// `serve` checks again only the links of the files that changed, unless a file is
/// gone or lost an id: then every link, as a link of a page that did not change may
/// lead there.
#[test]
fn a_page_that_loses_an_id_another_page_links_to_fails_the_check() {
    let dir = bundled_copy();
    let root = dir.path();
    let mut session = Session::new(options(root));
    // A page of one's own, which the print edition does not show (it shows every
    // note, so it changes with any of them).
    edit(root, "content/pages/about.md", |t| {
        format!(
            "{t}\nSee [the skeleton](../notes/constitutional-ai-vs-rlhf/#the-shared-skeleton).\n"
        )
    });
    rebuild(&mut session);

    // A sentence added to the page linked to: its links alone are checked.
    edit(root, "content/notes/constitutional-ai-vs-rlhf.md", |t| {
        t.replace(
            "## The shared skeleton",
            "A new sentence.\n\n## The shared skeleton",
        )
    });
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "a sentence added");

    // The heading renamed: the unchanged page's link is broken.
    rename_heading(root, "The shared skeleton", "A common skeleton");
    let report = session.rebuild().unwrap_err().render(false);
    assert!(
        report.contains("has no element with id `the-shared-skeleton`"),
        "{report}"
    );

    // The heading back: the link reaches it again.
    rename_heading(root, "A common skeleton", "The shared skeleton");
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "the heading back");
}

/// After an edit to one body, `serve` changes only the lists of backlinks that body
/// was or is in: a link taken out leaves them, one moved keeps its place.
#[test]
fn links_taken_out_and_put_back_leave_and_rejoin_the_backlinks() {
    let dir = bundled_copy();
    let root = dir.path();
    let mut session = Session::new(options(root));
    rebuild(&mut session);
    let file = "content/notes/compute-for-equity.md";
    let original = fs::read_to_string(root.join(file)).unwrap();
    // Every wikilink of the body taken out, then put back in another order.
    edit(root, file, |t| t.replace("[[", "[").replace("]]", "]"));
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "the links taken out");
    edit(root, file, |_| {
        format!("{original}\n\nAgain: [[openai]], [[anthropic]], [[microsoft]].\n")
    });
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "the links put back, and more");
}

#[test]
fn an_unchanged_dossier_renders_nothing_again() {
    let dir = bundled_copy();
    let mut session = Session::new(options(dir.path()));
    rebuild(&mut session);
    let update = rebuild(&mut session);
    assert!(!update.full);
    assert!(update.pages.is_empty(), "{update:?}");
}

/// One edit an author might make, to a file chosen by index among the dossier's
/// entries (English files; a wikilink's target chosen the same way).
#[derive(Debug, Clone)]
enum RandomEdit {
    /// A sentence added at the end of a body.
    Sentence(usize, String),
    /// A wikilink to another entry added at the end of a body.
    Link(usize, usize),
    /// A summary rewritten (entries without one get a sentence instead).
    Summary(usize, String),
    /// A new note, linking to an entry.
    NewNote(usize),
    /// A note's title changed.
    Title(usize, String),
}

/// The bundled dossier's English entry files (`content/<kind>/<slug>.md`), sorted.
fn entry_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?.to_str()?.to_owned();
            let name = e.file_name().to_str()?;
            let depth = rel.matches('/').count();
            (depth == 2 && name.ends_with(".md") && name.matches('.').count() == 1).then_some(rel)
        })
        .collect();
    files.sort();
    files
}

fn slug_of(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".md").unwrap_or(name)
}

fn apply(root: &Path, files: &[String], change: &RandomEdit, n: usize) {
    let pick = |i: usize| files[i % files.len()].as_str();
    match change {
        RandomEdit::Sentence(i, words) => edit(root, pick(*i), |t| {
            format!("{t}\n\nRandom edit {n}: {words}.\n")
        }),
        RandomEdit::Link(i, to) => {
            let to = slug_of(pick(*to)).to_owned();
            edit(root, pick(*i), |t| {
                format!("{t}\n\nEdit {n} mentions [[{to}]] in passing.\n")
            });
        }
        RandomEdit::Summary(i, words) => edit(root, pick(*i), |t| match t.find("summary = \"") {
            Some(at) => {
                let at = at + "summary = \"".len();
                format!("{}{words} {n}: {}", &t[..at], &t[at..])
            }
            None => format!("{t}\n\nNo summary, edit {n}: {words}.\n"),
        }),
        RandomEdit::NewNote(to) => {
            let to = slug_of(pick(*to)).to_owned();
            fs::write(
                root.join(format!("content/notes/random-note-{n}.md")),
                format!(
                    "+++\ntitle = \"Random note {n}\"\ndate = 2024-01-0{}\n+++\n\nIt reads [[{to}]] closely.\n",
                    n % 9 + 1
                ),
            )
            .unwrap();
        }
        RandomEdit::Title(i, words) => {
            // Only notes have a `title` their page heads: others get a sentence.
            let file = files
                .iter()
                .filter(|f| f.starts_with("content/notes/"))
                .nth(*i % 5)
                .map_or(pick(*i), String::as_str);
            edit(root, file, |t| {
                t.replacen("title = \"", &format!("title = \"{words} {n}: "), 1)
            });
        }
    }
}

fn random_edit() -> impl proptest::strategy::Strategy<Value = RandomEdit> {
    use proptest::prelude::*;
    let words = "[a-z]{2,8}( [a-z]{2,8}){0,4}";
    prop_oneof![
        (any::<usize>(), words).prop_map(|(i, w)| RandomEdit::Sentence(i, w)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, to)| RandomEdit::Link(i, to)),
        (any::<usize>(), words).prop_map(|(i, w)| RandomEdit::Summary(i, w)),
        any::<usize>().prop_map(RandomEdit::NewNote),
        (any::<usize>(), words).prop_map(|(i, w)| RandomEdit::Title(i, w)),
    ]
}

proptest::proptest! {
    // Each case builds the bundled dossier in full once per edit, in a debug build:
    // few cases by default; `PROPTEST_CASES=50` searches longer.
    #![proptest_config(proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3),
        ..proptest::test_runner::Config::default()
    })]

    /// Random edits, each followed by an incremental rebuild: the site is byte for
    /// byte a clean build's of the same files.
    #[test]
    fn random_edits_give_what_a_full_build_gives(
        edits in proptest::collection::vec(random_edit(), 1..4)
    ) {
        let dir = bundled_copy();
        let root = dir.path();
        let files = entry_files(root);
        proptest::prop_assert!(files.len() > 20);
        let mut session = Session::new(options(root));
        rebuild(&mut session);
        for (n, change) in edits.iter().enumerate() {
            apply(root, &files, change, n);
            rebuild(&mut session);
            assert_same_as_full_build(&session, root, &format!("edit {n}: {change:?}"));
        }
    }
}

/// Past 40 pages linking to it, an entry's page lists the first 40 and its
/// `mentions/` pages list them all. An edit elsewhere keeps those pages, in the
/// sitemap too; an edit that shrinks the list takes away the pages it no longer
/// needs.
#[test]
fn long_lists_of_mentions_follow_the_edits() {
    let dir = bundled_copy();
    let root = dir.path();
    let notes: Vec<String> = (0..50)
        .map(|n| format!("content/notes/mention-{n:02}.md"))
        .collect();
    for (n, note) in notes.iter().enumerate() {
        fs::write(
            root.join(note),
            format!(
                "+++\ntitle = \"Mention {n:02}\"\ndate = \"2023-02-0{}\"\n+++\n\nThe lab [[anthropic]] again.\n",
                n % 9 + 1
            ),
        )
        .unwrap();
    }
    let mut session = Session::new(options(root));
    rebuild(&mut session);
    assert!(
        session_files(&session).contains_key("companies/anthropic/mentions/page/2/index.html"),
        "the fixture has two pages of mentions"
    );

    edit(root, "content/notes/compute-for-equity.md", |t| {
        t.replace("## The pattern", "## The pattern\n\nA new sentence.")
    });
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "an edit elsewhere");

    for note in &notes {
        edit(root, note, |t| t.replace("[[anthropic]]", "Anthropic"));
    }
    rebuild(&mut session);
    assert_same_as_full_build(&session, root, "an edit that shortens the list");
}
