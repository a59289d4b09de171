//! Reading `content/`: files to text, text to YAML nodes, nodes to typed data.
//!
//! Every field-level problem (wrong type, bad id, bad date, phone, URL, unknown key) is
//! reported here with its position; problems across files (unknown references, duplicate
//! ids, cycles) are found by `validate`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::fields::{valid_id, Fields};
use super::model::*;
use super::phone;
use super::yaml::{self, Node, Value};
use crate::diagnostics::{Diagnostics, Pos};

const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "description",
    "kiosk",
];
const TERM_KEYS: &[&str] = &["id", "name", "kana", "parent", "description"];
/// Keys of an entry in a YAML file. A Markdown entry has all but the last, `body`: its body
/// is the Markdown after the front matter.
const ENTRY_KEYS: &[&str] = &[
    "id",
    "title",
    "kana",
    "categories",
    "areas",
    "audiences",
    "tags",
    "summary",
    "organization",
    "phones",
    "address",
    "postal_code",
    "location",
    "hours",
    "url",
    "email",
    "updated",
    "body",
];
const PHONE_KEYS: &[&str] = &["number", "label", "kind", "ext"];
const LOCATION_KEYS: &[&str] = &["lat", "lon"];
const PAGE_KEYS: &[&str] = &["title", "description"];

/// Parsed entry files kept between loads, so `serve` re-reads only files that changed.
#[derive(Debug, Default)]
pub struct LoadCache {
    entries: HashMap<PathBuf, Arc<CachedFile>>,
    /// The entry files of the last load, in load order.
    files: Vec<PathBuf>,
}

#[derive(Debug)]
struct CachedFile {
    stamp: (Option<SystemTime>, u64),
    entries: Vec<Arc<Entry>>,
    diags: Diagnostics,
}

fn stamp(path: &Path) -> (Option<SystemTime>, u64) {
    std::fs::metadata(path)
        .map(|m| (m.modified().ok(), m.len()))
        .unwrap_or((None, 0))
}

/// Loads `<root>/content`. Paths in diagnostics are relative to `root`.
pub fn load(root: &Path) -> (Directory, Diagnostics) {
    load_cached(root, &mut LoadCache::default(), None)
}

/// Like [`load`], but reuses entry files whose modification time and size are unchanged.
/// With `changed` (the paths a file watcher reported), only those entry files are looked at
/// again, unless a folder changed.
pub fn load_cached(
    root: &Path,
    cache: &mut LoadCache,
    changed: Option<&[PathBuf]>,
) -> (Directory, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut dir = Directory::default();
    let content = root.join("content");
    if !content.is_dir() {
        diags.error(
            &content,
            None,
            format!(
                "no `content` folder in {}: run tsunagu in a site root or pass --root DIR",
                root.display()
            ),
        );
        return (dir, diags);
    }
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    };

    if let Some(node) = read_yaml_file(root, &content.join("site.yaml"), true, &mut diags) {
        dir.config = site_config(&node, &rel(&content.join("site.yaml")), &mut diags);
    }
    for (file, out) in [
        ("areas.yaml", &mut dir.areas),
        ("categories.yaml", &mut dir.categories),
    ] {
        let path = content.join(file);
        if let Some(node) = read_yaml_file(root, &path, true, &mut diags) {
            *out = terms(
                &node,
                &rel(&path),
                if file == "areas.yaml" {
                    "area"
                } else {
                    "category"
                },
                &mut diags,
            );
        }
    }

    const EXTS: [&str; 3] = ["md", "yaml", "yml"];
    let entries_dir = content.join("entries");
    let is_entry_file = |p: &Path| {
        p.starts_with(&entries_dir)
            && p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTS.contains(&x))
    };
    // Trust the watcher only for plain file edits below entries/; anything else re-walks.
    let known = changed
        .filter(|c| !cache.files.is_empty() && c.iter().all(|p| is_entry_file(p) && !p.is_dir()));
    let entry_files = match known {
        Some(changed) => {
            let mut files = cache.files.clone();
            for p in changed {
                let present = files.binary_search(p);
                match (p.is_file(), present) {
                    (true, Err(at)) => files.insert(at, p.clone()),
                    (false, Ok(at)) => {
                        files.remove(at);
                    }
                    _ => {}
                }
            }
            files
        }
        None => files_under(&entries_dir, &EXTS),
    };
    let recheck = |p: &PathBuf| known.is_none_or(|c| c.contains(p));
    let loaded: Vec<(PathBuf, Arc<CachedFile>)> = entry_files
        .par_iter()
        .map(|path| {
            if !recheck(path) {
                if let Some(hit) = cache.entries.get(path) {
                    return (path.clone(), hit.clone());
                }
            }
            let stamp = stamp(path);
            if let Some(hit) = cache
                .entries
                .get(path)
                .filter(|c| c.stamp == stamp && stamp.0.is_some())
            {
                return (path.clone(), hit.clone());
            }
            let mut d = Diagnostics::default();
            let entries = entry_file(root, path, &mut d)
                .into_iter()
                .map(Arc::new)
                .collect();
            (
                path.clone(),
                Arc::new(CachedFile {
                    stamp,
                    entries,
                    diags: d,
                }),
            )
        })
        .collect();
    cache.entries.clear();
    cache.files = entry_files.clone();
    for (path, file) in loaded {
        dir.entries.extend(file.entries.iter().cloned());
        diags.extend(file.diags.clone());
        cache.entries.insert(path, file);
    }

    let pages_dir = content.join("pages");
    for path in files_under(&pages_dir, &["md"]) {
        if let Some(page) = page_file(root, &pages_dir, &path, &mut diags) {
            dir.pages.push(page);
        }
    }
    (dir, diags)
}

