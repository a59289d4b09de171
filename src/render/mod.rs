//! Stage 3, render: the validated site to HTML pages, assets and `sitemap.xml`.

pub mod qr;
pub mod sitemap;
pub mod theme;
pub mod views;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output::Files;
use crate::validate::{Listings, Site};
use theme::Theme;
use views::{card, chip, listings, trails, tree, EntryCard, Kind, TermNode};

/// How many entries the home page lists as recently checked.
const RECENT: usize = 10;

/// Entries per listing page. Page 1 is `<kind>/<id>/index.html`, page n is
/// `<kind>/<id>/page/<n>/index.html`.
pub const PAGE_SIZE: usize = 200;

/// The output path of page `n` (1-based) of a listing.
pub fn listing_page_url(kind: Kind, id: &str, n: usize) -> String {
    if n <= 1 {
        views::term_url(kind, id)
    } else {
        format!("{}/{id}/page/{n}/index.html", kind.dir())
    }
}

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
    kiosk: bool,
}

/// Which pages to render: everything, or (for `serve`'s incremental rebuilds) the pages of
/// some entries and listings plus the pages that summarise the whole site.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Selection {
    #[default]
    All,
    Some {
        entries: BTreeSet<String>,
        /// Listing pages: kind, id and 1-based page number.
        listing_pages: BTreeSet<(Kind, String, usize)>,
    },
}

/// Renders every page of `site` with the theme found under `root`.
pub fn render(site: &Site, root: &Path, diags: &mut Diagnostics) -> Option<Files> {
    let theme = Theme::load(root, site.dir.config.theme.as_deref(), diags);
    let tera = theme.tera(diags)?;
    render_pages(site, &theme, &tera, &Selection::All, diags)
}

/// Renders the selected pages; with [`Selection::All`] also the theme's assets.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    selection: &Selection,
    diags: &mut Diagnostics,
) -> Option<Files> {
    let r = Renderer::new(site, tera);
    let mut files = Files::default();
    let mut errors = Vec::new();

    let mut jobs: Vec<Job> = vec![
        Job::Home,
        Job::TermIndex(Kind::Area),
        Job::TermIndex(Kind::Category),
        Job::Search,
        Job::NotFound,
    ];
    match selection {
        Selection::All => {
            jobs.extend((0..site.dir.entries.len()).map(Job::Entry));
            for kind in [Kind::Area, Kind::Category] {
                jobs.extend(r.taxonomy(kind).ids().flat_map(|id| r.term_jobs(kind, id)));
            }
            jobs.extend((0..site.dir.pages.len()).map(Job::Page));
        }
        Selection::Some {
            entries,
            listing_pages,
        } => {
            jobs.extend(
                site.dir
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| entries.contains(&e.id))
                    .map(|(i, _)| Job::Entry(i)),
            );
            for (kind, id, page) in listing_pages {
                if r.taxonomy(*kind).contains(id) && *page <= r.page_count(*kind, id) {
                    jobs.push(Job::Term(*kind, id.clone(), *page));
                }
            }
        }
    }

    let rendered: Vec<Result<(String, String), Diagnostic>> =
        jobs.par_iter().map(|job| r.render(job)).collect();
    for result in rendered {
        match result {
            Ok((path, html)) => files.insert(path, html.into_bytes()),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        errors.into_iter().for_each(|d| diags.push(d));
        return None;
    }
    if *selection == Selection::All {
        for (name, bytes) in &theme.assets {
            files.insert(format!("assets/{name}"), bytes.clone());
        }
    }
    files.insert("sitemap.xml", sitemap::sitemap(site).into_bytes());
    Some(files)
}

