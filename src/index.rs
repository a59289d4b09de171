//! Stage 4, index: the site's entries into the search index under `/search-index/`.
//! Tokenisation, schema and ranking live in the `search-index` crate, shared with the
//! browser runtime; this module only maps entries to its documents and writes the runtime
//! the search page loads:
//!
//! | file | what |
//! |---|---|
//! | `assets/search.wasm` | the `search-index` crate for wasm32 (built by `build.rs`) |
//! | `assets/search-wasm.js` | the same as base64 for `file://` (`window.TSUNAGU_WASM`) |
//! | `search-index/entries.json` | what result cards show, and the filters' names |
//! | `search-index/entries.js` | the same for `file://` (`window.TSUNAGU_ENTRIES`) |
//! | `search-index/index.js` | the index files as base64 for `file://` (`window.TSUNAGU_INDEX`) |
//!
//! Browsers refuse `fetch()` on `file://`, so there `assets/search.js` loads the `.js`
//! variants with `<script>` tags; over http it fetches the binary files. Everything is
//! deterministic: the same site gives the same bytes.

use std::path::Path;

use search_index::index::{AnalysisCache, Document};
use search_index::query::{Hit, SearchOptions, Searcher};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Files;
use serde::Serialize;

use crate::markdown;
use crate::render::views;
use crate::taxonomy::Taxonomy;
use crate::validate::Site;

/// Output folder of the index, relative to the site's output.
pub const DIR: &str = "search-index";

/// The search documents of every entry.
pub fn documents(site: &Site) -> Vec<Document> {
    site.dir
        .entries
        .iter()
        .map(|e| {
            let mut places = Vec::new();
            let mut area_paths = Vec::new();
            let mut category_paths = Vec::new();
            for (tax, refs, paths) in [
                (&site.areas, &e.areas, &mut area_paths),
                (&site.categories, &e.categories, &mut category_paths),
            ] {
                for r in refs {
                    for t in tax.ancestors_and_self(&r.id) {
                        if !places.contains(&t.name) {
                            places.push(t.name.clone());
                        }
                    }
                    paths.push(format!("/{}", tax.path(&r.id).join("/")));
                }
            }
            let mut body = markdown::to_text(&e.body);
            for extra in [&e.address, &e.hours].into_iter().flatten() {
                body.push('\n');
                body.push_str(extra);
            }
            Document {
                id: e.id.clone(),
                title: e.title.clone(),
                kana: e.kana.clone(),
                tags: e.tags.clone(),
                audiences: e.audiences.clone(),
                summary: e.summary.clone().unwrap_or_default(),
                organization: e.organization.clone().unwrap_or_default(),
                body,
                places,
                area_paths,
                category_paths,
                phones: e.phones.iter().map(|p| p.number.clone()).collect(),
            }
        })
        .collect()
}

/// The browser search runtime: `search-index` compiled to wasm32 (see `build.rs`).
pub static SEARCH_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tsunagu-search.wasm"));

/// Builds the index and adds its files to `files` under [`DIR`], with the browser runtime
/// (wasm, result-card data, `file://` variants).
pub fn write(site: &Site, files: &mut Files, diags: &mut Diagnostics) -> Option<()> {
    write_cached(site, files, diags, None)
}

/// [`write`], reusing the analyses of unchanged entries from `cache` (`serve`).
pub fn write_cached(
    site: &Site,
    files: &mut Files,
    diags: &mut Diagnostics,
    cache: Option<&mut AnalysisCache>,
) -> Option<()> {
    let docs = documents(site);
    let built = match cache {
        Some(cache) => search_index::index::build_files_cached(&docs, cache),
        None => search_index::index::build_files(&docs),
    };
    match built {
        Ok(index_files) => {
            write_runtime(site, &index_files, files);
            for (name, bytes) in index_files {
                files.insert(format!("{DIR}/{name}"), bytes);
            }
            Some(())
        }
        Err(e) => {
            diags.push(Diagnostic::error(DIR, None, e.to_string()));
            None
        }
    }
}

/// Queries a built index folder the way the browser does.
pub fn search(index: &Path, query: &str, limit: usize) -> Result<Vec<Hit>, String> {
    let searcher = Searcher::open_dir(index).map_err(|e| format!("cannot open the search index in {}: {e} (run `tsunagu build` first, or pass --index DIR)", index.display()))?;
    Ok(searcher
        .search(
            query,
            &SearchOptions {
                limit,
                ..Default::default()
            },
        )
        .hits)
}

