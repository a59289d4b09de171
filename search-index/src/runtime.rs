//! The browser runtime: what the wasm32 module exposes, as plain functions on bytes.
//!
//! The functions here are ordinary Rust (compiled and unit-tested natively); with the
//! `wasm` feature on wasm32 they are exported with a C ABI, no wasm-bindgen:
//!
//! | export | does |
//! |---|---|
//! | `alloc(len) -> ptr`, `dealloc(ptr, len)` | linear-memory buffers for the caller's input |
//! | `open(ptr, len) -> n` | opens the index from a [`container`] of its whole files (`file://`) |
//! | `open_hot(ptr, len) -> n` | opens the index from its [`crate::hotcache`] (uncompressed) |
//! | `provide(ptr, len) -> n` | adds byte ranges of index files (a [`pieces`] container) |
//! | `search(ptr, len) -> n` | runs a JSON [`SearchRequest`], answers [`SearchResults`], or `{"need": [[file, start, end], …]}`: fetch those ranges, `provide` them, search again |
//! | `highlight(ptr, len) -> n` | JSON [`HighlightRequest`] -> ranges to mark |
//! | `response_ptr() -> ptr` | where the last answer's `n` bytes (JSON) are |
//!
//! Every answer is JSON; failures are `{"error": "..."}`. The input buffer stays the
//! caller's (free it with `dealloc`); the answer lives until the next call.

use serde::{Deserialize, Serialize};

use crate::normalize::{normalize, VARIANTS};
use crate::query::{SearchOptions, Searcher};

/// First bytes of a [`container`].
pub const CONTAINER_MAGIC: &[u8; 4] = b"TSIX";

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;

