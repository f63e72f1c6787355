//! Write: the only stage that writes to disk.
//!
//! The site is written into a fresh staging folder beside the output folder and
//! swapped in by renaming only once every file is written, so a failure leaves the
//! previous output exactly as it was, and files from earlier builds never linger.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::render::OutputFile;

/// Writes `files` as the complete contents of `out_dir`.
pub fn write(files: &[OutputFile], out_dir: &Path) -> anyhow::Result<()> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out_dir
        .file_name()
        .with_context(|| format!("the output folder `{}` has no name", out_dir.display()))?
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(&parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)
                .with_context(|| format!("cannot remove `{}`", leftover.display()))?;
        }
    }

    if let Err(err) = write_all(files, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }

    if out_dir.exists() {
        fs::rename(out_dir, &old)
            .with_context(|| format!("cannot move the previous `{}` aside", out_dir.display()))?;
        if let Err(err) = fs::rename(&staging, out_dir) {
            // Put the previous site back: nothing is lost.
            let _ = fs::rename(&old, out_dir);
            let _ = fs::remove_dir_all(&staging);
            return Err(err)
                .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()));
        }
        fs::remove_dir_all(&old).with_context(|| format!("cannot remove `{}`", old.display()))?;
    } else {
        fs::rename(&staging, out_dir)
            .with_context(|| format!("cannot move the new site into `{}`", out_dir.display()))?;
    }
    Ok(())
}

fn write_all(files: &[OutputFile], dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for file in files {
        let relative = Path::new(&file.path);
        // Output paths come from slugs and theme names; refuse anything that could
        // leave the folder all the same.
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            bail!(
                "refusing to write `{}`: it is not a plain relative path",
                file.path
            );
        }
        let path = dir.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)
                .with_context(|| format!("cannot create `{}`", folder.display()))?;
        }
        fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}
