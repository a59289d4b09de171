//! Query-time segmentation against the index's own vocabulary (no lindera).
//!
//! The vocabulary is read from tantivy's term dictionaries of the indexed
//! fields when the index is opened (see [`crate::query::Searcher`]), so it can
//! never drift from the index; the query lexicon adds function words and verb forms.
//! A CJK run is split by dynamic programming into vocabulary terms: fewest unknown chars,
//! then the lowest cost (a word costs [`WORD_COST`], a function word only
//! [`LIGHT_COST`], so `どうしたらいいの` ends in the function words たら/いい/の rather than
//! the nouns たらい and いの, while `しんどい` stays whole), then the longest pieces; chars no term covers become
//! [`Piece::Unknown`] stretches that the query matches as character bigrams. Latin words
//! and digit runs are atomic: a known term or unknown as a whole.

use std::collections::HashSet;

use crate::tokenize::{atoms, AtomKind};

/// Longest term (in chars) the segmenter tries to match.
pub const MAX_TERM_CHARS: usize = 24;
/// What a piece costs in a segmentation.
pub const WORD_COST: i64 = 10;
/// What a function word of two or more characters costs: a little less than half a word
/// (see the module docs).
pub const LIGHT_COST: i64 = 4;
/// What a one-character function word costs: more, so that two of them (ご + み) do not
/// win over a word (ごみ).
pub const LIGHT_CHAR_COST: i64 = 6;
/// What a verb or adjective form written in 3 or more kana costs (`いたく`, `しんどい`):
/// enough that two function words (い + たく) do not win over it.
pub const KANA_FORM_COST: i64 = 8;

/// What a kana spelling of a verb or adjective written in kanji costs (`になっ`, a
/// spelling of 担う): more than a particle and a function word (に + なっ), which is what
/// such kana mostly are in a sentence; still less than chars no term covers (`ねむれ`).
pub const KANA_SPELLING_COST: i64 = 11;

/// What a word of one kanji costs (unless it is a verb form itself, `出` of 出る): a little
/// more than a word, so that a verb form taking the kanji and its kana (`断ら` + れ of
/// 断られた) wins over the kanji alone (`断`, a word of 断酒) and a function word (られ).
pub const ONE_KANJI_COST: i64 = WORD_COST + 3;

/// What a function word of two or more kana costs in a sentence typed without kanji
/// (see `Planner::kana_sentence`): less than two function words of one kana (`ない` is
/// not な + い), more than a word (`せいかつ` is not せい + かつ, `がたべ` is が + たべ).
pub const KANA_SENTENCE_LIGHT_COST: i64 = WORD_COST + 1;
/// What a word of three or more kana that only the reading fields have costs in such a
/// sentence: more than a function word and a particle of the same kana (`どうし`, the
/// reading of 同士, is どう + し in どうしたら).
pub const READING_ONLY_COST: i64 = KANA_SENTENCE_LIGHT_COST + LIGHT_CHAR_COST + 1;

/// A set of index terms used to segment queries.
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    terms: HashSet<String>,
    /// Terms that are function words (see [`LIGHT_COST`]).
    light: HashSet<String>,
    /// Verb and adjective forms in kana (see [`KANA_FORM_COST`]).
    kana_forms: HashSet<String>,
    /// Kana spellings of words written in kanji (see [`KANA_SPELLING_COST`]).
    spellings: HashSet<String>,
    /// Verb forms of one character (`出` of 出る): words, not [`ONE_KANJI_COST`].
    stems: HashSet<String>,
    /// Terms known only as the readings of the index's words (`きょうだい`).
    readings: HashSet<String>,
    max_chars: usize,
}

/// Whether `a` and `b` are at most one insertion, deletion, substitution or swap of
/// neighbouring characters apart.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => {
            if prefix == short.len() {
                return true;
            }
            let rest = prefix + 1;
            // one substitution, or a swap of neighbours
            short[rest..] == long[rest..]
                || (rest < short.len()
                    && short[prefix] == long[rest]
                    && short[rest] == long[prefix]
                    && short[rest + 1..] == long[rest + 1..])
        }
        1 => short[prefix..] == long[prefix + 1..],
        _ => false,
    }
}

impl Vocabulary {
    /// Builds a vocabulary from terms (already normalised, as indexed).
    pub fn new<I: IntoIterator<Item = String>>(terms: I) -> Self {
        let mut v = Vocabulary::default();
        for t in terms {
            v.insert(t);
        }
        v
    }

    /// Adds one term.
    pub fn insert(&mut self, term: String) {
        let n = term.chars().count();
        if n == 0 || n > MAX_TERM_CHARS {
            return;
        }
        self.max_chars = self.max_chars.max(n);
        self.terms.insert(term);
    }

