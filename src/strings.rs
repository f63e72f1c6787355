//! Interface text: the words a page shows that do not come from the content
//! (navigation, headings, table headers, status labels…).
//!
//! English and French are built in (`strings/en.toml`, `strings/fr.toml`, embedded);
//! site.toml may override any string per language, and a language without built-in
//! strings starts from English and lists what it has not translated. Templates receive
//! the table as `t` (`{{ t.nav_home }}`); render code asks [`Strings::get`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::model::Status;

const EN: &str = include_str!("strings/en.toml");
const FR: &str = include_str!("strings/fr.toml");

/// The interface text of one language.
#[derive(Debug, Clone)]
pub struct Strings {
    map: BTreeMap<String, String>,
    /// The same table for templates, made once.
    value: tera::Value,
}

/// A built-in table, parsed once per process. Both tables are part of the program,
/// and a unit test checks that they parse and hold the same keys.
fn builtin(
    text: &'static str,
    cell: &'static OnceLock<BTreeMap<String, String>>,
) -> &'static BTreeMap<String, String> {
    cell.get_or_init(|| toml::from_str(text).unwrap_or_default())
}

fn english() -> &'static BTreeMap<String, String> {
    static CELL: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    builtin(EN, &CELL)
}

fn french() -> &'static BTreeMap<String, String> {
    static CELL: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    builtin(FR, &CELL)
}

/// What [`Strings::new`] found wrong with a language's overrides.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Problems {
    /// Override keys that name no string: (key, closest known key).
    pub unknown: Vec<(String, Option<String>)>,
    /// Strings a language without built-in text has not translated (English is used).
    pub untranslated: Vec<String>,
}

impl Strings {
    /// The strings of language `code` (BCP 47; `fr-CA` uses the French table), with
    /// `overrides` from site.toml applied.
    pub fn new(code: &str, overrides: &BTreeMap<String, String>) -> (Strings, Problems) {
        let base = english();
        let own = match crate::lang::Lang::from_tag(code) {
            Some(crate::lang::Lang::Fr) => Some(french()),
            Some(crate::lang::Lang::En) => Some(base),
            None => None,
        };
        let mut map = base.clone();
        if let Some(own) = own {
            map.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let mut problems = Problems::default();
        for (key, value) in overrides {
            if base.contains_key(key) {
                map.insert(key.clone(), value.clone());
            } else {
                let close = crate::diagnostics::suggest(key, base.keys().map(String::as_str));
                problems
                    .unknown
                    .push((key.clone(), close.map(str::to_owned)));
            }
        }
        if own.is_none() {
            problems.untranslated = base
                .keys()
                .filter(|k| !overrides.contains_key(*k))
                .cloned()
                .collect();
        }
        let value = tera::to_value(&map).unwrap_or_default();
        (Strings { map, value }, problems)
    }

    /// One string; a key the program does not define reads as itself (a test checks
    /// that every key the code and templates use is defined).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The whole table, for templates (`t`).
    pub fn value(&self) -> &tera::Value {
        &self.value
    }

    /// The strings `template` (its text) names, for templates (`tm`, what the
    /// macros get): Tera copies a macro's arguments on every call, and the whole
    /// table copied for every status label was a tenth of a large build.
    pub fn used_by(&self, template: &str) -> tera::Value {
        let (keys, prefixes) = keys_in(template);
        let used: BTreeMap<&String, &String> = self
            .map
            .iter()
            .filter(|(k, _)| keys.contains(k.as_str()) || prefixes.iter().any(|p| k.starts_with(p)))
            .collect();
        tera::to_value(used).unwrap_or_default()
    }
}

/// `text` with each `{name}` of `args` replaced by its value, in one pass: a value
/// holding braces is left as it is, and a `{name}` not in `args` stays.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    fill_with(text, args, false)
}

/// [`fill`] for French text, with elision where a value starts with a vowel:
/// "de {org}" with "Alphabet" gives "d'Alphabet".
pub fn fill_french(text: &str, args: &[(&str, &str)]) -> String {
    fill_with(text, args, true)
}

fn fill_with(text: &str, args: &[(&str, &str)], elide: bool) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                let vowel = value.chars().next().is_some_and(|c| {
                    "aeiouàâäéèêëîïôöùûüæœ".contains(c.to_lowercase().next().unwrap_or(c))
                });
                let before = out.len().saturating_sub(3);
                if elide
                    && vowel
                    && out.ends_with("de ")
                    && (before == 0 || out[..before].ends_with([' ', '\u{a0}']))
                {
                    out.truncate(before);
                    out.push_str("d'");
                }
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The key of a status as a sentence, for a deal's infobox.
pub fn status_sentence_key(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "status_sentence_confirmed",
        Status::Reported => "status_sentence_reported",
        Status::Rumoured => "status_sentence_rumoured",
        Status::Denied => "status_sentence_denied",
    }
}

