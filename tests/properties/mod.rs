//! The properties any input must keep, in one place: the property tests and corpus replays
//! (`tests/robustness.rs`) and the fuzz targets (`fuzz/fuzz_targets/`, which include this
//! file by path) check the same things.
//!
//! - Content: any entry file either builds, and then every page is safe HTML (no script
//!   but the theme's files and JSON data, no event-handler attribute, no `javascript:`
//!   link, no control character in `<title>`), or fails with errors that name a file of
//!   the site and, unless the whole file is unreadable, a line.
//! - Queries: any search request is answered with JSON, any query string with results,
//!   and highlights are sorted ranges inside their text.
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use search_index::runtime::{highlight_json, search_json};
use search_index::Searcher;

/// The site fuzzed entries are added to: the integration tests' `basic` fixture.
pub fn fixture_site() -> &'static Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .find(|p| p.join("tests/fixtures/basic").is_dir())
            .expect("the tsunagu repository")
            .join("tests/fixtures/basic")
    })
}

/// Copies the `basic` fixture into `to` (a fresh folder).
pub fn copy_fixture(to: &Path) {
    for entry in walkdir::WalkDir::new(fixture_site())
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(fixture_site()).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The entry file fuzzed bytes are written to: a Markdown entry when they start with front
/// matter, else a YAML list of entries.
pub fn entry_file_name(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"---") {
        "content/entries/fuzzed.md"
    } else {
        "content/entries/fuzzed.yaml"
    }
}

/// Checks `bytes` as an entry file of the site at `root` ([`entry_file_name`]), then
/// removes the file again: what the fuzz target and the corpus replay both do.
pub fn content_input(root: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = entry_file_name(bytes);
    let checked = content(root, name, bytes);
    let _ = std::fs::remove_file(root.join(name));
    checked
}

/// Writes `bytes` as entry file `name` (e.g. `content/entries/x.md`) of the site at
/// `root`, loads, validates and renders it, and checks the content properties.
pub fn content(root: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(root.join(name), bytes).map_err(|e| e.to_string())?;
    let (site, mut diags) = tsunagu::build::load(root);
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    if !diags.has_errors() {
        let rendered = tsunagu::render::render(&site, root, &mut diags, &mut |batch| {
            for (path, bytes) in batch.iter() {
                if path.ends_with(".html") {
                    pages.push((path.to_string(), bytes.to_vec()));
                }
            }
        });
        if rendered.is_none() || diags.has_errors() {
            return Err(format!(
                "valid content failed to render: {:?}",
                diags.iter().filter(|d| d.is_error()).collect::<Vec<_>>()
            ));
        }
    }
    for d in diags.iter().filter(|d| d.is_error()) {
        if d.path.as_os_str().is_empty() || d.path.is_absolute() || !root.join(&d.path).exists() {
            return Err(format!("an error names no file of the site: {d}"));
        }
        if d.pos.is_none() && !d.message.contains("this file") {
            return Err(format!("an error about part of a file has no line: {d}"));
        }
    }
    for (path, html) in &pages {
        safe_html(html).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}

/// Checks that a rendered page runs nothing but the theme's script files: every
/// `<script>` has a `src` and no body, or holds JSON data that parses; no tag has an
/// `on…` attribute or a `javascript:` URL; `<title>` has no control character.
pub fn safe_html(html: &[u8]) -> Result<(), String> {
    let html = std::str::from_utf8(html).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            let end = comment.find("-->").ok_or("an unclosed comment")?;
            rest = &comment[end + 3..];
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue; // `</tag>`, `<!DOCTYPE>`
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let (attrs, after) = tag_attributes(&rest[name_len..])?;
        for (key, value) in &attrs {
            if key.starts_with("on") {
                return Err(format!("<{name}> has an event handler `{key}`"));
            }
            let v = value.trim_start().to_ascii_lowercase();
            if matches!(key.as_str(), "href" | "src" | "action" | "formaction")
                && (v.starts_with("javascript:") || v.starts_with("data:text/html"))
            {
                return Err(format!("<{name} {key}=\"{value}\"> runs code"));
            }
        }
        rest = after;
        match name.as_str() {
            "script" => {
                let end = rest.find("</script").ok_or("an unclosed <script>")?;
                let body = &rest[..end];
                let ty = attrs
                    .iter()
                    .find(|(k, _)| k == "type")
                    .map(|(_, v)| v.as_str());
                let has_src = attrs.iter().any(|(k, _)| k == "src");
                if has_src && body.trim().is_empty() {
                } else if ty.is_some_and(|t| t.ends_with("json")) {
                    serde_json::from_str::<serde_json::Value>(body)
                        .map_err(|e| format!("a JSON <script> that is not JSON ({e}): {body}"))?;
                } else {
                    return Err(format!("an inline <script>: {body}"));
                }
                rest = &rest[end..];
            }
            "title" => {
                let end = rest.find("</title").ok_or("an unclosed <title>")?;
                if rest[..end].chars().any(char::is_control) {
                    return Err(format!(
                        "a control character in <title>: {:?}",
                        &rest[..end]
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A tag's attributes: lowercase names and values with [`decode_entities`] applied.
type Attributes = Vec<(String, String)>;

/// The attributes of a tag whose name was just read, and the text after its `>`.
fn tag_attributes(mut s: &str) -> Result<(Attributes, &str), String> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if let Some(after) = s.strip_prefix('>') {
            return Ok((attrs, after));
        }
        if let Some(after) = s.strip_prefix("/>") {
            return Ok((attrs, after));
        }
        let key_len = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .ok_or("a tag that never ends")?;
        if key_len == 0 {
            s = &s[1..]; // a stray `/`
            continue;
        }
        let key = s[..key_len].to_ascii_lowercase();
        s = s[key_len..].trim_start();
        let mut value = String::new();
        if let Some(v) = s.strip_prefix('=') {
            let v = v.trim_start();
            let (val, after) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = v[1..].find(q).ok_or("an unclosed attribute value")?;
                    (&v[1..1 + end], &v[end + 2..])
                }
                _ => {
                    let end = v
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(v.len());
                    (&v[..end], &v[end..])
                }
            };
            value = decode_entities(val);
            s = after;
        }
        attrs.push((key, value));
    }
}

/// The few character references that could hide `javascript:` from a plain comparison.
fn decode_entities(s: &str) -> String {
    s.replace("&#58;", ":")
        .replace("&colon;", ":")
        .replace("&amp;", "&")
}

/// The searcher over the `basic` fixture's index, built once.
pub fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let (site, diags) = tsunagu::build::load(fixture_site());
        assert!(!diags.has_errors(), "the basic fixture is valid");
        let docs = tsunagu::index::SiteDocuments::new(&site);
        let thesaurus = tsunagu::index::thesaurus(&site);
        let files = search_index::index::build_files_from(&docs, &thesaurus).expect("an index");
        Searcher::from_files(files).expect("the index opens")
    })
}

