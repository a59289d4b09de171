//! A term query that looks its term up in each segment's term dictionary once per opened
//! index, not once per use.
//!
//! tantivy's `TermQuery` looks the term up for its statistics (BM25's document frequency)
//! and again for every scorer, and each lookup decodes a whole block of the sstable term
//! dictionary. A sentence a resident types is several words, each matched as a few terms in
//! several fields, and the searcher runs them in several passes (how many entries each word
//! matches, every word, most words, which words each hit matches): those lookups were most
//! of a query's time. Residents also refine and repeat queries. [`TermInfos`] keeps what
//! the lookups found for as long as the index is open (the index never changes then).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentId;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer,
    Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Most terms remembered; past it the memory starts over (a kiosk runs for days).
const MAX_TERMS: usize = 50_000;

/// What the term dictionaries said of the terms looked up so far, per segment.
#[derive(Default)]
pub(crate) struct TermInfos {
    /// Per segment, each term's info (None: the segment lacks it) and whether its postings
    /// were warmed in full (`Some(true)`: with their positions). Warmed postings are in
    /// memory for good: the browser's fetched bytes are never dropped.
    found: Mutex<HashMap<SegmentId, HashMap<Term, Looked>>>,
}

#[derive(Default)]
struct Looked {
    info: Option<Option<TermInfo>>,
    warm: Option<bool>,
}

impl TermInfos {
    fn with<T>(&self, reader: &SegmentReader, term: &Term, f: impl FnOnce(&mut Looked) -> T) -> T {
        let mut found = self.found.lock().expect("lock");
        if found.values().map(HashMap::len).sum::<usize>() >= MAX_TERMS {
            found.clear();
        }
        let terms = found.entry(reader.segment_id()).or_default();
        match terms.get_mut(term) {
            Some(looked) => f(looked),
            None => f(terms.entry(term.clone()).or_default()),
        }
    }

    /// The term's info in the segment (None: the segment lacks it). Errors (bytes not
    /// fetched yet, in the browser) are not remembered.
    fn get(&self, reader: &SegmentReader, term: &Term) -> tantivy::Result<Option<TermInfo>> {
        if let Some(info) = self.with(reader, term, |l| l.info.clone()) {
            return Ok(info);
        }
        let info = reader.inverted_index(term.field())?.get_term_info(term)?;
        self.with(reader, term, |l| l.info = Some(info.clone()));
        Ok(info)
    }

    /// Whether the term's postings (with positions if `positions`) were warmed already.
    pub(crate) fn is_warm(&self, reader: &SegmentReader, term: &Term, positions: bool) -> bool {
        self.with(reader, term, |l| l.warm.is_some_and(|p| p || !positions))
    }

    /// Records that the term's postings (with positions if `positions`) are loaded.
    pub(crate) fn set_warm(&self, reader: &SegmentReader, term: &Term, positions: bool) {
        self.with(reader, term, |l| {
            l.warm = Some(positions || l.warm == Some(true))
        });
    }

    /// BM25's statistics for every query a search runs (phrases too), the document
    /// frequencies from these lookups.
    pub(crate) fn statistics<'a>(
        &'a self,
        searcher: &'a tantivy::Searcher,
    ) -> impl Bm25StatisticsProvider + 'a {
        Statistics {
            inner: searcher,
            searcher,
            infos: self,
        }
    }
}

/// BM25's statistics, the document frequencies from [`TermInfos`].
struct Statistics<'a> {
    inner: &'a dyn Bm25StatisticsProvider,
    searcher: &'a tantivy::Searcher,
    infos: &'a TermInfos,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.inner.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.inner.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut n = 0u64;
        for reader in self.searcher.segment_readers() {
            if let Some(info) = self.infos.get(reader, term)? {
                n += u64::from(info.doc_freq);
            }
        }
        Ok(n)
    }
}

/// BM25's weight of `term`, None when scoring is disabled.
fn bm25(
    scoring: &EnableScoring<'_>,
    term: &Term,
    infos: &TermInfos,
) -> tantivy::Result<Option<Bm25Weight>> {
    match *scoring {
        EnableScoring::Enabled {
            statistics_provider,
            searcher,
        } => {
            let stats = Statistics {
                inner: statistics_provider,
                searcher,
                infos,
            };
            Bm25Weight::for_terms(&stats, std::slice::from_ref(term)).map(Some)
        }
        EnableScoring::Disabled { .. } => Ok(None),
    }
}

