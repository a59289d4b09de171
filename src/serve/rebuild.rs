//! Incremental rebuilds for `serve`: re-parse only changed files, re-render only the pages a
//! change affects (the entry, its listings and the site-wide summaries), and rebuild the
//! search index in the background.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::content::{self, LoadCache};
use crate::diagnostics::Diagnostics;
use crate::output::Files;
use crate::render::views::{self, Kind};
use crate::render::{self, listing_page_url, theme::Theme, Selection, PAGE_SIZE};
use crate::validate::{self, Site};

/// What one rebuild produced: pages to add or replace, and paths that no longer exist.
#[derive(Debug, Default)]
pub struct Patch {
    pub files: Files,
    pub removed: Vec<String>,
    /// Whether every page was rendered (theme, settings or taxonomy changed): then the
    /// patch replaces every page, and `removed` is empty.
    pub full: bool,
    pub pages: usize,
}

/// Keeps the last good site, its compiled theme and the parse cache between rebuilds.
pub struct Rebuilder {
    root: PathBuf,
    cache: LoadCache,
    theme: Option<(Theme, tera::Tera)>,
    last: Option<Site>,
}

impl Rebuilder {
    pub fn new(root: &Path) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            cache: LoadCache::default(),
            theme: None,
            last: None,
        }
    }

    /// The last site that built without errors.
    pub fn site(&self) -> Option<&Site> {
        self.last.as_ref()
    }

    /// Rebuilds after `changed` paths (empty: first build). `Err` keeps the previous site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(Patch, Diagnostics), Diagnostics> {
        let t = std::time::Instant::now();
        let hint = (!changed.is_empty()).then_some(changed);
        let (dir, mut diags) = content::load_cached(&self.root, &mut self.cache, hint);
        let t_load = t.elapsed();
        let (site, more) = validate::validate(dir);
        let t_validate = t.elapsed();
        diags.extend(more);
        if diags.has_errors() {
            return Err(diags);
        }
        let theme_changed = self.theme.is_none()
            || changed
                .iter()
                .any(|p| p.starts_with(self.root.join("themes")));
        if theme_changed
            || self
                .last
                .as_ref()
                .is_some_and(|l| l.dir.config.theme != site.dir.config.theme)
        {
            let theme = Theme::load(&self.root, site.dir.config.theme.as_deref(), &mut diags);
            let tera = theme.tera(&mut diags).ok_or_else(|| diags.clone())?;
            if diags.has_errors() {
                return Err(diags);
            }
            self.theme = Some((theme, tera));
            self.last = None;
        }
        let (selection, removed) = match &self.last {
            Some(old) => affected(old, &site),
            None => (Selection::All, Vec::new()),
        };
        let t_affected = t.elapsed();
        let (theme, tera) = self.theme.as_ref().expect("theme loaded above");
        let files = render::render_pages(&site, theme, tera, &selection, &mut diags)
            .ok_or_else(|| diags.clone())?;
        if std::env::var_os("TSUNAGU_TIMINGS").is_some() {
            eprintln!(
                "timing: load {t_load:?}, validate {:?}, affected {:?}, render {:?}",
                t_validate - t_load,
                t_affected - t_validate,
                t.elapsed() - t_affected
            );
        }
        let patch = Patch {
            pages: files.len(),
            full: selection == Selection::All,
            files,
            removed,
        };
        self.last = Some(site);
        Ok((patch, diags))
    }
}

fn ids_by_position(site: &Site) -> HashMap<&str, usize> {
    site.dir
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect()
}

