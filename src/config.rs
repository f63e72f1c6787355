//! `site.toml`: the dossier's settings, parsed strictly like front matter.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Diagnostic, FileId};
use crate::lang::Lang;
use crate::strict_toml::from_toml;
use crate::strings::Strings;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    /// The public URL of the site, e.g. `https://user.github.io/repo/`.
    pub base_url: BaseUrl,
    /// BCP 47 language of the dossier.
    #[serde(default = "default_language")]
    pub language: String,
    pub author: Option<String>,
    /// Where `build` writes, relative to the dossier root.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// Link glossary terms at their first mention on each page.
    #[serde(default = "default_true")]
    pub autolink_terms: bool,
    /// How many notes the feed carries: the newest. A feed reader fetches the whole
    /// feed on every poll, so it holds the latest items, not the archive.
    #[serde(default = "default_feed_items")]
    pub feed_items: usize,
    /// Custom domain for GitHub Pages (written to `CNAME`).
    #[serde(default, deserialize_with = "domain_name")]
    pub cname: Option<String>,
    /// Write the raw HTML of bodies as it is, scripts and all, instead of cleaning it:
    /// for a dossier whose every writer may run code on its pages (docs/security.md).
    #[serde(default)]
    pub trusted_html: bool,
    /// The languages the dossier is published in (see [`Languages`]); `language` is
    /// the default one, at the site's root.
    #[serde(default)]
    pub languages: Languages,
}

/// `languages` in site.toml: a list of codes (`["en", "fr"]`), or a table with
/// settings per language (`[languages.fr]` with `title`, `description`, `strings`).
#[derive(Debug, Clone, Default)]
pub enum Languages {
    #[default]
    None,
    List(Vec<String>),
    Table(BTreeMap<String, LanguageSettings>),
}

impl<'de> Deserialize<'de> for Languages {
    /// A list or a table, told apart by what is written, so that a mistake inside
    /// the table (`titel`) is reported as itself.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(deserializer)? {
            toml::Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    toml::Value::String(s) => Ok(s),
                    other => Err(D::Error::custom(format!(
                        "a language code is a string, like \"fr\", not {}",
                        other.type_str()
                    ))),
                })
                .collect::<Result<_, _>>()
                .map(Languages::List),
            toml::Value::Table(table) => table
                .into_iter()
                .map(|(code, settings)| {
                    settings
                        .try_into::<LanguageSettings>()
                        .map(|s| (code.clone(), s))
                        .map_err(|e| {
                            D::Error::custom(format!("in [languages.{code}]: {}", e.message()))
                        })
                })
                .collect::<Result<_, _>>()
                .map(Languages::Table),
            other => Err(D::Error::custom(format!(
                "`languages` is a list of codes (languages = [\"en\", \"fr\"]) or a table of \
                 [languages.fr] settings, not {}",
                other.type_str()
            ))),
        }
    }
}

/// The settings of one language: the site's title and description in it, and the
/// interface strings that replace the built-in ones (see `strings/en.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
}

/// One language edition of the site, as rendering sees it.
#[derive(Debug, Clone)]
pub struct Edition {
    /// BCP 47 code (`fr`).
    pub code: String,
    /// Where its pages live: `""` for the default language, `"fr/"` for the others.
    pub prefix: String,
    pub strings: Arc<Strings>,
    /// Every edition, the default first: what the language switcher lists.
    pub all: Arc<Vec<EditionLink>>,
}

/// An edition as others link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionLink {
    pub code: String,
    pub prefix: String,
    /// The language's own name ("Français"), from its strings.
    pub name: String,
}

impl Edition {
    /// The only edition of a dossier in one language, with built-in strings.
    pub fn single(code: &str) -> Edition {
        let strings = Strings::new(code, &BTreeMap::new()).0;
        let all = Arc::new(vec![EditionLink {
            code: code.to_owned(),
            prefix: String::new(),
            name: strings.get("language_name").to_owned(),
        }]);
        Edition {
            code: code.to_owned(),
            prefix: String::new(),
            strings: Arc::new(strings),
            all,
        }
    }

    /// How numbers, money and dates are written in it.
    pub fn lang(&self) -> Lang {
        Lang::from_tag(&self.code).unwrap_or(Lang::En)
    }
}

