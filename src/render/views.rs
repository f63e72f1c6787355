//! View types: what templates see. The only types that derive `Serialize`; every URL
//! in them is relative to the page being rendered.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub(super) struct Link {
    pub(super) text: String,
    pub(super) href: String,
    /// Tooltip: the target's summary.
    pub(super) title: Option<String>,
    /// Among a fact's sources: this one relays another of them, so it does not
    /// corroborate it.
    pub(super) relay: bool,
    /// Among a fact's sources: an original that is not a party's own statement (a
    /// press report, a paper). Two of these are independent confirmation; a party's
    /// statements, however many, are not.
    pub(super) independent: bool,
    /// Among a fact's sources: where in the source ("p. 3").
    pub(super) locator: Option<String>,
    /// Among a fact's sources: the source's words the fact relies on, and the link
    /// to them in the source's page (a URL text fragment), when it has an address.
    pub(super) quote: Option<String>,
    pub(super) quote_href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Value {
    pub(super) text: String,
    pub(super) href: Option<String>,
    /// A link that leaves the site.
    pub(super) external: bool,
    /// Extra words after the value ("CEO, since 2019").
    pub(super) note: Option<String>,
    /// The value's own status and sources, where a row lists several values (a
    /// person's roles) and each has its own.
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
}

/// One row of an infobox.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Row {
    pub(super) label: String,
    pub(super) values: Vec<Value>,
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
    /// Computed by dossier from other facts, not stated by a source.
    pub(super) derived: bool,
    /// How a `confirmed` fact was confirmed, in the author's words.
    pub(super) confirmation: Option<String>,
    /// The states the fact went through before this one.
    pub(super) history: Option<HistoryView>,
}

/// The earlier states of a fact or a deal, oldest first: "History: 2 earlier states".
#[derive(Debug, Clone, Serialize)]
pub(super) struct HistoryView {
    pub(super) summary: String,
    pub(super) steps: Vec<StepView>,
}

/// One earlier state: its date, how sure it was and who said so, and the value it had
/// then when a later state superseded it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct StepView {
    pub(super) date: String,
    pub(super) iso: String,
    pub(super) status: &'static str,
    pub(super) sources: Vec<Link>,
    pub(super) superseded: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct DealRow {
    pub(super) title: String,
    pub(super) href: String,
    /// The kind, for classes (`acquisition`), and as readers say it.
    pub(super) kind: &'static str,
    pub(super) kind_label: String,
    /// The side that acts (investors, acquirers…), what it did, and the other side:
    /// "Nvidia · agreed to acquire · Arm".
    pub(super) from: Vec<Link>,
    pub(super) verb: String,
    pub(super) to: Vec<Link>,
    /// Other parties, in words ("sold by SoftBank").
    pub(super) others: Vec<Value>,
    /// The date that answers "when did this happen", first, then the others.
    pub(super) dates: Vec<DateView>,
    /// ISO date of the event, for sorting.
    pub(super) date_sort: String,
    /// How it ended ("abandoned February 2022"), and the state for classes.
    pub(super) outcome: Option<DateView>,
    pub(super) outcome_state: Option<&'static str>,
    /// The deal did not happen: nothing changed hands.
    pub(super) failed: bool,
    pub(super) amount: String,
    /// The amount's figure, for sorting within its currency (`amount_group`); empty
    /// when undisclosed (sorted last).
    pub(super) amount_sort: String,
    pub(super) amount_group: String,
    /// The amount's own status and sources, when they differ from the deal's.
    pub(super) amount_status: Option<&'static str>,
    pub(super) amount_sources: Vec<Link>,
    /// Whether a figure for the amount is known.
    pub(super) disclosed: bool,
    pub(super) stake: String,
    pub(super) stake_sort: String,
    pub(super) stake_status: Option<&'static str>,
    pub(super) stake_sources: Vec<Link>,
    /// The valuation a source gives.
    pub(super) valuation: String,
    pub(super) valuation_status: Option<&'static str>,
    pub(super) valuation_sources: Vec<Link>,
    /// Amount ÷ stake, our arithmetic (never a source's), and how it was computed.
    pub(super) implied: String,
    pub(super) implied_formula: String,
    pub(super) compute: Vec<ComputeView>,
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
    /// The states the deal went through before `status`.
    pub(super) history: Option<HistoryView>,
}

/// A dated step of a deal: "first reported 3 February 2023", with what backs it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DateView {
    /// What the date is ("made", "first reported"), in running text.
    pub(super) label: String,
    /// The same as an infobox label ("First reported").
    pub(super) heading: String,
    pub(super) date: String,
    pub(super) iso: String,
    /// Its own status and sources, when they differ from the deal's.
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
}