/// Packs index files into the byte container `open` takes:
/// `TSIX`, `u32` file count, then per file `u32` name length, UTF-8 name, `u32` data
/// length, data (all integers little-endian). The browser builds the same bytes in JS.
pub fn container(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        8 + files
            .iter()
            .map(|(n, d)| 8 + n.len() + d.len())
            .sum::<usize>(),
    );
    out.extend_from_slice(CONTAINER_MAGIC);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in files {
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Reads a [`container`] back into file names and bytes.
pub fn parse_container(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let rest = bytes
        .strip_prefix(CONTAINER_MAGIC.as_slice())
        .ok_or("not an index container (bad magic)")?;
    let mut r = Reader(rest);
    let n = r.u32()?;
    let mut files = Vec::with_capacity(n.min(64) as usize);
    for _ in 0..n {
        let name_len = r.u32()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?)
            .map_err(|_| "file name is not UTF-8")?
            .to_string();
        if name.is_empty() || name.contains('/') || name.contains('\\') || name == ".." {
            return Err(format!("bad file name {name:?}"));
        }
        let data_len = r.u32()? as usize;
        files.push((name, r.take(data_len)?.to_vec()));
    }
    if !r.0.is_empty() {
        return Err("trailing bytes after the last file".into());
    }
    Ok(files)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("index container is truncated".into());
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Opens a searcher from a [`container`].
pub fn open_container(bytes: &[u8]) -> Result<Searcher, String> {
    let files = parse_container(bytes)?;
    Searcher::from_files(files).map_err(|e| e.to_string())
}

/// Opens a searcher from a hotcache (uncompressed).
pub fn open_hotcache(bytes: &[u8]) -> Result<Searcher, String> {
    let dir = crate::hotcache::open(bytes)?;
    Searcher::open(dir).map_err(|e| e.to_string())
}

/// First bytes of a [`pieces`] container.
pub const PIECES_MAGIC: &[u8; 4] = b"TSPV";

/// Packs byte ranges of index files for `provide`: `TSPV`, `u32` count, then per piece
/// `u32` name length, UTF-8 name, `u32` start, `u32` length, bytes (little-endian). The
/// browser builds the same bytes in JS.
pub fn pieces(items: &[(&str, u64, &[u8])]) -> Vec<u8> {
    let mut out = PIECES_MAGIC.to_vec();
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for (name, start, data) in items {
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(*start as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// Gives `searcher` the byte ranges of a [`pieces`] container; answers how many bytes of
/// the index it now holds.
pub fn provide(searcher: &Searcher, bytes: &[u8]) -> Result<u64, String> {
    let rest = bytes
        .strip_prefix(PIECES_MAGIC.as_slice())
        .ok_or("not a pieces container (bad magic)")?;
    let mut r = Reader(rest);
    for _ in 0..r.u32()? {
        let name_len = r.u32()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?)
            .map_err(|_| "file name is not UTF-8")?
            .to_string();
        let start = u64::from(r.u32()?);
        let len = r.u32()? as usize;
        searcher.provide(&name, start, r.take(len)?);
    }
    Ok(searcher.cached_bytes())
}

/// What `open` answers on success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenResponse {
    /// Documents in the index.
    pub docs: u64,
}

/// A search as the browser sends it: `{"q", "limit", "area", "category", "use",
/// "language", "audience"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The query as typed (normalised by the search itself).
    #[serde(default)]
    pub q: String,
    /// Most hits (default 20, at most [`MAX_LIMIT`]).
    #[serde(default = "default_limit")]
    pub limit: usize,
    /// Area facet path; `null`, absent or `""` means all areas.
    #[serde(default)]
    pub area: Option<String>,
    /// Category facet path; `null`, absent or `""` means all categories.
    #[serde(default)]
    pub category: Option<String>,
    /// How to use (`phone`); `null`, absent or `""` means any.
    #[serde(default, rename = "use")]
    pub how_to_use: Option<String>,
    /// Language tag (`en`).
    #[serde(default)]
    pub language: Option<String>,
    /// Audience (`高齢者`).
    #[serde(default)]
    pub audience: Option<String>,
    /// Only these documents, by number (今開いている, decided by the page).
    #[serde(default)]
    pub docs: Option<Vec<u32>>,
}

fn default_limit() -> usize {
    SearchOptions::default().limit
}

impl SearchRequest {
    /// The query options this request stands for.
    pub fn options(&self) -> SearchOptions {
        let path = |p: &Option<String>| {
            p.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        SearchOptions {
            limit: self.limit.min(MAX_LIMIT),
            area: path(&self.area),
            category: path(&self.category),
            how_to_use: path(&self.how_to_use),
            language: path(&self.language),
            audience: path(&self.audience),
            docs: self.docs.clone(),
        }
    }
}

/// Error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// What went wrong.
    pub error: String,
}

fn error_json(e: impl Into<String>) -> Vec<u8> {
    serde_json::to_vec(&ErrorResponse { error: e.into() })
        .unwrap_or_else(|_| b"{\"error\":\"?\"}".to_vec())
}

/// What `search` answers when the index bytes a query needs are not loaded yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedResponse {
    /// `[file, start, end]` (end exclusive), merged and sorted.
    pub need: Vec<(String, u64, u64)>,
}

/// Answers one JSON search request: [`SearchResults`](crate::SearchResults) as JSON
/// (hits with their cards, total, facet counts, normalised terms), [`NeedResponse`] when
/// index bytes are missing, or `{"error"}`.
pub fn search_json(searcher: &Searcher, request: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<SearchRequest>(request) {
        Ok(req) => match searcher.search(&req.q, &req.options()) {
            Ok(results) => {
                serde_json::to_vec(&results).unwrap_or_else(|e| error_json(e.to_string()))
            }
            Err(crate::query::SearchError::Missing(missing)) => serde_json::to_vec(&NeedResponse {
                need: missing
                    .into_iter()
                    .map(|m| (m.file, m.start, m.end))
                    .collect(),
            })
            .unwrap_or_else(|e| error_json(e.to_string())),
            Err(e) => error_json(e.to_string()),
        },
        Err(e) => error_json(format!("bad search request: {e}")),
    }
}

/// What to highlight: `{"terms": [...], "texts": [...]}` (terms as `search` returned them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightRequest {
    /// Normalised terms.
    pub terms: Vec<String>,
    /// Texts as shown.
    pub texts: Vec<String>,
}

