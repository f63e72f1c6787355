//! Write: the only stage that writes to disk.
//!
//! The site is written into a fresh staging folder beside the output folder and
//! swapped in only once every file is written, so a failure leaves the previous
//! output exactly as it was, and files from earlier builds never linger. On Linux the
//! swap is one atomic `renameat2(RENAME_EXCHANGE)`, so a build killed at any moment
//! leaves the old site or the new one, complete. Elsewhere it is two renames, and a
//! build killed between them leaves the old site aside, which the next build puts
//! back before anything else.
//!
//! Nothing here touches a file dossier did not write. The output folder is replaced
//! only if it is new, empty, or provably an earlier build's: its `.dossier-manifest`
//! (written last) lists every file in it, and it holds nothing else and no `.git`.
//! A staging folder carries a `.dossier-staging` mark from its first moment, so the
//! cleanup after a killed build removes only folders a build made. Builds into the same
//! folder take turns: each holds a lock on the output's parent folder from the first
//! check to the swap.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, bail};

/// An output folder being written: files go into a fresh staging folder beside it as
/// they are made (from any thread), and `commit` swaps the whole of it in. Dropped
/// without `commit` (a failed build), it removes the staging folder and the output
/// folder is as it was.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Every path written, for the manifest, each followed by `\0`: one string, where a
    /// set held a copy of each of a large site's hundred thousand paths.
    written: Mutex<String>,
    /// Held until the new site is in place (or abandoned): another build into the
    /// same folder waits for it.
    _lock: fs::File,
}

/// The list of an output folder's files, written last by every build: the proof that
/// dossier wrote the folder, and of which files in it.
pub const MANIFEST: &str = ".dossier-manifest";
const MANIFEST_HEADING: &str = "# dossier: the files of this build, one per line. A build replaces this folder only while it holds these files and nothing else.";
/// The mark of a staging folder, written before anything else in it.
const STAGING_MARK: &str = ".dossier-staging";
const STAGING_TEXT: &str = "dossier: a build in progress; removed when it ends\n";

impl Staging {
    /// Checks that `out_dir` may be replaced (see `guard`), cleans up after killed
    /// builds, and creates the staging folder.
    pub fn create(out_dir: &Path, root: &Path) -> anyhow::Result<Staging> {
        guard_place(root, out_dir)?;
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out_dir
            .file_name()
            .with_context(|| format!("the output folder `{}` has no name", out_dir.display()))?
            .to_string_lossy()
            .into_owned();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let lock = lock(&parent, out_dir)?;
        // Checked under the lock: a build that held it may just have swapped its site in.
        guard_contents(out_dir)?;
        recover(&parent, &name, out_dir)?;
        let pid = std::process::id();
        let staging = Staging {
            out_dir: out_dir.to_path_buf(),
            dir: parent.join(format!(".{name}.staging-{pid}")),
            old: parent.join(format!(".{name}.old-{pid}")),
            written: Mutex::new(String::new()),
            _lock: lock,
        };
        // A folder of that name left by an earlier process of the same id is ours only
        // if it says so; anything else there is refused rather than removed.
        for leftover in [&staging.dir, &staging.old] {
            if fs::symlink_metadata(leftover).is_ok() {
                if is_ours(leftover) {
                    remove_ours(leftover)
                        .with_context(|| format!("cannot remove `{}`", leftover.display()))?;
                } else {
                    bail!(
                        "cannot build: `{}` is in the way and was not made by dossier; move it away",
                        leftover.display()
                    );
                }
            }
        }
        fs::create_dir(&staging.dir)
            .with_context(|| format!("cannot create `{}`", staging.dir.display()))?;
        let mark = staging.dir.join(STAGING_MARK);
        fs::write(&mark, STAGING_TEXT)
            .with_context(|| format!("cannot write `{}`", mark.display()))?;
        Ok(staging)
    }

    /// Writes one file, at `path` relative to the output folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let relative = plain_relative(path)?;
        if path == MANIFEST || path == STAGING_MARK {
            bail!("refusing to write `{path}`: dossier keeps that name for itself");
        }
        {
            let mut written = crate::support::lock(&self.written);
            written.push_str(path);
            written.push('\0');
        }
        let path = self.dir.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("cannot create `{}`", folder.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
    }

