//! Images and files beside the text, as an author writes them and a reader gets them:
//! the real `dossier build` of a bilingual dossier served at a sub-path, its pages read
//! for every image's address (which must reach a file of the output), size, loading
//! and caption; and the diagnostics of `dossier check`.

use std::path::Path;

use crate::{dossier, dossier_from, short_problems};

/// A real, decodable PNG of `width` × `height` red pixels (stored, uncompressed).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    // Each row: no filter, then its red pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..width).flat_map(|_| [255, 0, 0]))
        .collect();
    let raw = row.repeat(height as usize);
    // zlib: one stored deflate block, then the Adler-32 of the data.
    let mut zlib = vec![0x78, 0x01, 0x01];
    let len = raw.len() as u16;
    zlib.extend(len.to_le_bytes());
    zlib.extend((!len).to_le_bytes());
    zlib.extend(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A small SVG drawn with a `viewBox` only.
pub const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"><rect width=\"40\" height=\"20\" fill=\"#2b6cb0\"/></svg>\n";

/// A bilingual dossier with images beside a note, in a bundle, in static/, and as a
/// company's `image`; and a file that is not UTF-8.
pub fn write_image_dossier(root: &Path) {
    let dir = dossier_from(&format!(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/index.md\n+++\ntitle = \"Home\"\n+++\nHello.\n\
         === content/index.fr.md\n+++\ntitle = \"Accueil\"\n+++\nBonjour.\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\n\
         image = {{ src = \"acme.svg\", alt = \"The Acme logo\", credit = \"Logo: Acme\" }}\n+++\nA company.\n\
         === content/companies/acme.fr.md\n+++\nname = \"Acme\"\n+++\nUne entreprise.\n\
         === content/companies/acme.svg\n{SVG}\
         === content/notes/reviews.md\n+++\ntitle = \"Reviews\"\n+++\n\
         ![Reviews by month](reviews.png)\n\n\
         ![The site's logo](/images/logo.svg)\n\n\
         ![A bar chart of sales](chart/bars.svg \"Sales by year. Credit: Diagram by the authors\")\n\n\
         The [raw data](data.bin).\n\
         === content/notes/reviews.fr.md\n+++\ntitle = \"Critiques\"\n+++\n\
         ![Les critiques par mois](reviews.png)\n\n\
         ![Un graphique des ventes](chart/bars.svg \"Ventes par année. Crédit : schéma des auteurs\")\n\
         === content/notes/chart/bars.svg\n{SVG}\
         === content/notes/bundle/index.md\n+++\ntitle = \"Bundle\"\n+++\n\
         Text first.\n\n![A red square](square.PNG)\n\
         === content/notes/bundle/index.fr.md\n+++\ntitle = \"Paquet\"\n+++\n\
         ![Un carré rouge](square.PNG)\n\
         === static/images/logo.svg\n{SVG}"
    ));
    copy(dir.path(), root);
    std::fs::write(root.join("content/notes/reviews.png"), png(4, 3)).unwrap();
    std::fs::write(root.join("content/notes/bundle/square.PNG"), png(5, 5)).unwrap();
    std::fs::write(
        root.join("content/notes/data.bin"),
        b"\xff\xfe\x00 not text",
    )
    .unwrap();
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Builds the dossier at `root` with the real binary, served at a sub-path.
fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    let run = dossier(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--base-url",
        "https://example.github.io/demo/",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&run.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Every `<img …>` tag of a page.
fn images(html: &str) -> Vec<String> {
    html.match_indices("<img ")
        .map(|(at, _)| {
            let end = html[at..].find('>').unwrap();
            html[at..=at + end].to_owned()
        })
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The file an address on the page at `page` (a path in `out`) reaches, as a browser
/// resolves it.
fn reached(out: &Path, page: &str, src: &str) -> std::path::PathBuf {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in src.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{src} on {page} climbs out of the site"
                );
            }
            s => parts.push(s),
        }
    }
    out.join(parts.join("/").replace("%20", " "))
}

