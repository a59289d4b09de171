//! An opened index ready to answer queries: the same code opens it from a folder (the
//! CLI) and from bytes (the browser).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tantivy::collector::Count;
use tantivy::directory::Directory;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EnableScoring, Occur, Query,
};
use tantivy::schema::{Field, Value};
use tantivy::{DocSet, Index, IndexReader, ReloadPolicy, SegmentReader, TantivyDocument};

use super::cached_term::TermInfos;
use super::collect::{id_ranks, Collected, Match, MatchCollector};
use super::plan::{
    LooksFor, Planner, Scope, TextPlan, Word, FIRST_CONTACT_WEIGHT, LISTED_SHARE,
    PLACE_ABOVE_WEIGHT, PLACE_WEIGHT, TYPO_THRESHOLD,
};
use super::terms::TermFields;
use super::{Hit, QueryWord, SearchError, SearchOptions, SearchResults};
use crate::directory::RangeDirectory;
use crate::facet::{FacetField, FacetTable};
use crate::lexicon::Lexicon;
use crate::schema::Fields;
use crate::segment::Vocabulary;
use crate::vocabulary::{Expansion, VocabularyFile, VOCABULARY_FILE};

/// When fewer entries than this match every found word of a query, the entries that match
/// some of them follow (see [`SearchResults::partial`]).
pub const PARTIAL_THRESHOLD: usize = 10;

/// In partial results, what matching a word is worth before its BM25 score: far more than
/// any BM25 sum, so entries matching more (and rarer) words always come first.
const COVERAGE_SCORE: f32 = 10_000.0;

/// Among entries matching every word of a query naming a place, what being in the place
/// adds (twice this) and what serving it from above adds: more than any BM25 sum, so they
/// come first in that order (see [`place_first`]).
const PLACE_TIER: f32 = COVERAGE_SCORE;

/// An opened index, ready to answer queries.
pub struct Searcher {
    /// Where the index's bytes are; in the browser, what has been fetched so far.
    dir: RangeDirectory,
    reader: IndexReader,
    fields: Fields,
    term_fields: TermFields,
    surface_vocab: Vocabulary,
    query_vocab: Vocabulary,
    reading_vocab: Vocabulary,
    lexicon: Lexicon,
    expansions: Vec<Expansion>,
    places: BTreeMap<String, Vec<String>>,
    readings: BTreeMap<String, Vec<String>>,
    compounds: BTreeMap<String, Vec<String>>,
    compound_chars: usize,
    /// What the term dictionaries said of the terms queries used (see [`TermInfos`]).
    term_infos: Arc<TermInfos>,
    /// Per facet, in [`FacetField::ALL`] order.
    facets: Vec<FacetTable>,
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

