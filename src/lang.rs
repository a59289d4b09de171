//! The languages pages are written in: Japanese always, English when site.yaml's
//! `languages` has `en` (pages under `/en/`, see [`crate::urls::localized`]).

use serde::Serialize;

/// A page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The page languages of a site (`languages` in site.yaml; Japanese first).
    pub fn of_site(languages: &[String]) -> Vec<Lang> {
        let mut out = vec![Lang::Ja];
        if languages.iter().any(|l| l == "en") {
            out.push(Lang::En);
        }
        out
    }
}