/// Answers a JSON [`HighlightRequest`]: for each text, `[[start, end], ...]` in UTF-16
/// code units (JavaScript string indices), sorted and non-overlapping.
pub fn highlight_json(request: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<HighlightRequest>(request) {
        Ok(req) => {
            let mut highlighter = Highlighter::new(&req.terms);
            let out: Vec<Vec<(usize, usize)>> =
                req.texts.iter().map(|t| highlighter.ranges(t)).collect();
            serde_json::to_vec(&out).unwrap_or_else(|e| error_json(e.to_string()))
        }
        Err(e) => error_json(format!("bad highlight request: {e}")),
    }
}

/// The parts of `text` (as shown) that match any of the normalised `terms`, as sorted,
/// merged UTF-16 ranges (see [`Highlighter`]).
pub fn highlight(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    Highlighter::new(terms).ranges(text)
}

/// Finds normalised terms in texts as shown, the terms' spellings worked out once for all
/// the texts of a request (a page of result cards).
///
/// Each char of a text is normalised on its own (NFKC, lowercase, katakana -> hiragana),
/// keeping a map back to the original, so `ソウダン`/`ｿｳﾀﾞﾝ` match `そうだん`. Spelling
/// variants are undone the other way: a term containing a canonical form also matches
/// each of its variants (`子供` matches `子ども`). Digit-only terms (phone numbers) skip
/// separators in the text (`0649500584` matches `06-4950-0584`).
pub struct Highlighter {
    /// Each spelling to find, and whether it is digits only.
    patterns: Vec<(Vec<char>, bool)>,
    /// What each lone char seen so far normalises to (texts repeat their chars).
    folds: std::collections::HashMap<char, String>,
}

impl Highlighter {
    /// The spellings of `terms` (normalised, as [`crate::SearchResults::terms`] has them).
    pub fn new(terms: &[String]) -> Highlighter {
        let mut patterns: Vec<(Vec<char>, bool)> = Vec::new();
        let mut push = |p: String| {
            let chars: Vec<char> = p.chars().collect();
            if !patterns.iter().any(|(q, _)| *q == chars) {
                let digits = chars.iter().all(char::is_ascii_digit);
                patterns.push((chars, digits));
            }
        };
        for t in terms {
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            push(t.to_string());
            for (variant, canonical) in VARIANTS {
                if variant != canonical && t.contains(canonical) {
                    push(t.replace(canonical, variant));
                }
            }
        }
        Highlighter {
            patterns,
            folds: Default::default(),
        }
    }

    /// The parts of `text` matching a term, as sorted, merged UTF-16 ranges.
    pub fn ranges(&mut self, text: &str) -> Vec<(usize, usize)> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        // Folded chars, each with the UTF-16 range of the original char it came from.
        // A char is normalised together with the marks that follow it (ﾀﾞ -> だ).
        let mut folded: Vec<(char, usize, usize)> = Vec::new();
        let mut pos = 0;
        let mut chars = text.chars().peekable();
        let mut cluster = String::new();
        while let Some(c) = chars.next() {
            cluster.clear();
            cluster.push(c);
            while let Some(&m) = chars.peek().filter(|&&m| is_mark(m)) {
                cluster.push(m);
                chars.next();
            }
            let len: usize = cluster.chars().map(char::len_utf16).sum();
            let one;
            let f = if cluster.len() == c.len_utf8() {
                self.folds.entry(c).or_insert_with(|| normalize(&cluster))
            } else {
                one = normalize(&cluster);
                &one
            };
            folded.extend(f.chars().map(|f| (f, pos, pos + len)));
            pos += len;
        }

        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for (p, digits) in &self.patterns {
            for start in 0..folded.len() {
                if let Some(end) = match_at(&folded, start, p, *digits) {
                    ranges.push((folded[start].1, folded[end].2));
                }
            }
        }
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

/// Combining marks that normalisation merges into the char before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{3099}'..='\u{309C}' | '\u{FF9E}' | '\u{FF9F}' | '\u{FE00}'..='\u{FE0F}')
}

