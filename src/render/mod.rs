//! Stage 3, render: the validated site to HTML pages, assets and `sitemap.xml`.

pub mod csp;
pub mod listing;
pub mod qr;
pub mod sitemap;
pub mod theme;
pub mod views;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use chrono::Datelike;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::content::Entry;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::markdown;
use crate::output::Files;
use crate::taxonomy::{Kind, Taxonomy};
use crate::urls;
use crate::validate::Site;
use listing::Listings;
use theme::Theme;
use views::{card, chip, trails, tree, EntryCard, NextStep, TermNode};

/// How many entries the home page lists as recently checked.
const RECENT: usize = 10;

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

/// Pages rendered at a time: memory stays bounded by a batch, whatever the site's size.
/// (A listing page of 200 cards is some 250 kB: a batch of them is 60 MB.)
const BATCH: usize = 256;

/// Renders every page of `site` with the theme found under `root`, handing them to `sink`
/// a batch at a time (theme assets, the holiday table and the sitemap in the last one).
/// `None` when a page failed (the errors are in `diags`; `sink` may have had batches).
pub fn render(
    site: &Site,
    root: &Path,
    diags: &mut Diagnostics,
    sink: &mut dyn FnMut(Files),
) -> Option<()> {
    let theme = Theme::load(root, &site.config, diags);
    if diags.has_errors() {
        // A theme that is missing or unreadable: nothing is rendered with half of it.
        return None;
    }
    let tera = theme.tera(diags)?;
    render_into(
        site,
        &Listings::new(site),
        &theme,
        &tera,
        &Selection::All,
        diags,
        sink,
    )
}

/// Renders the selected pages; with [`Selection::All`] also the theme's assets.
pub fn render_pages(
    site: &Site,
    listings: &Listings,
    theme: &Theme,
    tera: &tera::Tera,
    selection: &Selection,
    diags: &mut Diagnostics,
) -> Option<Files> {
    let mut files = Files::default();
    render_into(
        site,
        listings,
        theme,
        tera,
        selection,
        diags,
        &mut |batch| files.extend(batch),
    )?;
    Some(files)
}

/// [`render_pages`], a batch at a time.
fn render_into(
    site: &Site,
    listings: &Listings,
    theme: &Theme,
    tera: &tera::Tera,
    selection: &Selection,
    diags: &mut Diagnostics,
    sink: &mut dyn FnMut(Files),
) -> Option<()> {
    let mut errors = Vec::new();
    let year = crate::validate::today().year();
    for lang in Lang::of_site(&site.config.languages) {
        let mut r = Renderer::new(site, listings, theme, tera, lang, year);
        render_language(&mut r, selection, sink, &mut errors);
    }
    if !errors.is_empty() {
        errors.into_iter().for_each(|d| diags.push(d));
        return None;
    }
    let mut files = Files::default();
    if *selection == Selection::All {
        for (name, bytes) in &theme.assets {
            files.insert(urls::asset(name), bytes.clone());
        }
        files.insert(urls::HOLIDAYS, holidays_js(year).into_bytes());
    }
    files.insert(urls::SITEMAP, sitemap::sitemap(site).into_bytes());
    sink(files);
    Some(())
}

/// Renders the selected pages in one language.
fn render_language(
    r: &mut Renderer,
    selection: &Selection,
    sink: &mut dyn FnMut(Files),
    errors: &mut Vec<Diagnostic>,
) {
    let (site, listings) = (r.site, r.listings);
    let mut jobs: Vec<Job> = urls::localized_fixed_pages(r.lang)
        .into_iter()
        .map(Job::Fixed)
        .collect();
    match selection {
        Selection::All => {
            jobs.extend((0..site.entries.len()).map(Job::Entry));
            for kind in Kind::ALL {
                for id in site.taxonomy(kind).ids() {
                    let pages = urls::page_count(listings.get(kind, id).len());
                    jobs.extend((1..=pages).map(|n| Job::Listing(kind, id.to_string(), n)));
                }
            }
            jobs.extend((0..site.pages.len()).map(Job::Page));
        }
        Selection::Some {
            entries,
            listing_pages,
        } => {
            jobs.extend(
                site.entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| entries.contains(&e.id))
                    .map(|(i, _)| Job::Entry(i)),
            );
            for (kind, id, page) in listing_pages {
                let pages = urls::page_count(listings.get(*kind, id).len());
                if site.taxonomy(*kind).contains(id) && *page <= pages {
                    jobs.push(Job::Listing(*kind, id.clone(), *page));
                }
            }
        }
    }

    for batch in jobs.chunks(BATCH) {
        let rendered: Vec<Result<(String, String), Diagnostic>> =
            batch.par_iter().map(|job| r.render(job)).collect();
        r.forget_cards();
        let mut files = Files::default();
        for result in rendered {
            match result {
                Ok((path, html)) => files.insert(path, html.into_bytes()),
                Err(d) => errors.push(d),
            }
        }
        sink(files);
    }
}