/// The key of the word for a front matter key through which another page names an
/// entry ("names it as investor"), if it has one.
pub fn backlink_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "acquirer" => "backlink_as_acquirer",
        "based_on" => "backlink_as_based_on",
        "compute" => "backlink_as_compute",
        "customer" => "backlink_as_customer",
        "licensee" => "backlink_as_licensee",
        "licensor" => "backlink_as_licensor",
        "parties" => "backlink_as_parties",
        "seller" => "backlink_as_seller",
        "supplier" => "backlink_as_supplier",
        "target" => "backlink_as_target",
        "cloud" => "backlink_as_cloud",
        "investor" => "backlink_as_investor",
        "leaders" => "backlink_as_leaders",
        "maker" => "backlink_as_maker",
        "parent" => "backlink_as_parent",
        "products" => "backlink_as_products",
        "quotes" => "backlink_as_quotes",
        "by" => "backlink_as_by",
        "issued_by" => "backlink_as_issued_by",
        "via" => "backlink_as_via",
        "translations" => "backlink_as_translations",
        "recipient" => "backlink_as_recipient",
        "related" => "backlink_as_related",
        "relays" => "backlink_as_relays",
        "roles" => "backlink_as_roles",
        "source" => "backlink_as_source",
        "sources" => "backlink_as_sources",
        _ => return None,
    })
}

