//! Load: the only stage that reads the dossier from disk.
//!
//! In: a dossier root. Out: an [`Input`] holding the text of `site.toml`, of every
//! Markdown file in `content/` and of every template override, and the bytes of every
//! other file of `content/` (images, PDFs… published beside the pages) and of every
//! static file. Problems a user can fix (a missing folder, a Markdown file that is not
//! UTF-8) become diagnostics; nothing here parses.
//!
//! Nothing outside the dossier is read: a symbolic link, at the top (`static -> /etc`)
//! or inside a folder, is refused before anything behind it is opened. Nor is anything
//! that is not a regular file (opening a named pipe blocks), nor any file past a size
//! limit, checked on the open file before reading and enforced while reading.

use std::fs::{self, File, FileType};
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles};

/// The largest text file (site.toml, a content file, a template) dossier reads: three
/// times the 5 MB note the tests build, a thousand times a long article, and small
/// enough that a file put there by mistake (a log, a database dump) cannot exhaust
/// memory.
pub const TEXT_LIMIT: u64 = 16 * 1024 * 1024;

/// The largest static file dossier reads (an image, the PDF of a source, a short
/// video): GitHub does not store a file over 100 MiB, so a larger one could not be
/// published on GitHub Pages anyway.
pub const STATIC_LIMIT: u64 = 100 * 1024 * 1024;

/// Which limit a file is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Text,
    Static,
}

impl Limit {
    fn bytes(self) -> u64 {
        match self {
            Limit::Text => TEXT_LIMIT,
            Limit::Static => STATIC_LIMIT,
        }
    }
}

/// Everything a build reads, read once.
#[derive(Debug, Default)]
pub struct Input {
    pub files: SourceFiles,
    /// `site.toml`, when it could be read.
    pub site_toml: Option<FileId>,
    /// Markdown files of `content/`: the file and its path relative to `content/`
    /// (with `/`).
    pub content: Vec<(FileId, String)>,
    /// The other files of `content/`, published beside the pages (`crate::assets`):
    /// path relative to `content/`, and bytes.
    pub assets: Vec<(String, Vec<u8>)>,
    /// Template overrides from the dossier's `templates/`: name and file.
    pub templates: Vec<(String, FileId)>,
    /// Static files from the dossier's `static/`: path relative to it, and bytes.
    pub statics: Vec<(String, Vec<u8>)>,
}

/// Reads the dossier at `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Input {
    let mut input = Input::default();
    let site_toml = root.join("site.toml");
    match top_level(root, "site.toml", diagnostics) {
        Top::Missing => diagnostics.push(
            Diagnostic::global(format!(
                "cannot read `{}`: no such file",
                site_toml.display()
            ))
            .with_help("a dossier has a site.toml at its root (see docs/content.md); run dossier in that folder, or pass --root DIR"),
        ),
        Top::Refused => {}
        Top::Present(file_type) => {
            if let Some(bytes) = read_file(&site_toml, "site.toml", file_type, Limit::Text, diagnostics) {
                input.site_toml =
                    add_text(&mut input.files, "site.toml".into(), bytes, diagnostics);
            }
        }
    }

    let content = root.join("content");
    // A link in its place is reported by `read_folder`.
    if !fs::symlink_metadata(&content).is_ok_and(|m| m.is_dir() || m.is_symlink()) {
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
    let content_limit = |rel: &str| {
        if is_markdown(rel) {
            Limit::Text
        } else {
            Limit::Static
        }
    };
    for (rel, bytes) in read_folder(root, "content", content_limit, diagnostics) {
        if !is_markdown(&rel) {
            input.assets.push((rel, bytes));
            continue;
        }
        if let Some(id) = add_text(
            &mut input.files,
            format!("content/{rel}"),
            bytes,
            diagnostics,
        ) {
            input.content.push((id, rel));
        }
    }
    for (rel, bytes) in read_folder(root, "templates", |_| Limit::Text, diagnostics) {
        if let Some(id) = add_text(
            &mut input.files,
            format!("templates/{rel}"),
            bytes,
            diagnostics,
        ) {
            input.templates.push((rel, id));
        }
    }
    input.statics = read_folder(root, "static", |_| Limit::Static, diagnostics);
    input
}

/// Is this file of `content/` Markdown (an entry, a page, a translation)? Every other
/// file there is published as it is, beside the pages.
pub fn is_markdown(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".md")
}

/// What stands at the top of the dossier under a name.
enum Top {
    Missing,
    /// A symbolic link (reported).
    Refused,
    Present(FileType),
}

/// Looks at `root/name` without following a link: a link there could lead anywhere
/// (`static -> /etc`), so it is refused before anything behind it is read.
fn top_level(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Top {
    match fs::symlink_metadata(root.join(name)) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let what = if name == "site.toml" {
                "the real file"
            } else {
                "the real folder"
            };
            diagnostics.push(
                Diagnostic::global(format!("`{name}` is a symbolic link")).with_help(format!(
                    "dossier reads nothing outside the dossier and does not follow links; replace the link with {what}"
                )),
            );
            Top::Refused
        }
        Ok(meta) => Top::Present(meta.file_type()),
        Err(_) => Top::Missing,
    }
}