    /// Adds the reading of some word, unless the vocabulary has the term already (see
    /// [`READING_ONLY_COST`]).
    pub fn insert_reading(&mut self, term: String) {
        if !self.terms.contains(&term) {
            self.readings.insert(term.clone());
            self.insert(term);
        }
    }

    /// Whether `term` is only a reading ([`Vocabulary::insert_reading`]).
    pub fn is_reading(&self, term: &str) -> bool {
        self.readings.contains(term)
    }

    /// Adds a function word (see [`LIGHT_COST`]).
    pub fn insert_light(&mut self, term: String) {
        self.light.insert(term.clone());
        self.insert(term);
    }

    /// Adds a form of a verb or adjective (see [`KANA_FORM_COST`]).
    pub fn insert_form(&mut self, term: String) {
        if term.chars().count() >= 3 && term.chars().all(crate::normalize::is_kana) {
            self.kana_forms.insert(term.clone());
        }
        if term.chars().count() == 1 {
            self.stems.insert(term.clone());
        }
        self.insert(term);
    }

    /// The terms, in no order.
    pub fn terms(&self) -> impl Iterator<Item = &String> {
        self.terms.iter()
    }

    /// Adds a kana spelling of a verb or adjective written in kanji (see
    /// [`KANA_SPELLING_COST`]).
    pub fn insert_spelling(&mut self, term: String) {
        self.spellings.insert(term.clone());
        self.insert(term);
    }

    /// True if `term` is in the vocabulary.
    pub fn contains(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    /// The terms at most one typo from `word`: one character inserted, deleted or replaced,
    /// or two neighbours swapped (what a Levenshtein automaton of distance 1 with
    /// transpositions accepts), sorted. Counted in characters.
    pub fn one_edit_away(&self, word: &str) -> Vec<&str> {
        let w: Vec<char> = word.chars().collect();
        let mut out: Vec<&str> = self
            .terms
            .iter()
            .filter(|t| {
                let n = t.chars().count();
                n + 1 >= w.len() && n <= w.len() + 1 && {
                    let t: Vec<char> = t.chars().collect();
                    within_one_edit(&w, &t)
                }
            })
            .map(String::as_str)
            .collect();
        out.sort_unstable();
        out
    }

    /// What `term` costs as a piece of a segmentation (see the module docs).
    pub fn cost(&self, term: &str) -> i64 {
        // A function word written with kanji (事, 故に, 方) is rarely one in a query: it is
        // as dear as a word, so a known compound (事故, 場所) wins over it.
        if self.light.contains(term) && term.chars().all(crate::normalize::is_kana) {
            let chars = term.chars().count() as i64;
            if chars == 1 {
                LIGHT_CHAR_COST
            } else if crate::lexicon::JOINED_FUNCTION_WORDS.contains(&term) {
                // function words run together (され, してい) cost what they would apart, so
                // a verb form keeps what is its own (買わさ|れ, 話し|て|い)
                LIGHT_CHAR_COST * chars
            } else {
                LIGHT_COST
            }
        } else if self.spellings.contains(term) && !self.kana_forms.contains(term) {
            KANA_SPELLING_COST
        } else if self.kana_forms.contains(term) {
            KANA_FORM_COST
        } else if term.chars().count() == 1
            && !term.chars().all(crate::normalize::is_kana)
            && !self.stems.contains(term)
        {
            ONE_KANJI_COST
        } else {
            WORD_COST
        }
    }

    /// Whether `term` is a function word.
    pub fn is_light(&self, term: &str) -> bool {
        self.light.contains(term)
    }

    /// Longest term, in chars.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True if there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One piece of a segmented query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A term present in the vocabulary.
    Term(String),
    /// A stretch no vocabulary term covers (matched as n-grams).
    Unknown(String),
}

impl Piece {
    /// The piece's text.
    pub fn text(&self) -> &str {
        match self {
            Piece::Term(t) | Piece::Unknown(t) => t,
        }
    }
}

/// Splits a normalised query into words at whitespace.
pub fn split_words(normalized: &str) -> Vec<&str> {
    normalized.split_whitespace().collect()
}

/// Segments one normalised word (no whitespace) into pieces; separators
/// (punctuation, symbols) are dropped.
pub fn segment_word(word: &str, vocab: &Vocabulary) -> Vec<Piece> {
    segment(word, vocab, true)
}

/// [`segment_word`] without function words: for a run written in katakana (a loanword
/// never holds a particle: `リストカット` is not り+す+と+か+…).
pub fn segment_loanword(word: &str, vocab: &Vocabulary) -> Vec<Piece> {
    segment(word, vocab, false)
}

fn segment(word: &str, vocab: &Vocabulary, function_words: bool) -> Vec<Piece> {
    let price = |t: &str| {
        let allowed = (function_words || !vocab.light.contains(t))
            && (!starts_mid_word(t) || vocab.light.contains(t));
        (allowed && vocab.contains(t)).then(|| vocab.cost(t))
    };
    segment_priced(word, vocab, vocab.max_chars, &price)
}

/// Segments one normalised word like [`segment_word`], with the pieces and their costs
/// given by `price` (`None`: not a piece) instead of a vocabulary's. Latin words and digit
/// runs are looked up in `vocab`.
pub fn segment_priced(
    word: &str,
    vocab: &Vocabulary,
    max_chars: usize,
    price: &dyn Fn(&str) -> Option<i64>,
) -> Vec<Piece> {
    let mut out = Vec::new();
    for atom in atoms(word) {
        match atom.kind {
            AtomKind::Alpha | AtomKind::Digit => {
                let t = atom.text.to_string();
                out.push(if vocab.contains(&t) {
                    Piece::Term(t)
                } else {
                    Piece::Unknown(t)
                });
            }
            AtomKind::Cjk => segment_run(atom.text, max_chars, price, &mut out),
        }
    }
    out
}

/// Whether `term` begins with a char no Japanese content word begins with (a small kana,
/// ん, ー): such a term (`ょう`) found in a query is the tail of a word the vocabulary
/// does not know (`きょうだい`), not a word. (Function words may: `んで`.)
pub fn starts_mid_word(term: &str) -> bool {
    term.starts_with(|c: char| "ぁぃぅぇぉっゃゅょゎんーァィゥェォッャュョヮンヵヶ".contains(c))
}

/// Cost of a segmentation prefix, compared lexicographically (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    unknown_chars: usize,
    /// [`WORD_COST`] per piece, less for function words and kana verb forms.
    pieces: i64,
    /// Negated sum of squared piece lengths: prefers longer pieces.
    neg_sq: i64,
}

