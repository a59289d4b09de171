//! Search index for tsunagu: Japanese-aware full-text search shared by the
//! native build (index writer, `tsunagu search`) and the wasm32 browser runtime.
//!
//! All normalisation and query semantics live here so both sides rank
//! identically. The `native` feature (default) adds lindera (IPADIC) and the
//! index writer; without it the crate only opens and queries indexes. The `wasm` feature
//! exports [`runtime`] with a C ABI for the browser (wasm32-unknown-unknown).

#![warn(missing_docs)]

pub mod directory;
pub mod facet;
pub mod hotcache;
pub mod lexicon;
pub mod normalize;
pub mod phone;
pub mod query;
pub mod runtime;
pub mod schema;
pub mod segment;
pub mod tokenize;
pub mod vocabulary;

#[cfg(feature = "native")]
pub mod dict;
#[cfg(feature = "native")]
pub mod index;

pub use normalize::normalize;
pub use query::{FacetCount, Hit, SearchError, SearchOptions, SearchResults, Searcher};

#[cfg(feature = "native")]
pub use index::{Document, IndexError, Manifest, ManifestFile, Place};
