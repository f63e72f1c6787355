//! Installing and publishing without Rust: the workflow `dossier init` writes, the
//! GitHub Action it uses (`action.yml` and `scripts/install-release.sh`), the README's
//! install section and Pages guide, and the release configuration (dist). `.ci/run`
//! validates every workflow and the action against GitHub's schema and runs `dist plan`;
//! these tests check what those cannot: versions, order, and what the action does.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{dossier, repo_root};

/// The version the real binary reports (`dossier --version`).
fn version() -> String {
    let out = dossier(&["--version"]);
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    said.trim()
        .strip_prefix("dossier ")
        .unwrap_or_else(|| panic!("`dossier --version` said `{said}`"))
        .to_owned()
}

/// Where dossier is published: Cargo.toml's `repository`, the one place that says it.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// `OWNER/dossier`, as a workflow's `uses:` names the action.
fn action_repository() -> &'static str {
    REPOSITORY
        .strip_prefix("https://github.com/")
        .unwrap_or_else(|| panic!("Cargo.toml's repository `{REPOSITORY}` is not on GitHub"))
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Runs the real `dossier init DIR`, which must succeed; returns what it printed.
fn init(dir: &Path) -> String {
    let out = dossier(&["init", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `uses:` references of a workflow or action, in order: (action, ref).
fn uses(yaml: &str) -> Vec<(String, String)> {
    yaml.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            let value = line.strip_prefix("uses:")?.trim();
            let value = value.split(" #").next().unwrap_or(value).trim_matches('"');
            let (action, reference) = value.split_once('@')?;
            Some((action.to_owned(), reference.to_owned()))
        })
        .collect()
}

/// The script of the step named `name` (its `run: |` block, unindented).
fn step_script(yaml: &str, name: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let start = lines
        .iter()
        .position(|line| line.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step named `{name}`"));
    let step_indent = indent(lines[start]);
    let run = (start + 1..lines.len())
        .take_while(|&j| lines[j].trim().is_empty() || indent(lines[j]) > step_indent)
        .find(|&j| lines[j].trim() == "run: |")
        .unwrap_or_else(|| panic!("the step `{name}` has no `run: |` block"));
    let run_indent = indent(lines[run]);
    let body: Vec<&str> = lines[run + 1..]
        .iter()
        .take_while(|line| line.trim().is_empty() || indent(line) > run_indent)
        .copied()
        .collect();
    let cut = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(cut..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The oldest major of each GitHub action used here that runs on Node 24: GitHub
/// retired Node 20 for actions in 2026. (upload-pages-artifact is a composite action;
/// its v5 is the first to call an upload-artifact on Node 24.)
const NODE_24_SINCE: &[(&str, u32)] = &[
    ("actions/checkout", 5),
    ("actions/cache", 5),
    ("actions/configure-pages", 6),
    ("actions/upload-pages-artifact", 5),
    ("actions/deploy-pages", 5),
    ("actions/upload-artifact", 6),
    ("actions/download-artifact", 7),
];

/// Every `uses:` of `yaml` (from `file`) names a fixed major or tag, and GitHub's own
/// actions are at a major that runs on Node 24.
fn assert_current_actions(file: &str, yaml: &str) {
    let all = uses(yaml);
    assert!(!all.is_empty(), "{file} uses no action");
    for (action, reference) in all {
        assert!(
            !["main", "master", "HEAD", ""].contains(&reference.as_str()),
            "{file}: `{action}@{reference}` follows a branch: pin a release"
        );
        if action.starts_with("actions/") {
            let Some(&(_, since)) = NODE_24_SINCE.iter().find(|(name, _)| *name == action) else {
                panic!(
                    "{file}: `{action}` is not in NODE_24_SINCE: look up its first major on Node 24 and add it"
                );
            };
            let major: u32 = reference
                .strip_prefix('v')
                .and_then(|r| r.split('.').next())
                .and_then(|m| m.parse().ok())
                .unwrap_or_else(|| panic!("{file}: `{action}@{reference}` names no major"));
            assert!(
                major >= since,
                "{file}: `{action}@{reference}` runs on a retired Node; use v{since} or later"
            );
        }
    }
}

#[test]
fn init_writes_a_pages_workflow_that_installs_this_very_version() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-dossier");
    let said = init(&target);
    let version = version();
    let action = format!("{}@v{version}", action_repository());

    let workflow = read(target.join(".github/workflows/pages.yml"));
    assert!(
        said.contains("  .github/workflows/pages.yml\n"),
        "init lists the workflow among the files it wrote:\n{said}"
    );
    assert!(
        said.contains(&format!("with {action}")) && said.contains("\"GitHub Actions\""),
        "init says what the workflow uses and what to set first:\n{said}"
    );

    // The build job, in order: check out, ask GitHub for the address, build with the
    // action of this version, upload what it wrote; then deploy.
    let steps: Vec<String> = uses(&workflow).into_iter().map(|(a, _)| a).collect();
    assert_eq!(
        steps,
        [
            "actions/checkout",
            "actions/configure-pages",
            action_repository(),
            "actions/upload-pages-artifact",
            "actions/deploy-pages"
        ]
    );
    for needle in [
        format!("uses: {action}\n"),
        "base-url: ${{ steps.pages.outputs.base_url }}/\n".to_owned(),
        // The action's default `output`.
        "path: ./public\n".to_owned(),
        "pages: write".to_owned(),
        "id-token: write".to_owned(),
        format!("(dossier {version})"),
    ] {
        assert!(workflow.contains(&needle), "the workflow lacks `{needle}`");
    }
    // No Rust toolchain and nothing compiled.
    for absent in ["cargo", "rust-toolchain", "rustup"] {
        assert!(
            !workflow.contains(absent),
            "the workflow mentions `{absent}`"
        );
    }
    assert_current_actions("the workflow `dossier init` writes", &workflow);

    // The author's README says how to publish, in the right order.
    let readme = read(target.join("README.md"));
    let source = readme
        .find("\"GitHub Actions\"")
        .expect("README: Pages source");
    let push = readme.find("then push").expect("README: push");
    assert!(source < push, "{readme}");

    // The dossier it wrote builds.
    let out = dossier(&["build", "--root", target.to_str().unwrap()]);
    assert!(out.status.success());
}

#[test]
fn init_keeps_a_workflow_already_there_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    let mine = "# my own workflow\nname: mine\n";
    std::fs::write(workflows.join("pages.yml"), mine).unwrap();
    std::fs::write(dir.path().join("README.md"), "# Mine\n").unwrap();

    let said = init(dir.path());
    assert_eq!(read(workflows.join("pages.yml")), mine);
    assert_eq!(read(dir.path().join("README.md")), "# Mine\n");
    assert!(
        said.contains("kept .github/workflows/pages.yml: it was already there"),
        "{said}"
    );
    assert!(said.contains("kept README.md"), "{said}");
    assert!(
        !said.contains("publishes the site on GitHub Pages"),
        "init does not describe a workflow it did not write:\n{said}"
    );
    assert!(dir.path().join("site.toml").is_file());
}

#[test]
fn every_workflow_and_the_action_run_on_current_actions() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|f| f.ends_with("release.yml")),
        "the release workflow is there"
    );
    files.push(repo_root().join("action.yml"));
    for file in files {
        assert_current_actions(&file.display().to_string(), &read(&file));
    }
}

