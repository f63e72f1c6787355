//! Diagnostics: content problems as values.
//!
//! Every stage that reads user input pushes [`Diagnostic`]s into a [`Diagnostics`]
//! collector and carries on with a best-effort value, so one run reports every problem.
//! A diagnostic is an error (the build fails) or a warning (it does not, unless
//! `--strict`); both are shown the same way, with their source line and help.
//! Nothing here knows about Markdown or HTML; this module only turns
//! `(file, byte range, message, help)` into text, once, with `codespan-reporting`.

use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
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
    /// Shared with `serve`'s memory of the files as read (`load::Unchanged`), which
    /// hands it to the next build while the file does not change.
    pub text: Arc<String>,
    /// The text's `support::hash_of`, worked out once when the file is read (and kept
    /// with it while it does not change): what `serve` compares to tell an edit.
    pub hash: u64,
}

impl SourceFiles {
    pub fn add(&mut self, path: String, text: String) -> FileId {
        let hash = crate::support::hash_of(&text);
        self.add_hashed(path, Arc::new(text), hash)
    }

    /// [`SourceFiles::add`], the text's hash known already.
    pub fn add_hashed(&mut self, path: String, text: Arc<String>, hash: u64) -> FileId {
        self.files.push(SourceFile { path, text, hash });
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

/// Whether a problem stops the build. Errors sort before warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    #[default]
    Error,
    /// The build goes on (an untranslated entry); `--strict` makes it an error.
    Warning,
}

/// One problem in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error unless it was pushed with [`Diagnostics::warn`].
    pub severity: Severity,
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
            severity: Severity::Error,
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
            severity: Severity::Error,
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

    /// The same problem as an error (a warning under `--strict`).
    pub fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

/// The collector every stage pushes into: errors and warnings in one list.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a problem with its own severity (an error, unless made otherwise).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds a problem that does not stop the build: a warning.
    pub fn warn(&mut self, diagnostic: Diagnostic) {
        self.items.push(Diagnostic {
            severity: Severity::Warning,
            ..diagnostic
        });
    }

    /// Makes the errors found in `files` warnings, with `note` saying why: a draft's
    /// problems, in a preview built with `--drafts`, do not stop the preview.
    pub fn soften(&mut self, files: &std::collections::HashSet<FileId>, note: &str) {
        for item in &mut self.items {
            if !item.is_warning() && item.file.is_some_and(|f| files.contains(&f)) {
                item.severity = Severity::Warning;
                item.notes.push(note.to_owned());
            }
        }
    }

    /// Takes the warnings out, leaving the errors: the one place where the two are
    /// separated.
    pub fn take_warnings(&mut self) -> Diagnostics {
        let (warnings, errors) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(Diagnostic::is_warning);
        self.items = errors;
        Diagnostics { items: warnings }
    }

    /// Adds every diagnostic of `other` (one found by a stage working in parallel).
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any problem stops the build (warnings do not).
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| !d.is_warning())
    }

    /// The diagnostics sorted by file path, then position, then message (an error
    /// before a warning of the same words): the order in which they are shown,
    /// whatever order the stages found them in.
    pub fn into_sorted(mut self, files: &SourceFiles) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.map(|f| files.get(f).path.clone()),
                    d.span.start,
                    d.message.clone(),
                    d.severity,
                )
            };
            key(a).cmp(&key(b))
        });
        // The same problem found twice (each language edition checks the shared
        // files) is shown once, even where the two suggest differently; but never an
        // error hidden behind a warning of the same words.
        self.items.dedup_by(|a, b| {
            a.file == b.file
                && a.span == b.span
                && a.message == b.message
                && a.severity == b.severity
        });
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

    /// 0-based line of `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The bytes of 0-based `line` in `text` without its line break (`\n`, or the
    /// `\r\n` of a CRLF file: that `\r` is a line ending, not content).
    fn content(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_starts[line].min(text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') && end < text.len() {
            end - 1
        } else {
            end
        };
        start..end
    }
}