/// Checks the query properties for `bytes` as a raw search request, as a query string,
/// and as text to highlight.
pub fn query(bytes: &[u8]) -> Result<(), String> {
    let searcher = searcher();
    let answer = search_json(searcher, bytes);
    serde_json::from_slice::<serde_json::Value>(&answer)
        .map_err(|e| format!("a search answer that is not JSON: {e}"))?;

    let q = String::from_utf8_lossy(bytes);
    let request = serde_json::json!({ "q": q, "limit": 10 }).to_string();
    let answer: serde_json::Value =
        serde_json::from_slice(&search_json(searcher, request.as_bytes()))
            .map_err(|e| format!("a search answer that is not JSON: {e}"))?;
    if let Some(e) = answer.get("error") {
        return Err(format!("the query {q:?} was answered with an error: {e}"));
    }
    let hits = answer["hits"].as_array().ok_or("no hits array")?;
    if hits.len() > 10 {
        return Err(format!("{} hits for a limit of 10", hits.len()));
    }
    let terms = answer["terms"].clone();
    let request = serde_json::json!({ "terms": terms, "texts": [q, "相談窓口 そうだん"] });
    let ranges: Vec<Vec<(usize, usize)>> =
        serde_json::from_slice(&highlight_json(request.to_string().as_bytes()))
            .map_err(|e| format!("highlight did not answer ranges: {e}"))?;
    for (text, ranges) in [q.as_ref(), "相談窓口 そうだん"].iter().zip(&ranges) {
        let len: usize = text.chars().map(char::len_utf16).sum();
        let mut last = 0;
        for &(start, end) in ranges {
            if start < last || start >= end || end > len {
                return Err(format!(
                    "bad highlight {ranges:?} in {text:?} ({len} units)"
                ));
            }
            last = end;
        }
    }
    Ok(())
}
