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
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    load_with(root, diagnostics, &mut Unchanged::default())
}

/// The text files the last build read, for `serve`, which reads the whole dossier
/// after every edit: a file that is still the same inode, of the same size, with the
/// same modification and change times, is not read again. Only if it was changed
/// more than two seconds before it was read: some file systems keep times to the
/// second, and an edit in the same second as the read could leave them all the same
/// (Git's "racy" rule). The change time (`ctime`) is set by the system on every
/// write and cannot be set back by a tool, as the modification time can (`cp -p`,
/// `tar`). On systems without it, every file is read.
#[derive(Debug, Default)]
pub struct Unchanged {
    /// Whether to remember this build's files for the next (`build` does not).
    keep: bool,
    files: FxHashMap<PathBuf, Stamped>,
    /// Counts the folders read, to tell the files seen in the last one.
    round: u64,
}

impl Unchanged {
    /// A cache that keeps each build's files for the next.
    pub fn keeping() -> Unchanged {
        Unchanged {
            keep: true,
            ..Unchanged::default()
        }
    }
}

/// A text file as read, and when.
#[derive(Debug)]
struct Stamped {
    stamp: Stamp,
    /// The time it was read at, as a change time is counted.
    read_at: (i64, i64),
    text: Arc<String>,
    hash: u64,
    /// The last [`Unchanged::round`] that saw it.
    round: u64,
}

/// What tells a file changed: inode, size, modification and change times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            ino: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// Now, as seconds and nanoseconds since 1970 (how change times are counted).
fn now() -> (i64, i64) {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (
        i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        i64::from(since.subsec_nanos()),
    )
}

/// How long before its read a file must have last changed for its times to be
/// trusted: more than the coarsest time resolution of common file systems (FAT's
/// two seconds).
const RACY_SECONDS: i64 = 2;

impl Stamped {
    /// The text read before, if the file at `path` is unchanged since.
    fn reuse(&self, path: &Path) -> Option<Read> {
        let meta = fs::symlink_metadata(path).ok()?;
        let fresh = meta.is_file() && Stamp::of(&meta) == Some(self.stamp);
        let settled = self.stamp.changed.0 + RACY_SECONDS < self.read_at.0;
        (fresh && settled).then(|| Read::Text(self.text.clone(), self.hash))
    }
}

/// A file as read. A text file (read under the text limit) is checked as UTF-8 and
/// hashed as it is read, in parallel; one that is not UTF-8 stays bytes, reported
/// when it is added (`add_text`).
#[derive(Debug)]
enum Read {
    Text(Arc<String>, u64),
    Bytes(Vec<u8>),
}

impl Read {
    fn of(bytes: Vec<u8>, limit: Limit) -> Read {
        if limit != Limit::Text {
            return Read::Bytes(bytes);
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let hash = crate::support::hash_of(&text);
                Read::Text(Arc::new(text), hash)
            }
            Err(err) => Read::Bytes(err.into_bytes()),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Read::Text(text, _) => Arc::unwrap_or_clone(text).into_bytes(),
            Read::Bytes(bytes) => bytes,
        }
    }
}