/// Files with one of `exts` below `dir`, sorted, hidden files skipped.
fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
        })
        .collect()
}

/// Reads a file as UTF-8 text; names the problem (and likely Shift_JIS) when it is not.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(shown, None, format!("cannot read this file: {e}"));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.replace("\r\n", "\n")),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(
                &good[good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
            )
            .chars()
            .count()
                + 1;
            let (_, _, sjis_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            let hint = if !sjis_errors {
                "it looks like Shift_JIS: save it as UTF-8 (in most editors: 文字コード → UTF-8)"
            } else {
                "it may be Shift_JIS or another legacy encoding: save it as UTF-8"
            };
            diags.error(
                shown,
                Some(Pos::new(line, column)),
                format!("this file is not UTF-8 text; {hint}"),
            );
            None
        }
    }
}

fn read_yaml_file(
    root: &Path,
    path: &Path,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<Node> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    if !path.exists() {
        if required {
            diags.error(
                &shown,
                None,
                "this file is missing: every site needs it (see the README's content format)",
            );
        }
        return None;
    }
    let text = read_text(root, path, diags)?;
    parse_yaml(&text, 1, &shown, diags)
}

fn parse_yaml(
    text: &str,
    first_line: usize,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<Node> {
    match yaml::parse(text, first_line) {
        Ok(node) => node,
        Err(e) => {
            diags.error(shown, Some(e.pos), format!("broken YAML: {} (check indentation, `:` after keys and closing quotes/brackets)", e.message));
            None
        }
    }
}

fn site_config(node: &Node, path: &Path, diags: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig {
        language: "ja".into(),
        ..Default::default()
    };
    let Some(mut f) = Fields::new(node, path, SITE_KEYS, "site settings", diags) else {
        return config;
    };
    config.title = f
        .required_string("title")
        .map(|(s, _)| s)
        .unwrap_or_default();
    if let Some((url, pos)) = f.string("base_url") {
        if check_url(&url).is_err() {
            f.diags.error(
                path,
                Some(pos),
                format!(
                    "`base_url: {url}` is not an absolute http(s) URL, e.g. https://example.jp/"
                ),
            );
        }
        config.base_url = Some(url.trim_end_matches('/').to_string());
    }
    config.language = f.opt_string("language").unwrap_or_else(|| "ja".into());
    config.theme = f.opt_string("theme");
    config.description = f.opt_string("description");
    if let Some((v, pos)) = f.string("kiosk") {
        match v.as_str() {
            "true" | "yes" => config.kiosk = true,
            "false" | "no" => config.kiosk = false,
            _ => f
                .diags
                .error(path, Some(pos), "`kiosk` must be true or false"),
        }
    }
    f.finish();
    config
}

fn terms(node: &Node, path: &Path, what: &'static str, diags: &mut Diagnostics) -> Vec<Term> {
    let Value::Seq(items) = &node.value else {
        diags.error(
            path,
            Some(node.pos),
            format!(
                "expected a list of {what} items (lines starting with `- id: …`), found {}",
                node.kind()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, path, TERM_KEYS, what, diags) else {
            continue;
        };
        let id = checked_id(&mut f, "id");
        let name = f.required_string("name");
        let kana = f.opt_string("kana");
        let parent = f.string("parent").map(|(id, pos)| Ref { id, pos });
        let description = f.opt_string("description");
        let pos = f.pos();
        f.finish();
        if let (Some(id), Some((name, _))) = (id, name) {
            out.push(Term {
                id,
                name,
                kana,
                parent,
                description,
                source: Source {
                    path: path.to_path_buf(),
                    pos,
                },
            });
        }
    }
    out
}

/// A required, well-formed `id` field.
fn checked_id(f: &mut Fields, key: &str) -> Option<String> {
    let (id, pos) = f.required_string(key)?;
    if valid_id(&id) {
        Some(id)
    } else {
        let path = f.path().to_path_buf();
        f.diags.error(&path, Some(pos), format!("id `{id}` may only use a-z, 0-9 and `-` (and start with a letter or digit), e.g. `{}`", suggest_id(&id)));
        None
    }
}

/// An id in the allowed alphabet derived from `s`, for error hints.
fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "soudan-madoguchi".into()
    } else {
        out
    }
}

