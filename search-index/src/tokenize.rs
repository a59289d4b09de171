//! Splitting text: atoms and character n-grams (shared with the query side), and lindera's
//! morphemes (`native` only). Phone numbers have their own module, [`crate::phone`].
//!
//! Every function here takes text already passed through
//! [`crate::normalize()`] unless it says otherwise.

use tantivy::tokenizer::Token;

use crate::normalize::{is_latin_char, is_word_char};

#[cfg(feature = "native")]
mod japanese;
#[cfg(feature = "native")]
pub use japanese::{analyze, in_kana, Morph};

/// Tokenizer name of the Japanese text fields in the schema (documents arrive pre-tokenised).
pub const TOKENIZER_JA: &str = "tsunagu_ja";
/// Tokenizer name of the `reading` field.
pub const TOKENIZER_READING: &str = "tsunagu_reading";
/// Tokenizer name of the `ngram` field.
pub const TOKENIZER_NGRAM: &str = "tsunagu_ngram";

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

/// A token at `position` without offsets (n-gram and phone terms are not highlighted from
/// offsets).
pub fn simple_token(position: usize, text: String) -> Token {
    Token {
        offset_from: 0,
        offset_to: 0,
        position,
        text,
        position_length: 1,
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
}