    /// Opens an index from its files' names and bytes (the command line, `file://` pages).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Searcher, SearchError> {
        Searcher::open(RangeDirectory::with_files(files))
    }

    /// Opens the index whose bytes `dir` holds or will be given (the browser opens it from
    /// the hotcache alone, see [`crate::hotcache`]).
    pub fn open(dir: RangeDirectory) -> Result<Searcher, SearchError> {
        let vocabulary: VocabularyFile = if dir.exists(Path::new(VOCABULARY_FILE)).unwrap_or(false)
        {
            let bytes = dir
                .atomic_read(Path::new(VOCABULARY_FILE))
                .map_err(|e| SearchError::Vocabulary(e.to_string()))?;
            serde_json::from_slice(&bytes).map_err(|e| SearchError::Vocabulary(e.to_string()))?
        } else {
            VocabularyFile::default()
        };
        let index = Index::open(dir.clone())?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let segments = reader.searcher().segment_readers().to_vec();
        let mut surface_vocab = Vocabulary::default();
        let mut reading_vocab = Vocabulary::default();
        let mut term_fields = TermFields::default();
        let readings = fields.reading_fields();
        for seg in &segments {
            for (bit, (field, _)) in fields.scored_fields().into_iter().enumerate() {
                let vocab = match readings.contains(&field) {
                    true => &mut reading_vocab,
                    false => &mut surface_vocab,
                };
                collect_terms(seg, field, |t| {
                    term_fields.add(t, bit);
                    if !vocab.contains(t) {
                        vocab.insert(t.to_string());
                    }
                })?;
            }
        }
        let lexicon = Lexicon::new(&vocabulary.lexicon);
        // Queries are cut into the index's words, the lexicon's forms and function words,
        // and the thesaurus's words (`ご飯` stays one word even when no entry has it).
        let mut query_vocab = surface_vocab.clone();
        let thesaurus_terms = vocabulary
            .expansions
            .iter()
            .flat_map(|e| e.from.iter().chain(&e.to))
            .flatten();
        for s in thesaurus_terms {
            query_vocab.insert(s.clone());
        }
        for s in lexicon.forms() {
            if lexicon.is_spelling(s) && !surface_vocab.contains(s) {
                query_vocab.insert_spelling(s.clone());
            } else {
                query_vocab.insert_form(s.clone());
            }
        }
        for s in lexicon.persons() {
            query_vocab.insert(s.clone());
        }
        for s in crate::lexicon::CONTENT_KANA {
            query_vocab.insert(s.to_string());
        }
        // Readings of 3 kana or more (`きょうだい` of 兄弟): a resident who writes the word in
        // kana gets it as one word, matched by its reading.
        for s in reading_vocab.terms() {
            if s.chars().count() >= 3 {
                query_vocab.insert_reading(s.clone());
            }
        }
        for s in lexicon.function_words() {
            query_vocab.insert_light(s.clone());
        }
        Ok(Searcher {
            dir,
            facets: FacetField::ALL
                .into_iter()
                .map(|f| FacetTable::new(&segments, f))
                .collect::<tantivy::Result<_>>()?,
            id_ranks: id_ranks(&segments)?,
            reader,
            fields,
            term_fields,
            surface_vocab,
            query_vocab,
            reading_vocab,
            lexicon,
            expansions: vocabulary.expansions,
            places: vocabulary.places,
            readings: vocabulary.readings,
            compound_chars: vocabulary
                .compounds
                .keys()
                .map(|k| k.chars().count())
                .max()
                .unwrap_or(0),
            compounds: vocabulary.compounds,
            term_infos: Arc::default(),
        })
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How a query is read (pieces and what they are), for tuning a thesaurus.
    pub fn explain(&self, q: &str) -> Vec<String> {
        self.planner().explain(q)
    }

    /// What a query looks for: its own words and the thesaurus words it reaches
    /// ([`Planner::looks_for`]).
    pub fn looks_for(&self, q: &str) -> LooksFor {
        self.planner().looks_for(q)
    }

    fn planner(&self) -> Planner<'_> {
        Planner {
            fields: &self.fields,
            term_fields: &self.term_fields,
            index_vocab: &self.surface_vocab,
            query_vocab: &self.query_vocab,
            reading_vocab: &self.reading_vocab,
            lexicon: &self.lexicon,
            expansions: &self.expansions,
            places: &self.places,
            readings: &self.readings,
            compounds: &self.compounds,
            compound_chars: self.compound_chars,
            term_infos: &self.term_infos,
            scope: Scope::All,
        }
    }

    /// Reads, besides what opening reads, what the hotcache should hold: every indexed
    /// field's dictionary (whole, for the text fields, n-grams and facets) and the
    /// fieldnorms of the scored fields. Used at build time on a recording directory.
    pub fn prepare_hotcache(&self) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        let schema = searcher.schema();
        let f = &self.fields;
        let whole: Vec<Field> = f
            .scored_fields()
            .iter()
            .map(|(field, _)| *field)
            .chain([f.ngram, f.area_at, f.first_contact])
            .chain(FacetField::ALL.into_iter().map(|x| f.facet(x)))
            .collect();
        for seg in searcher.segment_readers() {
            for (field, entry) in schema.fields() {
                if !entry.is_indexed() {
                    continue;
                }
                let inv = seg.inverted_index(field)?;
                if whole.contains(&field) {
                    let mut stream = inv.terms().stream().map_err(tantivy::TantivyError::from)?;
                    while stream.advance() {}
                }
                if entry.has_fieldnorms() {
                    seg.get_fieldnorms_reader(field)?;
                }
            }
        }
        Ok(())
    }

    /// The bytes of the index held (in the browser: fetched so far).
    pub fn cached_bytes(&self) -> u64 {
        self.dir.cached_bytes()
    }

    /// Provides bytes of an index file (the browser, after [`SearchError::Missing`]).
    pub fn provide(&self, file: &str, start: u64, data: &[u8]) {
        self.dir.provide(file, start, data);
    }

    /// Searches. Any text is a valid query: an empty one lists everything that passes the
    /// filters, by id. Entries matching every found word of a query come first; when
    /// they are fewer than [`PARTIAL_THRESHOLD`], entries matching some follow. Errors
    /// when the index cannot be read, and with [`SearchError::Missing`] when the bytes
    /// the query needs have not been provided yet (never when every file is there).
    pub fn search(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        self.dir.take_missing();
        match self.search_loaded(q, opts) {
            Err(SearchError::Tantivy(e)) => match self.dir.take_missing() {
                missing if missing.is_empty() => Err(SearchError::Tantivy(e)),
                missing => Err(SearchError::Missing(missing)),
            },
            other => other,
        }
    }

    /// Fetches, by polling tantivy's warm-up once per term, the postings (and positions)
    /// of every term of `queries`; what is not loaded is recorded: `Missing` then lists
    /// all of it at once, so a query costs one round of fetches, not one per term.
    fn warm(&self, queries: &[&dyn Query]) -> Result<(), SearchError> {
        let searcher = self.reader.searcher();
        // each term once, with positions if any query needs them
        let mut terms: std::collections::HashMap<&tantivy::Term, bool> = Default::default();
        for q in queries {
            q.query_terms(&mut |t, positions| *terms.entry(t).or_default() |= positions);
        }
        for seg in searcher.segment_readers() {
            for (&term, positions) in &terms {
                if self.term_infos.is_warm(seg, term, *positions) {
                    continue;
                }
                let inv = match seg.inverted_index(term.field()) {
                    Ok(inv) => inv,
                    Err(_) => continue, // recorded as missing, or a real error found later
                };
                match poll_once(inv.warm_postings(term, *positions)) {
                    Some(Ok(_)) => self.term_infos.set_warm(seg, term, *positions),
                    Some(Err(e)) if !self.dir.has_missing() => {
                        return Err(SearchError::Tantivy(e.into()))
                    }
                    _ => {}
                }
            }
        }
        match self.dir.take_missing() {
            missing if missing.is_empty() => Ok(()),
            missing => Err(SearchError::Missing(missing)),
        }
    }

    fn search_loaded(&self, q: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let planner = self.planner();
        let filters: Vec<Option<Box<dyn Query>>> = FacetField::ALL
            .into_iter()
            .map(|f| opts.filter(f).map(|v| planner.facet_filter(f, v)))
            .collect();
        let only_docs: Option<Box<dyn Query>> = opts.docs.as_ref().map(|d| {
            Box::new(ConstScoreQuery::new(
                Box::new(super::docs::DocsQuery(Arc::new(d.clone()))),
                0.0,
            )) as Box<dyn Query>
        });
        let searcher = self.reader.searcher();
        // Matches of `text` passing every filter but `except`'s.
        let collect = |text: &dyn Query,
                       except: Option<FacetField>,
                       keep_matches: bool|
         -> tantivy::Result<Collected> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
            for (f, q) in FacetField::ALL.into_iter().zip(&filters) {
                if let (Some(q), true) = (q, Some(f) != except) {
                    clauses.push((Occur::Must, q.box_clone()));
                }
            }
            if let Some(q) = &only_docs {
                clauses.push((Occur::Must, q.box_clone()));
            }
            let collector = MatchCollector {
                facets: &self.facets,
                id_ranks: self.id_ranks.as_deref(),
                keep_matches,
            };
            let statistics = self.term_infos.statistics(&searcher);
            searcher.search_with_statistics_provider(
                &BooleanQuery::new(clauses),
                &collector,
                &statistics,
            )
        };
        // How many entries a query matches, filters aside.
        let docs = searcher.num_docs();
        let count = |q: &dyn Query| searcher.search(q, &Count);
        // How many entries each word matches, filters aside: a word no entry matches says
        // nothing about which entry the resident needs, and is left out.
        let counts = |plan: &TextPlan| -> tantivy::Result<Vec<usize>> {
            plan.words
                .iter()
                .map(|w| searcher.search(&*w.query, &Count))
                .collect()
        };

        let filter_queries: Vec<&dyn Query> = filters.iter().flatten().map(|q| &**q).collect();
        let warm_plan = |plan: &TextPlan| -> Result<(), SearchError> {
            let mut queries: Vec<&dyn Query> = plan.words.iter().map(|w| &*w.query).collect();
            // (a place's first contacts rank partial results: see `most_words`)
            queries.extend(
                plan.words
                    .iter()
                    .filter_map(|w| Some(&*w.place.as_ref()?.first)),
            );
            queries.extend(filter_queries.iter().copied());
            self.warm(&queries)
        };
        // How many entries each word matches, the query of them all, and its matches.
        let evaluate = |plan: &mut TextPlan| -> Result<_, SearchError> {
            warm_plan(plan)?;
            // A lone word's matches say how many it has (one pass over the index, not two),
            // unless the filters hide them all.
            if plan.words.len() == 1 {
                let text = every_word(plan, &[1], docs, &count)?;
                let main = collect(&*text, None, true)?;
                if !main.matches.is_empty() {
                    return Ok((vec![main.matches.len()], text, main));
                }
            }
            let mut found = counts(plan)?;
            if split_dead_compounds(plan, &found) {
                warm_plan(plan)?;
                found = counts(plan)?;
            }
            let text = every_word(plan, &found, docs, &count)?;
            let main = collect(&*text, None, true)?;
            Ok((found, text, main))
        };
        let mut plan = planner.plan(q, false);
        let (mut found, mut text, mut main) = evaluate(&mut plan)?;
        if plan.typos_possible && main.matches.len() < TYPO_THRESHOLD {
            plan = planner.plan(q, true);
            (found, text, main) = evaluate(&mut plan)?;
        }
        let live: Vec<usize> = (0..plan.words.len()).filter(|&i| found[i] > 0).collect();
        let all_words = main.matches.len() as u64;
        let mut partial = false;
        if live.len() >= 2 && main.matches.len() < PARTIAL_THRESHOLD {
            text = most_words(&plan, &found, docs, &count)?;
            main = collect(&*text, None, true)?;
            partial = main.matches.len() as u64 > all_words;
        }
        let total = main.matches.len() as u64;
        // Each facet's counts ignore its own filter, so the other choices stay visible.
        let mut counts = Vec::with_capacity(FacetField::ALL.len());
        for (i, f) in FacetField::ALL.into_iter().enumerate() {
            let raw = match &filters[i] {
                Some(_) => collect(&*text, Some(f), false)?.counts.swap_remove(i),
                None => std::mem::take(&mut main.counts[i]),
            };
            counts.push(self.facets[i].counts(&raw));
        }
        let mut counts = counts.into_iter();
        let mut next = || counts.next().unwrap_or_default();

        let mut ranked = main.matches;
        if ranked.len() > opts.limit && opts.limit > 0 {
            ranked.select_nth_unstable_by(opts.limit - 1, Match::order);
        }
        ranked.truncate(opts.limit);
        ranked.sort_unstable_by(Match::order);
        let matched = if partial {
            self.matched_words(&plan, &live, &ranked)?
        } else {
            vec![Vec::new(); ranked.len()]
        };
        // The shown hits' stored fields (their result cards), all fetched in one round.
        for m in &ranked {
            poll_once(searcher.doc_async::<TantivyDocument>(m.address));
        }
        let missing = self.dir.take_missing();
        if !missing.is_empty() {
            return Err(SearchError::Missing(missing));
        }
        let mut hits = Vec::with_capacity(ranked.len());
        for (m, matched) in ranked.into_iter().zip(matched) {
            let doc: TantivyDocument = searcher.doc(m.address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let card = text(self.fields.card);
            hits.push(Hit {
                id: text(self.fields.id),
                title: text(self.fields.title),
                score: m.score,
                matched,
                card: (!card.is_empty()).then_some(card),
            });
        }
        let words = plan
            .words
            .iter()
            .zip(&found)
            .map(|(w, &n)| QueryWord {
                text: w.text.clone(),
                found: n > 0,
            })
            .collect();
        Ok(SearchResults {
            hits,
            total,
            all_words,
            area_counts: next(),
            category_counts: next(),
            use_counts: next(),
            language_counts: next(),
            audience_counts: next(),
            terms: plan.terms,
            words,
            partial,
        })
    }

    /// For each match, the indices of the `live` words it matches.
    fn matched_words(
        &self,
        plan: &TextPlan,
        live: &[usize],
        matches: &[Match],
    ) -> tantivy::Result<Vec<Vec<u16>>> {
        let searcher = self.reader.searcher();
        let mut out = vec![Vec::new(); matches.len()];
        let mut order: Vec<usize> = (0..matches.len()).collect();
        order.sort_by_key(|&i| matches[i].address);
        for &w in live {
            let weight = plan.words[w]
                .query
                .weight(EnableScoring::disabled_from_searcher(&searcher))?;
            for group in order
                .chunk_by(|&a, &b| matches[a].address.segment_ord == matches[b].address.segment_ord)
            {
                let segment = matches[group[0]].address.segment_ord;
                let reader = searcher.segment_reader(segment);
                let mut scorer = weight.scorer(reader, 1.0)?;
                for &i in group {
                    let doc = matches[i].address.doc_id;
                    if scorer.doc() <= doc && scorer.seek(doc) == doc {
                        out[i].push(w as u16);
                    }
                }
            }
        }
        Ok(out)
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

/// Replaces each compound no entry has by its pieces; whether any was replaced.
fn split_dead_compounds(plan: &mut TextPlan, found: &[usize]) -> bool {
    if !plan
        .words
        .iter()
        .zip(found)
        .any(|(w, &n)| n == 0 && !w.parts.is_empty())
    {
        return false;
    }
    let words = std::mem::take(&mut plan.words);
    for (w, &n) in words.into_iter().zip(found) {
        if n == 0 && !w.parts.is_empty() {
            plan.words.extend(w.parts);
        } else {
            plan.words.push(w);
        }
    }
    true
}

/// Every word an entry matches (the words no entry matches left out); everything when the
/// text has no word, nothing when it has words but none is found. Weak words
/// ([`super::plan::Word::weak`]) only rank, unless the text has nothing stronger. Of
/// several words, an entry has one through the thesaurus only by a phrase its own text
/// holds (not one only a category's name or keywords hold) and few entries hold
/// ([`MEMBER_RARITY`]): otherwise it may follow among those with some words. Entries in a
/// place the query names come first ([`place_first`]).
/// `entries_matching` counts the entries a query matches.
fn every_word(
    plan: &TextPlan,
    found: &[usize],
    docs: u64,
    entries_matching: &dyn Fn(&dyn Query) -> tantivy::Result<usize>,
) -> tantivy::Result<Box<dyn Query>> {
    if plan.words.is_empty() {
        return Ok(Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)));
    }
    let live: Vec<&Word> = plan
        .words
        .iter()
        .zip(found)
        .filter(|(_, &n)| n > 0)
        .map(|(w, _)| w)
        .collect();
    let strong = live.iter().any(|w| !w.weak);
    // (a weak word beside a stronger one is no word an entry must have)
    let required = live.iter().filter(|w| !(w.weak && strong)).count();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(live.len());
    for w in &live {
        let occur = if w.weak && strong {
            Occur::Should
        } else {
            Occur::Must
        };
        let listed_phrases = w.listed.as_ref().is_some_and(|l| !l.phrases.is_empty());
        if required == 1 || occur == Occur::Should || (w.own.phrases.is_empty() && !listed_phrases)
        {
            clauses.push((occur, place_first(w, w.query.box_clone())));
            continue;
        }
        let mut answers: Vec<Box<dyn Query>> = vec![w.direct.box_clone()];
        if let Some(p) = &w.place {
            answers.extend([p.within.box_clone(), p.above.box_clone()]);
        }
        for phrase in &w.own.phrases {
            if rarity(phrase.entries(entries_matching)?, docs) >= MEMBER_RARITY {
                answers.push(phrase.query.box_clone());
            }
        }
        let q: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(answers)),
                    0.0,
                )),
            ),
            (Occur::Should, w.query.box_clone()),
        ]));
        clauses.push((occur, place_first(w, q)));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// `matches` of a place word ranked by where the entries are: those in the place first,
