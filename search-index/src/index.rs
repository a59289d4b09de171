//! Writing the index (native only): lindera tokenisation, one merged segment
//! built in RAM, files written to a folder together with `manifest.json`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lindera::segmenter::Segmenter;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::schema::{Facet, Field, OwnedValue};
use tantivy::store::Compressor;
use tantivy::tokenizer::{PreTokenizedString, RawTokenizer, Token};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use crate::dict::{self, DictError};
use crate::facet::{parse_facet, FacetField};
use crate::lexicon::{Known, Lexicon, LexiconWords, NEGATED};
use crate::phone::PhoneNumber;
use crate::schema::{build_schema, Fields};
use crate::tokenize::{
    analyze, ngram_tokens, simple_token, Morph, TOKENIZER_JA, TOKENIZER_NGRAM, TOKENIZER_READING,
};
use crate::vocabulary::{Expansion, VocabularyFile, VOCABULARY_FILE};

/// Name of the manifest file listing the index files (what the browser fetches).
pub const MANIFEST: &str = "manifest.json";
/// Format version written to the manifest; bump on schema/semantics changes.
pub const FORMAT_VERSION: u32 = 7;

/// An area an entry is in, or an ancestor of one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Its name (`立花地区`).
    pub name: String,
    /// Its area facet path (`/zenkoku/hyogo/amagasaki/amagasaki-tachibana`).
    pub path: String,
    /// The reading of its name, if the site gives one (`たちばなちく`: the dictionary
    /// reads 立花 りっか).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
}

/// One resource to index, as plain data (the site generator fills it in).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Unique id (slug); results are returned by id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Optional kana reading of the title.
    pub kana: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Target audiences.
    pub audiences: Vec<String>,
    /// One-line summary.
    pub summary: String,
    /// Operating organisation.
    pub organization: String,
    /// Body as plain text.
    pub body: String,
    /// The entry's areas, ancestors included (`尼崎市`, `立花地区`): their names are
    /// indexed, and are what the query side knows as place words.
    pub places: Vec<Place>,
    /// Category names, ancestors included (indexed with the places).
    pub category_names: Vec<String>,
    /// Everyday words for the entry's areas and categories and their ancestors
    /// (`keywords` in areas.yaml and categories.yaml).
    pub keywords: Vec<String>,
    /// Area facet paths, e.g. `/amagasaki/amagasaki-tachibana`.
    pub area_paths: Vec<String>,
    /// Category facet paths, e.g. `/support/food`.
    pub category_paths: Vec<String>,
    /// The area facet paths whose residents start here when unsure (areas.yaml's
    /// `first_contact`, of the area or of its nearest ancestor naming some).
    pub first_contact_of: Vec<String>,
    /// Phone numbers, as validated.
    pub phones: Vec<PhoneNumber>,
    /// How a resident reaches it (`visit`, `phone` …), a filter.
    pub how_to_use: Vec<String>,
    /// Languages served (BCP 47 tags), a filter.
    pub languages: Vec<String>,
    /// The site's result card for this entry (JSON), stored for the browser to show hits
    /// without downloading every card; empty for none.
    pub card: String,
}

/// The manifest written next to the index files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Number of documents.
    pub docs: u64,
    /// Index files (name and byte size), sorted by name.
    pub files: Vec<ManifestFile>,
    /// The [`crate::hotcache`] file: what the browser fetches first (named after its
    /// bytes, so a page never pairs it with another build's files).
    pub hotcache: String,
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name inside the index folder.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

