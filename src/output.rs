//! Write: the only stage that writes to disk.
//!
//! The site is written into a fresh staging folder beside the output folder and
//! swapped in only once every file is written, so a failure leaves the previous
//! output exactly as it was, and files from earlier builds never linger. On Linux the
//! swap is one atomic `renameat2(RENAME_EXCHANGE)`, so a build killed at any moment
//! leaves the old site or the new one, complete. Elsewhere it is two renames, and a
//! build killed between them leaves the old site aside, which the next build puts
//! back before anything else. Leftovers of killed builds are removed by the next one,
//! so two builds must not write the same output folder at the same time.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::render::OutputFile;

/// Writes `files` as the complete contents of `out_dir`, the output folder of the
/// dossier at `root`.
pub fn write(files: &[OutputFile], out_dir: &Path, root: &Path) -> anyhow::Result<()> {
    let staging = Staging::create(out_dir, root)?;
    for file in files {
        staging.write(&file.path, &file.bytes)?;
    }
    staging.commit()
}

/// An output folder being written: files go into a fresh staging folder beside it as
/// they are made (from any thread), and `commit` swaps the whole of it in. Dropped
/// without `commit` (a failed build), it removes the staging folder and the output
/// folder is as it was.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    old: PathBuf,
}

impl Staging {
    /// Checks that `out_dir` may be replaced (see `guard`), cleans up after killed
    /// builds, and creates the staging folder.
    pub fn create(out_dir: &Path, root: &Path) -> anyhow::Result<Staging> {
        guard(root, out_dir)?;
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
        recover(&parent, &name, out_dir)?;
        let pid = std::process::id();
        let staging = Staging {
            out_dir: out_dir.to_path_buf(),
            dir: parent.join(format!(".{name}.staging-{pid}")),
            old: parent.join(format!(".{name}.old-{pid}")),
        };
        fs::create_dir_all(&staging.dir)
            .with_context(|| format!("cannot create `{}`", staging.dir.display()))?;
        Ok(staging)
    }

    /// Writes one file, at `path` relative to the output folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.dir.join(plain_relative(path)?);
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
        if !out_dir.exists() {
            return fs::rename(staging, out_dir)
                .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
        }
        if exchange(staging, out_dir) {
            // One atomic step: `out_dir` is the new site, `staging` holds the old one.
            return fs::remove_dir_all(staging)
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
        fs::remove_dir_all(old).with_context(|| format!("cannot remove `{}`", old.display()))
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
            let _ = fs::remove_dir_all(&self.dir);
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

/// Cleans up after a build that was killed: puts a previous site that was moved
/// aside back in place if the output folder is missing, then removes leftover
/// staging and old folders (`.public.staging-PID`, `.public.old-PID`).
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
        .collect();
    if !out_dir.exists()
        && let Some(index) = leftovers.iter().position(|(is_old, _)| *is_old)
    {
        let (_, previous) = leftovers.swap_remove(index);
        fs::rename(&previous, out_dir).with_context(|| {
            format!(
                "cannot put the previous site `{}` back in `{}`",
                previous.display(),
                out_dir.display()
            )
        })?;
    }
    for (_, leftover) in leftovers {
        fs::remove_dir_all(&leftover)
            .with_context(|| format!("cannot remove `{}`", leftover.display()))?;
    }
    Ok(())
}

/// The output folder is replaced wholesale, so it must be safe to replace: not the
/// dossier or a folder holding it, not inside its sources, and either new or a folder
/// an earlier build wrote (it has the `.nojekyll` every build writes).
fn guard(root: &Path, out_dir: &Path) -> anyhow::Result<()> {
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
    match fs::symlink_metadata(&out) {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => {
            bail!("refusing to build into `{shown}`: it exists and is not a folder")
        }
        Ok(_) => {
            let empty = fs::read_dir(&out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out.join(".nojekyll").is_file() {
                Ok(())
            } else {
                bail!(
                    "refusing to replace `{shown}`: the folder is not empty and was not written by dossier \
                     (it has no .nojekyll); remove it or choose another --output"
                )
            }
        }
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

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
            template: None,
            source: None,
            continued: false,
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
            ["", "public", "public/.nojekyll", "public/index.html"]
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
    fn leftovers_of_a_killed_build_are_recovered_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Killed between the two renames: the old site is aside, no output folder.
        fs::create_dir_all(dir.path().join(".public.old-1")).unwrap();
        fs::write(dir.path().join(".public.old-1/index.html"), "old").unwrap();
        fs::create_dir_all(dir.path().join(".public.staging-2/notes")).unwrap();
        recover(dir.path(), "public", &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(listing(dir.path()), ["", "public", "public/index.html"]);
    }
}
