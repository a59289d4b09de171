//! Query planning: what a resident typed, as the words it is made of and a tantivy query
//! for each.
//!
//! The text is normalised and split at whitespace into chunks. A chunk that holds function
//! words (particles, auxiliaries, generic verbs: see [`crate::lexicon`]) is a sentence or
//! phrase: it is cut into words there, and at every verb or adjective, which is looked for
//! in its dictionary form (`ローンが返せない` -> ローン, 返す). Any other chunk is one word
//! (`子ども食堂`, `くらしまるごと`, `06-4950-0584`). A word matches if any of:
//! - its vocabulary segmentation: every piece, each in any text field
//!   (known pieces as BM25 terms with field boosts, verb and adjective forms also as their
//!   dictionary forms, unknown stretches as n-gram phrases), all in one field when a piece
//!   is one character (`二人`, `病院代`); not for kana words that only split into single
//!   kana (`はったつ` -> は/っ/た/つ would match any text);
//! - (kana-only words, as typed and as normalised) its segmentation against the
//!   vocabulary of the reading fields (`reading`, `listed_reading`);
//! - its whole n-gram phrase in the `ngram` field (low boost);
//! - (latin/kana words of 5+ chars) one typo, as a small constant score: a term
//!   within one edit, or (kana) the word's n-gram phrase with a one-char hole,
//!   which also finds a typo inside a compound the dictionary splits. Typos are
//!   only looked for when the query finds fewer than [`TYPO_THRESHOLD`] documents
//!   without them (as Typesense does): they would rank below those anyway, and
//!   are the most expensive clauses;
//! - (phone-looking words) its digits in the `phone` field;
//! - the thesaurus: when the query holds every term of one of an item's `from` phrases,
//!   the words holding them also match the item's `to` phrases (a little below a direct
//!   match, [`EXPANSION_BOOST`]; a phrase of two or more terms is a [`Word::concept`]).
//!
//! A word typed in katakana is a loanword, never matched against readings; in a sentence, a lone kana the
//! vocabulary cut out of an unknown word is no word ([`fragment`]), and a chunk that is
//! grammar alone (`いない`) is no word when another chunk has one.
//!
//! How the words combine (every word, or most of them) is the searcher's business.
//! Exact matches also match the n-gram and fuzzy clauses, so they always rank
//! above n-gram-only or typo-only matches. Ties break by id ascending.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery,
    PhraseQuery, Query,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::facet::{parse_facet, FacetField};
use crate::lexicon::{Known, Lexicon, LIGHT_VERBS};
use crate::normalize::{
    is_kana, is_katakana, normalize, normalize_for_analysis, normalize_reading,
};
use crate::phone;
use crate::schema::{Fields, FUZZY_SCORE, NGRAM_BOOST, PHONE_BOOST};
use crate::segment::{
    segment_loanword, segment_priced, segment_word, split_words, starts_mid_word, Piece,
    Vocabulary, KANA_SENTENCE_LIGHT_COST, LIGHT_CHAR_COST, ONE_KANJI_COST, READING_ONLY_COST,
    WORD_COST,
};
use crate::tokenize::{atoms, ngram_query_tokens, one_typo_ngram_phrases, AtomKind};
use crate::vocabulary::Expansion;

use super::cached_term::{CachedTermQuery, TermInfos};
use super::shared::shared;
use super::terms::TermFields;

/// Most words of a query considered (the rest is ignored).
pub const MAX_QUERY_WORDS: usize = 16;
/// Most chars of one query chunk considered (the rest is ignored).
pub const MAX_WORD_CHARS: usize = 64;
/// Typo-tolerant matches are searched for when fewer documents than this match exactly.
pub const TYPO_THRESHOLD: usize = 10;
/// Shortest latin/kana word (chars) that tolerates one typo.
pub const FUZZY_MIN_CHARS: usize = 5;
/// What a match found only in what an entry is listed under (the names and keywords of
/// its areas and categories, [`Scope::Listed`]) counts, against one in its own text: in
/// partial results for any match, in scores for thesaurus matches. A café filed under a
/// second category (ごみ屋敷) does not answer 「隣の家がゴミだらけ」 as well as the desk
/// that says so.
pub const LISTED_SHARE: f32 = 0.5;
/// Boost of a match through the thesaurus, relative to a direct match.
pub const EXPANSION_BOOST: f32 = 0.6;
const FUZZY_MAX_CHARS: usize = 32;
const DISMAX_TIE_BREAKER: f32 = 0.2;

/// One word of a query, planned.
pub struct Word {
    /// The word as shown to the resident: as typed (normalised), or the dictionary form of
    /// a verb or adjective.
    pub text: String,
    /// What it matches, scored: itself anywhere in an entry, the thesaurus's phrases (at
    /// [`LISTED_SHARE`] when only in what the entry is listed under), or [`Word::place`].
    pub query: Box<dyn Query>,
    /// What it matches itself, anywhere in an entry (no thesaurus phrase, no place).
    pub direct: Box<dyn Query>,
    /// Its matches in what an entry says itself ([`Scope::Own`]) and in what it is only
    /// listed under ([`Scope::Listed`]): when entries match only some words, an entry that
    /// says a word counts it fully, one whose category says it counts it less
    /// ([`LISTED_SHARE`]).
    pub own: Matches,
    /// See [`Word::own`]; None when the names and keywords have none of it.
    pub listed: Option<Matches>,
    /// How much it counts when entries match only some words: 1; [`CRISIS_WEIGHT`] when
    /// the thesaurus leads it to a life at risk; less for person nouns
    /// ([`crate::lexicon::PERSON_NOUNS`]), and [`LIGHT_WEIGHT`] for one-character words,
    /// bare numbers, light verbs and places merely mentioned (see [`Word::place`]).
    pub weight: f32,
    /// Whether it is weak evidence (a one-character word, a bare number, a light verb): it
    /// ranks the entries that have it higher, and filters none out while the query has a
    /// stronger word (`何年も家から出てない` is not only about entries saying 年).
    pub weak: bool,
    /// For a compound: its pieces as words, to search for when no entry has the compound.
    pub parts: Vec<Word>,
    /// For a place the site has (`立花`, `中央地区`): the entries there, and those serving it
    /// from above (part of [`Word::query`]).
    pub place: Option<PlaceMatch>,
}

/// What a word matches, in some of the text fields.
pub struct Matches {
    /// What it matches itself (its forms, readings, n-grams, typos).
    pub direct: Box<dyn Query>,
    /// What it matches through the thesaurus (scored a little below a direct match).
    pub expanded: Option<Box<dyn Query>>,
    /// The same, phrase by phrase (unscored): when entries match only some words, how much
    /// a phrase counts depends on how many entries hold it.
    pub phrases: Vec<ThesaurusPhrase>,
}

/// One thesaurus phrase a word leads to.
pub struct ThesaurusPhrase {
    /// The entries holding it.
    pub query: Box<dyn Query>,
    /// Whether it is the `to` of an item whose `from` phrase has two or more terms
    /// (酒+やめる, 夫+逃げる): the query names a need together with other words, which is
    /// as good as a direct match in partial results (whether it gives an entry the word
    /// among every word depends on how many entries hold it: see the searcher's
    /// `MEMBER_RARITY`).
    pub concept: bool,
    /// How many entries hold it, once counted ([`ThesaurusPhrase::entries`]).
    held: std::sync::OnceLock<usize>,
}

impl ThesaurusPhrase {
    /// How many entries hold it; `count` counts them the first time it is asked.
    pub fn entries(
        &self,
        count: &dyn Fn(&dyn Query) -> tantivy::Result<usize>,
    ) -> tantivy::Result<usize> {
        if let Some(&n) = self.held.get() {
            return Ok(n);
        }
        let n = count(&*self.query)?;
        Ok(*self.held.get_or_init(|| n))
    }
}

impl Matches {
    fn nothing() -> Matches {
        Matches {
            direct: Box::new(EmptyQuery),
            expanded: None,
            phrases: Vec::new(),
        }
    }
}

/// Where a place word leads: an entry is *in* a place when it is listed at one of the areas
/// of that name or below (the `立花地区` desk), and serves it *from above* when it is
/// listed at one of their ancestors itself (the city-wide desk, a national line), as the
/// area filter has it. An entry that only mentions the name (`三田市立花1丁目`, a title
/// naming a street elsewhere) matches the word as text, and counts [`LIGHT_WEIGHT`].
pub struct PlaceMatch {
    /// Entries in the place: they count [`PLACE_WEIGHT`].
    pub within: Box<dyn Query>,
    /// Entries serving it from above: they count [`PLACE_ABOVE_WEIGHT`].
    pub above: Box<dyn Query>,
    /// Where the place's residents start when unsure (areas.yaml's `first_contact`): they
    /// count [`FIRST_CONTACT_WEIGHT`] more.
    pub first: Box<dyn Query>,
}