/// Errors while building the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The Japanese dictionary could not be loaded or built.
    #[error(transparent)]
    Dictionary(#[from] DictError),
    /// tantivy failed.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Two documents share an id.
    #[error("search index: duplicate document id {0:?}")]
    DuplicateId(String),
    /// A facet path is malformed.
    #[error("search index: document {id:?}: bad facet path {path:?} (expected like /amagasaki/tachibana)")]
    BadFacet {
        /// Document id.
        id: String,
        /// The path as given.
        path: String,
    },
    /// Reading or writing files failed.
    #[error("search index: {path}: {source}")]
    Io {
        /// File concerned.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Bytes of stored documents per doc-store block (tantivy's default is 16 KiB). The
/// browser fetches the block of each hit it shows: small blocks (a few result cards)
/// keep a page of 50 hits near 50 blocks' worth, at the cost of a larger skip index in
/// the hotcache (a few bytes per block).
const DOCSTORE_BLOCK: usize = 2048;

/// Creates an empty in-RAM index with the schema.
fn create_index() -> Result<(Index, RamDirectory), IndexError> {
    let dir = RamDirectory::create();
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_compress_dedicated_thread: false,
        docstore_blocksize: DOCSTORE_BLOCK,
        ..IndexSettings::default()
    };
    let index = Index::create(dir.clone(), build_schema(), settings)?;
    // Documents arrive pre-tokenised (see `Analysis`): the writer only needs the names.
    let tm = index.tokenizers();
    for name in [TOKENIZER_JA, TOKENIZER_READING, TOKENIZER_NGRAM] {
        tm.register(name, RawTokenizer::default());
    }
    Ok((index, dir))
}

/// One document, analysed: what the writer indexes, and the verbs and adjectives it uses
/// (for the query lexicon).
#[derive(Clone)]
pub struct Analysed {
    doc: IndexDoc,
    words: Vec<(String, String)>,
    /// Its areas' names and the terms in them, each with the area's path (place words
    /// for queries).
    places: Vec<(String, String)>,
    /// The readings of those names and terms, each with the name or term.
    place_readings: Vec<(String, String)>,
}

/// A document as the writer takes it: field values in the order added, pre-tokenized
/// texts kept as they are (tantivy's `TantivyDocument` stores them as JSON and parses
/// them back while indexing), shared: `serve` hands cached analyses to each new writer
/// without copying them.
#[derive(Debug, Clone)]
pub struct IndexDoc(Arc<[(Field, OwnedValue)]>);

/// An [`IndexDoc`] being made.
#[derive(Debug, Default)]
struct DocBuilder(Vec<(Field, OwnedValue)>);

impl DocBuilder {
    fn add_text(&mut self, field: Field, text: &str) {
        self.0.push((field, OwnedValue::Str(text.to_string())));
    }

    fn add_pre_tokenized_text(&mut self, field: Field, text: PreTokenizedString) {
        self.0.push((field, OwnedValue::PreTokStr(text)));
    }

    fn add_facet(&mut self, field: Field, facet: Facet) {
        self.0.push((field, OwnedValue::Facet(facet)));
    }

    fn finish(self) -> IndexDoc {
        IndexDoc(self.0.into())
    }
}

type FieldValue<'a> = (Field, &'a OwnedValue);

fn field_value(e: &(Field, OwnedValue)) -> FieldValue<'_> {
    (e.0, &e.1)
}

impl tantivy::schema::Document for IndexDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = std::iter::Map<
        std::slice::Iter<'a, (Field, OwnedValue)>,
        fn(&'a (Field, OwnedValue)) -> FieldValue<'a>,
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.0.iter().map(field_value)
    }
}

/// Analyses documents before they reach the (single-threaded, hence deterministic)
/// writer: tokenising is the expensive part, and this way it runs on every core. Each text
/// is segmented once, for its field (surfaces, and dictionary forms beside inflected ones)
/// and for `reading`.
struct Analysis<'a> {
    segmenter: &'a Segmenter,
    fields: &'a Fields,
    doc: DocBuilder,
    words: BTreeSet<(String, String)>,
    places: BTreeSet<(String, String)>,
    place_readings: BTreeSet<(String, String)>,
}

fn pre_tokenized(text: &str, tokens: Vec<Token>) -> PreTokenizedString {
    PreTokenizedString {
        text: text.to_string(),
        tokens: tokens
            .into_iter()
            .filter(|t| !t.text.is_empty() && t.text.len() <= crate::tokenize::MAX_TOKEN_BYTES)
            .collect(),
    }
}

impl Analysis<'_> {
    /// Adds `text` to the Japanese text `field`, and its readings to `reading` (or, for
    /// what the entry is listed under, to `listed_reading`).
    fn text(&mut self, field: Field, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let morphs = analyze(self.segmenter, text);
        let mut surfaces = Vec::with_capacity(morphs.len());
        let mut readings = Vec::with_capacity(morphs.len());
        for (position, m) in morphs.into_iter().enumerate() {
            let token = |text: String| Token {
                offset_from: m.offset.0,
                offset_to: m.offset.1,
                position,
                text,
                position_length: 1,
            };
            readings.push(token(m.reading.clone()));
            if let Some((base, conj)) = &m.inflected {
                if *base != m.surface {
                    surfaces.push(token(base.clone()));
                }
                // (not the verbs lindera finds in an entry's reading, a run of kana it
                // guesses at: ろうどうくみあい is no verb くみあう, and their kana forms would
                // read queries' grammar, でしょ + うか of うく)
                if field != self.fields.kana {
                    self.words.insert((base.clone(), conj.clone()));
                }
            }
            surfaces.push(token(m.surface));
        }
        self.doc
            .add_pre_tokenized_text(field, pre_tokenized(text, surfaces));
        let reading = self.fields.reading_of(field);
        self.doc
            .add_pre_tokenized_text(reading, pre_tokenized(text, readings));
    }

    /// Adds `text`'s character n-grams to the `ngram` field.
    fn ngrams(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let tokens = ngram_tokens(&crate::normalize(text))
            .into_iter()
            .map(|(p, t)| simple_token(p, t))
            .collect();
        let f = self.fields.ngram;
        self.doc
            .add_pre_tokenized_text(f, pre_tokenized(text, tokens));
    }
}

