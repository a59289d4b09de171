//! Opening an index and answering queries (native and wasm alike; no lindera).
//!
//! Queries are built programmatically, never parsed: any string is valid.
//! Each whitespace-separated word must match (AND). A word matches if any of:
//! - its vocabulary segmentation: every piece, each in any text field
//!   (known pieces as BM25 terms with field boosts, unknown stretches as
//!   n-gram phrases); not for kana words that only split into single kana
//!   (`はったつ` -> は/っ/た/つ would match any text);
//! - (kana-only words, as typed and as normalised) its segmentation against the
//!   `reading` vocabulary;
//! - its whole n-gram phrase in the `ngram` field (low boost);
//! - (latin/kana words of 5+ chars) one typo, as a small constant score: a term
//!   within one edit, or (kana) the word's n-gram phrase with a one-char hole,
//!   which also finds a typo inside a compound the dictionary splits. Typos are
//!   only looked for when the query finds fewer than [`TYPO_THRESHOLD`] documents
//!   without them (as Typesense does): they would rank below those anyway, and
//!   are the most expensive clauses;
//! - (phone-looking words) its digits in the `phone` field.
//!
//! Exact matches also match the n-gram and fuzzy clauses, so they always rank
//! above n-gram-only or typo-only matches. Ties break by id ascending.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::directory::{Directory, RamDirectory};
use tantivy::fastfield::FacetReader;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocId, Index, IndexReader, ReloadPolicy, Score, SegmentOrdinal, SegmentReader, TantivyDocument,
    Term,
};

use crate::normalize::{is_kana, normalize, normalize_reading};
use crate::schema::{names, Fields, FUZZY_SCORE, NGRAM_BOOST, PHONE_BOOST, READING_BOOST};
use crate::segment::{segment_word, split_words, Piece, Vocabulary};
use crate::tokenize::{
    atoms, ngram_query_tokens, one_typo_ngram_phrases, phone_query_term, AtomKind,
};

/// Most words of a query considered (the rest is ignored).
pub const MAX_QUERY_WORDS: usize = 16;
/// Most chars of one query word considered (the rest is ignored).
pub const MAX_WORD_CHARS: usize = 64;
/// Typo-tolerant matches are searched for when fewer documents than this match exactly.
pub const TYPO_THRESHOLD: usize = 10;
/// Shortest latin/kana word (chars) that tolerates one typo.
pub const FUZZY_MIN_CHARS: usize = 5;
const FUZZY_MAX_CHARS: usize = 32;
const DISMAX_TIE_BREAKER: f32 = 0.2;

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

/// Number of matching documents under one facet path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// Facet path, e.g. `/amagasaki/amagasaki-tachibana`.
    pub path: String,
    /// Matching documents at or below the path.
    pub count: u64,
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

