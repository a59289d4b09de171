//! Stage 4, index: the site's entries into the search index under `/search-index/`.
//! Tokenisation, schema and ranking live in the `search-index` crate, shared with the
//! browser runtime; this module only maps entries to its documents and writes the runtime
//! the search page loads:
//!
//! | file | what |
//! |---|---|
//! | `assets/search.wasm` | the `search-index` crate for wasm32 (built by `build.rs`) |
//! | `assets/search-wasm.js` | the same as base64 for `file://` (`window.TSUNAGU_WASM`) |
//! | `search-index/<segment files>` | the tantivy index; the browser reads them by byte range |
//! | `search-index/hot-<hash>.bin` | the hotcache (gzip): what opening the index reads, one request |
//! | `search-index/site.json` | the hotcache's name, the filters' terms and choices, the site's fixed URLs, where to start when nothing is found (with those cards) |
//! | `search-index/schedules.json` | opening rules by document number, for 今開いている (loaded when used) |
//! | `search-index/*.js` | `site`, `schedules` and the whole index files as base64, for `file://` |
//!
//! Result cards ([`views::EntryCard`]) are stored in the index (field `card`): the browser
//! fetches only the cards of the hits it shows. Browsers refuse `fetch()` on `file://`,
//! so there `assets/search-engine.js` loads the `.js` variants with `<script>` tags and
//! opens the whole index; over http it fetches the hotcache, then byte ranges, from a Web
//! Worker. Everything is
//! deterministic: the same site gives the same bytes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use search_index::index::{AnalysisCache, Document, Documents, Place, Thesaurus};
use search_index::query::{SearchError, SearchOptions, SearchResults, Searcher};
use serde::Serialize;

use crate::content::{languages, Entry};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::markdown;
use crate::output::{Files, Sink};
use crate::render::views::{self, EntryCard};
use crate::taxonomy::{Kind, Taxonomy};
use crate::urls;
use crate::validate::Site;

/// The search documents of a site's entries, each made when the index build comes to it
/// (see [`search_index::index::Documents`]).
pub struct SiteDocuments<'a> {
    site: &'a Site,
    /// Entry id -> the area paths it is the first contact of ([`first_contacts`]).
    first_contact_of: HashMap<&'a str, Vec<String>>,
}

impl<'a> SiteDocuments<'a> {
    /// The documents of `site`'s entries.
    pub fn new(site: &'a Site) -> SiteDocuments<'a> {
        let mut first_contact_of: HashMap<&str, Vec<String>> = HashMap::new();
        for (path, ids) in first_contacts(site) {
            for id in ids {
                first_contact_of.entry(id).or_default().push(path.clone());
            }
        }
        SiteDocuments {
            site,
            first_contact_of,
        }
    }
}

impl Documents for SiteDocuments<'_> {
    fn len(&self) -> usize {
        self.site.entries.len()
    }
    fn id(&self, i: usize) -> &str {
        &self.site.entries[i].id
    }
    fn get(&self, i: usize) -> Cow<'_, Document> {
        let e = &self.site.entries[i];
        let first_contact_of = self.first_contact_of.get(e.id.as_str());
        Cow::Owned(document(
            self.site,
            e,
            first_contact_of.map_or(&[], Vec::as_slice),
        ))
    }
}

/// Per area facet path, where its residents start when unsure: the `first_contact` of the
/// area or of its nearest ancestor naming some (none for an area without either).
fn first_contacts(site: &Site) -> BTreeMap<String, Vec<&str>> {
    site.areas
        .terms
        .iter()
        .filter_map(|t| {
            let holder = site.areas.first_contact_holder(&t.id)?;
            let ids = holder.first_contact.iter().map(|r| r.id.as_str()).collect();
            Some((facet_path(&site.areas, &t.id), ids))
        })
        .collect()
}