/// A cloud or compute term: "Google Cloud — preferred, not exclusive".
#[derive(Debug, Clone, Serialize)]
pub(super) struct ComputeView {
    pub(super) provider: Option<Link>,
    pub(super) text: String,
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Card {
    pub(super) name: String,
    pub(super) href: String,
    pub(super) summary: Option<String>,
    pub(super) kind: &'static str,
    /// A short line under the name (date, publisher, maker…).
    pub(super) meta: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct BacklinkView {
    pub(super) text: String,
    pub(super) href: String,
    /// The linking page's kind, as readers say it ("company").
    pub(super) kind: String,
    /// How the page links here: "names it as investor", "cites it", "mentions it".
    pub(super) how: Vec<String>,
    /// The sentence of the first mention or citation.
    pub(super) context: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct QuoteView {
    pub(super) text: String,
    pub(super) lang: Option<String>,
    /// `verbatim`, `paraphrase` or `account`.
    pub(super) form: &'static str,
    /// What a paraphrase or an account is, in words.
    pub(super) form_note: Option<String>,
    /// "Jeff Dean, quoted by CNBC; relayed by …", with links.
    pub(super) caption: Vec<Piece>,
    /// Translations printed by sources.
    pub(super) translations: Vec<TranslationView>,
    /// The dossier's own translation into the edition's language, where no source
    /// gives one.
    pub(super) translation: Option<String>,
    pub(super) date: Option<String>,
}

/// A translation of a quote, printed by a source.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TranslationView {
    pub(super) text: String,
    pub(super) lang: Option<String>,
    /// "Translation by the French article:".
    pub(super) by: Vec<Piece>,
}

/// A piece of a sentence: text, or a link.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) href: Option<String>,
    pub(super) title: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct EntryView {
    pub(super) slug: String,
    /// The kind, for classes (`company`), and as readers say it (`kind_name`).
    pub(super) kind: &'static str,
    pub(super) kind_name: String,
    /// The collection's title ("Companies").
    pub(super) kind_title: String,
    pub(super) kind_href: Option<String>,
    pub(super) name: String,
    /// Marked `draft = true`, and built with `--drafts`: the page says so.
    pub(super) draft: bool,
    pub(super) summary: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) infobox: Vec<Row>,
    pub(super) body: String,
    pub(super) quotes: Vec<QuoteView>,
    pub(super) deals: Vec<DealRow>,
    pub(super) backlinks: Vec<BacklinkView>,
    /// "Mentioned in", or "Cited by" on a source's page.
    pub(super) backlinks_heading: String,
    /// On a long list of deals or backlinks, how many the page shows of how many
    /// ("Showing 50 of 312."), and where the full list is.
    pub(super) deals_more: Option<String>,
    pub(super) backlinks_more: Option<String>,
    pub(super) more_href: Option<String>,
    /// For a company: its neighbourhood in the relationship graph.
    pub(super) graph: Option<GraphView>,
    /// The sources the body cites, numbered.
    pub(super) references: Vec<ReferenceView>,
    /// The body's notes, for print (they show as numbered endnotes).
    pub(super) endnotes: Vec<String>,
    /// The file the entry comes from (`content/companies/anthropic.md`).
    pub(super) source_path: String,
    /// The front matter, highlighted as TOML.
    pub(super) source_data: String,
    /// Its `image` (a logo, a portrait), shown with the facts.
    pub(super) image: Option<ImageView>,
}

/// An entry's `image`, as a page shows it and as link previews elsewhere name it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ImageView {
    /// From the page.
    pub(super) src: String,
    /// From `base_url`, for `og:image`.
    pub(super) url: String,
    pub(super) alt: String,
    pub(super) credit: Option<String>,
    pub(super) width: Option<u32>,
    pub(super) height: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct PageMeta {
    pub(super) title: String,
    pub(super) description: Option<String>,
    /// Site-relative path of this page.
    pub(super) path: String,
    pub(super) canonical: String,
    /// Relative prefix from this page to the site root (`../../`, `./`).
    pub(super) root: String,
    /// Which section the page belongs to, for the navigation.
    pub(super) section: &'static str,
    /// Open Graph type: "website", "article", "profile".
    pub(super) og_type: &'static str,
    /// schema.org JSON-LD, ready for a `<script>` element.
    pub(super) jsonld: String,
    /// Whether the page shows highlighted code, and so needs the syntax stylesheets.
    pub(super) code: bool,
    /// This page in every language, this one included (empty on the 404 page).
    pub(super) alternates: Vec<Alternate>,
    /// The language of the page's own text when it is not the edition's (an entry
    /// not yet translated), for `lang` attributes.
    pub(super) content_lang: Option<String>,
    /// The entry's `image`, for `og:image` and `twitter:image`.
    pub(super) image: Option<ImageView>,
    /// The pages before and after this one, on a list split into pages
    /// (`pages/paging.rs`), for `rel="prev"` and `rel="next"`.
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
}

/// The way through a list split into pages: the previous and next pages, and
/// numbered links to the first, the last, and those around this one.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Pager {
    /// The navigation's name, for screen readers ("Pages").
    pub(super) label: String,
    /// "Page 2 of 100".
    pub(super) position: String,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) prev_text: String,
    pub(super) next_text: String,
    pub(super) pages: Vec<PageLink>,
}

