//! Stage 4, index: the site's entries into the search index under `/search-index/`.
//! Tokenisation, schema and ranking live in the `search-index` crate, shared with the
//! browser runtime; this module only maps entries to its documents.

use std::path::Path;

use search_index::index::Document;
use search_index::query::{Hit, SearchOptions, Searcher};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Files;
use crate::render::markdown;
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
            for (tax, refs, paths) in [(&site.areas, &e.areas, &mut area_paths), (&site.categories, &e.categories, &mut category_paths)] {
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

/// Builds the index and adds its files to `files` under [`DIR`].
pub fn write(site: &Site, files: &mut Files, diags: &mut Diagnostics) -> Option<()> {
    match search_index::index::build_files(&documents(site)) {
        Ok(index_files) => {
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
    Ok(searcher.search(query, &SearchOptions { limit, ..Default::default() }).hits)
}