/// Errors opening an index.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
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
    /// tantivy could not open the index (missing or corrupt files, wrong schema).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

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
    pub fn open_dir(dir: &Path) -> Result<Searcher, OpenError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read(&p).map_err(|source| OpenError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")?)
            .map_err(|e| OpenError::Manifest(e.to_string()))?;
        let names = manifest["files"]
            .as_array()
            .ok_or_else(|| OpenError::Manifest("no \"files\" list".into()))?
            .iter()
            .map(|f| f["name"].as_str().map(str::to_string))
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| OpenError::Manifest("file without \"name\"".into()))?;
        let mut files = Vec::with_capacity(names.len());
        for name in names {
            if name.contains('/') || name.contains('\\') || name == ".." {
                return Err(OpenError::Manifest(format!("bad file name {name:?}")));
            }
            let data = read(&name)?;
            files.push((name, data));
        }
        Searcher::from_files(files)
    }

    /// Opens an index from its files' names and bytes (the browser's path).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Searcher, OpenError> {
        let dir = RamDirectory::create();
        for (name, data) in files {
            dir.atomic_write(Path::new(&name), &data)
                .map_err(|source| OpenError::Io {
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
        let mut searcher = Searcher {
            area: FacetTable::new(&segments, names::AREA)?,
            category: FacetTable::new(&segments, names::CATEGORY)?,
            id_ranks: id_ranks(&segments)?,
            reader,
            fields,
            surface_vocab: Vocabulary::default(),
            reading_vocab: Vocabulary::default(),
        };
        searcher.load_vocabularies()?;
        Ok(searcher)
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn load_vocabularies(&mut self) -> tantivy::Result<()> {
        let searcher = self.reader.searcher();
        for seg in searcher.segment_readers() {
            for (field, _) in self.fields.weighted_text_fields() {
                collect_terms(seg, field, &mut self.surface_vocab)?;
            }
            collect_terms(seg, self.fields.reading, &mut self.reading_vocab)?;
        }
        Ok(())
    }

    /// Searches; any input is valid (an empty query lists everything that
    /// passes the filters, by id). Never panics, never errors.
    pub fn search(&self, q: &str, opts: &SearchOptions) -> SearchResults {
        self.try_search(q, opts).unwrap_or_default()
    }

    fn try_search(&self, q: &str, opts: &SearchOptions) -> tantivy::Result<SearchResults> {
        let (mut text_query, mut terms, typos_possible) = self.build_text_query(q, false);
        let area = opts
            .area
            .as_deref()
            .map(|p| self.facet_filter(self.fields.area, p));
        let category = opts
            .category
            .as_deref()
            .map(|p| self.facet_filter(self.fields.category, p));
        let with_filters =
            |text_query: &dyn Query, filters: &[&Option<Box<dyn Query>>]| -> Box<dyn Query> {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Must, text_query.box_clone())];
                for f in filters.iter().filter_map(|f| f.as_ref()) {
                    clauses.push((Occur::Must, f.box_clone()));
                }
                Box::new(BooleanQuery::new(clauses))
            };
        let searcher = self.reader.searcher();
        let collect = |query: &dyn Query, matches: bool| {
            searcher.search(
                query,
                &MatchCollector {
                    searcher: self,
                    matches,
                },
            )
        };
        let mut main = collect(&*with_filters(&*text_query, &[&area, &category]), true)?;
        if typos_possible && main.matches.len() < TYPO_THRESHOLD {
            (text_query, terms, _) = self.build_text_query(q, true);
            main = collect(&*with_filters(&*text_query, &[&area, &category]), true)?;
        }
        let total = main.matches.len() as u64;
        let area_counts = match area {
            Some(_) => collect(&*with_filters(&*text_query, &[&category]), false)?.area,
            None => main.area,
        };
        let category_counts = match category {
            Some(_) => collect(&*with_filters(&*text_query, &[&area]), false)?.category,
            None => main.category,
        };

        let mut ranked = main.matches;
        let order = |a: &Match, b: &Match| b.score.total_cmp(&a.score).then(a.rank.cmp(&b.rank));
        if ranked.len() > opts.limit && opts.limit > 0 {
            ranked.select_nth_unstable_by(opts.limit - 1, order);
        }
        ranked.truncate(opts.limit);
        ranked.sort_unstable_by(order);
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
            terms,
        })
    }

    fn facet_filter(&self, field: Field, path: &str) -> Box<dyn Query> {
        let q: Box<dyn Query> = match parse_facet(path) {
            Some(f) if f.is_root() => Box::new(AllQuery),
            Some(f) => Box::new(TermQuery::new(
                Term::from_facet(field, &f),
                IndexRecordOption::Basic,
            )),
            None => Box::new(BooleanQuery::new(Vec::new())), // matches nothing
        };
        Box::new(ConstScoreQuery::new(q, 0.0))
    }

    /// Builds the query for the text part (with typo-tolerant clauses if `typos`);
    /// returns it, the terms used and whether any word could match with a typo.
    fn build_text_query(&self, q: &str, typos: bool) -> (Box<dyn Query>, Vec<String>, bool) {
        let nq = normalize(q);
        let rq = normalize_reading(q);
        let mut terms = Vec::new();
        let cut = |text: &str| -> Vec<String> {
            split_words(text)
                .into_iter()
                .take(MAX_QUERY_WORDS)
                .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
                .collect()
        };
        let (words, readings): (Vec<String>, Vec<String>) =
            if phone_query_term(&nq).is_some() && nq.trim().contains(' ') {
                // "06 4950 0584" is one phone number
                (vec![nq.trim().to_string()], vec![rq.trim().to_string()])
            } else {
                (cut(&nq), cut(&rq))
            };
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        let mut typos_possible = false;
        for (i, w) in words.iter().enumerate() {
            // Variants never add or remove whitespace, so the i-th reading word is
            // the same word before the variant step; fall back to `w` regardless.
            let reading = readings.get(i).filter(|_| readings.len() == words.len());
            let reading = reading.map_or(w.as_str(), String::as_str);
            if let Some(q) = self.word_query(w, reading, typos, &mut typos_possible, &mut terms) {
                required.push(q);
            }
        }
        if required.is_empty() {
            return (
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
                terms,
                false,
            );
        }
        (
            Box::new(BooleanQuery::intersection(required)),
            terms,
            typos_possible,
        )
    }

    /// Query of one word: `word` normalised, `reading` the same word before the
    /// variant step (see [`normalize_reading`]), used to match readings. Typo clauses
    /// are added if `typos`; `typos_possible` is set if the word has some.
    fn word_query(
        &self,
        word: &str,
        reading: &str,
        typos: bool,
        typos_possible: &mut bool,
        terms: &mut Vec<String>,
    ) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();

        if let Some(digits) = phone_query_term(word) {
            let tq = TermQuery::new(
                Term::from_field_text(f.phone, &digits),
                IndexRecordOption::Basic,
            );
            alternatives.push(Box::new(BoostQuery::new(Box::new(tq), PHONE_BOOST)));
            terms.push(digits);
        }

        let word_atoms = atoms(word);
        let joined: String = word_atoms.iter().map(|a| a.text).collect();
        let all_kana = !joined.is_empty() && joined.chars().all(is_kana);
        let reading_joined: String = atoms(reading).iter().map(|a| a.text).collect();
        let reading_kana = !reading_joined.is_empty() && reading_joined.chars().all(is_kana);

        // A: vocabulary segmentation, every piece required.
        let pieces = segment_word(word, &self.surface_vocab);
        // A kana word cut into single kana (`はったつ` -> は/っ/た/つ) would match
        // any text holding those particles somewhere: no evidence at all. Such
        // words are matched by their reading (B) and n-grams (C) only.
        let fragmentary = all_kana
            && pieces.len() > 1
            && pieces
                .iter()
                .any(|p| matches!(p, Piece::Term(t) if t.chars().count() == 1));
        let mut piece_queries: Vec<Box<dyn Query>> = Vec::new();
        for p in &pieces {
            let q = match p {
                Piece::Term(t) => Some(self.term_any_field(t)),
                Piece::Unknown(t) => self.ngram_phrase(t),
            };
            piece_queries.extend(q);
            terms.push(p.text().to_string());
        }
        if !piece_queries.is_empty() && !fragmentary {
            alternatives.push(Box::new(BooleanQuery::intersection(piece_queries)));
        }

        // B: kana word against the reading vocabulary, in both spellings: as typed
        // (`こどもしょくどう`, before the variant step made it `子供しょくどう`) and
        // normalised (`引きこもり` -> `ひきこもり`).
        let mut kana_forms: Vec<&str> = Vec::new();
        if reading_kana {
            kana_forms.push(&reading_joined);
        }
        if all_kana && joined != reading_joined {
            kana_forms.push(&joined);
        }
        for kana in kana_forms {
            let rpieces = segment_word(kana, &self.reading_vocab);
            if !rpieces.is_empty() && rpieces.iter().all(|p| matches!(p, Piece::Term(_))) {
                let qs: Vec<Box<dyn Query>> = rpieces
                    .iter()
                    .map(|p| {
                        let tq = TermQuery::new(
                            Term::from_field_text(f.reading, p.text()),
                            IndexRecordOption::WithFreqs,
                        );
                        Box::new(BoostQuery::new(Box::new(tq), READING_BOOST)) as Box<dyn Query>
                    })
                    .collect();
                alternatives.push(Box::new(BooleanQuery::intersection(qs)));
            }
        }

        // C: n-gram phrase of the whole word.
        alternatives.extend(self.ngram_phrase(word));

        // D: one typo for latin / kana words of 5+ chars.
        let single_latin = word_atoms.len() == 1 && word_atoms[0].kind == AtomKind::Alpha;
        let fuzzy_text = if single_latin || !reading_kana {
            &joined
        } else {
            &reading_joined
        };
        let n = fuzzy_text.chars().count();
        let typo_word = (single_latin || reading_kana || all_kana)
            && (FUZZY_MIN_CHARS..=FUZZY_MAX_CHARS).contains(&n);
        *typos_possible |= typo_word;
        if typo_word && typos {
            let mut fuzzy: Vec<Box<dyn Query>> = Vec::new();
            let fields = f
                .weighted_text_fields()
                .into_iter()
                .map(|(fl, _)| fl)
                .chain([f.reading]);
            for field in fields {
                let fq = FuzzyTermQuery::new(Term::from_field_text(field, fuzzy_text), 1, true);
                fuzzy.push(Box::new(fq));
            }
            // A typo inside a compound the dictionary splits (no single term is
            // within one edit): the word's n-grams with a one-char hole.
            if all_kana && joined.chars().count() == n {
                for phrase in one_typo_ngram_phrases(&joined) {
                    let terms: Vec<(usize, Term)> = phrase
                        .into_iter()
                        .map(|(p, t)| (p, Term::from_field_text(f.ngram, &t)))
                        .collect();
                    fuzzy.push(Box::new(PhraseQuery::new_with_offset(terms)));
                }
            }
            let any = BooleanQuery::union(fuzzy);
            alternatives.push(Box::new(ConstScoreQuery::new(Box::new(any), FUZZY_SCORE)));
        }

        if alternatives.is_empty() {
            return None;
        }
        Some(Box::new(BooleanQuery::union(alternatives)))
    }

    /// One known term in any text field (max of field scores, boosted per field).
    fn term_any_field(&self, t: &str) -> Box<dyn Query> {
        let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
        let fields = self
            .fields
            .weighted_text_fields()
            .into_iter()
            .chain([(self.fields.reading, READING_BOOST)]);
        for (field, boost) in fields {
            let tq = TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            );
            disjuncts.push(Box::new(BoostQuery::new(Box::new(tq), boost)));
        }
        Box::new(DisjunctionMaxQuery::with_tie_breaker(
            disjuncts,
            DISMAX_TIE_BREAKER,
        ))
    }

    /// Text as a phrase of bigrams in the `ngram` field (None if no word chars).
    fn ngram_phrase(&self, text: &str) -> Option<Box<dyn Query>> {
        let field = self.fields.ngram;
        let toks = ngram_query_tokens(text);
        let q: Box<dyn Query> = match toks.len() {
            0 => return None,
            1 => Box::new(TermQuery::new(
                Term::from_field_text(field, &toks[0].1),
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                toks.into_iter()
                    .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                    .collect(),
            )),
        };
        Some(Box::new(BoostQuery::new(q, NGRAM_BOOST)))
    }
}