/// Splits a Markdown file into front matter (with its first line number) and body.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, i + 3));
        }
        offset += line.len();
    }
    None
}

fn entry_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let Some(text) = read_text(root, path, diags) else {
        return Vec::new();
    };
    let is_md = path.extension().is_some_and(|e| e == "md");
    if is_md {
        let Some((yaml_text, body, body_line)) = split_front_matter(&text) else {
            diags.error(&shown, Some(Pos::new(1, 1)), "no front matter: an entry file starts with a `---` line, its fields (title, categories, areas…), and another `---` line");
            return Vec::new();
        };
        let Some(node) = parse_yaml(yaml_text, 2, &shown, diags) else {
            if yaml_text.trim().is_empty() {
                diags.error(
                    &shown,
                    Some(Pos::new(2, 1)),
                    "the front matter is empty: add title, categories and areas",
                );
            }
            return Vec::new();
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        entry(
            &node,
            &shown,
            Some(&stem),
            body.to_string(),
            body_line,
            diags,
        )
        .into_iter()
        .collect()
    } else {
        let Some(node) = parse_yaml(&text, 1, &shown, diags) else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            diags.error(&shown, Some(node.pos), format!("a .yaml entries file holds a list of entries (each starting with `- id: …`), found {}", node.kind()));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| entry(item, &shown, None, String::new(), 0, diags))
            .collect()
    }
}