/// The search document of entry `e`, the first contact of the areas `first_contact_of`.
fn document(site: &Site, e: &Entry, first_contact_of: &[String]) -> Document {
    let mut places: Vec<Place> = Vec::new();
    let mut category_names = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let mut area_paths = Vec::new();
    let mut category_paths = Vec::new();
    for (kind, paths) in [
        (Kind::Area, &mut area_paths),
        (Kind::Category, &mut category_paths),
    ] {
        let tax = site.taxonomy(kind);
        let mut seen: Vec<&str> = Vec::new();
        for r in kind.refs(e) {
            for t in tax.ancestors_and_self(&r.id) {
                if seen.contains(&t.id.as_str()) {
                    continue;
                }
                seen.push(&t.id);
                match kind {
                    Kind::Area => places.push(Place {
                        name: t.name.clone(),
                        path: facet_path(tax, &t.id),
                        kana: t.kana.clone(),
                    }),
                    Kind::Category => category_names.push(t.name.clone()),
                }
                for k in &t.keywords {
                    if !keywords.contains(k) {
                        keywords.push(k.clone());
                    }
                }
            }
            paths.push(facet_path(tax, &r.id));
        }
    }
    let mut body = markdown::to_text(&e.body);
    let h = &e.help;
    // What residents ask about besides the name: conditions, next steps, access.
    let extras = [
        &e.address,
        &e.hours,
        &h.eligibility,
        &h.fees,
        &h.next_steps,
        &h.access,
        &e.easy_summary,
        &e.title_en,
        &e.summary_en,
    ];
    let labels = h
        .how_to_use
        .iter()
        .map(|u| u.label().to_string())
        .chain(
            h.languages
                .iter()
                .filter(|l| *l != "ja")
                .map(|l| languages::name_ja(l)),
        )
        .chain(h.accessibility.iter().cloned())
        .chain(h.confidential.then(|| "秘密厳守".to_string()))
        .chain(h.anonymous.then(|| "匿名".to_string()));
    for extra in extras.into_iter().flatten().cloned().chain(labels) {
        body.push('\n');
        body.push_str(&extra);
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
        category_names,
        keywords,
        area_paths,
        category_paths,
        first_contact_of: first_contact_of.to_vec(),
        phones: e.phones.iter().map(|p| p.parsed.clone()).collect(),
        how_to_use: h.how_to_use.iter().map(|u| u.name().to_string()).collect(),
        languages: h.languages.clone(),
        card: serde_json::to_string(&views::card(site, e, Lang::Ja)).expect("cards serialise"),
    }
}

/// A term's facet path in the index: its ids from the root, `/amagasaki/amagasaki-tachibana`.
fn facet_path(tax: &Taxonomy, id: &str) -> String {
    format!("/{}", tax.path(id).join("/"))
}

/// The browser search runtime: `search-index` compiled to wasm32 (see `build.rs`); empty
/// when the binary was built with `TSUNAGU_NO_WASM=1`.
pub static SEARCH_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tsunagu-search.wasm"));
/// Its gzip and brotli copies, made by `build.rs` (see [`crate::compress`]).
static SEARCH_WASM_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tsunagu-search.wasm.gz"));
static SEARCH_WASM_BR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tsunagu-search.wasm.br"));

/// Builds the index and hands its files to `sink` under [`urls::SEARCH_INDEX_DIR`], with
/// the browser runtime (wasm, result cards, `file://` variants), each as it is made:
/// `build` streams them to disk (the `file://` variant of the index is the size of the
/// index again, and a third). Whether the index was built (if not, the errors are in
/// `diags`); an error when `sink` failed.
pub fn write(site: &Site, sink: &mut Sink<'_>, diags: &mut Diagnostics) -> std::io::Result<bool> {
    write_through(site, sink, diags, None)
}

/// The index's files in memory for `serve`, reusing the analyses of unchanged entries
/// from `cache`, without the `file://` variants (a server never needs them, and encoding
/// them is a good part of the work); `None` when it could not be built (the errors are in
/// `diags`).
pub fn files_for_server(
    site: &Site,
    diags: &mut Diagnostics,
    cache: &mut AnalysisCache,
) -> Option<Files> {
    let mut files = Files::default();
    let built = write_through(
        site,
        &mut |path, make| match is_file_protocol_only(path) {
            true => Ok(()),
            false => files.put(path, make),
        },
        diags,
        Some(cache),
    );
    built.expect("writing to memory").then_some(files)
}