/// The keys a template's text names as `t.key` or `t["key"]`, and the prefixes of
/// keys it builds (`"status_" ~ status`).
fn keys_in(text: &str) -> (std::collections::BTreeSet<&str>, Vec<&str>) {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut keys = std::collections::BTreeSet::new();
    let mut prefixes = Vec::new();
    for (i, _) in text.match_indices("t.") {
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| ident(c) || c == '.')
        {
            continue;
        }
        let rest = &text[i + 2..];
        let end = rest.find(|c: char| !ident(c)).unwrap_or(rest.len());
        keys.insert(&rest[..end]);
    }
    for (i, _) in text.match_indices("t[\"") {
        if text[..i].chars().next_back().is_some_and(ident) {
            continue;
        }
        let rest = &text[i + 3..];
        if let Some(end) = rest.find('"') {
            keys.insert(&rest[..end]);
        }
    }
    // `"status_" ~ …`: every key with that prefix.
    for (i, _) in text.match_indices("_\" ~") {
        if let Some(start) = text[..i].rfind('"') {
            prefixes.push(&text[start + 1..=i]);
        }
    }
    (keys, prefixes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_parse_and_agree_on_their_keys() {
        let en: BTreeMap<String, String> = toml::from_str(EN).unwrap();
        let fr: BTreeMap<String, String> = toml::from_str(FR).unwrap();
        assert!(!en.is_empty());
        let missing: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
        let extra: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "missing in fr.toml: {missing:?}");
        assert!(extra.is_empty(), "unknown in fr.toml: {extra:?}");
    }

    /// The keys the templates use: `t.key` (dynamic `t[…]` lookups are checked by
    /// `keys_made_from_kinds_and_statuses_exist`).
    fn template_keys(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let mut keys = Vec::new();
        for (at, _) in text.match_indices("t.") {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
                continue;
            }
            let key: String = text[at + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !key.is_empty() {
                keys.push(key);
            }
        }
        keys
    }

    /// The keys render code asks for: `.t("key")`, and every string literal shaped
    /// like a key of one of the tables' groups (`"kind_company_plural"`, as the key
    /// functions above and the render code's own return them).
    fn code_keys(text: &str, groups: &[&str]) -> Vec<String> {
        let mut keys = Vec::new();
        for (i, literal) in text.split('"').enumerate() {
            // Odd pieces are inside quotes (close enough for this code: no key has a
            // quote in it, and a stray match is a key that must exist anyway).
            if i % 2 == 0 {
                continue;
            }
            let shaped = literal.contains('_')
                && !literal.starts_with('_')
                && !literal.ends_with('_')
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            let group = literal.split('_').next().unwrap_or_default();
            if shaped && groups.contains(&group) {
                keys.push(literal.to_owned());
            }
        }
        for (at, _) in text.match_indices(".t(\"") {
            if let Some(key) = text[at + 4..].split('"').next() {
                keys.push(key.to_owned());
            }
        }
        keys
    }

    #[test]
    fn every_key_the_templates_and_the_code_use_exists() {
        let en: BTreeMap<String, String> = toml::from_str(EN).unwrap();
        let mut missing = Vec::new();
        for (name, text) in crate::theme::TEMPLATES {
            for key in template_keys(text) {
                if !en.contains_key(&key) {
                    missing.push(format!("templates/{name}: t.{key}"));
                }
            }
        }
        // The groups keys are named in, but those that also start ordinary words.
        let groups: std::collections::BTreeSet<&str> = en
            .keys()
            .filter_map(|k| k.split('_').next())
            .filter(|g| !["not", "none", "home", "source", "deal", "print", "title"].contains(g))
            .collect();
        let groups: Vec<&str> = groups.into_iter().collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("src/render"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.push(root.join("src/strings.rs"));
        files.sort();
        assert!(files.len() > 5, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Not this test's own examples.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            // The exports' field names (`cloud_provider`) are no interface text.
            let machine = ["data_json.rs", "deals_csv.rs", "search.rs"]
                .iter()
                .any(|name| file.ends_with(name));
            let groups: &[&str] = if machine { &[] } else { &groups };
            for key in code_keys(text, groups) {
                if !en.contains_key(&key) {
                    missing.push(format!("{}: \"{key}\"", file.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys missing in en.toml: {missing:#?}");
    }

    #[test]
    fn keys_made_from_kinds_and_statuses_exist() {
        let (strings, _) = Strings::new("en", &BTreeMap::new());
        let has = |key: &str| strings.map.contains_key(key);
        // collection.html finds a collection's names from its kind.
        for kind in crate::model::Kind::COLLECTIONS {
            for number in ["singular", "plural"] {
                let key = format!("kind_{}_{number}", kind.singular());
                assert!(has(&key), "{key}");
            }
        }
        for status in [
            Status::Confirmed,
            Status::Reported,
            Status::Rumoured,
            Status::Denied,
        ] {
            assert!(has(status_sentence_key(status)), "{status:?}");
            // macros.html finds the word as `"status_" ~ status`.
            assert!(has(&format!("status_{}", status.as_str())), "{status:?}");
        }
        for key in [
            "investor",
            "based_on",
            "sources",
            "cloud",
            "roles",
            "quotes",
            "by",
            "via",
            "translations",
        ] {
            assert!(backlink_key(key).is_some_and(has), "{key}");
        }
    }

    /// Words French writes as English does; any other French string equal to its
    /// English one was probably left untranslated.
    #[test]
    fn french_translates_every_string() {
        let en: BTreeMap<String, String> = toml::from_str(EN).unwrap();
        let fr: BTreeMap<String, String> = toml::from_str(FR).unwrap();
        let same = [
            "Article",
            "article",
            "Cloud",
            "Date",
            "Notes",
            "note",
            "notes",
            "Relation",
            "Source",
            "Sources",
            "source",
            "Parties",
            "acquisition",
            "Pages",
            "page",
        ];
        let untranslated: Vec<&String> = en
            .iter()
            .filter(|(k, v)| fr.get(*k) == Some(*v) && !same.contains(&v.as_str()))
            .map(|(k, _)| k)
            .collect();
        assert!(untranslated.is_empty(), "same in French: {untranslated:?}");
    }

    #[test]
    fn fill_replaces_each_placeholder_once() {
        assert_eq!(
            fill(
                "{name} becomes {role} of {org}",
                &[("name", "A {role}"), ("role", "CEO"), ("org", "B")]
            ),
            "A {role} becomes CEO of B"
        );
        assert_eq!(fill("{x} and {", &[]), "{x} and {");
        let fr = |org| fill_french("{p} devient PDG de {org}", &[("p", "S. P."), ("org", org)]);
        assert_eq!(fr("Alphabet"), "S. P. devient PDG d'Alphabet");
        assert_eq!(fr("Google"), "S. P. devient PDG de Google");
        assert_eq!(fill_french("de {x}", &[("x", "OpenAI")]), "d'OpenAI");
        // Only French elides, and not before a "y".
        assert_eq!(
            fill("Fundación de {x}", &[("x", "OpenLab")]),
            "Fundación de OpenLab"
        );
        assert_eq!(fill_french("de {x}", &[("x", "Yahoo")]), "de Yahoo");
        assert_eq!(fill("made {x}", &[("x", "OpenAI")]), "made OpenAI");
    }

    #[test]
    fn overrides_apply_and_unknown_keys_are_named() {
        let mut overrides = BTreeMap::new();
        overrides.insert("nav_home".to_owned(), "Start".to_owned());
        overrides.insert("nav_hom".to_owned(), "x".to_owned());
        let (strings, problems) = Strings::new("fr-CA", &overrides);
        assert_eq!(strings.get("nav_home"), "Start");
        assert_eq!(strings.get("nav_timeline"), "Chronologie");
        assert_eq!(
            problems.unknown,
            vec![("nav_hom".to_owned(), Some("nav_home".to_owned()))]
        );
        assert!(problems.untranslated.is_empty());
        let (german, problems) = Strings::new("de", &BTreeMap::new());
        assert_eq!(german.get("nav_home"), "Home");
        assert!(problems.untranslated.contains(&"nav_home".to_owned()));
    }

    #[test]
    fn a_template_gets_the_strings_it_names() {
        let (keys, prefixes) = keys_in(
            r#"{{ t.nav_home }} {{ page.t.x }} {{ t["languages"] }} {% set w = "status_" ~ s %}{{ at.no }}"#,
        );
        assert_eq!(
            keys.into_iter().collect::<Vec<_>>(),
            ["languages", "nav_home"]
        );
        assert_eq!(prefixes, ["status_"]);
        let (strings, _) = Strings::new("fr", &BTreeMap::new());
        let used = strings.used_by("{{ t.nav_home }} {{ t[\"status_\" ~ s] }}");
        assert_eq!(used["nav_home"], "Accueil");
        assert!(used.get("status_reported").is_some());
        assert!(used.get("nav_timeline").is_none());
    }
}