fn entry(
    node: &Node,
    path: &Path,
    stem: Option<&str>,
    md_body: String,
    body_line: usize,
    diags: &mut Diagnostics,
) -> Option<Entry> {
    let known = match stem {
        Some(_) => &ENTRY_KEYS[..ENTRY_KEYS.len() - 1],
        None => ENTRY_KEYS,
    };
    let mut f = Fields::new(node, path, known, "entry", diags)?;
    let id = match (stem, f.node("id").is_some()) {
        (Some(stem), false) => {
            if valid_id(stem) {
                Some(stem.to_string())
            } else {
                f.diags.error(path, Some(Pos::new(1, 1)), format!("the file name `{stem}` is not a valid id (a-z, 0-9 and `-` only): rename the file, e.g. `{}.md`, or add `id: …`", suggest_id(stem)));
                None
            }
        }
        _ => checked_id(&mut f, "id"),
    };
    let title = f.required_string("title").map(|(s, _)| s);
    let kana = f.string("kana").map(|(k, pos)| {
        if k.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            f.diags.warning(
                path,
                Some(pos),
                "`kana` should be the reading in hiragana (it contains kanji)",
            );
        }
        k
    });
    let categories = f.refs("categories", true);
    let areas = f.refs("areas", true);
    let audiences = f.list("audiences").into_iter().map(|(s, _)| s).collect();
    let tags = f.list("tags").into_iter().map(|(s, _)| s).collect();
    let summary = f.opt_string("summary");
    let organization = f.opt_string("organization");
    let phones = phones(&mut f);
    let address = f.opt_string("address");
    let postal_code = f.string("postal_code").map(|(p, pos)| {
        let digits: String = p
            .chars()
            .filter_map(|c| c.to_digit(10))
            .map(|d| char::from(b'0' + d as u8))
            .collect();
        if digits.len() != 7 {
            f.diags.warning(
                path,
                Some(pos),
                format!(
                    "`postal_code: {p}` does not look like a postal code (7 digits, e.g. 660-0051)"
                ),
            );
        }
        p
    });
    let location = location(&mut f);
    let hours = f.opt_string("hours");
    let url = f.string("url").and_then(|(u, pos)| match check_url(&u) {
        Ok(()) => Some(u),
        Err(why) => {
            f.diags.error(path, Some(pos), format!("`url: {u}` is not a valid web address ({why}): write it in full, e.g. https://www.city.amagasaki.hyogo.jp/"));
            None
        }
    });
    let email = f.string("email").and_then(|(e, pos)| {
        if check_email(&e) {
            Some(e)
        } else {
            f.diags.error(
                path,
                Some(pos),
                format!("`email: {e}` is not an email address (name@example.jp)"),
            );
            None
        }
    });
    let updated = f.date("updated");
    // The body's first line in the file: after the front matter, or where the YAML value
    // starts (for `body: |`, the line after it: the scalar is marked at its content).
    let (body, first_line) = match stem {
        Some(_) => (md_body, body_line),
        None => match f.string("body") {
            Some((b, pos)) => (b, pos.line),
            None => (String::new(), 1),
        },
    };
    let links = body_links(&body, first_line);
    let pos = f.pos();
    f.finish();
    let (kana_for_sort, title_for_sort) = (kana.clone(), title.clone()?);
    Some(Entry {
        id: id?,
        title: title?,
        kana,
        categories,
        areas,
        audiences,
        tags,
        summary,
        organization,
        phones,
        address,
        postal_code,
        location,
        hours,
        url,
        email,
        updated,
        body,
        source: Source {
            path: path.to_path_buf(),
            pos,
        },
        links,
        sort_key: crate::collate::sort_key(kana_for_sort.as_deref(), &title_for_sort),
        title_key: crate::collate::title_key(&title_for_sort),
    })
}

fn phones(f: &mut Fields) -> Vec<Phone> {
    let Some(node) = f.node("phones") else {
        return Vec::new();
    };
    let path = f.path().to_path_buf();
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Scalar(_) | Value::Map(_) => vec![node],
        Value::Null => Vec::new(),
    };
    let mut out = Vec::new();
    for item in items {
        let (number, pos, label, kind, ext) = match &item.value {
            Value::Scalar(s) => (s.clone(), item.pos, None, PhoneKind::Tel, None),
            Value::Map(_) => {
                let Some(mut pf) = Fields::new(item, &path, PHONE_KEYS, "phone", f.diags) else {
                    continue;
                };
                let Some((number, pos)) = pf.required_string("number") else {
                    pf.finish();
                    continue;
                };
                let label = pf.opt_string("label");
                let kind = match pf.string("kind") {
                    None => PhoneKind::Tel,
                    Some((k, kpos)) => PhoneKind::parse(&k).unwrap_or_else(|| {
                        pf.diags.error(
                            &path,
                            Some(kpos),
                            format!(
                                "phone `kind: {k}` is unknown: use one of {}",
                                PhoneKind::NAMES.join(", ")
                            ),
                        );
                        PhoneKind::Tel
                    }),
                };
                let ext = pf.opt_string("ext");
                pf.finish();
                (number, pos, label, kind, ext)
            }
            _ => {
                f.diags.error(&path, Some(item.pos), format!("each phone is a number or a mapping {{number, label, kind, ext}}, found {}", item.kind()));
                continue;
            }
        };
        match phone::dialable(&number) {
            Ok(dial) => out.push(Phone {
                number,
                dial,
                label,
                kind,
                ext,
                pos,
            }),
            Err(why) => f.diags.error(
                &path,
                Some(pos),
                format!("malformed phone number `{number}`: {why}"),
            ),
        }
    }
    out
}

