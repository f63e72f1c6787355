//! The glossary, `glossary/`: every term with its definition, by letter; past
//! [`paging::GLOSSARY_SPLIT`] terms, a page per letter.

use std::collections::BTreeMap;

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};

use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{CountedLink, GlossaryTerm, Letter, PageMeta};
use crate::resolve::EntryId;

use super::paging;

pub(super) struct Glossary;

impl Producer for Glossary {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let Some((path, mut meta)) = super::collection_meta(cx, Kind::Term) else {
            return;
        };
        let letters = by_letter(cx);
        meta.code = true;
        if letters.iter().map(|(_, ids)| ids.len()).sum::<usize>() <= paging::GLOSSARY_SPLIT {
            let mut extra = Context::new();
            extra.insert("letters", &glossary(cx, letters, &root_of(&path)));
            out.page(cx.page("glossary.html", meta, extra, None));
        } else {
            // The overview lists no terms: its JSON-LD is no set of them all.
            let title = cx.plural_title(Kind::Term);
            let mut meta = super::listing_meta(cx, title, &path, "glossary", None);
            meta.code = true;
            split(cx, &path, meta, letters, out);
        }
    }
}

/// The terms' ids by letter, in order: "Éthique" files under E, like "ethics", and a
/// term that starts with no letter under "#".
fn by_letter(cx: &Cx) -> Vec<(String, Vec<EntryId>)> {
    let mut by_letter: BTreeMap<String, Vec<(String, EntryId)>> = BTreeMap::new();
    for id in cx.of_kind(Kind::Term) {
        let sort_key = crate::model::fold(&cx.entry(id).name);
        let first = sort_key.chars().next().unwrap_or('#');
        let letter = if first.is_alphabetic() {
            first.to_uppercase().to_string()
        } else {
            "#".to_owned()
        };
        by_letter.entry(letter).or_default().push((sort_key, id));
    }
    by_letter
        .into_iter()
        .map(|(letter, mut terms)| {
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            (letter, terms.into_iter().map(|(_, id)| id).collect())
        })
        .collect()
}

/// A letter's name in ids and addresses: `a`, or `other` for "#".
fn letter_slug(letter: &str) -> String {
    if letter == "#" {
        "other".to_owned()
    } else {
        letter.to_lowercase()
    }
}

/// The terms of `letters`, each with its definition, for a page at `root`.
fn glossary(cx: &Cx, letters: Vec<(String, Vec<EntryId>)>, root: &str) -> Vec<Letter> {
    letters
        .into_iter()
        .map(|(letter, ids)| Letter {
            id: format!("letter-{}", letter_slug(&letter)),
            letter,
            terms: ids.iter().map(|&id| term(cx, id, root)).collect(),
        })
        .collect()
}

/// One term with its definition, for a page at `root`.
fn term(cx: &Cx, id: EntryId, root: &str) -> GlossaryTerm {
    let e = cx.entry(id);
    GlossaryTerm {
        id: format!("term-{}", e.slug()),
        term: e.name.clone(),
        href: cx.href(id, root),
        aliases: cx.other_names(id),
        // Several definitions share the page: their ids get the term's slug.
        definition: cx.markdown(id, root, &format!("{}-", e.slug()), false).html,
    }
}

/// A long glossary: `glossary/` links to the letters, and each letter has its page
/// (`glossary/letter/a/`; a term's own page is `glossary/slug/`, so a letter's cannot
/// take its place), split into pages when long (`glossary/letter/a/page/2/`). Every
/// page links to the one before and after it, in order.
fn split(cx: &Cx, path: &str, meta: PageMeta, letters: Vec<(String, Vec<EntryId>)>, out: &Out) {
    let base = |letter: &str| format!("{path}letter/{}/", letter_slug(letter));
    let mut chain = vec![path.to_owned()];
    let mut pages = Vec::new();
    for (letter, ids) in &letters {
        let count = paging::page_count(ids.len(), paging::TERMS_PER_PAGE);
        let paths: Vec<String> = (1..=count)
            .map(|n| paging::page_path(&base(letter), n))
            .collect();
        for (at, chunk) in ids.chunks(paging::TERMS_PER_PAGE).enumerate() {
            pages.push((
                letter.clone(),
                chain.len(),
                paths.clone(),
                at,
                chunk.to_vec(),
            ));
            chain.push(paths[at].clone());
        }
    }
    let letter_links = |root: &str| -> Vec<CountedLink> {
        letters
            .iter()
            .map(|(letter, ids)| CountedLink {
                href: format!("{root}{}", base(letter)),
                label: cx.fill(
                    cx.t("glossary_letter_count"),
                    &[("letter", letter), ("count", &ids.len().to_string())],
                ),
                text: letter.clone(),
                count: ids.len(),
            })
            .collect()
    };
    let mut overview = meta;
    let root = root_of(path);
    (overview.prev, overview.next) = paging::rel(&chain, 0, &root);
    let mut extra = Context::new();
    extra.insert("letters", &Vec::<Letter>::new());
    extra.insert("letter_links", &letter_links(&root));
    out.page(cx.page("glossary.html", overview, extra, None));
    for (letter, place, paths, at, ids) in pages {
        let page = &paths[at];
        let root = root_of(page);
        let heading = cx.fill(cx.t("glossary_letter_title"), &[("letter", &letter)]);
        let mut meta = super::listing_meta(cx, &heading, page, "glossary", None);
        meta.code = true;
        (meta.prev, meta.next) = paging::rel(&chain, place, &root);
        let mut extra = Context::new();
        if let Some(pager) = paging::group_pager(cx, &mut meta, &heading, &paths, at, &root) {
            extra.insert("pager", &pager);
        }
        extra.insert("letters", &glossary(cx, vec![(letter, ids)], &root));
        extra.insert("letter_links", &letter_links(&root));
        extra.insert("heading", &heading);
        out.page(cx.page("glossary.html", meta, extra, None));
    }
}
