//! Syntax highlighting of code blocks with syntect, as CSS classes (never inline
//! styles), and the light and dark stylesheets those classes need.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::html::escape;

mod front_matter;
pub use front_matter::{block as front_matter, without_comments};

/// Every class is prefixed, so theme CSS never collides with the site's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme behind `syntax-light.css`.
pub const LIGHT_THEME: &str = "InspiredGitHub";
/// The syntect theme behind `syntax-dark.css`.
pub const DARK_THEME: &str = "base16-ocean.dark";

/// The syntax set: syntect's defaults plus bat's extra syntaxes (TOML among them),
/// loaded once per process.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// One `<pre>` block for `code` in language `lang` (a fence's info string: `toml`,
/// `rust`, `py`…). Unknown or empty languages come out as escaped plain text.
pub fn block(code: &str, lang: &str) -> String {
    let syntaxes = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| syntaxes.find_syntax_by_token(lang))
        .flatten();
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let inner = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
            let ok = LinesWithEndings::from(code).all(|line| {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_ok()
            });
            if ok {
                generator.finalize()
            } else {
                escape(code)
            }
        }
        None => escape(code),
    };
    // Focusable, so that keyboard users can scroll a long line into view.
    format!("<pre class=\"code\" tabindex=\"0\"{lang_attr}><code>{inner}</code></pre>\n")
}

/// The stylesheets for the highlight classes: `(light, dark)`.
pub fn stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str, background: [u8; 3]| {
        themes
            .themes
            .get(name)
            .and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok())
            .map(|css| readable(&css, background))
            .unwrap_or_default()
    };
    // The code panel's background in the theme's CSS (`--panel`), light and dark.
    (
        css(LIGHT_THEME, [0xf3, 0xf1, 0xec]),
        css(DARK_THEME, [0x1e, 0x21, 0x25]),
    )
}

/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

/// `css` with every `color` made readable on `background` (contrast at least 4.5:1,
/// moving the colour toward black or white only as far as needed) and its
/// `background-color`s dropped: the page's code panel gives the background.
fn readable(css: &str, background: [u8; 3]) -> String {
    let dark = luminance(background) < 0.5;
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("background-color:") {
            continue;
        }
        if let Some(hex) = trimmed
            .strip_prefix("color: #")
            .and_then(|r| r.strip_suffix(';'))
            && let Some(mut rgb) = parse_hex(hex)
        {
            let toward = if dark { 255.0 } else { 0.0 };
            let mut steps = 0;
            while contrast(rgb, background) < MIN_CONTRAST && steps < 40 {
                rgb = rgb.map(|c| (f64::from(c) + (toward - f64::from(c)) * 0.06).round() as u8);
                steps += 1;
            }
            out.push_str(&format!(
                " color: #{:02x}{:02x}{:02x};\n",
                rgb[0], rgb[1], rgb[2]
            ));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    let hex = hex.get(..6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_is_highlighted_and_unknown_languages_are_escaped() {
        let toml = block("name = \"<x>\"\n", "toml");
        assert!(toml.contains("hl-"), "{toml}");
        assert!(toml.contains("&lt;x&gt;"), "{toml}");
        let plain = block("<b>\n", "no-such-language");
        assert_eq!(
            plain,
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"no-such-language\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn every_highlight_colour_is_readable_on_the_code_panel() {
        let (light, dark) = stylesheets();
        for (css, background) in [(light, [0xf3, 0xf1, 0xec]), (dark, [0x1e, 0x21, 0x25])] {
            assert!(!css.contains("background-color"));
            for hex in css
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: #"))
            {
                let rgb = parse_hex(hex).unwrap();
                assert!(contrast(rgb, background) >= MIN_CONTRAST, "#{hex}");
            }
        }
    }

    #[test]
    fn both_stylesheets_exist() {
        let (light, dark) = stylesheets();
        assert!(light.contains(".hl-"), "{light}");
        assert!(dark.contains(".hl-"), "{dark}");
        assert_ne!(light, dark);
    }
}