fn write_through(
    site: &Site,
    sink: &mut Sink<'_>,
    diags: &mut Diagnostics,
    cache: Option<&mut AnalysisCache>,
) -> std::io::Result<bool> {
    let docs = SiteDocuments::new(site);
    let thesaurus = thesaurus(site);
    let built = match cache {
        Some(cache) => search_index::index::build_files_cached(&docs, &thesaurus, cache),
        None => search_index::index::build_files_from(&docs, &thesaurus),
    };
    let index_files = match built {
        Ok(files) => files,
        Err(e) => {
            diags.push(Diagnostic::error(
                urls::SEARCH_INDEX_DIR,
                None,
                e.to_string(),
            ));
            return Ok(false);
        }
    };
    let hotcache = hotcache_name(&index_files);
    write_runtime(site, &index_files, &hotcache, sink, diags)?;
    for (name, bytes) in index_files {
        // The hotcache is compressed here: hosts rarely compress binary files.
        let bytes = if name == hotcache {
            crate::compress::gzip(&bytes)
        } else {
            bytes
        };
        sink(&urls::search_index_file(&name), &mut |w| {
            w.write_all(&bytes)
        })?;
    }
    Ok(true)
}

/// The search vocabulary: the thesaurus tsunagu ships, then the site's `synonyms.yaml`.
pub fn thesaurus(site: &Site) -> Thesaurus {
    let texts = |p: &[crate::content::Phrase]| p.iter().map(|p| p.text.clone()).collect();
    let items = crate::content::vocabulary::shipped()
        .iter()
        .chain(&site.synonyms)
        .map(|s| (texts(&s.from), texts(&s.to)))
        .collect();
    Thesaurus { items }
}

/// Why `tsunagu search` could not answer.
#[derive(Debug, thiserror::Error)]
pub enum SearchCommandError {
    #[error("cannot open the search index in {}: {source} (run `tsunagu build` first, or pass --index DIR)", dir.display())]
    Open { dir: PathBuf, source: SearchError },
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Queries a built index folder the way the browser does; also says how the query was read.
pub fn search(
    index: &Path,
    query: &str,
    limit: usize,
) -> Result<(SearchResults, Vec<String>), SearchCommandError> {
    let searcher = Searcher::open_dir(index).map_err(|source| SearchCommandError::Open {
        dir: index.to_path_buf(),
        source,
    })?;
    let opts = SearchOptions {
        limit,
        ..Default::default()
    };
    Ok((searcher.search(query, &opts)?, searcher.explain(query)))
}

/// A filter option: a term with its facet path, in tree order.
#[derive(Debug, Serialize)]
struct FacetTerm {
    path: String,
    name: String,
    depth: usize,
}

/// The name of the hotcache among the built index files (the manifest says).
fn hotcache_name(index_files: &[(String, Vec<u8>)]) -> String {
    index_files
        .iter()
        .find(|(n, _)| n == search_index::index::MANIFEST)
        .and_then(|(_, m)| serde_json::from_slice::<search_index::Manifest>(m).ok())
        .map(|m| m.hotcache)
        .unwrap_or_default()
}

/// `search-index/site.json`: what the search page needs besides the index's answers.
#[derive(Debug, Serialize)]
struct SiteData<'a> {
    /// The hotcache file the page opens the index from.
    hotcache: &'a str,
    /// The cards of the entries shown when nothing is found ([`SiteData::start_here`],
    /// [`SiteData::first_contacts`], [`SiteData::phone_lines`]); the others come with the
    /// hits.
    cards: BTreeMap<&'a str, EntryCard>,
    areas: Vec<FacetTerm>,
    categories: Vec<FacetTerm>,
    /// The fixed pages the search page links to, root-relative.
    urls: BTreeMap<&'static str, String>,
    /// Where to start when a search finds nothing ([`Site::start_here`]).
    start_here: Vec<&'a str>,
    /// Telephone lines, of which those open at the moment are shown when a search finds
    /// nothing ([`Site::phone_lines`]).
    phone_lines: Vec<&'a str>,
    /// The choices of the flat filters (`use`, `language`, `audience`), in the order shown.
    filters: BTreeMap<&'static str, Vec<Choice>>,
    /// Per area facet path, where its residents start when unsure ([`first_contacts`]:
    /// shown, with an area chosen, when a search finds nothing).
    first_contacts: BTreeMap<String, Vec<&'a str>>,
}

