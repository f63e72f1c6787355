//! `dossier mv OLD NEW`: renames an entry and rewrites every reference to it.
//!
//! The entry's files (the entry and its translations, found by [`entry_files`]) move
//! to the new slug; every wikilink (`[[old]]`, `[[old|text]]`, `[[old#part]]`),
//! citation (`[@old]`) and front-matter slug naming it, in every file and language, is
//! rewritten at the byte span the parsers recorded, so nothing else in a file changes;
//! and the old slug is added to the entry's `old_slugs`, from which the build writes a
//! redirect page at the old address. Refuses, touching nothing, when the new slug is
//! taken or not a slug, the old one names no entry, or a content file cannot be read
//! (a reference in it could be missed). Each changed file is written whole, through a
//! temporary file renamed over it; a file with nothing to change is not touched.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, anyhow};

use crate::Report;
use crate::diagnostics::{Diagnostics, FileId, SourceFiles, suggest};
use crate::frontmatter::{self, Parsed};
use crate::load;
use crate::markdown;
use crate::model::{Kind, SlugRef, is_valid_slug, references_in};

/// What `dossier mv` did.
#[derive(Debug, Default)]
pub struct Moved {
    /// The entry's files, each from where it was to where it is.
    pub moved: Vec<(PathBuf, PathBuf)>,
    /// The other files rewritten, each with the number of references changed in it.
    pub rewritten: Vec<(PathBuf, usize)>,
}

/// Why `dossier mv` did nothing.
#[derive(Debug)]
pub enum Refusal {
    /// Content files that cannot be read: a reference in them could be missed.
    Problems(Report),
    /// Anything else, said in a sentence.
    Other(anyhow::Error),
    /// Writing failed part-way (the disk): what was done, and the failure.
    Failed(Moved, anyhow::Error),
}

impl From<anyhow::Error> for Refusal {
    fn from(err: anyhow::Error) -> Refusal {
        Refusal::Other(err)
    }
}