/// Parses a facet path (`/a/b` or `a/b`); `""`/`/` is the root, bad paths None.
pub(crate) fn parse_facet(path: &str) -> Option<Facet> {
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

fn collect_terms(seg: &SegmentReader, field: Field, vocab: &mut Vocabulary) -> tantivy::Result<()> {
    let inv = seg.inverted_index(field)?;
    let mut stream = inv.terms().stream()?;
    while stream.advance() {
        if let Ok(s) = std::str::from_utf8(stream.key()) {
            vocab.insert(s.to_string());
        }
    }
    Ok(())
}

/// The facet paths of one field, and per segment what each facet ordinal counts towards:
/// computed once when the index opens, so counting a match is a few integer increments.
struct FacetTable {
    /// Every facet path and ancestor path in the index, sorted (the order of the counts).
    paths: Vec<String>,
    /// Per segment: the field's facet column, and per facet ordinal the indices in
    /// `paths` of the facet and its ancestors.
    segments: Vec<Option<(Arc<FacetReader>, Arc<Vec<Vec<u32>>>)>>,
}

impl FacetTable {
    fn new(segments: &[SegmentReader], name: &str) -> tantivy::Result<FacetTable> {
        let mut per_segment: Vec<Option<(FacetReader, Vec<String>)>> = Vec::new();
        let mut all: BTreeSet<String> = BTreeSet::new();
        for seg in segments {
            let Some(reader) = facet_reader(seg, name)? else {
                per_segment.push(None);
                continue;
            };
            let mut facets = Vec::with_capacity(reader.num_facets());
            for ord in 0..reader.num_facets() as u64 {
                let mut facet = Facet::root();
                reader.facet_from_ord(ord, &mut facet)?;
                let path = facet.to_path_string();
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
                        .map(|f| ancestors(f).map(index).collect())
                        .collect();
                    (Arc::new(reader), Arc::new(by_ord))
                })
            })
            .collect();
        Ok(FacetTable { paths, segments })
    }

    /// Counts per path index -> the non-zero counts, sorted by path.
    fn counts(&self, counts: &[u64]) -> Vec<FacetCount> {
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
}

