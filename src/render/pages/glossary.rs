//! The glossary, `glossary/`: every term with its definition, by letter.

use std::collections::BTreeMap;

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};

use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{GlossaryTerm, Letter};

pub(super) struct Glossary;

impl Producer for Glossary {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let Some((path, mut meta)) = super::collection_meta(cx, Kind::Term) else {
            return;
        };
        let mut extra = Context::new();
        extra.insert("letters", &glossary(cx, &root_of(&path)));
        meta.code = true;
        out.page(cx.page("glossary.html", meta, extra, None));
    }
}

/// The terms by letter, each with its definition, for a page at `root`.
fn glossary(cx: &Cx, root: &str) -> Vec<Letter> {
    let mut by_letter: BTreeMap<String, Vec<(String, GlossaryTerm)>> = BTreeMap::new();
    for id in cx.of_kind(Kind::Term) {
        let e = cx.entry(id);
        // "Éthique" files under E, like "ethics".
        let sort_key = crate::model::fold(&e.name);
        let first = sort_key.chars().next().unwrap_or('#');
        let letter = if first.is_alphabetic() {
            first.to_uppercase().to_string()
        } else {
            "#".to_owned()
        };
        by_letter.entry(letter).or_default().push((
            sort_key,
            GlossaryTerm {
                id: format!("term-{}", e.slug()),
                term: e.name.clone(),
                href: cx.href(id, root),
                aliases: cx.other_names(id),
                // Several definitions share the page: their ids get the term's slug.
                definition: cx.markdown(id, root, &format!("{}-", e.slug()), false).html,
            },
        ));
    }
    by_letter
        .into_iter()
        .map(|(letter, mut terms)| {
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            Letter {
                id: format!(
                    "letter-{}",
                    if letter == "#" {
                        "other".to_owned()
                    } else {
                        letter.to_lowercase()
                    }
                ),
                letter,
                terms: terms.into_iter().map(|(_, t)| t).collect(),
            }
        })
        .collect()
}
