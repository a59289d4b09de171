//! Every output path of the site, and how many pages a listing has: the one place that
//! formats them (the contract's "Output URLs"). Paths are relative to the output folder,
//! with forward slashes, and name files (`entries/x/index.html`), so pages opened from
//! disk (`file://`) link correctly.

use crate::lang::Lang;
use crate::taxonomy::Kind;

/// The home page.
pub const HOME: &str = "index.html";
/// The search page; reads the query from `?q=`.
pub const SEARCH: &str = "search/index.html";
/// The page served for unknown paths.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// The folder of the directory as open data (see [`crate::opendata`]).
pub const DATA_DIR: &str = "data/";
/// The entries as CSV.
pub const ENTRIES_CSV: &str = "data/entries.csv";
/// The entries as Open Referral HSDS 3.0 services (see [`crate::opendata::hsds`]).
pub const HSDS_SERVICES: &str = "data/hsds/services.json";
pub const HSDS_ORGANIZATIONS: &str = "data/hsds/organizations.json";
/// The categories as HSDS taxonomy terms.
pub const HSDS_TAXONOMY_TERMS: &str = "data/hsds/taxonomy_terms.json";
/// The kiosk's service worker (at the root, so its scope is the whole site).
pub const SERVICE_WORKER: &str = "sw.js";
/// The folder of the search index and what the browser runtime needs.
pub const SEARCH_INDEX_DIR: &str = "search-index";
/// The holiday table the open-state script reads (written by render, not the theme).
pub const HOLIDAYS: &str = "assets/holidays.js";
/// The folder of the theme's static files and the search runtime.
pub const ASSETS_DIR: &str = "assets";

/// Entries per listing page. Page 1 is `<kind>/<id>/index.html`, page n is
/// `<kind>/<id>/page/<n>/index.html`.
pub const PAGE_SIZE: usize = 200;

/// The pages at fixed paths: home, the lists of areas and categories, search and 404.
pub fn fixed_pages() -> [String; 5] {
    [
        HOME.to_string(),
        term_index(Kind::Area),
        term_index(Kind::Category),
        SEARCH.to_string(),
        NOT_FOUND.to_string(),
    ]
}

/// The folder of a taxonomy's pages.
pub fn kind_dir(kind: Kind) -> &'static str {
    match kind {
        Kind::Area => "areas",
        Kind::Category => "categories",
    }
}

/// The page listing every term of a taxonomy: `areas/index.html`.
pub fn term_index(kind: Kind) -> String {
    format!("{}/index.html", kind_dir(kind))
}

/// An entry's page: `entries/<id>/index.html`.
pub fn entry(id: &str) -> String {
    format!("entries/{id}/index.html")
}

/// The first page of an area's or category's listing: `areas/<id>/index.html`.
pub fn term(kind: Kind, id: &str) -> String {
    listing_page(kind, id, 1)
}

/// Page `n` (1-based) of a listing.
pub fn listing_page(kind: Kind, id: &str, n: usize) -> String {
    if n <= 1 {
        format!("{}/{id}/index.html", kind_dir(kind))
    } else {
        format!("{}/{id}/page/{n}/index.html", kind_dir(kind))
    }
}

/// A free page: `pages/<stem>/index.html` (the stem may have folders).
pub fn page(slug: &str) -> String {
    format!("pages/{slug}/index.html")
}

/// The folder of the English pages.
pub const ENGLISH_DIR: &str = "en";

/// A page's path in `lang`: the Japanese path itself, or under `en/`
/// (`en/entries/<id>/index.html`).
pub fn localized(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Ja => path.to_string(),
        Lang::En => format!("{ENGLISH_DIR}/{path}"),
    }
}

/// The fixed pages that also have an English version (not search, whose results are the
/// Japanese cards, nor the 404 page).
pub fn localized_fixed_pages(lang: Lang) -> Vec<String> {
    fixed_pages()
        .into_iter()
        .filter(|p| lang == Lang::Ja || (p != SEARCH && p != NOT_FOUND))
        .collect()
}

/// An asset of the theme or the runtime: `assets/<name>`.
pub fn asset(name: &str) -> String {
    format!("{ASSETS_DIR}/{name}")
}

/// A file of the search index folder: `search-index/<name>`.
pub fn search_index_file(name: &str) -> String {
    format!("{SEARCH_INDEX_DIR}/{name}")
}

/// How many pages a listing of `entries` entries has: at least one, even when empty.
pub fn page_count(entries: usize) -> usize {
    entries.div_ceil(PAGE_SIZE).max(1)
}

/// The relative path from the page at `path` back to the output root: `./`, `../../`.
pub fn root_of(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        n => "../".repeat(n),
    }
}

/// A page's path as it looks on the web: `entries/x/index.html` -> `entries/x/`.
pub fn pretty(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// What an output path is, read back (for checking links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagePath<'a> {
    /// One of [`fixed_pages`], or the sitemap.
    Fixed,
    Entry(&'a str),
    /// A listing page: kind, id, 1-based page number.
    Listing(Kind, &'a str, usize),
    Page(&'a str),
}

/// Reads an output path back; `None` for paths that are not pages tsunagu writes.
pub fn parse(path: &str) -> Option<PagePath<'_>> {
    if path == SITEMAP || fixed_pages().iter().any(|p| p == path) {
        return Some(PagePath::Fixed);
    }
    let rest = path.strip_suffix("/index.html")?;
    let (dir, rest) = rest.split_once('/')?;
    let kind = match dir {
        "entries" if !rest.contains('/') => return Some(PagePath::Entry(rest)),
        "pages" => return Some(PagePath::Page(rest)),
        "areas" => Kind::Area,
        "categories" => Kind::Category,
        _ => return None,
    };
    match rest.split_once("/page/") {
        None if !rest.contains('/') => Some(PagePath::Listing(kind, rest, 1)),
        Some((id, n)) => n
            .parse()
            .ok()
            .filter(|&n| n > 1)
            .map(|n| PagePath::Listing(kind, id, n)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_pages_after_the_first_live_under_page() {
        assert_eq!(listing_page(Kind::Area, "kita", 1), "areas/kita/index.html");
        assert_eq!(
            listing_page(Kind::Category, "soudan", 3),
            "categories/soudan/page/3/index.html"
        );
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
    }

    #[test]
    fn every_page_path_reads_back() {
        for (path, want) in [
            (entry("a"), PagePath::Entry("a")),
            (
                term(Kind::Area, "kita"),
                PagePath::Listing(Kind::Area, "kita", 1),
            ),
            (
                listing_page(Kind::Category, "x", 2),
                PagePath::Listing(Kind::Category, "x", 2),
            ),
            (page("guide/phone"), PagePath::Page("guide/phone")),
            (HOME.to_string(), PagePath::Fixed),
            (term_index(Kind::Area), PagePath::Fixed),
        ] {
            assert_eq!(parse(&path), Some(want), "{path}");
        }
        assert_eq!(parse("entries/a/b/index.html"), None);
        assert_eq!(parse("areas/x/page/1/index.html"), None);
        assert_eq!(parse("assets/style.css"), None);
    }

    #[test]
    fn roots_climb_back_from_any_page() {
        assert_eq!(root_of(HOME), "./");
        assert_eq!(root_of(&entry("a")), "../../");
        assert_eq!(root_of(&listing_page(Kind::Area, "a", 2)), "../../../../");
        assert_eq!(root_of(&page("guide/phone")), "../../../");
        assert_eq!(pretty(&entry("a")), "entries/a/");
    }
}