/// `/a/b/c` -> `/a`, `/a/b`, `/a/b/c` (nothing for the root).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .skip(1)
        .filter(|&(_, c)| c == '/')
        .map(|(i, _)| i)
        .chain([path.len()])
        .filter(move |&end| end > 1 && path.len() > 1)
        .map(move |end| &path[..end])
}

/// Per segment, id ordinal -> rank among all ids, when there is more than one segment.
fn id_ranks(segments: &[SegmentReader]) -> tantivy::Result<Option<Vec<Arc<Vec<u32>>>>> {
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

/// One matching document.
struct Match {
    score: Score,
    /// Sorts like the id (ties break by id).
    rank: u32,
    address: tantivy::DocAddress,
}

/// What a search collects: the matches (unless only counts are asked for) and the
/// number of matches under every area and category path (indices of [`FacetTable::paths`]).
struct Collected {
    matches: Vec<Match>,
    area: Vec<u64>,
    category: Vec<u64>,
}

/// Collects every match with its score and id rank, and counts facets on the way.
struct MatchCollector<'a> {
    searcher: &'a Searcher,
    matches: bool,
}

struct SegmentFacets {
    reader: Arc<FacetReader>,
    by_ord: Arc<Vec<Vec<u32>>>,
    counts: Vec<u64>,
}

