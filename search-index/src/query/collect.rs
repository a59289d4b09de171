//! Collecting a query's matches: each match's score and id rank (for ties), and the
//! number of matches under every facet path, in one pass.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facet::{FacetCounter, FacetTable};
use crate::schema::names;

/// One matching document.
pub(crate) struct Match {
    pub score: Score,
    /// Sorts like the id (ties break by id).
    pub rank: u32,
    pub address: DocAddress,
}

impl Match {
    /// Best first: score descending, then id ascending.
    pub fn order(a: &Match, b: &Match) -> std::cmp::Ordering {
        b.score.total_cmp(&a.score).then(a.rank.cmp(&b.rank))
    }
}

/// What a search collects: the matches (unless only counts are asked for) and, per facet
/// ([`crate::facet::FacetField::ALL`] order), the number of matches under every path (by
/// path index of the tables).
pub(crate) struct Collected {
    pub matches: Vec<Match>,
    pub counts: Vec<Vec<u64>>,
}

/// Collects every match with its score and id rank, and counts facets on the way.
pub(crate) struct MatchCollector<'a> {
    pub facets: &'a [FacetTable],
    /// See [`id_ranks`].
    pub id_ranks: Option<&'a [Arc<Vec<u32>>]>,
    /// Whether to keep the matches (false: counts only).
    pub keep_matches: bool,
}

pub(crate) struct MatchSegmentCollector {
    segment: SegmentOrdinal,
    keep_matches: bool,
    ids: Option<Column<u64>>,
    ranks: Option<Arc<Vec<u32>>>,
    facets: Vec<Option<FacetCounter>>,
    matches: Vec<Match>,
}

impl Collector for MatchCollector<'_> {
    type Fruit = Collected;
    type Child = MatchSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        // With one segment, docs are in id order (the index writer makes sure): the doc id
        // is the rank, and the id column (a large read in the browser) is not needed.
        let ranks = self.id_ranks.and_then(|r| r.get(segment as usize).cloned());
        let ids = match (&ranks, self.keep_matches) {
            (Some(_), true) => reader
                .fast_fields()
                .str(names::ID)?
                .map(|c| c.ords().clone()),
            _ => None,
        };
        Ok(MatchSegmentCollector {
            segment,
            keep_matches: self.keep_matches,
            ids,
            ranks,
            facets: self.facets.iter().map(|f| f.counter(segment)).collect(),
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.keep_matches
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut out = Collected {
            matches: Vec::new(),
            counts: self.facets.iter().map(|f| vec![0; f.len()]).collect(),
        };
        for f in fruits {
            out.matches.extend(f.matches);
            for (totals, counts) in out.counts.iter_mut().zip(f.counts) {
                for (total, n) in totals.iter_mut().zip(counts) {
                    *total += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for MatchSegmentCollector {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        for counter in self.facets.iter_mut().flatten() {
            counter.count(doc);
        }
        if !self.keep_matches {
            return;
        }
        let rank = match &self.ranks {
            Some(ranks) => {
                let ord = self
                    .ids
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .unwrap_or(u64::MAX);
                ranks.get(ord as usize).copied().unwrap_or(u32::MAX)
            }
            None => doc,
        };
        self.matches.push(Match {
            score,
            rank,
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Collected {
        let counts = |f: Option<FacetCounter>| f.map(FacetCounter::into_counts).unwrap_or_default();
        Collected {
            matches: self.matches,
            counts: self.facets.into_iter().map(counts).collect(),
        }
    }
}

/// Per segment, id ordinal -> rank of the id among all ids, when there is more than one
/// segment (with one, ordinals already sort like the ids: `None`).
pub(crate) fn id_ranks(segments: &[SegmentReader]) -> tantivy::Result<Option<Vec<Arc<Vec<u32>>>>> {
    if segments.len() < 2 {
        return Ok(None);
    }
    let mut all: Vec<(Vec<u8>, usize, u64)> = Vec::new();
    let mut ranks: Vec<Vec<u32>> = Vec::with_capacity(segments.len());
    for (s, seg) in segments.iter().enumerate() {
        let Some(ids) = seg.fast_fields().str(names::ID)? else {
            ranks.push(Vec::new());
            continue;
        };
        ranks.push(vec![0; ids.dictionary().num_terms()]);
        let mut stream = ids.dictionary().stream()?;
        while stream.advance() {
            all.push((stream.key().to_vec(), s, stream.term_ord()));
        }
    }
    all.sort_unstable();
    for (rank, (_, s, ord)) in all.into_iter().enumerate() {
        ranks[s][ord as usize] = rank as u32;
    }
    Ok(Some(ranks.into_iter().map(Arc::new).collect()))
}
