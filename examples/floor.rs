//! The floor of the benchmark (`bench/run.sh`): what no generator can beat on this
//! machine for a given dossier.
//!
//! ```text
//! cargo run --release --example floor -- DOSSIER_DIR OUT_DIR
//! ```
//!
//! Every Markdown body under `DOSSIER_DIR/content` (front matter skipped) is rendered by
//! bare pulldown-cmark with the dialect `dossier` uses, its fenced code highlighted by
//! dossier's own syntect highlighter (same syntax set, same CSS classes), wrapped in a
//! fixed HTML shell and written to `OUT_DIR`, in parallel across the machine's cores.
//! No templates, links, backlinks, autolinking or checks: just the work every page of
//! any generator must do.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd, html};
use rayon::prelude::*;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The body after a `+++` front matter block.
fn body(text: &str) -> &str {
    text.strip_prefix("+++\n")
        .and_then(|rest| rest.find("\n+++\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

/// pulldown-cmark's HTML with fenced code replaced by highlighted blocks.
fn render(body: &str, html_out: &mut String) {
    let mut code: Option<(String, String)> = None;
    let events =
        Parser::new_ext(body, dossier::parts::markdown_options()).filter_map(|event| match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                None
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => code.take().map(|(lang, buf)| {
                Event::Html(dossier::parts::highlight_block(&buf, &lang).into())
            }),
            other => Some(other),
        });
    html::push_html(html_out, events);
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dossier, out] = args.as_slice() else {
        eprintln!("usage: floor DOSSIER_DIR OUT_DIR");
        std::process::exit(2);
    };
    let content = Path::new(dossier).join("content");
    let out = Path::new(out);
    let mut files = Vec::new();
    markdown_files(&content, &mut files)?;
    files
        .par_iter()
        .try_for_each(|path| -> std::io::Result<()> {
            let text = fs::read_to_string(path)?;
            let mut page = String::with_capacity(text.len() * 2 + 512);
            page.push_str(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>page</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\
             <body><main>\n",
            );
            render(body(&text), &mut page);
            page.push_str("</main></body></html>\n");
            let rel = path
                .strip_prefix(&content)
                .unwrap_or(path)
                .with_extension("");
            let dir = out.join(rel);
            fs::create_dir_all(&dir)?;
            fs::write(dir.join("index.html"), page)
        })?;
    println!("floor: {} pages", files.len());
    Ok(())
}
