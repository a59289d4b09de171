//! `sitemap.xml`: every HTML page but the 404 (the English ones too), with absolute URLs
//! when `base_url` is set.

use crate::lang::Lang;
use crate::taxonomy::Kind;
use crate::urls;
use crate::validate::Site;

/// The sitemap of every page. Without `base_url`, locations are root-relative
/// (`/entries/x/`): set `base_url` in site.yaml for a sitemap search engines accept.
pub fn sitemap(site: &Site) -> String {
    use std::fmt::Write;
    let base = escape(site.config.base_url.as_deref().unwrap_or(""));
    let mut pages: Vec<(String, Option<chrono::NaiveDate>)> = Vec::new();
    for lang in Lang::of_site(&site.config.languages) {
        let at = |p: String| urls::localized(lang, &p);
        pages.extend(
            urls::localized_fixed_pages(lang)
                .into_iter()
                .filter(|p| p != urls::NOT_FOUND)
                .map(|p| (at(p), None)),
        );
        pages.extend(
            site.entries
                .iter()
                .map(|e| (at(urls::entry(&e.id)), e.updated)),
        );
        for kind in Kind::ALL {
            pages.extend(
                site.taxonomy(kind)
                    .ids()
                    .map(|id| (at(urls::term(kind, id)), None)),
            );
        }
        pages.extend(site.pages.iter().map(|p| (at(urls::page(&p.slug)), None)));
    }
    pages.sort_unstable();
    let mut out = String::with_capacity(pages.len() * 80);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, updated) in &pages {
        let _ = write!(
            out,
            "  <url><loc>{base}/{}</loc>",
            escape(urls::pretty(path))
        );
        if let Some(d) = updated {
            let _ = write!(out, "<lastmod>{}</lastmod>", d.format("%Y-%m-%d"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// XML-escapes `s` (borrowed when there is nothing to escape: ids and slugs never need it).
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return s.into();
    }
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .into()
}
