//! Stage 2, validate: problems that span files (references, duplicate ids, cycles), and
//! the validated [`Site`] that render and index read.

pub mod warnings;

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{Directory, Entry, Page, Ref, SiteConfig, Source, Synonym};
use crate::diagnostics::{closest, Diagnostics};
use crate::taxonomy::{Kind, Taxonomy};

/// A directory whose references all resolve (when validation found no error): plain data,
/// never changed once made. What is derived from it for output (listings, cards) belongs
/// to the stage that derives it.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub config: SiteConfig,
    pub areas: Taxonomy,
    pub categories: Taxonomy,
    /// Shared with `serve`'s parse cache: an unchanged file's entries are not copied.
    pub entries: Vec<Arc<Entry>>,
    pub pages: Vec<Page>,
    /// The site's own search vocabulary (`content/synonyms.yaml`).
    pub synonyms: Vec<Synonym>,
}

/// How many telephone lines [`Site::phone_lines`] lists at most.
pub const PHONE_LINES: usize = 30;

/// How many general consultation desks [`Site::start_here`] lists at most: a short list a
/// resident can read, whatever the size of the directory.
pub const START_HERE_GENERAL: usize = 12;

impl Site {
    pub fn taxonomy(&self, kind: Kind) -> &Taxonomy {
        match kind {
            Kind::Area => &self.areas,
            Kind::Category => &self.categories,
        }
    }

    /// Where a resident should start when unsure (shown when a search finds nothing): the
    /// `first_contact` entries of the outermost areas that name some (a city's, not each
    /// of its districts'), then, for the places no such area covers, the entries of the
    /// general consultation categories (those whose name says 総合相談, まるごと相談, and
    /// their subcategories), at most [`START_HERE_GENERAL`] of them, the widest areas'
    /// first; each once, else in file order.
    pub fn start_here(&self) -> Vec<&Entry> {
        let has_first = |id: &str| {
            self.areas
                .get(id)
                .is_some_and(|t| !t.first_contact.is_empty())
        };
        let outermost: Vec<&crate::content::Term> = self
            .areas
            .terms
            .iter()
            .filter(|t| {
                !t.first_contact.is_empty()
                    && self.areas.ancestors_and_self(&t.id)[1..]
                        .iter()
                        .all(|a| a.first_contact.is_empty())
            })
            .collect();
        let mut out: Vec<&Entry> = Vec::new();
        for t in &outermost {
            for r in &t.first_contact {
                if let Some(e) = self.entries.iter().find(|e| e.id == r.id) {
                    if !out.iter().any(|o| o.id == e.id) {
                        out.push(e);
                    }
                }
            }
        }
        let general: Vec<&str> = self
            .categories
            .terms
            .iter()
            .filter(|t| t.name.contains("総合相談"))
            .flat_map(|t| self.categories.descendants_and_self(&t.id))
            .map(|t| t.id.as_str())
            .collect();
        let mut general_entries: Vec<(usize, &Entry)> = Vec::new();
        for e in &self.entries {
            let is_general = e
                .categories
                .iter()
                .any(|c| general.contains(&c.id.as_str()));
            // A place with a first contact (its own or an ancestor's) is covered by it.
            let covered = e.areas.iter().any(|r| {
                self.areas
                    .ancestors_and_self(&r.id)
                    .iter()
                    .any(|a| has_first(&a.id))
            });
            if is_general && !covered && !out.iter().any(|o| o.id == e.id) {
                let depth = e
                    .areas
                    .iter()
                    .map(|r| self.areas.ancestors_and_self(&r.id).len())
                    .min()
                    .unwrap_or(0);
                general_entries.push((depth, e));
            }
        }
        general_entries.sort_by_key(|&(depth, _)| depth);
        out.extend(
            general_entries
                .into_iter()
                .take(START_HERE_GENERAL)
                .map(|(_, e)| e),
        );
        out
    }

    /// The entries reached by telephone (`how_to_use: [phone]`) with opening rules, the
    /// most hours a week first (24-hour lines), at most [`PHONE_LINES`]: when a search
    /// finds nothing, the page shows those open at that moment.
    pub fn phone_lines(&self) -> Vec<&Entry> {
        let mut lines: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|e| {
                e.help
                    .how_to_use
                    .contains(&crate::content::model::HowToUse::Phone)
                    && e.schedule.has_rules()
            })
            .map(|e| (e.schedule.weekly_minutes(), e.as_ref()))
            .collect();
        lines.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        lines
            .into_iter()
            .take(PHONE_LINES)
            .map(|(_, e)| e)
            .collect()
    }
}

/// Checks `dir` and returns the site with every problem found; the caller decides
/// whether errors stop the run.
pub fn validate(dir: Directory) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    duplicates(
        dir.areas.iter().map(|t| (&t.id, &t.source)),
        "area",
        &mut diags,
    );
    duplicates(
        dir.categories.iter().map(|t| (&t.id, &t.source)),
        "category",
        &mut diags,
    );
    duplicates(
        dir.entries.iter().map(|e| (&e.id, &e.source)),
        "entry",
        &mut diags,
    );

    let areas = taxonomy(dir.areas, "area", &mut diags);
    let categories = taxonomy(dir.categories, "category", &mut diags);
    for e in &dir.entries {
        for (kind, tax, file) in [
            (Kind::Area, &areas, "areas.yaml"),
            (Kind::Category, &categories, "categories.yaml"),
        ] {
            references(
                kind.refs(e),
                tax,
                kind_name(kind),
                file,
                &e.source,
                &mut diags,
            );
        }
    }
    links(&dir.entries, &areas, &mut diags);
    let site = Site {
        config: dir.config,
        areas,
        categories,
        entries: dir.entries,
        pages: dir.pages,
        synonyms: dir.synonyms,
    };
    diags.extend(warnings::warnings(&site, today()));
    (site, diags)
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Area => "area",
        Kind::Category => "category",
    }
}