    /// Adds `bytes` to the end of the file at `path`, written before.
    pub fn append(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        use std::io::Write as _;
        let path = self.dir.join(plain_relative(path)?);
        fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(bytes))
            .with_context(|| format!("cannot write `{}`", path.display()))
    }

    /// Puts the written site in place of the output folder.
    pub fn commit(self) -> anyhow::Result<()> {
        let (staging, out_dir, old) = (&self.dir, &self.out_dir, &self.old);
        // The manifest last: a folder with it is a whole build. Then the mark goes, and
        // a kill from here on leaves a folder the manifest proves ours.
        let mut manifest = String::from(MANIFEST_HEADING);
        manifest.push('\n');
        let written = crate::support::lock(&self.written);
        let mut paths: Vec<&str> = written.split_terminator('\0').collect();
        paths.sort_unstable();
        paths.dedup();
        for path in paths {
            manifest.push_str(path);
            manifest.push('\n');
        }
        let at = staging.join(MANIFEST);
        fs::write(&at, manifest).with_context(|| format!("cannot write `{}`", at.display()))?;
        let mark = staging.join(STAGING_MARK);
        fs::remove_file(&mark).with_context(|| format!("cannot remove `{}`", mark.display()))?;
        if !out_dir.exists() {
            return fs::rename(staging, out_dir)
                .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
        }
        if exchange(staging, out_dir) {
            // One atomic step: `out_dir` is the new site, `staging` holds the old one.
            return remove_ours(staging)
                .with_context(|| format!("cannot remove `{}`", staging.display()));
        }
        // Without an atomic exchange: two renames. A kill between them leaves the
        // previous site at `old`, which the next build puts back first (see `recover`).
        fs::rename(out_dir, old)
            .with_context(|| format!("cannot move the previous `{}` aside", out_dir.display()))?;
        if let Err(err) = fs::rename(staging, out_dir) {
            // Put the previous site back: nothing is lost.
            let _ = fs::rename(old, out_dir);
            return Err(err)
                .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
        }
        remove_ours(old).with_context(|| format!("cannot remove `{}`", old.display()))
    }
}

/// Output paths come from slugs and theme names; anything that could leave the
/// folder is refused all the same.
fn plain_relative(path: &str) -> anyhow::Result<&Path> {
    let relative = Path::new(path);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("refusing to write `{path}`: it is not a plain relative path");
    }
    Ok(relative)
}

impl Drop for Staging {
    /// After `commit` the staging folder is gone (moved in, or removed with the old
    /// site in it); before, this abandons the build's files.
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = remove_ours(&self.dir);
        }
    }
}

/// Swaps two folders in one atomic step, where the system can (Linux 3.15+, on file
/// systems that support `RENAME_EXCHANGE`); false when it cannot, with nothing changed.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Takes the lock that makes builds into `out_dir` take turns: on the output's parent
/// folder itself where the system can lock a folder (nothing is created), else on a
/// `.NAME.lock` file beside it. Waits for a build holding it, and says so.
fn lock(parent: &Path, out_dir: &Path) -> anyhow::Result<fs::File> {
    #[cfg(unix)]
    let file = fs::File::open(parent);
    #[cfg(not(unix))]
    let file = {
        let name = out_dir.file_name().unwrap_or_default().to_string_lossy();
        fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.lock")))
    };
    let file = file.with_context(|| format!("cannot open `{}` to lock it", parent.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build into `{}` to finish…",
                out_dir.display()
            );
        }
        Err(fs::TryLockError::Error(err)) => {
            return Err(err).with_context(|| format!("cannot lock `{}`", parent.display()));
        }
    }
    file.lock()
        .with_context(|| format!("cannot lock `{}`", parent.display()))?;
    Ok(file)
}

/// Cleans up after a build that was killed: puts a previous site that was moved
/// aside back in place if the output folder is missing, then removes leftover
/// staging and old folders (`.public.staging-PID`, `.public.old-PID`) — those a build
/// made (`is_ours`) and no other, whatever their name.
fn recover(parent: &Path, name: &str, out_dir: &Path) -> anyhow::Result<()> {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let rest = file_name.strip_prefix(&prefix)?;
            let is_old = rest.starts_with("old-");
            (is_old || rest.starts_with("staging-")).then(|| (is_old, e.path()))
        })
        .filter(|(_, path)| is_ours(path))
        .collect();
    leftovers.sort();
    if !out_dir.exists()
        && let Some(index) = leftovers
            .iter()
            .position(|(is_old, path)| *is_old && is_whole_build(path))
    {
        let (_, previous) = leftovers.remove(index);
        fs::rename(&previous, out_dir).with_context(|| {
            format!(
                "cannot put the previous site `{}` back in `{}`",
                previous.display(),
                out_dir.display()
            )
        })?;
    }
    for (_, leftover) in leftovers {
        remove_ours(&leftover)
            .with_context(|| format!("cannot remove `{}`", leftover.display()))?;
    }
    Ok(())
}

