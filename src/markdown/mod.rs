//! Markdown bodies: what `resolve` needs to know about a body ([`scan()`]) and its HTML
//! (for `render`, [`to_html`]).
//!
//! Both passes walk the same pulldown-cmark event stream with the same [`options`] and
//! give headings their ids with the same [`HeadingIds`], so what `resolve` checked (link
//! targets, `#fragment`s) is exactly what `render` writes. Wikilink syntax inside code
//! is never a link: pulldown-cmark makes no link events there.
//!
//! - `parse`: the dialect ([`options`]) and the parser both passes use, which turns
//!   `[@source]` into citation links; how a wikilink's destination is read
//!   ([`split_fragment`]).
//! - `scan`: what `resolve` needs of a body ([`Scan`]): wikilinks and citations with the
//!   sentence each sits in, heading ids, and what is wrong with the body
//!   ([`BodyProblem`]).
//! - `html`: the HTML writer ([`to_html`], [`Context`], [`Rendered`]).
//! - `notes`: footnotes in the HTML: numbering, placing each note after the block that
//!   first refers to it, links back, and the endnotes of print.
//! - `private`: HTML comments and `%% … %%` private notes, cut out before either pass.
//! - `cite`: citation syntax ([`citation_keys`]).
//! - `ids`: heading ids ([`HeadingIds`], [`RESERVED_IDS`]).
//! - `autolink`: glossary terms linked at their first mention ([`Autolinker`]).
//! - `sentence`: the sentence a mention sits in ([`sentences_around`]).
//! - `sanitize`: the author's raw HTML made safe; refused addresses ([`refused_scheme`]).

mod autolink;
mod cite;
mod html;
mod ids;
mod notes;
mod parse;
mod private;
mod sanitize;
mod scan;
mod sentence;

pub use autolink::Autolinker;
pub use cite::{CiteKey, citation_keys};
pub use html::{Context, LinkTarget, Rendered, Words, to_html};
pub use ids::{HeadingIds, RESERVED_IDS};
pub use parse::{options, split_fragment};
pub use sanitize::refused_scheme;
pub use scan::{BodyProblem, Scan, scan};
pub use sentence::sentences_around;