/// Every file of the folder `name` under `root` (if there is one), read: its path
/// relative to the folder and its bytes. Files over their limit (`limit` of the path)
/// are reported.
fn read_folder(
    root: &Path,
    name: &str,
    limit: impl Fn(&str) -> Limit + Sync,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    match top_level(root, name, diagnostics) {
        Top::Present(file_type) if file_type.is_dir() => {}
        _ => return Vec::new(),
    }
    let dir = root.join(name);
    // Read in parallel (a large dossier has tens of thousands of files), kept in walk
    // order.
    let read: Vec<_> = walk(&dir, name, diagnostics)
        .into_par_iter()
        .map(|(rel, path, file_type)| {
            let mut problems = Diagnostics::default();
            let bytes = read_file(
                &path,
                &format!("{name}/{rel}"),
                file_type,
                limit(&rel),
                &mut problems,
            );
            (rel, bytes, problems)
        })
        .collect();
    let mut out = Vec::with_capacity(read.len());
    for (rel, bytes, problems) in read {
        diagnostics.extend(problems);
        if let Some(bytes) = bytes {
            out.push((rel, bytes));
        }
    }
    out
}

/// Every file under `dir`, in sorted order, as (relative path, full path, type).
/// Hidden files and editor backups are skipped (but `static/.well-known/`, which
/// hosts need, is kept); symbolic links and anything that is not a regular file or a
/// folder (a named pipe, a socket, a device) are refused.
fn walk(
    dir: &Path,
    shown: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf, FileType)> {
    let mut found = Vec::new();
    let publishes_well_known = shown == "static";
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || (publishes_well_known && e.depth() == 1 && name == ".well-known")
                || !is_ignored(&name)
        });
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
        let file_type = entry.file_type();
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::global(format!("`{shown}/{rel}` is a symbolic link")).with_help(
                    "dossier does not follow links; copy the file into the dossier instead",
                ),
            );
        } else if file_type.is_file() {
            found.push((rel, entry.into_path(), file_type));
        } else if !file_type.is_dir() {
            diagnostics.push(not_regular(&format!("{shown}/{rel}"), file_type));
        }
    }
    found
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

/// Reads the file at `path` (shown to the user as `shown`), of the type the walk saw,
/// if it is a regular file within the limit.
fn read_file(
    path: &Path,
    shown: &str,
    file_type: FileType,
    limit: Limit,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<u8>> {
    // Never open what is not a regular file: opening a named pipe waits for a writer.
    if !file_type.is_file() {
        diagnostics.push(not_regular(shown, file_type));
        return None;
    }
    let cannot = |err: std::io::Error| {
        Diagnostic::global(format!("cannot read `{shown}`: {}", describe_io(&err)))
    };
    let file = match open(path) {
        Ok(file) => file,
        Err(err) => {
            diagnostics.push(cannot(err));
            return None;
        }
    };
    // The file may have changed since the walk saw it: check what was opened.
    let meta = match file.metadata() {
        Ok(meta) => meta,
        Err(err) => {
            diagnostics.push(cannot(err));
            return None;
        }
    };
    if !meta.is_file() {
        diagnostics.push(not_regular(shown, meta.file_type()));
        return None;
    }
    let max = limit.bytes();
    if meta.len() > max {
        diagnostics.push(too_large(shown, meta.len(), limit));
        return None;
    }
    // `take`: a file that grows while it is read still stops at the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    if let Err(err) = file.take(max + 1).read_to_end(&mut bytes) {
        diagnostics.push(cannot(err));
        return None;
    }
    if bytes.len() as u64 > max {
        diagnostics.push(too_large(shown, bytes.len() as u64, limit));
        return None;
    }
    Some(bytes)
}

/// Opens a file for reading without following a link put in its place since the
/// walk, and without waiting on a named pipe.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn not_regular(shown: &str, file_type: FileType) -> Diagnostic {
    Diagnostic::global(format!(
        "`{shown}` is {}, not a file",
        special_kind(file_type)
    ))
    .with_help("dossier reads only regular files; remove it, or put a regular file in its place")
}

#[cfg(unix)]
fn special_kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
fn special_kind(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        "a folder"
    } else {
        "something else"
    }
}

fn too_large(shown: &str, size: u64, limit: Limit) -> Diagnostic {
    let (what, help) = match limit {
        Limit::Text => (
            "a text file",
            "split it into several files (see docs/errors.md for the limits)",
        ),
        Limit::Static => (
            "a static file",
            "publish a file this large elsewhere and link to it (GitHub does not store files over 100 MiB)",
        ),
    };
    Diagnostic::global(format!(
        "`{shown}` is {}, more than the {} dossier reads of {what}",
        human_size(size),
        human_size(limit.bytes())
    ))
    .with_help(help)
}

/// `16 MiB`, `4.5 GiB`: sizes as file managers show them.
fn human_size(bytes: u64) -> String {
    let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in units {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{value:.0} {unit}")
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
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