/// Index of the last folded char of a match of `pattern` starting at `start`.
fn match_at(
    folded: &[(char, usize, usize)],
    start: usize,
    pattern: &[char],
    digits: bool,
) -> Option<usize> {
    let mut i = start;
    let mut last = None;
    for (k, &pc) in pattern.iter().enumerate() {
        if digits && k > 0 {
            while i < folded.len() && crate::phone::is_separator(folded[i].0) {
                i += 1;
            }
        }
        if i >= folded.len() || folded[i].0 != pc {
            return None;
        }
        last = Some(i);
        i += 1;
    }
    last
}

#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
mod exports {
    //! The C-ABI exports. wasm32 is single-threaded: state lives in a thread-local.
    use std::alloc::Layout;
    use std::cell::RefCell;

    use crate::query::Searcher;

    thread_local! {
        static SEARCHER: RefCell<Option<Searcher>> = const { RefCell::new(None) };
        static RESPONSE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    fn respond(bytes: Vec<u8>) -> usize {
        RESPONSE.with(|r| {
            let n = bytes.len();
            *r.borrow_mut() = bytes;
            n
        })
    }

    fn layout(len: usize) -> Layout {
        Layout::from_size_align(len.max(1), 1).expect("layout")
    }

    unsafe fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
        if len == 0 {
            &[]
        } else {
            // SAFETY: the caller passes a buffer it got from `alloc(len)` and filled.
            unsafe { std::slice::from_raw_parts(ptr, len) }
        }
    }

    /// Allocates `len` bytes for the caller's input.
    #[no_mangle]
    pub extern "C" fn alloc(len: usize) -> *mut u8 {
        // SAFETY: the layout has a non-zero size.
        unsafe { std::alloc::alloc(layout(len)) }
    }

