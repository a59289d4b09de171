//! The query side (native and wasm alike; no lindera): opening an index ([`Searcher`]),
//! planning a query from what a resident typed ([`plan`]) and collecting the matches with
//! their facet counts ([`collect`]).
//!
//! Queries are built programmatically, never parsed: any string is valid. See [`plan`] for
//! what a word matches and how matches rank.

mod cached_term;
mod collect;
mod docs;
pub mod plan;
mod searcher;
mod shared;
pub mod terms;
#[cfg(all(test, feature = "native"))]
mod tests;

use serde::{Deserialize, Serialize};

pub use crate::facet::{FacetCount, FacetField};
pub use plan::LooksFor;
pub use searcher::Searcher;

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Area facet filter (`/amagasaki`); an area includes its sub-areas, and the entries
    /// listed at its ancestor areas themselves (a city-wide desk serves each district).
    pub area: Option<String>,
    /// Category facet filter; a parent includes its children.
    pub category: Option<String>,
    /// Only entries reached this way (`phone`, `visit` …).
    pub how_to_use: Option<String>,
    /// Only entries serving this language (`en`).
    pub language: Option<String>,
    /// Only entries for this audience (`高齢者`).
    pub audience: Option<String>,
    /// Only these documents, by number ([`crate::index::doc_numbers`]): a filter the
    /// browser decides itself (今開いている).
    pub docs: Option<Vec<u32>>,
}

impl SearchOptions {
    /// The filter of one facet: a path for the trees, a value for the flat facets.
    pub fn filter(&self, f: FacetField) -> Option<&str> {
        match f {
            FacetField::Area => self.area.as_deref(),
            FacetField::Category => self.category.as_deref(),
            FacetField::Use => self.how_to_use.as_deref(),
            FacetField::Language => self.language.as_deref(),
            FacetField::Audience => self.audience.as_deref(),
        }
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            area: None,
            category: None,
            how_to_use: None,
            language: None,
            audience: None,
            docs: None,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Document title.
    pub title: String,
    /// BM25-based score (higher is better).
    pub score: f32,
    /// When the results are [`SearchResults::partial`]: which of the query's
    /// [`SearchResults::words`] this hit matches (their indices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<u16>,
    /// The hit's result card, as the site stored it (JSON text), if it stored one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
}

/// One word of the query, as the search understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryWord {
    /// As typed (normalised), or the dictionary form of a verb or adjective.
    pub text: String,
    /// Whether any entry matches it; a word no entry matches is left out of the search.
    pub found: bool,
}

/// Results of one search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Best hits, score descending then id ascending, at most `limit`.
    pub hits: Vec<Hit>,
    /// Number of matching documents (all filters applied).
    pub total: u64,
    /// How many of them match every found word (all of them unless
    /// [`SearchResults::partial`]; these come first).
    pub all_words: u64,
    /// Area counts at every level, for the query with the category filter
    /// only (so the area facet still shows alternatives), sorted by path.
    pub area_counts: Vec<FacetCount>,
    /// Category counts, for the query with the area filter only, sorted by path.
    pub category_counts: Vec<FacetCount>,
    /// Counts of how to use (`/phone`), each facet's counts ignoring its own filter.
    #[serde(default)]
    pub use_counts: Vec<FacetCount>,
    /// Counts of languages (`/en`).
    #[serde(default)]
    pub language_counts: Vec<FacetCount>,
    /// Counts of audiences (`/高齢者`).
    #[serde(default)]
    pub audience_counts: Vec<FacetCount>,
    /// The normalised terms the query was segmented into (for highlighting).
    pub terms: Vec<String>,
    /// The query's words (function words left out).
    pub words: Vec<QueryWord>,
    /// Whether the hits include entries that match only some of the found words: when
    /// few match them all, the others follow, those matching the most (and rarest) first.
    pub partial: bool,
}

/// Why an index could not be opened or searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A file could not be read.
    #[error("search index: {path}: {source}")]
    Io {
        /// File concerned.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// `manifest.json` is malformed.
    #[error("search index: bad manifest: {0}")]
    Manifest(String),
    /// tantivy failed (missing or corrupt files, wrong schema).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// `vocabulary.json` is malformed.
    #[error("search index: bad vocabulary.json: {0}")]
    Vocabulary(String),
    /// The search needs bytes of the index nobody has provided yet (in the browser, which
    /// fetches the index by range): provide these ranges and search again.
    #[error("search index: {} ranges are not loaded yet", .0.len())]
    Missing(Vec<crate::directory::Missing>),
}
