//! Tokenizers: character n-grams and phone numbers (shared with the query
//! side), plus the lindera-backed Japanese tokenizer (`native` only).
//!
//! Every function here takes text already passed through
//! [`crate::normalize()`] unless it says otherwise.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

use crate::normalize::{is_latin_char, is_word_char, normalize};

#[cfg(feature = "native")]
mod japanese;
#[cfg(feature = "native")]
pub use japanese::{analyze, JapaneseTokenizer, Morph};

/// Name of the lindera surface tokenizer registered in the index.
pub const TOKENIZER_JA: &str = "tsunagu_ja";
/// Name of the lindera reading (hiragana) tokenizer registered in the index.
pub const TOKENIZER_READING: &str = "tsunagu_reading";
/// Name of the n-gram tokenizer registered in the index.
pub const TOKENIZER_NGRAM: &str = "tsunagu_ngram";
/// Name of the phone-number tokenizer registered in the index.
pub const TOKENIZER_PHONE: &str = "tsunagu_phone";

/// Longest token (bytes) written to the index; longer ones are dropped.
pub const MAX_TOKEN_BYTES: usize = 255;

/// Kind of an [`Atom`]: what the n-gram tokenizer and segmenter treat as a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    /// A run of latin-script letters, kept whole.
    Alpha,
    /// A run of ASCII digits, kept whole.
    Digit,
    /// A run of CJK / kana characters, split further (n-grams or vocabulary).
    Cjk,
}

/// A maximal run of word characters of one [`AtomKind`]; separators dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom<'a> {
    /// What kind of run this is.
    pub kind: AtomKind,
    /// The run's text (a slice of the input).
    pub text: &'a str,
    /// Byte offset of the run in the input.
    pub offset: usize,
}

fn kind_of(c: char) -> Option<AtomKind> {
    if !is_word_char(c) {
        None
    } else if c.is_ascii_digit() {
        Some(AtomKind::Digit)
    } else if is_latin_char(c) {
        Some(AtomKind::Alpha)
    } else {
        Some(AtomKind::Cjk)
    }
}

/// Splits text into [`Atom`]s, mirroring IPADIC's ALPHA/NUMERIC grouping.
///
/// Used by both the index tokenizers and the query segmenter, so that an
/// index term never crosses an atom boundary the query side would split at.
pub fn atoms(text: &str) -> Vec<Atom<'_>> {
    let mut out = Vec::new();
    let mut cur: Option<(AtomKind, usize)> = None;
    for (i, c) in text.char_indices() {
        let k = kind_of(c);
        match (cur, k) {
            (Some((ck, _)), Some(k)) if ck == k => {}
            (Some((ck, start)), _) => {
                out.push(Atom {
                    kind: ck,
                    text: &text[start..i],
                    offset: start,
                });
                cur = k.map(|k| (k, i));
            }
            (None, _) => cur = k.map(|k| (k, i)),
        }
    }
    if let Some((ck, start)) = cur {
        out.push(Atom {
            kind: ck,
            text: &text[start..],
            offset: start,
        });
    }
    out
}

/// Index-side n-grams of normalised text, as `(position, term)`.
///
/// Latin words and digit runs are kept whole; each CJK/kana char gives a
/// unigram and a bigram with the next char of its run, both at the char's
/// position, so phrase queries of bigrams (see [`ngram_query_tokens`]) match.
pub fn ngram_tokens(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for atom in atoms(text) {
        match atom.kind {
            AtomKind::Alpha | AtomKind::Digit => {
                out.push((pos, atom.text.to_string()));
                pos += 1;
            }
            AtomKind::Cjk => {
                let chars: Vec<char> = atom.text.chars().collect();
                for i in 0..chars.len() {
                    out.push((pos + i, chars[i].to_string()));
                    if i + 1 < chars.len() {
                        out.push((pos + i, [chars[i], chars[i + 1]].iter().collect()));
                    }
                }
                pos += chars.len();
            }
        }
    }
    out
}

/// Query-side n-grams of normalised text, as `(position, term)`: bigrams
/// only (a lone CJK char gives its unigram), positions matching [`ngram_tokens`].
pub fn ngram_query_tokens(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for atom in atoms(text) {
        match atom.kind {
            AtomKind::Alpha | AtomKind::Digit => {
                out.push((pos, atom.text.to_string()));
                pos += 1;
            }
            AtomKind::Cjk => {
                let chars: Vec<char> = atom.text.chars().collect();
                if chars.len() == 1 {
                    out.push((pos, chars[0].to_string()));
                } else {
                    for i in 0..chars.len() - 1 {
                        out.push((pos + i, [chars[i], chars[i + 1]].iter().collect()));
                    }
                }
                pos += chars.len();
            }
        }
    }
    out
}

