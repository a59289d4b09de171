//! Facets: the area and category trees (paths like `/amagasaki/amagasaki-tachibana`) and
//! the flat lists an entry can be filtered by (how to use it, languages, audiences, paths
//! like `/phone`): parsing paths, their ancestors, and the tables that count matches under
//! every path. Shared by the index writer and the query side.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, SegmentOrdinal, SegmentReader};

/// The facets of the index, in the order of [`FacetField::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetField {
    /// 地域. A document counts for its areas, their ancestors *and their descendants*: a
    /// city-wide desk serves every district, so choosing a district finds it too.
    Area,
    /// 分類: a document counts for its categories and their ancestors.
    Category,
    /// 利用方法 (`how_to_use`), flat.
    Use,
    /// 対応言語, flat.
    Language,
    /// 対象 (audiences), flat.
    Audience,
}

impl FacetField {
    /// Every facet, in the order counts and filters are kept.
    pub const ALL: [FacetField; 5] = [
        FacetField::Area,
        FacetField::Category,
        FacetField::Use,
        FacetField::Language,
        FacetField::Audience,
    ];

    /// The schema field's name.
    pub fn name(self) -> &'static str {
        use crate::schema::names;
        match self {
            FacetField::Area => names::AREA,
            FacetField::Category => names::CATEGORY,
            FacetField::Use => names::USE,
            FacetField::Language => names::LANGUAGE,
            FacetField::Audience => names::AUDIENCE,
        }
    }

    /// The facet of a flat value (`phone` -> `/phone`); `/` inside a value is escaped.
    pub fn flat(value: &str) -> Facet {
        Facet::from_path([value.trim()])
    }
}

/// Number of matching documents under one facet path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// Facet path, e.g. `/amagasaki/amagasaki-tachibana`.
    pub path: String,
    /// Matching documents at or below the path.
    pub count: u64,
}

/// Parses a facet path (`/a/b` or `a/b`); `""`/`/` is the root, bad paths `None`.
pub fn parse_facet(path: &str) -> Option<Facet> {
    let p = path.trim().trim_end_matches('/');
    if p.is_empty() {
        return Some(Facet::root());
    }
    let p = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    };
    Facet::from_text(&p).ok()
}

/// The path of a facet, `/a/b`, as tantivy's `Facet::to_path_string` writes it (`/` and `\`
/// inside a step become `\/`), without its regex: keeping `regex` out of the browser's
/// wasm saves a good part of its size.
pub fn path_string(facet: &Facet) -> String {
    let mut out = String::new();
    for step in facet.to_path() {
        out.push('/');
        for c in step.chars() {
            match c {
                '/' | '\\' => out.push_str("\\/"),
                c => out.push(c),
            }
        }
    }
    out
}

/// `/a/b/c` -> `/a`, `/a/b`, `/a/b/c` (nothing for the root).
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .skip(1)
        .filter(|&(_, c)| c == '/')
        .map(|(i, _)| i)
        .chain([path.len()])
        .filter(move |&end| end > 1 && path.len() > 1)
        .map(move |end| &path[..end])
}

/// The facet paths of one field, and per segment what each facet ordinal counts towards:
/// computed once when the index opens, so counting a match is a few integer increments.
pub(crate) struct FacetTable {
    /// Every facet path and ancestor path in the index, sorted (the order of the counts).
    paths: Vec<String>,
    /// Per segment (`None` without such facets).
    segments: Vec<Option<SegmentFacets>>,
}

/// One segment's facet column, and per facet ordinal the indices in [`FacetTable`]'s
/// paths of the facet and its ancestors.
type SegmentFacets = (Arc<FacetReader>, Arc<Vec<Vec<u32>>>);