/// [`load`], reusing the text files in `unchanged` that did not change, and
/// remembering this build's for the next if it keeps them.
pub fn load_with(root: &Path, diagnostics: &mut Diagnostics, unchanged: &mut Unchanged) -> Input {
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
                input.site_toml = add_text(
                    &mut input.files,
                    "site.toml".into(),
                    Read::Bytes(bytes),
                    diagnostics,
                );
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
    for (rel, bytes) in read_folder(root, "content", content_limit, diagnostics, unchanged) {
        if !is_markdown(&rel) {
            input.assets.push((rel, bytes.into_bytes()));
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
    for (rel, bytes) in read_folder(root, "templates", |_| Limit::Text, diagnostics, unchanged) {
        if let Some(id) = add_text(
            &mut input.files,
            format!("templates/{rel}"),
            bytes,
            diagnostics,
        ) {
            input.templates.push((rel, id));
        }
    }
    input.statics = read_folder(
        root,
        "static",
        |_| Limit::Static,
        diagnostics,
        &mut Unchanged::default(),
    )
    .into_iter()
    .map(|(rel, read)| (rel, read.into_bytes()))
    .collect();
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
/// relative to the folder and what it holds. Files over their limit (`limit` of the
/// path) are reported. Text files in `unchanged` that did not change are not read
/// again; if it keeps them, it is left holding the text files read now.
fn read_folder(
    root: &Path,
    name: &str,
    limit: impl Fn(&str) -> Limit + Sync,
    diagnostics: &mut Diagnostics,
    unchanged: &mut Unchanged,
) -> Vec<(String, Read)> {
    match top_level(root, name, diagnostics) {
        Top::Present(file_type) if file_type.is_dir() => {}
        _ => return Vec::new(),
    }
    let dir = root.join(name);
    // Read in parallel (a large dossier has tens of thousands of files), kept in walk
    // order.
    let before = &unchanged.files;
    let keep = unchanged.keep;
    let read: Vec<_> = walk(&dir, name, diagnostics)
        .into_par_iter()
        .map(|(rel, path, file_type)| {
            let mut problems = Diagnostics::default();
            let limit = limit(&rel);
            let remembered = (limit == Limit::Text)
                .then(|| before.get(&path))
                .flatten()
                .and_then(|stamped| stamped.reuse(&path));
            if let Some(read) = remembered {
                return (rel, path, Some(read), None, problems);
            }
            // Stamped before reading: a change during the read makes the stamp
            // stale, and the file is read again next time.
            let stamp = (keep && limit == Limit::Text)
                .then(|| fs::symlink_metadata(&path).ok())
                .flatten()
                .and_then(|meta| Stamp::of(&meta));
            let read_at = now();
            let read = read_file(
                &path,
                &format!("{name}/{rel}"),
                file_type,
                limit,
                &mut problems,
            )
            .map(|bytes| Read::of(bytes, limit));
            let stamped = stamp.map(|stamp| (stamp, read_at));
            (rel, path, read, stamped, problems)
        })
        .collect();
    unchanged.round += 1;
    let round = unchanged.round;
    let mut out = Vec::with_capacity(read.len());
    for (rel, path, read, stamped, problems) in read {
        diagnostics.extend(problems);
        let Some(read) = read else { continue };
        if keep {
            match (stamped, &read) {
                (Some((stamp, read_at)), Read::Text(text, hash)) => {
                    let stamped = Stamped {
                        stamp,
                        read_at,
                        text: text.clone(),
                        hash: *hash,
                        round,
                    };
                    unchanged.files.insert(path, stamped);
                }
                // Not UTF-8: read again next time (and reported again).
                (Some(_), Read::Bytes(_)) => {}
                // Reused: remembered as it was.
                (None, _) => {
                    if let Some(stamped) = unchanged.files.get_mut(&path) {
                        stamped.round = round;
                    }
                }
            }
        }
        out.push((rel, read));
    }
    // Forget this folder's files that are gone.
    unchanged
        .files
        .retain(|path, stamped| stamped.round == round || !path.starts_with(&dir));
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
    read: Read,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    let bytes = match read {
        Read::Text(text, hash) => return Some(files.add_hashed(path, text, hash)),
        Read::Bytes(bytes) => bytes,
    };
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The text `load_with` gives for `content/note.md`.
    fn note(root: &Path, unchanged: &mut Unchanged) -> String {
        let input = load_with(root, &mut Diagnostics::default(), unchanged);
        let file = input
            .files
            .iter()
            .find(|f| f.path == "content/note.md")
            .expect("the note is read");
        // The hash goes with the text, read or reused.
        assert_eq!(file.hash, crate::support::hash_of(&file.text));
        file.text.to_string()
    }

    /// Pretends every remembered file was read `seconds` later than it was.
    fn read_later(unchanged: &mut Unchanged, seconds: i64) {
        for stamped in unchanged.files.values_mut() {
            stamped.read_at.0 += seconds;
        }
    }

    /// Swaps the remembered text of every file, to tell a file reused from one read.
    fn remember_as(unchanged: &mut Unchanged, text: &str) {
        for stamped in unchanged.files.values_mut() {
            stamped.text = Arc::new(text.to_owned());
            stamped.hash = crate::support::hash_of(&text);
        }
    }

    #[test]
    fn a_file_is_reused_only_when_it_settled_before_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("content")).unwrap();
        fs::write(root.join("site.toml"), "title = \"t\"\n").unwrap();
        fs::write(root.join("content/note.md"), "first").unwrap();
        let mut unchanged = Unchanged::keeping();
        assert_eq!(note(root, &mut unchanged), "first");

        // Changed just now, as it was read: its times cannot be trusted, it is read.
        remember_as(&mut unchanged, "stale");
        assert_eq!(note(root, &mut unchanged), "first");

        // Read well after its last change, and unchanged since: reused.
        read_later(&mut unchanged, RACY_SECONDS + 1);
        remember_as(&mut unchanged, "remembered");
        assert_eq!(note(root, &mut unchanged), "remembered");

        // Written again (same size): read again.
        fs::write(root.join("content/note.md"), "again").unwrap();
        assert_eq!(note(root, &mut unchanged), "again");

        // A file that is gone is forgotten.
        fs::remove_file(root.join("content/note.md")).unwrap();
        load_with(root, &mut Diagnostics::default(), &mut unchanged);
        assert!(unchanged.files.is_empty());
    }

    #[test]
    fn a_build_remembers_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("content")).unwrap();
        fs::write(root.join("content/note.md"), "text").unwrap();
        let mut unchanged = Unchanged::default();
        assert_eq!(note(root, &mut unchanged), "text");
        assert!(unchanged.files.is_empty());
    }
}