/// Renames the entry `old` of the dossier at `root` to `new`.
pub fn rename(root: &Path, old: &str, new: &str) -> Result<Moved, Refusal> {
    if !is_valid_slug(new) {
        let suggestion = crate::model::slugify(new);
        return Err(anyhow!(
            "`{new}` is not a valid slug: use lowercase letters, digits and single hyphens{}",
            if suggestion.is_empty() || suggestion == new {
                String::new()
            } else {
                format!(", such as `{suggestion}`")
            }
        )
        .into());
    }
    if old == new {
        return Err(anyhow!("`{old}` is already the entry's slug: nothing to do").into());
    }
    let mut diags = Diagnostics::default();
    let input = load::load(root, &mut diags);
    if input.site_toml.is_none() {
        return Err(anyhow!(
            "no site.toml in `{}`: run `dossier mv` in a dossier, or give its folder with --root",
            root.display()
        )
        .into());
    }
    let mut parsed = Vec::new();
    for (id, rel) in &input.content {
        let text = &input.files.get(*id).text;
        if let Some(p) = frontmatter::parse_document(*id, rel, text, &mut diags) {
            parsed.push(p);
        }
    }
    let files = Arc::new(input.files);
    // A file that could not be read, or whose front matter or place could not be, may
    // hold references: no rename until it is fixed. (Broken links and the like are
    // `check`'s business, and do not stop one.)
    let _ = diags.take_warnings();
    if diags.has_errors() {
        return Err(Refusal::Problems(Report::new(diags, files)));
    }

    let content = root.join("content");
    let Some(kind) = kind_of(&parsed, old) else {
        let slugs = parsed.iter().filter_map(slug_of);
        let hint = match suggest(old, slugs) {
            Some(best) => format!(": did you mean `{best}`?"),
            None => String::new(),
        };
        return Err(anyhow!("no entry has the slug `{old}`{hint}").into());
    };
    // The new name must be one the entry's folder takes (a page of one's own cannot be
    // named after a folder the site writes, such as `timeline`).
    if let Err((what, help)) =
        frontmatter::classify(&format!("{}/{new}.md", kind.folder().unwrap_or_default()))
    {
        return Err(anyhow!("{what}: {help}").into());
    }
    if kind_of(&parsed, new).is_some() {
        return Err(anyhow!(
            "an entry already has the slug `{new}`: slugs are unique across the dossier, choose another"
        )
        .into());
    }
    if let Some(owner) = parsed.iter().find_map(|p| match p {
        Parsed::Document(doc)
            if doc
                .front
                .common()
                .old_slugs
                .iter()
                .any(|s| s.get_ref() == new) =>
        {
            Some(doc.slug.clone())
        }
        _ => None,
    }) {
        return Err(anyhow!(
            "`{new}` is an old slug of `{owner}` (in its `old_slugs`), and its old address redirects there: choose another slug, or remove it from `old_slugs` first"
        )
        .into());
    }
    let moves = entry_files(&content, kind, old, new)?;
    for (_, to) in &moves {
        if std::fs::symlink_metadata(to).is_ok() {
            return Err(anyhow!(
                "`{}` already exists: move it away or choose another slug",
                to.display()
            )
            .into());
        }
    }

    // Every edit, by file: (span, replacement), spans in the file's text.
    let mut edits: BTreeMap<FileId, Vec<(Range<usize>, String)>> = BTreeMap::new();
    for p in &parsed {
        // The slugs a front matter names, with their spans: as parsed for an entry,
        // read from the TOML for a translation (which may repeat the entry's).
        let (file, offset, refs, body) = match p {
            Parsed::Document(doc) => (
                doc.file,
                doc.front_offset,
                doc.front.references(),
                doc.body_offset,
            ),
            Parsed::Translation(tr) => {
                let text = &files.get(tr.file).text;
                let front = text.get(tr.front_offset..tr.front_end).unwrap_or_default();
                (
                    tr.file,
                    tr.front_offset,
                    references_in(tr.kind, front),
                    tr.body_offset,
                )
            }
            Parsed::Unreadable(_) => continue,
        };
        let text = &files.get(file).text;
        let list = edits.entry(file).or_default();
        for SlugRef { slug, .. } in refs {
            if slug.get_ref() == old {
                let span = (slug.span().start + offset)..(slug.span().end + offset);
                // The span holds the quotes: the slug inside them.
                if let Some(at) = text[span.clone()].find(old) {
                    let start = span.start + at;
                    list.push((start..start + old.len(), new.to_owned()));
                }
            }
        }
        list.extend(body_edits(&text[body..], body, old, new));
    }
    // The moved entry records its old slug.
    let own = parsed.iter().find_map(|p| match p {
        Parsed::Document(doc) if doc.slug == old => Some(doc),
        _ => None,
    });
    if let Some(doc) = own {
        let text = &files.get(doc.file).text;
        let front = text
            .get(doc.front_offset..doc.front_end)
            .unwrap_or_default();
        edits
            .entry(doc.file)
            .or_default()
            .push(record_old_slug(front, doc.front_offset, old)?);
    }

    for list in edits.values_mut() {
        list.sort_by_key(|(span, _)| span.start);
    }
    // Written: the other files first, then the entry's at their new places.
    let mut done = Moved::default();
    let moving: Vec<Option<FileId>> = moves
        .iter()
        .map(|(from, _)| input_file(&files, root, from))
        .collect();
    for (&file, list) in &edits {
        if list.is_empty() || moving.contains(&Some(file)) {
            continue;
        }
        let path = root.join(&files.get(file).path);
        if let Err(err) = write_atomically(&path, &apply(&files.get(file).text, list)) {
            return Err(Refusal::Failed(done, err));
        }
        done.rewritten.push((path, list.len()));
    }
    for ((from, to), file) in moves.iter().zip(moving) {
        if let Err(err) = move_file(
            from,
            to,
            file.map(|id| {
                apply(
                    &files.get(id).text,
                    edits.get(&id).map_or(&[][..], Vec::as_slice),
                )
            }),
        ) {
            return Err(Refusal::Failed(done, err));
        }
        done.moved.push((from.clone(), to.clone()));
    }
    let bundle = content.join(kind.folder().unwrap_or_default()).join(old);
    if bundle.is_dir() {
        remove_empty_folders(&bundle);
    }
    Ok(done)
}

/// Moves the file `from` to `to`, with its new `text` if it changes (a file that does
/// not, such as an image beside an entry, is renamed as it is).
fn move_file(from: &Path, to: &Path, text: Option<String>) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let Some(text) = text else {
        return std::fs::rename(from, to)
            .with_context(|| format!("cannot move `{}`", from.display()));
    };
    write_atomically(to, &text)?;
    std::fs::remove_file(from).with_context(|| {
        format!(
            "wrote `{}`, but cannot remove `{}`: remove it by hand",
            to.display(),
            from.display()
        )
    })
}

/// The kind of the entry with the slug `slug`, if there is one.
fn kind_of(parsed: &[Parsed], slug: &str) -> Option<Kind> {
    parsed.iter().find_map(|p| match p {
        Parsed::Document(doc) if doc.slug == slug => Some(doc.kind),
        Parsed::Unreadable(u) if u.slug == slug => Some(u.kind),
        Parsed::Translation(tr) if tr.slug == slug => Some(tr.kind),
        _ => None,
    })
}

fn slug_of(p: &Parsed) -> Option<&str> {
    match p {
        Parsed::Document(doc) => Some(&doc.slug),
        _ => None,
    }
}