/// Removes a folder a build made, marking it first and removing the mark last, so
/// that a build killed halfway through leaves a folder the next one still knows as its
/// own (`is_ours`) and finishes removing.
fn remove_ours(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mark = dir.join(STAGING_MARK);
    fs::write(&mark, STAGING_TEXT)?;
    // The files on every core (a large site has tens of thousands: removing them one
    // by one was a twentieth of a build), then the folders, deepest first, each depth
    // on every core.
    let mut files = Vec::new();
    let mut folders: Vec<Vec<PathBuf>> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry?;
        if entry.path() == mark {
            continue;
        }
        if entry.file_type().is_dir() {
            if folders.len() < entry.depth() {
                folders.resize_with(entry.depth(), Vec::new);
            }
            folders[entry.depth() - 1].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    for depth in folders.iter().rev() {
        depth.par_iter().try_for_each(fs::remove_dir)?;
    }
    fs::remove_file(&mark)?;
    fs::remove_dir(dir)
}

/// Whether a build made the folder at `path`: it carries the staging mark, or it is a
/// whole build, or it is empty (a build killed between making it and marking it; an
/// empty folder holds nothing to lose). Never follows a link.
fn is_ours(path: &Path) -> bool {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return false;
    }
    if fs::read_dir(path).is_ok_and(|mut d| d.next().is_none()) {
        return true;
    }
    let mark = path.join(STAGING_MARK);
    let marked = fs::symlink_metadata(&mark).is_ok_and(|m| m.is_file())
        && fs::read_to_string(&mark).is_ok_and(|t| t == STAGING_TEXT);
    marked || is_whole_build(path)
}

/// Whether the folder at `path` is a build's output: its manifest lists everything
/// in it.
fn is_whole_build(path: &Path) -> bool {
    manifest(path).is_some_and(|listed| holds_only(path, &listed).is_ok())
}

/// The paths the manifest of the folder at `dir` lists, if it has one dossier wrote.
fn manifest(dir: &Path) -> Option<BTreeSet<String>> {
    let at = dir.join(MANIFEST);
    if !fs::symlink_metadata(&at).ok()?.is_file() {
        return None;
    }
    let text = fs::read_to_string(at).ok()?;
    let mut lines = text.lines();
    (lines.next()? == MANIFEST_HEADING).then(|| lines.map(str::to_owned).collect())
}

/// `Ok` if everything in `dir` is a folder or a file `listed` names (or the manifest);
/// else the first thing that is not, and whether it is a Git repository.
fn holds_only(dir: &Path, listed: &BTreeSet<String>) -> Result<(), (String, bool)> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else {
            return Err((String::from("(a file that cannot be read)"), false));
        };
        let relative = entry
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if entry.file_name() == ".git" {
            return Err((relative, true));
        }
        if entry.file_type().is_dir() || relative == MANIFEST || listed.contains(&relative) {
            continue;
        }
        return Err((relative, false));
    }
    Ok(())
}

/// Where the output folder is must be safe: not the dossier or a folder holding it,
/// not inside its sources.
fn guard_place(root: &Path, out_dir: &Path) -> anyhow::Result<()> {
    let (root, out) = (resolved(root), resolved(out_dir));
    let shown = out_dir.display();
    if root.starts_with(&out) {
        bail!(
            "refusing to build into `{shown}`: it holds the dossier itself, and the output folder is replaced on every build"
        );
    }
    for source in ["content", "templates", "static", "site.toml"] {
        if out.starts_with(root.join(source)) {
            bail!("refusing to build into `{shown}`: it is inside the dossier's {source}");
        }
    }
    Ok(())
}

/// Whether `out_dir` is inside the dossier's folder `root` (links and `..` resolved).
pub fn is_inside(root: &Path, out_dir: &Path) -> bool {
    let (root, out) = (resolved(root), resolved(out_dir));
    out.starts_with(&root) && out != root
}