/// How much a word counts when entries match only some words if it is one character
/// (`家`, `親`), a bare number (`30`: times and prices are in every entry) or a light verb
/// ([`LIGHT_VERBS`]).
pub const LIGHT_WEIGHT: f32 = 0.35;

/// How much a word counts when entries match only some words if the thesaurus leads it to
/// a life at risk ([`crate::lexicon::CRISIS_WORDS`]: `死にたい`, `死んだら楽になる`): the
/// crisis lines come before entries that match only as many other words (`夫が仕事で追い
/// つめられて 死にたいって`: いのちの電話 before the desks for 仕事), though not before an
/// entry with two more.
pub const CRISIS_WEIGHT: f32 = 1.5;

/// How much a place word (`芦屋`, `立花`: a term of the site's area names) counts when
/// entries match only some words, for an entry in that place: where the resident needs
/// help matters more than any other word.
pub const PLACE_WEIGHT: f32 = 2.5;

/// How much a place word counts for an entry serving the place from above (a city-wide
/// desk for a district, a national line): as much as any other word.
pub const PLACE_ABOVE_WEIGHT: f32 = 1.0;

/// How much more a place word counts, when entries match only some words, for the place's
/// first contacts (迷ったら、まずここへ): a resident naming a place with a tangle of
/// problems no desk names together is best started there. Less than half a word, so an
/// entry with one more word of full weight still comes first (not always one with one more
/// light word, person noun or word only listed).
pub const FIRST_CONTACT_WEIGHT: f32 = 0.4;

/// The text part of a search, planned.
pub struct TextPlan {
    /// The words, in query order; empty when the text has none.
    pub words: Vec<Word>,
    /// The normalised terms the words stand for, thesaurus terms included (for
    /// highlighting).
    pub terms: Vec<String>,
    /// Whether some word could also match with one typo.
    pub typos_possible: bool,
    /// The terms the query itself holds (what the thesaurus's `from` phrases are matched
    /// against).
    pub query_terms: Vec<String>,
    /// The verbs it names a place to do with (住む of `住むところがない`): a negation after
    /// the place negates the place, not the verb.
    pub place_verbs: Vec<String>,
}

/// What a query looks for: its words and where the thesaurus leads them, for measuring a
/// thesaurus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LooksFor {
    /// The query's words as it shows them (`高齢者虐待`: 高齢, 虐待), normalised: run
    /// together, the key of a thesaurus `to` word that says the same ([`LooksFor::reaches`]).
    pub words: Vec<String>,
    /// The `to` words of every thesaurus item one of whose `from` phrases the query
    /// holds, each one's terms run together (as [`Planner::explain`] shows them).
    pub reaches: std::collections::BTreeSet<String>,
}

/// Plans queries against one index: its fields, vocabularies, lexicon and thesaurus.
#[derive(Clone, Copy)]
pub struct Planner<'a> {
    /// The index's fields.
    pub fields: &'a Fields,
    /// Which of them hold each term.
    pub term_fields: &'a TermFields,
    /// Terms of the surface text fields.
    pub index_vocab: &'a Vocabulary,
    /// [`Planner::index_vocab`] and every surface the lexicon knows (for segmenting).
    pub query_vocab: &'a Vocabulary,
    /// Terms of the reading fields (for segmenting kana words).
    pub reading_vocab: &'a Vocabulary,
    /// Function words and verb/adjective forms.
    pub lexicon: &'a Lexicon,
    /// The thesaurus.
    pub expansions: &'a [Expansion],
    /// The site's area names and their terms, each with the facet paths of its areas.
    pub places: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// Kana readings of the thesaurus's nouns written with kanji and of the place words,
    /// each with the nouns.
    pub readings: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// The thesaurus's runs of nouns as typed in kana, each with its nouns' readings.
    pub compounds: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// The chars of the longest of [`Planner::compounds`].
    pub compound_chars: usize,
    /// Where terms were found in the index, shared by every query of the searcher.
    pub(crate) term_infos: &'a std::sync::Arc<TermInfos>,
    /// Which of an entry's text words are looked for in.
    pub scope: Scope,
}

/// Which of an entry's text a [`Planner`] looks words up in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    /// All of it.
    All,
    /// What the entry says itself: everything but the names and keywords of its areas and
    /// categories and their readings ([`Fields::taxonomy_mask`]).
    Own,
    /// Only those names and keywords, and their readings (no n-grams or phone numbers).
    Listed,
}

/// A piece of a chunk, as the lexicon sees it.
#[derive(Clone)]
enum Kind {
    Function,
    /// A verb or adjective form, with its dictionary forms.
    Inflected(Vec<String>),
    /// 誰 saying nobody ([`crate::lexicon::nobody_pieces`]): a word of its own, matched only
    /// through the thesaurus.
    Nobody,
    Other,
}

/// A piece of a chunk with its span (in chars) and what it is.
type Segment = (Piece, (usize, usize), Kind);

/// A word before it becomes a query: one whole chunk (or a run of nouns cut out of a
/// sentence), or a verb or adjective cut out of a sentence. `shown` is how the resident
/// wrote it (before kana folding).
enum Unit {
    Chunk {
        word: String,
        reading: String,
        shown: String,
        /// Its pieces (katakana runs cut without function words).
        pieces: Vec<(Piece, Kind)>,
    },
    Inflected {
        surface: String,
        bases: Vec<String>,
    },
}