#[test]
fn this_repositorys_pages_workflow_caches_on_the_lock_file() {
    let workflow = read(repo_root().join(".github/workflows/pages.yml"));
    assert!(
        workflow.contains("key: ${{ runner.os }}-cargo-${{ hashFiles('Cargo.lock') }}\n"),
        "{workflow}"
    );
    assert!(
        !workflow.contains("github.sha"),
        "a key on the commit saves a new cache on every push"
    );
}

#[test]
fn the_action_installs_the_release_it_is_tagged_with() {
    let action = read(repo_root().join("action.yml"));
    let version = version();
    // Its `version` input defaults to the version of the code beside it, so that
    // `uses: OWNER/dossier@vX.Y.Z` runs dossier X.Y.Z: bump both together.
    let default = action
        .split("\n  version:\n")
        .nth(1)
        .and_then(|rest| rest.lines().find(|l| l.trim().starts_with("default:")))
        .expect("action.yml: the version input's default");
    assert_eq!(
        default.trim(),
        format!("default: \"{version}\""),
        "action.yml's version default is Cargo.toml's version"
    );
    assert!(
        action.contains(&format!(
            "DOSSIER_RELEASES: {REPOSITORY}/releases/download\n"
        )),
        "action.yml downloads from Cargo.toml's repository"
    );
    for input in ["version", "root", "output", "base-url", "args"] {
        assert!(
            action.contains(&format!("\n  {input}:\n")),
            "action.yml has the input `{input}`"
        );
    }
    // Cached by version and platform; downloaded only when the cache misses.
    assert!(action.contains(
        "key: dossier-${{ steps.where.outputs.version }}-${{ runner.os }}-${{ runner.arch }}"
    ));
    assert!(action.contains("if: steps.cache.outputs.cache-hit != 'true'"));
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/scripts/install-release.sh\""));
    // Inputs reach the scripts as environment variables, never pasted into them.
    for name in [
        "Choose where dossier goes",
        "Put dossier on the PATH",
        "Build the dossier",
    ] {
        assert!(
            !step_script(&action, name).contains("${{"),
            "the step `{name}` pastes an expression into its script"
        );
    }
}