fn analyse(doc: &Document, f: &Fields, segmenter: &Segmenter) -> Result<Analysed, IndexError> {
    let mut a = Analysis {
        segmenter,
        fields: f,
        doc: DocBuilder::default(),
        words: BTreeSet::new(),
        places: BTreeSet::new(),
        place_readings: BTreeSet::new(),
    };
    a.doc.add_text(f.id, &doc.id);
    // Every text is analysed into its field, and into its reading field (kana queries). Only the
    // short, distinctive texts (title, reading, tags) also get `ngram`, the substring
    // fallback: it is the biggest part of the index every first search downloads (with
    // positions, for phrases), and n-grams of summaries, organisations, area names or
    // bodies cost that much for no recall on the evaluation set (tests/eval).
    a.text(f.title, &doc.title);
    a.ngrams(&doc.title);
    if !doc.card.is_empty() {
        a.doc.add_text(f.card, &doc.card);
    }
    if let Some(k) = &doc.kana {
        a.text(f.kana, k);
        a.ngrams(k);
    }
    for t in &doc.tags {
        a.text(f.tags, t);
        a.ngrams(t);
    }
    for t in &doc.audiences {
        a.text(f.audiences, t);
    }
    for p in doc
        .places
        .iter()
        .map(|p| &p.name)
        .chain(&doc.category_names)
    {
        a.text(f.places, p);
    }
    // A place is named by its whole name (`中央地区`) or a term of it (`立花`, `芦屋`).
    for p in &doc.places {
        let name = crate::normalize(&p.name);
        a.places.insert((name.clone(), p.path.clone()));
        let morphs = analyze(segmenter, &p.name);
        // (the dictionary's readings too: the `listed_reading` field has them)
        for kana in [None, p.kana.as_deref()] {
            let readings = place_readings(&morphs, kana);
            a.place_readings.insert((readings.whole, name.clone()));
            for (m, reading) in morphs.iter().zip(readings.terms) {
                if !m.function && m.surface.chars().count() > 1 {
                    a.place_readings.insert((reading, m.surface.clone()));
                }
            }
        }
        for m in morphs {
            if !m.function && m.surface.chars().count() > 1 {
                a.places.insert((m.surface, p.path.clone()));
            }
        }
    }
    for k in &doc.keywords {
        a.text(f.keywords, k);
    }
    a.text(f.summary, &doc.summary);
    a.text(f.organization, &doc.organization);
    a.text(f.body, &doc.body);
    for p in &doc.phones {
        let tokens = p.index_terms().into_iter().enumerate();
        a.doc.add_pre_tokenized_text(
            f.phone,
            PreTokenizedString {
                text: p.digits.clone(),
                tokens: tokens.map(|(i, t)| simple_token(i, t)).collect(),
            },
        );
    }
    for (field, paths) in [(f.area, &doc.area_paths), (f.category, &doc.category_paths)] {
        for p in paths {
            let facet =
                parse_facet(p)
                    .filter(|f| !f.is_root())
                    .ok_or_else(|| IndexError::BadFacet {
                        id: doc.id.clone(),
                        path: p.clone(),
                    })?;
            a.doc.add_facet(field, facet);
            if field == f.area {
                a.doc.add_text(f.area_at, p);
            }
        }
    }
    for p in &doc.first_contact_of {
        a.doc.add_text(f.first_contact, p);
    }
    for (field, values) in [
        (f.how_to_use, &doc.how_to_use),
        (f.language, &doc.languages),
        (f.audience, &doc.audiences),
    ] {
        for v in values.iter().filter(|v| !v.trim().is_empty()) {
            a.doc.add_facet(field, FacetField::flat(v));
        }
    }
    Ok(Analysed {
        doc: a.doc.finish(),
        words: a.words.into_iter().collect(),
        places: a.places.into_iter().collect(),
        place_readings: a.place_readings.into_iter().collect(),
    })
}

/// The readings of a place's name and of each of its morphemes.
struct PlaceReadings {
    whole: String,
    terms: Vec<String>,
}

