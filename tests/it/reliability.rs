//! Hostile and pathological input: no panic, no stack overflow, nothing written
//! outside the output folder, and links out of the dossier refused.

use crate::{ACME, dossier_from, options, problems};
use dossier::Report;
use std::path::Path;
use std::process::Command;

const NOTE_HEAD: &str = "+++\ntitle = \"Stress\"\ndate = 2023-02-04\n+++\n";

/// Compiles `body` as a note in a dossier that also has a company, in this test's
/// thread (2 MB of stack by default, less than a main thread's 8 MB), so deep
/// recursion anywhere in the pipeline shows up here.
fn compile_note(body: &str) -> Result<dossier::Site, String> {
    let dir = dossier_from(&format!(
        "{ACME}=== content/glossary/rlhf.md\n+++\nterm = \"RLHF\"\nsummary = \"Feedback.\"\n+++\nA term.\n"
    ));
    std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
    std::fs::write(
        dir.path().join("content/notes/stress.md"),
        format!("{NOTE_HEAD}{body}"),
    )
    .unwrap();
    dossier::compile(&options(dir.path())).map_err(|r| r.render(false))
}

#[test]
fn twenty_thousand_nested_blockquotes_build() {
    let body = format!("{}deep [[acme]]\n", "> ".repeat(20_000));
    let site = compile_note(&body).expect("nested quotes build");
    assert!(site.page("notes/stress/index.html").is_some());
}

#[test]
fn twenty_thousand_brackets_and_emphasis_markers_build() {
    let body = format!(
        "{}acme{}\n\n{}\n\n{}\n\n{}\n\n{}x{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000),
        "[[".repeat(10_000),
        "[@".repeat(10_000),
        "(".repeat(20_000),
        "*".repeat(20_000),
        "*".repeat(20_000),
    );
    compile_note(&body).expect("brackets build");
}

#[test]
fn deeply_nested_lists_build() {
    let body: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    compile_note(&body).expect("nested lists build");
}

#[test]
fn a_five_megabyte_note_builds() {
    let para = "A line about [[acme]] and RLHF, with *emphasis*, `code` and a [link](https://example.com/).\n";
    let body = format!("{}\n", para.repeat(5)).repeat(5_000_000 / (para.len() * 5 + 1));
    assert!(body.len() > 4_900_000);
    let site = compile_note(&body).expect("a big note builds");
    let page = site.page("notes/stress/index.html").expect("page");
    assert!(page.len() > body.len(), "the whole body is rendered");
}

#[test]
fn very_long_names_build() {
    let name = "Longname ".repeat(2_000);
    let dir = dossier_from(&format!(
        "=== content/companies/long.md\n+++\nname = \"{name}\"\naliases = [\"{name}x\"]\n+++\nSee [[{}]].\n",
        name.trim()
    ));
    dossier::compile(&options(dir.path())).expect("long names build");
}

#[cfg(unix)]
#[test]
fn symlinks_and_symlink_loops_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let dir = dossier_from(ACME);
    let notes = dir.path().join("content/notes");
    std::fs::create_dir_all(&notes).unwrap();
    symlink("loop", notes.join("loop")).unwrap();
    symlink("/etc", notes.join("outside")).unwrap();
    symlink("../companies/acme.md", notes.join("copy.md")).unwrap();
    let out = match dossier::compile(&options(dir.path())) {
        Ok(_) => panic!("symbolic links must be refused"),
        Err(report) => report.render(false),
    };
    for name in ["loop", "outside", "copy.md"] {
        assert!(
            out.contains(&format!("`content/notes/{name}` is a symbolic link")),
            "{name}: {out}"
        );
    }
    assert!(out.contains("copy the file into the dossier"), "{out}");
}

#[test]
fn a_missing_closing_fence_points_at_the_opening_one() {
    let out = problems(&format!(
        "{ACME}=== content/notes/open.md\n+++\ntitle = \"Open\"\n\nBody.\n"
    ));
    assert!(out.contains("error: front matter is not closed"), "{out}");
    assert!(out.contains("content/notes/open.md:1:1"), "{out}");
    assert!(
        out.contains("help: add a line `+++` after the last front matter key"),
        "{out}"
    );
}