#[test]
fn files_beside_the_text_reach_every_edition_the_print_edition_and_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    write_image_dossier(dir.path());
    let out = build(dir.path());
    // Published once, at their place in content/ (a bundle's beside its page), and
    // static/ from the root; a file that is not UTF-8 is published as it is.
    assert_eq!(
        std::fs::read(out.join("notes/reviews.png")).unwrap(),
        png(4, 3)
    );
    assert!(out.join("notes/bundle/square.PNG").is_file());
    assert!(out.join("notes/chart/bars.svg").is_file());
    assert!(out.join("images/logo.svg").is_file());
    assert_eq!(
        std::fs::read(out.join("notes/data.bin")).unwrap(),
        b"\xff\xfe\x00 not text"
    );
    assert!(!out.join("fr/notes/reviews.png").exists());
    let pages = [
        ("notes/reviews/index.html", 3),
        ("fr/notes/reviews/index.html", 2),
        ("notes/bundle/index.html", 1),
        ("fr/notes/bundle/index.html", 1),
        ("print/index.html", 4),
        ("fr/print/index.html", 3),
    ];
    for (page, count) in pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let tags = images(&html);
        assert_eq!(tags.len(), count, "{page}: {tags:?}");
        for tag in &tags {
            let src = attribute(tag, "src").unwrap();
            assert!(!src.starts_with('/'), "{page}: {tag}");
            assert!(reached(&out, page, src).is_file(), "{page}: {tag}");
            assert!(
                attribute(tag, "alt").is_some_and(|a| !a.is_empty()),
                "{tag}"
            );
            assert!(attribute(tag, "width").is_some(), "{page}: {tag}");
            assert_eq!(attribute(tag, "decoding"), Some("async"), "{tag}");
        }
    }
    let reviews = std::fs::read_to_string(out.join("notes/reviews/index.html")).unwrap();
    let tags = images(&reviews);
    // Sizes from the PNG's header and the SVG's viewBox.
    assert!(tags[0].contains(r#"width="4" height="3""#), "{}", tags[0]);
    assert!(tags[2].contains(r#"width="40" height="20""#), "{}", tags[2]);
    // The first image of a page loads at once; the others as the reader nears them.
    assert_eq!(attribute(&tags[0], "loading"), None);
    assert_eq!(attribute(&tags[1], "loading"), Some("lazy"));
    // A titled image alone in its paragraph is a figure with its caption and credit.
    assert!(
        reviews.contains(
            "<figcaption>Sales by year. <small class=\"credit\">Credit: Diagram by the authors</small></figcaption></figure>"
        ),
        "{reviews}"
    );
    let french = std::fs::read_to_string(out.join("fr/notes/reviews/index.html")).unwrap();
    assert!(
        french.contains("<small class=\"credit\">Crédit\u{a0}: schéma des auteurs</small>"),
        "{french}"
    );
    // A link to a file beside the text.
    assert!(
        reviews.contains("href=\"../../notes/data.bin\""),
        "{reviews}"
    );
}

#[test]
fn an_entrys_image_is_shown_with_its_facts_and_named_for_link_previews() {
    let dir = tempfile::tempdir().unwrap();
    write_image_dossier(dir.path());
    let out = build(dir.path());
    for page in ["companies/acme/index.html", "fr/companies/acme/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains(
                r#"<meta property="og:image" content="https://example.github.io/demo/companies/acme.svg">"#
            ),
            "{html}"
        );
        let infobox = &html[html.find("class=\"infobox\"").unwrap()..];
        let tag = &images(infobox)[0];
        assert_eq!(attribute(tag, "alt"), Some("The Acme logo"));
        assert!(tag.contains(r#"width="40" height="20""#), "{tag}");
        assert!(reached(&out, page, attribute(tag, "src").unwrap()).is_file());
        assert!(infobox.contains("<small class=\"credit\">Logo: Acme</small>"));
    }
}

#[test]
fn an_image_without_alt_text_is_an_error_at_the_image() {
    let problems = short_problems(
        "=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n\n![](chart.svg)\n\
         === content/notes/chart.svg\n<svg/>\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\nimage = { src = \"/logo.svg\", alt = \" \" }\n+++\n\
         === static/logo.svg\n<svg/>\n",
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("content/companies/acme.md:3:36")
            && problems[0].contains("this image has no alt text"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("content/notes/n.md:6:1")
            && problems[1].contains("this image has no alt text"),
        "{problems:?}"
    );
}

#[test]
fn a_broken_path_is_reported_once_with_the_forms_that_work() {
    let dir = dossier_from(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n![A chart](chart.png)\n\n[Elsewhere](../nowhere/)\n\
         === content/notes/n.fr.md\n+++\ntitle = \"N\"\n+++\n![Un graphique](chart.png)\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\nimage = { src = \"logo.png\", alt = \"Logo\" }\n+++\n",
    );
    let out = crate::check_in(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error: ").count(), 4, "{stderr}");
    assert!(stderr.contains("found 3 problems"), "{stderr}");
    assert!(
        stderr.contains(
            "error: no file `content/notes/chart.png` for `chart.png`\n  ┌─ content/notes/n.md:4:1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/notes/n.fr.md:4:1"),
        "the translation's own line: {stderr}"
    );
    assert!(
        stderr.contains("error: no file `content/companies/logo.png` for `logo.png`\n  ┌─ content/companies/acme.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("from the site root"), "{stderr}");
    // Once the images are there, the broken page link is reported once, at its
    // place, for every edition and the print edition, and never blamed on a template.
    std::fs::write(dir.path().join("content/notes/chart.png"), png(2, 2)).unwrap();
    std::fs::write(dir.path().join("content/companies/logo.png"), png(2, 2)).unwrap();
    let out = crate::check_in(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("found 1 problem"), "{stderr}");
    assert!(
        stderr.contains("broken link `../nowhere/`") && stderr.contains("content/notes/n.md:6:"),
        "{stderr}"
    );
    assert!(!stderr.contains("templates/"), "{stderr}");
}

#[test]
fn a_note_as_a_file_and_as_a_bundle_is_one_slug_too_many() {
    let problems = short_problems(
        "=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n\
         === content/notes/n/index.md\n+++\ntitle = \"N\"\n+++\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("duplicate slug `n`"), "{problems:?}");
}
