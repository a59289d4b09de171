//! Reading `content/` into a [`Directory`]: which files, in which order, through the
//! layers below (read -> decode -> entry/settings), with `serve`'s parse cache.
//!
//! Every field-level problem is reported by those layers with its position; problems
//! across files (unknown references, duplicate ids, cycles) are found by `validate`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{stamp, CachedFile, LoadCache};
use super::decode::{self, entry_nodes};
use super::entry::entry;
use super::model::*;
use super::read::{files_under, has_extension, read_text, shown};
use super::settings::{site_config, terms};
use crate::diagnostics::Diagnostics;

/// Extensions of entry files.
const ENTRY_EXTS: [&str; 3] = ["md", "yaml", "yml"];
const PAGE_KEYS: &[&str] = &["title", "description"];

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

    let site = content.join("site.yaml");
    if let Some(node) = read_yaml_file(root, &site, &mut diags) {
        dir.config = site_config(&node, &shown(root, &site), &mut diags);
    }
    for (file, what, out) in [
        ("areas.yaml", "area", &mut dir.areas),
        ("categories.yaml", "category", &mut dir.categories),
    ] {
        let path = content.join(file);
        if let Some(node) = read_yaml_file(root, &path, &mut diags) {
            *out = terms(&node, &shown(root, &path), what, &mut diags);
        }
    }

    let entries_dir = content.join("entries");
    let is_entry_file = |p: &Path| p.starts_with(&entries_dir) && has_extension(p, &ENTRY_EXTS);
    // Trust the watcher only for plain file edits below entries/; anything else re-walks.
    let known = changed
        .filter(|c| !cache.files.is_empty() && c.iter().all(|p| is_entry_file(p) && !p.is_dir()));
    let entry_files = match known {
        Some(changed) => {
            let mut files = cache.files.clone();
            for p in changed {
                match (p.is_file(), files.binary_search(p)) {
                    (true, Err(at)) => files.insert(at, p.clone()),
                    (false, Ok(at)) => {
                        files.remove(at);
                    }
                    _ => {}
                }
            }
            files
        }
        None => files_under(root, &entries_dir, &ENTRY_EXTS, &mut diags),
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
            if let Some(hit) = cache.fresh(path, stamp) {
                return (path.clone(), hit);
            }
            let mut d = Diagnostics::default();
            let entries = entry_file(root, path, &mut d)
                .into_iter()
                .map(Arc::new)
                .collect();
            let file = CachedFile {
                stamp,
                entries,
                diags: d,
            };
            (path.clone(), Arc::new(file))
        })
        .collect();
    cache.entries.clear();
    cache.files = entry_files;
    for (path, file) in loaded {
        dir.entries.extend(file.entries.iter().cloned());
        diags.extend(file.diags.clone());
        cache.entries.insert(path, file);
    }

    let synonyms = content.join("synonyms.yaml");
    if synonyms.exists() {
        if let Some(node) = read_yaml_file(root, &synonyms, &mut diags) {
            dir.synonyms = super::vocabulary::synonyms(&node, &shown(root, &synonyms), &mut diags);
        }
    }

    let pages_dir = content.join("pages");
    for path in files_under(root, &pages_dir, &["md"], &mut diags) {
        if let Some(page) = page_file(root, &pages_dir, &path, &mut diags) {
            dir.pages.push(page);
        }
    }
    (dir, diags)
}

/// A settings or taxonomy file every site needs.
fn read_yaml_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<super::yaml::Node> {
    let shown = shown(root, path);
    if !path.exists() {
        diags.error(
            &shown,
            None,
            "this file is missing: every site needs it (see the README's content format)",
        );
        return None;
    }
    let text = read_text(root, path, diags)?;
    decode::parse_yaml(&text, 1, &shown, diags)
}

/// The entries of one `.md` or `.yaml` file.
fn entry_file(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    let shown = shown(root, path);
    let Some(text) = read_text(root, path, diags) else {
        return Vec::new();
    };
    entry_nodes(&text, path, &shown, diags)
        .iter()
        .filter_map(|(node, source)| entry(node, source, &shown, diags))
        .collect()
}

fn page_file(root: &Path, pages_dir: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Page> {
    let shown = shown(root, path);
    let text = read_text(root, path, diags)?;
    let slug = path
        .strip_prefix(pages_dir)
        .ok()?
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    if !slug.split('/').all(super::checks::valid_id) {
        diags.error(&shown, None, format!("the page file name `{slug}` must use only a-z, 0-9 and `-`: it becomes the page's URL"));
        return None;
    }
    let (node, body, body_line) = decode::markdown(&text, &shown, "a page", diags)?;
    let mut f = super::fields::Fields::new(&node, &shown, PAGE_KEYS, "page", diags)?;
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