impl SegmentFacets {
    fn new(table: &FacetTable, segment: SegmentOrdinal) -> Option<SegmentFacets> {
        let (reader, by_ord) = table.segments.get(segment as usize)?.as_ref()?;
        Some(SegmentFacets {
            reader: reader.clone(),
            by_ord: by_ord.clone(),
            counts: vec![0; table.paths.len()],
        })
    }

    /// Counts `doc` once under each of its facets' paths and their ancestors.
    fn count(&mut self, doc: DocId, scratch: &mut Vec<u32>) {
        scratch.clear();
        for ord in self.reader.facet_ords(doc) {
            if let Some(paths) = self.by_ord.get(ord as usize) {
                scratch.extend_from_slice(paths);
            }
        }
        scratch.sort_unstable();
        scratch.dedup();
        for &p in scratch.iter() {
            self.counts[p as usize] += 1;
        }
    }
}

struct MatchSegmentCollector {
    segment: SegmentOrdinal,
    keep_matches: bool,
    ids: Option<Column<u64>>,
    ranks: Option<Arc<Vec<u32>>>,
    area: Option<SegmentFacets>,
    category: Option<SegmentFacets>,
    scratch: Vec<u32>,
    matches: Vec<Match>,
}

fn facet_reader(seg: &SegmentReader, name: &str) -> tantivy::Result<Option<FacetReader>> {
    Ok(seg.fast_fields().str(name)?.map(FacetReader::new))
}

