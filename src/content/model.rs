//! The loaded directory: plain data that later stages read and never mutate.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostics::Pos;

/// Where a value came from, for diagnostics that are found after loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Source {
    /// Path relative to the site root, as shown to users.
    pub path: PathBuf,
    pub pos: Pos,
}

/// Everything in `content/`, parsed and checked field by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    pub config: SiteConfig,
    pub areas: Vec<Term>,
    pub categories: Vec<Term>,
    /// Shared with `serve`'s parse cache: an unchanged file's entries are not copied.
    pub entries: Vec<Arc<Entry>>,
    pub pages: Vec<Page>,
    /// `content/synonyms.yaml`: the site's additions to the search vocabulary.
    pub synonyms: Vec<Synonym>,
}

/// One item of a search vocabulary (`content/synonyms.yaml`, or the thesaurus tsunagu
/// ships): `{words: [...]}` (all mean the same) or `{from: [...], to: [...]}` (a query
/// with a `from` phrase also finds the `to` words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub from: Vec<Phrase>,
    pub to: Vec<Phrase>,
    /// Whether it was written as a `words` group (then `from` and `to` are the same).
    pub group: bool,
    pub source: Source,
}

/// A phrase of a vocabulary item, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub pos: Pos,
}

/// `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: Option<String>,
    pub language: String,
    pub theme: Option<String>,
    pub description: Option<String>,
    /// Extension: open every page in kiosk mode (large type, idle reset).
    pub kiosk: bool,
}

/// One item of `areas.yaml` or `categories.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub kana: Option<String>,
    pub parent: Option<Ref>,
    pub description: Option<String>,
    /// Everyday words residents type for this term, searched as if every entry under it
    /// held them.
    pub keywords: Vec<String>,
    #[serde(skip)]
    pub source: Source,
}

/// A reference by id to an area or category, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub id: String,
    #[serde(skip)]
    pub pos: Pos,
}

/// One resource: a desk, a café, a farm, a support group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub kana: Option<String>,
    pub categories: Vec<Ref>,
    pub areas: Vec<Ref>,
    pub audiences: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub organization: Option<String>,
    pub phones: Vec<Phone>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub location: Option<Location>,
    pub hours: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub updated: Option<NaiveDate>,
    /// Markdown source of the body.
    pub body: String,
    #[serde(skip)]
    pub source: Source,
    /// Links in the body, found once at load (for the broken-link check).
    #[serde(skip)]
    pub links: Vec<BodyLink>,
    /// 五十音順 key of `kana` (or `title`), computed once at load.
    #[serde(skip)]
    pub sort_key: crate::collate::SortKey,
    /// [`crate::collate::title_key`] of `title` (duplicate detection), computed once at load.
    #[serde(skip)]
    pub title_key: String,
}

/// A link in a Markdown body: its destination, and the line of the file it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub dest: String,
    pub line: usize,
}

/// Links of a Markdown `body` whose first line is line `first_line` of its file.
pub fn body_links(body: &str, first_line: usize) -> Vec<BodyLink> {
    crate::markdown::links(body)
        .into_iter()
        .map(|(dest, line)| BodyLink {
            dest,
            line: first_line + line - 1,
        })
        .collect()
}

/// A phone number as written, with its parsed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone {
    /// As written, shown as is.
    pub number: String,
    /// The number read once ([`search_index::phone`]): links, search and duplicate checks
    /// use this.
    #[serde(skip)]
    pub parsed: search_index::phone::PhoneNumber,
    pub label: Option<String>,
    pub kind: PhoneKind,
    pub ext: Option<String>,
    #[serde(skip)]
    pub pos: Pos,
}

/// What a phone number is for; only voice numbers get `tel:` links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneKind {
    Tel,
    Fax,
    Mobile,
    Free,
}

impl PhoneKind {
    pub const NAMES: [&'static str; 4] = ["tel", "fax", "mobile", "free"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "tel" => PhoneKind::Tel,
            "fax" => PhoneKind::Fax,
            "mobile" => PhoneKind::Mobile,
            "free" => PhoneKind::Free,
            _ => return None,
        })
    }

    /// The name written in content (`tel`, `fax`, …).
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Whether a `tel:` link makes sense (a FAX number is shown but not linked).
    pub fn dialable(self) -> bool {
        self != PhoneKind::Fax
    }
}

/// A point on the map, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// A free page under `pages/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// The file's path under `pages/` without `.md`, e.g. `about` or `guide/phone`.
    pub slug: String,
    pub title: String,
    pub body: String,
    #[serde(skip)]
    pub source: Source,
    /// Links in the body, found once at load.
    #[serde(skip)]
    pub links: Vec<BodyLink>,
}
