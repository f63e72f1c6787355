//! Files published beside the text: every file of `content/` that is not Markdown,
//! published at its own place (`content/notes/chart.png` → `notes/chart.png`, so a
//! bundle's files, `content/notes/slug/chart.png`, sit beside the entry's page), and
//! every file of `static/`, published from the site root. The size of each image is
//! read here, once per file, however many pages show it.
//!
//! A body or an `image` key names a file in one of two ways ([`locate`]): relative to
//! the Markdown file that writes it (`chart.png`, `../shared/map.svg`), or from the site
//! root (`/images/logo.png`). Render turns either into a URL relative to the page
//! being written, so the same Markdown works on the entry's page, in every language
//! edition (`fr/…`), in the print edition and at any base URL path.

use std::collections::BTreeMap;

use rayon::prelude::*;

/// Width and height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// Where a published file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `content/`, beside the Markdown.
    Content,
    /// `static/`.
    Static,
}

/// One published file.
#[derive(Debug)]
pub struct Asset {
    pub origin: Origin,
    /// For an image whose size could be read.
    pub size: Option<Size>,
}

/// Every file published beside the pages, by its path in the site (`notes/chart.png`).
#[derive(Debug, Default)]
pub struct Assets {
    files: BTreeMap<String, Asset>,
    /// The bytes of the files from `content/` (those of `static/` are written by the
    /// static files' producer), by path.
    content: Vec<(String, Vec<u8>)>,
}

impl Assets {
    /// The files of `content/` that are not Markdown and those of `static/` (paths
    /// relative to each folder). A file in both places is `content/`'s here; the static
    /// files' producer reports the clash.
    pub fn new(content: Vec<(String, Vec<u8>)>, statics: &[(String, Vec<u8>)]) -> Assets {
        let sized = |origin| {
            move |(path, bytes): &(String, Vec<u8>)| {
                (
                    path.clone(),
                    Asset {
                        origin,
                        size: image_size(path, bytes),
                    },
                )
            }
        };
        let mut files: BTreeMap<String, Asset> = statics
            .par_iter()
            .map(sized(Origin::Static))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        files.extend(
            content
                .par_iter()
                .map(sized(Origin::Content))
                .collect::<Vec<_>>(),
        );
        Assets { files, content }
    }

    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    /// What pages depend on: every file's path and image size (not its bytes), for
    /// `serve` to tell when pages must be rendered again.
    pub fn shape(&self) -> Vec<(&str, Option<(u32, u32)>)> {
        self.files
            .iter()
            .map(|(path, asset)| (path.as_str(), asset.size.map(|s| (s.width, s.height))))
            .collect()
    }

    /// The files of `content/` to publish: path in the site, bytes.
    pub fn content_files(&self) -> &[(String, Vec<u8>)] {
        &self.content
    }

    /// What the address `written`, in the Markdown file `file` (`content/notes/x.md`),
    /// names among the published files: its path in the site and what followed the
    /// path (`?…`, `#…`). `None` if it names no published file, or is not a path
    /// (`https:`, `#top`, `mailto:`).
    ///
    /// Read from the Markdown file's folder; failing that, from the entry's page in
    /// the default edition (`notes/x/`), as paths had to be written before files
    /// could sit beside the text (`../../logo.png`): such a path keeps working, and
    /// now in every edition.
    pub fn find(&self, file: &str, written: &str) -> Option<(&str, String)> {
        [dir_of(file), &page_dir(file)].into_iter().find_map(|dir| {
            let located = locate(dir, written)?;
            let (path, _) = self.files.get_key_value(located.path.as_str())?;
            Some((path.as_str(), located.rest))
        })
    }

    /// The paths of every published file, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// `written` (see [`Assets::find`]) as a URL from a page whose way to the site root
    /// is `root` (`../../`), if it names a published file, with the file's size if it
    /// is an image.
    pub fn link(&self, file: &str, written: &str, root: &str) -> Option<(String, Option<Size>)> {
        let (path, rest) = self.find(file, written)?;
        let size = self.files.get(path).and_then(|asset| asset.size);
        Some((format!("{root}{}{rest}", encode_path(path)), size))
    }
}