    /// Frees a buffer from [`alloc`] with the same `len`.
    ///
    /// # Safety
    /// `ptr` must come from `alloc(len)` and not be freed yet.
    #[no_mangle]
    pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
        if !ptr.is_null() {
            // SAFETY: see above.
            unsafe { std::alloc::dealloc(ptr, layout(len)) }
        }
    }

    /// Where the last answer is (its length was the call's return value).
    #[no_mangle]
    pub extern "C" fn response_ptr() -> *const u8 {
        RESPONSE.with(|r| r.borrow().as_ptr())
    }

    /// Opens the index from a container; answers `{"docs": n}` or `{"error"}`.
    ///
    /// # Safety
    /// `ptr`/`len` must be a buffer from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn open(ptr: *const u8, len: usize) -> usize {
        keep(super::open_container(unsafe { input(ptr, len) }))
    }

    /// Keeps an opened searcher for the next calls; answers `{"docs": n}` or `{"error"}`.
    fn keep(opened: Result<super::Searcher, String>) -> usize {
        match opened {
            Ok(s) => {
                let docs = s.num_docs();
                SEARCHER.with(|cell| *cell.borrow_mut() = Some(s));
                respond(serde_json::to_vec(&super::OpenResponse { docs }).unwrap_or_default())
            }
            Err(e) => respond(super::error_json(e)),
        }
    }

    /// Opens the index from its hotcache; answers `{"docs": n}` or `{"error"}`.
    ///
    /// # Safety
    /// `ptr`/`len` must be a buffer from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn open_hot(ptr: *const u8, len: usize) -> usize {
        keep(super::open_hotcache(unsafe { input(ptr, len) }))
    }

    /// Adds index bytes (a pieces container); answers `{"bytes": n}` held, or `{"error"}`.
    ///
    /// # Safety
    /// `ptr`/`len` must be a buffer from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn provide(ptr: *const u8, len: usize) -> usize {
        let bytes = unsafe { input(ptr, len) };
        let answer = SEARCHER.with(|cell| match cell.borrow().as_ref() {
            Some(s) => match super::provide(s, bytes) {
                Ok(n) => format!("{{\"bytes\":{n}}}").into_bytes(),
                Err(e) => super::error_json(e),
            },
            None => super::error_json("no index: call open first"),
        });
        respond(answer)
    }

    /// Runs a JSON search request against the opened index.
    ///
    /// # Safety
    /// `ptr`/`len` must be a buffer from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn search(ptr: *const u8, len: usize) -> usize {
        let bytes = unsafe { input(ptr, len) };
        let answer = SEARCHER.with(|cell| match cell.borrow().as_ref() {
            Some(s) => super::search_json(s, bytes),
            None => super::error_json("no index: call open first"),
        });
        respond(answer)
    }

    /// Highlight ranges for a JSON highlight request.
    ///
    /// # Safety
    /// `ptr`/`len` must be a buffer from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn highlight(ptr: *const u8, len: usize) -> usize {
        let bytes = unsafe { input(ptr, len) };
        respond(super::highlight_json(bytes))
    }

    /// getrandom 0.3's `custom` backend (`--cfg getrandom_backend="custom"`).
    ///
    /// Searching never needs randomness: only index writing does (tantivy's random
    /// segment ids), and the browser never writes. The page has no entropy source
    /// without wasm-bindgen, so this fills a deterministic, NOT cryptographically
    /// secure stream (splitmix64) instead of failing, should anything ever ask.
    ///
    /// # Safety
    /// `dest` must be valid for `len` bytes of writes.
    #[no_mangle]
    unsafe extern "Rust" fn __getrandom_v03_custom(
        dest: *mut u8,
        len: usize,
    ) -> Result<(), getrandom::Error> {
        use std::cell::Cell;
        thread_local! { static STATE: Cell<u64> = const { Cell::new(0x9E37_79B9_7F4A_7C15) }; }
        for i in 0..len {
            let byte = STATE.with(|s| {
                let mut z = s.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
                s.set(z);
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                (z ^ (z >> 31)) as u8
            });
            // SAFETY: see above.
            unsafe { dest.add(i).write(byte) };
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_slices(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        ranges
            .iter()
            .map(|&(s, e)| String::from_utf16(&units[s..e]).unwrap())
            .collect()
    }

    #[test]
    fn container_round_trips_and_rejects_garbage() {
        let files = vec![
            ("meta.json".to_string(), b"{}".to_vec()),
            ("a.idx".to_string(), vec![0, 1, 2]),
        ];
        assert_eq!(parse_container(&container(&files)).unwrap(), files);
        assert!(parse_container(b"nope").is_err());
        let mut truncated = container(&files);
        truncated.pop();
        assert!(parse_container(&truncated)
            .unwrap_err()
            .contains("truncated"));
        let mut trailing = container(&files);
        trailing.push(0);
        assert!(parse_container(&trailing).is_err());
        assert!(parse_container(&container(&[("../x".into(), vec![])])).is_err());
        assert!(open_container(&container(&files)).is_err());
    }

    #[test]
    fn search_request_defaults_and_filters() {
        let r: SearchRequest = serde_json::from_str(r#"{"q":"相談"}"#).unwrap();
        assert_eq!(
            r.options(),
            SearchOptions {
                limit: 20,
                ..Default::default()
            }
        );
        let r: SearchRequest =
            serde_json::from_str(r#"{"q":"","limit":5,"area":" /amagasaki ","category":""}"#)
                .unwrap();
        assert_eq!(
            r.options(),
            SearchOptions {
                limit: 5,
                area: Some("/amagasaki".into()),
                ..Default::default()
            }
        );
        let r: SearchRequest = serde_json::from_str(r#"{"limit":99999999,"area":null}"#).unwrap();
        assert_eq!(r.options().limit, MAX_LIMIT);
    }

    #[test]
    fn highlight_maps_folded_matches_back_to_the_text() {
        let terms = vec!["そうだん".to_string(), "窓口".to_string()];
        let text = "ｿｳﾀﾞﾝ窓口とソウダン";
        assert_eq!(
            utf16_slices(text, &highlight(text, &terms)),
            ["ｿｳﾀﾞﾝ窓口", "ソウダン"]
        );
        // Variants: the term is canonical, the text may use any spelling.
        let t = "子ども食堂と障がい者";
        assert_eq!(
            utf16_slices(t, &highlight(t, &["子供".into(), "障害者".into()])),
            ["子ども", "障がい者"]
        );
        // Phone digits skip separators; ranges are UTF-16 (𠮷 is two units).
        let t = "𠮷 06-4950-0584";
        assert_eq!(highlight(t, &["0649500584".into()]), vec![(3, 15)]);
        let t = "06.4950.0584";
        assert_eq!(highlight(t, &["0649500584".into()]), vec![(0, 12)]);
        assert!(highlight("abc", &[]).is_empty());
        assert!(highlight("", &["a".into()]).is_empty());
        // Full-width latin matches its normalised term.
        assert_eq!(
            utf16_slices("ＮＰＯ法人", &highlight("ＮＰＯ法人", &["npo".into()])),
            ["ＮＰＯ"]
        );
    }

    #[test]
    fn one_highlighter_marks_each_text_of_a_page_as_a_fresh_one_would() {
        let terms: Vec<String> = ["そうだん", "子供", "0649500584"].map(String::from).into();
        let texts = [
            "ｿｳﾀﾞﾝ窓口（子ども）",
            "ソウダン 06-4950-0584",
            "子供の相談",
            "ｿｳﾀﾞﾝ窓口（子ども）",
            "",
        ];
        let mut page = Highlighter::new(&terms);
        for t in texts {
            let fresh = Highlighter::new(&terms).ranges(t);
            assert_eq!(page.ranges(t), fresh, "{t}");
        }
        assert_eq!(
            utf16_slices(texts[0], &page.ranges(texts[0])),
            ["ｿｳﾀﾞﾝ", "子ども"]
        );
    }

    #[test]
    fn json_answers() {
        let out: serde_json::Value = serde_json::from_slice(&highlight_json(
            r#"{"terms":["a"],"texts":["bab","x"]}"#.as_bytes(),
        ))
        .unwrap();
        assert_eq!(out, serde_json::json!([[[1, 2]], []]));
        let err: serde_json::Value = serde_json::from_slice(&highlight_json(b"{")).unwrap();
        assert!(err["error"]
            .as_str()
            .unwrap()
            .starts_with("bad highlight request"));
    }

    #[cfg(feature = "native")]
    #[test]
    fn search_json_answers_like_search() {
        use crate::index::{build_files, Document, Thesaurus};
        let doc = |id: &str, title: &str, area: &str| Document {
            id: id.into(),
            title: title.into(),
            summary: format!("{title}の相談窓口です"),
            area_paths: vec![area.into()],
            category_paths: vec!["/soudan".into()],
            ..Default::default()
        };
        let docs = vec![
            doc("a", "子ども食堂", "/amagasaki/tachibana"),
            doc("b", "ひきこもり相談", "/amagasaki"),
            doc("c", "生活相談", "/ashiya"),
        ];
        let files = build_files(&docs, &Thesaurus::default()).unwrap();
        let searcher = open_container(&container(&files)).unwrap();
        let req = r#"{"q":"相談","limit":2,"area":"/amagasaki"}"#.as_bytes();
        let got: crate::SearchResults =
            serde_json::from_slice(&search_json(&searcher, req)).unwrap();
        let want = searcher
            .search(
                "相談",
                &SearchOptions {
                    limit: 2,
                    area: Some("/amagasaki".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(
            got.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
            want.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
        );
        assert_eq!(got.total, 2);
        assert_eq!(got.area_counts, want.area_counts);
        assert_eq!(got.category_counts, want.category_counts);
        assert!(got.terms.contains(&"相談".to_string()));
        let bad: serde_json::Value =
            serde_json::from_slice(&search_json(&searcher, b"[1]")).unwrap();
        assert!(bad["error"].is_string());
    }
}