impl Planner<'_> {
    fn kind(&self, piece: &Piece) -> Kind {
        match piece {
            Piece::Term(t) => match self.lexicon.get(t) {
                Some(Known::Function) => Kind::Function,
                Some(Known::Forms(bases)) => Kind::Inflected(bases.to_vec()),
                None => Kind::Other,
            },
            Piece::Unknown(_) => Kind::Other,
        }
    }

    /// The words of the text `q`, with typo-tolerant clauses if `typos`.
    pub fn plan(&self, q: &str, typos: bool) -> TextPlan {
        let nq = normalize(q);
        let rq = normalize_reading(q);
        // The same text before kana folding (char for char like `nq`), and as typed.
        let aq = normalize_for_analysis(q);
        let cut = |text: &str| -> Vec<String> {
            split_words(text)
                .into_iter()
                .take(MAX_QUERY_WORDS)
                .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
                .collect()
        };
        let one = |s: &str| vec![s.trim().to_string()];
        let (chunks, readings, analysed, typed) =
            if phone::query_digits(&nq).is_some() && nq.trim().contains(' ') {
                // "06 4950 0584" is one phone number
                (one(&nq), one(&rq), one(&aq), one(q))
            } else {
                (cut(&nq), cut(&rq), cut(&aq), cut(q))
            };
        let mut units = Vec::new();
        // Whether the query negates something (返せない, 食べへん): what negated thesaurus
        // phrases need.
        let mut negated = false;
        // The verbs it names a place to do with (住む of 住むところ): see `says_place`.
        let mut place_verbs: Vec<String> = Vec::new();
        let read: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                // Variants never add or remove whitespace, so the i-th chunk of each form is
                // the same chunk; fall back to `chunk` regardless.
                let same = |v: &Vec<String>| v.get(i).filter(|_| v.len() == chunks.len()).cloned();
                let reading = same(&readings).unwrap_or_else(|| chunk.clone());
                let analysed = same(&analysed)
                    .filter(|a| a.chars().count() == chunk.chars().count())
                    .unwrap_or_else(|| chunk.clone());
                let typed = same(&typed).unwrap_or_else(|| chunk.clone());
                let (segs, kana_word) = self.read(chunk, &analysed, &typed);
                (chunk, reading, analysed, typed, segs, kana_word)
            })
            .collect();
        // A chunk of grammar alone (`いない` in `きける人 いない`) is no word of its own
        // when another chunk has one; alone, it is searched as typed.
        // (Kana read as one word are grammar only if their readings hold no other word:
        // `いない`, not `はんなん` or `せいかつほごの`.)
        let grammar: Vec<bool> = read
            .iter()
            .map(|(chunk, _, _, _, segs, kana_word)| {
                segs.iter().all(|(_, _, k)| matches!(k, Kind::Function))
                    && !(*kana_word && self.reads_as_words(chunk))
            })
            .collect();
        let some_content = grammar.contains(&false);
        for ((chunk, reading, analysed, typed, segs, kana_word), grammar) in
            read.into_iter().zip(grammar)
        {
            let texts: Vec<&str> = segs.iter().map(|(p, _, _)| p.text()).collect();
            let must = crate::lexicon::obligation_pieces(&texts);
            negated |= segs.iter().enumerate().any(|(i, (p, _, kind))| match kind {
                _ if must[i] => false,
                Kind::Function => crate::lexicon::is_negation(p.text()),
                Kind::Inflected(bases) => {
                    let next = segs.get(i + 1).map(|(n, _, _)| n.text());
                    crate::lexicon::negating_form(p.text(), bases, next)
                }
                Kind::Nobody | Kind::Other => false,
            });
            for w in segs.windows(2) {
                if let ((verb, _, Kind::Inflected(bases)), (p, _, _)) = (&w[0], &w[1]) {
                    if crate::lexicon::says_place(verb.text(), bases, p.text()) {
                        place_verbs.extend(bases.iter().cloned());
                    }
                }
            }
            if some_content && grammar {
                continue;
            }
            units.extend(self.units(chunk, &reading, &analysed, &typed, segs, kana_word));
        }
        units.truncate(MAX_QUERY_WORDS);

        // Each unit's terms, for the thesaurus and for highlighting.
        let unit_terms: Vec<Vec<String>> = units.iter().map(|u| self.unit_terms(u)).collect();
        let mut all: Vec<&str> = unit_terms.iter().flatten().map(String::as_str).collect();
        if negated {
            all.push(crate::lexicon::NEGATED);
        }
        if !place_verbs.is_empty() {
            all.push(crate::lexicon::PLACE_WORD);
        }
        let query_terms: Vec<String> = all.iter().map(|t| t.to_string()).collect();
        let mut extra: Vec<Vec<&Vec<String>>> = vec![Vec::new(); units.len()];
        // The `to` phrases reached through a `from` phrase of two or more terms.
        let mut strong: Vec<Vec<&Vec<String>>> = vec![Vec::new(); units.len()];
        for (from, e) in self.thesaurus_matches(&query_terms, &place_verbs) {
            for (u, terms) in unit_terms.iter().enumerate() {
                if from.iter().any(|t| terms.contains(t)) {
                    for to in &e.to {
                        let words = from.iter().filter(|t| *t != crate::lexicon::NEGATED);
                        if words.count() > 1 && !strong[u].contains(&to) {
                            strong[u].push(to);
                        }
                        if !extra[u].contains(&to) {
                            extra[u].push(to);
                        }
                    }
                }
            }
        }

        let mut plan = TextPlan {
            words: Vec::new(),
            terms: Vec::new(),
            typos_possible: false,
            query_terms: query_terms.clone(),
            place_verbs: place_verbs.clone(),
        };
        for (((unit, terms), extra), strong) in units.iter().zip(unit_terms).zip(extra).zip(strong)
        {
            plan.terms.extend(terms);
            for to in &extra {
                plan.terms.extend(to.iter().cloned());
            }
            let mut typos_possible = false;
            if let Some(word) = self.word(unit, &extra, &strong, typos, &mut typos_possible) {
                // A word said twice (兄 … 兄は) is one word: it counts once.
                if plan.words.iter().any(|w| w.text == word.text) {
                    continue;
                }
                plan.words.push(word);
            }
            plan.typos_possible |= typos_possible;
        }
        plan
    }

    /// The word of a unit, with the thesaurus's `to` phrases `extra` as alternatives
    /// (`strong`: those reached through a `from` phrase of two or more terms).
    fn word(
        &self,
        unit: &Unit,
        extra: &[&Vec<String>],
        strong: &[&Vec<String>],
        typos: bool,
        typos_possible: &mut bool,
    ) -> Option<Word> {
        let direct = self.matches(unit, &[], &[], typos, typos_possible);
        let scoped =
            |scope| Planner { scope, ..*self }.matches(unit, extra, strong, typos, &mut false);
        let (own, listed) = (scoped(Scope::Own), scoped(Scope::Listed));
        if direct.is_none() && own.is_none() && listed.is_none() {
            return None;
        }
        let direct = direct.map_or_else(|| Box::new(EmptyQuery) as Box<dyn Query>, |m| m.direct);
        let own = own.unwrap_or_else(Matches::nothing);
        let crisis = extra
            .iter()
            .any(|to| crate::lexicon::CRISIS_WORDS.contains(&to.concat().as_str()));
        let (text, weight, weak, parts) = match unit {
            Unit::Chunk {
                shown,
                word,
                pieces,
                ..
            } => {
                let place = self.place_paths(word).is_some();
                let person = self.is_person(word);
                let weak = !place
                    && !person
                    && (word.chars().count() == 1
                        || says_nobody(pieces)
                        || is_number(word)
                        || matches!(pieces.as_slice(), [(_, Kind::Inflected(b))] if light_verb(b)));
                let weight = if place || weak {
                    LIGHT_WEIGHT
                } else if person {
                    0.3
                } else if crisis {
                    CRISIS_WEIGHT
                } else {
                    1.0
                };
                // A compound no entry has (`親どうし`) falls back to its known pieces; not
                // a loanword the vocabulary cannot cut whole into words (マ+イナン+バー+カード:
                // イナン is no part of マイナンバーカード).
                let loanword = is_katakana_word(shown);
                let cut_whole = pieces.iter().all(|(p, _)| matches!(p, Piece::Term(_)));
                let parts = if pieces.len() > 1 && (cut_whole || !loanword) {
                    // (each part shown as typed, when the chars line up)
                    let shown_chars: Vec<char> = shown.chars().collect();
                    let length: usize = pieces.iter().map(|(p, _)| p.text().chars().count()).sum();
                    let aligned = shown_chars.len() == length && length == word.chars().count();
                    let mut start = 0;
                    pieces
                        .iter()
                        .map(|(p, kind)| {
                            let n = p.text().chars().count();
                            let typed: String = match aligned {
                                true => shown_chars[start..start + n].iter().collect(),
                                false => p.text().to_string(),
                            };
                            start += n;
                            (p, kind, typed)
                        })
                        .filter(|(p, kind, _)| {
                            // a lone kana is a fragment, not a word, and so is a lone kanji
                            // no thesaurus phrase or person is (房 of 暖房, 主 of 主婦; not
                            // 親 of 親どうし, nor 2 of 2年)
                            let t = p.text();
                            let single = t.chars().count() == 1
                                && !t.is_ascii()
                                && (t.chars().all(is_kana)
                                    || !(self.thesaurus_knows(t) || self.is_person(t)));
                            matches!(p, Piece::Term(_)) && matches!(kind, Kind::Other) && !single
                        })
                        .filter_map(|(p, kind, typed)| {
                            let t = p.text().to_string();
                            let part = Unit::Chunk {
                                word: t.clone(),
                                reading: t,
                                shown: typed,
                                pieces: vec![(p.clone(), kind.clone())],
                            };
                            self.word(&part, &[], &[], typos, &mut false)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (shown.clone(), weight, weak, parts)
            }
            Unit::Inflected { surface, bases } => {
                let weak = light_verb(bases);
                let weight = if weak {
                    LIGHT_WEIGHT
                } else if crisis {
                    CRISIS_WEIGHT
                } else {
                    1.0
                };
                (
                    shown_base(surface, bases).to_string(),
                    weight,
                    weak,
                    Vec::new(),
                )
            }
        };
        let place = match unit {
            Unit::Chunk { word, .. } => self.place_paths(word).map(|paths| self.place(paths)),
            Unit::Inflected { .. } => None,
        };
        // A thesaurus phrase found only in a category's name or keywords scores less: the
        // resident's word, led to a service word, led to a category.
        let mut any = vec![direct.box_clone()];
        any.extend(own.expanded.iter().map(|e| e.box_clone()));
        if let Some(p) = &place {
            any.push(p.within.box_clone());
            any.push(p.above.box_clone());
        }
        let union = |qs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            match qs.len() {
                1 => qs.into_iter().next().expect("one"),
                _ => Box::new(BooleanQuery::union(qs)),
            }
        };
        if let Some(e) = listed.as_ref().and_then(|m| m.expanded.as_ref()) {
            any.push(Box::new(BoostQuery::new(e.box_clone(), LISTED_SHARE)));
        }
        Some(Word {
            text,
            query: shared(union(any)),
            direct: shared(direct),
            own,
            listed,
            weight,
            weak,
            parts,
            place,
        })
    }

    /// What a unit matches in the fields this planner asks: itself, and the thesaurus's
    /// `to` phrases `extra` (`strong`: those of a `from` phrase of two or more terms).
    /// None when it has no way to match at all.
    fn matches(
        &self,
        unit: &Unit,
        extra: &[&Vec<String>],
        strong: &[&Vec<String>],
        typos: bool,
        typos_possible: &mut bool,
    ) -> Option<Matches> {
        let direct = match unit {
            // (誰 of 誰にも: only the thesaurus's phrases say what it means)
            Unit::Chunk { pieces, .. } if says_nobody(pieces) => Vec::new(),
            Unit::Chunk {
                word,
                reading,
                pieces,
                shown,
            } => {
                let loanword = is_katakana_word(shown);
                self.word_alternatives(word, reading, loanword, pieces, typos, typos_possible)
            }
            Unit::Inflected { surface, bases } => vec![self.forms_query(surface, bases)],
        };
        // (only the phrases some field in scope holds: no query for nothing)
        let phrases: Vec<ThesaurusPhrase> = extra
            .iter()
            .filter(|to| self.fields_holding(to) != 0)
            .map(|to| ThesaurusPhrase {
                query: shared(self.phrase_in_one_field(to)),
                concept: strong.contains(to),
                held: Default::default(),
            })
            .collect();
        if direct.is_empty() && phrases.is_empty() {
            return None;
        }
        let expanded: Vec<Box<dyn Query>> = phrases
            .iter()
            .map(|p| Box::new(BoostQuery::new(p.query.box_clone(), EXPANSION_BOOST)) as _)
            .collect();
        let union = |qs: Vec<Box<dyn Query>>| shared(Box::new(BooleanQuery::union(qs)));
        Some(Matches {
            direct: union(direct),
            expanded: (!expanded.is_empty()).then(|| union(expanded)),
            phrases,
        })
    }

    /// How `q` is read, for people tuning a thesaurus: each chunk's pieces with what the
    /// lexicon says of them, and the words made of them.
    pub fn explain(&self, q: &str) -> Vec<String> {
        let mut out = Vec::new();
        let (nq, aq) = (normalize(q), normalize_for_analysis(q));
        let (analysed, typed) = (split_words(&aq), split_words(q));
        for (i, chunk) in split_words(&nq).into_iter().enumerate() {
            let a = analysed
                .get(i)
                .filter(|a| a.chars().count() == chunk.chars().count());
            let t = typed.get(i).copied().unwrap_or(chunk);
            let pieces: Vec<String> = self
                .read(chunk, a.unwrap_or(&chunk), t)
                .0
                .iter()
                .map(|(p, _, kind)| match (p, kind) {
                    (Piece::Unknown(t), _) => format!("?{t}"),
                    (_, Kind::Function) => format!("({})", p.text()),
                    (_, Kind::Inflected(b)) => format!("{}→{}", p.text(), b.join("|")),
                    (_, Kind::Other | Kind::Nobody) => p.text().to_string(),
                })
                .collect();
            out.push(format!("pieces: {}", pieces.join(" ")));
        }
        let plan = self.plan(q, false);
        for (from, e) in self.thesaurus_matches(&plan.query_terms, &plan.place_verbs) {
            let to: Vec<String> = e.to.iter().map(|t| t.join("")).collect();
            out.push(format!(
                "thesaurus: {} -> {}",
                from.join("+"),
                to.join(", ")
            ));
        }
        out
    }

    /// What `q` looks for, for measuring a thesaurus ([`LooksFor`]).
    pub fn looks_for(&self, q: &str) -> LooksFor {
        let plan = self.plan(q, false);
        let words = plan.words.iter().map(|w| normalize(&w.text)).collect();
        let reaches = self
            .thesaurus_matches(&plan.query_terms, &plan.place_verbs)
            .flat_map(|(_, e)| e.to.iter().map(|t| t.join("")))
            .collect();
        LooksFor { words, reaches }
    }

    /// Each thesaurus item with a `from` phrase whose terms `terms` all hold, with that
    /// phrase (once per phrase). A negated phrase of a verb the query names a place to do
    /// with (`place_verbs`) applies only if it holds the place too: `寝るところがない` is no
    /// roof (寝る場所がない), not no sleep (寝られない). A phrase naming a place to do
    /// something applies only to a query naming a place to do that: `家に帰りたくない
    /// 泊まるとこない` is not 帰る場所がない.
    fn thesaurus_matches<'t>(
        &'t self,
        terms: &'t [String],
        place_verbs: &'t [String],
    ) -> impl Iterator<Item = (&'t Vec<String>, &'t Expansion)> + 't {
        let applies = move |from: &&Vec<String>| {
            let has = |t: &str| from.iter().any(|f| f == t);
            let verbs = || {
                from.iter()
                    .filter(|t| matches!(self.lexicon.get(t), Some(Known::Forms(_))))
            };
            let place_of_other = has(crate::lexicon::PLACE_WORD)
                && !place_verbs.is_empty()
                && verbs().next().is_some()
                && !verbs().any(|v| place_verbs.contains(v));
            from.iter().all(|t| terms.contains(t))
                && !place_of_other
                && !(has(crate::lexicon::NEGATED)
                    && !has(crate::lexicon::PLACE_WORD)
                    && place_verbs.iter().any(|v| has(v)))
        };
        self.expansions
            .iter()
            .flat_map(move |e| e.from.iter().filter(applies).map(move |from| (from, e)))
    }

    /// A chunk's pieces, each with its span (in chars) and what it is. A run written in
    /// katakana (`analysed` is the chunk before kana folding, char for char) is a loanword:
    /// cut into words but never into function words.
    fn segments(&self, chunk: &str, analysed: &str) -> Vec<Segment> {
        let chunk_chars: Vec<char> = chunk.chars().collect();
        let shown_chars: Vec<char> = analysed.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chunk_chars.len() {
            let katakana = shown_chars.get(i).copied().is_some_and(is_katakana);
            let mut j = i;
            while j < chunk_chars.len()
                && shown_chars.get(j).copied().is_some_and(is_katakana) == katakana
            {
                j += 1;
            }
            let run: String = chunk_chars[i..j].iter().collect();
            let pieces = if katakana {
                segment_loanword(&run, self.query_vocab)
            } else {
                segment_word(&run, self.query_vocab)
            };
            for (p, (a, b)) in spans(&run, pieces) {
                let kind = if katakana { Kind::Other } else { self.kind(&p) };
                out.push((p, (i + a, i + b), kind));
            }
            i = j;
        }
        out
    }

    /// A chunk's pieces ([`Planner::segments`], or [`Planner::kana_sentence`] when it
    /// was typed in hiragana, numbers and latin words aside), and whether it is one word
    /// all the same: kana alone that is no sentence. Without a dictionary, such kana
    /// cannot be cut reliably (は, が, て … are in every kana word): it stays one word,
    /// matched by its readings. (As typed: `こどもしょくどう` is hiragana, its normalised
    /// `子供しょくどう` is not.)
    fn read(&self, chunk: &str, analysed: &str, typed: &str) -> (Vec<Segment>, bool) {
        let is_hiragana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
        let hiragana = |s: &str, ascii: bool| {
            s.chars().all(|c| {
                is_hiragana(c)
                    || c == 'ー'
                    || (ascii && c.is_ascii_alphanumeric())
                    || !c.is_alphanumeric()
            }) && (!ascii || s.chars().any(is_hiragana))
        };
        let of = |ascii: bool| hiragana(typed, ascii) || hiragana(analysed, ascii);
        // (a verb's kana between kanji words: 酒のんで is 飲む, 部屋からでてこない 出る)
        let mixed = || {
            let mut segs = self.segments(chunk, analysed);
            self.reread_kana_verbs(&mut segs, false);
            (segs, false)
        };
        let (mut segs, kana_word) = if of(false) {
            match self.kana_sentence(chunk) {
                Some(segs) => (segs, false),
                None => (self.segments(chunk, analysed), true),
            }
        } else if of(true) {
            // numbers and latin words among the kana (`90のちちを88のははが`): a sentence
            // if it reads as one, else as a chunk with kanji is read (`80さい`: 80 + 歳)
            match self.kana_sentence(chunk) {
                Some(segs) => (segs, false),
                None => mixed(),
            }
        } else {
            mixed()
        };
        // A counter in kana after a number is no word (`2 さい`: 2歳, not 咲く); how long
        // something lasts or is left is said in passing (`2か月`, `あと1か月`: not 2 or
        // あと, which every entry that says 相談したあと has); なくなる after a verb is
        // grammar (`働けなくなった`: no longer able to work).
        for i in 1..segs.len() {
            let (before, this) = (segs[i - 1].0.text(), segs[i].0.text());
            let counter = is_number(before) && crate::lexicon::KANA_COUNTERS.contains(&this);
            let span = is_number(before) && crate::lexicon::is_span(this);
            let left = is_number(this) && crate::lexicon::REMAINING.contains(&before);
            // (払え|なくなった: "can no longer pay", not 亡くなる)
            let no_longer = matches!(&segs[i - 1].2, Kind::Inflected(_))
                && matches!(&segs[i].2, Kind::Inflected(b) if crate::lexicon::says_no_longer(b));
            if counter || no_longer {
                segs[i].2 = Kind::Function;
            }
            if span || left {
                segs[i - 1].2 = Kind::Function;
            }
        }
        let texts: Vec<&str> = segs.iter().map(|(p, _, _)| p.text()).collect();
        let nobody = crate::lexicon::nobody_pieces(&texts);
        for (seg, nobody) in segs.iter_mut().zip(nobody) {
            if nobody {
                seg.2 = Kind::Nobody;
            }
        }
        (segs, kana_word)
    }

    /// A chunk as words: cut at function words and at verbs and adjectives when it holds a
    /// function word (a sentence), else whole (also when `kana_word`). `segs` are its
    /// pieces ([`Planner::read`]), `analysed` the chunk before kana folding (char for
    /// char), `typed` as the resident typed it.
    fn units(
        &self,
        chunk: &str,
        reading: &str,
        analysed: &str,
        typed: &str,
        segs: Vec<Segment>,
        kana_word: bool,
    ) -> Vec<Unit> {
        let whole = |segs: Vec<Segment>| {
            vec![Unit::Chunk {
                word: chunk.to_string(),
                reading: reading.to_string(),
                shown: typed.to_string(),
                pieces: segs.into_iter().map(|(p, _, k)| (p, k)).collect(),
            }]
        };
        let has_function = segs.iter().any(|(_, _, k)| matches!(k, Kind::Function));
        let has_content = segs.iter().any(|(_, _, k)| !matches!(k, Kind::Function));
        if kana_word || !has_function || !has_content {
            return whole(segs);
        }
        let chunk_chars: Vec<char> = chunk.chars().collect();
        let shown_chars: Vec<char> = analysed.chars().collect();
        let text = |chars: &[char], (a, b): (usize, usize)| chars[a..b].iter().collect::<String>();
        let mut units = Vec::new();
        // The run of pieces being gathered into one compound word, and its span.
        let mut compound: Vec<(Piece, Kind)> = Vec::new();
        let mut span: Option<(usize, usize)> = None;
        let flush = |compound: &mut Vec<(Piece, Kind)>,
                     span: &mut Option<(usize, usize)>,
                     units: &mut Vec<Unit>| {
            if let Some(sp) = span.take() {
                let word = text(&chunk_chars, sp);
                units.push(Unit::Chunk {
                    reading: word.clone(),
                    word,
                    shown: text(&shown_chars, sp),
                    pieces: std::mem::take(compound),
                });
            }
        };
        for (piece, sp, kind) in segs {
            match kind {
                Kind::Function => flush(&mut compound, &mut span, &mut units),
                Kind::Inflected(bases) => {
                    flush(&mut compound, &mut span, &mut units);
                    units.push(Unit::Inflected {
                        surface: piece.text().to_string(),
                        bases,
                    });
                }
                // A lone hiragana left between function words (`ぎ` of ぎりぎり, `め` of
                // もめてる) is a piece of a word the vocabulary does not know: no evidence.
                // (Not a piece of a word typed in katakana, which is one word: マイナンバー.)
                Kind::Other
                    if (fragment(&piece) || self.kana_fragment(&piece))
                        && !shown_chars.get(sp.0).copied().is_some_and(is_katakana) =>
                {
                    flush(&mut compound, &mut span, &mut units)
                }
                Kind::Other => {
                    span = Some(match span {
                        Some((a, _)) => (a, sp.1),
                        None => sp,
                    });
                    compound.push((piece, kind));
                }
                // a word of its own, never part of a compound (`借金誰にも`)
                Kind::Nobody => {
                    flush(&mut compound, &mut span, &mut units);
                    compound.push((piece, kind));
                    span = Some(sp);
                    flush(&mut compound, &mut span, &mut units);
                }
            }
        }
        flush(&mut compound, &mut span, &mut units);
        units
    }

    /// Whether a piece of a sentence is two hiragana the vocabulary cut out of kana it
    /// does not know as a whole (`かに` of 誰かに, `らい` of えらい, `らん` of いらん) rather
    /// than a word: unless the thesaurus knows them (`うつ`, or `はは` as the reading of 母:
    /// [`Planner::short_kana_word`]), they are no evidence.
    /// (See also [`fragment`]. One char no term has is kept: `男` of 男でも finds 男性 by
    /// its n-grams.)
    fn kana_fragment(&self, piece: &Piece) -> bool {
        let Piece::Term(t) = piece else {
            return false;
        };
        t.chars().count() == 2
            && t.chars().all(|c| ('\u{3041}'..='\u{3096}').contains(&c))
            && !self.short_kana_word(t)
    }

    /// The terms a unit stands for: its pieces, the dictionary forms of its verb and
    /// adjective forms, and the thesaurus nouns kana are the reading of.
    fn unit_terms(&self, unit: &Unit) -> Vec<String> {
        match unit {
            Unit::Inflected { surface, bases } => {
                let mut t = bases.clone();
                if !t.contains(surface) {
                    t.push(surface.clone());
                }
                t.extend(self.nouns_of_form(surface).iter().cloned());
                t
            }
            Unit::Chunk { word, pieces, .. } => {
                let mut t: Vec<String> = phone::query_digits(word).into_iter().collect();
                t.push(word.clone());
                t.extend(self.nouns_read(word).iter().cloned());
                for (p, kind) in pieces {
                    t.extend(self.piece_terms(p, kind));
                }
                t
            }
        }
    }

    /// The terms one piece of a word stands for: itself, its dictionary forms, the
    /// thesaurus nouns it is the reading of.
    fn piece_terms(&self, piece: &Piece, kind: &Kind) -> Vec<String> {
        let mut t = match kind {
            Kind::Inflected(bases) => bases.clone(),
            _ => Vec::new(),
        };
        t.push(piece.text().to_string());
        t.extend(
            match kind {
                Kind::Inflected(_) => self.nouns_of_form(piece.text()),
                _ => self.nouns_read(piece.text()),
            }
            .iter()
            .cloned(),
        );
        t
    }

    /// The nouns a verb form in kana may be as well (`はなし`: 話 or 話し), but for a form
    /// ending in the あ row, which is the one before ない (`きか|なくて` of 聞く is no 帰化).
    fn nouns_of_form(&self, surface: &str) -> &[String] {
        let before_nai = surface
            .chars()
            .last()
            .is_some_and(|c| "あかさたなはまやらわがざだばぱ".contains(c));
        match before_nai {
            true => &[],
            false => self.nouns_read(surface),
        }
    }

    /// Whether kana hold a word besides grammar: a place, a thesaurus noun, or readings of
    /// the index's words not all function words.
    fn reads_as_words(&self, kana: &str) -> bool {
        self.place_paths(kana).is_some()
            || !self.nouns_read(kana).is_empty()
            || segment_word(kana, self.reading_vocab).iter().any(|p| {
                matches!(p, Piece::Term(t) if !matches!(self.lexicon.get(t), Some(Known::Function)))
            })
    }

    /// The facet paths of the areas `word` names (`芦屋`, or `あしや` typed in kana).
    fn place_paths(&self, word: &str) -> Option<&Vec<String>> {
        self.places.get(word).or_else(|| {
            self.nouns_read(word)
                .iter()
                .find_map(|noun| self.places.get(noun))
        })
    }

    /// Whether `word` is a person noun, or the kana reading of one (`はは`).
    fn is_person(&self, word: &str) -> bool {
        self.lexicon.is_person(word)
            || self
                .nouns_read(word)
                .iter()
                .any(|w| self.lexicon.is_person(w))
    }

    /// The thesaurus's nouns written with kanji that `kana` is the reading of (`借金` of
    /// `しゃっきん`), also after the polite prefix お or ご (`おさけ`: 酒).
    fn nouns_read(&self, kana: &str) -> &[String] {
        let plain = kana
            .strip_prefix(['お', 'ご'])
            .filter(|rest| rest.chars().count() >= 2);
        self.readings
            .get(kana)
            .or_else(|| plain.and_then(|rest| self.readings.get(rest)))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether two kana or fewer are a word in a sentence typed without kanji: the
    /// thesaurus (or its nouns' readings), the person nouns or the kana spellings of the
    /// lexicon's verbs know them (`はは`, `うつ`, `たべ`).
    fn short_kana_word(&self, t: &str) -> bool {
        self.readings.contains_key(t)
            || self.lexicon.is_person(t)
            || !self.lexicon.short_spelling(t).is_empty()
            || crate::lexicon::CONTENT_KANA.contains(&t)
            || self.thesaurus_knows(t)
    }

    /// Whether a term is one of the thesaurus's `from` phrases.
    fn thesaurus_knows(&self, t: &str) -> bool {
        self.expansions
            .iter()
            .any(|e| e.from.iter().any(|f| f.iter().any(|x| x == t)))
    }

    /// What `t` costs as a piece of a chunk typed all in hiragana (see
    /// [`Planner::kana_sentence`]): a function word a little more than a word, two kana a
    /// word only when known as one ([`Planner::short_kana_word`]), a person a little less
    /// than a word, the mere reading of some word more than both.
    fn kana_price(&self, t: &str) -> Option<i64> {
        let v = self.query_vocab;
        let n = t.chars().count();
        let kana = t.chars().all(is_kana);
        if kana && v.is_light(t) {
            return Some(if n == 1 {
                LIGHT_CHAR_COST
            } else {
                KANA_SENTENCE_LIGHT_COST
            });
        }
        if starts_mid_word(t) || crate::lexicon::GRAMMAR_RUNS.contains(&t) {
            return None;
        }
        if !kana {
            // (a spelling variant made it kanji: ごはん -> ご飯)
            return v.contains(t).then(|| v.cost(t));
        }
        let word = if n <= 2 {
            self.short_kana_word(t)
        } else {
            !self.nouns_read(t).is_empty()
                || self.compounds.contains_key(t)
                || (v.contains(t) && !v.is_reading(t))
        };
        if word && self.is_person(t) {
            // (a person is what kana sentences are about: `ははと` is はは + と, not は + 鳩)
            Some(WORD_COST - 1)
        } else if word {
            Some(WORD_COST)
        } else if v.contains(t) || self.reading_vocab.contains(t) {
            Some(if n <= 2 {
                ONE_KANJI_COST
            } else {
                READING_ONLY_COST
            })
        } else {
            None
        }
    }

    /// A chunk the resident typed all in hiragana, read as a sentence: cut at function
    /// words into the readings of the index's words, the thesaurus's nouns and the
    /// lexicon's verb forms (`せいかつほごをうけたい` -> せいかつ ほご を うけ たい). `None`
    /// unless that finds both a sentence's function word and a content word: the chunk
    /// is one word (`くらしまるごと`), matched by its readings.
    fn kana_sentence(&self, chunk: &str) -> Option<Vec<Segment>> {
        let price = |t: &str| self.kana_price(t);
        let pieces = segment_priced(
            chunk,
            self.query_vocab,
            self.query_vocab
                .max_chars()
                .max(self.reading_vocab.max_chars())
                .max(self.compound_chars),
            &price,
        );
        // A run of the thesaurus's nouns is its nouns (see `Planner::compounds`), unless
        // one noun reads so too; nouns, whatever else their kana could be (the ない of
        // かていないぼうりょく).
        let (pieces, nouns): (Vec<Piece>, Vec<bool>) = pieces
            .into_iter()
            .flat_map(|p| match self.compounds.get(p.text()) {
                Some(parts) if self.nouns_read(p.text()).is_empty() => parts
                    .iter()
                    .map(|r| (Piece::Term(r.clone()), true))
                    .collect(),
                _ => vec![(p, false)],
            })
            .unzip();
        let mut out = Vec::with_capacity(pieces.len());
        for ((p, span), noun) in spans(chunk, pieces).into_iter().zip(nouns) {
            if noun {
                out.push((p, span, Kind::Other));
                continue;
            }
            let kind = match (self.kind(&p), self.lexicon.short_spelling(p.text())) {
                (Kind::Other, []) => Kind::Other,
                (Kind::Other, bases) => Kind::Inflected(bases.to_vec()),
                (Kind::Inflected(mut bases), more) => {
                    for b in more {
                        if !bases.contains(b) {
                            bases.push(b.clone());
                        }
                    }
                    Kind::Inflected(bases)
                }
                (kind, _) => kind,
            };
            out.push((p, span, kind));
        }
        self.reread_kana_verbs(&mut out, true);
        // A sentence has a particle between words or a function word of two kana or more
        // (`ない`, `たい`): single kana at its end are the tail of a word (ほ + ご of
        // せいかつほご when the vocabulary lacks ほご).
        let is_function = |i: usize| matches!(out.get(i), Some((_, _, Kind::Function)));
        let function = (0..out.len()).any(|i| {
            is_function(i)
                && (out[i].0.text().chars().count() >= 2
                    || (i + 1 < out.len() && !is_function(i + 1)))
        });
        let content = out
            .iter()
            .any(|(p, _, k)| !matches!(k, Kind::Function) && !fragment(p));
        (function && content).then_some(out)
    }

    /// Where a sentence typed without kanji spells a verb like another word, what is
    /// around it decides: a [`crate::lexicon::CONTENT_KANA`] word is the verb only before a
    /// verb ending (`いえ から`: 家; `いえ ない`: 言えない); a particle's or auxiliary's kana
    /// are a verb right after a particle, before a verb ending when one kana
    /// (`へやから で て こない`, `そとに でる`: 出る), and one before `んで`/`んだ` that is
    /// the stem of one verb in む, ぶ or ぬ, unless a verb precedes it (`さけ の んだら`:
    /// 飲む; `いく の んで`: ので; see [`crate::lexicon::nasal_stem_of`]).
    ///
    /// In a chunk with kanji (`all_kana` false) only the one-kana stems are reread, a
    /// nasal stem only when it is no auxiliary's (`無理しんでええ` is not 死ぬ), and two kana
    /// that spell one verb (or a verb and its potential) after a noun or a particle and
    /// before a verb ending, when it is one of the verbs that also serve as auxiliaries
    /// (`学校いかない`, `学校にいけない`: 行く, not 〜ていく; see
    /// [`crate::lexicon::AUXILIARY_VERBS`]); after に, へ or a noun, such a verb even where
    /// the kana spell another verb too (`学校にいきたくない`: 行く, not 生きる).
    fn reread_kana_verbs(&self, out: &mut [Segment], all_kana: bool) {
        let function_text = |s: Option<&Segment>| match s {
            Some((p, _, Kind::Function)) => Some(p.text().to_string()),
            _ => None,
        };
        for i in 0..out.len() {
            let text = out[i].0.text().to_string();
            let before = match i {
                0 => None,
                _ => Some(function_text(out.get(i - 1)).unwrap_or_default()),
            };
            let after = function_text(out.get(i + 1));
            // (a verb form in ん before だ or で is its 撥音便: しん|だら is 死んだら, not 新)
            let ending = after.as_deref().is_some_and(|a| {
                crate::lexicon::VERB_ENDINGS.contains(&a)
                    || crate::lexicon::nasal_te_or_ta(&text, Some(a))
            });
            let kind = match &out[i].2 {
                Kind::Inflected(_)
                    if all_kana
                        && (crate::lexicon::CONTENT_KANA.contains(&text.as_str())
                            || !self.nouns_read(&text).is_empty()) =>
                {
                    (!ending).then_some(Kind::Other)
                }
                Kind::Function => {
                    let stem = self.lexicon.one_kana_stem(&text);
                    let spelled = self.lexicon.short_spelling(&text);
                    // (the function words after it, run together: `ん` + `だら`)
                    let rest: String = out[i + 1..]
                        .iter()
                        .take_while(|s| matches!(s.2, Kind::Function))
                        .take(2)
                        .map(|s| s.0.text())
                        .collect();
                    let nasal: Vec<String> = crate::lexicon::nasal_stem_of(&text, &rest)
                        .iter()
                        .flat_map(|form| self.lexicon.short_spelling(form))
                        .cloned()
                        .collect();
                    let after_verb = i > 0 && matches!(out[i - 1].2, Kind::Inflected(_));
                    let nasal_here = all_kana || !crate::lexicon::is_auxiliary_stem(&text);
                    let after_particle = before
                        .as_deref()
                        .is_some_and(crate::lexicon::is_stem_particle);
                    let after_noun = i > 0 && matches!(out[i - 1].2, Kind::Other);
                    let before_ending = after
                        .as_deref()
                        .is_some_and(|a| crate::lexicon::VERB_ENDINGS.contains(&a));
                    let auxiliary = spelled
                        .iter()
                        .all(|b| crate::lexicon::AUXILIARY_VERBS.contains(&b.as_str()));
                    // After a place one goes to (`学校に`, `学校`), kana an auxiliary verb
                    // spells are that verb, whatever else they spell (`いき` of 学校にいきたく
                    // ない is 行く, not 生きる).
                    let going = self.lexicon.auxiliary_spelling(&text);
                    let destination = after_noun || matches!(before.as_deref(), Some("に" | "へ"));
                    // (`そとにでる`; `学校いかない`, `学校にいけない`)
                    let spelled_here = !spelled.is_empty()
                        && ((all_kana && text.ends_with('る') && after_particle)
                            || ((after_noun || after_particle) && before_ending && auxiliary));
                    if nasal.len() == 1 && !after_verb && nasal_here {
                        Some(Kind::Inflected(nasal))
                    } else if !stem.is_empty()
                        && crate::lexicon::stem_between(before.as_deref(), after.as_deref())
                    {
                        Some(Kind::Inflected(stem.to_vec()))
                    } else if spelled_here {
                        Some(Kind::Inflected(spelled.to_vec()))
                    } else if destination && before_ending && !going.is_empty() {
                        Some(Kind::Inflected(going.to_vec()))
                    } else {
                        None
                    }
                }
                _ => None,
            };
            if let Some(k) = kind {
                out[i].2 = k;
            }
        }
    }

    /// A verb or adjective form: any of its dictionary forms, or the form itself when the
    /// index has it.
    fn forms_query(&self, surface: &str, bases: &[String]) -> Box<dyn Query> {
        let mut terms: Vec<&str> = bases.iter().map(String::as_str).collect();
        if self.index_vocab.contains(surface) && !terms.contains(&surface) {
            terms.push(surface);
        }
        let qs: Vec<Box<dyn Query>> = terms.into_iter().map(|t| self.term_any_field(t)).collect();
        Box::new(BooleanQuery::union(qs))
    }

    /// A filter on a facet; no score. For the trees `value` is a path and a parent
    /// includes its children; an area also includes the entries listed at its ancestors
    /// themselves (see [`FacetField::Area`]). For the flat facets `value` is the value.
    pub fn facet_filter(&self, facet: FacetField, value: &str) -> Box<dyn Query> {
        let field = self.fields.facet(facet);
        let term = |f: &tantivy::schema::Facet| -> Box<dyn Query> {
            self.term_query(Term::from_facet(field, f), IndexRecordOption::Basic)
        };
        let q: Box<dyn Query> = match facet {
            FacetField::Use | FacetField::Language | FacetField::Audience => {
                term(&FacetField::flat(value))
            }
            _ => match parse_facet(value) {
                Some(f) if f.is_root() => Box::new(AllQuery),
                Some(f) if facet == FacetField::Area => {
                    let path = crate::facet::path_string(&f);
                    Box::new(BooleanQuery::union(vec![term(&f), self.area_above(&path)]))
                }
                Some(f) => term(&f),
                None => Box::new(BooleanQuery::new(Vec::new())), // matches nothing
            },
        };
        Box::new(ConstScoreQuery::new(q, 0.0))
    }

    /// Entries listed at one of the ancestors of the area at `path` itself (a city-wide
    /// desk for a district).
    fn area_above(&self, path: &str) -> Box<dyn Query> {
        let above = crate::facet::ancestors(path)
            .filter(|a| *a != path)
            .map(|a| -> Box<dyn Query> {
                self.term_query(
                    Term::from_field_text(self.fields.area_at, a),
                    IndexRecordOption::Basic,
                )
            })
            .collect();
        Box::new(BooleanQuery::union(above))
    }

    /// Where a place word naming the areas at `paths` leads (no score of its own: the
    /// words around it rank the entries).
    fn place(&self, paths: &[String]) -> PlaceMatch {
        let field = self.fields.facet(FacetField::Area);
        let mut within: Vec<Box<dyn Query>> = Vec::new();
        let mut above: Vec<Box<dyn Query>> = Vec::new();
        let mut first: Vec<Box<dyn Query>> = Vec::new();
        for path in paths {
            if let Some(f) = parse_facet(path) {
                let path = crate::facet::path_string(&f);
                within.push(self.term_query(Term::from_facet(field, &f), IndexRecordOption::Basic));
                above.push(self.area_above(&path));
                first.push(self.term_query(
                    Term::from_field_text(self.fields.first_contact, &path),
                    IndexRecordOption::Basic,
                ));
            }
        }
        let none = |qs: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            shared(Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::union(qs)),
                0.0,
            )))
        };
        PlaceMatch {
            within: none(within),
            above: none(above),
            first: none(first),
        }
    }

    /// The ways one word (whole chunk, normalised) matches: `reading` is the same word
    /// before the variant step (see [`normalize_reading`]), used to match readings. Typo
    /// clauses are added if `typos`; `typos_possible` is set if the word has some.
    fn word_alternatives(
        &self,
        word: &str,
        reading: &str,
        loanword: bool,
        pieces: &[(Piece, Kind)],
        typos: bool,
        typos_possible: &mut bool,
    ) -> Vec<Box<dyn Query>> {
        let f = self.fields;
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();

        let own_text = self.scope != Scope::Listed;
        if let (Some(digits), true) = (phone::query_digits(word), own_text) {
            let tq = self.term_query(
                Term::from_field_text(f.phone, &digits),
                IndexRecordOption::Basic,
            );
            alternatives.push(Box::new(BoostQuery::new(tq, PHONE_BOOST)));
        }

        let word_atoms = atoms(word);
        let joined: String = word_atoms.iter().map(|a| a.text).collect();
        let all_kana = !joined.is_empty() && joined.chars().all(is_kana);
        let reading_joined: String = atoms(reading).iter().map(|a| a.text).collect();
        let reading_kana = !reading_joined.is_empty() && reading_joined.chars().all(is_kana);

        // A: vocabulary segmentation, every piece required.
        // A kana word cut into single kana (`はったつ` -> は/っ/た/つ) would match
        // any text holding those particles somewhere: no evidence at all. Such
        // words are matched by their reading (B) and n-grams (C) only.
        let fragmentary = all_kana
            && pieces.len() > 1
            && pieces
                .iter()
                .any(|(p, _)| matches!(p, Piece::Term(t) if t.chars().count() == 1));
        let mut piece_queries: Vec<Box<dyn Query>> = Vec::new();
        for (p, kind) in pieces {
            let q = match (p, kind) {
                (Piece::Term(t), Kind::Inflected(bases)) => Some(self.forms_query(t, bases)),
                // A word typed in katakana (クラス) is a loanword, not the reading of a
                // word written in kanji (暮らす).
                (Piece::Term(t), _) if loanword => Some(self.term_in_text(t)),
                (Piece::Term(t), _) => Some(self.term_any_field(t)),
                // (names and keywords have no n-grams: not found there)
                (Piece::Unknown(_), _) if self.scope == Scope::Listed => {
                    Some(Box::new(EmptyQuery) as Box<dyn Query>)
                }
                (Piece::Unknown(t), _) => self.ngram_phrase(t),
            };
            piece_queries.extend(q);
        }
        // A compound with a one-character piece (二人 -> 二 + 人, 病院代 -> 病院 + 代) is
        // found where its pieces are written together, in one field: scattered over an
        // entry (二 of 二丁目 in the title, 人 in the body), they say nothing.
        let plain: Option<Vec<String>> = pieces
            .iter()
            .map(|(p, kind)| match (p, kind) {
                (Piece::Term(t), Kind::Other) => Some(t.clone()),
                _ => None,
            })
            .collect();
        let together = plain.filter(|terms| {
            terms.len() > 1 && !loanword && terms.iter().any(|t| t.chars().count() == 1)
        });
        if let (Some(terms), false) = (&together, fragmentary) {
            alternatives.push(self.phrase_in_one_field(terms));
        } else if !piece_queries.is_empty() && !fragmentary {
            alternatives.push(Box::new(BooleanQuery::intersection(piece_queries)));
        }

        // B: kana word against the reading vocabulary, in both spellings: as typed
        // (`こどもしょくどう`, before the variant step made it `子供しょくどう`) and
        // normalised (`引きこもり` -> `ひきこもり`).
        let mut kana_forms: Vec<&str> = Vec::new();
        if reading_kana && !loanword {
            kana_forms.push(&reading_joined);
        }
        if all_kana && joined != reading_joined && !loanword {
            kana_forms.push(&joined);
        }
        for kana in kana_forms {
            let rpieces = segment_word(kana, self.reading_vocab);
            if !rpieces.is_empty() && rpieces.iter().all(|p| matches!(p, Piece::Term(_))) {
                let qs: Vec<Box<dyn Query>> = rpieces
                    .iter()
                    .map(|p| self.term_in_readings(p.text()))
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
            let reading_fields = f.reading_fields();
            let fields = f
                .scored_fields()
                .into_iter()
                .map(|(fl, _)| fl)
                .enumerate()
                .filter(|(bit, _)| TermFields::has(self.scope_mask(), *bit))
                .map(|(_, fl)| fl);
            // The terms one typo away, from the vocabularies held in memory: a query of
            // known terms, whose postings are fetched in one round like any other.
            let surface = self.index_vocab.one_edit_away(fuzzy_text);
            let readings = self.reading_vocab.one_edit_away(fuzzy_text);
            for field in fields {
                let candidates = if reading_fields.contains(&field) {
                    &readings
                } else {
                    &surface
                };
                for t in candidates {
                    fuzzy.push(
                        self.term_query(Term::from_field_text(field, t), IndexRecordOption::Basic),
                    );
                }
            }
            // A typo inside a compound the dictionary splits (no single term is
            // within one edit): the word's n-grams with a one-char hole.
            if all_kana && joined.chars().count() == n && own_text {
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
        alternatives
    }

    /// Every term of a thesaurus phrase, all in one field (`いのち電話` is not いのち in a
    /// category name and 電話 in the body).
    fn phrase_in_one_field(&self, terms: &[String]) -> Box<dyn Query> {
        if let [one] = terms {
            return self.term_any_field(one);
        }
        let mask = self.fields_holding(terms);
        let per_field: Vec<Box<dyn Query>> = self
            .fields
            .weighted_text_fields()
            .into_iter()
            .enumerate()
            .filter(|(bit, _)| TermFields::has(mask, *bit))
            .map(|(_, (field, boost))| {
                let all: Vec<Box<dyn Query>> = terms
                    .iter()
                    .map(|t| {
                        self.term_query(
                            Term::from_field_text(field, t),
                            IndexRecordOption::WithFreqs,
                        )
                    })
                    .collect();
                Box::new(BoostQuery::new(
                    Box::new(BooleanQuery::intersection(all)),
                    boost,
                )) as Box<dyn Query>
            })
            .collect();
        any_field(per_field)
    }

    /// The fields in scope that hold every term of `terms` ([`TermFields`] bits).
    fn fields_holding(&self, terms: &[String]) -> u16 {
        terms
            .iter()
            .fold(self.scope_mask(), |m, t| m & self.term_fields.mask(t))
    }

    /// The fields of [`Planner::scope`] ([`TermFields`] bits).
    fn scope_mask(&self) -> u16 {
        let listed = self.fields.taxonomy_mask();
        match self.scope {
            Scope::All => u16::MAX,
            Scope::Own => !listed,
            Scope::Listed => listed,
        }
    }

    /// One term (its lookups in the term dictionaries kept, see [`TermInfos`]).
    fn term_query(&self, term: Term, option: IndexRecordOption) -> Box<dyn Query> {
        Box::new(CachedTermQuery::new(term, option, self.term_infos.clone()))
    }

    /// One known term in any text field or reading (max of field scores, boosted per
    /// field).
    fn term_any_field(&self, t: &str) -> Box<dyn Query> {
        self.term_in(t, |_| true)
    }

    /// One known term in any text field, readings aside.
    fn term_in_text(&self, t: &str) -> Box<dyn Query> {
        self.term_in(t, |reading| !reading)
    }

    /// One reading term in the reading fields.
    fn term_in_readings(&self, t: &str) -> Box<dyn Query> {
        self.term_in(t, |reading| reading)
    }

    /// One term in the fields in scope that hold it and that `wanted` keeps (told whether
    /// a field is a reading field).
    fn term_in(&self, t: &str, wanted: impl Fn(bool) -> bool) -> Box<dyn Query> {
        let mask = self.term_fields.mask(t) & self.scope_mask();
        let readings = self.fields.reading_fields();
        let disjuncts = self
            .fields
            .scored_fields()
            .into_iter()
            .enumerate()
            .filter(|(bit, (f, _))| TermFields::has(mask, *bit) && wanted(readings.contains(f)))
            .map(|(_, (field, boost))| {
                let tq = self.term_query(
                    Term::from_field_text(field, t),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(tq, boost)) as Box<dyn Query>
            })
            .collect();
        any_field(disjuncts)
    }

    /// Text as a phrase of bigrams in the `ngram` field (None if no word chars, or in
    /// [`Scope::Listed`]: names and keywords have no n-grams).
    fn ngram_phrase(&self, text: &str) -> Option<Box<dyn Query>> {
        if self.scope == Scope::Listed {
            return None;
        }
        let field = self.fields.ngram;
        let toks = ngram_query_tokens(text);
        let q: Box<dyn Query> = match toks.len() {
            0 => return None,
            1 => self.term_query(
                Term::from_field_text(field, &toks[0].1),
                IndexRecordOption::WithFreqs,
            ),
            _ => Box::new(PhraseQuery::new_with_offset(
                toks.into_iter()
                    .map(|(p, t)| (p, Term::from_field_text(field, &t)))
                    .collect(),
            )),
        };
        Some(Box::new(BoostQuery::new(q, NGRAM_BOOST)))
    }
}

/// The best of a word's matches in the fields that have it (a little of the others'
/// scores added); nothing when no field has it.
fn any_field(per_field: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if per_field.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        per_field,
        DISMAX_TIE_BREAKER,
    ))
}