/// An area's 迷ったら、まずここへ: the area that names them, and their cards.
#[derive(Serialize)]
struct FirstContact<'a> {
    area: views::Chip,
    entries: Vec<&'a EntryCard>,
}

/// A section of an area page for one of its ancestor areas.
#[derive(Serialize)]
struct AreaSection<'a> {
    area: views::Chip,
    /// How many entries are listed at the ancestor itself (the section shows at most a page).
    total: usize,
    entries: Vec<&'a EntryCard>,
}

enum Job {
    /// One of [`urls::fixed_pages`].
    Fixed(String),
    /// A listing page: kind, id, 1-based page number.
    Listing(Kind, String, usize),
    Entry(usize),
    Page(usize),
}

struct Renderer<'a> {
    site: &'a Site,
    listings: &'a Listings,
    theme: &'a Theme,
    tera: &'a tera::Tera,
    /// Built on first use and dropped after each batch ([`Renderer::forget_cards`]): an
    /// entry's card is shown on many listing pages, but holding all of them would make
    /// memory grow with the site (some 300 MB at 100,000 entries).
    cards: Vec<OnceLock<Box<EntryCard>>>,
    /// The build's year (closures in schema.org).
    year: i32,
    /// [`views::filter_labels`].
    filter_labels: serde_json::Value,
    /// The language of the pages rendered.
    lang: Lang,
    /// The theme's words in that language (`t` in templates).
    strings: serde_json::Value,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        listings: &'a Listings,
        theme: &'a Theme,
        tera: &'a tera::Tera,
        lang: Lang,
        year: i32,
    ) -> Self {
        let cards = site.entries.iter().map(|_| OnceLock::new()).collect();
        Renderer {
            site,
            listings,
            theme,
            tera,
            cards,
            year,
            filter_labels: views::filter_labels(site, lang),
            lang,
            strings: theme.strings(lang.code()),
        }
    }

    fn card(&self, i: usize) -> &EntryCard {
        self.cards[i].get_or_init(|| Box::new(card(self.site, &self.site.entries[i], self.lang)))
    }

    /// A page's path in this renderer's language.
    fn url(&self, path: &str) -> String {
        urls::localized(self.lang, path)
    }

    fn chip(&self, kind: Kind, t: &crate::content::Term) -> views::Chip {
        chip(kind, t, self.lang)
    }

    /// Drops the cards made so far (between batches).
    fn forget_cards(&mut self) {
        for c in &mut self.cards {
            c.take();
        }
    }

    fn cards_of(&self, entries: &[usize]) -> Vec<&EntryCard> {
        entries.iter().map(|&i| self.card(i)).collect()
    }

    /// Every area's `first_contact`, in file order (the home page's 迷ったら、まずここへ).
    fn all_first_contacts(&self) -> Vec<FirstContact<'_>> {
        self.site
            .areas
            .terms
            .iter()
            .filter(|t| !t.first_contact.is_empty())
            .map(|t| FirstContact {
                area: self.chip(Kind::Area, t),
                entries: self.cards_of(
                    &t.first_contact
                        .iter()
                        .filter_map(|r| self.listings.entry(&r.id))
                        .collect::<Vec<_>>(),
                ),
            })
            .collect()
    }

    /// The whole area or category tree, with counts.
    fn tree(&self, kind: Kind) -> Vec<TermNode> {
        let tax = self.site.taxonomy(kind);
        tree(kind, tax, &tax.roots(), self.listings, self.lang)
    }

    /// What every template sees, for the page at `path` (its Japanese path).
    fn context(&self, path: &str) -> tera::Context {
        let c = &self.site.config;
        let local = self.url(path);
        let root = urls::root_of(&local);
        let mut ctx = tera::Context::new();
        ctx.insert("csp", &csp::policy(&local));
        ctx.insert("lang", self.lang.code());
        ctx.insert("t", &self.strings);
        // On English pages, Japanese text is marked as such.
        ctx.insert(
            "ja",
            if self.lang == Lang::Ja {
                ""
            } else {
                " lang=\"ja\""
            },
        );
        // Links to pages go through `home` (the language's folder); assets through `root`.
        ctx.insert("home", &format!("{root}{}", self.url("")));
        let other = match self.lang {
            Lang::Ja if c.languages.iter().any(|l| l == "en") => {
                let en = if urls::localized_fixed_pages(Lang::En)
                    .iter()
                    .any(|p| p == path)
                    || !urls::fixed_pages().iter().any(|p| p == path)
                {
                    urls::localized(Lang::En, path)
                } else {
                    urls::localized(Lang::En, urls::HOME)
                };
                Some(json!({"lang": "en", "url": format!("{root}{en}")}))
            }
            Lang::En => Some(json!({"lang": "ja", "url": format!("{root}{path}")})),
            Lang::Ja => None,
        };
        ctx.insert("other_language", &other);
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
        ctx.insert("root", &root);
        ctx.insert("path", &local);
        ctx.insert(
            "pages",
            &self
                .site
                .pages
                .iter()
                .map(|p| json!({"title": p.title, "url": self.url(&urls::page(&p.slug))}))
                .collect::<Vec<_>>(),
        );
        ctx
    }

    fn render(&self, job: &Job) -> Result<(String, String), Diagnostic> {
        let (path, template, ctx) = match job {
            Job::Fixed(path) => {
                let (template, ctx) = self.fixed_page(path);
                (path.clone(), template, ctx)
            }
            Job::Listing(kind, id, n) => self.listing_page(*kind, id, *n),
            Job::Entry(i) => self.entry_page(*i),
            Job::Page(i) => {
                let page = &self.site.pages[*i];
                let path = urls::page(&page.slug);
                let mut ctx = self.context(&path);
                ctx.insert(
                    "page",
                    &json!({"title": page.title, "body_html": markdown::to_html(&page.body)}),
                );
                (path, "page.html", ctx)
            }
        };
        let path = self.url(&path);
        self.tera
            .render(template, &ctx)
            .map(|html| (path.clone(), html))
            .map_err(|e| {
                self.theme
                    .error(template, &format!("rendering {path} failed"), &e)
            })
    }

    /// The template and context of one of [`urls::fixed_pages`].
    fn fixed_page(&self, path: &str) -> (&'static str, tera::Context) {
        let mut ctx = self.context(path);
        if path == urls::HOME {
            ctx.insert("categories", &self.tree(Kind::Category));
            ctx.insert("areas", &self.tree(Kind::Area));
            ctx.insert("recent", &self.recent());
            ctx.insert("first_contacts", &self.all_first_contacts());
            ctx.insert("entry_count", &self.cards.len());
            ("index.html", ctx)
        } else if path == urls::SEARCH {
            ctx.insert("categories", &self.tree(Kind::Category));
            ctx.insert("areas", &self.tree(Kind::Area));
            ("search.html", ctx)
        } else if path == urls::NOT_FOUND {
            // Served at any depth, so links are root-relative: `/` or base_url's own path.
            let root = match self
                .site
                .config
                .base_url
                .as_deref()
                .and_then(|b| url::Url::parse(b).ok())
            {
                Some(u) => format!("{}/", u.path().trim_end_matches('/')),
                None => "/".to_string(),
            };
            let mut ctx = self.context(path);
            ctx.insert("root", &root);
            ctx.insert("home", &root);
            ("404.html", ctx)
        } else {
            let kind = Kind::ALL
                .into_iter()
                .find(|&k| urls::term_index(k) == path)
                .expect("every fixed page has a template");
            ctx.insert("kind", urls::kind_dir(kind));
            ctx.insert("kind_label", self.kind_label(kind));
            ctx.insert("terms", &self.tree(kind));
            ("terms.html", ctx)
        }
    }

    fn recent(&self) -> Vec<&EntryCard> {
        let entries = &self.site.entries;
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

    fn listing_page(
        &self,
        kind: Kind,
        id: &str,
        page: usize,
    ) -> (String, &'static str, tera::Context) {
        let tax: &Taxonomy = self.site.taxonomy(kind);
        let term = tax.get(id).expect("listed ids exist");
        let path = urls::listing_page(kind, id, page);
        let mut ctx = self.context(&path);
        let mut trail: Vec<_> = tax
            .ancestors_and_self(id)
            .into_iter()
            .map(|t| self.chip(kind, t))
            .collect();
        trail.reverse();
        let all = self.listings.get(kind, id);
        let pages = urls::page_count(all.len());
        let entries: Vec<&EntryCard> = all
            .iter()
            .skip((page - 1) * urls::PAGE_SIZE)
            .take(urls::PAGE_SIZE)
            .map(|&i| self.card(i))
            .collect();
        let links: Vec<_> = listing::page_links(page, pages)
            .into_iter()
            .map(|n| match n {
                Some(n) => json!({"n": n, "url": self.url(&urls::listing_page(kind, id, n)), "current": n == page}),
                None => json!({"gap": true}),
            })
            .collect();
        ctx.insert(
            "pagination",
            &json!({
                "page": page,
                "pages": pages,
                "total": all.len(),
                "first": (page - 1) * urls::PAGE_SIZE + 1,
                "last": ((page - 1) * urls::PAGE_SIZE + entries.len()),
                "prev": (page > 1).then(|| self.url(&urls::listing_page(kind, id, page - 1))),
                "next": (page < pages).then(|| self.url(&urls::listing_page(kind, id, page + 1))),
                "links": links,
            }),
        );
        let children: Vec<TermNode> = tree(kind, tax, &tax.children(id), self.listings, self.lang);
        ctx.insert("kind", urls::kind_dir(kind));
        ctx.insert("kind_label", self.kind_label(kind));
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
        ctx.insert("filter_labels", &self.filter_labels);
        if kind == Kind::Area && page == 1 {
            let first_contact =
                self.listings
                    .first_contact(self.site, id)
                    .map(|(area, entries)| FirstContact {
                        area: self.chip(Kind::Area, area),
                        entries: self.cards_of(&entries),
                    });
            ctx.insert("first_contact", &first_contact);
            ctx.insert("ancestor_sections", &self.ancestor_sections(id, all));
        }
        (path, "listing.html", ctx)
    }

    /// 地域 / 分類, or Areas / Categories.
    fn kind_label(&self, kind: Kind) -> &'static str {
        match (self.lang, kind) {
            (Lang::Ja, _) => kind.label(),
            (Lang::En, Kind::Area) => "Areas",
            (Lang::En, Kind::Category) => "Categories",
        }
    }

    /// On an area's page, after its own entries: per ancestor area (nearest first), the
    /// entries listed at that area itself, which serve this area too.
    fn ancestor_sections(&self, id: &str, own: &[usize]) -> Vec<AreaSection<'_>> {
        let own: std::collections::HashSet<usize> = own.iter().copied().collect();
        self.site
            .areas
            .ancestors_and_self(id)
            .into_iter()
            .skip(1)
            .filter_map(|t| {
                let at: Vec<usize> = self
                    .listings
                    .at_area(self.site, &t.id)
                    .into_iter()
                    .filter(|i| !own.contains(i))
                    .collect();
                (!at.is_empty()).then(|| AreaSection {
                    area: self.chip(Kind::Area, t),
                    total: at.len(),
                    entries: self.cards_of(&at[..at.len().min(urls::PAGE_SIZE)]),
                })
            })
            .collect()
    }

    fn entry_page(&self, i: usize) -> (String, &'static str, tera::Context) {
        let e = &self.site.entries[i];
        let path = urls::entry(&e.id);
        let mut ctx = self.context(&path);
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
                "title_ja": e.title,
                "organization": e.organization,
                "address": e.address,
                "postal_code": e.postal_code,
                "hours": e.hours,
                "url": e.url,
                "email": e.email,
                "audiences": e.audiences,
                "tags": e.tags,
                "updated": e.updated.map(|d| d.format("%Y-%m-%d").to_string()),
                "updated_text": e.updated.map(|d| crate::schedule::date_in(self.lang, d)),
                "map_url": map_url,
                "body_html": views::body_html(e),
                "area_trails": trails(Kind::Area, &self.site.areas, &e.areas, self.lang),
                "category_trails": trails(Kind::Category, &self.site.categories, &e.categories, self.lang),
            }),
        );
        ctx.insert("help", &views::help_view(e, self.lang));
        ctx.insert("schedule", &views::schedule_view(e, self.lang));
        ctx.insert(
            "english",
            &json!({"title": e.title_en, "summary": e.summary_en}),
        );
        ctx.insert("easy_summary", &e.easy_summary);
        let connections: Vec<NextStep> = e
            .see_also
            .iter()
            .filter_map(|s| {
                let i = self.listings.entry(&s.id.id)?;
                Some(NextStep {
                    card: self.card(i),
                    note: s.note.clone(),
                })
            })
            .collect();
        ctx.insert("connections", &connections);
        let programme = e
            .part_of
            .as_ref()
            .and_then(|p| self.listings.entry(&p.id))
            .map(|i| self.card(i));
        ctx.insert("programme", &programme);
        ctx.insert("members", &self.cards_of(self.listings.members(&e.id)));
        let mut first_contacts: Vec<FirstContact> = Vec::new();
        for r in &e.areas {
            if let Some((area, entries)) = self.listings.first_contact(self.site, &r.id) {
                if first_contacts.iter().any(|f| f.area.id == area.id) {
                    continue;
                }
                let entries: Vec<usize> = entries.into_iter().filter(|&j| j != i).collect();
                if !entries.is_empty() {
                    first_contacts.push(FirstContact {
                        area: self.chip(Kind::Area, area),
                        entries: self.cards_of(&entries),
                    });
                }
            }
        }
        ctx.insert("first_contacts", &first_contacts);
        ctx.insert(
            "edit_request",
            &self
                .site
                .config
                .edit_request
                .as_ref()
                .map(|r| views::edit_request_href(r, e)),
        );
        let base_url = self.site.config.base_url.as_deref();
        ctx.insert("json_ld", &json_ld(e, base_url, self.year));
        let page_url = base_url.map(|b| format!("{b}/{}", urls::pretty(&path)));
        ctx.insert("page_url", &page_url);
        ctx.insert("qr_svg", &page_url.as_deref().and_then(qr::svg));
        (path, "entry.html", ctx)
    }
}