/// An address written in a Markdown file, read as a path in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The path in the site, decoded (`notes/my chart.png`).
    pub path: String,
    /// What followed the path as written: `?query`, `#fragment`, or nothing.
    pub rest: String,
    /// Written from the site root (`/images/x.png`).
    pub from_root: bool,
}

/// Reads `written`, an address in a Markdown file of the folder `dir` (`notes/`), as a
/// path in the site: `chart.png` → `notes/chart.png`, `/images/x.png` →
/// `images/x.png`. `None` for what is not a path to a file: an address with a scheme
/// (`https:`, `mailto:`), `//host/…`, a bare `#fragment`, a folder (`x/`), or a path
/// that climbs out of the site (`../../x`).
pub fn locate(dir: &str, written: &str) -> Option<Located> {
    let written = written.trim();
    if written.is_empty() || written.starts_with('#') || is_elsewhere(written) {
        return None;
    }
    let cut = written.find(['?', '#']).unwrap_or(written.len());
    let (path, rest) = written.split_at(cut);
    if path.is_empty() || path.ends_with('/') {
        return None;
    }
    let path = percent_decode(path);
    let (from_root, relative) = match path.strip_prefix('/') {
        Some(from_root) => (true, from_root),
        None => (false, path.as_str()),
    };
    let mut parts: Vec<&str> = if from_root {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(Located {
        path: parts.join("/"),
        rest: rest.to_owned(),
        from_root,
    })
}

/// Is this address elsewhere than the site: with a scheme (`https:`, `mailto:`) or a
/// host (`//cdn.example.com/…`)?
pub fn is_elsewhere(written: &str) -> bool {
    let written = written.trim();
    written.starts_with("//")
        || written.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// The folder of a content file, as [`locate`] takes it: `content/notes/x.md` →
/// `notes/`, `content/index.md` → `""`.
pub fn dir_of(content_path: &str) -> &str {
    let rel = content_path
        .strip_prefix("content/")
        .unwrap_or(content_path);
    match rel.rfind('/') {
        Some(at) => &rel[..=at],
        None => "",
    }
}

/// The folder of the default edition's page of the entry in the content file `file`:
/// `content/notes/x.md` and `content/notes/x/index.md` → `notes/x/`; the home page's
/// `""`.
fn page_dir(file: &str) -> String {
    let dir = dir_of(file);
    let name = file.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let depth = dir.matches('/').count();
    if stem == "index" && depth != 1 {
        // The home page, or a bundle.
        dir.to_owned()
    } else {
        format!("{dir}{stem}/")
    }
}

/// Is this path one of the images whose size is read (raster formats browsers show,
/// and SVG)?
pub fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The size of an image, from its header (raster) or its root element (SVG).
fn image_size(path: &str, bytes: &[u8]) -> Option<Size> {
    if !is_image(path) {
        return None;
    }
    if path.to_ascii_lowercase().ends_with(".svg") {
        return svg_size(&String::from_utf8_lossy(bytes));
    }
    let size = imagesize::blob_size(bytes).ok()?;
    Some(Size {
        width: u32::try_from(size.width).ok()?,
        height: u32::try_from(size.height).ok()?,
    })
}

/// An SVG's size: its `width` and `height` when given in pixels, else its `viewBox`
/// (a side missing keeps the `viewBox`'s proportions).
fn svg_size(text: &str) -> Option<Size> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')? + 1;
    let (mut width, mut height, mut view_box) = (None, None, None);
    crate::html::for_each_attribute(&text[start..end], |name, value| {
        let value = crate::html::decode(value);
        match name {
            "width" => width = pixels(&value),
            "height" => height = pixels(&value),
            "viewBox" | "viewbox" => {
                let numbers: Vec<f64> = value
                    .split([' ', ',', '\t', '\n'])
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| s.parse().ok())
                    .collect();
                if let [_, _, w, h] = numbers[..]
                    && w > 0.0
                    && h > 0.0
                {
                    view_box = Some((w, h));
                }
            }
            _ => {}
        }
    });
    let (w, h) = match (width, height, view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(view_box)) => view_box,
        _ => return None,
    };
    let round = |v: f64| -> Option<u32> {
        let v = v.round();
        (v >= 1.0 && v <= f64::from(u32::MAX)).then_some(v as u32)
    };
    Some(Size {
        width: round(w)?,
        height: round(h)?,
    })
}