/// A source line longer than this many characters is shown clipped to a window of
/// this many characters around the marker.
const LONG_LINE: usize = 200;
/// How many characters of a clipped line come before the marker's first character.
const BEFORE_MARKER: usize = 80;
/// A word of a message (a quoted name, slug or value) longer than this is clipped
/// in the middle.
const LONG_WORD: usize = 200;
/// A whole message, note or help longer than this is clipped in the middle (a list
/// of ten thousand slugs).
const LONG_MESSAGE: usize = 1_000;

/// What the terminal shows for a character that could drive it (C0 controls but tab,
/// DEL, C1 controls) or reorder what the reader sees (the bidi embeddings, overrides
/// and isolates of "Trojan Source"): its control picture (`␛` for ESC), or `�` where
/// Unicode has none. Always one character for one, so columns stay true.
fn visible(c: char) -> Option<char> {
    match c {
        '\t' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

fn push_visible(out: &mut String, c: char) {
    out.push(visible(c).unwrap_or(c));
}

/// `text` with at most `max` characters: the middle replaced by `…`.
fn clip_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head = max / 2;
    let tail = max - head - 1;
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    out
}

/// Message text (which quotes names, slugs and values from the files) made safe for
/// a terminal: control and bidi characters shown (see `visible`; a newline too),
/// a word over `LONG_WORD` characters and the whole over `LONG_MESSAGE` clipped
/// in the middle with `…`.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * LONG_MESSAGE));
    let mut word = String::new();
    for c in text.chars() {
        // Pictures are not whitespace: a newline from a value stays inside its word.
        if c.is_whitespace() && visible(c).is_none() {
            out.push_str(&clip_middle(&word, LONG_WORD));
            word.clear();
            out.push(c);
        } else {
            push_visible(&mut word, c);
        }
    }
    out.push_str(&clip_middle(&word, LONG_WORD));
    clip_middle(&out, LONG_MESSAGE)
}

/// What codespan is given to draw one diagnostic: only the lines its span touches,
/// each made printable and clipped, numbered and columned as in the real file.
#[derive(Debug)]
struct View {
    name: String,
    text: String,
    first_line: usize,
    lines: Vec<ViewLine>,
}

#[derive(Debug)]
struct ViewLine {
    /// Byte offset of the line in the view's text.
    start: usize,
    /// Characters of the real line left out before the window (then a `…` starts it).
    skipped: usize,
}

impl View {
    /// The view of `span` in `file`, and the span in the view.
    fn new(file: &SourceFile, index: &LineIndex, span: &Range<usize>) -> (View, Range<usize>) {
        let text = &file.text;
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        let end = floor(span.end).max(start);
        let first = index.line_of(start);
        let last = index.line_of(end);
        let mut view = View {
            name: printable(&file.path),
            text: String::new(),
            first_line: first,
            lines: Vec::new(),
        };
        let (mut view_start, mut view_end) = (0, 0);
        for line in first..=last {
            let content = index.content(text, line);
            // Codespan shows 4 lines after a many-line span's start and 2 before its
            // end (with a gap of one line shown); the rest is never drawn.
            let drawn = line - first <= 4 || last - line <= 2;
            let content = if drawn {
                content
            } else {
                content.start..content.start
            };
            // A clipped line is shown around the span's start, or its end on its last line.
            let focus = if line == first {
                start
            } else if line == last {
                end
            } else {
                content.start
            };
            let relative = |o: usize| o.saturating_sub(content.start);
            let mapped = view.push_line(
                &text[content.clone()],
                relative(focus),
                [start, end].map(relative),
            );
            if line == first {
                view_start = mapped[0];
            }
            if line == last {
                view_end = mapped[1];
            }
        }
        (view, view_start..view_end.max(view_start))
    }