/// `assets/holidays.js`: the holiday table `assets/open-state.js` reads, for the build
/// year −1 to +5 ([`crate::schedule::holidays`]).
fn holidays_js(year: i32) -> String {
    let (from, to) = crate::schedule::holidays::years_for(year);
    let table: serde_json::Map<String, serde_json::Value> =
        crate::schedule::holidays::table(from, to)
            .into_iter()
            .map(|(d, name)| (d.format("%Y-%m-%d").to_string(), json!(name)))
            .collect();
    format!(
        "// 国民の祝日・振替休日・国民の休日, {from}–{to}: written by tsunagu from the Act on National Holidays.\nwindow.TSUNAGU_HOLIDAYS = {};\n",
        serde_json::Value::Object(table)
    )
}

/// schema.org JSON-LD for an entry, safe to embed in a `<script>` element.
fn json_ld(e: &Entry, base_url: Option<&str>, year: i32) -> String {
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
    // Free-text `hours` never goes into `openingHours`: machines would misread it.
    let (regular, special) = e.schedule.schema_org(year);
    if !regular.is_empty() {
        obj.insert("openingHoursSpecification".into(), json!(regular));
    }
    if !special.is_empty() {
        obj.insert("specialOpeningHoursSpecification".into(), json!(special));
    }
    if let Some(u) = &e.url {
        obj.insert("url".into(), json!(u));
    } else if let Some(b) = base_url {
        obj.insert(
            "url".into(),
            json!(format!("{b}/{}", urls::pretty(&urls::entry(&e.id)))),
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
