//! Warnings coordinators need but that do not fail a build: stale entries, probable
//! duplicates, and broken internal links in Markdown bodies.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::Site;
use crate::diagnostics::{Diagnostics, Pos};
use crate::render::markdown;

/// An entry whose `updated` is older than this many days is reported as stale.
pub const STALE_DAYS: i64 = 365;

/// All warnings for `site` as of `today`.
pub fn warnings(site: &Site, today: NaiveDate) -> Diagnostics {
    let mut diags = Diagnostics::default();
    stale(site, today, &mut diags);
    duplicates(site, &mut diags);
    broken_links(site, &mut diags);
    if site.dir.config.kiosk && site.dir.config.base_url.is_none() {
        diags.warning(
            std::path::Path::new("content/site.yaml"),
            None,
            "`kiosk: true` without `base_url`: entry pages cannot show a QR code to take the page to a phone; set base_url to the published address",
        );
    }
    diags
}

fn stale(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    for e in &site.dir.entries {
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
    let mut by_phone: BTreeMap<&str, Vec<(usize, Pos)>> = BTreeMap::new();
    let mut by_title: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in site.dir.entries.iter().enumerate() {
        let mut seen = HashSet::new();
        for p in &e.phones {
            // Short national lines (189, #7119) are shared by design.
            if p.dial.len() >= 10 && seen.insert(p.dial.as_str()) {
                by_phone.entry(&p.dial).or_default().push((i, p.pos));
            }
        }
        by_title.entry(title_key(&e.title)).or_default().push(i);
    }
    let entries = &site.dir.entries;
    for (dial, list) in by_phone {
        for &(i, pos) in list.iter().skip(1) {
            let (first, _) = list[0];
            diags.warning(
                &entries[i].source.path,
                Some(pos),
                format!(
                    "phone number {dial} is also in `{}` ({}:{}): a probable duplicate entry",
                    entries[first].id,
                    entries[first].source.path.display(),
                    entries[first].source.pos.line
                ),
            );
        }
    }
    for (_, list) in by_title {
        for &i in list.iter().skip(1) {
            let first = &entries[list[0]];
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

/// Titles that differ only in width, case or spacing are the same title.
fn title_key(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    title
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every page path the site writes, for checking internal links.
fn site_paths(site: &Site) -> HashSet<String> {
    let mut paths: HashSet<String> = [
        "index.html",
        "areas/index.html",
        "categories/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    paths.extend(
        site.dir
            .entries
            .iter()
            .map(|e| format!("entries/{}/index.html", e.id)),
    );
    paths.extend(site.areas.ids().map(|id| format!("areas/{id}/index.html")));
    paths.extend(
        site.categories
            .ids()
            .map(|id| format!("categories/{id}/index.html")),
    );
    paths.extend(
        site.dir
            .pages
            .iter()
            .map(|p| format!("pages/{}/index.html", p.slug)),
    );
    paths
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
    let paths = site_paths(site);
    let check = |page: String,
                 body: &str,
                 file: &std::path::Path,
                 first_line: usize,
                 diags: &mut Diagnostics| {
        // Parsing every body is the cost of this check: most have no link at all.
        if !body.contains("](") && !body.contains("href") && !body.contains("]:") {
            return;
        }
        for (link, line) in markdown::links(body) {
            if let Some(target) = resolve_link(&page, &link) {
                let is_asset = target.starts_with("assets/") || target.starts_with("search-index/");
                if !is_asset && !paths.contains(&target) {
                    diags.warning(
                        file,
                        Some(Pos::new(first_line + line - 1, 1)),
                        format!("broken link `{link}`: no page {target} in this site"),
                    );
                }
            }
        }
    };
    for e in &site.dir.entries {
        let first = if e.source.path.extension().is_some_and(|x| x == "md") {
            e.body_line
        } else {
            e.body_line + 1
        };
        check(
            format!("entries/{}/index.html", e.id),
            &e.body,
            &e.source.path,
            first,
            diags,
        );
    }
    for p in &site.dir.pages {
        check(
            format!("pages/{}/index.html", p.slug),
            &p.body,
            &p.source.path,
            p.body_line,
            diags,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
