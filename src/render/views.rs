//! What templates and the search page see: plain serialisable views built from the
//! validated site. [`EntryCard`] is the one result card, rendered by the templates'
//! `card` macro and, serialised, by the search page.

use serde::Serialize;

use crate::content::{languages, EditRequest, Entry, Phone, PhoneKind, Ref, Term};
use crate::lang::Lang;
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
    /// The title in the page's language when the entry has one (`title_en`), else as written.
    pub title: String,
    /// `ja` when an English page shows the Japanese title (its element gets `lang="ja"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_lang: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Like `title_lang`, for the summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_lang: Option<&'static str>,
    /// Root-relative URL of the entry's page.
    pub url: String,
    pub phones: Vec<PhoneView>,
    pub areas: Vec<Chip>,
    pub categories: Vec<Chip>,
    /// The opening rules as `assets/open-state.js` reads them; `None` without a schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<serde_json::Value>,
    /// What listing filters read (`data-facets`).
    pub facets: CardFacets,
}

/// The values a card can be filtered by: how to use it, languages, audiences.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CardFacets {
    #[serde(rename = "use", skip_serializing_if = "Vec::is_empty")]
    pub how_to_use: Vec<&'static str>,
    #[serde(rename = "language", skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(rename = "audience", skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
}

/// A value with its name on pages: `{key: "visit", label: "直接来所"}`.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub key: String,
    pub label: String,
}

/// The 「相談・利用のしかた」 block of an entry page; `None` fields are not shown.
#[derive(Debug, Clone, Serialize)]
pub struct HelpView {
    pub eligibility: Option<String>,
    pub fees: Option<String>,
    pub how_to_use: Vec<Label>,
    pub next_steps: Option<String>,
    pub confidential: bool,
    pub anonymous: bool,
    pub languages: Vec<Label>,
    pub accessibility: Vec<String>,
    pub access: Option<String>,
    /// Whether anything above is there (the block is left out when not).
    pub any: bool,
}

/// The opening hours of an entry page.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    pub week: Vec<crate::schedule::DayRow>,
    pub closed: Option<String>,
}

/// A つなぎ先: the card of the entry to go to, and why.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep<'a> {
    pub card: &'a EntryCard,
    pub note: Option<String>,
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

pub fn chip(kind: Kind, t: &Term, lang: Lang) -> Chip {
    Chip {
        id: t.id.clone(),
        name: t.name.clone(),
        url: urls::localized(lang, &urls::term(kind, &t.id)),
    }
}