/// How residents read a place's name (`morphs`, the name analysed) and its morphemes:
/// from the site's `kana` when given (`たちばなちく` makes 立花 たちばな, where the
/// dictionary says りっか: a morpheme's reading is what `kana` holds between the
/// dictionary's readings of the morphemes around it), else the dictionary's.
fn place_readings(morphs: &[Morph], kana: Option<&str>) -> PlaceReadings {
    let dictionary: Vec<String> = morphs.iter().map(|m| m.reading.clone()).collect();
    let Some(kana) = kana
        .map(|k| crate::normalize(&k.split_whitespace().collect::<String>()))
        .filter(|k| !k.is_empty() && k.chars().all(crate::normalize::is_kana))
    else {
        return PlaceReadings {
            whole: dictionary.concat(),
            terms: dictionary,
        };
    };
    let terms = (0..morphs.len())
        .map(|i| {
            let (before, after) = (dictionary[..i].concat(), dictionary[i + 1..].concat());
            kana.strip_prefix(before.as_str())
                .and_then(|rest| rest.strip_suffix(after.as_str()))
                .filter(|middle| !middle.is_empty())
                .map_or_else(|| dictionary[i].clone(), str::to_string)
        })
        .collect();
    PlaceReadings { whole: kana, terms }
}

/// The thesaurus of a site, as written: each item's `from` phrases and the `to` words they
/// should also find (a `{words: [...]}` group is every member to every member).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thesaurus {
    /// `(from, to)` per item.
    pub items: Vec<(Vec<String>, Vec<String>)>,
}

/// A thesaurus phrase as the query side sees it.
struct PhraseTerms {
    /// Its content terms (function words dropped, verbs and adjectives in their
    /// dictionary form).
    terms: Vec<String>,
    /// Its verbs and adjectives (dictionary form, conjugation type).
    words: Vec<(String, String)>,
    /// The readings of its nouns, each with the noun (see [`add_reading`]).
    readings: Vec<(String, String)>,
    /// Its runs of two words or more that neither inflect nor are grammar (障害+者+手帳),
    /// as their readings.
    compounds: Vec<Vec<String>>,
    /// Whether it negates (`友達がいない`).
    negated: bool,
}

fn phrase_terms(segmenter: &Segmenter, phrase: &str) -> PhraseTerms {
    let mut p = PhraseTerms {
        terms: Vec::new(),
        words: Vec::new(),
        readings: Vec::new(),
        compounds: Vec::new(),
        negated: false,
    };
    let mut run: Vec<String> = Vec::new();
    let end_run = |run: &mut Vec<String>, compounds: &mut Vec<Vec<String>>| {
        if run.len() > 1 {
            compounds.push(run.clone());
        }
        run.clear();
    };
    let morphs = analyze(segmenter, phrase);
    let surfaces: Vec<&str> = morphs.iter().map(|m| m.surface.as_str()).collect();
    let nobody = crate::lexicon::nobody_pieces(&surfaces);
    for (i, (m, nobody)) in morphs.iter().zip(nobody).enumerate() {
        // (住むところがない: 住む + 場所, as the query reads it)
        let place = i.checked_sub(1).is_some_and(|b| {
            morphs[b].inflected.as_ref().is_some_and(|(base, _)| {
                let bases = std::slice::from_ref(base);
                crate::lexicon::says_place(&morphs[b].surface, bases, &m.surface)
            })
        });
        if place {
            end_run(&mut run, &mut p.compounds);
            let term = crate::lexicon::PLACE_WORD.to_string();
            if !p.terms.contains(&term) {
                p.terms.push(term);
            }
            continue;
        }
        if nobody {
            end_run(&mut run, &mut p.compounds);
            // (one term however the site writes it: だれも is 誰も)
            let term = crate::lexicon::NOBODY[0].to_string();
            p.readings.push((m.reading.clone(), term.clone()));
            p.terms.push(term);
            continue;
        }
        if m.function {
            p.negated |= crate::lexicon::is_negation(&m.surface);
            end_run(&mut run, &mut p.compounds);
            continue;
        }
        if let Some(w) = &m.inflected {
            p.words.push(w.clone());
        }
        let t = m.term().to_string();
        if m.inflected.is_none() {
            p.readings.push((m.reading.clone(), t.clone()));
            run.push(m.reading.clone());
        } else {
            end_run(&mut run, &mut p.compounds);
        }
        if !p.terms.contains(&t) {
            p.terms.push(t);
        }
    }
    end_run(&mut run, &mut p.compounds);
    p
}

/// [`phrase_terms`] without what the query lexicon `function` calls grammar: the terms a
/// query must hold for the phrase to apply.
fn content_terms(segmenter: &Segmenter, function: &Lexicon, phrase: &str) -> PhraseTerms {
    let mut p = phrase_terms(segmenter, phrase);
    // (誰 is grammar to the query lexicon; [`phrase_terms`] kept it only where it says nobody)
    let nobody = crate::lexicon::NOBODY[0];
    p.terms
        .retain(|t| function.get(t) != Some(Known::Function) || t == nobody);
    p
}

/// Which of `phrases` (thesaurus phrases as a site writes them) hold no word a query can
/// match, only grammar (`どうしたらいいの`: どう, し, たら, いい, の): such a phrase never
/// applies, and is left out of the index's vocabulary.
pub fn phrases_without_words(phrases: &[&str]) -> Result<Vec<bool>, DictError> {
    let segmenter = dict::segmenter()?;
    let function = Lexicon::new(&LexiconWords::default());
    Ok(phrases
        .iter()
        .map(|p| content_terms(&segmenter, &function, p).terms.is_empty())
        .collect())
}

