//! A query cloned by reference.
//!
//! tantivy's queries clone deeply (`box_clone`), and a word of a sentence is a tree of
//! hundreds of term and phrase queries that goes into each pass's query (every word, most
//! words, which words a hit matches) and each facet's count: the copies were a measurable
//! part of a query's time. [`shared`] wraps a finished query so that clones share it.

use std::sync::Arc;

use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::Term;

/// A query whose clones share it; it matches and scores exactly as the query it wraps.
#[derive(Clone, Debug)]
struct Shared(Arc<dyn Query>);

/// `query`, cloned by reference from now on.
pub(crate) fn shared(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(Shared(Arc::from(query)))
}

impl Query for Shared {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.0.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}