fn location(f: &mut Fields) -> Option<Location> {
    let node = f.node("location")?;
    let path = f.path().to_path_buf();
    let mut lf = Fields::new(node, &path, LOCATION_KEYS, "location", f.diags)?;
    let mut coord = |key: &str, limit: f64| -> Option<f64> {
        let Some((s, pos)) = lf.string(key) else {
            lf.missing(key);
            return None;
        };
        match s.parse::<f64>() {
            Ok(v) if v.abs() <= limit => Some(v),
            _ => {
                lf.diags.error(
                    &path,
                    Some(pos),
                    format!(
                        "`{key}: {s}` must be a number of degrees between -{limit} and {limit}"
                    ),
                );
                None
            }
        }
    };
    let lat = coord("lat", 90.0);
    let lon = coord("lon", 180.0);
    lf.finish();
    Some(Location {
        lat: lat?,
        lon: lon?,
    })
}

/// `Ok` for an absolute http(s) URL with a host.
pub fn check_url(s: &str) -> Result<(), String> {
    match url::Url::parse(s) {
        Ok(u)
            if (u.scheme() == "http" || u.scheme() == "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            if s.chars().any(char::is_whitespace) {
                Err("it contains spaces".into())
            } else {
                Ok(())
            }
        }
        Ok(u) => Err(format!(
            "it must start with http:// or https://, not {}:",
            u.scheme()
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn check_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

fn page_file(root: &Path, pages_dir: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Page> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let text = read_text(root, path, diags)?;
    let slug = path
        .strip_prefix(pages_dir)
        .ok()?
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    if !slug.split('/').all(valid_id) {
        diags.error(&shown, None, format!("the page file name `{slug}` must use only a-z, 0-9 and `-`: it becomes the page's URL"));
        return None;
    }
    let Some((yaml_text, body, body_line)) = split_front_matter(&text) else {
        diags.error(
            &shown,
            Some(Pos::new(1, 1)),
            "no front matter: a page starts with `---`, `title: …`, and another `---` line",
        );
        return None;
    };
    let node = parse_yaml(yaml_text, 2, &shown, diags)?;
    let mut f = Fields::new(&node, &shown, PAGE_KEYS, "page", diags)?;
    let title = f.required_string("title").map(|(t, _)| t);
    let pos = f.pos();
    f.finish();
    Some(Page {
        slug,
        title: title?,
        links: body_links(body, body_line),
        body: body.to_string(),
        source: Source { path: shown, pos },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_a_key_of_yaml_entries_only_and_links_get_file_lines() {
        let dir = std::env::temp_dir().join(format!("tsunagu-load-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let md = dir.join("a.md");
        std::fs::write(
            &md,
            "---\ntitle: あ\ncategories: c\nareas: x\nbody: no\n---\n本文\n\n[x](../b/)\n",
        )
        .unwrap();
        let yaml = dir.join("list.yaml");
        std::fs::write(&yaml, "- id: b\n  title: い\n  categories: c\n  areas: x\n  body: |\n    本文\n    [y](../a/)\n").unwrap();
        let mut d = Diagnostics::default();
        let a = entry_file(&dir, &md, &mut d);
        let b = entry_file(&dir, &yaml, &mut d);
        std::fs::remove_dir_all(&dir).unwrap();
        let unknown: Vec<&str> = d
            .iter()
            .filter(|x| x.message.contains("body"))
            .map(|x| x.path.to_str().unwrap())
            .collect();
        assert_eq!(unknown, ["a.md"], "{d:?}");
        assert_eq!(a[0].body, "本文\n\n[x](../b/)\n");
        assert_eq!(
            a[0].links,
            [BodyLink {
                dest: "../b/".into(),
                line: 9
            }]
        );
        assert_eq!(
            b[0].links,
            [BodyLink {
                dest: "../a/".into(),
                line: 7
            }]
        );
    }

    #[test]
    fn front_matter_body_starts_after_the_closing_line() {
        let (yaml, body, line) = split_front_matter("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(yaml, "title: a\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("title: a\n").is_none());
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(check_url("https://www.city.amagasaki.hyogo.jp/").is_ok());
        assert!(check_url("www.city.amagasaki.hyogo.jp").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("htp//x").is_err());
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(check_email("soudan@city.example.jp"));
        assert!(!check_email("soudan"));
        assert!(!check_email("a@b"));
        assert!(!check_email("a b@c.jp"));
    }

    #[test]
    fn suggested_ids_are_valid() {
        assert_eq!(suggest_id("Kurashi Marugoto"), "kurashi-marugoto");
        assert!(valid_id(&suggest_id("くらし")));
    }
}