/// What is in the output folder must be safe to replace: nothing (new, or an empty
/// folder), or exactly an earlier build's files and no Git repository.
fn guard_contents(out_dir: &Path) -> anyhow::Result<()> {
    let shown = out_dir.display();
    let meta = match fs::symlink_metadata(out_dir) {
        Err(_) => return Ok(()),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        bail!("refusing to build into `{shown}`: it exists and is not a folder");
    }
    let empty = fs::read_dir(out_dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(());
    }
    let Some(listed) = manifest(out_dir) else {
        let earlier = if out_dir.join(".nojekyll").is_file() {
            " (one built before dossier kept a manifest has none either: remove it once, and builds replace it from then on)"
        } else {
            ""
        };
        bail!(
            "refusing to replace `{shown}`: the folder is not empty and dossier did not write it \
             (it has no {MANIFEST}){earlier}; remove it or choose another --output"
        );
    };
    match holds_only(out_dir, &listed) {
        Ok(()) => Ok(()),
        Err((path, true)) => bail!(
            "refusing to replace `{shown}`: it holds a Git repository (`{path}`); build somewhere else with --output, and copy the site into the repository"
        ),
        Err((path, false)) => bail!(
            "refusing to replace `{shown}`: it holds `{path}`, which dossier did not write; move it out of the folder, or choose another --output"
        ),
    }
}

/// `path` made absolute with `..` and symbolic links resolved, even where it does not
/// exist yet: the longest existing prefix is canonicalized and the rest applied to it.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        if let Ok(mut out) = prefix.canonicalize() {
            for c in &components[split..] {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
    }
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output_file::OutputFile;

    /// Writes `files` as the complete contents of `out_dir`, the output folder of the
    /// dossier at `root`.
    fn write(files: &[OutputFile], out_dir: &Path, root: &Path) -> anyhow::Result<()> {
        let staging = Staging::create(out_dir, root)?;
        for file in files {
            staging.write(&file.path, &file.bytes)?;
        }
        staging.commit()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
            template: None,
            source: None,
            continued: false,
            links: None,
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failure_midway_through_writing_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [file(".nojekyll", ""), file("index.html", "old")];
        write(&first, &out, dir.path()).unwrap();
        // The third file cannot be written: `index.html` is a file, not a folder.
        let second = [
            file(".nojekyll", ""),
            file("index.html", "new"),
            file("index.html/page.html", "x"),
            file("late.html", "never written"),
        ];
        let err = write(&second, &out, dir.path()).unwrap_err();
        assert!(format!("{err:#}").contains("cannot create"), "{err:#}");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(
            listing(dir.path()),
            [
                "",
                "public",
                "public/.dossier-manifest",
                "public/.nojekyll",
                "public/index.html"
            ]
        );
    }

    #[test]
    fn paths_that_leave_the_output_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for path in ["../escape.html", "/etc/escape.html", "a/../../escape.html"] {
            let err = write(&[file(path, "x")], &out, dir.path()).unwrap_err();
            assert!(
                err.to_string().contains("not a plain relative path"),
                "{path}: {err}"
            );
        }
        assert_eq!(listing(dir.path()), [""]);
    }

    #[test]
    fn leftovers_of_a_killed_build_are_recovered_or_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Killed between the two renames: the old site is aside, no output folder.
        let old = dir.path().join(".public.old-1");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "old").unwrap();
        fs::write(
            old.join(MANIFEST),
            format!("{MANIFEST_HEADING}\nindex.html\n"),
        )
        .unwrap();
        let staging = dir.path().join(".public.staging-2");
        fs::create_dir_all(staging.join("notes")).unwrap();
        fs::write(staging.join(STAGING_MARK), STAGING_TEXT).unwrap();
        // Folders of the same names that no build made are the user's.
        for name in [".public.staging-3", ".public.old-4"] {
            fs::create_dir_all(dir.path().join(name)).unwrap();
            fs::write(dir.path().join(name).join("mine.txt"), "mine").unwrap();
        }
        recover(dir.path(), "public", &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(
            listing(dir.path()),
            [
                "",
                ".public.old-4",
                ".public.old-4/mine.txt",
                ".public.staging-3",
                ".public.staging-3/mine.txt",
                "public",
                "public/.dossier-manifest",
                "public/index.html"
            ]
        );
    }
}
