//! lindera (IPADIC, normal mode): text to morphemes with their readings, dictionary forms
//! and parts of speech.

use std::borrow::Cow;

use lindera::segmenter::Segmenter;

use super::atoms;
use crate::lexicon::{inflects, is_function};
use crate::normalize::{fold_kana, normalize, normalize_for_analysis};

/// IPADIC detail indices (after the surface and the connection ids).
const POS_DETAIL: usize = 0;
const SUB1_DETAIL: usize = 1;
const CONJ_TYPE_DETAIL: usize = 4;
const BASE_DETAIL: usize = 6;
const READING_DETAIL: usize = 7;

/// One index term from lindera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morph {
    /// Normalised surface (kana folded), never crossing an [`super::Atom`] boundary.
    pub surface: String,
    /// Hiragana reading from IPADIC, or the surface when unknown / split.
    pub reading: String,
    /// Byte range in the *analysis-normalised* text (not the raw input).
    pub offset: (usize, usize),
    /// For a verb or adjective: its dictionary form (normalised) and conjugation type.
    pub inflected: Option<(String, String)>,
    /// Whether it is a function word (see [`crate::lexicon::is_function`]).
    pub function: bool,
}

impl Morph {
    /// The term that stands for this morpheme in queries and the thesaurus: the dictionary
    /// form of a verb or adjective, else the surface.
    pub fn term(&self) -> &str {
        self.inflected
            .as_ref()
            .map_or(&self.surface, |(base, _)| base)
    }
}

/// `text` as a resident who types no kanji writes it: each word as the hiragana of its
/// reading (`ローンが返せない` -> ろーんがかえせない), words apart where `text` has
/// whitespace. (For evaluating kana queries; separators are dropped.)
pub fn in_kana(segmenter: &Segmenter, text: &str) -> String {
    let chunks: Vec<String> = text
        .split_whitespace()
        .map(|chunk| {
            analyze(segmenter, chunk)
                .iter()
                .map(|m| fold_kana(&m.reading))
                .collect()
        })
        .collect();
    chunks.join(" ")
}

/// Segments `text` with lindera and returns normalised terms with readings.
///
/// Text goes through [`normalize_for_analysis`] first, each lindera token is
/// cut at atom boundaries (separators dropped, latin/digit/CJK runs apart)
/// and kana-folded, so terms equal what the query segmenter can produce.
pub fn analyze(segmenter: &Segmenter, text: &str) -> Vec<Morph> {
    let pre = normalize_for_analysis(text);
    let Ok(tokens) = segmenter.segment(Cow::Borrowed(pre.as_str())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for mut token in tokens {
        let start = token.byte_start;
        let surface = token.surface.to_string();
        let parts = atoms(&surface);
        if parts.is_empty() {
            continue;
        }
        if parts.len() == 1 && parts[0].text.len() == surface.len() {
            let detail = |token: &mut lindera::token::Token, i: usize| {
                token
                    .get_detail(i)
                    .filter(|d| *d != "*" && !d.is_empty())
                    .map(str::to_string)
            };
            let pos = detail(&mut token, POS_DETAIL).unwrap_or_default();
            let sub1 = detail(&mut token, SUB1_DETAIL).unwrap_or_default();
            let base = detail(&mut token, BASE_DETAIL);
            let conj = detail(&mut token, CONJ_TYPE_DETAIL);
            let reading = detail(&mut token, READING_DETAIL)
                .map(|r| fold_kana(&r))
                .unwrap_or_else(|| fold_kana(&surface));
            let function = is_function(&pos, &sub1, base.as_deref().unwrap_or(&surface), &surface);
            let inflected = match (base, conj) {
                (Some(base), Some(conj)) if inflects(&pos) && !function => {
                    Some((normalize(&base), conj))
                }
                _ => None,
            };
            out.push(Morph {
                surface: fold_kana(&surface),
                reading,
                offset: (start, start + surface.len()),
                inflected,
                function,
            });
        } else {
            for part in parts {
                let s = fold_kana(part.text);
                let from = start + part.offset;
                out.push(Morph {
                    surface: s.clone(),
                    reading: s,
                    offset: (from, from + part.text.len()),
                    inflected: None,
                    function: false,
                });
            }
        }
    }
    out
}