enum Job {
    Home,
    TermIndex(Kind),
    /// A listing page: kind, id, 1-based page number.
    Term(Kind, String, usize),
    Entry(usize),
    Page(usize),
    Search,
    NotFound,
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a tera::Tera,
    /// Built on first use: an incremental rebuild needs only the cards it shows.
    cards: Vec<OnceLock<EntryCard>>,
    areas: &'a Listings,
    categories: &'a Listings,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, tera: &'a tera::Tera) -> Self {
        let cards = site.dir.entries.iter().map(|_| OnceLock::new()).collect();
        Renderer {
            site,
            tera,
            cards,
            areas: listings(site, Kind::Area),
            categories: listings(site, Kind::Category),
        }
    }

    fn card(&self, i: usize) -> &EntryCard {
        self.cards[i].get_or_init(|| card(self.site, &self.site.dir.entries[i]))
    }

    fn listing(&self, kind: Kind) -> &'a Listings {
        match kind {
            Kind::Area => self.areas,
            Kind::Category => self.categories,
        }
    }

    /// The whole area or category tree, with counts.
    fn tree(&self, kind: Kind) -> Vec<TermNode> {
        let tax = self.taxonomy(kind);
        tree(kind, tax, &tax.roots(), self.listing(kind))
    }

    fn taxonomy(&self, kind: Kind) -> &crate::taxonomy::Taxonomy {
        match kind {
            Kind::Area => &self.site.areas,
            Kind::Category => &self.site.categories,
        }
    }

    fn context(&self, root: &str, path: &str) -> tera::Context {
        let c = &self.site.dir.config;
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &c.title,
                description: c.description.as_deref(),
                language: &c.language,
                base_url: c.base_url.as_deref(),
                kiosk: c.kiosk,
            },
        );
        ctx.insert("root", root);
        ctx.insert("path", path);
        ctx.insert(
            "pages",
            &self
                .site
                .dir
                .pages
                .iter()
                .map(|p| json!({"title": p.title, "url": format!("pages/{}/index.html", p.slug)}))
                .collect::<Vec<_>>(),
        );
        ctx
    }

    fn render(&self, job: &Job) -> Result<(String, String), Diagnostic> {
        let (path, template, ctx) = match job {
            Job::Home => {
                let mut ctx = self.context("./", "index.html");
                ctx.insert("categories", &self.tree(Kind::Category));
                ctx.insert("areas", &self.tree(Kind::Area));
                ctx.insert("recent", &self.recent());
                ctx.insert("entry_count", &self.cards.len());
                ("index.html".to_string(), "index.html", ctx)
            }
            Job::TermIndex(kind) => {
                let path = format!("{}/index.html", kind.dir());
                let mut ctx = self.context("../", &path);
                ctx.insert("kind", kind.dir());
                ctx.insert("kind_label", kind.label());
                ctx.insert("terms", &self.tree(*kind));
                (path, "terms.html", ctx)
            }
            Job::Term(kind, id, n) => self.term_page(*kind, id, *n),
            Job::Entry(i) => self.entry_page(*i),
            Job::Page(i) => {
                let page = &self.site.dir.pages[*i];
                let path = format!("pages/{}/index.html", page.slug);
                let root = "../".repeat(page.slug.split('/').count() + 1);
                let mut ctx = self.context(&root, &path);
                ctx.insert(
                    "page",
                    &json!({"title": page.title, "body_html": markdown::to_html(&page.body)}),
                );
                (path, "page.html", ctx)
            }
            Job::Search => {
                let mut ctx = self.context("../", "search/index.html");
                ctx.insert("categories", &self.tree(Kind::Category));
                ctx.insert("areas", &self.tree(Kind::Area));
                ("search/index.html".to_string(), "search.html", ctx)
            }
            Job::NotFound => {
                // Served at any depth, so links are root-relative: `/` or base_url's own path.
                let root = match self
                    .site
                    .dir
                    .config
                    .base_url
                    .as_deref()
                    .and_then(|b| url::Url::parse(b).ok())
                {
                    Some(u) => format!("{}/", u.path().trim_end_matches('/')),
                    None => "/".to_string(),
                };
                let ctx = self.context(&root, "404.html");
                ("404.html".to_string(), "404.html", ctx)
            }
        };
        match self.tera.render(template, &ctx) {
            Ok(html) => Ok((path, html)),
            Err(e) => Err(Diagnostic::error(
                format!("themes/templates/{template}"),
                None,
                format!("rendering {path} failed: {}", theme::error_chain(&e)),
            )),
        }
    }

    fn recent(&self) -> Vec<&EntryCard> {
        let entries = &self.site.dir.entries;
        let mut dated: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].updated.is_some())
            .collect();
        dated.sort_by(|&a, &b| {
            entries[b]
                .updated
                .cmp(&entries[a].updated)
                .then_with(|| entries[a].id.cmp(&entries[b].id))
        });
        dated
            .into_iter()
            .take(RECENT)
            .map(|i| self.card(i))
            .collect()
    }

    /// How many pages the listing of `id` has (at least one, even when empty).
    fn page_count(&self, kind: Kind, id: &str) -> usize {
        self.listing(kind)
            .get(id)
            .map_or(0, Vec::len)
            .div_ceil(PAGE_SIZE)
            .max(1)
    }

    /// The jobs for every page of a listing.
    fn term_jobs(&self, kind: Kind, id: &str) -> Vec<Job> {
        (1..=self.page_count(kind, id))
            .map(|p| Job::Term(kind, id.to_string(), p))
            .collect()
    }

    fn term_page(
        &self,
        kind: Kind,
        id: &str,
        page: usize,
    ) -> (String, &'static str, tera::Context) {
        let tax = self.taxonomy(kind);
        let term = tax.get(id).expect("listed ids exist");
        let path = listing_page_url(kind, id, page);
        let mut ctx = self.context(if page <= 1 { "../../" } else { "../../../../" }, &path);
        let mut trail: Vec<_> = tax
            .ancestors_and_self(id)
            .into_iter()
            .map(|t| chip(kind, t))
            .collect();
        trail.reverse();
        let all: &[usize] = self.listing(kind).get(id).map_or(&[], Vec::as_slice);
        let pages = all.len().div_ceil(PAGE_SIZE).max(1);
        let entries: Vec<&EntryCard> = all
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|&i| self.card(i))
            .collect();
        let links: Vec<_> = (1..=pages)
            .map(|n| json!({"n": n, "url": listing_page_url(kind, id, n), "current": n == page}))
            .collect();
        ctx.insert(
            "pagination",
            &json!({
                "page": page,
                "pages": pages,
                "total": all.len(),
                "first": (page - 1) * PAGE_SIZE + 1,
                "last": ((page - 1) * PAGE_SIZE + entries.len()),
                "prev": (page > 1).then(|| listing_page_url(kind, id, page - 1)),
                "next": (page < pages).then(|| listing_page_url(kind, id, page + 1)),
                "links": links,
            }),
        );
        let children: Vec<TermNode> = tree(kind, tax, &tax.children(id), self.listing(kind));
        ctx.insert("kind", kind.dir());
        ctx.insert("kind_label", kind.label());
        ctx.insert(
            "term",
            &json!({
                "id": term.id,
                "name": term.name,
                "kana": term.kana,
                "description_html": term.description.as_deref().map(markdown::to_html),
            }),
        );
        ctx.insert("trail", &trail);
        ctx.insert("children", &children);
        ctx.insert("entries", &entries);
        (path, "listing.html", ctx)
    }

    fn entry_page(&self, i: usize) -> (String, &'static str, tera::Context) {
        let e = &self.site.dir.entries[i];
        let path = views::entry_url(&e.id);
        let mut ctx = self.context("../../", &path);
        let map_url = e.location.map(|l| {
            format!(
                "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
                lat = l.lat,
                lon = l.lon
            )
        });
        ctx.insert("entry", self.card(i));
        ctx.insert(
            "detail",
            &json!({
                "organization": e.organization,
                "address": e.address,
                "postal_code": e.postal_code,
                "hours": e.hours,
                "url": e.url,
                "email": e.email,
                "audiences": e.audiences,
                "tags": e.tags,
                "map_url": map_url,
                "body_html": views::body_html(e),
                "area_trails": trails(Kind::Area, &self.site.areas, &e.areas),
                "category_trails": trails(Kind::Category, &self.site.categories, &e.categories),
            }),
        );
        ctx.insert(
            "json_ld",
            &json_ld(e, self.site.dir.config.base_url.as_deref()),
        );
        let page_url = self
            .site
            .dir
            .config
            .base_url
            .as_deref()
            .map(|b| format!("{b}/entries/{}/", e.id));
        ctx.insert("page_url", &page_url);
        ctx.insert("qr_svg", &page_url.as_deref().and_then(qr::svg));
        (path, "entry.html", ctx)
    }
}

