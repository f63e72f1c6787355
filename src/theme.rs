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
    ("style.css", include_bytes!("../static/style.css")),
];

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
}