pub fn phone_view(p: &Phone, lang: Lang) -> PhoneView {
    let kind_label = match (lang, p.kind) {
        (Lang::Ja, PhoneKind::Tel) => "電話",
        (Lang::Ja, PhoneKind::Mobile) => "携帯",
        (Lang::Ja, PhoneKind::Free) => "フリーダイヤル",
        (Lang::En, PhoneKind::Tel) => "Phone",
        (Lang::En, PhoneKind::Mobile) => "Mobile",
        (Lang::En, PhoneKind::Free) => "Toll-free",
        (_, PhoneKind::Fax) => "FAX",
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

fn chips(kind: Kind, tax: &Taxonomy, refs: &[Ref], lang: Lang) -> Vec<Chip> {
    refs.iter()
        .filter_map(|r| tax.get(&r.id))
        .map(|t| chip(kind, t, lang))
        .collect()
}

/// A text in the page's language: the English one on English pages when there is one,
/// else the Japanese one marked `ja` on English pages.
fn in_lang(
    lang: Lang,
    ja: Option<&String>,
    en: Option<&String>,
) -> (Option<String>, Option<&'static str>) {
    match (lang, en, ja) {
        (Lang::En, Some(en), _) => (Some(en.clone()), None),
        (Lang::En, None, Some(ja)) => (Some(ja.clone()), Some("ja")),
        (_, _, ja) => (ja.cloned(), None),
    }
}

/// The card of an entry on pages in `lang` (the search page's cards are the Japanese ones).
pub fn card(site: &Site, e: &Entry, lang: Lang) -> EntryCard {
    let (title, title_lang) = in_lang(lang, Some(&e.title), e.title_en.as_ref());
    let (summary, summary_lang) = in_lang(lang, e.summary.as_ref(), e.summary_en.as_ref());
    EntryCard {
        id: e.id.clone(),
        title: title.unwrap_or_default(),
        title_lang,
        kana: e.kana.clone(),
        summary,
        summary_lang,
        url: urls::localized(lang, &urls::entry(&e.id)),
        phones: e.phones.iter().map(|p| phone_view(p, lang)).collect(),
        areas: chips(Kind::Area, &site.areas, &e.areas, lang),
        categories: chips(Kind::Category, &site.categories, &e.categories, lang),
        schedule: e.schedule.browser(),
        facets: CardFacets {
            how_to_use: e.help.how_to_use.iter().map(|h| h.name()).collect(),
            languages: e.help.languages.clone(),
            audiences: e.audiences.clone(),
        },
    }
}

/// The 「相談・利用のしかた」 block.
pub fn help_view(e: &Entry, lang: Lang) -> HelpView {
    let h = &e.help;
    let how_to_use: Vec<Label> = h
        .how_to_use
        .iter()
        .map(|u| Label {
            key: u.name().into(),
            label: match lang {
                Lang::Ja => u.label(),
                Lang::En => u.label_en(),
            }
            .into(),
        })
        .collect();
    let languages: Vec<Label> = h
        .languages
        .iter()
        .map(|l| Label {
            key: l.clone(),
            label: match lang {
                Lang::Ja => languages::name_ja(l),
                Lang::En => languages::name_en(l),
            },
        })
        .collect();
    let any = h.eligibility.is_some()
        || h.fees.is_some()
        || !how_to_use.is_empty()
        || h.next_steps.is_some()
        || h.confidential
        || h.anonymous
        || !languages.is_empty()
        || !h.accessibility.is_empty()
        || h.access.is_some();
    HelpView {
        eligibility: h.eligibility.clone(),
        fees: h.fees.clone(),
        how_to_use,
        next_steps: h.next_steps.clone(),
        confidential: h.confidential,
        anonymous: h.anonymous,
        languages,
        accessibility: h.accessibility.clone(),
        access: h.access.clone(),
        any,
    }
}

/// The weekly table and closures; `None` without opening rules or closures.
pub fn schedule_view(e: &Entry, lang: Lang) -> Option<ScheduleView> {
    let s = &e.schedule;
    (s.has_rules() || !s.closed.is_empty()).then(|| ScheduleView {
        week: if s.has_rules() {
            s.week(lang)
        } else {
            Vec::new()
        },
        closed: s.closed_text(lang),
    })
}

/// The link for reporting wrong information about `e`, from site.yaml's `edit_request`.
pub fn edit_request_href(req: &EditRequest, e: &Entry) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const PATH: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let path = e.source.path.to_string_lossy().replace('\\', "/");
    match req {
        EditRequest::Url(template) => template
            .replace("{id}", &utf8_percent_encode(&e.id, PATH).to_string())
            .replace("{path}", &utf8_percent_encode(&path, PATH).to_string()),
        EditRequest::Mail(address) => {
            let subject = format!("情報の修正: {}（{}）", e.title, e.id);
            let body = format!(
                "ページ: {}\nファイル: {path}\n\n誤っている内容と正しい内容：\n",
                urls::entry(&e.id)
            );
            let q = if address.contains('?') { '&' } else { '?' };
            format!(
                "mailto:{}{q}subject={}&body={}",
                address.replace("{id}", &e.id).replace("{path}", &path),
                utf8_percent_encode(&subject, NON_ALPHANUMERIC),
                utf8_percent_encode(&body, NON_ALPHANUMERIC)
            )
        }
    }
}

/// The taxonomy as a tree of nodes with counts, starting at `roots`.
pub fn tree(
    kind: Kind,
    tax: &Taxonomy,
    roots: &[&Term],
    listings: &Listings,
    lang: Lang,
) -> Vec<TermNode> {
    roots
        .iter()
        .map(|t| TermNode {
            id: t.id.clone(),
            name: t.name.clone(),
            kana: t.kana.clone(),
            url: urls::localized(lang, &urls::term(kind, &t.id)),
            count: listings.get(kind, &t.id).len(),
            children: tree(kind, tax, &tax.children(&t.id), listings, lang),
        })
        .collect()
}

/// Each reference as root-first chips, e.g. 尼崎市 › 立花地区.
pub fn trails(kind: Kind, tax: &Taxonomy, refs: &[Ref], lang: Lang) -> Vec<Vec<Chip>> {
    refs.iter()
        .filter(|r| tax.contains(&r.id))
        .map(|r| {
            let mut t: Vec<Chip> = tax
                .ancestors_and_self(&r.id)
                .into_iter()
                .map(|t| chip(kind, t, lang))
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

/// The names of the listing filters' values, in the order shown: `{"use": [["visit",
/// "直接来所"], …], "language": [["ja", "日本語"], …]}` (audiences are shown as written).
pub fn filter_labels(site: &Site, lang: Lang) -> serde_json::Value {
    let uses: Vec<(&str, &str)> = crate::content::HowToUse::ALL
        .iter()
        .map(|u| {
            let label = match lang {
                Lang::Ja => u.label(),
                Lang::En => u.label_en(),
            };
            (u.name(), label)
        })
        .collect();
    let mut langs: Vec<(String, String)> = Vec::new();
    for e in &site.entries {
        for l in &e.help.languages {
            if !langs.iter().any(|(t, _)| t == l) {
                let name = match lang {
                    Lang::Ja => languages::name_ja(l),
                    Lang::En => languages::name_en(l),
                };
                langs.push((l.clone(), name));
            }
        }
    }
    serde_json::json!({"use": uses, "language": langs})
}
