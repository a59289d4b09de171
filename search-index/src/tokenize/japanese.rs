//! lindera (IPADIC, normal mode) wrapped as a tantivy tokenizer.

use std::borrow::Cow;
use std::sync::Arc;

use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{Token, Tokenizer};

use super::{atoms, VecTokenStream};
use crate::normalize::{fold_kana, normalize_for_analysis};

/// IPADIC detail index of the katakana reading (`読み`).
const READING_DETAIL: usize = 7;

/// One index term from lindera: normalised surface and its hiragana reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morph {
    /// Normalised surface (kana folded), never crossing an [`super::Atom`] boundary.
    pub surface: String,
    /// Hiragana reading from IPADIC, or the surface when unknown / split.
    pub reading: String,
    /// Byte range in the *analysis-normalised* text (not the raw input).
    pub offset: (usize, usize),
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
            let reading = token
                .get_detail(READING_DETAIL)
                .filter(|r| *r != "*" && !r.is_empty())
                .map(fold_kana)
                .unwrap_or_else(|| fold_kana(&surface));
            out.push(Morph {
                surface: fold_kana(&surface),
                reading,
                offset: (start, start + surface.len()),
            });
        } else {
            for part in parts {
                let s = fold_kana(part.text);
                let from = start + part.offset;
                out.push(Morph {
                    surface: s.clone(),
                    reading: s,
                    offset: (from, from + part.text.len()),
                });
            }
        }
    }
    out
}

/// tantivy tokenizer over lindera: emits surfaces, or readings when built
/// with `readings = true` (for the `reading` field).
#[derive(Clone)]
pub struct JapaneseTokenizer {
    segmenter: Arc<Segmenter>,
    readings: bool,
}

impl JapaneseTokenizer {
    /// Surface tokenizer (title, body, ... fields).
    pub fn surface(segmenter: Arc<Segmenter>) -> Self {
        JapaneseTokenizer {
            segmenter,
            readings: false,
        }
    }

    /// Reading tokenizer: hiragana readings, for the `reading` field.
    pub fn reading(segmenter: Arc<Segmenter>) -> Self {
        JapaneseTokenizer {
            segmenter,
            readings: true,
        }
    }
}

impl Tokenizer for JapaneseTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = analyze(&self.segmenter, text)
            .into_iter()
            .enumerate()
            .map(|(position, m)| Token {
                offset_from: m.offset.0,
                offset_to: m.offset.1,
                position,
                text: if self.readings { m.reading } else { m.surface },
                position_length: 1,
            })
            .collect();
        VecTokenStream::new(tokens)
    }
}
