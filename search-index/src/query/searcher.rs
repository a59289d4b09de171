//! An opened index ready to answer queries: the same code opens it from a folder (the
//! CLI) and from bytes (the browser).

use std::path::Path;
use std::sync::Arc;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, SegmentReader, TantivyDocument};

use super::collect::{id_ranks, Collected, Match, MatchCollector};
use super::plan::{Planner, TYPO_THRESHOLD};
use super::{Hit, SearchError, SearchOptions, SearchResults};
use crate::facet::FacetTable;
use crate::schema::{names, Fields};
use crate::segment::Vocabulary;

/// An opened index, ready to answer queries.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    surface_vocab: Vocabulary,
    reading_vocab: Vocabulary,
    area: FacetTable,
    category: FacetTable,
    /// Per segment, id ordinal -> rank of the id among all ids; `None` with one segment,
    /// where ordinals already sort like the ids.
    id_ranks: Option<Vec<Arc<Vec<u32>>>>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("docs", &self.num_docs())
            .field("surface_vocab", &self.surface_vocab.len())
            .field("reading_vocab", &self.reading_vocab.len())
            .finish()
    }
}

impl Searcher {
    /// Opens the index in `dir` by reading the files its `manifest.json`
    /// lists into memory, exactly as the browser does with [`Searcher::from_files`].
    pub fn open_dir(dir: &Path) -> Result<Searcher, SearchError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read(&p).map_err(|source| SearchError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")?)
            .map_err(|e| SearchError::Manifest(e.to_string()))?;
        let names = manifest["files"]
            .as_array()
            .ok_or_else(|| SearchError::Manifest("no \"files\" list".into()))?
            .iter()
            .map(|f| f["name"].as_str().map(str::to_string))
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| SearchError::Manifest("file without \"name\"".into()))?;
        let mut files = Vec::with_capacity(names.len());
        for name in names {
            if name.contains('/') || name.contains('\\') || name == ".." {
                return Err(SearchError::Manifest(format!("bad file name {name:?}")));
            }
            let data = read(&name)?;
            files.push((name, data));
        }
        Searcher::from_files(files)
    }

    /// Opens an index from its files' names and bytes (the browser's path).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Searcher, SearchError> {
        let dir = RamDirectory::create();
        for (name, data) in files {
            dir.atomic_write(Path::new(&name), &data)
                .map_err(|source| SearchError::Io {
                    path: name.clone(),
                    source,
                })?;
        }
        let index = Index::open(dir)?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let segments = reader.searcher().segment_readers().to_vec();
        let mut surface_vocab = Vocabulary::default();
        let mut reading_vocab = Vocabulary::default();
        for seg in &segments {
            for (field, _) in fields.weighted_text_fields() {
                collect_terms(seg, field, &mut surface_vocab)?;
            }
            collect_terms(seg, fields.reading, &mut reading_vocab)?;
        }
        Ok(Searcher {
            area: FacetTable::new(&segments, names::AREA)?,
            category: FacetTable::new(&segments, names::CATEGORY)?,
            id_ranks: id_ranks(&segments)?,
            reader,
            fields,
            surface_vocab,
            reading_vocab,
        })
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Searches. Any text is a valid query: an empty one lists everything that passes the
    /// filters, by id. Errors only when the index itself cannot be read.
    pub fn search(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let planner = Planner {
            fields: &self.fields,
            surface_vocab: &self.surface_vocab,
            reading_vocab: &self.reading_vocab,
        };
        let mut text = planner.text_query(q, false);
        let area = opts
            .area
            .as_deref()
            .map(|p| planner.facet_filter(self.fields.area, p));
        let category = opts
            .category
            .as_deref()
            .map(|p| planner.facet_filter(self.fields.category, p));
        let searcher = self.reader.searcher();
        let collect = |text: &dyn Query,
                       filters: &[&Option<Box<dyn Query>>],
                       keep_matches: bool|
         -> tantivy::Result<Collected> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
            for f in filters.iter().filter_map(|f| f.as_ref()) {
                clauses.push((Occur::Must, f.box_clone()));
            }
            let collector = MatchCollector {
                area: &self.area,
                category: &self.category,
                id_ranks: self.id_ranks.as_deref(),
                keep_matches,
            };
            searcher.search(&BooleanQuery::new(clauses), &collector)
        };
        let mut main = collect(&*text.query, &[&area, &category], true)?;
        if text.typos_possible && main.matches.len() < TYPO_THRESHOLD {
            text = planner.text_query(q, true);
            main = collect(&*text.query, &[&area, &category], true)?;
        }
        let total = main.matches.len() as u64;
        // Each facet's counts ignore its own filter, so the other choices stay visible.
        let area_counts = match area {
            Some(_) => collect(&*text.query, &[&category], false)?.area,
            None => main.area,
        };
        let category_counts = match category {
            Some(_) => collect(&*text.query, &[&area], false)?.category,
            None => main.category,
        };

        let mut ranked = main.matches;
        if ranked.len() > opts.limit && opts.limit > 0 {
            ranked.select_nth_unstable_by(opts.limit - 1, Match::order);
        }
        ranked.truncate(opts.limit);
        ranked.sort_unstable_by(Match::order);
        let mut hits = Vec::with_capacity(ranked.len());
        for m in ranked {
            let doc: TantivyDocument = searcher.doc(m.address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            hits.push(Hit {
                id: text(self.fields.id),
                title: text(self.fields.title),
                score: m.score,
            });
        }
        Ok(SearchResults {
            hits,
            total,
            area_counts: self.area.counts(&area_counts),
            category_counts: self.category.counts(&category_counts),
            terms: text.terms,
        })
    }

    #[cfg(test)]
    pub(crate) fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    #[cfg(test)]
    pub(crate) fn surface_vocab(&self) -> &Vocabulary {
        &self.surface_vocab
    }
}

fn collect_terms(
    seg: &SegmentReader,
    field: tantivy::schema::Field,
    vocab: &mut Vocabulary,
) -> tantivy::Result<()> {
    let inv = seg.inverted_index(field)?;
    let mut stream = inv.terms().stream()?;
    while stream.advance() {
        if let Ok(s) = std::str::from_utf8(stream.key()) {
            vocab.insert(s.to_string());
        }
    }
    Ok(())
}