/// The plain verb of a potential verb (`行ける` -> 行く, `返せる` -> 返す): IPADIC keeps them
/// apart, but a resident who cannot go (行けない) and one who does not want to go
/// (行きたくない) mean the same thing to a thesaurus.
fn plain_verb(segmenter: &Segmenter, base: &str) -> Option<(String, String)> {
    let candidate = crate::lexicon::plain_of_potential(base)?;
    // A plain godan verb the dictionary knows, read as one word.
    match analyze(segmenter, &candidate).as_slice() {
        [m] => m
            .inflected
            .clone()
            .filter(|(b, ty)| *b == candidate && ty.starts_with("五段")),
        _ => None,
    }
}

/// Records that residents type `term` as `reading` ([`VocabularyFile::readings`]): only a
/// term written with kanji, and a reading of two kana or more.
fn add_reading(readings: &mut BTreeMap<String, Vec<String>>, reading: &str, term: &str) {
    let kana = |s: &str| s.chars().all(crate::normalize::is_kana);
    let reading = crate::normalize(reading);
    if kana(term) || !kana(&reading) || reading.chars().count() < 2 {
        return;
    }
    let terms = readings.entry(reading).or_default();
    if !terms.iter().any(|t| t == term) {
        terms.push(term.to_string());
    }
}

/// Records that residents type a run of nouns as the readings `parts` run together
/// ([`VocabularyFile::compounds`]): only kana readings, two or more of them.
fn add_compound(compounds: &mut BTreeMap<String, Vec<String>>, parts: &[String]) {
    let parts: Vec<String> = parts.iter().map(|p| crate::normalize(p)).collect();
    let kana = |s: &String| !s.is_empty() && s.chars().all(crate::normalize::is_kana);
    if parts.len() > 1 && parts.iter().all(kana) {
        compounds.entry(parts.concat()).or_insert(parts);
    }
}

/// The thesaurus analysed for queries; phrases without a content word are left out. A term
/// the query side reads as a function word (`物`, `場`: lindera may call them nouns in one
/// phrase, and never will in a query) is dropped, so phrases match what queries produce.
/// Also returns the readings of the nouns of `from` phrases written with kanji
/// ([`VocabularyFile::readings`]) and of their runs of nouns
/// ([`VocabularyFile::compounds`]).
fn compile(
    thesaurus: &Thesaurus,
    segmenter: &Segmenter,
    lexicon: &mut BTreeSet<(String, String)>,
) -> (Vec<Expansion>, Readings, Readings) {
    let function = Lexicon::new(&LexiconWords::default());
    let mut readings: Readings = BTreeMap::new();
    let mut compounds: Readings = BTreeMap::new();
    // A negated `from` phrase (友達がいない) also holds [`NEGATED`]: it applies only to
    // queries that negate something.
    let mut analyse = |phrases: &[String], from: bool| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let add = |terms: Vec<String>, out: &mut Vec<Vec<String>>| {
            if !terms.is_empty() && !out.contains(&terms) {
                out.push(terms);
            }
        };
        for p in phrases {
            let PhraseTerms {
                mut terms,
                words,
                readings: kana,
                compounds: runs,
                negated,
            } = content_terms(segmenter, &function, p);
            if from {
                for (reading, term) in kana.iter().filter(|(_, t)| terms.contains(t)) {
                    add_reading(&mut readings, reading, term);
                }
                for parts in &runs {
                    add_compound(&mut compounds, parts);
                }
            }
            if from && negated && !terms.is_empty() {
                terms.push(NEGATED.to_string());
            }
            // The same phrase with each potential verb as its plain verb.
            let mut plain = terms.clone();
            for (base, _) in &words {
                if let Some(v) = plain_verb(segmenter, base) {
                    if let Some(t) = plain.iter_mut().find(|t| *t == base) {
                        *t = v.0.clone();
                    }
                    lexicon.insert(v);
                }
            }
            lexicon.extend(words);
            add(terms, &mut out);
            add(plain, &mut out);
        }
        out
    };
    let expansions = thesaurus
        .items
        .iter()
        .map(|(from, to)| Expansion {
            from: analyse(from, true),
            to: analyse(to, false),
        })
        .filter(|e| !e.from.is_empty() && !e.to.is_empty())
        .collect();
    (expansions, readings, compounds)
}

/// Kana -> what it reads (see [`VocabularyFile::readings`]).
type Readings = BTreeMap<String, Vec<String>>;

