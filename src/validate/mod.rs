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

impl Site {
    pub fn taxonomy(&self, kind: Kind) -> &Taxonomy {
        match kind {
            Kind::Area => &self.areas,
            Kind::Category => &self.categories,
        }
    }

    /// Where a resident should start when unsure (shown when a search finds nothing): the
    /// entries of the general consultation categories, those whose name says 総合相談
    /// (まるごと相談), and their subcategories; in file order.
    pub fn start_here(&self) -> Vec<&Entry> {
        let general: Vec<&str> = self
            .categories
            .terms
            .iter()
            .filter(|t| t.name.contains("総合相談"))
            .flat_map(|t| self.categories.descendants_and_self(&t.id))
            .map(|t| t.id.as_str())
            .collect();
        self.entries
            .iter()
            .filter(|e| {
                e.categories
                    .iter()
                    .any(|c| general.contains(&c.id.as_str()))
            })
            .map(|e| &**e)
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