#[test]
fn the_release_builds_every_platform_with_installers_and_checksums() {
    let config: toml::Table =
        toml::from_str(&read(repo_root().join("dist-workspace.toml"))).unwrap();
    let dist = config["dist"].as_table().unwrap();
    let list = |key: &str| -> Vec<&str> {
        dist[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect()
    };
    // The targets install-release.sh knows.
    let script = read(repo_root().join("scripts/install-release.sh"));
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(list("targets").contains(&target), "dist builds {target}");
        assert!(
            script.contains(&format!("target={target}")),
            "install-release.sh knows {target}"
        );
    }
    assert_eq!(list("installers"), ["shell", "powershell"]);
    assert_eq!(dist["ci"].as_str(), Some("github"));
    // CI's `dist plan` runs the version release.yml was generated with.
    let dist_version = dist["cargo-dist-version"].as_str().unwrap();
    assert!(
        read(repo_root().join(".ci/dist-requirements.txt"))
            .contains(&format!("astral-dev-toolchain-cargo-dist=={dist_version} ")),
        ".ci/dist-requirements.txt installs dist {dist_version}"
    );
    assert!(
        read(repo_root().join(".github/workflows/release.yml"))
            .contains(&format!("cargo-dist/releases/download/v{dist_version}/")),
        "release.yml was generated by dist {dist_version}: run `dist generate`"
    );
}

#[test]
fn the_readme_opens_with_install_and_its_pages_guide_is_in_order() {
    let readme = read(repo_root().join("README.md"));
    let version = version();
    let first_section = readme
        .lines()
        .find(|l| l.starts_with("## "))
        .unwrap_or_default();
    assert_eq!(first_section, "## Install", "the README opens with Install");
    let install = section(&readme, "## Install");
    for needle in [
        format!("{REPOSITORY}/releases/download/v{version}/dossier-installer.sh | sh"),
        format!("{REPOSITORY}/releases/download/v{version}/dossier-installer.ps1 | iex"),
        format!("cargo install --locked --git {REPOSITORY} --tag v{version} dossier"),
        format!("{REPOSITORY}/releases/tag/v{version}"),
    ] {
        assert!(
            install.contains(&needle),
            "Install lacks `{needle}`:\n{install}"
        );
    }

    let guide = section(&readme, "## Deploy to GitHub Pages");
    assert!(guide.contains("dossier init"), "{guide}");
    assert!(
        guide.contains(&format!("{}@v{version}", action_repository())),
        "the guide names the action of this version:\n{guide}"
    );
    // Numbered steps: the Pages source is set before anything is pushed.
    let mut steps: Vec<String> = Vec::new();
    for line in guide.lines() {
        if line.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            steps.push(line.to_owned());
        } else if let Some(step) = steps.last_mut()
            && line.starts_with("   ")
        {
            step.push(' ');
            step.push_str(line.trim());
        }
    }
    let source = steps
        .iter()
        .position(|s| s.contains("**GitHub Actions**"))
        .expect("a step sets the Pages source");
    let push = steps
        .iter()
        .position(|s| {
            s.split_once(". ")
                .is_some_and(|(_, step)| step.starts_with("Push"))
        })
        .expect("a step pushes");
    assert!(source < push, "set the source, then push:\n{guide}");
    assert!(
        !guide.contains("cargo install --git") || guide.contains("--locked"),
        "{guide}"
    );
}

/// Every GitHub address of dossier in the docs and the action names Cargo.toml's
/// `repository`: change it there, and these tests point at every other place.
#[test]
fn the_docs_and_the_action_name_one_repository() {
    let mut files = vec![
        repo_root().join("README.md"),
        repo_root().join("action.yml"),
        repo_root().join("ARCHITECTURE.md"),
    ];
    for entry in std::fs::read_dir(repo_root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let owner_repo = action_repository();
    for file in files {
        let text = read(&file);
        for (at, _) in text.match_indices("/dossier") {
            let before = &text[..at];
            let Some(start) = before.rfind("github.com/") else {
                continue;
            };
            let owner = &before[start + "github.com/".len()..];
            if owner.contains(['/', ' ', '\n', '(', ')']) {
                continue;
            }
            assert_eq!(
                format!("{owner}/dossier"),
                owner_repo,
                "{} names another repository than Cargo.toml's",
                file.display()
            );
        }
        for (at, _) in text.match_indices("/dossier@v") {
            let owner_start = text[..at]
                .rfind(|c: char| c.is_whitespace() || c == '`')
                .map_or(0, |i| i + 1);
            assert_eq!(
                &text[owner_start..at + "/dossier".len()],
                owner_repo,
                "{}: the action is `{owner_repo}`",
                file.display()
            );
        }
    }
}

/// The text of the README section that starts with `heading`, up to the next `## `.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("the README has no `{heading}`"));
    let rest = &readme[start + 1..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |e| e + heading.len());
    &rest[..end]
}

