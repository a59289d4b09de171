//! A filter to a set of documents given by number: what the browser uses for filters it
//! decides itself (今開いている: which desks are open now depends on the visitor's clock).
//! Documents are numbered in the order of their sorted ids ([`crate::index::doc_numbers`]),
//! which is their doc id in the one segment a site's index has.

use std::sync::Arc;

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

/// Matches the documents whose numbers it holds, with no score.
#[derive(Debug, Clone)]
pub(crate) struct DocsQuery(pub Arc<Vec<DocId>>);

impl Query for DocsQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DocsWeight(self.0.clone())))
    }
}

struct DocsWeight(Arc<Vec<DocId>>);

impl Weight for DocsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let max = reader.max_doc();
        let mut docs = BitSet::with_max_value(max);
        for &d in self.0.iter().filter(|&&d| d < max) {
            docs.insert(d);
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("in the given documents", 0.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "doc {doc} is not given"
            )))
        }
    }
}