fn segment_run(
    run: &str,
    max_chars: usize,
    price: &dyn Fn(&str) -> Option<i64>,
    out: &mut Vec<Piece>,
) {
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    // best[i]: cost of chars[..i] and the (start, known) of its last piece.
    let mut best: Vec<Option<(Cost, usize, bool)>> = vec![None; n + 1];
    best[0] = Some((
        Cost {
            unknown_chars: 0,
            pieces: 0,
            neg_sq: 0,
        },
        0,
        false,
    ));
    let mut buf = String::new();
    for i in 0..n {
        let Some((base, _, _)) = best[i] else {
            continue;
        };
        let mut relax = |j: usize, known: Option<i64>| {
            let len = (j - i) as i64;
            let cost = Cost {
                unknown_chars: base.unknown_chars + usize::from(known.is_none()),
                pieces: base.pieces + known.unwrap_or(WORD_COST),
                neg_sq: base.neg_sq - len * len,
            };
            if best[j].is_none_or(|(c, _, _)| cost < c) {
                best[j] = Some((cost, i, known.is_some()));
            }
        };
        // unknown single char
        relax(i + 1, None);
        buf.clear();
        for j in i + 1..=n.min(i + max_chars) {
            buf.push(chars[j - 1]);
            if let Some(cost) = price(&buf) {
                relax(j, Some(cost));
            }
        }
    }
    // Walk back, then merge adjacent unknown chars into stretches.
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i, known) = best[j].expect("every prefix is reachable");
        pieces.push((i, j, known));
        j = i;
    }
    pieces.reverse();
    let mut pending_unknown: Option<(usize, usize)> = None;
    for (i, j, known) in pieces {
        if known {
            if let Some((a, b)) = pending_unknown.take() {
                out.push(Piece::Unknown(chars[a..b].iter().collect()));
            }
            out.push(Piece::Term(chars[i..j].iter().collect()));
        } else {
            pending_unknown = Some(match pending_unknown {
                Some((a, _)) => (a, j),
                None => (i, j),
            });
        }
    }
    if let Some((a, b)) = pending_unknown {
        out.push(Piece::Unknown(chars[a..b].iter().collect()));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_typo_is_an_insertion_deletion_substitution_or_swap() {
        let v = Vocabulary::new(
            [
                "ぼらんてぃあ",
                "ぼらんてあ",
                "ぼらんていあ",
                "ぼらてんぃあ",
                "ぼらんてぃああ",
                "ぼらんて",
                "ぼらてぃんあ",
            ]
            .map(String::from),
        );
        // itself, a deletion, a substitution (い/ぃ); not a swap plus a substitution
        assert_eq!(
            v.one_edit_away("ぼらんていあ"),
            ["ぼらんてあ", "ぼらんてぃあ", "ぼらんていあ"]
        );
        // a swap of neighbours is one typo; two swaps are not
        assert_eq!(
            v.one_edit_away("ぼらてんぃあ"),
            ["ぼらてぃんあ", "ぼらてんぃあ", "ぼらんてぃあ"]
        );
        assert!(v.one_edit_away("ぼてらぃあん").is_empty());
        assert_eq!(v.one_edit_away("ぼらんてぃあああ"), ["ぼらんてぃああ"]);
    }

    use super::*;

    fn vocab(terms: &[&str]) -> Vocabulary {
        Vocabulary::new(terms.iter().map(|s| s.to_string()))
    }

    /// A vocabulary of `terms` and the function words `function`.
    fn vocab_with(terms: &[&str], function: &[&str]) -> Vocabulary {
        let mut v = vocab(terms);
        for f in function {
            v.insert_light(f.to_string());
        }
        v
    }

    fn texts(p: &[Piece]) -> Vec<String> {
        p.iter()
            .map(|p| match p {
                Piece::Term(t) => t.clone(),
                Piece::Unknown(t) => format!("?{t}"),
            })
            .collect()
    }

    #[test]
    fn longest_known_terms_win() {
        let v = vocab(&["子供", "食堂", "子", "供", "食", "堂"]);
        assert_eq!(texts(&segment_word("子供食堂", &v)), ["子供", "食堂"]);
    }

    #[test]
    fn unknown_stretches_fall_back() {
        let v = vocab(&["相談", "室"]);
        assert_eq!(
            texts(&segment_word("尼崎相談室", &v)),
            ["?尼崎", "相談", "室"]
        );
        assert_eq!(texts(&segment_word("未知語", &v)), ["?未知語"]);
    }

    #[test]
    fn latin_and_separators() {
        let v = vocab(&["npo", "法人"]);
        assert_eq!(texts(&segment_word("npo法人", &v)), ["npo", "法人"]);
        assert_eq!(texts(&segment_word("\"npo\":法人*", &v)), ["npo", "法人"]);
        assert_eq!(texts(&segment_word("npox", &v)), ["?npox"]);
        assert!(segment_word("*-:()🙂", &v).is_empty());
    }

    #[test]
    fn kana_reading_vocabulary() {
        let v = vocab(&["くらし", "まるごと", "そうだん", "しつ"]);
        assert_eq!(
            texts(&segment_word("くらしまるごと", &v)),
            ["くらし", "まるごと"]
        );
    }

    #[test]
    fn function_words_are_cheaper_than_words() {
        let v = vocab_with(
            &["たらい", "いの", "どう", "しんどい"],
            &["し", "たら", "いい", "の", "ん", "ど", "い"],
        );
        assert_eq!(
            texts(&segment_word("どうしたらいいの", &v)),
            ["どう", "し", "たら", "いい", "の"]
        );
        assert_eq!(texts(&segment_word("しんどい", &v)), ["しんどい"]);
        let v = vocab_with(&["ごみ", "屋敷"], &["ご", "み"]);
        assert_eq!(texts(&segment_word("ごみ屋敷", &v)), ["ごみ", "屋敷"]);
    }

    #[test]
    fn function_words_run_together_are_one_unless_a_verb_form_ends_in_their_first_kana() {
        let v = vocab_with(
            &["無理やり", "され", "買わ", "買わさ"],
            &["され", "れ", "た", "さ"],
        );
        // され is also a form of さる (in the vocabulary as a word)
        assert_eq!(
            texts(&segment_word("無理やりされた", &v)),
            ["無理やり", "され", "た"]
        );
        assert_eq!(
            texts(&segment_word("買わされた", &v)),
            ["買わさ", "れ", "た"]
        );
        let v = vocab_with(
            &["孤立", "話", "話し", "してい"],
            &["してい", "し", "て", "い", "る"],
        );
        assert_eq!(
            texts(&segment_word("孤立している", &v)),
            ["孤立", "してい", "る"]
        );
        assert_eq!(
            texts(&segment_word("話している", &v)),
            ["話し", "て", "い", "る"]
        );
        // a verb in る typed in kana keeps its ら before the passive's れ
        let mut v = vocab_with(&["体"], &["さ", "わ", "られ", "れ", "た"]);
        v.insert_spelling("さわら".into());
        assert_eq!(
            texts(&segment_word("体さわられた", &v)),
            ["体", "さわら", "れ", "た"]
        );
    }

    #[test]
    fn a_verb_form_wins_over_its_kanji_alone_and_a_function_word() {
        let v = vocab_with(&["断", "断ら", "入居"], &["られ", "れ", "た", "を"]);
        assert_eq!(
            texts(&segment_word("入居を断られた", &v)),
            ["入居", "を", "断ら", "れ", "た"]
        );
    }

    #[test]
    fn whitespace_splits_words() {
        assert_eq!(split_words(" 子供\u{3000}食堂  "), ["子供", "食堂"]);
    }

    #[test]
    fn long_input_is_fine() {
        let v = vocab(&["あ", "あい"]);
        let s = "あい".repeat(500);
        assert_eq!(segment_word(&s, &v).len(), 500);
    }
}