    /// Adds `line` around the character at byte `focus`, and returns where the bytes
    /// `offsets` of the line land in the view.
    fn push_line(&mut self, line: &str, focus: usize, offsets: [usize; 2]) -> [usize; 2] {
        let chars_before = |o: usize| {
            let mut o = o.min(line.len());
            while !line.is_char_boundary(o) {
                o -= 1;
            }
            line[..o].chars().count()
        };
        let count = line.chars().count();
        let (from, to) = if count > LONG_LINE {
            let to = (chars_before(focus).saturating_sub(BEFORE_MARKER) + LONG_LINE).min(count);
            (to - LONG_LINE, to)
        } else {
            (0, count)
        };
        let start = self.text.len();
        self.lines.push(ViewLine {
            start,
            skipped: from,
        });
        if from > 0 {
            self.text.push('…');
        }
        let wanted = offsets.map(|o| chars_before(o).clamp(from, to));
        let mut mapped = [self.text.len(); 2];
        for (i, c) in line.chars().enumerate().take(to).skip(from) {
            for (m, w) in mapped.iter_mut().zip(wanted) {
                if w == i {
                    *m = self.text.len();
                }
            }
            push_visible(&mut self.text, c);
        }
        for (m, w) in mapped.iter_mut().zip(wanted) {
            if w == to {
                *m = self.text.len();
            }
        }
        if to < count {
            self.text.push('…');
        }
        self.text.push('\n');
        mapped
    }
}

impl<'a> Files<'a> for View {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .lines
            .partition_point(|l| l.start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + line_index + 1)
    }

    /// The column in the real line, not in the clipped one.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let range = self.line_range((), line_index)?;
        let shown = self
            .text
            .get(range.start..byte_index.clamp(range.start, range.end))
            .map_or(0, |s| s.chars().count());
        let skipped = self.lines[line_index].skipped;
        // The leading `…` stands for the `skipped` characters.
        Ok(skipped + shown.saturating_sub(usize::from(skipped > 0)) + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len().saturating_sub(1),
        })?;
        let end = self
            .lines
            .get(line_index + 1)
            .map_or(self.text.len(), |l| l.start);
        Ok(line.start..end)
    }
}