/// Copies the bundled dossier's sources into `to`, file by file in the given order,
/// so the folders list their entries in that order on most file systems.
fn copy_bundled(to: &std::path::Path, reverse: bool, mtime: Option<std::time::SystemTime>) {
    let root = crate::repo_root();
    let mut files: Vec<_> = ["site.toml", "content", "templates", "static"]
        .iter()
        .flat_map(|top| walkdir::WalkDir::new(root.join(top)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    if reverse {
        files.reverse();
    }
    for file in files {
        let rel = file.strip_prefix(&root).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, &dest).unwrap();
        if let Some(time) = mtime {
            std::fs::File::options()
                .write(true)
                .open(&dest)
                .and_then(|f| f.set_modified(time))
                .unwrap();
        }
    }
}

/// Every file of a built site, by relative path.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn builds_from_different_walk_orders_and_file_times_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    copy_bundled(a.path(), false, None);
    // Twenty-five years earlier, and created in the opposite order.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(978_307_200);
    copy_bundled(b.path(), true, Some(old));
    let site_a = built(a.path(), &a.path().join("public"));
    let site_b = built(b.path(), &b.path().join("public"));
    assert!(site_a.len() > 50, "{} files", site_a.len());
    assert_eq!(
        site_a.keys().collect::<Vec<_>>(),
        site_b.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &site_a {
        assert!(
            bytes == &site_b[path],
            "{path} differs between the two builds"
        );
    }
}

/// Builds the dossier at `root` into `out` and returns the site's files.
fn built(
    root: &std::path::Path,
    out: &std::path::Path,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .status()
        .expect("run dossier");
    assert!(status.success());
    tree(out)
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_bundled(root, false, None);
    let site_toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let versions = [
        site_toml.clone(),
        site_toml.replacen("title = \"", "title = \"New: ", 1),
    ];
    assert_ne!(versions[0], versions[1]);
    let mut expected = Vec::new();
    for (i, version) in versions.iter().enumerate() {
        std::fs::write(root.join("site.toml"), version).unwrap();
        expected.push(built(root, &root.join(format!("expected-{i}"))));
    }
    let public = root.join("public");
    // How long a whole build takes here, to spread the kills over it.
    let started = std::time::Instant::now();
    assert!(built(root, &public) == expected[1]);
    let full = started.elapsed().as_micros() as u64;
    for round in 0..24u64 {
        std::fs::write(root.join("site.toml"), &versions[(round % 2) as usize]).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .spawn()
            .expect("run dossier");
        // From the very start to past the end, in steps of a twentieth.
        std::thread::sleep(std::time::Duration::from_micros(full * round / 20));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&public);
        assert!(
            now == expected[0] || now == expected[1],
            "round {round}: public/ is neither the old site nor the new one ({} files)",
            now.len()
        );
    }
    // The next build cleans up whatever the killed ones left beside public/.
    built(root, &public);
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn hostile_front_matter_is_inert_in_every_output() {
    let evil = r#"</script><script>alert(1)</script> \" & ' ]]> <!--"#;
    let site = crate::site(&format!(
        "=== content/companies/acme.md\n+++\nname = \"{evil}\"\nsummary = \"{evil}\"\n+++\nBody.\n\
         === content/companies/b.md\n+++\nname = \"B\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"=HYPERLINK(\\\"http://x\\\")\"\ninvestor = \"acme\"\n\
         recipient = \"b\"\nannounced = 2023-02-03\nsummary = \"@SUM(A1) {evil}\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"{evil}\"\ndate = 2023-02-04\n+++\nSee [[acme]] and [[d]].\n"
    ));
    let name = evil.replace("\\\"", "\"");
    // Markup (pages, their JSON-LD, the feed and sitemap) never carries the tags live;
    // the JSON and CSV exports are data, checked below.
    for file in site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(&file.bytes);
        assert!(
            !text.contains("<script>alert"),
            "{} runs the script",
            file.path
        );
        assert!(!text.contains("href=\"javascript:"), "{}", file.path);
    }
    // JSON (the data export and each page's JSON-LD) parses and keeps the text exactly.
    let json: serde_json::Value =
        serde_json::from_slice(&site.file("data/dossier.json").expect("dossier.json").bytes)
            .expect("dossier.json parses");
    assert!(
        json.to_string()
            .contains(&serde_json::to_string(&name).unwrap()[1..20])
    );
    let page = site.page("companies/acme/index.html").unwrap();
    for block in page.split("<script type=\"application/ld+json\">").skip(1) {
        let ld = block.split("</script>").next().unwrap();
        let value: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
        assert!(
            value.to_string().contains("alert(1)"),
            "the name is kept, as text"
        );
    }
    // CSV: the title that a spreadsheet would run is written as text.
    let csv = String::from_utf8_lossy(&site.file("data/deals.csv").unwrap().bytes).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    for (header, value) in headers.iter().zip(row.iter()) {
        assert!(
            !value.starts_with(['=', '+', '@']),
            "{header} would run as a formula: {value}"
        );
    }
    // The Atom feed keeps the note's title as escaped text.
    let feed = String::from_utf8_lossy(&site.file("feed.xml").unwrap().bytes).into_owned();
    assert!(feed.contains("&lt;/script&gt;"), "{feed}");
}

#[test]
fn ten_thousand_entries_build() {
    let dir = dossier_from(ACME);
    let glossary = dir.path().join("content/glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    let n = 10_000;
    for i in 0..n {
        std::fs::write(
            glossary.join(format!("term-{i}.md")),
            format!(
                "+++\nterm = \"Term number {i} x\"\nsummary = \"A term.\"\n+++\n\
                 See [[term-{}]] and Term number {} x here.\n",
                (i + 1) % n,
                (i + 7) % n
            ),
        )
        .unwrap();
    }
    let site = dossier::compile(&options(dir.path())).expect("10,000 entries build");
    assert!(site.pages() > n, "{} pages", site.pages());
    let page = site.page("glossary/term-0/index.html").unwrap();
    assert!(
        page.contains("href=\"../../glossary/term-1/\""),
        "wikilink resolved"
    );
    assert!(
        page.contains("href=\"../../glossary/term-7/\""),
        "autolinked by name"
    );
}

/// `dossier build` as a user runs it, in `root`: (exit code, stderr).
fn build_in(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn build_never_replaces_a_folder_it_did_not_write() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\nText.\n");
    let root = dir.path();
    // A GitHub Pages repository: `.nojekyll` no longer passes for dossier's own output.
    let pages = root.join("pages-repo");
    std::fs::create_dir_all(pages.join(".git")).unwrap();
    std::fs::write(pages.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(pages.join(".nojekyll"), "").unwrap();
    std::fs::write(pages.join("index.html"), "theirs").unwrap();
    let (code, stderr) = build_in(root, &["--output", "pages-repo"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("dossier did not write it"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(pages.join("index.html")).unwrap(),
        "theirs"
    );
    assert!(pages.join(".git/HEAD").is_file());

    // dossier's own output, with a file the user put in it, is not replaced either.
    let (code, stderr) = build_in(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(root.join("public/notes.txt"), "my notes").unwrap();
    let (code, stderr) = build_in(root, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("it holds `notes.txt`, which dossier did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("public/notes.txt")).unwrap(),
        "my notes"
    );
    std::fs::remove_file(root.join("public/notes.txt")).unwrap();
    // Nor with a Git repository inside it.
    std::fs::create_dir_all(root.join("public/.git")).unwrap();
    std::fs::write(root.join("public/.git/config"), "x").unwrap();
    let (code, stderr) = build_in(root, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("it holds a Git repository"), "{stderr}");
    assert!(root.join("public/.git/config").is_file());
    std::fs::remove_dir_all(root.join("public/.git")).unwrap();
    let (code, stderr) = build_in(root, &[]);
    assert_eq!(code, 0, "its own output is replaced: {stderr}");

    // Folders named like a killed build's leftovers, but the user's, are kept.
    for name in [".public.staging-1", ".public.old-2"] {
        std::fs::create_dir_all(root.join(name)).unwrap();
        std::fs::write(root.join(name).join("mine.txt"), "mine").unwrap();
    }
    let (code, stderr) = build_in(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    for name in [".public.staging-1", ".public.old-2"] {
        assert!(root.join(name).join("mine.txt").is_file(), "{name}");
    }
}

#[test]
fn an_output_outside_the_dossier_needs_the_command_line() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("dossier");
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.test/\"\noutput_dir = \"../sibling\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/notes/a.md"),
        "+++\ntitle = \"A\"\n+++\nText.\n",
    )
    .unwrap();
    let sibling = parent.path().join("sibling");
    std::fs::create_dir_all(&sibling).unwrap();
    std::fs::write(sibling.join("keep.txt"), "keep").unwrap();
    let (code, stderr) = build_in(&root, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`output_dir = \"../sibling\"` is outside the dossier's folder")
            && stderr.contains("site.toml:3:14")
            && stderr.contains("dossier build --output DIR"),
        "{stderr}"
    );
    assert!(sibling.join("keep.txt").is_file());
    // Said on the command line, it is the user's choice (a new folder here).
    let (code, stderr) = build_in(&root, &["--output", "../elsewhere"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(parent.path().join("elsewhere/index.html").is_file());
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let dir = dossier_from(&format!(
        "{}=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\nText.\n",
        crate::ACME
    ));
    let root = dir.path();
    // Hold the lock a build takes (on the output's parent folder) as if a build ran.
    let held = std::fs::File::open(root).unwrap();
    held.lock().unwrap();
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-q"])
        .current_dir(root)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(waiting.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    assert!(line.starts_with("waiting for another build into"), "{line}");
    assert!(!root.join("public").exists(), "it waits before writing");
    held.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    assert!(root.join("public/notes/a/index.html").is_file());

    // Two real builds at once: both succeed, and the site is whole.
    let builds: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "-q"])
                .current_dir(root)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut build in builds {
        assert!(build.wait().unwrap().success());
    }
    let manifest = std::fs::read_to_string(root.join("public/.dossier-manifest")).unwrap();
    let listed: Vec<&str> = manifest.lines().skip(1).collect();
    assert!(listed.len() > 20, "{manifest}");
    for path in &listed {
        assert!(
            root.join("public").join(path).is_file(),
            "{path} is missing"
        );
    }
}

/// Runs the real binary in `dir`: its exit code and its stderr. A run that takes
/// over a minute (blocked on a named pipe, say) is killed and fails the test.
fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dossier");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).unwrap();
        String::from_utf8_lossy(&text).into_owned()
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("dossier {args:?} did not finish in a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status.code(), reader.join().unwrap())
}

#[cfg(unix)]
#[test]
fn symlinked_top_level_folders_and_site_toml_are_refused_unread() {
    use std::os::unix::fs::symlink;
    const MARKER: &str = "OUTSIDE-THE-DOSSIER-7f3a";
    let outside = tempfile::tempdir().unwrap();
    // Text that would be quoted in an error if it were read: invalid TOML, a note
    // without front matter, a template that does not parse, a static file.
    std::fs::write(outside.path().join("site.toml"), format!("{MARKER} =\n")).unwrap();
    for folder in ["content/notes", "templates", "static"] {
        std::fs::create_dir_all(outside.path().join(folder)).unwrap();
    }
    std::fs::write(outside.path().join("content/notes/x.md"), MARKER).unwrap();
    std::fs::write(
        outside.path().join("templates/entry.html"),
        format!("{{{{ {MARKER}"),
    )
    .unwrap();
    std::fs::write(outside.path().join("static/secret.txt"), MARKER).unwrap();

    let dir = dossier_from(ACME);
    let root = dir.path();
    std::fs::remove_file(root.join("site.toml")).unwrap();
    std::fs::remove_dir_all(root.join("content")).unwrap();
    for name in ["site.toml", "content", "templates", "static"] {
        symlink(outside.path().join(name), root.join(name)).unwrap();
    }
    let (code, stderr) = run(root, &["build", "--output", "out"]);
    assert_eq!(code, Some(1), "{stderr}");
    for name in ["site.toml", "content", "templates", "static"] {
        assert!(
            stderr.contains(&format!("`{name}` is a symbolic link")),
            "{name}: {stderr}"
        );
    }
    assert!(
        stderr.contains("replace the link with the real folder"),
        "{stderr}"
    );
    assert!(!stderr.contains(MARKER), "read through a link:\n{stderr}");
    assert!(
        !stderr.contains("x.md"),
        "walked a linked folder:\n{stderr}"
    );
    assert!(!root.join("out").exists());
}

#[cfg(unix)]
#[test]
fn a_static_folder_linked_outside_is_not_walked() {
    // `static -> /etc` walked the whole of /etc: here a folder with a file a walk
    // would report (a nested link) and one it would copy.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("marker-9c1e.txt"), "x").unwrap();
    std::os::unix::fs::symlink("/", outside.path().join("to-root-9c1e")).unwrap();
    let dir = dossier_from(ACME);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).unwrap();
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`static` is a symbolic link"), "{stderr}");
    assert!(!stderr.contains("9c1e"), "{stderr}");
}

#[test]
fn files_over_the_size_limits_are_refused_before_reading() {
    // Sparse files: as large as they say, without writing gigabytes.
    let dir = dossier_from(ACME);
    let big = |path: &str, len: u64| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::File::create(path).unwrap().set_len(len).unwrap();
    };
    big("static/video.mp4", 4 << 30);
    big("content/notes/dump.md", (16 << 20) + 1);
    big("templates/entry.html", 1 << 30);
    let started = std::time::Instant::now();
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    // Reading 5 GiB would take far longer than this, and as much memory.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    for line in [
        "`static/video.mp4` is 4 GiB, more than the 100 MiB dossier reads of a static file",
        "`content/notes/dump.md` is 16.0 MiB, more than the 16 MiB dossier reads of a text file",
        "`templates/entry.html` is 1 GiB, more than the 16 MiB dossier reads of a text file",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
}

#[test]
fn a_static_file_at_the_limit_is_published() {
    let dir = dossier_from(ACME);
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::File::create(dir.path().join("static/clip.bin"))
        .unwrap()
        .set_len(dossier::parts::STATIC_LIMIT)
        .unwrap();
    let site = dossier::compile(&options(dir.path())).expect("builds");
    assert_eq!(
        site.file("clip.bin").map(|f| f.bytes.len() as u64),
        Some(dossier::parts::STATIC_LIMIT)
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_reported_without_opening_it() {
    let dir = dossier_from(ACME);
    let fifo = dir.path().join("content/notes/x.md");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Opening the pipe would block for ever: the test would hang, not fail.
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`content/notes/x.md` is a named pipe, not a file"),
        "{stderr}"
    );
}

#[test]
fn a_template_that_includes_itself_is_reported_not_a_stack_overflow() {
    let dir = dossier_from(&format!(
        "{ACME}=== templates/entry.html\n<main>\n{{% include \"entry.html\" %}}\n</main>\n"
    ));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: template `entry.html` includes itself"),
        "{stderr}"
    );
    assert!(stderr.contains("templates/entry.html:2:13"), "{stderr}");
}

#[test]
fn templates_that_include_or_import_each_other_in_a_cycle_are_reported() {
    let dir = dossier_from(&format!(
        "{ACME}=== templates/a.html\n{{% include \"b.html\" %}}\n\
         === templates/b.html\n{{% include \"a.html\" %}}\n\
         === templates/m1.html\n{{% import \"m2.html\" as m2 %}}\n\
         === templates/m2.html\n{{% import \"m1.html\" as m1 %}}\n\
         === templates/self.html\n{{% extends \"self.html\" %}}\n"
    ));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    for problem in [
        "template `a.html` includes itself through other templates",
        "`a.html` includes `b.html`, which includes `a.html`",
        "template `m1.html` imports itself through other templates",
    ] {
        assert!(stderr.contains(problem), "{problem}\n{stderr}");
    }
    // Tera refuses the cycle of `extends` first; it is then found and placed.
    let (_, stderr) = run(
        dossier_from(&format!(
            "{ACME}=== templates/self.html\n{{% extends \"self.html\" %}}\n"
        ))
        .path(),
        &["check"],
    );
    assert!(
        stderr.contains("template `self.html` extends itself") && stderr.contains("self.html:1:13"),
        "{stderr}"
    );
}

#[test]
fn a_macro_that_always_calls_itself_is_reported_at_the_call() {
    let dir = dossier_from(&format!(
        "{ACME}=== templates/extra.html\n{{% macro a() %}}\n{{{{ self::b() }}}}\n{{% endmacro %}}\n\
         {{% macro b() %}}{{{{ self::a() }}}}{{% endmacro %}}\n\
         {{% macro c(n) %}}\n{{% set x = self::c(n=n) %}}\n{{% endmacro %}}\n"
    ));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    for problem in [
        "macro `a` of `extra.html` calls itself, through `b`, every time it runs",
        "templates/extra.html:2:4",
        "macro `c` of `extra.html` calls itself every time it runs",
        "templates/extra.html:6:12",
    ] {
        assert!(stderr.contains(problem), "{problem}\n{stderr}");
    }
}

#[test]
fn a_macro_recursing_without_end_fails_its_page_not_the_process() {
    // Under an `if`, so only running it shows that it never stops.
    let dir = dossier_from(&format!(
        "{ACME}=== templates/extra.html\n\
         {{% macro down(n) %}}{{% if n > 0 %}}<i>{{{{ self::down(n=n+1) }}}}</i>{{% endif %}}{{% endmacro %}}\n\
         === templates/entry.html\n{{% extends \"base.html\" %}}{{% import \"extra.html\" as e %}}\
         {{% block content %}}{{{{ e::down(n=1) }}}}{{% endblock content %}}\n"
    ));
    for command in ["check", "build"] {
        let (code, stderr) = run(dir.path(), &[command]);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(
            stderr.contains("error: template `extra.html` failed while rendering")
                && stderr.contains("macro `down` of 'extra.html' (line 1) went on calling itself"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("__dossier"), "{stderr}");
    }
}

#[test]
fn a_recursive_macro_that_stops_renders_whole() {
    let dir = dossier_from(&format!(
        "{ACME}=== templates/extra.html\n\
         {{% macro down(n) %}}{{% if n > 0 %}}<i>{{{{ self::down(n=n-1) }}}}</i>{{% endif %}}{{% endmacro %}}\n\
         === templates/entry.html\n{{% extends \"base.html\" %}}{{% import \"extra.html\" as e %}}\
         {{% block content %}}{{{{ e::down(n=40) }}}}{{% endblock content %}}\n"
    ));
    let site = dossier::compile(&options(dir.path())).expect("builds");
    let page = site.page("companies/acme/index.html").unwrap();
    assert_eq!(page.matches("<i>").count(), 40);
}

#[test]
fn cname_and_language_tags_are_checked() {
    // A cname with a line break, markup or a path went into CNAME as written; any
    // text went into `lang` attributes and the exports.
    for (cname, line) in [
        ("evil.test\\n<script>", 3),
        ("../../etc", 3),
        ("https://example.test/", 3),
    ] {
        let dir = dossier_from(&format!(
            "{ACME}=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\ncname = \"{cname}\"\n"
        ));
        let (code, stderr) = run(dir.path(), &["check"]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("`cname` is not a domain name")
                && stderr.contains(&format!("site.toml:{line}:")),
            "{cname}: {stderr}"
        );
    }
    let dir = dossier_from(&format!(
        "{ACME}=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\nlanguage = \"en_US\"\n+++\n\
         === content/people/p.md\n+++\nname = \"P\"\n\
         [[quotes]]\ntext = \"Hi\"\nlang = \"en\\\"><script>\"\nsource = \"s\"\n+++\n"
    ));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    for at in ["content/sources/s.md:4:12", "content/people/p.md:5:8"] {
        assert!(stderr.contains(at), "{at}: {stderr}");
    }
    assert_eq!(
        stderr.matches("this is not a language tag").count(),
        2,
        "{stderr}"
    );
    // Real tags in any case pass.
    let dir = dossier_from(&format!(
        "{ACME}=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\ncname = \"dossier.example-site.org\"\n\
         === content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\nlanguage = \"pt-BR\"\n+++\n"
    ));
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// `dossier check` in `dir`, without colour: its stderr.
fn check_stderr(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).expect("stderr is UTF-8")
}

/// The diagnostic of `stderr` whose header names `at` (`path:line:col`).
fn diagnostic_at<'a>(stderr: &'a str, at: &str) -> &'a str {
    stderr
        .split("\nerror: ")
        .find(|d| d.contains(&format!("┌─ {at}\n")))
        .unwrap_or_else(|| panic!("no diagnostic at {at}:\n{stderr}"))
}

/// The characters of `diagnostic`'s source line that its `^^^` marker stands under.
fn marked(diagnostic: &str) -> String {
    let lines: Vec<&str> = diagnostic.lines().collect();
    let marker = lines
        .iter()
        .position(|l| l.contains('^'))
        .unwrap_or_else(|| panic!("no marker:\n{diagnostic}"));
    let under: Vec<char> = lines[marker].chars().collect();
    let source: Vec<char> = lines[marker - 1].chars().collect();
    (0..under.len())
        .filter(|&i| under[i] == '^')
        .map(|i| source[i])
        .collect()
}

#[test]
fn control_characters_in_content_no_longer_reach_the_terminal() {
    // A syntax error hides the other problems: the comment is a dossier of its own.
    let dir = dossier_from(&format!(
        "{ACME}=== content/notes/key.md\n+++\ntitle = \"K\"\n\"\\u001b[31m\\u0007titel\\r\" = 1\n+++\n\
         === content/notes/link.md\n+++\ntitle = \"L\"\n+++\né \x1b[31m\x07\r\u{202e} [[acem]] \u{9b}.\n"
    ));
    let syntax = dossier_from(&format!(
        "{ACME}=== content/notes/comment.md\n+++\ntitle = \"C\" # \x1b[31m\x07\r red\n+++\n"
    ));
    let stderr = check_stderr(dir.path()) + &check_stderr(syntax.path());
    // (U+009B is checked as a character: 0x9b is also a byte of `␛` in UTF-8.)
    for byte in [0x1b, 0x07, 0x0d] {
        assert!(
            !stderr.as_bytes().contains(&byte),
            "{byte:#x} in:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains('\u{202e}') && !stderr.contains('\u{9b}'),
        "{stderr}"
    );
    // A key written with escapes: the message quotes it with pictures.
    let key = diagnostic_at(&stderr, "content/notes/key.md:3:1");
    assert!(key.contains("`␛[31m␇titel␍` is not a key here"), "{key}");
    assert_eq!(marked(key), "\"\\u001b[31m\\u0007titel\\r\"");
    // Raw bytes in the source line: shown as pictures, the marker under the ESC.
    let comment = diagnostic_at(&stderr, "content/notes/comment.md:2:15");
    assert!(
        comment.contains("title = \"C\" # ␛[31m␇␍ red\n"),
        "{comment}"
    );
    assert_eq!(marked(comment), "␛");
    let link = diagnostic_at(&stderr, "content/notes/link.md:4:12");
    assert!(link.contains("é ␛[31m␇␍� [[acem]] �.\n"), "{link}");
    assert_eq!(marked(link), "[[acem]]");
    // The one-line form (`Report::short`) is made printable the same way.
    let short = Report::short(&dossier::check(&options(dir.path())).unwrap_err());
    assert!(
        short.contains(&"content/notes/key.md:3:1: `␛[31m␇titel␍` is not a key here".to_owned()),
        "{short:#?}"
    );
}

#[test]
fn a_hundred_thousand_character_line_is_clipped_around_the_marker() {
    let dir = dossier_from(&format!(
        "{ACME}=== content/notes/long.md\n+++\ntitle = \"L\"\n+++\n{} [[nope]] {}\n\n[[{}]]\n",
        "x".repeat(50_000),
        "y".repeat(50_000),
        "n".repeat(100_000),
    ));
    let stderr = check_stderr(dir.path());
    let link = diagnostic_at(&stderr, "content/notes/long.md:4:50002");
    assert!(link.len() < 2_000, "{} bytes:\n{link}", link.len());
    assert!(
        link.contains("4 │ …xxx") && link.contains("yyy…\n"),
        "{link}"
    );
    assert_eq!(marked(link), "[[nope]]");
    // A message quoting a 100,000-character name is clipped in its middle.
    let name = diagnostic_at(&stderr, "content/notes/long.md:6:1");
    assert!(name.len() < 2_000, "{} bytes:\n{name}", name.len());
    assert!(name.contains("nnn…nnn"), "{name}");
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
}

// Quadratic steps (issue "Safe by default"). Each of these inputs took 3 to more than
// 5 minutes in a debug build when one step was quadratic in it, and takes about a
// second now: a regression shows as a test that hangs past CI's time budget, not as a
// timed assertion. `scripts/stress.py` prints how their cost grows.

#[test]
fn ten_thousand_identical_headings_are_numbered_in_order() {
    let site = compile_note(&"## a\n\n".repeat(10_000)).expect("headings build");
    let page = site.page("notes/stress/index.html").expect("page");
    for id in ["a", "a-1", "a-2", "a-9999"] {
        assert!(page.contains(&format!("<h2 id=\"{id}\">a</h2>")), "{id}");
    }
    assert!(!page.contains("id=\"a-10000\""));
    assert_eq!(page.matches("<h2 id=\"a").count(), 10_000);
}

#[test]
fn ten_thousand_wikilinks_in_one_paragraph_build() {
    let body = format!("{}the end.\n", "See [[acme]] and ".repeat(10_000));
    let site = compile_note(&body).expect("wikilinks build");
    let page = site.page("notes/stress/index.html").expect("page");
    assert_eq!(page.matches(">Acme</a> and").count(), 10_000);
    // Acme's page quotes the note once, around its first mention: the paragraph is
    // one sentence of 170 KB, cut to a window.
    let acme = site.page("companies/acme/index.html").expect("acme");
    assert_eq!(acme.matches("class=\"backlink-context\"").count(), 1);
    let quote = acme
        .split("<blockquote class=\"backlink-context\"><p>")
        .nth(1)
        .and_then(|q| q.split("</p>").next())
        .expect("a quote");
    assert!(quote.starts_with("See Acme and See Acme and"), "{quote}");
    assert!(quote.ends_with('…'), "{quote}");
    assert!(quote.chars().count() <= 281, "{quote}");
}

#[test]
fn ten_thousand_citations_in_one_paragraph_build() {
    let dir = dossier_from(&format!(
        "{ACME}=== content/sources/src.md\n+++\ntitle = \"The source\"\npublisher = \"P\"\n+++\nA source.\n\
         === content/notes/stress.md\n{NOTE_HEAD}{}so on.\n",
        "As reported [@src] and ".repeat(10_000)
    ));
    let site = dossier::compile(&options(dir.path()))
        .unwrap_or_else(|report| panic!("{}", report.render(false)));
    let page = site.page("notes/stress/index.html").expect("page");
    assert!(page.contains("id=\"cite-1-1\""));
    assert!(page.contains("id=\"cite-1-10000\""));
    assert!(!page.contains("id=\"cite-1-10001\""));
    // The source's page quotes the note once, around its first citation.
    let source = site.page("sources/src/index.html").expect("source");
    assert_eq!(source.matches("class=\"backlink-context\"").count(), 1);
    let quote = source
        .split("<blockquote class=\"backlink-context\"><p>")
        .nth(1)
        .and_then(|q| q.split("</p>").next())
        .expect("a quote");
    assert!(quote.starts_with("As reported"), "{quote}");
    assert!(
        quote.contains(" and As reported and As reported "),
        "{quote}"
    );
    assert!(quote.ends_with('…'), "{quote}");
}

/// Companies `company-0` … `company-(n-1)`, each the subsidiary of the next; the last
/// one's parent is `last_parent`.
fn parent_chain(n: usize, last_parent: &str) -> tempfile::TempDir {
    let dir = dossier_from(ACME);
    let companies = dir.path().join("content/companies");
    for i in 0..n {
        let parent = if i + 1 < n {
            format!("company-{}", i + 1)
        } else {
            last_parent.to_owned()
        };
        std::fs::write(
            companies.join(format!("company-{i}.md")),
            format!("+++\nname = \"Company {i}\"\nparent = \"{parent}\"\n+++\nA company.\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_chain_of_five_thousand_parents_resolves() {
    // Rendering 5,000 pages takes a while in a debug build: a problem elsewhere (a bad
    // date) stops the build once every reference is checked, which is what is tested.
    let dir = parent_chain(5_000, "acme");
    std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
    std::fs::write(
        dir.path().join("content/notes/n.md"),
        "+++\ntitle = \"N\"\ndate = \"Feb 2023\"\n+++\n",
    )
    .unwrap();
    let out = dossier::check(&options(dir.path()))
        .expect_err("the bad date")
        .render(false);
    assert_eq!(out.matches("error:").count(), 1, "{out}");
    assert!(out.contains("`Feb 2023` is not a valid date"), "{out}");
}

#[test]
fn a_cycle_of_five_thousand_parents_is_reported_once_and_briefly() {
    let dir = parent_chain(5_000, "company-0");
    let report = dossier::check(&options(dir.path())).expect_err("a cycle");
    let out = report.render(false);
    assert_eq!(out.matches("forms a cycle").count(), 1, "{out}");
    assert!(
        out.contains(
            "`parent` forms a cycle: company-0 → company-1 → company-2 → … → \
             company-4998 → company-4999 → company-0 (5000 companies)"
        ),
        "{out}"
    );
    assert!(out.contains("content/companies/company-0.md:3:10"), "{out}");
}