/// A release folder as dist lays it out for this machine: `dossier-<target>.tar.xz`
/// holding `dossier-<target>/dossier` and the README, and beside it
/// `dossier-<target>.tar.xz.sha256` reading `<hex> *<file name>`. Its `dossier` hands
/// over to the real binary: a debug build is too large to compress in a test.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn fake_release(dir: &Path) -> (PathBuf, &'static str) {
    let (target, arch) = if cfg!(target_arch = "x86_64") {
        ("x86_64-unknown-linux-gnu", "X64")
    } else {
        ("aarch64-unknown-linux-gnu", "ARM64")
    };
    let name = format!("dossier-{target}");
    let stage = dir.join("stage").join(&name);
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(
        stage.join("dossier"),
        format!(
            "#!/bin/sh\nexec '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_dossier")
        ),
    )
    .unwrap();
    std::fs::write(stage.join("README.md"), "# dossier\n").unwrap();
    let release = dir.join("release");
    std::fs::create_dir_all(&release).unwrap();
    let archive = format!("{name}.tar.xz");
    let status = Command::new("tar")
        .arg("-cJf")
        .arg(release.join(&archive))
        .arg("-C")
        .arg(dir.join("stage"))
        .arg(&name)
        .status()
        .expect("run tar");
    assert!(status.success());
    let sum = Command::new("sha256sum")
        .arg(release.join(&archive))
        .output()
        .expect("run sha256sum");
    let hex = String::from_utf8(sum.stdout).unwrap();
    let hex = hex.split_whitespace().next().unwrap().to_owned();
    std::fs::write(
        release.join(format!("{archive}.sha256")),
        format!("{hex} *{archive}\n"),
    )
    .unwrap();
    (release, arch)
}

/// Runs scripts/install-release.sh as the action's download step does.
fn install(env: &[(&str, &str)]) -> std::process::Output {
    Command::new("bash")
        .arg(repo_root().join("scripts/install-release.sh"))
        .env_remove("DOSSIER_DOWNLOAD_URL")
        .env_remove("DOSSIER_RELEASES")
        .envs(env.iter().copied())
        .output()
        .expect("run bash")
}

