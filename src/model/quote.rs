//! What someone said, with its chain: who said it, in which words and language, in
//! which source, through which relays it reached the dossier, and who translated it.

use serde::Deserialize;
use serde::de::{self, Deserializer};
use toml::Spanned;

use super::values::{OneOrMany, PartialDate};

/// How a quote's words relate to what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteForm {
    /// The speaker's own words, as the source printed them in quotation marks.
    #[default]
    Verbatim,
    /// The source's rendering of what the speaker said (reported speech).
    Paraphrase,
    /// A sentence of the source *about* the speakers ("Pichai and Dean reportedly
    /// replied that …"): the source's account, not their words.
    Account,
}

impl QuoteForm {
    pub const ALL: [QuoteForm; 3] = [
        QuoteForm::Verbatim,
        QuoteForm::Paraphrase,
        QuoteForm::Account,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuoteForm::Verbatim => "verbatim",
            QuoteForm::Paraphrase => "paraphrase",
            QuoteForm::Account => "account",
        }
    }
}

impl<'de> Deserialize<'de> for QuoteForm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        QuoteForm::ALL
            .into_iter()
            .find(|f| f.as_str() == word)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "`{word}` is not a form of quote\nhelp: write `verbatim` (their own words, \
                     in quotation marks in the source), `paraphrase` (the source's rendering \
                     of what they said) or `account` (the source's sentence about them)"
                ))
            })
    }
}

/// A translation of a quote's words, printed by a source (the French article's
/// French for Sam Altman's English words).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteTranslation {
    pub text: String,
    /// BCP 47 language of `text`.
    #[serde(deserialize_with = "super::values::language_tag")]
    pub lang: Option<String>,
    /// The source that printed this translation.
    pub source: Spanned<String>,
}

/// One quote, on the page of a person or company.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words, as the source printed them.
    pub text: String,
    /// BCP 47 language of `text`.
    #[serde(default, deserialize_with = "super::values::language_tag")]
    pub lang: Option<String>,
    /// Who said it: people or organisations (slugs). Not given, the entry whose page
    /// the quote is on.
    pub by: Option<Spanned<OneOrMany>>,
    /// Verbatim (the default), a paraphrase, or the source's account.
    #[serde(default)]
    pub form: QuoteForm,
    /// The source that printed the words.
    pub source: Spanned<String>,
    /// Where in the source ("para. 4").
    pub locator: Option<String>,
    /// When the words were said.
    pub date: Option<PartialDate>,
    /// The sources the words passed through after `source`, in order, on their way to
    /// the dossier (CNBC → an English relay → the French article).
    #[serde(default)]
    pub via: Vec<Spanned<String>>,
    /// Translations printed by sources.
    #[serde(default)]
    pub translations: Vec<QuoteTranslation>,
    /// The dossier's own translation into the edition's language (each edition's
    /// file translates it).
    pub translation: Option<String>,
}