impl FacetTable {
    /// The table of facet `field`; for [`FacetField::Area`] a facet counts for the paths
    /// below it too.
    pub(crate) fn new(
        segments: &[SegmentReader],
        field: FacetField,
    ) -> tantivy::Result<FacetTable> {
        let name = field.name();
        let mut per_segment: Vec<Option<(FacetReader, Vec<String>)>> = Vec::new();
        let mut all: BTreeSet<String> = BTreeSet::new();
        for seg in segments {
            let Some(reader) = seg.fast_fields().str(name)?.map(FacetReader::new) else {
                per_segment.push(None);
                continue;
            };
            let mut facets = Vec::with_capacity(reader.num_facets());
            for ord in 0..reader.num_facets() as u64 {
                let mut facet = Facet::root();
                reader.facet_from_ord(ord, &mut facet)?;
                let path = path_string(&facet);
                all.extend(ancestors(&path).map(str::to_string));
                facets.push(path);
            }
            per_segment.push(Some((reader, facets)));
        }
        let paths: Vec<String> = all.into_iter().collect();
        let index = |p: &str| {
            paths
                .binary_search_by(|x| x.as_str().cmp(p))
                .expect("path was added") as u32
        };
        let segments = per_segment
            .into_iter()
            .map(|seg| {
                seg.map(|(reader, facets)| {
                    let by_ord = facets
                        .iter()
                        .map(|f| {
                            let mut at: Vec<u32> = ancestors(f).map(index).collect();
                            if field == FacetField::Area {
                                let below = format!("{f}/");
                                at.extend(
                                    paths
                                        .iter()
                                        .enumerate()
                                        .skip_while(|(_, p)| p.as_str() < below.as_str())
                                        .take_while(|(_, p)| p.starts_with(&below))
                                        .map(|(i, _)| i as u32),
                                );
                            }
                            at
                        })
                        .collect();
                    (Arc::new(reader), Arc::new(by_ord))
                })
            })
            .collect();
        Ok(FacetTable { paths, segments })
    }

    /// How many paths the counts have.
    pub(crate) fn len(&self) -> usize {
        self.paths.len()
    }

    /// Counts per path index -> the non-zero counts, sorted by path.
    pub(crate) fn counts(&self, counts: &[u64]) -> Vec<FacetCount> {
        self.paths
            .iter()
            .zip(counts)
            .filter(|(_, &count)| count > 0)
            .map(|(path, &count)| FacetCount {
                path: path.clone(),
                count,
            })
            .collect()
    }

    /// A counter for one segment (`None` if the segment has no such facets).
    pub(crate) fn counter(&self, segment: SegmentOrdinal) -> Option<FacetCounter> {
        let (reader, by_ord) = self.segments.get(segment as usize)?.as_ref()?;
        Some(FacetCounter {
            reader: reader.clone(),
            by_ord: by_ord.clone(),
            counts: vec![0; self.paths.len()],
            scratch: Vec::new(),
        })
    }
}

/// Counts the matches of one segment under every facet path of a [`FacetTable`].
pub(crate) struct FacetCounter {
    reader: Arc<FacetReader>,
    by_ord: Arc<Vec<Vec<u32>>>,
    counts: Vec<u64>,
    scratch: Vec<u32>,
}

impl FacetCounter {
    /// Counts `doc` once under each of its facets' paths and their ancestors.
    pub(crate) fn count(&mut self, doc: DocId) {
        self.scratch.clear();
        for ord in self.reader.facet_ords(doc) {
            if let Some(paths) = self.by_ord.get(ord as usize) {
                self.scratch.extend_from_slice(paths);
            }
        }
        self.scratch.sort_unstable();
        self.scratch.dedup();
        for &p in self.scratch.iter() {
            self.counts[p as usize] += 1;
        }
    }

    /// The counts, by path index.
    pub(crate) fn into_counts(self) -> Vec<u64> {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_run_from_the_root_down() {
        let a = |p| ancestors(p).collect::<Vec<_>>();
        assert_eq!(a("/a/bb/c"), ["/a", "/a/bb", "/a/bb/c"]);
        assert_eq!(a("/a"), ["/a"]);
        assert!(a("/").is_empty());
        assert!(a("").is_empty());
    }

    #[test]
    fn paths_parse_with_or_without_the_leading_slash() {
        assert_eq!(parse_facet("a/b"), parse_facet("/a/b/"));
        assert_eq!(path_string(&parse_facet("/a/b").unwrap()), "/a/b");
        for f in [
            Facet::from_path(["a/b", "c\\d"]),
            Facet::from_path(["高齢者"]),
            Facet::root(),
        ] {
            assert_eq!(path_string(&f), f.to_path_string());
        }
        assert!(parse_facet("").unwrap().is_root());
        assert!(parse_facet("/").unwrap().is_root());
    }
}
