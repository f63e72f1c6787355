//! `site.toml`: the dossier's settings, parsed strictly like front matter.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Diagnostic, FileId};
use crate::frontmatter::from_toml;

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
    /// Custom domain for GitHub Pages (written to `CNAME`).
    pub cname: Option<String>,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_output_dir() -> String {
    "public".to_owned()
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
            cname: None,
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