/// Whether a verb form may be one of a light verb ([`LIGHT_VERBS`]).
fn light_verb(bases: &[String]) -> bool {
    bases.iter().any(|b| LIGHT_VERBS.contains(&b.as_str()))
}

/// The pieces of `text` (in order; separators dropped) with their spans in its chars.
fn spans(text: &str, pieces: Vec<Piece>) -> Vec<(Piece, (usize, usize))> {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    pieces
        .into_iter()
        .map(|p| {
            let piece: Vec<char> = p.text().chars().collect();
            while at < chars.len() && !chars[at..].starts_with(&piece) {
                at += 1;
            }
            let span = (at, (at + piece.len()).min(chars.len()));
            at += piece.len();
            (p, span)
        })
        .collect()
}

/// Whether a unit's pieces are 誰 saying nobody ([`Kind::Nobody`]).
fn says_nobody(pieces: &[(Piece, Kind)]) -> bool {
    matches!(pieces, [(_, Kind::Nobody)])
}

/// Whether a word is only digits (and is not a phone number, which has its own clause).
fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit()) && phone::query_digits(word).is_none()
}

/// Whether a word was typed in katakana (`クラス`, `ケアマネ`).
fn is_katakana_word(shown: &str) -> bool {
    shown.chars().any(is_katakana)
        && shown
            .chars()
            .all(|c| is_katakana(c) || !c.is_alphanumeric())
}

/// Whether a piece of a sentence is a fragment of a word the vocabulary does not know
/// rather than a word: one hiragana char, or two chars or less beginning with a char no
/// word begins with (see [`Planner::units`]).
fn fragment(piece: &Piece) -> bool {
    let text = piece.text();
    let n = text.chars().count();
    let hiragana = |c: char| ('\u{3041}'..='\u{3096}').contains(&c);
    (n == 1 && text.chars().all(hiragana)) || (n <= 2 && crate::segment::starts_mid_word(text))
}

/// The dictionary form to show for a verb or adjective form: of its possible dictionary
/// forms, the one that shares the most with it (`やめ` -> やめる rather than やむ).
fn shown_base<'b>(surface: &'b str, bases: &'b [String]) -> &'b str {
    let shared = |b: &str| {
        b.chars()
            .zip(surface.chars())
            .take_while(|(x, y)| x == y)
            .count()
    };
    bases
        .iter()
        .max_by_key(|b| (shared(b), std::cmp::Reverse(b.len())))
        .map_or(surface, String::as_str)
}
