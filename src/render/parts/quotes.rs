//! A quote as the reader sees it, with its chain: who said it, in whose words
//! (verbatim, a paraphrase, or the source's account), which source printed it and
//! which relays passed it on, and who translated it — on people's and companies'
//! pages, in the print edition and on the timeline.

use crate::lang::primary_subtag;
use crate::model::{Quote, QuoteForm};
use crate::render::context::Cx;
use crate::render::views::{Link, Piece, QuoteView, TranslationView};
use crate::resolve::{Cited, EntryId, Said};

/// Whether words in `lang` are in the edition's language (a French quote on a French
/// page needs no translation).
pub(in crate::render) fn in_edition_language(cx: &Cx, lang: &Option<String>) -> bool {
    let edition = &cx.site().edition.code;
    lang.as_deref()
        .is_some_and(|l| primary_subtag(l) == primary_subtag(edition))
}

/// The view of the quote `said`, for a page at `root`.
pub(in crate::render) fn view(cx: &Cx, said: &Said, root: &str) -> Option<QuoteView> {
    let quote = said.quote(cx.site())?;
    let same_lang = |lang: &Option<String>| in_edition_language(cx, lang);
    let translations: Vec<TranslationView> = quote
        .translations
        .iter()
        .zip(&said.translators)
        .map(|(t, by)| TranslationView {
            text: t.text.clone(),
            lang: t.lang.clone(),
            by: fill(
                cx,
                cx.t("quote_translation_by"),
                &[("source", source_pieces(cx, *by, root))],
            ),
        })
        .collect();
    // The dossier's own translation, only where no source gives the words in the
    // edition's language.
    let ours = !same_lang(&quote.lang) && !quote.translations.iter().any(|t| same_lang(&t.lang));
    Some(QuoteView {
        text: quote.text.clone(),
        lang: quote.lang.clone(),
        form: quote.form.as_str(),
        form_note: match quote.form {
            QuoteForm::Verbatim => None,
            QuoteForm::Paraphrase => Some(cx.t("quote_paraphrase").to_owned()),
            QuoteForm::Account => Some(cx.t("quote_account").to_owned()),
        },
        caption: caption(cx, said, quote, root),
        translations,
        translation: quote.translation.clone().filter(|_| ours),
        date: quote.date.map(|d| crate::format::date_in(d, cx.lang())),
    })
}

/// "Jeff Dean, quoted by CNBC (para. 4); relayed by …": who, in whose words, where.
fn caption(cx: &Cx, said: &Said, quote: &Quote, root: &str) -> Vec<Piece> {
    let key = match quote.form {
        QuoteForm::Verbatim => "quote_said_verbatim",
        QuoteForm::Paraphrase => "quote_said_paraphrase",
        QuoteForm::Account => "quote_said_account",
    };
    let mut source = source_pieces(cx, said.source, root);
    if let Some(locator) = &quote.locator {
        source.push(Piece::text(format!(" ({locator})")));
    }
    let mut pieces = fill(
        cx,
        cx.t(key),
        &[
            ("speakers", speakers(cx, &said.speakers, root)),
            ("source", source),
        ],
    );
    if !said.via.is_empty() {
        pieces.push(Piece::text(format!(
            "{}{} ",
            cx.t("list_semicolon"),
            cx.t("quote_relayed_by")
        )));
        for (i, &via) in said.via.iter().enumerate() {
            if i > 0 {
                pieces.push(Piece::text(" → ".to_owned()));
            }
            pieces.extend(source_pieces(cx, Some(via), root));
        }
    }
    pieces
}

/// The speakers' names, linked: "Sundar Pichai and Jeff Dean".
fn speakers(cx: &Cx, ids: &[EntryId], root: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            let sep = if i + 1 == ids.len() {
                cx.t("list_and")
            } else {
                ", "
            };
            pieces.push(Piece::text(sep.to_owned()));
        }
        pieces.push(Piece::link(&cx.link(id, root)));
    }
    pieces
}

/// A source, by the label that tells it apart (its `short` label or publisher).
fn source_pieces(cx: &Cx, id: Option<EntryId>, root: &str) -> Vec<Piece> {
    id.map(|id| cx.source_links(&[Cited::of(id)], root))
        .unwrap_or_default()
        .iter()
        .map(Piece::link)
        .collect()
}

/// The source's label as text, for sentences without links (the timeline's).
pub(in crate::render) fn source_label(cx: &Cx, id: Option<EntryId>, root: &str) -> String {
    source_pieces(cx, id, root)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// The speakers' names as text: "Sundar Pichai and Jeff Dean".
pub(in crate::render) fn speaker_names(cx: &Cx, ids: &[EntryId]) -> String {
    speakers(cx, ids, "").into_iter().map(|p| p.text).collect()
}

/// `text` with each `{name}` replaced by its pieces. In French, "de" before a name
/// agrees with it: "d'OpenAI", "du billet" (for "le billet"), "des notes".
fn fill(cx: &Cx, text: &str, args: &[(&str, Vec<Piece>)]) -> Vec<Piece> {
    let french = cx.lang() == crate::lang::Lang::Fr;
    let mut out: Vec<Piece> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some((close, pieces)) = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, p)| (close, p))
        }) else {
            out.push(Piece::text(rest[..=open].to_owned()));
            rest = after;
            continue;
        };
        let mut before = rest[..open].to_owned();
        let mut pieces = pieces.clone();
        if french && (before == "de " || before.ends_with(" de ")) {
            before.truncate(before.len() - 3);
            let first = pieces.first_mut().map(|p| &mut p.text);
            match first {
                Some(t) if t.starts_with(|c: char| "aeiouàâéèêîôAEIOUÀÂÉÈÊÎÔ".contains(c)) =>
                {
                    before.push_str("d'");
                }
                Some(t) if t.starts_with("le ") => {
                    *t = t["le ".len()..].to_owned();
                    before.push_str("du ");
                }
                Some(t) if t.starts_with("les ") => {
                    *t = t["les ".len()..].to_owned();
                    before.push_str("des ");
                }
                _ => before.push_str("de "),
            }
        }
        if !before.is_empty() {
            out.push(Piece::text(before));
        }
        out.extend(pieces);
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::text(rest.to_owned()));
    }
    out
}

impl Piece {
    fn text(text: String) -> Piece {
        Piece {
            text,
            href: None,
            title: None,
        }
    }

    fn link(link: &Link) -> Piece {
        Piece {
            text: link.text.clone(),
            href: Some(link.href.clone()),
            title: link.title.clone(),
        }
    }
}