/// Today's date, or `TSUNAGU_TODAY` (YYYY-MM-DD) for reproducible checks.
pub fn today() -> chrono::NaiveDate {
    std::env::var("TSUNAGU_TODAY")
        .ok()
        .and_then(|s| crate::content::checks::parse_date(&s))
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn duplicates<'a>(
    items: impl Iterator<Item = (&'a String, &'a Source)>,
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut first: HashMap<&str, &Source> = HashMap::new();
    for (id, source) in items {
        match first.get(id.as_str()) {
            Some(f) => diags.error(
                &source.path,
                Some(source.pos),
                format!(
                    "duplicate {what} id `{id}`: it is already used at {}:{}; ids must be unique",
                    f.path.display(),
                    f.pos.line
                ),
            ),
            None => {
                first.insert(id, source);
            }
        }
    }
}

fn taxonomy(terms: Vec<crate::content::Term>, what: &str, diags: &mut Diagnostics) -> Taxonomy {
    let tax = Taxonomy::new(terms);
    for t in &tax.terms {
        if let Some(p) = &t.parent {
            if !tax.contains(&p.id) {
                diags.error(
                    &t.source.path,
                    Some(p.pos),
                    unknown(what, &p.id, tax.ids(), "this file"),
                );
            } else if p.id == t.id {
                diags.error(
                    &t.source.path,
                    Some(p.pos),
                    format!("{what} `{}` is its own parent: remove `parent`", t.id),
                );
            }
        }
    }
    for cycle in tax.cycles() {
        let names: Vec<&str> = cycle.iter().map(|t| t.id.as_str()).collect();
        let first = cycle[0];
        let pos = first
            .parent
            .as_ref()
            .map(|p| p.pos)
            .unwrap_or(first.source.pos);
        if cycle.len() > 1 {
            diags.error(
                &first.source.path,
                Some(pos),
                format!(
                    "parent cycle: {} -> {}: a {what} cannot be inside itself; remove one `parent`",
                    names.join(" -> "),
                    names[0]
                ),
            );
        }
    }
    tax
}

fn references(
    refs: &[Ref],
    tax: &Taxonomy,
    what: &str,
    file: &str,
    source: &Source,
    diags: &mut Diagnostics,
) {
    for r in refs {
        if !tax.contains(&r.id) {
            diags.error(
                &source.path,
                Some(r.pos),
                unknown(what, &r.id, tax.ids(), file),
            );
        }
    }
}

fn unknown<'a>(what: &str, id: &str, ids: impl Iterator<Item = &'a str>, file: &str) -> String {
    let ids: Vec<&str> = ids.collect();
    match closest(id, ids.iter().copied()) {
        Some(c) => {
            format!("unknown {what} id `{id}` (did you mean `{c}`?): ids are defined in {file}")
        }
        None => format!("unknown {what} id `{id}`: add it to {file} or use one of its ids"),
    }
}

/// Checks the links between entries (version 2): `see_also` and `part_of` name existing
/// entries other than the entry itself, programmes do not contain themselves, and each
/// area's `first_contact` names existing entries.
fn links(entries: &[Arc<Entry>], areas: &Taxonomy, diags: &mut Diagnostics) {
    let index: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), &**e)).collect();
    let unknown = |id: &str| {
        let hint = closest(id, entries.iter().map(|e| e.id.as_str()))
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        format!("unknown entry id `{id}`{hint}: an entry's id is its `id:` or, for a .md file, the file name without .md")
    };
    for e in entries {
        let path = &e.source.path;
        for s in &e.see_also {
            if s.id.id == e.id {
                diags.error(
                    path,
                    Some(s.id.pos),
                    format!(
                        "`see_also: {}` is this entry itself: name the entries to go to next",
                        e.id
                    ),
                );
            } else if !index.contains_key(s.id.id.as_str()) {
                diags.error(path, Some(s.id.pos), unknown(&s.id.id));
            }
        }
        if let Some(p) = &e.part_of {
            if p.id == e.id {
                diags.error(
                    path,
                    Some(p.pos),
                    format!(
                        "`part_of: {}` is this entry itself: name the programme's entry",
                        e.id
                    ),
                );
            } else if !index.contains_key(p.id.as_str()) {
                diags.error(path, Some(p.pos), unknown(&p.id));
            } else {
                // Follow the chain of programmes: back to this entry is a cycle.
                let mut seen = vec![e.id.as_str()];
                let mut cur = index.get(p.id.as_str()).copied();
                while let Some(next) = cur {
                    if seen.contains(&next.id.as_str()) {
                        if next.id == e.id {
                            seen.push(&e.id);
                            diags.error(path, Some(p.pos), format!("`part_of` cycle: {}: a programme cannot be inside itself; remove one `part_of`", seen.join(" -> ")));
                        }
                        break;
                    }
                    seen.push(&next.id);
                    cur = next
                        .part_of
                        .as_ref()
                        .and_then(|p| index.get(p.id.as_str()).copied());
                }
            }
        }
    }
    for t in &areas.terms {
        for r in &t.first_contact {
            if !index.contains_key(r.id.as_str()) {
                diags.error(&t.source.path, Some(r.pos), unknown(&r.id));
            }
        }
    }
}
