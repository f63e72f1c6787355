//! The default theme, compiled into the binary. The files live in the repository's
//! own `templates/` and `static/` (the bundled dossier uses them as they are); a
//! dossier's file of the same name overrides the built-in one.

/// Built-in templates: (name, text).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../templates/404.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("base.html", include_str!("../templates/base.html")),
    (
        "collection.html",
        include_str!("../templates/collection.html"),
    ),
    ("deals.html", include_str!("../templates/deals.html")),
    ("entry.html", include_str!("../templates/entry.html")),
    ("glossary.html", include_str!("../templates/glossary.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("mentions.html", include_str!("../templates/mentions.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("print.html", include_str!("../templates/print.html")),
    (
        "print_entry.html",
        include_str!("../templates/print_entry.html"),
    ),
    ("search.html", include_str!("../templates/search.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
];

/// Built-in static files: (path, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    ("dossier.js", include_bytes!("../static/dossier.js")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    ("style.css", include_bytes!("../static/style.css")),
];

/// A built-in static file as the site serves it: the stylesheet and the script
/// without their comments and indentation (every page loads both; the budget is
/// 100 KB a page). Only what cannot change their meaning is removed: CSS comments
/// and whitespace next to braces and semicolons; in the script, whole-line `//`
/// comments and leading spaces.
pub fn compact(name: &str, bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    if name.ends_with(".css") {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            rest = rest[start..]
                .find("*/")
                .map_or("", |end| &rest[start + end + 2..]);
        }
        out.push_str(rest);
        let words: Vec<&str> = out.split_whitespace().collect();
        let mut css = words.join(" ");
        for mark in ["{", "}", ";"] {
            css = css
                .replace(&format!(" {mark}"), mark)
                .replace(&format!("{mark} "), mark);
        }
        css.push('\n');
        css.into_bytes()
    } else if name.ends_with(".js") {
        let mut js = String::with_capacity(text.len());
        for line in text.lines().map(str::trim_start) {
            if !line.is_empty() && !line.starts_with("//") {
                js.push_str(line);
                js.push('\n');
            }
        }
        js.into_bytes()
    } else {
        bytes.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to templates/ or static/ but not listed here would silently be
    /// missing from the binary.
    #[test]
    fn every_theme_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (folder, listed) in [
            (
                "templates",
                TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ),
            ("static", STATIC.iter().map(|(n, _)| *n).collect::<Vec<_>>()),
        ] {
            let mut on_disk: Vec<String> = std::fs::read_dir(root.join(folder))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            assert_eq!(on_disk, listed, "{folder}/ and theme.rs disagree");
        }
    }

    #[test]
    fn compacting_keeps_what_matters() {
        let css = compact(
            "a.css",
            b"/* note */\na:hover ,\n b {\n  color : red;\n  content: \"x  ,  y\";\n}\n",
        );
        assert_eq!(
            String::from_utf8(css).unwrap(),
            "a:hover , b{color : red;content: \"x , y\";}\n"
        );
        let js = compact(
            "a.js",
            b"// note\n  var a = 1; // keep\n\n  var b = \"//x\";\n",
        );
        assert_eq!(
            String::from_utf8(js).unwrap(),
            "var a = 1; // keep\nvar b = \"//x\";\n"
        );
    }
}
