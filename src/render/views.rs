//! What templates see: plain serialisable views built from the validated site.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{phone, Entry, Phone, Term};
use crate::markdown;
use crate::taxonomy::Taxonomy;
use crate::validate::{Listings, Site};

/// A link to an area or category.
#[derive(Debug, Clone, Serialize)]
pub struct Chip {
    pub id: String,
    pub name: String,
    /// Root-relative URL, e.g. `areas/amagasaki/index.html`.
    pub url: String,
}

/// A phone number ready to show: `href` is set only for dialable kinds.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneView {
    pub number: String,
    pub label: Option<String>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub href: Option<String>,
    pub ext: Option<String>,
}

/// An entry as shown in listings and search results.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCard {
    pub id: String,
    pub title: String,
    pub kana: Option<String>,
    pub summary: Option<String>,
    pub url: String,
    pub phones: Vec<PhoneView>,
    pub areas: Vec<Chip>,
    pub categories: Vec<Chip>,
    pub updated: Option<String>,
    pub updated_ja: Option<String>,
}

/// An area or category with how many entries it (and its descendants) lists.
#[derive(Debug, Clone, Serialize)]
pub struct TermNode {
    pub id: String,
    pub name: String,
    pub kana: Option<String>,
    pub url: String,
    pub count: usize,
    pub children: Vec<TermNode>,
}

/// Which taxonomy a listing belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Area,
    Category,
}

impl Kind {
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Area => "areas",
            Kind::Category => "categories",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Area => "地域",
            Kind::Category => "分類",
        }
    }
}

pub fn term_url(kind: Kind, id: &str) -> String {
    format!("{}/{id}/index.html", kind.dir())
}

pub fn entry_url(id: &str) -> String {
    format!("entries/{id}/index.html")
}

pub fn chip(kind: Kind, t: &Term) -> Chip {
    Chip {
        id: t.id.clone(),
        name: t.name.clone(),
        url: term_url(kind, &t.id),
    }
}

pub fn phone_view(p: &Phone) -> PhoneView {
    PhoneView {
        number: p.number.clone(),
        label: p.label.clone(),
        kind: match p.kind {
            crate::content::PhoneKind::Tel => "tel",
            crate::content::PhoneKind::Fax => "fax",
            crate::content::PhoneKind::Mobile => "mobile",
            crate::content::PhoneKind::Free => "free",
        },
        kind_label: p.kind.label_ja(),
        href: p.kind.dialable().then(|| phone::tel_uri(&p.dial)),
        ext: p.ext.clone(),
    }
}

/// `2026年4月1日`.
pub fn date_ja(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn chips(kind: Kind, tax: &Taxonomy, refs: &[crate::content::Ref]) -> Vec<Chip> {
    refs.iter()
        .filter_map(|r| tax.get(&r.id))
        .map(|t| chip(kind, t))
        .collect()
}

pub fn card(site: &Site, e: &Entry) -> EntryCard {
    EntryCard {
        id: e.id.clone(),
        title: e.title.clone(),
        kana: e.kana.clone(),
        summary: e.summary.clone(),
        url: entry_url(&e.id),
        phones: e.phones.iter().map(phone_view).collect(),
        areas: chips(Kind::Area, &site.areas, &e.areas),
        categories: chips(Kind::Category, &site.categories, &e.categories),
        updated: e.updated.map(|d| d.format("%Y-%m-%d").to_string()),
        updated_ja: e.updated.map(date_ja),
    }
}

/// For each area or category id, the indices of the entries listed under it or below it,
/// in 五十音順 (computed once per site).
pub fn listings(site: &Site, kind: Kind) -> &Listings {
    site.listings[kind as usize].get_or_init(|| {
        let order = gojuon_order(site);
        let tax = match kind {
            Kind::Area => &site.areas,
            Kind::Category => &site.categories,
        };
        let mut map: Listings = tax.ids().map(|id| (id.to_string(), Vec::new())).collect();
        for (i, e) in site.dir.entries.iter().enumerate() {
            let refs = match kind {
                Kind::Area => &e.areas,
                Kind::Category => &e.categories,
            };
            for r in refs {
                for t in tax.ancestors_and_self(&r.id) {
                    if let Some(list) = map.get_mut(&t.id) {
                        // Entries come in order, so a repeat (two refs under one term) is the last.
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
        }
        for list in map.values_mut() {
            list.sort_by_key(|&i| order[i]);
        }
        map
    })
}

/// Rank of each entry in 五十音順.
pub fn gojuon_order(site: &Site) -> Vec<usize> {
    let entries = &site.dir.entries;
    let mut idx: Vec<usize> = (0..entries.len()).collect();
    idx.sort_by(|&a, &b| {
        entries[a]
            .sort_key
            .cmp(&entries[b].sort_key)
            .then_with(|| entries[a].id.cmp(&entries[b].id))
    });
    let mut rank = vec![0; entries.len()];
    for (r, i) in idx.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The taxonomy as a tree of nodes with counts, starting at `roots`.
pub fn tree(
    kind: Kind,
    tax: &Taxonomy,
    roots: &[&Term],
    counts: &BTreeMap<String, Vec<usize>>,
) -> Vec<TermNode> {
    roots
        .iter()
        .map(|t| TermNode {
            id: t.id.clone(),
            name: t.name.clone(),
            kana: t.kana.clone(),
            url: term_url(kind, &t.id),
            count: counts.get(&t.id).map_or(0, Vec::len),
            children: tree(kind, tax, &tax.children(&t.id), counts),
        })
        .collect()
}

/// Each `path` as root-first chips, e.g. 尼崎市 › 立花地区.
pub fn trails(kind: Kind, tax: &Taxonomy, refs: &[crate::content::Ref]) -> Vec<Vec<Chip>> {
    refs.iter()
        .filter(|r| tax.contains(&r.id))
        .map(|r| {
            let mut t: Vec<Chip> = tax
                .ancestors_and_self(&r.id)
                .into_iter()
                .map(|t| chip(kind, t))
                .collect();
            t.reverse();
            t
        })
        .collect()
}

/// The entry's Markdown body as sanitised HTML.
pub fn body_html(e: &Entry) -> String {
    markdown::to_html(&e.body)
}