/// One numbered page in a pager.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageLink {
    pub(super) text: String,
    pub(super) href: String,
    pub(super) current: bool,
    /// Pages are left out before this one ("…").
    pub(super) gap: bool,
}

/// A link to a page among several (a year of the timeline, a letter of the
/// glossary, a part of the print edition), with how many items it holds.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CountedLink {
    pub(super) text: String,
    pub(super) href: String,
    pub(super) count: usize,
    /// Its line in the page's language ("2023: 312 events").
    pub(super) label: String,
}

/// The same page in one language, for the language switcher and `hreflang` links.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    /// The language's own name ("Français").
    pub(super) name: String,
    pub(super) href: String,
    pub(super) canonical: String,
    pub(super) current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct SiteView {
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) language: String,
    pub(super) author: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Figure {
    pub(super) sources: Vec<Link>,
    pub(super) value: String,
    /// "Google → Anthropic"; "Nvidia sought to acquire Arm" for a deal that did not
    /// happen.
    pub(super) parties: String,
    /// The deal did not happen: its amount was never paid.
    pub(super) failed: bool,
    pub(super) date: String,
    pub(super) label: String,
    pub(super) href: String,
    pub(super) status: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Section {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) count: usize,
    pub(super) blurb: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct GlossaryTerm {
    pub(super) id: String,
    pub(super) term: String,
    pub(super) href: String,
    pub(super) aliases: Vec<String>,
    pub(super) definition: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Letter {
    pub(super) letter: String,
    pub(super) id: String,
    pub(super) terms: Vec<GlossaryTerm>,
}

/// One source in a page's list of references.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ReferenceView {
    pub(super) number: usize,
    pub(super) id: String,
    pub(super) title: String,
    /// The source's page in the dossier.
    pub(super) href: String,
    pub(super) publisher: String,
    pub(super) author: Option<String>,
    pub(super) date: Option<String>,
    /// What kind of source it is ("news report"), as written.
    pub(super) kind: Option<String>,
    /// The source itself, on the web.
    pub(super) url: Option<String>,
    /// When the author read it, in the page's language.
    pub(super) retrieved: Option<String>,
    /// An archived copy of it.
    pub(super) archive: Option<String>,
    /// The words the page's citations rely on, each linking to its passage.
    pub(super) quotes: Vec<CitedQuote>,
    /// Links back to each place on the page that cites it.
    pub(super) backrefs: Vec<String>,
}

/// Words a citation relies on, as its reference shows them.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CitedQuote {
    pub(super) text: String,
    /// The source's language (a `lang` attribute), when it says.
    pub(super) lang: Option<String>,
    /// The source's page, at the passage (a text fragment); none without a `url`.
    pub(super) href: Option<String>,
}

/// The dated facts of one year, for the timeline.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TimelineYear {
    pub(super) year: u16,
    pub(super) id: String,
    pub(super) events: Vec<TimelineEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct TimelineEvent {
    /// As readers write it ("23 January 2023") and as machines do (`2023-01-23`).
    pub(super) date: String,
    pub(super) iso: String,
    /// What kind of fact: "deal", "product", "quote"… (for classes), and as readers
    /// say it.
    pub(super) what: &'static str,
    pub(super) what_label: String,
    pub(super) text: String,
    /// The entry the fact belongs to.
    pub(super) href: String,
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
}

/// A relationship graph and the table of the same relations.
#[derive(Debug, Clone, Serialize)]
pub(super) struct GraphView {
    pub(super) id: String,
    pub(super) title: String,
    /// Inline SVG, drawn by `graph::svg`.
    pub(super) svg: String,
    /// The kinds of line the picture draws, each with its class and what it means.
    pub(super) legend: Vec<LegendRow>,
    pub(super) relations: Vec<RelationRow>,
}

/// One line of a graph's legend: a sample of the line (`class`, as in the picture) and
/// its meaning.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LegendRow {
    pub(super) class: &'static str,
    pub(super) label: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct RelationRow {
    pub(super) from: Link,
    /// "invested in", "is owned by", "is made by".
    pub(super) relation: String,
    pub(super) to: Link,
    /// The deal behind an investment.
    pub(super) deal: Option<Link>,
    /// "$300 million, February 2023".
    pub(super) detail: Option<String>,
    pub(super) status: Option<&'static str>,
    pub(super) sources: Vec<Link>,
}

/// One entry in the print edition.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PrintEntry {
    pub(super) name: String,
    /// As readers say it ("company").
    pub(super) kind: String,
    pub(super) href: String,
    pub(super) summary: Option<String>,
    pub(super) infobox: Vec<Row>,
    /// What the entry said, with each quote's chain.
    pub(super) quotes: Vec<QuoteView>,
    /// The edition's language, which quotes' labels are in.
    pub(super) lang: String,
    pub(super) body: String,
    pub(super) endnotes: Vec<String>,
}

/// One collection in the print edition.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PrintSection {
    pub(super) title: String,
    pub(super) id: String,
    /// The section's entries, each rendered with `print_entry.html`.
    pub(super) entries_html: String,
}