/// The files of the entry `old` of `kind` in `content`, each with where it goes as
/// `new`: `old.md` and its translations `old.fr.md`, or, for an entry that is a
/// folder (a bundle: `old/index.md` with its files), everything in the folder, which
/// moves as a whole. (The one place that knows how an entry is laid out on disk.)
pub fn entry_files(
    content: &Path,
    kind: Kind,
    old: &str,
    new: &str,
) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let folder = content.join(kind.folder().unwrap_or_default());
    let mut found = Vec::new();
    let entries = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read `{}`", folder.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read `{}`", folder.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        // `old` itself, or `old.<language>`.
        let rest = match stem.strip_prefix(old) {
            Some("") => String::new(),
            Some(lang) if lang.starts_with('.') && !lang[1..].contains('.') => lang.to_owned(),
            _ => continue,
        };
        found.push((entry.path(), folder.join(format!("{new}{rest}.md"))));
    }
    let bundle = folder.join(old);
    if bundle.is_dir() {
        let target = folder.join(new);
        if std::fs::symlink_metadata(&target).is_ok() {
            anyhow::bail!(
                "`{}` already exists: move it away or choose another slug",
                target.display()
            );
        }
        let mut stack = vec![bundle.clone()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir)
                .with_context(|| format!("cannot read `{}`", dir.display()))?;
            for entry in entries {
                let path = entry
                    .with_context(|| format!("cannot read `{}`", dir.display()))?
                    .path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(inside) = path.strip_prefix(&bundle) {
                    found.push((path.clone(), target.join(inside)));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the folders of a moved bundle, `dir` and those inside it, once empty
/// (a folder still holding anything is kept, as it is).
fn remove_empty_folders(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                remove_empty_folders(&entry.path());
            }
        }
    }
    let _ = std::fs::remove_dir(dir);
}

/// The edits of one body (at `offset` in its file): wikilinks whose target is the slug
/// `old` as written, and citations of it.
fn body_edits(body: &str, offset: usize, old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let scan = markdown::scan(body, &|_| None);
    let mut out = Vec::new();
    for link in scan.links.iter().filter(|l| l.target == old) {
        let written = &body[link.span.clone()];
        let Some(open) = written.find("[[") else {
            continue;
        };
        let inner = &written[open + 2..];
        let lead = inner.len() - inner.trim_start().len();
        if inner[lead..].starts_with(old) {
            let start = link.span.start + open + 2 + lead + offset;
            out.push((start..start + old.len(), new.to_owned()));
        }
    }
    for citation in &scan.citations {
        if !citation.keys.iter().any(|k| k.source == old) {
            continue;
        }
        let written = &body[citation.span.clone()];
        let needle = format!("@{old}");
        for (at, _) in written.match_indices(&needle) {
            let after = written[at + needle.len()..].chars().next();
            if after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-')) {
                let start = citation.span.start + at + 1 + offset;
                out.push((start..start + old.len(), new.to_owned()));
            }
        }
    }
    out
}

/// The edit that adds `old` to the front matter's `old_slugs` (`front` is its TOML, at
/// `offset` in the file): into the list if there is one, else a new first line.
fn record_old_slug(
    front: &str,
    offset: usize,
    old: &str,
) -> anyhow::Result<(Range<usize>, String)> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(front).map_err(|_| {
        anyhow!("cannot read the front matter of the entry to rename: run `dossier check`")
    })?;
    match table
        .get_ref()
        .get("old_slugs")
        .map(|v| (v.span(), v.get_ref()))
    {
        Some((span, DeValue::Array(items))) => {
            // Before the closing `]`, after the last item.
            let close = front[..span.end].rfind(']').unwrap_or(span.end);
            let text = if items.is_empty() {
                format!("\"{old}\"")
            } else {
                format!(", \"{old}\"")
            };
            let at = match items.last() {
                Some(last) => last.span().end,
                None => close,
            };
            Ok((offset + at..offset + at, text))
        }
        Some(_) => Err(anyhow!(
            "the entry's `old_slugs` is not a list: write it as `old_slugs = [\"…\"]` first"
        )),
        None => Ok((
            offset..offset,
            format!(
                "old_slugs = [\"{old}\"]  # renamed by `dossier mv`: the old address redirects here\n"
            ),
        )),
    }
}

/// The file of `path` among those read.
fn input_file(files: &SourceFiles, root: &Path, path: &Path) -> Option<FileId> {
    let rel = path.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
    (0..files.len()).find(|&id| files.get(id).path == rel)
}

/// `text` with each edit made (`edits` sorted by start, not overlapping).
fn apply(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (span, replacement) in edits {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes `text` to `path` through a temporary file beside it, renamed over it: a
/// reader (or a crash) sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    let temp = dir.join(format!(".{name}.dossier-mv-{}", std::process::id()));
    std::fs::write(&temp, text).with_context(|| format!("cannot write `{}`", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write `{}`", path.display())
    })
}