/// The action's steps run as GitHub runs them, on a release laid out as dist lays it
/// out: it finds its folder, installs the binary after checking its SHA-256, and builds
/// the dossier `dossier init` writes; a damaged download, a wrong version, a missing
/// release and a platform without a build are refused, each with its reason.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn the_action_installs_a_checked_release_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (release, arch) = fake_release(dir.path());
    let url = format!("file://{}", release.display());
    let action = read(repo_root().join("action.yml"));
    let version = version();

    // Step 1: where the binary goes, from the `version` input (a leading v allowed).
    let outputs = dir.path().join("github-output");
    let tool_cache = dir.path().join("tool-cache");
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c"])
        .arg(step_script(&action, "Choose where dossier goes"))
        .env("VERSION", format!("v{version}"))
        .env("TOOL_CACHE", &tool_cache)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", arch)
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = read(&outputs);
    let output = |key: &str| -> String {
        outputs
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no output `{key}` in {outputs}"))
            .to_owned()
    };
    assert_eq!(output("version"), version);
    let dest = output("dir");
    assert_eq!(
        PathBuf::from(output("path")),
        Path::new(&dest).join("dossier")
    );

    // Step 2: the download, checked.
    let out = install(&[
        ("DOSSIER_VERSION", &version),
        ("DOSSIER_DEST", &dest),
        ("DOSSIER_DOWNLOAD_URL", &url),
        ("DOSSIER_OS", "Linux"),
        ("DOSSIER_ARCH", arch),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), output("path"));

    // The `sha256` input: a checksum the workflow keeps, checked in place of the
    // published one.
    let published = std::fs::read_dir(&release)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sha256"))
        .unwrap();
    let published = read(published);
    let hex = published.split_whitespace().next().unwrap();
    let other = format!(
        "{}{}",
        &hex[..63],
        if hex.ends_with('0') { '1' } else { '0' }
    );
    let kept = dir.path().join("kept");
    for (sha256, refusal) in [
        (hex.to_uppercase(), None),
        (other, Some("does not match the SHA-256")),
        (
            "xyz".to_owned(),
            Some("`xyz` is not a SHA-256 (64 hexadecimal digits)"),
        ),
    ] {
        let out = install(&[
            ("DOSSIER_VERSION", &version),
            ("DOSSIER_DEST", kept.to_str().unwrap()),
            ("DOSSIER_DOWNLOAD_URL", &url),
            ("DOSSIER_OS", "Linux"),
            ("DOSSIER_ARCH", arch),
            ("DOSSIER_SHA256", &sha256),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        match refusal {
            None => assert!(out.status.success(), "{stderr}"),
            Some(words) => {
                assert_eq!(out.status.code(), Some(1), "{stderr}");
                assert!(stderr.contains(words), "{stderr}");
            }
        }
    }

    // Step 4: the build, on the dossier `dossier init` writes, with and without
    // base-url and args.
    let site = dir.path().join("site");
    init(&site);
    let build = step_script(&action, "Build the dossier");
    for (base_url, args, folder) in [
        ("https://example.github.io/demo/", "", "public"),
        ("", "--strict  --quiet", "other"),
    ] {
        let out = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(&build)
            .current_dir(dir.path())
            .env("DOSSIER", output("path"))
            .env("ROOT", "site")
            .env("OUTPUT", folder)
            .env("BASE_URL", base_url)
            .env("ARGS", args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.path().join(folder).join("index.html").is_file());
        assert_eq!(out.stdout.is_empty(), args.contains("--quiet"));
    }
    assert!(
        read(dir.path().join("public/sitemap.xml")).contains("https://example.github.io/demo/"),
        "base-url reaches the build"
    );
    assert!(
        read(dir.path().join("other/sitemap.xml"))
            .contains("https://example.github.io/my-dossier/"),
        "without base-url, site.toml's address is used"
    );

    // A download that does not match its published SHA-256 is refused, and nothing is
    // installed.
    let archive = std::fs::read_dir(&release)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xz"))
        .unwrap();
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let out = install(&[
        ("DOSSIER_VERSION", &version),
        ("DOSSIER_DEST", elsewhere.to_str().unwrap()),
        ("DOSSIER_DOWNLOAD_URL", &url),
        ("DOSSIER_OS", "Linux"),
        ("DOSSIER_ARCH", arch),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("does not match its published SHA-256")
            && stderr.contains("nothing was installed"),
        "{stderr}"
    );
    assert!(!elsewhere.exists());

    // A release whose binary is another version than asked for.
    let (release, _) = fake_release(&dir.path().join("again"));
    let out = install(&[
        ("DOSSIER_VERSION", "9.9.9"),
        ("DOSSIER_DEST", elsewhere.to_str().unwrap()),
        (
            "DOSSIER_DOWNLOAD_URL",
            &format!("file://{}", release.display()),
        ),
        ("DOSSIER_OS", "Linux"),
        ("DOSSIER_ARCH", arch),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("says `dossier {version}`, not `dossier 9.9.9`")),
        "{stderr}"
    );

    // A version with no release: the address is built from DOSSIER_RELEASES.
    let out = install(&[
        ("DOSSIER_VERSION", "9.9.9"),
        ("DOSSIER_DEST", elsewhere.to_str().unwrap()),
        (
            "DOSSIER_RELEASES",
            &format!("file://{}", dir.path().join("none").display()),
        ),
        ("DOSSIER_OS", "Linux"),
        ("DOSSIER_ARCH", arch),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("/none/v9.9.9/dossier-") && stderr.contains("is dossier 9.9.9 released"),
        "{stderr}"
    );

    // Bad input: a platform without a build, a version that is not one.
    let out = install(&[
        ("DOSSIER_VERSION", &version),
        ("DOSSIER_DEST", elsewhere.to_str().unwrap()),
        ("DOSSIER_DOWNLOAD_URL", &url),
        ("DOSSIER_OS", "FreeBSD"),
        ("DOSSIER_ARCH", "X64"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no dossier release is built for FreeBSD on X64")
            && stderr.contains("cargo install --locked"),
        "{stderr}"
    );
    let out = install(&[
        ("DOSSIER_VERSION", "latest"),
        ("DOSSIER_DEST", elsewhere.to_str().unwrap()),
        ("DOSSIER_DOWNLOAD_URL", &url),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`latest` is not a dossier version: give one like 0.1.0"),
        "{stderr}"
    );
    assert!(!elsewhere.exists());
}
