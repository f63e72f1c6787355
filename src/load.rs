//! Load: the only stage that reads the dossier from disk.
//!
//! In: a dossier root. Out: an [`Input`] holding the text of `site.toml`, of every
//! content file and of every template override, and the bytes of every static file.
//! Problems a user can fix (a missing folder, a file that is not UTF-8) become
//! diagnostics; nothing here parses.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles};

/// Everything a build reads, read once.
#[derive(Debug, Default)]
pub struct Input {
    pub files: SourceFiles,
    /// `site.toml`, when it could be read.
    pub site_toml: Option<FileId>,
    /// Content files: the file and its path relative to `content/` (with `/`).
    pub content: Vec<(FileId, String)>,
    /// Template overrides from the dossier's `templates/`: name and file.
    pub templates: Vec<(String, FileId)>,
    /// Static files from the dossier's `static/`: path relative to it, and bytes.
    pub statics: Vec<(String, Vec<u8>)>,
}

/// Reads the dossier at `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Input {
    let mut input = Input::default();
    let site_toml = root.join("site.toml");
    match fs::read(&site_toml) {
        Ok(bytes) => {
            input.site_toml = add_text(&mut input.files, "site.toml".into(), bytes, diagnostics)
        }
        Err(err) => diagnostics.push(
            Diagnostic::global(format!(
                "cannot read `{}`: {}",
                site_toml.display(),
                describe_io(&err)
            ))
            .with_help("a dossier has a site.toml at its root (see docs/content.md); run dossier in that folder, or pass --root DIR"),
        ),
    }

    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::global(format!(
                "no content folder: `{}` does not exist",
                content.display()
            ))
            .with_help(
                "create content/ beside site.toml, with an index.md and one folder per collection (see docs/content.md)",
            ),
        );
    }
    for (rel, bytes) in read_folder(root, "content", diagnostics) {
        if let Some(id) = add_text(
            &mut input.files,
            format!("content/{rel}"),
            bytes,
            diagnostics,
        ) {
            input.content.push((id, rel));
        }
    }
    for (rel, bytes) in read_folder(root, "templates", diagnostics) {
        if let Some(id) = add_text(
            &mut input.files,
            format!("templates/{rel}"),
            bytes,
            diagnostics,
        ) {
            input.templates.push((rel, id));
        }
    }
    input.statics = read_folder(root, "static", diagnostics);
    input
}

/// Every file of the folder `name` under `root` (if there is one), read: its path
/// relative to the folder and its bytes.
fn read_folder(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let dir = root.join(name);
    if !dir.is_dir() {
        return Vec::new();
    }
    // Read in parallel (a large dossier has tens of thousands of files), kept in walk
    // order.
    let read: Vec<_> = walk(&dir, name, diagnostics)
        .into_par_iter()
        .map(|(rel, path)| {
            let bytes = fs::read(&path);
            (rel, bytes)
        })
        .collect();
    let mut out = Vec::with_capacity(read.len());
    for (rel, bytes) in read {
        match bytes {
            Ok(bytes) => out.push((rel, bytes)),
            Err(err) => diagnostics.push(Diagnostic::global(format!(
                "cannot read `{name}/{rel}`: {}",
                describe_io(&err)
            ))),
        }
    }
    out
}

/// Every regular file under `dir`, in sorted order, as (relative path, full path).
/// Hidden files and editor backups are skipped; symbolic links are refused.
fn walk(dir: &Path, shown: &str, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| shown.to_owned());
                diagnostics.push(Diagnostic::global(format!("cannot read `{path}`: {err}")));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::global(format!("`{shown}/{rel}` is a symbolic link")).with_help(
                    "dossier does not follow links; copy the file into the dossier instead",
                ),
            );
        } else if entry.file_type().is_file() {
            found.push((rel, entry.into_path()));
        }
    }
    found
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

fn add_text(
    files: &mut SourceFiles,
    path: String,
    bytes: Vec<u8>,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(files.add(path, text)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            diagnostics.push(
                Diagnostic::global(format!(
                    "`{path}` is not valid UTF-8 (first bad byte on line {line}, byte {offset})"
                ))
                .with_help("save the file as UTF-8 in your editor"),
            );
            None
        }
    }
}

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => err.to_string(),
    }
}