/// What a search result card shows (a compact [`views::EntryCard`]).
#[derive(Debug, Serialize)]
struct CardData {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kana: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    phones: Vec<PhoneData>,
    areas: Vec<ChipData>,
    categories: Vec<ChipData>,
}

#[derive(Debug, Serialize)]
struct PhoneData {
    number: String,
    /// `tel:` URI; `null` for numbers that are not dialable (FAX).
    href: Option<String>,
    kind: &'static str,
    kind_label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ext: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChipData {
    id: String,
    name: String,
}

/// A filter option: a term with its facet path, in tree order.
#[derive(Debug, Serialize)]
struct FacetTerm {
    path: String,
    name: String,
    depth: usize,
}

/// `search-index/entries.json`: cards by id, and the areas and categories for the filters.
#[derive(Debug, Serialize)]
struct EntriesData {
    entries: std::collections::BTreeMap<String, CardData>,
    areas: Vec<FacetTerm>,
    categories: Vec<FacetTerm>,
}

fn entries_data(site: &Site) -> EntriesData {
    let chips = |cs: Vec<views::Chip>| {
        cs.into_iter()
            .map(|c| ChipData {
                id: c.id,
                name: c.name,
            })
            .collect()
    };
    let entries = site
        .dir
        .entries
        .iter()
        .map(|e| {
            let c = views::card(site, e);
            let phones = c
                .phones
                .into_iter()
                .map(|p| PhoneData {
                    number: p.number,
                    href: p.href,
                    kind: p.kind,
                    kind_label: p.kind_label,
                    label: p.label,
                    ext: p.ext,
                })
                .collect();
            let card = CardData {
                title: c.title,
                kana: c.kana,
                summary: c.summary,
                phones,
                areas: chips(c.areas),
                categories: chips(c.categories),
            };
            (c.id, card)
        })
        .collect();
    EntriesData {
        entries,
        areas: facet_terms(&site.areas),
        categories: facet_terms(&site.categories),
    }
}

fn facet_terms(tax: &Taxonomy) -> Vec<FacetTerm> {
    fn walk(
        tax: &Taxonomy,
        terms: Vec<&crate::content::Term>,
        depth: usize,
        out: &mut Vec<FacetTerm>,
    ) {
        for t in terms {
            if out
                .iter()
                .any(|f| f.path.rsplit('/').next() == Some(t.id.as_str()))
            {
                continue; // a cycle; validation reports it
            }
            out.push(FacetTerm {
                path: format!("/{}", tax.path(&t.id).join("/")),
                name: t.name.clone(),
                depth,
            });
            walk(tax, tax.children(&t.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(tax, tax.roots(), 0, &mut out);
    out
}

/// Whether `path` is written by this stage (the index and the browser runtime), so `serve`
/// can replace pages without losing them.
pub fn is_index_output(path: &str) -> bool {
    path.starts_with("search-index/")
        || path == "assets/search.wasm"
        || path == "assets/search-wasm.js"
}

/// Adds the browser runtime's files (see the module docs).
fn write_runtime(site: &Site, index_files: &[(String, Vec<u8>)], files: &mut Files) {
    files.insert("assets/search.wasm", SEARCH_WASM.to_vec());
    files.insert(
        "assets/search-wasm.js",
        format!("window.TSUNAGU_WASM=\"{}\";\n", base64(SEARCH_WASM)).into_bytes(),
    );

    let entries = serde_json::to_string(&entries_data(site)).expect("entries serialise");
    files.insert(
        format!("{DIR}/entries.js"),
        format!("window.TSUNAGU_ENTRIES={};\n", script_safe(&entries)).into_bytes(),
    );
    files.insert(format!("{DIR}/entries.json"), entries.into_bytes());

    let mut js = String::from("window.TSUNAGU_INDEX={\"files\":{");
    for (i, (name, bytes)) in index_files
        .iter()
        .filter(|(n, _)| n != search_index::index::MANIFEST)
        .enumerate()
    {
        if i > 0 {
            js.push(',');
        }
        js.push_str(&serde_json::to_string(name).expect("name serialises"));
        js.push_str(":\"");
        js.push_str(&base64(bytes));
        js.push('"');
    }
    js.push_str("}};\n");
    files.insert(format!("{DIR}/index.js"), js.into_bytes());
}

/// JSON made safe to sit in a classic script (no `</script>`, no U+2028/2029 issues).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
    }

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        assert_eq!(
            script_safe("{\"a\":\"</script>\u{2028}\"}"),
            r#"{"a":"\u003c/script>\u2028"}"#
        );
    }

    #[test]
    fn the_wasm_runtime_is_embedded() {
        assert_eq!(&SEARCH_WASM[..4], b"\0asm");
    }
}