/// Renders diagnostics the way a user reads them: `error: message` (or
/// `warning: message`), then `┌─ path:line:col`, the source line with a marker, the
/// notes and the `help:` line.
/// Everything that comes from the files is made [`printable`]; source lines are
/// shown through a `View`.
pub fn render(diagnostics: &[Diagnostic], files: &SourceFiles, color: bool) -> String {
    let config = Config::default();
    let mut indexes: Vec<Option<LineIndex>> = (0..files.len()).map(|_| None).collect();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let message = printable(&diagnostic.message);
        let severity = match diagnostic.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity).with_message(&message);
        let view = match diagnostic.file {
            Some(id) => {
                let file = files.get(id);
                let index = indexes[id].get_or_insert_with(|| LineIndex::new(&file.text));
                let (view, span) = View::new(file, index, &diagnostic.span);
                cs = cs.with_labels(vec![Label::primary((), span)]);
                view
            }
            None => View {
                name: String::new(),
                text: String::new(),
                first_line: 0,
                lines: Vec::new(),
            },
        };
        let mut notes: Vec<String> = diagnostic.notes.iter().map(|n| printable(n)).collect();
        if let Some(help) = &diagnostic.help {
            notes.push(format!("help: {}", printable(help)));
        }
        cs = cs.with_notes(notes);
        let result = if color {
            let mut buffer = term::termcolor::Buffer::ansi();
            let r = term::emit_to_write_style(&mut buffer, &config, &view, &cs);
            out.extend_from_slice(buffer.as_slice());
            r
        } else {
            term::emit_to_io_write(&mut out, &config, &view, &cs)
        };
        if result.is_err() {
            // The span did not fit the file (a bug, not the user's): fall back to plain text.
            out.extend_from_slice(format!("{}{message}\n", label(diagnostic)).as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `error: ` or `warning: `, as the full form starts (codespan writes its own; this
/// is for the plain fallback).
fn label(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity {
        Severity::Error => "error: ",
        Severity::Warning => "warning: ",
    }
}

/// `path:line:col: message` — the one-line form, used in summaries and tests; a
/// warning says so: `path:line:col: warning: message`. Path and message made
/// [`printable`].
pub fn short(diagnostic: &Diagnostic, files: &SourceFiles) -> String {
    // An error's line has no label (the form tests and summaries match); a warning's
    // says what it is.
    let warning = if diagnostic.is_warning() {
        "warning: "
    } else {
        ""
    };
    let message = printable(&diagnostic.message);
    match diagnostic.file {
        Some(id) => {
            let file = files.get(id);
            let (line, col) =
                LineIndex::new(&file.text).line_col(&file.text, diagnostic.span.start);
            format!("{}:{line}:{col}: {warning}{message}", printable(&file.path))
        }
        None => format!("{warning}{message}"),
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
            // A typo (a few edits: not a whole word of a name replaced, "example-labs" is not
            // "example-corp"), or one name extending the other ("acme-inc", "acme").
            let plausible = (distance <= 2.max(longest / 4) && distance < longest)
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

    /// The view of `span` in `text`: its text, the text under the span, and the
    /// line:column codespan puts in the header.
    fn view_of(text: &str, span: Range<usize>) -> (String, String, (usize, usize)) {
        let file = SourceFile {
            path: "n.md".into(),
            text: Arc::new(text.into()),
            hash: 0,
        };
        let (view, mapped) = View::new(&file, &LineIndex::new(text), &span);
        let location = view.location((), mapped.start).unwrap();
        (
            view.text.clone(),
            view.text[mapped].to_owned(),
            (location.line_number, location.column_number),
        )
    }

    #[test]
    fn view_maps_spans_past_multibyte_and_control_characters_in_a_crlf_file() {
        let text = "+++\r\nnamé = \"\u{1b}[31m\u{7}\u{85}\u{202e}\" titel\r\nnext\r\n";
        let start = text.find("titel").unwrap();
        let (shown, marked, at) = view_of(text, start..start + 5);
        // The `\r` of each CRLF is a line ending: no picture, not even at the end.
        assert_eq!(shown, "namé = \"␛[31m␇��\" titel\n");
        assert_eq!(marked, "titel");
        assert_eq!(at, LineIndex::new(text).line_col(text, start));
        assert_eq!(at, (2, 19));
        // A lone CR inside a line is content, shown.
        let text = "a\rb [[x]]\n";
        let (shown, marked, at) = view_of(text, 4..9);
        assert_eq!(
            (shown.as_str(), marked.as_str(), at),
            ("a␍b [[x]]\n", "[[x]]", (1, 5))
        );
    }

    #[test]
    fn a_long_line_is_clipped_around_the_marker_with_its_true_column() {
        let text = format!("head\n{}é[[x]]{}\n", "a".repeat(5_000), "b".repeat(5_000));
        let start = text.find("[[").unwrap();
        let (shown, marked, at) = view_of(&text, start..start + 5);
        assert_eq!(marked, "[[x]]");
        assert_eq!(at, (2, 5_002));
        let line = shown.trim_end_matches('\n');
        assert_eq!(line.chars().count(), LONG_LINE + 2);
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        // BEFORE_MARKER characters before the span: the `é` is one of them.
        assert_eq!(
            line.split("[[").next().unwrap().chars().count(),
            1 + BEFORE_MARKER
        );
        // Near the start of a line, the window starts there.
        let text = format!("[[x]]{}\n", "b".repeat(5_000));
        let (shown, marked, at) = view_of(&text, 0..5);
        assert_eq!((marked.as_str(), at), ("[[x]]", (1, 1)));
        assert!(
            shown.starts_with("[[x]]") && shown.ends_with("…\n"),
            "{shown}"
        );
    }

    #[test]
    fn a_span_over_many_long_lines_shows_its_first_and_last_lines() {
        let long = "z".repeat(1_000);
        let text = format!("{long}\n").repeat(50);
        let (shown, _, at) = view_of(&text, 10..text.len() - 5);
        assert_eq!(at, (1, 11));
        assert!(shown.len() < 50 * (LONG_LINE + 10), "{}", shown.len());
    }

    #[test]
    fn printable_shows_control_characters_and_clips_long_words() {
        assert_eq!(printable("a\u{1b}[31m\u{7}\r\n\u{7f}\tb"), "a␛[31m␇␍␊␡\tb");
        assert_eq!(printable("\u{202e}\u{2066}x\u{9b}"), "��x�");
        let name = "n".repeat(100_000);
        let clipped = printable(&format!("unknown field `{name}` here"));
        assert!(clipped.starts_with("unknown field `nnn"), "{clipped}");
        assert!(clipped.ends_with("nnn` here"), "{clipped}");
        assert!(clipped.contains('…'));
        assert_eq!(
            clipped.chars().count(),
            "unknown field  here".len() + LONG_WORD
        );
        let slugs = vec!["slug"; 10_000].join(", ");
        assert_eq!(printable(&slugs).chars().count(), LONG_MESSAGE);
    }

    #[test]
    fn warnings_do_not_count_as_errors_and_are_taken_out_apart() {
        let mut diags = Diagnostics::default();
        diags.warn(Diagnostic::global("untranslated"));
        assert!(!diags.has_errors());
        diags.push(Diagnostic::global("broken"));
        assert!(diags.has_errors());
        let warnings = diags.take_warnings();
        assert!(!warnings.has_errors());
        let files = SourceFiles::default();
        let messages = |d: Diagnostics| -> Vec<(Severity, String)> {
            d.into_sorted(&files)
                .into_iter()
                .map(|d| (d.severity, d.message))
                .collect()
        };
        assert_eq!(
            messages(warnings),
            [(Severity::Warning, "untranslated".to_owned())]
        );
        assert_eq!(messages(diags), [(Severity::Error, "broken".to_owned())]);
    }

    #[test]
    fn a_warning_is_drawn_like_an_error_under_its_own_header() {
        let mut files = SourceFiles::default();
        let file = files.add("n.md".into(), "first\nsecond line\n".into());
        let problem = Diagnostic::new(file, 6..12, "about this")
            .with_note("a note")
            .with_help("do that");
        let mut diags = Diagnostics::default();
        diags.push(problem.clone());
        diags.warn(problem);
        let [error, warning] = &diags.into_sorted(&files)[..] else {
            panic!("the error and the warning are two diagnostics");
        };
        let error_text = render(std::slice::from_ref(error), &files, false);
        let warning_text = render(std::slice::from_ref(warning), &files, false);
        assert!(
            error_text.starts_with("error: about this\n"),
            "{error_text}"
        );
        assert_eq!(
            warning_text,
            error_text.replacen("error:", "warning:", 1),
            "the same snippet, notes and help"
        );
        assert!(
            warning_text.contains("2 │ second line\n") && warning_text.contains("= help: do that"),
            "{warning_text}"
        );
        // In colour, the header has codespan's warning style (yellow), not the
        // error's (red).
        let header = |severity| {
            use term::termcolor::WriteColor;
            let mut buffer = term::termcolor::Buffer::ansi();
            buffer
                .set_color(term::Styles::default().header(severity))
                .unwrap();
            String::from_utf8(buffer.into_inner()).unwrap()
        };
        use codespan_reporting::diagnostic::Severity as Cs;
        let coloured = render(std::slice::from_ref(warning), &files, true);
        assert!(
            coloured.contains(&format!("{}warning", header(Cs::Warning))),
            "{coloured:?}"
        );
        assert!(!coloured.contains(&header(Cs::Error)), "{coloured:?}");
        let coloured = render(std::slice::from_ref(error), &files, true);
        assert!(
            coloured.contains(&format!("{}error", header(Cs::Error))),
            "{coloured:?}"
        );
        // The one-line form says `warning:`; an error's has no label.
        assert_eq!(short(warning, &files), "n.md:2:1: warning: about this");
        assert_eq!(short(error, &files), "n.md:2:1: about this");
        let global = Diagnostic::global("no file");
        assert_eq!(short(&global, &files), "no file");
        let mut diags = Diagnostics::default();
        diags.warn(global);
        assert_eq!(
            short(&diags.take_warnings().into_sorted(&files)[0], &files),
            "warning: no file"
        );
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