/// The number of each of `ids`' documents in the index: documents are numbered in the
/// order of their sorted ids (the index writer makes sure; the query side's
/// [`crate::SearchOptions::docs`] filter takes these numbers).
pub fn doc_numbers<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(ids[b]));
    let mut numbers = vec![0; ids.len()];
    for (n, i) in order.into_iter().enumerate() {
        numbers[i] = n as u32;
    }
    numbers
}

/// Merges the segments into one whose doc ids follow the ids (the query side uses the doc
/// id as the tie-break rank, without reading the id column), and checks that they do.
fn merge_in_id_order(
    index: &Index,
    writer: &mut IndexWriter<IndexDoc>,
    fields: &Fields,
) -> Result<(), IndexError> {
    let internal = |e: String| IndexError::Tantivy(tantivy::TantivyError::InternalError(e));
    let first_id = |index: &Index| -> Result<Vec<(String, tantivy::index::SegmentId)>, IndexError> {
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let mut out = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, 0))?;
            let id = doc
                .get_first(fields.id)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .unwrap_or_default()
                .to_string();
            out.push((id, seg.segment_id()));
        }
        Ok(out)
    };
    let mut order = first_id(index)?;
    if order.len() > 1 {
        // Segments hold consecutive runs of the sorted docs: merged by their first id,
        // the docs stay sorted.
        order.sort();
        let ids: Vec<tantivy::index::SegmentId> = order.iter().map(|(_, s)| *s).collect();
        writer.merge(&ids).wait()?;
    }
    let reader = index.reader()?;
    let searcher = reader.searcher();
    for seg in searcher.segment_readers() {
        if let Some(ids) = seg.fast_fields().str(crate::schema::names::ID)? {
            let ords = ids.ords();
            let mut last = None;
            for doc in 0..seg.max_doc() {
                let ord = ords.first(doc);
                if ord <= last {
                    return Err(internal(format!("doc {doc} is out of id order")));
                }
                last = ord;
            }
        }
    }
    Ok(())
}

/// Where a build takes its documents from: every id first (to sort them), then each
/// document when its chunk is analysed, so that only a chunk of them is ever in memory
/// (at 100,000 entries the whole set, cards included, is some 400 MB).
pub trait Documents: Sync {
    /// How many documents there are.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The id of document `i`.
    fn id(&self, i: usize) -> &str;
    /// Document `i` (made now, or borrowed when it is held anyway).
    fn get(&self, i: usize) -> Cow<'_, Document>;
}

/// Documents held in a slice.
pub struct DocumentSlice<'a>(pub &'a [Document]);

impl Documents for DocumentSlice<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn id(&self, i: usize) -> &str {
        &self.0[i].id
    }
    fn get(&self, i: usize) -> Cow<'_, Document> {
        Cow::Borrowed(&self.0[i])
    }
}

/// Builds the index of `docs` in memory, with the query vocabulary of `thesaurus`: file
/// names and bytes, `manifest.json` last.
///
/// Docs are added sorted by id with a single-threaded writer, committed and merged into
/// one segment. tantivy names segments with random ids; the segment is renamed after a
/// hash of its files, so the same docs always give byte-identical files.
pub fn build_files(
    docs: &[Document],
    thesaurus: &Thesaurus,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(&DocumentSlice(docs), thesaurus, None, 1)
}

/// [`build_files`], taking each document from `docs` when its turn comes.
pub fn build_files_from(
    docs: &dyn Documents,
    thesaurus: &Thesaurus,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(docs, thesaurus, None, 1)
}

/// Documents analysed by an earlier build, by id. Tokenising is most of the cost of a
/// build; `serve` rebuilds the index after every save, and a document equal to the one
/// analysed before is not tokenised again.
#[derive(Default)]
pub struct AnalysisCache(HashMap<String, (Document, Analysed)>);

/// [`build_files`], reusing and then replacing the analyses in `cache` (the same bytes).
pub fn build_files_cached(
    docs: &dyn Documents,
    thesaurus: &Thesaurus,
    cache: &mut AnalysisCache,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(docs, thesaurus, Some(cache), 1)
}

/// [`build_files`], with the docs committed in `segments` batches left unmerged: sites
/// always get one segment, but the query side must answer the same over several.
#[cfg(test)]
pub(crate) fn build_files_unmerged(
    docs: &[Document],
    segments: usize,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    build(&DocumentSlice(docs), &Thesaurus::default(), None, segments)
}

/// Documents analysed at a time by a full build.
const ANALYSIS_CHUNK: usize = 2048;

