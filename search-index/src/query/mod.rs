//! The query side (native and wasm alike; no lindera): opening an index ([`Searcher`]),
//! planning a query from what a resident typed ([`plan`]) and collecting the matches with
//! their facet counts ([`collect`]).
//!
//! Queries are built programmatically, never parsed: any string is valid. See [`plan`] for
//! what a word matches and how matches rank.

mod collect;
pub mod plan;
mod searcher;
#[cfg(all(test, feature = "native"))]
mod tests;

use serde::{Deserialize, Serialize};

pub use crate::facet::FacetCount;
pub use searcher::Searcher;

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Area facet filter (`/amagasaki`); a parent includes its children.
    pub area: Option<String>,
    /// Category facet filter; a parent includes its children.
    pub category: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            area: None,
            category: None,
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
}

/// Results of one search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Best hits, score descending then id ascending, at most `limit`.
    pub hits: Vec<Hit>,
    /// Number of matching documents (all filters applied).
    pub total: u64,
    /// Area counts at every level, for the query with the category filter
    /// only (so the area facet still shows alternatives), sorted by path.
    pub area_counts: Vec<FacetCount>,
    /// Category counts, for the query with the area filter only, sorted by path.
    pub category_counts: Vec<FacetCount>,
    /// The normalised terms the query was segmented into (for highlighting).
    pub terms: Vec<String>,
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
}