impl Collector for MatchCollector<'_> {
    type Fruit = Collected;
    type Child = MatchSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let s = self.searcher;
        Ok(MatchSegmentCollector {
            segment,
            keep_matches: self.matches,
            ids: reader
                .fast_fields()
                .str(names::ID)?
                .map(|c| c.ords().clone()),
            ranks: s
                .id_ranks
                .as_ref()
                .and_then(|r| r.get(segment as usize).cloned()),
            area: SegmentFacets::new(&s.area, segment),
            category: SegmentFacets::new(&s.category, segment),
            scratch: Vec::new(),
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.matches
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let s = self.searcher;
        let mut out = Collected {
            matches: Vec::new(),
            area: vec![0; s.area.paths.len()],
            category: vec![0; s.category.paths.len()],
        };
        for f in fruits {
            out.matches.extend(f.matches);
            for (total, n) in out.area.iter_mut().zip(f.area) {
                *total += n;
            }
            for (total, n) in out.category.iter_mut().zip(f.category) {
                *total += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for MatchSegmentCollector {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(area) = &mut self.area {
            area.count(doc, &mut self.scratch);
        }
        if let Some(category) = &mut self.category {
            category.count(doc, &mut self.scratch);
        }
        if !self.keep_matches {
            return;
        }
        let ord = self
            .ids
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(u64::MAX);
        let rank = match &self.ranks {
            Some(ranks) => ranks.get(ord as usize).copied().unwrap_or(u32::MAX),
            None => ord.min(u32::MAX as u64) as u32,
        };
        self.matches.push(Match {
            score,
            rank,
            address: tantivy::DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Collected {
        let counts = |f: Option<SegmentFacets>| f.map(|f| f.counts).unwrap_or_default();
        Collected {
            matches: self.matches,
            area: counts(self.area),
            category: counts(self.category),
        }
    }
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::index::{build, Document};

    fn doc(id: &str, title: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Document::default()
        }
    }

    fn fixture_docs() -> Vec<Document> {
        vec![
            Document {
                kana: Some("くらしまるごとそうだんしつ".into()),
                summary: "生活の困りごとを何でも相談できる窓口".into(),
                organization: "尼崎市社会福祉協議会".into(),
                tags: vec!["相談".into(), "生活困窮".into()],
                places: vec!["尼崎市".into(), "立花地区".into()],
                area_paths: vec!["/amagasaki/amagasaki-tachibana".into()],
                category_paths: vec!["/consultation".into()],
                phones: vec!["06-4950-0584".into()],
                ..doc(
                    "kurashi",
                    "くらし丸ごと相談室",
                    "暮らしの困りごとを丸ごと受け止めます。",
                )
            },
            Document {
                audiences: vec!["子ども".into(), "保護者".into()],
                summary: "地域の子どもに温かい食事を".into(),
                places: vec!["尼崎市".into(), "園田地区".into()],
                area_paths: vec!["/amagasaki/amagasaki-sonoda".into()],
                category_paths: vec!["/food/kodomo-shokudo".into()],
                phones: vec!["０６－６４２３－９９１６".into()],
                ..doc(
                    "kodomo-shokudo",
                    "子ども食堂ひまわり",
                    "毎週土曜日に開いています。ボランティア募集中。",
                )
            },
            Document {
                places: vec!["西宮市".into()],
                area_paths: vec!["/nishinomiya".into()],
                category_paths: vec!["/food/pantry".into()],
                ..doc(
                    "foodbank",
                    "フードバンク西宮",
                    "食品の寄付を受け付けています。ボランテアの方も歓迎。",
                )
            },
            Document {
                category_paths: vec!["/emergency".into()],
                phones: vec!["#7119".into()],
                ..doc(
                    "kyukyu",
                    "救急安心センター",
                    "急な病気やけがで迷ったら電話相談。",
                )
            },
            Document {
                category_paths: vec!["/emergency".into()],
                phones: vec!["189".into()],
                ..doc(
                    "jidou-soudan",
                    "児童相談所虐待対応ダイヤル",
                    "子どもの虐待の通告・相談は189へ。",
                )
            },
            Document {
                area_paths: vec!["/amagasaki".into()],
                ..doc(
                    "shinkansen",
                    "新幹線で行く社会見学",
                    "新大阪から新幹線に乗ります。",
                )
            },
            doc("twin-b", "同じ内容の資料", "まったく同じ本文"),
            doc("twin-a", "同じ内容の資料", "まったく同じ本文"),
            Document {
                area_paths: vec!["/amagasaki/amagasaki-tachibana".into()],
                ..doc(
                    "volunteer",
                    "Volunteer Center",
                    "volunteer opportunities for everyone",
                )
            },
        ]
    }

    fn searcher() -> &'static Searcher {
        static S: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
        &S.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            build(&fixture_docs(), dir.path()).expect("build");
            let s = Searcher::open_dir(dir.path()).expect("open");
            (dir, s)
        })
        .1
    }

    fn ids(q: &str) -> Vec<String> {
        searcher()
            .search(q, &SearchOptions::default())
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    fn ids_opts(q: &str, area: Option<&str>, category: Option<&str>) -> Vec<String> {
        let opts = SearchOptions {
            limit: 50,
            area: area.map(str::to_string),
            category: category.map(str::to_string),
        };
        searcher()
            .search(q, &opts)
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn reading_queries() {
        assert_eq!(ids("くらしまるごと"), ["kurashi"]);
        assert_eq!(ids("しょくどう"), ["kodomo-shokudo"]);
        assert_eq!(ids("クラシマルゴト"), ["kurashi"]);
    }

    #[test]
    fn variants_and_width() {
        for q in ["子ども食堂", "子供食堂", "こども食堂", "ｺﾄﾞﾓ食堂"] {
            assert_eq!(ids(q), ["kodomo-shokudo"], "{q}");
        }
        assert_eq!(ids("ＶＯＬＵＮＴＥＥＲ"), ["volunteer"]);
    }

    #[test]
    fn index_and_query_split_identically() {
        let seg = crate::dict::segmenter().unwrap();
        let s = searcher();
        for text in ["新幹線", "新大阪", "子ども食堂", "くらし丸ごと相談室"] {
            let indexed: Vec<String> = crate::tokenize::analyze(&seg, text)
                .into_iter()
                .map(|m| m.surface)
                .collect();
            let pieces: Vec<String> = segment_word(&normalize(text), &s.surface_vocab)
                .into_iter()
                .map(|p| match p {
                    Piece::Term(t) => t,
                    Piece::Unknown(t) => format!("?{t}"),
                })
                .collect();
            assert_eq!(pieces, indexed, "{text}");
        }
        assert_eq!(ids("新幹線"), ["shinkansen"]);
    }

    #[test]
    fn kana_words_match_readings_not_scattered_kana() {
        // variants turn こども into 子供, but the word is still read as kana
        assert_eq!(ids("こどもしょくどう"), ["kodomo-shokudo"]);
        assert_eq!(ids("しょくどう"), ["kodomo-shokudo"]);
        // は/っ/た/つ occur in the fixture texts, but not as the word はったつ
        assert!(ids("はったつ").is_empty());
        assert!(ids("たつは").is_empty());
    }

    #[test]
    fn one_typo_inside_a_split_compound() {
        // くらしまるごとそうだんしつ is indexed as several terms; one char is wrong
        assert_eq!(ids("くらしまるごとそうたん"), ["kurashi"]);
        assert_eq!(ids("クラシマルゴトソウダソ"), ["kurashi"]);
        let r = searcher().search("くらしまるごとそうたん", &SearchOptions::default());
        assert!(r.hits[0].score <= FUZZY_SCORE + f32::EPSILON);
    }

    #[test]
    fn every_word_is_required() {
        assert_eq!(ids("相談 尼崎"), ["kurashi"]);
        assert!(ids("食堂 西宮").is_empty());
        let both = ids("相談");
        assert!(both.contains(&"kurashi".to_string()) && both.contains(&"kyukyu".to_string()));
    }

    #[test]
    fn ngram_fallback_finds_substrings() {
        // "丸ごと相" is no word, but its bigrams appear in that order.
        assert_eq!(ids("丸ごと相"), ["kurashi"]);
        assert_eq!(ids("ンター"), ["kyukyu"]);
    }

    #[test]
    fn exact_ranks_above_typo() {
        assert_eq!(ids("ボランティア"), ["kodomo-shokudo", "foodbank"]);
        assert_eq!(ids("volunter"), ["volunteer"]);
        let r = searcher().search("ボランティア", &SearchOptions::default());
        assert!(r.hits[0].score > r.hits[1].score);
        // typos are not tolerated in short words
        assert!(ids("voluntee").len() <= 1);
        assert!(ids("食童").is_empty());
    }

    #[test]
    fn typos_only_when_exact_matches_are_few() {
        let mut docs: Vec<Document> = (0..TYPO_THRESHOLD)
            .map(|i| doc(&format!("exact-{i:02}"), "ボランティア募集", "毎週土曜日"))
            .collect();
        docs.push(doc("typo", "ボランテア募集", "毎週土曜日"));
        let dir = tempfile::tempdir().unwrap();
        build(&docs, dir.path()).unwrap();
        let s = Searcher::open_dir(dir.path()).unwrap();
        let opts = SearchOptions::default();
        let r = s.search("ボランティア", &opts);
        assert_eq!(
            r.total as usize, TYPO_THRESHOLD,
            "enough exact matches: no typo search"
        );
        assert!(r.hits.iter().all(|h| h.id != "typo"));
        // with fewer exact matches, the typo match fills in, ranked last
        docs.truncate(TYPO_THRESHOLD - 1);
        docs.push(doc("typo", "ボランテア募集", "毎週土曜日"));
        build(&docs, dir.path()).unwrap();
        let s = Searcher::open_dir(dir.path()).unwrap();
        let r = s.search("ボランティア", &opts);
        assert_eq!(r.total as usize, TYPO_THRESHOLD);
        assert_eq!(r.hits.last().unwrap().id, "typo");
    }

    #[test]
    fn phone_numbers() {
        for q in [
            "4950-0584",
            "0649500584",
            "06-4950-0584",
            "06 4950 0584",
            "＋81-6-4950-0584",
        ] {
            assert_eq!(ids(q), ["kurashi"], "{q}");
        }
        assert_eq!(ids("６４２３－９９１６"), ["kodomo-shokudo"]);
        assert_eq!(ids("#7119"), ["kyukyu"]);
        assert_eq!(ids("7119"), ["kyukyu"]);
        assert_eq!(ids("189"), ["jidou-soudan"]);
    }

    #[test]
    fn facet_filters_are_hierarchical() {
        let all = ids_opts("", Some("/amagasaki"), None);
        assert_eq!(
            all,
            ["kodomo-shokudo", "kurashi", "shinkansen", "volunteer"]
        );
        assert_eq!(
            ids_opts("", Some("amagasaki/amagasaki-tachibana"), None),
            ["kurashi", "volunteer"]
        );
        assert_eq!(
            ids_opts("相談", None, Some("/emergency")),
            ["jidou-soudan", "kyukyu"]
        );
        let mut food = ids_opts("", None, Some("/food"));
        food.sort();
        assert_eq!(food, ["foodbank", "kodomo-shokudo"]);
        // Body text has no n-grams (see index.rs): a lone 食 matches the title only.
        assert_eq!(ids_opts("食", None, Some("/food")), ["kodomo-shokudo"]);
        assert!(ids_opts("", Some("/nowhere"), None).is_empty());
        assert!(ids_opts("", Some("\u{0}bad//"), None).is_empty());

        let r = searcher().search(
            "",
            &SearchOptions {
                area: Some("/amagasaki".into()),
                ..Default::default()
            },
        );
        let count = |path: &str| {
            r.area_counts
                .iter()
                .find(|c| c.path == path)
                .map(|c| c.count)
        };
        assert_eq!(count("/amagasaki"), Some(4));
        assert_eq!(count("/amagasaki/amagasaki-tachibana"), Some(2));
        assert_eq!(count("/nishinomiya"), Some(1)); // area counts ignore the area filter
        assert_eq!(r.total, 4);
        let food = r
            .category_counts
            .iter()
            .find(|c| c.path == "/food")
            .map(|c| c.count);
        assert_eq!(food, Some(1));
    }

    #[test]
    fn ties_break_by_id() {
        assert_eq!(ids("同じ内容"), ["twin-a", "twin-b"]);
        assert_eq!(ids("").len(), 9);
        assert_eq!(ids("")[0], "foodbank");
    }

    #[test]
    fn several_segments_answer_like_one() {
        // Sites always get one merged segment; an index left in several must still
        // count facets across them and break ties by id, not by segment.
        let files = crate::index::build_files_in_segments(&fixture_docs(), 4, None).unwrap();
        let files: Vec<_> = files
            .into_iter()
            .filter(|(n, _)| n != "manifest.json")
            .collect();
        let multi = Searcher::from_files(files).unwrap();
        assert!(multi.reader.searcher().segment_readers().len() > 1);
        assert!(multi.id_ranks.is_some());
        for q in ["", "相談", "同じ内容", "食堂", "尼崎"] {
            for area in [None, Some("/amagasaki")] {
                let opts = SearchOptions {
                    area: area.map(String::from),
                    ..SearchOptions::default()
                };
                assert_eq!(
                    multi.search(q, &opts),
                    searcher().search(q, &opts),
                    "{q:?} {area:?}"
                );
            }
        }
    }

    #[test]
    fn facet_ancestors() {
        let a = |p| ancestors(p).collect::<Vec<_>>();
        assert_eq!(a("/a/bb/c"), ["/a", "/a/bb", "/a/bb/c"]);
        assert_eq!(a("/a"), ["/a"]);
        assert!(a("/").is_empty());
        assert!(a("").is_empty());
    }

    #[test]
    fn from_files_matches_open_dir() {
        let dir = tempfile::tempdir().unwrap();
        let stats = build(&fixture_docs(), dir.path()).unwrap();
        assert_eq!(stats.docs, 9);
        let manifest: crate::index::Manifest =
            serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap())
                .unwrap();
        assert_eq!(manifest.files.len(), stats.files);
        let files = manifest
            .files
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    std::fs::read(dir.path().join(&f.name)).unwrap(),
                )
            })
            .collect();
        let s = Searcher::from_files(files).unwrap();
        let a = s.search("相談", &SearchOptions::default());
        let b = searcher().search("相談", &SearchOptions::default());
        assert_eq!(a.hits, b.hits);
        // rebuilding into the same folder replaces the old files
        build(&fixture_docs()[..2], dir.path()).unwrap();
        assert_eq!(Searcher::open_dir(dir.path()).unwrap().num_docs(), 2);
    }

    #[test]
    fn odd_queries_are_fine() {
        for q in [
            "",
            " ",
            "\"",
            "title:foo",
            "(a OR b)",
            "-",
            "*",
            "🙂",
            "a\u{0}b",
            "[]{}^~",
            "AND",
        ] {
            let _ = searcher().search(q, &SearchOptions::default());
        }
        let long = "あ".repeat(1000) + &"x".repeat(1000);
        let _ = searcher().search(&long, &SearchOptions::default());
        let _ = searcher().search(
            &"子ども 食堂 ".repeat(100),
            &SearchOptions {
                limit: 0,
                ..Default::default()
            },
        );
    }

    #[test]
    fn sixty_docs_index_size() {
        let areas = ["尼崎市", "西宮市", "伊丹市", "宝塚市"];
        let kinds = [
            "子ども食堂",
            "相談窓口",
            "フードバンク",
            "居場所",
            "学習支援",
            "介護予防教室",
        ];
        let docs: Vec<Document> = (0..60)
            .map(|i| Document {
                id: format!("res-{i:03}"),
                title: format!("{}{}その{i}", areas[i % 4], kinds[i % 6]),
                kana: Some("ちいきしげん".into()),
                tags: vec![kinds[i % 6].into(), "地域".into()],
                audiences: vec!["高齢者".into(), "子ども".into()],
                summary: format!("{}で{}を行っています。", areas[i % 4], kinds[i % 6]),
                organization: "社会福祉協議会".into(),
                body: "毎週水曜日の午後に開催。参加費は無料です。お気軽にお問い合わせください。"
                    .repeat(2),
                places: vec!["兵庫県".into(), areas[i % 4].into()],
                area_paths: vec![format!("/hyogo/area-{}", i % 4)],
                category_paths: vec![format!("/support/kind-{}", i % 6)],
                phones: vec![format!("06-{:04}-{:04}", 1000 + i, 2000 + i)],
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let stats = build(&docs, dir.path()).unwrap();
        eprintln!("60 docs: {stats:?}");
        assert!(stats.bytes < 200_000, "{stats:?}");
        let s = Searcher::open_dir(dir.path()).unwrap();
        assert_eq!(
            s.search("伊丹 子ども食堂", &SearchOptions::default()).total,
            5
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
        #[test]
        fn any_query_is_valid(q in "\\PC{0,40}", area in proptest::option::of("\\PC{0,12}")) {
            let opts = SearchOptions { limit: 5, area, category: None };
            let r = searcher().search(&q, &opts);
            prop_assert!(r.hits.len() <= 5);
        }
    }
}