fn build(
    docs: &dyn Documents,
    thesaurus: &Thesaurus,
    cache: Option<&mut AnalysisCache>,
    segments: usize,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let (index, dir) = create_index()?;
    let fields = Fields::from_schema(&index.schema())?;

    let mut sorted: Vec<usize> = (0..docs.len()).collect();
    sorted.sort_by(|&a, &b| docs.id(a).cmp(docs.id(b)));
    for w in sorted.windows(2) {
        if docs.id(w[0]) == docs.id(w[1]) {
            return Err(IndexError::DuplicateId(docs.id(w[0]).to_string()));
        }
    }

    let segmenter: Arc<Segmenter> = dict::segmenter()?;
    let mut writer: IndexWriter<IndexDoc> = index.writer_with_num_threads(1, 256_000_000)?;
    let batch = sorted.len().div_ceil(segments.max(1)).max(1);
    if segments > 1 {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    let mut lexicon: BTreeSet<(String, String)> = BTreeSet::new();
    let mut places: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut place_readings: BTreeSet<(String, String)> = BTreeSet::new();
    let mut added = 0;
    // Documents go to the writer in id order as they are analysed, a chunk at a time, so
    // only a chunk's analyses are in memory (without a cache).
    // Borrowed: `serve` keeps the analyses, and most of their words and places are
    // already known (copied only when new).
    let mut add = |a: &Analysed| -> Result<(), IndexError> {
        for w in &a.words {
            if !lexicon.contains(w) {
                lexicon.insert(w.clone());
            }
        }
        for (term, path) in &a.places {
            if !places.get(term).is_some_and(|paths| paths.contains(path)) {
                places.entry(term.clone()).or_default().insert(path.clone());
            }
        }
        for pair in &a.place_readings {
            if !place_readings.contains(pair) {
                place_readings.insert(pair.clone());
            }
        }
        writer.add_document(a.doc.clone())?;
        added += 1;
        if segments > 1 && added % batch == 0 {
            writer.commit()?;
        }
        Ok(())
    };
    match cache {
        None => {
            for chunk in sorted.chunks(ANALYSIS_CHUNK) {
                let analysed: Vec<Analysed> = chunk
                    .par_iter()
                    .map(|&i| analyse(&docs.get(i), &fields, &segmenter))
                    .collect::<Result<_, _>>()?;
                analysed.iter().try_for_each(&mut add)?;
            }
        }
        Some(cache) => {
            let fresh: Vec<(Document, Option<Analysed>)> = sorted
                .par_iter()
                .map(|&i| {
                    let doc = docs.get(i);
                    match cache.0.get(&doc.id) {
                        Some((cached, _)) if *cached == *doc => Ok((doc.into_owned(), None)),
                        _ => {
                            analyse(&doc, &fields, &segmenter).map(|a| (doc.into_owned(), Some(a)))
                        }
                    }
                })
                .collect::<Result<_, _>>()?;
            let mut next = HashMap::with_capacity(sorted.len());
            for (doc, fresh) in fresh {
                let analysed = match fresh {
                    Some(a) => a,
                    None => cache.0.remove(&doc.id).expect("cached above").1,
                };
                add(&analysed)?;
                next.insert(doc.id.clone(), (doc, analysed));
            }
            cache.0 = next;
        }
    }
    let (expansions, mut readings, compounds) = compile(thesaurus, &segmenter, &mut lexicon);
    // Place names typed in kana (`あしや`, `たちばな`) are the places.
    for (reading, term) in &place_readings {
        add_reading(&mut readings, reading, term);
    }
    let mut words = LexiconWords::default();
    for (base, conj) in &lexicon {
        // The reading of the dictionary form, read alone.
        let reading = match analyze(&segmenter, base).as_slice() {
            [m] => Some(m.reading.clone()),
            _ => None,
        };
        words.add(base, conj, reading.as_deref());
    }
    let vocabulary = VocabularyFile {
        lexicon: words.finish(),
        expansions,
        readings,
        compounds,
        places: places
            .into_iter()
            .map(|(term, paths)| (term, paths.into_iter().collect()))
            .collect(),
    };
    writer.commit()?;

    if segments <= 1 {
        merge_in_id_order(&index, &mut writer, &fields)?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;

    let internal = |e: String| IndexError::Tantivy(tantivy::TantivyError::InternalError(e));
    let metas = index.searchable_segment_metas()?;
    let mut meta = String::from_utf8(
        dir.atomic_read(Path::new("meta.json"))
            .map_err(|e| internal(e.to_string()))?,
    )
    .map_err(|e| internal(e.to_string()))?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for seg in metas {
        let old = seg.id().uuid_string();
        let mut seg_files: Vec<(String, Vec<u8>)> = Vec::new();
        for ext in [
            ".idx",
            ".pos",
            ".term",
            ".store",
            ".fast",
            ".fieldnorm",
            ".del",
        ] {
            let name = format!("{old}{ext}");
            let path = PathBuf::from(&name);
            let Ok(slice) = dir.open_read(&path) else {
                continue;
            };
            let data = slice
                .read_bytes()
                .map_err(io_err(&path))?
                .as_slice()
                .to_vec();
            seg_files.push((name, data));
        }
        seg_files.sort();
        let new = stable_id(&seg_files);
        meta = meta.replace(&hyphenated(&old), &hyphenated(&new));
        for (name, data) in seg_files {
            files.push((name.replacen(&old, &new, 1), data));
        }
    }
    // The files are copied out: the in-memory index can go before the hotcache is made.
    drop(index);
    drop(dir);
    files.push(("meta.json".into(), meta.into_bytes()));
    files.push((
        VOCABULARY_FILE.into(),
        serde_json::to_vec(&vocabulary).expect("vocabulary serialises"),
    ));
    files.sort();
    let hot = crate::hotcache::write(&files, |dir| {
        let searcher = crate::query::Searcher::open(dir.clone()).map_err(|e| e.to_string())?;
        searcher.prepare_hotcache().map_err(|e| e.to_string())
    })
    .map_err(internal)?;
    let hotcache = format!(
        "hot-{}.bin",
        &stable_id(&[("hot".into(), hot.clone())])[..16]
    );
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        docs: sorted.len() as u64,
        hotcache: hotcache.clone(),
        files: files
            .iter()
            .map(|(name, data)| ManifestFile {
                name: name.clone(),
                size: data.len() as u64,
            })
            .collect(),
    };
    files.push((hotcache, hot));
    files.push((
        MANIFEST.into(),
        serde_json::to_vec_pretty(&manifest).expect("manifest serialises"),
    ));
    Ok(files)
}

/// A 32-hex-digit id derived from the files' names and bytes (two FNV-1a 64 hashes).
fn stable_id(files: &[(String, Vec<u8>)]) -> String {
    let mut h = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    for (name, data) in files {
        let ext = name.rsplit('.').next().unwrap_or("");
        for b in ext.bytes().chain(data.iter().copied()) {
            for (i, x) in h.iter_mut().enumerate() {
                *x ^= u64::from(b) + i as u64;
                *x = x.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }
    format!("{:016x}{:016x}", h[0], h[1])
}

fn hyphenated(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            body: format!("{title}の相談窓口です。"),
            area_paths: vec!["/amagasaki".into()],
            phones: vec![PhoneNumber::parse("06-4950-0584").unwrap()],
            ..Document::default()
        }
    }

    #[test]
    fn the_query_lexicon_has_the_verbs_of_an_entrys_text_not_those_guessed_in_its_reading() {
        let lexicon_of = |d: Document| -> Vec<String> {
            let files = build_files(&[d], &Thesaurus::default()).unwrap();
            let (_, bytes) = files.iter().find(|(n, _)| n == VOCABULARY_FILE).unwrap();
            let v: VocabularyFile = serde_json::from_slice(bytes).unwrap();
            v.lexicon.words.into_iter().map(|w| w.base).collect()
        };
        let reading = "せいどうけんいき ろうどうしゃきょうどうくみあい";
        // lindera finds verbs in such kana (どうける of せいどうけんいき) ...
        let in_body = lexicon_of(Document {
            body: reading.into(),
            ..doc("a", "精道圏域の窓口")
        });
        assert!(in_body.iter().any(|w| w == "どうける"), "{in_body:?}");
        // ... which an entry's reading (its title in kana) does not have
        let in_reading = lexicon_of(Document {
            kana: Some(reading.into()),
            ..doc("a", "精道圏域の窓口")
        });
        assert!(
            !in_reading.iter().any(|w| w == "どうける"),
            "{in_reading:?}"
        );
    }

    #[test]
    fn builds_are_byte_identical_with_or_without_the_cache() {
        let mut docs = vec![doc("b", "子ども食堂"), doc("a", "地域包括支援センター")];
        let mut cache = AnalysisCache::default();
        assert_eq!(
            build_files_cached(&DocumentSlice(&docs), &Thesaurus::default(), &mut cache).unwrap(),
            build_files(&docs, &Thesaurus::default()).unwrap()
        );
        assert_eq!(cache.0.len(), 2);
        // an edited, a removed and a new document
        docs[0].title = "こども食堂ひまわり".into();
        docs.remove(1);
        docs.push(doc("c", "ふれあいサロン"));
        assert_eq!(
            build_files_cached(&DocumentSlice(&docs), &Thesaurus::default(), &mut cache).unwrap(),
            build_files(&docs, &Thesaurus::default()).unwrap()
        );
        let mut ids: Vec<&String> = cache.0.keys().collect();
        ids.sort();
        assert_eq!(ids, ["b", "c"]);
        assert_eq!(cache.0["b"].0.title, "こども食堂ひまわり");
        assert!(matches!(
            build_files_cached(
                &DocumentSlice(&[doc("x", "a"), doc("x", "b")]),
                &Thesaurus::default(),
                &mut cache
            ),
            Err(IndexError::DuplicateId(_))
        ));
    }
}