/// `120`, `120px`, `120.5` as pixels; `50%` or `10em` are not.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// Decodes `%XX` escapes (`my%20chart.png`), leaving anything malformed as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A path in the site as it goes in a URL: what a URL cannot hold as it is escaped.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            '"' => out.push_str("%22"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_from_the_markdown_file_or_the_site_root() {
        let at = |dir, written| locate(dir, written).map(|l| (l.path, l.rest, l.from_root));
        assert_eq!(
            at("notes/", "chart.png"),
            Some(("notes/chart.png".into(), String::new(), false))
        );
        assert_eq!(
            at("notes/slug/", "./img/a%20b.svg#x"),
            Some(("notes/slug/img/a b.svg".into(), "#x".into(), false))
        );
        assert_eq!(
            at("notes/", "../images/x.png"),
            Some(("images/x.png".into(), String::new(), false))
        );
        assert_eq!(
            at("notes/", "/images/x.png?v=2"),
            Some(("images/x.png".into(), "?v=2".into(), true))
        );
        assert_eq!(at("notes/", "../../x.png"), None);
        for not_a_file in [
            "https://a.b/x.png",
            "mailto:a@b.c",
            "#top",
            "//cdn/x.png",
            "x/",
            "",
        ] {
            assert_eq!(at("notes/", not_a_file), None, "{not_a_file}");
        }
    }

    #[test]
    fn a_published_file_is_linked_from_any_page() {
        let assets = Assets::new(
            vec![("notes/my chart.png".into(), Vec::new())],
            &[("images/logo.svg".into(), Vec::new())],
        );
        let href = |file, written, root| assets.link(file, written, root).map(|(href, _)| href);
        let note = "content/notes/n.fr.md";
        assert_eq!(
            href(note, "my%20chart.png", "../../../"),
            Some("../../../notes/my%20chart.png".into())
        );
        assert_eq!(
            href(note, "/images/logo.svg", "../"),
            Some("../images/logo.svg".into())
        );
        // Written from the entry's page, as before files could sit beside the text.
        assert_eq!(
            href(note, "../../images/logo.svg", "../../../"),
            Some("../../../images/logo.svg".into())
        );
        assert_eq!(href(note, "missing.png", "../"), None);
    }

    #[test]
    fn svg_sizes_come_from_width_height_or_view_box() {
        let size = |svg: &str| svg_size(svg).map(|s| (s.width, s.height));
        assert_eq!(size(r#"<svg width="120" height="80px">"#), Some((120, 80)));
        assert_eq!(
            size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150">"#
            ),
            Some((300, 150))
        );
        assert_eq!(
            size(r#"<svg width="600" viewBox="0 0 300 150">"#),
            Some((600, 300))
        );
        assert_eq!(size(r#"<svg width="100%" height="50%">"#), None);
        assert_eq!(size("not an svg"), None);
    }

    #[test]
    fn raster_sizes_come_from_the_header() {
        // A 3×2 PNG's signature and IHDR chunk.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(3u32.to_be_bytes());
        png.extend(2u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            image_size("a.PNG", &png),
            Some(Size {
                width: 3,
                height: 2
            })
        );
        assert_eq!(image_size("a.png", b"not a png"), None);
        assert_eq!(image_size("a.csv", &png), None);
    }

    #[test]
    fn the_folder_of_a_content_file() {
        assert_eq!(dir_of("content/notes/x.md"), "notes/");
        assert_eq!(dir_of("content/notes/x/index.fr.md"), "notes/x/");
        assert_eq!(dir_of("content/index.md"), "");
        assert_eq!(page_dir("content/notes/x.fr.md"), "notes/x/");
        assert_eq!(page_dir("content/notes/x/index.md"), "notes/x/");
        assert_eq!(page_dir("content/index.fr.md"), "");
        assert_eq!(page_dir("content/article.md"), "article/");
    }
}
