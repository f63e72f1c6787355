//! Keeps ARCHITECTURE.md true: every module under `src/` is named in it, and every
//! `module::item` it names in backticks exists.
//!
//! A module is named as `` `name` `` (a top-level module), by its path
//! (`` `render/search.rs` ``, `` `render::search` ``), or, inside a folder, by its
//! own name in a paragraph that names the folder (`` `render/pages/` `` … `` `home` ``). An item is looked up by text, not by
//! the compiler: `a::b::c` is found when `c` is defined (`fn c`, `struct c`, `enum c`,
//! `const c`, …) or re-exported in module `a::b`'s files, or, when `a::b` is not a
//! module, when `b` is an item of `a` and the word `c` occurs in `a`'s files (a method,
//! variant or field). Paths into other crates (`std::…`, `toml::…`) are left alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every module of the crate by path (`render::home`), with its files: its own, and
/// for a folder module, every file under the folder (where re-exported items live).
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(src) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let name = rel.strip_suffix(".rs").unwrap_or(&rel);
        let name = name.strip_suffix("/mod").unwrap_or(name);
        if name == "main" || name == "lib" {
            continue;
        }
        let module = name.replace('/', "::");
        // The file belongs to its own module and to every module above it.
        let mut parts: Vec<&str> = module.split("::").collect();
        while !parts.is_empty() {
            modules
                .entry(parts.join("::"))
                .or_default()
                .push(path.to_path_buf());
            parts.pop();
        }
    }
    modules
}

/// The text in backticks in `doc`, each span once.
fn backticked(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut pieces = line.split('`');
        pieces.next();
        while let (Some(inside), Some(_)) = (pieces.next(), pieces.next()) {
            out.push(inside);
        }
    }
    out
}

/// Is `name` defined or re-exported in `text`?
fn defines(text: &str, name: &str) -> bool {
    let words = |line: &str| {
        line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    const KEYWORDS: [&str; 9] = [
        "fn",
        "struct",
        "enum",
        "trait",
        "const",
        "static",
        "type",
        "mod",
        "macro_rules",
    ];
    text.lines().any(|line| {
        let w = words(line);
        let defined = w
            .windows(2)
            .any(|pair| KEYWORDS.contains(&pair[0].as_str()) && pair[1] == name);
        let reexported = line.trim_start().starts_with("pub") && line.contains("use ")
            || line.trim_start().starts_with("pub use");
        defined || (reexported && w.iter().any(|x| x == name))
    })
}

fn read_all(files: &[PathBuf]) -> String {
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What is wrong with `doc` as a map of the modules under `src`.
fn problems(doc: &str, src: &Path) -> Vec<String> {
    let modules = modules(src);
    let spans = backticked(doc);
    let paragraphs: Vec<Vec<&str>> = doc.split("\n\n").map(backticked).collect();
    let mut problems = Vec::new();
    for module in modules.keys() {
        let as_path = module.replace("::", "/");
        let named = spans.iter().any(|s| {
            let s = s.trim_end_matches("()");
            s == module
                || s == format!("{as_path}.rs")
                || s == format!("{as_path}/")
                || s == format!("src/{as_path}.rs")
                || s == format!("{as_path}/mod.rs")
        }) || as_path.rsplit_once('/').is_some_and(|(folder, name)| {
            let folder = format!("{folder}/");
            paragraphs.iter().any(|spans| {
                spans.contains(&folder.as_str())
                    && spans
                        .iter()
                        .any(|s| *s == name || *s == format!("{name}.rs"))
            })
        });
        if !named {
            problems.push(format!("module `{module}` is not named"));
        }
    }
    for span in &spans {
        // `a::b::c`, perhaps called: `a::b(…)`.
        let path = span.split(['(', ' ', '<']).next().unwrap_or("");
        let path = path.strip_prefix("dossier::").map_or(path, |rest| rest);
        let segments: Vec<&str> = path.split("::").collect();
        if segments.len() < 2 || !modules.contains_key(segments[0]) {
            // At the crate root (`dossier::compile`), or not ours.
            if span.starts_with("dossier::") && segments.len() == 1 {
                let lib = read_all(&[src.join("lib.rs")]);
                if !defines(&lib, segments[0]) {
                    problems.push(format!("`{span}`: no `{}` in the crate root", segments[0]));
                }
            }
            continue;
        }
        if segments.iter().any(|s| s.is_empty()) {
            continue;
        }
        // The longest prefix that is a module.
        let mut depth = segments.len();
        while depth > 0 && !modules.contains_key(&segments[..depth].join("::")) {
            depth -= 1;
        }
        let module = segments[..depth].join("::");
        let rest = &segments[depth..];
        let text = read_all(&modules[&module]);
        let found = match rest {
            [] => true,
            [item] => defines(&text, item),
            [item, member, ..] => {
                defines(&text, item)
                    && text
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|w| w == *member)
            }
        };
        if !found {
            problems.push(format!("`{span}`: not found in module `{module}`"));
        }
    }
    problems
}

#[test]
fn architecture_md_names_every_module_and_only_items_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let problems = problems(&doc, &root.join("src"));
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md is out of date:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_missing_module_or_a_stale_item_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = "`pipeline::run` and `pipeline::no_such_thing` and `output::Staging::commit` \
               and `output::Staging::no_such_method` and `dossier::compile` and `std::fs::read`";
    let problems = problems(doc, &root.join("src"));
    assert!(
        problems.iter().any(|p| p.contains("no_such_thing")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("no_such_method")),
        "{problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("pipeline::run`")),
        "{problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("Staging::commit`")),
        "{problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("compile")),
        "{problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p.contains("std::")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p == "module `render` is not named"),
        "{problems:?}"
    );
}

/// The crate's modules from the bottom up: a module may import only from modules on
/// earlier lines, so there is no import circle and no stage reaches into one that
/// runs after it (or into the driver). A new module takes its place here.
const LAYERS: &[&[&str]] = &[
    &["support"],
    &[
        "diagnostics",
        "lang",
        "html",
        "theme",
        "text_fragment",
        "typeset",
    ],
    &["strict_toml", "output_file", "model", "load", "assets"],
    &["strings", "format", "graph", "highlight", "templates"],
    &["config", "frontmatter", "markdown"],
    &["editions", "resolve"],
    &["integrity"],
    &["render"],
    &["linkcheck", "output", "sources_check"],
    &["pipeline"],
    &["session", "scaffold", "rename"],
    &["serve"],
];

/// The top-level modules `text` imports (`crate::name`, `use crate::{name, …}`),
/// comments and tests left out.
fn imports(text: &str) -> std::collections::BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = std::collections::BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            for item in group.split(',') {
                let name = item.trim().split("::").next().unwrap_or("");
                found.insert(name.to_owned());
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn modules_import_only_from_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let rank = |name: &str| LAYERS.iter().position(|layer| layer.contains(&name));
    let mut problems = Vec::new();
    for (module, files) in &modules {
        if module.contains("::") || module == "architecture" {
            continue;
        }
        let Some(own) = rank(module) else {
            problems.push(format!("`{module}` has no place in LAYERS"));
            continue;
        };
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            for name in imports(&text) {
                if name == *module || !modules.contains_key(&name) {
                    continue;
                }
                match rank(&name) {
                    Some(theirs) if theirs < own => {}
                    _ => problems.push(format!(
                        "{}: `{module}` imports `{name}`, which is not below it",
                        file.display()
                    )),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
