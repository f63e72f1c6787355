//! Diagnostics: content problems as values.
//!
//! Every stage that reads user input pushes [`Diagnostic`]s into a [`Diagnostics`]
//! collector and carries on with a best-effort value, so one run reports every problem.
//! Nothing here knows about Markdown or HTML; this module only turns
//! `(file, byte range, message, help)` into text, once, with `codespan-reporting`.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

/// Index of a file in [`SourceFiles`].
pub type FileId = usize;

/// Every file whose text a diagnostic may point into, with its path relative to the
/// dossier root (what the user sees in messages).
#[derive(Debug, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the dossier root, with `/` separators.
    pub path: String,
    pub text: String,
}

impl SourceFiles {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// One problem in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in; `None` for problems that belong to no source file
    /// (for example a broken link written by a template).
    pub file: Option<FileId>,
    /// Byte range in the file's text.
    pub span: Range<usize>,
    pub message: String,
    /// How to fix it, when we can say.
    pub help: Option<String>,
    /// Extra context ("first defined here", "while rendering …").
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: Some(file),
            span,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A problem that points into no source file.
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            span: 0..0,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// The collector every stage pushes into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Problems that do not stop a build (an untranslated entry), unless `--strict`.
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Notes a problem that does not stop the build.
    pub fn warn(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(diagnostic);
    }

    /// Takes the warnings out, sorted like the errors.
    pub fn take_warnings(&mut self, files: &SourceFiles) -> Vec<Diagnostic> {
        let warnings = Diagnostics {
            items: std::mem::take(&mut self.warnings),
            warnings: Vec::new(),
        };
        warnings.into_sorted(files)
    }

    /// Adds every diagnostic of `other` (one found by a stage working in parallel).
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.warnings.extend(other.warnings);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics sorted by file path, then position, then message: the order
    /// in which they are shown, whatever order the stages found them in.
    pub fn into_sorted(mut self, files: &SourceFiles) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.map(|f| files.get(f).path.clone()),
                    d.span.start,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        // The same problem found twice (each language edition checks the shared
        // files) is shown once, even where the two suggest differently.
        self.items
            .dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
        self.items
    }
}

/// Converts a byte offset into a 1-based line and column (columns count characters,
/// not bytes; `\r\n` counts as one line break).
#[derive(Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based `(line, column)` of `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let column = text[self.line_starts[line]..offset].chars().count();
        (line + 1, column + 1)
    }
}

/// Renders diagnostics the way a user reads them: `error: message`, then
/// `┌─ path:line:col`, the source line with a marker, and the `help:` line.
pub fn render(diagnostics: &[Diagnostic], files: &SourceFiles, color: bool) -> String {
    let mut db = SimpleFiles::new();
    for i in 0..files.len() {
        let file = files.get(i);
        db.add(file.path.as_str(), file.text.as_str());
    }
    let config = Config::default();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let mut cs = CsDiagnostic::error().with_message(&diagnostic.message);
        if let Some(file) = diagnostic.file {
            let len = files.get(file).text.len();
            let span = diagnostic.span.start.min(len)..diagnostic.span.end.min(len);
            cs = cs.with_labels(vec![Label::primary(file, span)]);
        }
        let mut notes: Vec<String> = diagnostic.notes.clone();
        if let Some(help) = &diagnostic.help {
            notes.push(format!("help: {help}"));
        }
        cs = cs.with_notes(notes);
        let result = if color {
            let mut buffer = term::termcolor::Buffer::ansi();
            let r = term::emit_to_write_style(&mut buffer, &config, &db, &cs);
            out.extend_from_slice(buffer.as_slice());
            r
        } else {
            term::emit_to_io_write(&mut out, &config, &db, &cs)
        };
        if result.is_err() {
            // The span did not fit the file (a bug, not the user's): fall back to plain text.
            out.extend_from_slice(format!("error: {}\n", diagnostic.message).as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path:line:col: message` — the one-line form, used in summaries and tests.
pub fn short(diagnostic: &Diagnostic, files: &SourceFiles) -> String {
    match diagnostic.file {
        Some(id) => {
            let file = files.get(id);
            let (line, col) =
                LineIndex::new(&file.text).line_col(&file.text, diagnostic.span.start);
            format!("{}:{line}:{col}: {}", file.path, diagnostic.message)
        }
        None => diagnostic.message.clone(),
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a
/// plausible typo ("did you mean …").
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|c| {
            let c_lower = c.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word_lower, &c_lower);
            let longest = word_lower.chars().count().max(c_lower.chars().count());
            let (short, long) = if word_lower.len() < c_lower.len() {
                (&word_lower, &c_lower)
            } else {
                (&c_lower, &word_lower)
            };
            // A typo (a few edits), or one name extending the other ("acme-inc", "acme").
            let plausible = (distance <= 2.max(longest / 3) && distance < longest)
                || (short.len() >= 3 && long.starts_with(short.as_str()));
            plausible.then_some((distance, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_handles_crlf() {
        let text = "ab\r\nçé x\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 4), (2, 1));
        // "çé " is 5 bytes, 3 characters: `x` is column 4.
        assert_eq!(index.line_col(text, 4 + 5), (2, 4));
        assert_eq!(index.line_col(text, text.len()), (3, 5));
    }

    #[test]
    fn suggestion_picks_the_closest_plausible_name() {
        let names = ["anthropic", "openai", "microsoft"];
        assert_eq!(suggest("anthropc", names), Some("anthropic"));
        assert_eq!(suggest("OpenAl", names), Some("openai"));
        assert_eq!(suggest("zzzzzz", names), None);
        assert_eq!(suggest("acme-inc", ["acme", "globex"]), Some("acme"));
        assert_eq!(suggest("ai", ["anthropic"]), None);
    }
}
