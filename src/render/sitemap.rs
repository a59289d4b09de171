//! `sitemap.xml`: every HTML page but the 404, with absolute URLs when `base_url` is set.

use std::collections::HashMap;

use super::views::{self, Kind};
use crate::validate::Site;

/// The sitemap of every page. Without `base_url`, locations are root-relative
/// (`/entries/x/`): set `base_url` in site.yaml for a sitemap search engines accept.
pub fn sitemap(site: &Site) -> String {
    let base = site.dir.config.base_url.as_deref().unwrap_or("");
    let updated: HashMap<&str, chrono::NaiveDate> = site
        .dir
        .entries
        .iter()
        .filter_map(|e| Some((e.id.as_str(), e.updated?)))
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut paths: Vec<String> = vec![
        "index.html".into(),
        "areas/index.html".into(),
        "categories/index.html".into(),
        "search/index.html".into(),
    ];
    paths.extend(site.dir.entries.iter().map(|e| views::entry_url(&e.id)));
    paths.extend(site.areas.ids().map(|id| views::term_url(Kind::Area, id)));
    paths.extend(
        site.categories
            .ids()
            .map(|id| views::term_url(Kind::Category, id)),
    );
    paths.extend(
        site.dir
            .pages
            .iter()
            .map(|p| format!("pages/{}/index.html", p.slug)),
    );
    paths.sort();
    for path in &paths {
        let loc = format!("{base}/{}", path.trim_end_matches("index.html"));
        out.push_str("  <url><loc>");
        out.push_str(&escape(&loc));
        out.push_str("</loc>");
        if let Some(id) = path
            .strip_prefix("entries/")
            .and_then(|p| p.strip_suffix("/index.html"))
        {
            if let Some(d) = updated.get(id) {
                out.push_str(&format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