/// schema.org JSON-LD for an entry, safe to embed in a `<script>` element.
fn json_ld(e: &crate::content::Entry, base_url: Option<&str>) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": e.title,
    });
    let obj = v.as_object_mut().expect("object");
    let voice: Vec<&str> = e
        .phones
        .iter()
        .filter(|p| p.kind.dialable())
        .map(|p| p.number.as_str())
        .collect();
    match voice.as_slice() {
        [] => {}
        [one] => {
            obj.insert("telephone".into(), json!(one));
        }
        many => {
            obj.insert("telephone".into(), json!(many));
        }
    }
    if let Some(fax) = e.phones.iter().find(|p| !p.kind.dialable()) {
        obj.insert("faxNumber".into(), json!(fax.number));
    }
    if let Some(a) = &e.address {
        let mut addr =
            json!({"@type": "PostalAddress", "streetAddress": a, "addressCountry": "JP"});
        if let Some(pc) = &e.postal_code {
            addr["postalCode"] = json!(pc);
        }
        obj.insert("address".into(), addr);
    }
    if let Some(h) = &e.hours {
        obj.insert("openingHours".into(), json!(h));
    }
    if let Some(u) = &e.url {
        obj.insert("url".into(), json!(u));
    } else if let Some(b) = base_url {
        obj.insert(
            "url".into(),
            json!(format!(
                "{b}/{}",
                views::entry_url(&e.id).trim_end_matches("index.html")
            )),
        );
    }
    if let Some(s) = &e.summary {
        obj.insert("description".into(), json!(s));
    }
    if let Some(o) = &e.organization {
        obj.insert(
            "parentOrganization".into(),
            json!({"@type": "Organization", "name": o}),
        );
    }
    if let Some(l) = &e.location {
        obj.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": l.lat, "longitude": l.lon}),
        );
    }
    if let Some(d) = e.updated {
        obj.insert(
            "dateModified".into(),
            json!(d.format("%Y-%m-%d").to_string()),
        );
    }
    serde_json::to_string(&v)
        .expect("json")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
