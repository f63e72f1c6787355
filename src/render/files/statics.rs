//! The static files: the theme's (its stylesheet and script served compact), the
//! two syntax-highlighting stylesheets, and the dossier's own `static/` files, which
//! replace the theme's of the same name but never a page or a file dossier makes;
//! then the files beside the text in `content/` (`crate::assets`), which replace
//! nothing.

use std::collections::{BTreeMap, HashSet};

use super::file;
use crate::diagnostics::Diagnostic;
use crate::highlight;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::theme;

pub(super) struct Statics;

impl Producer for Statics {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let (light, dark) = highlight::stylesheets();
        files.insert("syntax-light.css".into(), light.into_bytes());
        files.insert("syntax-dark.css".into(), dark.into_bytes());
        for (name, bytes) in theme::STATIC {
            files.insert(name.to_string(), theme::compact(name, bytes));
        }
        let pages = out.pages();
        let pages: HashSet<&str> = pages.iter().map(String::as_str).collect();
        for (name, bytes) in out.statics() {
            // Served last, a copy would silently replace the file dossier makes from
            // the content (a stale feed, a sitemap of other pages).
            if out.is_reserved(name) {
                out.problem(
                    Diagnostic::global(format!(
                        "`static/{name}` would replace the `{name}` that dossier writes"
                    ))
                    .with_help(generated_help(name)),
                );
                continue;
            }
            if pages.contains(name.as_str()) {
                out.problem(
                    Diagnostic::global(format!(
                        "`static/{name}` would replace the page `{name}` that dossier writes"
                    ))
                    .with_help(
                        "rename or move the static file; to change a page, override its template",
                    ),
                );
                continue;
            }
            // A copy of a built-in file (the bundled dossier's own static/) is served
            // as the built-in one is; any other file exactly as written.
            let builtin = theme::STATIC
                .iter()
                .any(|(n, b)| *n == name.as_str() && *b == bytes.as_slice());
            let bytes = if builtin {
                theme::compact(name, bytes)
            } else {
                bytes.clone()
            };
            files.insert(name.clone(), bytes);
        }
        // The files beside the text, at their place in content/: published once, for
        // every edition (bodies link them from wherever their page is).
        for (name, bytes) in cx.site().assets.content_files() {
            let clash = if out.is_reserved(name) || files.contains_key(name) {
                Some("a file that dossier writes")
            } else if pages.contains(name.as_str()) {
                Some("a page that dossier writes")
            } else if name
                .strip_suffix("preview.json")
                .is_some_and(|dir| pages.contains(format!("{dir}index.html").as_str()))
            {
                Some("the preview card that dossier writes beside the page")
            } else {
                None
            };
            if let Some(what) = clash {
                let also_static = out.statics().iter().any(|(n, _)| n == name);
                out.problem(
                    Diagnostic::global(format!("`content/{name}` would replace {what}")).with_help(
                        if also_static {
                            format!("`static/{name}` has the same path: keep one of them")
                        } else {
                            "rename or move the file".to_owned()
                        },
                    ),
                );
                continue;
            }
            files.insert(name.clone(), bytes.clone());
        }
        for (path, bytes) in files {
            out.emit(file(path, bytes));
        }
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["syntax-light.css".to_owned(), "syntax-dark.css".to_owned()]
    }
}

/// How to do what a static file at a generated path was meant to do.
fn generated_help(name: &str) -> &'static str {
    match name {
        "CNAME" => "remove it: `cname` in site.toml writes CNAME",
        "robots.txt" | "sitemap.xml" | ".nojekyll" => {
            "remove it: dossier writes this file from site.toml and the pages"
        }
        n if n.starts_with("syntax-") => {
            "remove it; to change how code looks, override the theme's `static/style.css`"
        }
        _ => "remove it, or rename it: dossier writes this file from the content",
    }
}
