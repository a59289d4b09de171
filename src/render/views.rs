//! What templates and the search page see: plain serialisable views built from the
//! validated site. [`EntryCard`] is the one result card, rendered by the templates'
//! `card` macro and, serialised, by the search page.

use serde::Serialize;

use crate::content::{Entry, Phone, PhoneKind, Ref, Term};
use crate::markdown;
use crate::taxonomy::{Kind, Taxonomy};
use crate::urls;
use crate::validate::Site;

use super::listing::Listings;

/// A link to an area or category.
#[derive(Debug, Clone, Serialize)]
pub struct Chip {
    pub id: String,
    pub name: String,
    /// Root-relative URL, e.g. `areas/amagasaki/index.html`.
    pub url: String,
}

/// A phone number ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneView {
    /// As written.
    pub number: String,
    /// What to show before the number: the coordinator's label, else the kind's (電話, FAX…).
    pub label: String,
    /// `tel`, `fax`, `mobile` or `free`.
    pub kind: &'static str,
    /// The `tel:` link; only for numbers that can be called (not a FAX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    /// A note after the number: `FAX` when the label does not already say so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// An entry as shown in listings and search results.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCard {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Root-relative URL of the entry's page.
    pub url: String,
    pub phones: Vec<PhoneView>,
    pub areas: Vec<Chip>,
    pub categories: Vec<Chip>,
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

pub fn chip(kind: Kind, t: &Term) -> Chip {
    Chip {
        id: t.id.clone(),
        name: t.name.clone(),
        url: urls::term(kind, &t.id),
    }
}

pub fn phone_view(p: &Phone) -> PhoneView {
    let kind_label = match p.kind {
        PhoneKind::Tel => "電話",
        PhoneKind::Fax => "FAX",
        PhoneKind::Mobile => "携帯",
        PhoneKind::Free => "フリーダイヤル",
    };
    let fax = !p.kind.dialable();
    let labelled = p.label.as_deref().filter(|l| !l.is_empty());
    PhoneView {
        number: p.number.clone(),
        label: labelled.unwrap_or(kind_label).to_string(),
        kind: p.kind.name(),
        href: (!fax).then(|| p.parsed.tel_uri()),
        ext: p.ext.clone(),
        note: (fax && labelled.is_some_and(|l| !l.to_uppercase().contains("FAX"))).then_some("FAX"),
    }
}

/// `2026年4月1日`.
pub fn date_ja(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn chips(kind: Kind, tax: &Taxonomy, refs: &[Ref]) -> Vec<Chip> {
    refs.iter()
        .filter_map(|r| tax.get(&r.id))
        .map(|t| chip(kind, t))
        .collect()
}

/// The card of an entry.
pub fn card(site: &Site, e: &Entry) -> EntryCard {
    EntryCard {
        id: e.id.clone(),
        title: e.title.clone(),
        kana: e.kana.clone(),
        summary: e.summary.clone(),
        url: urls::entry(&e.id),
        phones: e.phones.iter().map(phone_view).collect(),
        areas: chips(Kind::Area, &site.areas, &e.areas),
        categories: chips(Kind::Category, &site.categories, &e.categories),
    }
}

/// The taxonomy as a tree of nodes with counts, starting at `roots`.
pub fn tree(kind: Kind, tax: &Taxonomy, roots: &[&Term], listings: &Listings) -> Vec<TermNode> {
    roots
        .iter()
        .map(|t| TermNode {
            id: t.id.clone(),
            name: t.name.clone(),
            kana: t.kana.clone(),
            url: urls::term(kind, &t.id),
            count: listings.get(kind, &t.id).len(),
            children: tree(kind, tax, &tax.children(&t.id), listings),
        })
        .collect()
}

/// Each reference as root-first chips, e.g. 尼崎市 › 立花地区.
pub fn trails(kind: Kind, tax: &Taxonomy, refs: &[Ref]) -> Vec<Vec<Chip>> {
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
