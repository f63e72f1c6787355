//! One file of the built site, as render makes it and linkcheck, output and serve take
//! it. It knows diagnostics' file ids, and the links html reads.

use crate::diagnostics::FileId;
use crate::html::PageLinks;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The template that wrote it, for messages about its links.
    pub template: Option<String>,
    /// The content file it was rendered from.
    pub source: Option<FileId>,
    /// This is more of the file of the same path handed over just before (from the
    /// same thread): a page too large to hold whole, the print edition of a large
    /// dossier, comes in pieces.
    pub continued: bool,
    /// The links and ids of a page, when they were read as it was made (while its
    /// text was typeset); the link check reads the others from `bytes`. Whoever
    /// changes `bytes` after must set this to `None`.
    pub links: Option<PageLinks>,
}

impl OutputFile {
    /// The same path, template and source, and no bytes.
    pub(crate) fn clone_empty(&self) -> OutputFile {
        OutputFile {
            path: self.path.clone(),
            bytes: Vec::new(),
            template: self.template.clone(),
            source: self.source,
            continued: false,
            links: None,
        }
    }
}
