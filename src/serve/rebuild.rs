//! Incremental rebuilds for `serve`: re-parse only changed files, re-render only the pages a
//! change affects (the entry, its listings and the site-wide summaries), and rebuild the
//! search index in the background.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::content::{self, Entry, LoadCache};
use crate::diagnostics::Diagnostics;
use crate::output::Files;
use crate::render::{self, theme::Theme, Selection};
use crate::validate::{self, Site};

/// What one rebuild produced: pages to add or replace, and paths that no longer exist.
#[derive(Debug, Default)]
pub struct Patch {
    pub files: Files,
    pub removed: Vec<String>,
    /// Whether every page was rendered (theme, settings or taxonomy changed): then the
    /// patch replaces every page, and `removed` is empty.
    pub full: bool,
    /// Folders whose files the patch replaces (later pages of re-rendered listings).
    pub replaced_prefixes: Vec<String>,
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
        Rebuilder { root: root.to_path_buf(), cache: LoadCache::default(), theme: None, last: None }
    }

    /// The last site that built without errors.
    pub fn site(&self) -> Option<&Site> {
        self.last.as_ref()
    }

    /// Rebuilds after `changed` paths (empty: first build). `Err` keeps the previous site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(Patch, Diagnostics), Diagnostics> {
        let (dir, mut diags) = content::load_cached(&self.root, &mut self.cache);
        let (site, more) = validate::validate(dir);
        diags.extend(more);
        if diags.has_errors() {
            return Err(diags);
        }
        let theme_changed = self.theme.is_none() || changed.iter().any(|p| p.starts_with(self.root.join("themes")));
        if theme_changed || self.last.as_ref().is_some_and(|l| l.dir.config.theme != site.dir.config.theme) {
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
        let (theme, tera) = self.theme.as_ref().expect("theme loaded above");
        let files = render::render_pages(&site, theme, tera, &selection, &mut diags).ok_or_else(|| diags.clone())?;
        let replaced_prefixes = match &selection {
            Selection::All => Vec::new(),
            Selection::Some { areas, categories, .. } => areas.iter().map(|id| format!("areas/{id}/page/")).chain(categories.iter().map(|id| format!("categories/{id}/page/"))).collect(),
        };
        let patch = Patch { pages: files.len(), full: selection == Selection::All, files, removed, replaced_prefixes };
        self.last = Some(site);
        Ok((patch, diags))
    }
}

/// The pages to re-render when `old` becomes `new`, and the entry pages to drop.
pub fn affected(old: &Site, new: &Site) -> (Selection, Vec<String>) {
    if old.dir.config != new.dir.config || old.dir.areas != new.dir.areas || old.dir.categories != new.dir.categories || old.dir.pages != new.dir.pages {
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
        for (kind, o, n) in [("areas", &old.areas, &new.areas), ("categories", &old.categories, &new.categories)] {
            for id in o.ids() {
                if !n.contains(id) {
                    removed.push(format!("{kind}/{id}/index.html"));
                }
            }
        }
        return (Selection::All, removed);
    }
    let index = |s: &Site| s.dir.entries.iter().map(|e| (e.id.clone(), e.clone())).collect::<std::collections::HashMap<String, Entry>>();
    let (old_map, new_map) = (index(old), index(new));
    let mut entries = BTreeSet::new();
    let mut areas = BTreeSet::new();
    let mut categories = BTreeSet::new();
    let mut removed = Vec::new();
    let touch = |site: &Site, e: &Entry, areas: &mut BTreeSet<String>, categories: &mut BTreeSet<String>| {
        for r in &e.areas {
            areas.extend(site.areas.ancestors_and_self(&r.id).iter().map(|t| t.id.clone()));
        }
        for r in &e.categories {
            categories.extend(site.categories.ancestors_and_self(&r.id).iter().map(|t| t.id.clone()));
        }
    };
    for (id, e) in &new_map {
        match old_map.get(id) {
            Some(o) if o == e => {}
            Some(o) => {
                entries.insert(id.clone());
                touch(old, o, &mut areas, &mut categories);
                touch(new, e, &mut areas, &mut categories);
            }
            None => {
                entries.insert(id.clone());
                touch(new, e, &mut areas, &mut categories);
            }
        }
    }
    for (id, o) in &old_map {
        if !new_map.contains_key(id) {
            removed.push(crate::render::views::entry_url(id));
            touch(old, o, &mut areas, &mut categories);
        }
    }
    (Selection::Some { entries, areas, categories }, removed)
}
