//! `site.toml`: the dossier's settings, parsed strictly like front matter.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, FileId};
use crate::frontmatter::from_toml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    /// The public URL of the site, e.g. `https://user.github.io/repo/`.
    pub base_url: String,
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

impl SiteConfig {
    /// Stands in for a site.toml that could not be read, so that the content can
    /// still be checked; never rendered.
    pub fn placeholder() -> SiteConfig {
        SiteConfig {
            title: String::new(),
            description: None,
            base_url: "http://localhost/".to_owned(),
            language: default_language(),
            author: None,
            output_dir: default_output_dir(),
            autolink_terms: true,
            cname: None,
        }
    }

    /// Parses `site.toml`'s text (file `file`).
    pub fn parse(text: &str, file: FileId) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut config: SiteConfig = from_toml(text, file, 0, text)?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
            let span = text
                .find("base_url")
                .map_or(0..0, |i| i..i + "base_url".len());
            return Err(vec![Diagnostic::new(
                file,
                span,
                format!(
                    "`base_url` must be an absolute http(s) URL, found `{}`",
                    config.base_url
                ),
            )
            .with_help(
                "write the site's public address, e.g. base_url = \"https://user.github.io/repo/\"",
            )]);
        }
        Ok(config)
    }
}
