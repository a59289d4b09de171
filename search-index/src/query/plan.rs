//! Query planning: what a resident typed, as a tantivy query.
//!
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

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::facet::parse_facet;
use crate::normalize::{is_kana, normalize, normalize_reading};
use crate::phone;
use crate::schema::{Fields, FUZZY_SCORE, NGRAM_BOOST, PHONE_BOOST, READING_BOOST};
use crate::segment::{segment_word, split_words, Piece, Vocabulary};
use crate::tokenize::{atoms, ngram_query_tokens, one_typo_ngram_phrases, AtomKind};

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

/// The text part of a search, planned.
pub struct TextQuery {
    /// The query (matches everything when the text has no words).
    pub query: Box<dyn Query>,
    /// The normalised terms the words were segmented into (for highlighting).
    pub terms: Vec<String>,
    /// Whether some word could also match with one typo.
    pub typos_possible: bool,
}

/// Plans queries against one index: its fields and its vocabularies.
pub struct Planner<'a> {
    /// The index's fields.
    pub fields: &'a Fields,
    /// Terms of the surface text fields (for segmenting words).
    pub surface_vocab: &'a Vocabulary,
    /// Terms of the `reading` field (for segmenting kana words).
    pub reading_vocab: &'a Vocabulary,
}

impl Planner<'_> {
    /// The query for the text `q`, with typo-tolerant clauses if `typos`.
    pub fn text_query(&self, q: &str, typos: bool) -> TextQuery {
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
            if phone::query_digits(&nq).is_some() && nq.trim().contains(' ') {
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
            return TextQuery {
                query: Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
                terms,
                typos_possible: false,
            };
        }
        TextQuery {
            query: Box::new(BooleanQuery::intersection(required)),
            terms,
            typos_possible,
        }
    }

    /// A filter on a facet field (a parent path includes its children); no score.
    pub fn facet_filter(&self, field: Field, path: &str) -> Box<dyn Query> {
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
        let f = self.fields;
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();

        if let Some(digits) = phone::query_digits(word) {
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
        let pieces = segment_word(word, self.surface_vocab);
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
            let rpieces = segment_word(kana, self.reading_vocab);
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