/// A term, scored with BM25 like tantivy's `TermQuery`, its lookups kept in [`TermInfos`].
#[derive(Clone)]
pub(crate) struct CachedTermQuery {
    term: Term,
    option: IndexRecordOption,
    infos: Arc<TermInfos>,
}

impl std::fmt::Debug for CachedTermQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CachedTermQuery({:?})", self.term)
    }
}

impl CachedTermQuery {
    pub fn new(term: Term, option: IndexRecordOption, infos: Arc<TermInfos>) -> Self {
        CachedTermQuery {
            term,
            option,
            infos,
        }
    }
}

impl Query for CachedTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = bm25(&scoring, &self.term, &self.infos)?;
        let option = match bm25 {
            Some(_) => self.option,
            None => IndexRecordOption::Basic,
        };
        Ok(Box::new(CachedTermWeight {
            term: self.term.clone(),
            option,
            bm25,
            infos: self.infos.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct CachedTermWeight {
    term: Term,
    option: IndexRecordOption,
    /// None when scoring is disabled.
    bm25: Option<Bm25Weight>,
    infos: Arc<TermInfos>,
}

impl CachedTermWeight {
    fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<CachedTermScorer>> {
        let Some(info) = self.infos.get(reader, &self.term)? else {
            return Ok(None);
        };
        let postings = reader
            .inverted_index(self.term.field())?
            .read_postings_from_terminfo(&info, self.option)?;
        // (as tantivy's: a field without norms scores as if every text had one token)
        let norms = match &self.bm25 {
            Some(_) => reader.fieldnorms_readers().get_field(self.term.field())?,
            None => None,
        };
        let fieldnorms = norms.unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        let bm25 = self.bm25.as_ref().map(|b| b.boost_by(boost));
        Ok(Some(CachedTermScorer {
            postings,
            fieldnorms,
            bm25,
        }))
    }
}

impl Weight for CachedTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(s) => Box::new(s),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matching =
            || tantivy::TantivyError::InvalidArgument(format!("{doc} does not match"));
        let mut s = self.term_scorer(reader, 1.0)?.ok_or_else(not_matching)?;
        if s.doc() > doc || s.seek(doc) != doc {
            return Err(not_matching());
        }
        let fieldnorm_id = s.fieldnorms.fieldnorm_id(doc);
        Ok(match &s.bm25 {
            Some(b) => b.explain(fieldnorm_id, s.postings.term_freq()),
            None => Explanation::new("<no score>", 1.0),
        })
    }
}

struct CachedTermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    bm25: Option<Bm25Weight>,
}

impl DocSet for CachedTermScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for CachedTermScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(b) => {
                let doc = self.postings.doc();
                debug_assert_ne!(doc, TERMINATED);
                b.score(self.fieldnorms.fieldnorm_id(doc), self.postings.term_freq())
            }
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{Schema, STRING, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn a_cached_term_scores_and_counts_as_tantivys_term_query() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let code = schema.add_text_field("code", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (t, c) in [
            ("相談 相談 窓口", "a"),
            ("相談", "b"),
            ("窓口 子ども 食堂 の 相談 です", "a"),
            ("食堂", "c"),
        ] {
            writer.add_document(doc!(text => t, code => c)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let infos = Arc::new(TermInfos::default());
        for term in [
            Term::from_field_text(text, "相談"),
            Term::from_field_text(text, "食堂"),
            Term::from_field_text(text, "ない"),
            Term::from_field_text(code, "a"),
        ] {
            let ours =
                CachedTermQuery::new(term.clone(), IndexRecordOption::WithFreqs, infos.clone());
            let theirs = TermQuery::new(term, IndexRecordOption::WithFreqs);
            // twice: the second time from what the first looked up
            for _ in 0..2 {
                let top = |q: &dyn Query| {
                    searcher
                        .search(q, &TopDocs::with_limit(10).order_by_score())
                        .unwrap()
                };
                assert_eq!(top(&ours), top(&theirs));
                let boosted = |q: &dyn Query| BoostQuery::new(q.box_clone(), 1.7);
                assert_eq!(top(&boosted(&ours)), top(&boosted(&theirs)));
                assert_eq!(
                    searcher.search(&ours, &Count).unwrap(),
                    searcher.search(&theirs, &Count).unwrap()
                );
            }
        }
    }
}