/// Query-side n-gram phrases matching `word` (a run of CJK/kana chars) with one
/// typo: for each position, one char substituted, missing or extra. Each phrase
/// is `(position, term)` like [`ngram_query_tokens`], with a one-char hole at the
/// typo, so a typo inside a compound that the dictionary splits into several
/// terms (`コミュニテイファーム` for `コミュニティ`+`ファーム`) is still found.
/// Phrases with fewer than two chars on either side of the hole are skipped
/// unless the other side is long, so that every phrase keeps `len - 1` chars
/// in order.
pub fn one_typo_ngram_phrases(word: &str) -> Vec<Vec<(usize, String)>> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let grams = |part: &[char], offset: usize, out: &mut Vec<(usize, String)>| match part.len() {
        0 => {}
        1 => out.push((offset, part[0].to_string())),
        _ => {
            for i in 0..part.len() - 1 {
                out.push((offset + i, [part[i], part[i + 1]].iter().collect()));
            }
        }
    };
    let mut out = Vec::new();
    for i in 0..n {
        // (left part, right part, position of the right part in the document)
        let mut cases = vec![
            (&chars[..i], &chars[i + 1..], i + 1), // chars[i] substituted
            (&chars[..i], &chars[i + 1..], i),     // chars[i] typed in excess
        ];
        if i > 0 {
            cases.push((&chars[..i], &chars[i..], i + 1)); // a char missing before chars[i]
        }
        for (left, right, at) in cases {
            let mut phrase = Vec::new();
            grams(left, 0, &mut phrase);
            grams(right, at, &mut phrase);
            if phrase.len() >= 2 && !out.contains(&phrase) {
                out.push(phrase);
            }
        }
    }
    out
}

fn phone_chars(raw: &str) -> String {
    raw.nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | 'ー' => '-',
            c => c,
        })
        .collect()
}

/// Digit groups of a phone number as written, with `+81` turned into the
/// trunk prefix `0` and `#` dropped (`#7119` -> `["7119"]`).
fn phone_groups(raw: &str) -> Vec<String> {
    let s = phone_chars(raw);
    let s = s.trim();
    let (s, intl) = match s.strip_prefix("+81") {
        Some(rest) => (rest, true),
        None => (s, false),
    };
    let mut groups: Vec<String> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    if intl {
        if let Some(first) = groups.first_mut() {
            if !first.starts_with('0') {
                first.insert(0, '0');
            }
        }
    }
    groups
}

/// Index terms for one phone number as written (digits only).
///
/// Emits the full digits (`0649500584`), the digits after the area code
/// (`49500584`, from hyphen groups, or the 8..5-digit suffixes when written
/// without separators), each group of 3+ digits (`4950`, `0584`) and the last
/// four digits. `#7119` is indexed as `7119`, `189` as `189`.
pub fn phone_index_terms(raw: &str) -> Vec<String> {
    let groups = phone_groups(raw);
    let mut out: Vec<String> = Vec::new();
    let full: String = groups.concat();
    if full.is_empty() {
        return out;
    }
    out.push(full.clone());
    if groups.len() >= 2 && groups[0].starts_with('0') {
        out.push(groups[1..].concat());
    }
    if groups.len() == 1 && full.starts_with('0') && full.len() >= 9 {
        for n in 5..=8 {
            out.push(full[full.len() - n..].to_string());
        }
    }
    for g in &groups {
        if g.len() >= 3 {
            out.push(g.clone());
        }
    }
    if full.len() >= 8 {
        out.push(full[full.len() - 4..].to_string());
    }
    out.sort();
    out.dedup();
    out
}

/// If `word` looks like a phone number (digits with optional `#`/`+`,
/// hyphens, dots, brackets, spaces; full-width accepted; 3+ digits), returns
/// the single phone-field term to look up (its digits, `+81` -> `0`).
pub fn phone_query_term(word: &str) -> Option<String> {
    let s = phone_chars(word);
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 40 {
        return None;
    }
    let body = s
        .strip_prefix('#')
        .or_else(|| s.strip_prefix('+'))
        .unwrap_or(s);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '(' | ')' | ' '))
    {
        return None;
    }
    let digits = phone_groups(s).concat();
    (digits.len() >= 3).then_some(digits)
}

