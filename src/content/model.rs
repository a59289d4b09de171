//! The loaded directory: plain data that later stages read and never mutate.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostics::Pos;
pub use crate::schedule::Schedule;

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
    /// Where `theme:` is written in `site.yaml` (for a theme that does not exist).
    pub theme_at: Option<Pos>,
    pub description: Option<String>,
    /// Extension: open every page in kiosk mode (large type, idle reset).
    pub kiosk: bool,
    /// Version 2: where readers report wrong information (URL template or `mailto:`).
    pub edit_request: Option<EditRequest>,
    /// Version 2: the page languages, `ja` first; `en` adds English pages under `/en/`.
    pub languages: Vec<String>,
}

/// `edit_request` in site.yaml: a URL template with `{id}` and `{path}`, or an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EditRequest {
    Url(String),
    Mail(String),
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
    /// Areas only (version 2): entries where a resident of this area should start when
    /// unsure (迷ったら、まずここへ).
    pub first_contact: Vec<Ref>,
    #[serde(skip)]
    pub source: Source,
}

/// A reference by id (to an area, a category or an entry), with where it was written.
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
    /// Version 2: who may use it, what it costs, how to reach it.
    pub help: Help,
    /// Version 2: opening rules and closures (`schedule`, `closed`).
    pub schedule: Schedule,
    /// Version 2: the programme or network this entry belongs to.
    pub part_of: Option<Ref>,
    /// Version 2: つなぎ先, where to go next.
    pub see_also: Vec<SeeAlso>,
    pub title_en: Option<String>,
    pub summary_en: Option<String>,
    /// The summary in やさしい日本語.
    pub easy_summary: Option<String>,
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

/// How a resident gets help from an entry (version 2 fields); all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Help {
    /// 対象・条件 as written.
    pub eligibility: Option<String>,
    /// 利用料金.
    pub fees: Option<String>,
    pub how_to_use: Vec<HowToUse>,
    /// What to do first.
    pub next_steps: Option<String>,
    /// 秘密厳守.
    pub confidential: bool,
    /// 匿名で相談できる.
    pub anonymous: bool,
    /// BCP 47 tags ([`super::languages`]).
    pub languages: Vec<String>,
    /// `車いす可`, `駐車場あり` …
    pub accessibility: Vec<String>,
    /// 交通.
    pub access: Option<String>,
}

/// How a resident reaches an entry (`how_to_use`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HowToUse {
    Visit,
    Phone,
    Appointment,
    Referral,
    Online,
    Outreach,
}

impl HowToUse {
    pub const ALL: [HowToUse; 6] = [
        HowToUse::Visit,
        HowToUse::Phone,
        HowToUse::Appointment,
        HowToUse::Referral,
        HowToUse::Online,
        HowToUse::Outreach,
    ];

    /// The name written in content.
    pub fn name(self) -> &'static str {
        [
            "visit",
            "phone",
            "appointment",
            "referral",
            "online",
            "outreach",
        ][self as usize]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.name() == s)
    }

    /// What Japanese pages call it.
    pub fn label(self) -> &'static str {
        [
            "直接来所",
            "電話",
            "予約制",
            "支援機関を通して",
            "オンライン・メール",
            "訪問",
        ][self as usize]
    }

    /// What English pages call it.
    pub fn label_en(self) -> &'static str {
        [
            "Walk in",
            "By phone",
            "By appointment",
            "Through a support agency",
            "Online or email",
            "Home visits",
        ][self as usize]
    }
}

/// A つなぎ先: another entry to go to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeeAlso {
    pub id: Ref,
    pub note: Option<String>,
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