/// then those serving it from above, then those that only say its name (小田 is a
/// district of 尼崎 and a street of 三田: 「小田で介護に疲れて」 wants 小田's desks, not
/// 三田's 「小田地域包括支援センター」), each by BM25 ([`PLACE_TIER`]). Other words pass as
/// they are.
fn place_first(w: &Word, matches: Box<dyn Query>) -> Box<dyn Query> {
    let Some(p) = &w.place else {
        return matches;
    };
    let tier = |q: &dyn Query, score: f32| -> (Occur, Box<dyn Query>) {
        (
            Occur::Should,
            Box::new(ConstScoreQuery::new(q.box_clone(), score)),
        )
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, matches),
        tier(&*p.within, 2.0 * PLACE_TIER),
        tier(&*p.above, PLACE_TIER),
    ]))
}

/// How rare a query's matches are among `docs` entries: 0 for what every entry has, 1 for
/// what one entry has (an IDF scaled to the index).
fn rarity(n: usize, docs: u64) -> f32 {
    (1.0 + docs as f32 / n.max(1) as f32).ln() / (1.0 + docs as f32).ln()
}

/// Any found word, scored by how many (then how rare) the words an entry matches are, then
/// by BM25: `COVERAGE_SCORE × weight × (1 + RARITY_SHARE × rarity)` per word matched, plus
/// [`FURTHER_MATCHES`] of each further way the entry's own text answers it (a
/// match through a thesaurus phrase counts [`EXPANSION_COVERAGE`] of that, all of it for a
/// [`super::plan::ThesaurusPhrase::concept`], less for a phrase many entries hold: see
/// [`SPECIFIC_RARITY`]; a match only in what the entry is listed under, [`LISTED_SHARE`]
/// of it; a place word counts [`FIRST_CONTACT_WEIGHT`] more for the place's first
/// contacts), plus its score (a word's weight: see [`super::plan::Word::weight`]).
/// `entries_matching` counts the entries a query matches.
fn most_words(
    plan: &TextPlan,
    found: &[usize],
    docs: u64,
    entries_matching: &dyn Fn(&dyn Query) -> tantivy::Result<usize>,
) -> tantivy::Result<Box<dyn Query>> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for (w, &n) in plan.words.iter().zip(found).filter(|(_, &n)| n > 0) {
        // Mostly how many words; rarity adds up to a quarter of a word.
        let worth = |weight: f32| COVERAGE_SCORE * weight * (1.0 + RARITY_SHARE * rarity(n, docs));
        let mut coverage: Vec<Box<dyn Query>> = Vec::new();
        // The ways an entry's own text answers the word (itself, its thesaurus phrases):
        // the best counts fully, each other one a share.
        let mut own_ways: Vec<Box<dyn Query>> = Vec::new();
        let counted = |q: &dyn Query, worth: f32| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(q.box_clone(), worth))
        };
        let listed = w.listed.iter().map(|m| (m, true));
        for (m, listed) in [(&w.own, false)].into_iter().chain(listed) {
            let (ways, share) = match listed {
                true => (&mut coverage, LISTED_SHARE),
                false => (&mut own_ways, 1.0),
            };
            ways.push(counted(&*m.direct, worth(w.weight) * share));
            for phrase in &m.phrases {
                // A need named by several words (夫+逃げる) counts as each of them
                // matched, person nouns (夫) included.
                let full = match phrase.concept {
                    true => worth(w.weight.max(1.0)),
                    false => worth(w.weight) * EXPANSION_COVERAGE,
                };
                let specific = rarity(phrase.entries(entries_matching)?, docs) / SPECIFIC_RARITY;
                ways.push(counted(&*phrase.query, full * share * specific.min(1.0)));
            }
        }
        coverage.push(Box::new(DisjunctionMaxQuery::with_tie_breaker(
            own_ways,
            FURTHER_MATCHES,
        )));
        // A place counts most for the entries in it (see `PlaceMatch`).
        if let Some(p) = &w.place {
            for (q, weight) in [(&p.within, PLACE_WEIGHT), (&p.above, PLACE_ABOVE_WEIGHT)] {
                coverage.push(counted(&**q, worth(weight)));
            }
        }
        let word: Box<dyn Query> = Box::new(BooleanQuery::union(vec![
            Box::new(DisjunctionMaxQuery::new(coverage)),
            w.query.box_clone(),
        ]));
        // ... and its first contacts a little more (among the entries it matches).
        let word = match &w.place {
            Some(p) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, word),
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(
                        p.first.box_clone(),
                        COVERAGE_SCORE * FIRST_CONTACT_WEIGHT,
                    )),
                ),
            ])),
            None => word,
        };
        clauses.push(word);
    }
    Ok(Box::new(BooleanQuery::union(clauses)))
}