/// `cname`: a domain name alone (`dossier.example.org`), as GitHub Pages reads its
/// CNAME file; anything else (a line break, a path, markup) would end up in it.
fn domain_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(deserializer)?;
    let labels_ok = name.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    if labels_ok && name.contains('.') && name.len() <= 253 {
        Ok(Some(name))
    } else {
        Err(serde::de::Error::custom(
            "`cname` is not a domain name\nhelp: write the domain alone, like \"dossier.example.org\": no https://, path, port or spaces (a name in another script in its xn-- form)",
        ))
    }
}

fn default_language() -> String {
    "en".to_owned()
}

/// Where the value of the top-level key `key` is written in site.toml's `text`
/// (`0..0` if it is not): for problems with a setting that parsed.
pub fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        // A table header ends the top level.
        if line.trim_start().starts_with('[') {
            break;
        }
        if let Some(rest) = line.trim_start().strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            let value = value.trim();
            let start = offset + (line.len() - line.trim_start().len()) + key.len();
            let at = start
                + text[start..]
                    .find(value.chars().next().unwrap_or('='))
                    .unwrap_or(0);
            return at..at + value.len();
        }
        offset += line.len();
    }
    0..0
}

fn default_output_dir() -> String {
    "public".to_owned()
}

fn default_feed_items() -> usize {
    50
}

fn default_true() -> bool {
    true
}

/// An absolute http(s) URL that ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks and normalises a base URL (adds the trailing slash).
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        match rest {
            // A folder: no query, no fragment, no file name at the end.
            Some(host)
                if !host.is_empty()
                    && !host.starts_with('/')
                    && !url.contains([' ', '?', '#'])
                    && !url
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm")) =>
            {
                let mut url = url.to_owned();
                if !url.ends_with('/') {
                    url.push('/');
                }
                Ok(BaseUrl(url))
            }
            _ => Err(format!(
                "`{url}` is not an absolute http(s) URL; write the site's public address, \
                 e.g. \"https://user.github.io/repo/\""
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path part (`https://u.github.io/repo/` → `/repo/`).
    pub fn path(&self) -> &str {
        let without_scheme = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        without_scheme
            .find('/')
            .map_or("/", |i| &without_scheme[i..])
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let url = String::deserialize(deserializer)?;
        BaseUrl::parse(&url).map_err(serde::de::Error::custom)
    }
}

impl SiteConfig {
    /// Parses `site.toml`'s text (file `file`).
    pub fn parse(text: &str, file: FileId) -> Result<SiteConfig, Vec<Diagnostic>> {
        from_toml(text, file, 0, text)
    }

    /// Stands in for a site.toml that could not be read, so that the content can
    /// still be checked; never rendered.
    pub fn placeholder() -> SiteConfig {
        SiteConfig {
            title: String::new(),
            description: None,
            base_url: BaseUrl("http://localhost/".to_owned()),
            language: default_language(),
            author: None,
            output_dir: default_output_dir(),
            autolink_terms: true,
            feed_items: default_feed_items(),
            cname: None,
            trusted_html: false,
            languages: Languages::None,
        }
    }

    /// The codes of every language, the default first, then the others in the order
    /// written (a table's in alphabetical order).
    pub fn language_codes(&self) -> Vec<String> {
        let mut codes = vec![self.language.clone()];
        let others: Vec<&String> = match &self.languages {
            Languages::None => Vec::new(),
            Languages::List(list) => list.iter().collect(),
            Languages::Table(table) => table.keys().collect(),
        };
        for code in others {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        codes
    }

    /// The settings of one language, if site.toml has a table for it.
    pub fn language_settings(&self, code: &str) -> Option<&LanguageSettings> {
        match &self.languages {
            Languages::Table(table) => table.get(code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        let url = BaseUrl::parse("https://me.github.io/proj").unwrap();
        assert_eq!(url.as_str(), "https://me.github.io/proj/");
        assert_eq!(url.path(), "/proj/");
        assert_eq!(BaseUrl::parse("http://example.org").unwrap().path(), "/");
        assert!(BaseUrl::parse("not a url").is_err());
        assert!(BaseUrl::parse("ftp://x/").is_err());
        assert!(BaseUrl::parse("https:///nohost").is_err());
        assert!(BaseUrl::parse("https://x.org/a/?utm=1").is_err());
        assert!(BaseUrl::parse("https://x.org/a/index.html").is_err());
    }
}