/// A token stream over a precomputed token list.
#[derive(Debug, Default)]
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokenStream {
    /// Wraps tokens; tokens longer than [`MAX_TOKEN_BYTES`] are dropped.
    pub fn new(mut tokens: Vec<Token>) -> Self {
        tokens.retain(|t| !t.text.is_empty() && t.text.len() <= MAX_TOKEN_BYTES);
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

fn simple_token(position: usize, text: String) -> Token {
    Token {
        offset_from: 0,
        offset_to: 0,
        position,
        text,
        position_length: 1,
    }
}

/// tantivy tokenizer for the `ngram` field: normalises, then [`ngram_tokens`].
#[derive(Clone, Debug, Default)]
pub struct NgramTokenizer;

impl Tokenizer for NgramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let toks = ngram_tokens(&normalize(text))
            .into_iter()
            .map(|(p, t)| simple_token(p, t))
            .collect();
        VecTokenStream::new(toks)
    }
}

/// tantivy tokenizer for the `phone` field: one value = one number as written,
/// turned into [`phone_index_terms`].
#[derive(Clone, Debug, Default)]
pub struct PhoneTokenizer;

impl Tokenizer for PhoneTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let toks = phone_index_terms(text)
            .into_iter()
            .enumerate()
            .map(|(p, t)| simple_token(p, t))
            .collect();
        VecTokenStream::new(toks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(v: Vec<(usize, String)>) -> Vec<String> {
        v.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn atoms_split_scripts() {
        let a: Vec<_> = atoms("npo法人abc123 くらし・まるごと")
            .into_iter()
            .map(|a| a.text)
            .collect();
        assert_eq!(a, ["npo", "法人", "abc", "123", "くらし", "まるごと"]);
    }

    #[test]
    fn ngrams() {
        assert_eq!(terms(ngram_tokens("食堂npo")), ["食", "食堂", "堂", "npo"]);
        assert_eq!(
            terms(ngram_query_tokens("子供食堂")),
            ["子供", "供食", "食堂"]
        );
        assert_eq!(terms(ngram_query_tokens("市")), ["市"]);
        assert!(ngram_tokens("!?* 🙂").is_empty());
    }

    #[test]
    fn one_typo_phrases() {
        let p = one_typo_ngram_phrases("あいうえお");
        let has = |want: &[(usize, &str)]| {
            p.iter().any(|ph| {
                ph.len() == want.len() && ph.iter().zip(want).all(|(a, b)| a.0 == b.0 && a.1 == b.1)
            })
        };
        // substitution of う: あい?えお
        assert!(has(&[(0, "あい"), (3, "えお")]));
        // う typed in excess: the document has あいえお
        assert!(has(&[(0, "あい"), (2, "えお")]));
        // a char missing before え: the document has あいう?えお
        assert!(has(&[(0, "あい"), (1, "いう"), (4, "えお")]));
        // nothing shorter than two terms; no duplicates
        assert!(p.iter().all(|ph| ph.len() >= 2));
        let mut d = p.clone();
        d.dedup();
        assert_eq!(d.len(), p.len());
    }

    #[test]
    fn phone_terms() {
        let t = phone_index_terms("06-4950-0584");
        for want in ["0649500584", "49500584", "4950", "0584"] {
            assert!(t.contains(&want.to_string()), "{want} missing from {t:?}");
        }
        let t = phone_index_terms("０６－６４２３－９９１６");
        assert!(t.contains(&"64239916".to_string()));
        assert_eq!(phone_index_terms("#7119"), ["7119"]);
        assert_eq!(phone_index_terms("189"), ["189"]);
        let t = phone_index_terms("0649500584");
        assert!(t.contains(&"49500584".to_string()));
        let t = phone_index_terms("+81-6-4950-0584");
        assert!(t.contains(&"0649500584".to_string()));
    }

    #[test]
    fn phone_queries() {
        assert_eq!(phone_query_term("4950-0584").as_deref(), Some("49500584"));
        assert_eq!(
            phone_query_term("0649500584").as_deref(),
            Some("0649500584")
        );
        assert_eq!(
            phone_query_term("６４２３－９９１６").as_deref(),
            Some("64239916")
        );
        assert_eq!(phone_query_term("#7119").as_deref(), Some("7119"));
        assert_eq!(phone_query_term("189").as_deref(), Some("189"));
        assert_eq!(
            phone_query_term("(06) 4950 0584").as_deref(),
            Some("0649500584")
        );
        assert_eq!(phone_query_term("12"), None);
        assert_eq!(phone_query_term("子供"), None);
        assert_eq!(phone_query_term("2024年"), None);
        assert_eq!(phone_query_term("#"), None);
    }
}