/// A thesaurus phrase held by so few entries that its [`rarity`] is at
/// least this counts fully in partial results; one more entries hold counts in proportion:
/// `空き缶+集める` leads to 空き缶 and to 見守り, and the few entries that say 空き缶 answer
/// it better than every salon that says 見守り. (Fully: a phrase 7 entries of 111 hold,
/// or 30 of 5,000.)
const SPECIFIC_RARITY: f32 = 0.6;

/// Of several words, an entry has one through a thesaurus phrase only when the phrase is
/// at least this rare (see [`rarity`]; it still ranks the entry otherwise): `弟+ご飯` leads
/// to 子どもの相談, whose words every children's café holds (「ご相談ください。子どもは
/// 無料」), and a café does not answer `妹と弟のごはん毎日つくってて宿題する時間ない` better
/// than a desk that says some of its words. (Not rare enough: a phrase more than a fifth of
/// 5,000 entries hold, or two thirds of 100.)
const MEMBER_RARITY: f32 = 0.2;

/// In partial results, what each further way an entry's own text answers a word (the word
/// itself, each thesaurus phrase) adds, as a share of what that way is worth (the best way
/// counts fully): `クビ` leads to 失業, 生活困窮, 自立相談支援 and 就労支援, and a desk that
/// holds three of them answers it better than a workshop that holds 就労支援 alone. (Not a
/// place's ways: an entry in 芦屋 that says 芦屋 is not more in 芦屋.)
const FURTHER_MATCHES: f32 = 0.2;

/// How much a word's rarity adds to what matching it is worth in partial results (see
/// [`most_words`]): a quarter of a word at most, so an entry with more of the words always
/// comes first.
const RARITY_SHARE: f32 = 0.25;

/// What a word matched only through the thesaurus counts in partial results, against a
/// direct match: an entry that says 不登校 beats one that only has a word 不登校 expands to.
pub const EXPANSION_COVERAGE: f32 = 0.6;

/// Polls a future once (warm-ups read what is loaded and record the rest, see
/// [`crate::directory`]); its output if it finished.
fn poll_once<F: std::future::Future>(f: F) -> Option<F::Output> {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Some(v),
        std::task::Poll::Pending => None,
    }
}

fn collect_terms(
    seg: &SegmentReader,
    field: tantivy::schema::Field,
    mut each: impl FnMut(&str),
) -> tantivy::Result<()> {
    let inv = seg.inverted_index(field)?;
    let mut stream = inv.terms().stream()?;
    while stream.advance() {
        if let Ok(s) = std::str::from_utf8(stream.key()) {
            each(s);
        }
    }
    Ok(())
}
