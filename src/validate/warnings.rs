//! Warnings coordinators need but that do not fail a build: stale entries, probable
//! duplicates, and broken internal links in Markdown bodies.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::Site;
use crate::content::BodyLink;
use crate::diagnostics::{Diagnostics, Pos};
use crate::urls::{self, PagePath};

/// Phrases of `synonyms.yaml` that hold only grammar (`どうしたらいいの`): a query is
/// matched against a phrase's content words, so such a phrase never applies.
fn grammar_only_phrases(site: &Site, diags: &mut Diagnostics) {
    let phrases: Vec<(&str, &std::path::Path, Pos)> = site
        .synonyms
        .iter()
        .flat_map(|s| {
            let from = s.from.iter();
            // (a `words` group's members are its `from` and its `to` alike)
            let to = s.to.iter().filter(move |_| !s.group);
            from.chain(to)
                .map(move |p| (p.text.as_str(), s.source.path.as_path(), p.pos))
        })
        .collect();
    if phrases.is_empty() {
        return;
    }
    let texts: Vec<&str> = phrases.iter().map(|(t, _, _)| *t).collect();
    // (no dictionary: the build reports it)
    let Ok(empty) = search_index::index::phrases_without_words(&texts) else {
        return;
    };
    for ((text, path, pos), empty) in phrases.iter().zip(empty) {
        if empty {
            diags.warning(
                path,
                Some(*pos),
                format!("`{text}` holds no word a search can match, only grammar, so it never applies: write the words that say the trouble (a noun or a verb: `相談できる人がいない`, not `どうしたらいいの`)"),
            );
        }
    }
}

/// An entry whose `updated` is older than this many days is reported as stale.
pub const STALE_DAYS: i64 = 365;

/// All warnings for `site` as of `today`.
pub fn warnings(site: &Site, today: NaiveDate) -> Diagnostics {
    let mut diags = Diagnostics::default();
    stale(site, today, &mut diags);
    duplicates(site, &mut diags);
    broken_links(site, &mut diags);
    grammar_only_phrases(site, &mut diags);
    if site.config.kiosk && site.config.base_url.is_none() {
        diags.warning(
            std::path::Path::new("content/site.yaml"),
            None,
            "`kiosk: true` without `base_url`: entry pages cannot show a QR code to take the page to a phone; set base_url to the published address",
        );
    }
    diags
}

fn stale(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    for e in &site.entries {
        if let Some(updated) = e.updated {
            let age = (today - updated).num_days();
            if age > STALE_DAYS {
                diags.warning(
                    &e.source.path,
                    Some(e.source.pos),
                    format!("`{}` was last checked on {updated} ({} days ago): confirm it with the desk and update `updated`", e.id, age),
                );
            }
        }
    }
}

fn duplicates(site: &Site, diags: &mut Diagnostics) {
    let entries = &site.entries;
    // (key, entry index, position), sorted: equal keys end up together, first entry first.
    let mut phones: Vec<(&str, usize, Pos)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        phones.extend(
            e.phones
                .iter()
                .filter(|p| !p.parsed.kind.is_shared_service())
                .map(|p| (p.parsed.digits.as_str(), i, p.pos)),
        );
    }
    phones.sort_unstable();
    // One number twice in the same entry is not a duplicate entry.
    phones.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
    for group in phones.chunk_by(|a, b| a.0 == b.0) {
        let first = &entries[group[0].1];
        for &(dial, i, pos) in &group[1..] {
            diags.warning(
                &entries[i].source.path,
                Some(pos),
                format!(
                    "phone number {dial} is also in `{}` ({}:{}): a probable duplicate entry",
                    first.id,
                    first.source.path.display(),
                    first.source.pos.line
                ),
            );
        }
    }
    let mut titles: Vec<(&str, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.title_key.as_str(), i))
        .collect();
    titles.sort_unstable();
    for group in titles.chunk_by(|a, b| a.0 == b.0) {
        let first = &entries[group[0].1];
        for &(_, i) in &group[1..] {
            diags.warning(
                &entries[i].source.path,
                Some(entries[i].source.pos),
                format!(
                    "the title `{}` is also used by `{}` ({}:{}): a probable duplicate entry",
                    entries[i].title,
                    first.id,
                    first.source.path.display(),
                    first.source.pos.line
                ),
            );
        }
    }
}

