//! The query vocabulary of a site, written at build time beside the index
//! (`vocabulary.json`): the verbs and adjectives the query lexicon conjugates, and the
//! thesaurus analysed into content terms, so that queries need no dictionary.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lexicon::LexiconWords;

/// File name of the vocabulary in the index folder.
pub const VOCABULARY_FILE: &str = "vocabulary.json";

/// One thesaurus item, analysed: each phrase as its content terms (function words
/// dropped, verbs and adjectives in their dictionary form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expansion {
    /// A query that holds every term of one of these phrases …
    pub from: Vec<Vec<String>>,
    /// … also finds entries that hold every term of one of these.
    pub to: Vec<Vec<String>>,
}

/// `vocabulary.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VocabularyFile {
    /// The site's verbs and adjectives (see [`crate::lexicon`]).
    pub lexicon: LexiconWords,
    /// The thesaurus: the one tsunagu ships and the site's own.
    pub expansions: Vec<Expansion>,
    /// The site's area names and the terms in them (`中央地区`, `芦屋`, `立花`), each with
    /// the facet paths of the areas it names: a query word among them names where the
    /// resident needs help.
    #[serde(default)]
    pub places: BTreeMap<String, Vec<String>>,
    /// The kana readings of the nouns written with kanji in the thesaurus's `from` phrases
    /// (`しゃっきん` -> 借金) and of the place words (`あしや` -> 芦屋), for residents who
    /// type without kanji: such a word found in a query counts as the noun for the
    /// thesaurus, and as the place.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub readings: BTreeMap<String, Vec<String>>,
    /// The runs of nouns in the thesaurus's `from` phrases as typed in kana, each with its
    /// nouns' readings (`しょうがいしゃてちょう` -> しょうがい, しゃ, てちょう): a sentence typed
    /// without kanji is cut there, not at other words' readings (しょうが + いしゃ).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub compounds: BTreeMap<String, Vec<String>>,
}