/// A choice of a flat filter: the value the index knows and its name on the page.
#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    name: String,
}

fn site_data<'a>(site: &'a Site, hotcache: &'a str) -> SiteData<'a> {
    let start_here: Vec<&str> = site.start_here().iter().map(|e| e.id.as_str()).collect();
    let phone_lines: Vec<&str> = site.phone_lines().iter().map(|e| e.id.as_str()).collect();
    let first_contacts = first_contacts(site);
    let shown: std::collections::BTreeSet<&str> = start_here
        .iter()
        .chain(&phone_lines)
        .copied()
        .chain(first_contacts.values().flatten().copied())
        .collect();
    SiteData {
        hotcache,
        cards: site
            .entries
            .iter()
            .filter(|e| shown.contains(e.id.as_str()))
            .map(|e| (e.id.as_str(), views::card(site, e, Lang::Ja)))
            .collect(),
        areas: facet_terms(&site.areas),
        categories: facet_terms(&site.categories),
        urls: BTreeMap::from([
            ("home", urls::HOME.to_string()),
            ("areas", urls::term_index(Kind::Area)),
            ("categories", urls::term_index(Kind::Category)),
        ]),
        start_here,
        phone_lines,
        filters: filter_choices(site),
        first_contacts,
    }
}

/// Every how-to-use value; the languages and audiences the entries have, the most
/// common first.
fn filter_choices(site: &Site) -> BTreeMap<&'static str, Vec<Choice>> {
    let by_frequency = |values: Vec<&String>, name: &dyn Fn(&str) -> String| {
        let mut counts: Vec<(&String, usize)> = Vec::new();
        for v in values {
            match counts.iter_mut().find(|(c, _)| *c == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        counts
            .into_iter()
            .map(|(v, _)| Choice {
                value: v.clone(),
                name: name(v),
            })
            .collect::<Vec<_>>()
    };
    let entries = &site.entries;
    BTreeMap::from([
        (
            "use",
            crate::content::HowToUse::ALL
                .iter()
                .map(|u| Choice {
                    value: u.name().into(),
                    name: u.label().into(),
                })
                .collect(),
        ),
        (
            "language",
            by_frequency(
                entries.iter().flat_map(|e| &e.help.languages).collect(),
                &languages::name_ja,
            ),
        ),
        (
            "audience",
            by_frequency(
                entries.iter().flat_map(|e| &e.audiences).collect(),
                &|a: &str| a.to_string(),
            ),
        ),
    ])
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
                path: facet_path(tax, &t.id),
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

const WASM: &str = "search.wasm";
const WASM_JS: &str = "search-wasm.js";

/// Whether `path` is written by this stage (the index and the browser runtime), so `serve`
/// can replace pages without losing them.
pub fn is_index_output(path: &str) -> bool {
    path.strip_prefix(urls::SEARCH_INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
        || path.starts_with(&urls::asset(WASM))
        || path == urls::asset(WASM_JS)
}

/// Whether `path` is only needed when the site is opened from disk (`file://`).
pub fn is_file_protocol_only(path: &str) -> bool {
    is_index_output(path) && path.ends_with(".js")
}

/// Hands the browser runtime's files to `sink` (see the module docs).
fn write_runtime(
    site: &Site,
    index_files: &[(String, Vec<u8>)],
    hotcache: &str,
    sink: &mut Sink<'_>,
    diags: &mut Diagnostics,
) -> std::io::Result<()> {
    if SEARCH_WASM.is_empty() {
        diags.warning(
            Path::new(urls::SEARCH_INDEX_DIR),
            None,
            "this tsunagu was compiled with TSUNAGU_NO_WASM=1 and has no browser search runtime: the search page will say search is unavailable; rebuild tsunagu without TSUNAGU_NO_WASM",
        );
    } else {
        for (path, bytes) in [
            (urls::asset(WASM), SEARCH_WASM),
            (urls::asset(&format!("{WASM}.gz")), SEARCH_WASM_GZ),
            (urls::asset(&format!("{WASM}.br")), SEARCH_WASM_BR),
        ] {
            sink(&path, &mut |w| w.write_all(bytes))?;
        }
        sink(&urls::asset(WASM_JS), &mut |w| {
            w.write_all(b"window.TSUNAGU_WASM=\"")?;
            write_base64(w, SEARCH_WASM)?;
            w.write_all(b"\";\n")
        })?;
    }

    let data = serde_json::to_string(&site_data(site, hotcache)).expect("site data serialises");
    json_and_script(sink, "site", "TSUNAGU_SITE", &data)?;

    // Opening rules by document number (the `docs` filter's numbers), for 今開いている.
    let numbers = search_index::index::doc_numbers(site.entries.iter().map(|e| e.id.as_str()));
    let schedules: BTreeMap<u32, serde_json::Value> = site
        .entries
        .iter()
        .zip(numbers)
        .filter_map(|(e, n)| e.schedule.browser().map(|s| (n, s)))
        .collect();
    let schedules = serde_json::to_string(&schedules).expect("schedules serialise");
    json_and_script(sink, "schedules", "TSUNAGU_SCHEDULES", &schedules)?;

    // `file://`: every index file whole (the hotcache is for range reads over http),
    // written as it is encoded.
    sink(&urls::search_index_file("index.js"), &mut |w| {
        w.write_all(b"window.TSUNAGU_INDEX={\"files\":{")?;
        for (i, (name, bytes)) in index_files
            .iter()
            .filter(|(n, _)| n != search_index::index::MANIFEST && n != hotcache)
            .enumerate()
        {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(
                serde_json::to_string(name)
                    .expect("name serialises")
                    .as_bytes(),
            )?;
            w.write_all(b":\"")?;
            write_base64(w, bytes)?;
            w.write_all(b"\"")?;
        }
        w.write_all(b"}};\n")
    })
}

/// `search-index/<name>.json` (fetched over http) and `<name>.js`, the same JSON as
/// `window.<global>` (loaded with a `<script>` from `file://`).
fn json_and_script(
    sink: &mut Sink<'_>,
    name: &str,
    global: &str,
    json: &str,
) -> std::io::Result<()> {
    let script = format!("window.{global}={};\n", script_safe(json));
    sink(&urls::search_index_file(&format!("{name}.js")), &mut |w| {
        w.write_all(script.as_bytes())
    })?;
    sink(
        &urls::search_index_file(&format!("{name}.json")),
        &mut |w| w.write_all(json.as_bytes()),
    )
}

/// JSON made safe to sit in a classic script (no `</script>`, no U+2028/2029 issues).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Standard base64 with padding.
#[cfg(test)]
fn base64(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    write_base64(&mut out, bytes).expect("writing to memory");
    String::from_utf8(out).expect("base64 is ASCII")
}

/// [`base64`], written to `w` a block at a time.
fn write_base64(w: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(BASE64_BLOCK / 3 * 4);
    for block in bytes.chunks(BASE64_BLOCK) {
        out.clear();
        for chunk in block.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    ALPHABET[(n >> (18 - 6 * i)) as usize & 63]
                } else {
                    b'='
                });
            }
        }
        w.write_all(&out)?;
    }
    Ok(())
}

/// Bytes encoded at a time (a multiple of 3: padding only at the very end).
const BASE64_BLOCK: usize = 3 << 14;

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
    fn base64_written_in_blocks_is_one_stream() {
        let bytes: Vec<u8> = (0..BASE64_BLOCK * 2 + 2)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let (first, rest) = bytes.split_at(BASE64_BLOCK * 2);
        assert_eq!(base64(&bytes), base64(first) + &base64(rest));
        // two bytes left over: one `=`, at the very end only
        assert!(base64(&bytes).ends_with("="));
        assert_eq!(base64(&bytes).matches('=').count(), 1);
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
        match env!("TSUNAGU_WASM") {
            "built" => assert_eq!(&SEARCH_WASM[..4], b"\0asm"),
            _ => assert!(SEARCH_WASM.is_empty()),
        }
    }

    #[test]
    fn index_outputs_are_the_index_folder_and_the_runtime() {
        assert!(is_index_output("search-index/meta.json"));
        assert!(is_index_output("assets/search.wasm"));
        assert!(!is_index_output("search-indexes/x"));
        assert!(!is_index_output("assets/search.js"));
        assert!(is_file_protocol_only("search-index/index.js"));
        assert!(!is_file_protocol_only("search-index/entries.json"));
    }
}