/// The pages a site writes, for checking internal links.
struct SitePages<'a> {
    site: &'a Site,
    entries: HashSet<&'a str>,
}

impl<'a> SitePages<'a> {
    fn new(site: &'a Site) -> Self {
        let entries = site.entries.iter().map(|e| e.id.as_str()).collect();
        SitePages { site, entries }
    }

    /// Whether `path` (an output path, like `entries/x/index.html`) is a page of the site.
    fn contains(&self, path: &str) -> bool {
        match urls::parse(path) {
            Some(PagePath::Fixed) => true,
            Some(PagePath::Entry(id)) => self.entries.contains(id),
            Some(PagePath::Listing(kind, id, n)) => self.site.taxonomy(kind).contains(id) && n == 1,
            Some(PagePath::Page(slug)) => self.site.pages.iter().any(|p| p.slug == slug),
            None => false,
        }
    }
}

/// Resolves `link` written on the page at `page` (an output path) to an output path, or
/// `None` for external links, anchors and assets outside the pages.
pub fn resolve_link(page: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() || link.contains(':') || link.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').collect()
    };
    if !link.starts_with('/') {
        parts.pop();
    }
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || path.is_empty() {
        path = if path.is_empty() {
            "index.html".into()
        } else {
            format!("{path}/index.html")
        };
    } else if !path.rsplit('/').next().unwrap_or("").contains('.') {
        path.push_str("/index.html");
    }
    Some(path)
}

fn broken_links(site: &Site, diags: &mut Diagnostics) {
    let pages = std::cell::OnceCell::new();
    let check =
        |page: String, links: &[BodyLink], file: &std::path::Path, diags: &mut Diagnostics| {
            let pages = pages.get_or_init(|| SitePages::new(site));
            for link in links {
                if let Some(target) = resolve_link(&page, &link.dest) {
                    let is_asset = [urls::ASSETS_DIR, urls::SEARCH_INDEX_DIR]
                        .iter()
                        .any(|dir| target.strip_prefix(dir).is_some_and(|r| r.starts_with('/')));
                    if !is_asset && !pages.contains(&target) {
                        diags.warning(
                            file,
                            Some(Pos::new(link.line, 1)),
                            format!("broken link `{}`: no page {target} in this site", link.dest),
                        );
                    }
                }
            }
        };
    for e in site.entries.iter().filter(|e| !e.links.is_empty()) {
        check(urls::entry(&e.id), &e.links, &e.source.path, diags);
    }
    for p in site.pages.iter().filter(|p| !p.links.is_empty()) {
        check(urls::page(&p.slug), &p.links, &p.source.path, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_of_the_shipped_thesaurus_holds_a_word() {
        let shipped = crate::content::vocabulary::shipped();
        let texts: Vec<&str> = shipped
            .iter()
            .flat_map(|s| s.from.iter().chain(&s.to))
            .map(|p| p.text.as_str())
            .collect();
        let empty = search_index::index::phrases_without_words(&texts).expect("IPADIC");
        let grammar: Vec<&&str> = texts
            .iter()
            .zip(empty)
            .filter(|(_, e)| *e)
            .map(|(t, _)| t)
            .collect();
        assert!(grammar.is_empty(), "{grammar:?}");
        // and the check can fail
        assert_eq!(
            search_index::index::phrases_without_words(&["どうしたらいいの", "借金"])
                .expect("IPADIC"),
            [true, false]
        );
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        let page = "entries/a/index.html";
        assert_eq!(
            resolve_link(page, "../b/index.html").as_deref(),
            Some("entries/b/index.html")
        );
        assert_eq!(
            resolve_link(page, "../../areas/x/").as_deref(),
            Some("areas/x/index.html")
        );
        assert_eq!(
            resolve_link(page, "/categories/y").as_deref(),
            Some("categories/y/index.html")
        );
        assert_eq!(resolve_link(page, "https://example.jp/"), None);
        assert_eq!(resolve_link(page, "mailto:a@b.jp"), None);
        assert_eq!(resolve_link(page, "#top"), None);
        assert_eq!(resolve_link(page, "../../").as_deref(), Some("index.html"));
    }
}