/// The pages to re-render when `old` becomes `new`, and the entry pages to drop.
pub fn affected(old: &Site, new: &Site) -> (Selection, Vec<String>) {
    if old.dir.config != new.dir.config
        || old.dir.areas != new.dir.areas
        || old.dir.categories != new.dir.categories
        || old.dir.pages != new.dir.pages
    {
        let mut removed: Vec<String> = Vec::new();
        for e in &old.dir.entries {
            if !new.dir.entries.iter().any(|n| n.id == e.id) {
                removed.push(crate::render::views::entry_url(&e.id));
            }
        }
        for p in &old.dir.pages {
            if !new.dir.pages.iter().any(|n| n.slug == p.slug) {
                removed.push(format!("pages/{}/index.html", p.slug));
            }
        }
        for (kind, o, n) in [
            ("areas", &old.areas, &new.areas),
            ("categories", &old.categories, &new.categories),
        ] {
            for id in o.ids() {
                if !n.contains(id) {
                    removed.push(format!("{kind}/{id}/index.html"));
                }
            }
        }
        return (Selection::All, removed);
    }
    let (old_ids, new_ids) = (ids_by_position(old), ids_by_position(new));
    let mut entries = BTreeSet::new();
    let mut removed = Vec::new();
    // Entries whose own page changes, and whether any moved between areas or categories.
    let mut refs_changed = false;
    for (id, &i) in &new_ids {
        let e = &new.dir.entries[i];
        match old_ids.get(id).map(|&j| &old.dir.entries[j]) {
            Some(o) if o == e => continue,
            Some(o) => refs_changed |= o.areas != e.areas || o.categories != e.categories,
            None => refs_changed = true,
        }
        entries.insert(id.to_string());
    }
    for id in old_ids.keys() {
        if !new_ids.contains_key(id) {
            removed.push(views::entry_url(id));
            entries.insert(id.to_string());
            refs_changed = true;
        }
    }
    let mut listing_pages = BTreeSet::new();
    for kind in [Kind::Area, Kind::Category] {
        let (old_lists, new_lists) = (views::listings(old, kind), views::listings(new, kind));
        let touched = |site: &Site, ids: &HashMap<&str, usize>| -> BTreeSet<String> {
            let tax = if kind == Kind::Area {
                &site.areas
            } else {
                &site.categories
            };
            let mut out = BTreeSet::new();
            for id in &entries {
                if let Some(&i) = ids.get(id.as_str()) {
                    let e = &site.dir.entries[i];
                    for r in if kind == Kind::Area {
                        &e.areas
                    } else {
                        &e.categories
                    } {
                        out.extend(tax.ancestors_and_self(&r.id).iter().map(|t| t.id.clone()));
                    }
                }
            }
            out
        };
        let mut terms = touched(old, &old_ids);
        terms.extend(touched(new, &new_ids));
        for term in terms {
            fn ids_of<'a>(site: &'a Site, list: Option<&Vec<usize>>) -> Vec<&'a str> {
                list.map(|l| l.iter().map(|&i| site.dir.entries[i].id.as_str()).collect())
                    .unwrap_or_default()
            }
            let before = ids_of(old, old_lists.get(&term));
            let after = ids_of(new, new_lists.get(&term));
            let (old_pages, new_pages) = (
                before.len().div_ceil(PAGE_SIZE).max(1),
                after.len().div_ceil(PAGE_SIZE).max(1),
            );
            // Counts show on every page: a change of membership re-renders them all.
            let span = if refs_changed || before.len() != after.len() {
                Some((1, new_pages))
            } else {
                let moved = (0..after.len())
                    .filter(|&p| before[p] != after[p] || entries.contains(after[p]));
                let (first, last) = moved.fold((usize::MAX, 0), |(f, l), p| (f.min(p), l.max(p)));
                (first != usize::MAX).then(|| (first / PAGE_SIZE + 1, last / PAGE_SIZE + 1))
            };
            if let Some((from, to)) = span {
                listing_pages.extend((from..=to).map(|n| (kind, term.clone(), n)));
            }
            removed.extend((new_pages + 1..=old_pages).map(|n| listing_page_url(kind, &term, n)));
        }
    }
    (
        Selection::Some {
            entries,
            listing_pages,
        },
        removed,
    )
}
