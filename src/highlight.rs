//! Syntax highlighting of code blocks with syntect, as CSS classes (never inline
//! styles), and the light and dark stylesheets those classes need.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::markdown::escape;

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
    format!("<pre class=\"code\"{lang_attr}><code>{inner}</code></pre>\n")
}

/// The stylesheets for the highlight classes: `(light, dark)`.
pub fn stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    (css(LIGHT_THEME), css(DARK_THEME))
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
            "<pre class=\"code\" data-lang=\"no-such-language\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn both_stylesheets_exist() {
        let (light, dark) = stylesheets();
        assert!(light.contains(".hl-"), "{light}");
        assert!(dark.contains(".hl-"), "{dark}");
        assert_ne!(light, dark);
    }
}
