//! Incremental rebuilds for `serve`: re-parse only changed files, re-render only the pages a
//! change affects (the entry, its listings and the site-wide summaries), and rebuild the
//! search index in the background.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::{self, Entry, LoadCache};
use crate::diagnostics::Diagnostics;
use crate::output::Files;
use crate::render::listing::Listings;
use crate::render::{self, theme::Theme, Selection};
use crate::taxonomy::Kind;
use crate::urls;
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

/// Keeps the last good site (with its listings), its compiled theme and the parse cache
/// between rebuilds.
pub struct Rebuilder {
    root: PathBuf,
    cache: LoadCache,
    theme: Option<(Theme, tera::Tera)>,
    last: Option<(Site, Arc<Listings>)>,
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
        self.last.as_ref().map(|(site, _)| site)
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
                .is_some_and(|(l, _)| l.config.theme != site.config.theme)
        {
            let theme = Theme::load(&self.root, &site.config, &mut diags);
            let tera = theme.tera(&mut diags).ok_or_else(|| diags.clone())?;
            if diags.has_errors() {
                return Err(diags);
            }
            self.theme = Some((theme, tera));
            self.last = None;
        }
        let (listings, selection, removed) = match &self.last {
            Some((old, old_listings)) => {
                let listings = Listings::carried_over(old, old_listings, &site)
                    .unwrap_or_else(|| Arc::new(Listings::new(&site)));
                let (selection, removed) = affected(old, old_listings, &site, &listings);
                (listings, selection, removed)
            }
            None => (Arc::new(Listings::new(&site)), Selection::All, Vec::new()),
        };
        let t_affected = t.elapsed();
        let (theme, tera) = self.theme.as_ref().expect("theme loaded above");
        let files = render::render_pages(&site, &listings, theme, tera, &selection, &mut diags)
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
        self.last = Some((site, listings));
        Ok((patch, diags))
    }
}

/// Entries that differ between `old` and `new`: (index in old, index in new), `None` where
/// the entry does not exist.
fn changed_entries(old: &Site, new: &Site) -> Vec<(Option<usize>, Option<usize>)> {
    let (o, n) = (&old.entries, &new.entries);
    let differs = |a: &Arc<Entry>, b: &Arc<Entry>| !Arc::ptr_eq(a, b) && a != b;
    if o.len() == n.len() && o.iter().zip(n).all(|(a, b)| a.id == b.id) {
        return (0..n.len())
            .filter(|&i| differs(&o[i], &n[i]))
            .map(|i| (Some(i), Some(i)))
            .collect();
    }
    let by_id = |entries: &[Arc<Entry>]| -> HashMap<String, usize> {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect()
    };
    let (old_ids, new_ids) = (by_id(o), by_id(n));
    let mut out: Vec<(Option<usize>, Option<usize>)> = new_ids
        .iter()
        .filter_map(|(id, &j)| match old_ids.get(id) {
            Some(&i) if !differs(&o[i], &n[j]) => None,
            i => Some((i.copied(), Some(j))),
        })
        .collect();
    out.extend(
        old_ids
            .iter()
            .filter(|(id, _)| !new_ids.contains_key(*id))
            .map(|(_, &i)| (Some(i), None)),
    );
    out
}

/// The pages to re-render when `old` (with `old_lists`) becomes `new` (with `new_lists`),
/// and the pages to drop.
pub fn affected(
    old: &Site,
    old_lists: &Listings,
    new: &Site,
    new_lists: &Listings,
) -> (Selection, Vec<String>) {
    if old.config != new.config
        || old.areas.terms != new.areas.terms
        || old.categories.terms != new.categories.terms
        || old.pages != new.pages
    {
        // Every page is rendered again and replaces the old ones (see [`Patch::full`]).
        return (Selection::All, Vec::new());
    }
    let changed = changed_entries(old, new);
    let mut entries = BTreeSet::new();
    let mut removed = Vec::new();
    // Whether any entry came, went or moved between areas or categories.
    let mut refs_changed = false;
    for &(i, j) in &changed {
        match (i.map(|i| &old.entries[i]), j.map(|j| &new.entries[j])) {
            (Some(o), Some(e)) => {
                refs_changed |= o.areas != e.areas || o.categories != e.categories;
                entries.insert(e.id.clone());
            }
            (Some(o), None) => {
                removed.push(urls::entry(&o.id));
                entries.insert(o.id.clone());
                refs_changed = true;
            }
            (None, Some(e)) => {
                entries.insert(e.id.clone());
                refs_changed = true;
            }
            (None, None) => {}
        }
    }
    let mut listing_pages = BTreeSet::new();
    // Pages that show a changed entry's card outside the listings it is in: つなぎ先,
    // programmes and their members, first contacts, and the sections of area pages
    // below its areas.
    let ids: Vec<String> = entries.iter().cloned().collect();
    for (site, lists) in [(old, old_lists), (new, new_lists)] {
        for id in &ids {
            let (more, areas) = shown_beside(site, lists, id);
            entries.extend(more);
            listing_pages.extend(areas.into_iter().map(|a| (Kind::Area, a, 1)));
        }
    }
    for kind in Kind::ALL {
        // The terms (and their ancestors) a changed entry is listed under, before or after.
        let mut terms = BTreeSet::new();
        for &(i, j) in &changed {
            for (site, at) in [(old, i), (new, j)] {
                let Some(e) = at.map(|at| &site.entries[at]) else {
                    continue;
                };
                let tax = site.taxonomy(kind);
                for r in kind.refs(e) {
                    terms.extend(tax.ancestors_and_self(&r.id).iter().map(|t| t.id.clone()));
                }
            }
        }
        for term in terms {
            fn ids_of<'a>(site: &'a Site, list: &[usize]) -> Vec<&'a str> {
                list.iter().map(|&i| site.entries[i].id.as_str()).collect()
            }
            let before = ids_of(old, old_lists.get(kind, &term));
            let after = ids_of(new, new_lists.get(kind, &term));
            let (old_pages, new_pages) = (
                urls::page_count(before.len()),
                urls::page_count(after.len()),
            );
            // Counts show on every page: a change of membership re-renders them all.
            let span = if refs_changed || before.len() != after.len() {
                Some((1, new_pages))
            } else {
                let moved = (0..after.len())
                    .filter(|&p| before[p] != after[p] || entries.contains(after[p]));
                let (first, last) = moved.fold((usize::MAX, 0), |(f, l), p| (f.min(p), l.max(p)));
                (first != usize::MAX)
                    .then(|| (first / urls::PAGE_SIZE + 1, last / urls::PAGE_SIZE + 1))
            };
            if let Some((from, to)) = span {
                listing_pages.extend((from..=to).map(|n| (kind, term.clone(), n)));
            }
            removed.extend((new_pages + 1..=old_pages).map(|n| urls::listing_page(kind, &term, n)));
        }
    }
    // The English pages of what went away too.
    let removed = crate::lang::Lang::of_site(&new.config.languages)
        .into_iter()
        .flat_map(|lang| removed.iter().map(move |p| urls::localized(lang, p)))
        .collect();
    (
        Selection::Some {
            entries,
            listing_pages,
        },
        removed,
    )
}

/// Where entry `id`'s card shows besides its own page and listings: the entries whose
/// pages show it (see_also, programme and members, first contact of their area) and the
/// area pages whose first page does (first contact, ancestor-area sections).
fn shown_beside(site: &Site, lists: &Listings, id: &str) -> (Vec<String>, Vec<String>) {
    let mut entries = Vec::new();
    let mut areas = Vec::new();
    let Some(i) = lists.entry(id) else {
        return (entries, areas);
    };
    let e = &site.entries[i];
    for other in &site.entries {
        if other.see_also.iter().any(|s| s.id.id == id) {
            entries.push(other.id.clone());
        }
    }
    if let Some(p) = &e.part_of {
        entries.push(p.id.clone());
    }
    entries.extend(
        lists
            .members(id)
            .iter()
            .map(|&m| site.entries[m].id.clone()),
    );
    for r in &e.areas {
        areas.extend(
            site.areas
                .descendants_and_self(&r.id)
                .iter()
                .map(|t| t.id.clone()),
        );
    }
    for t in site
        .areas
        .terms
        .iter()
        .filter(|t| t.first_contact.iter().any(|r| r.id == id))
    {
        for d in site.areas.descendants_and_self(&t.id) {
            areas.push(d.id.clone());
        }
        entries.extend(
            lists
                .get(Kind::Area, &t.id)
                .iter()
                .map(|&m| site.entries[m].id.clone()),
        );
    }
    (entries, areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let dest = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &dest);
            } else {
                std::fs::copy(entry.path(), dest).unwrap();
            }
        }
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from:?} not in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// After each edit, the pages served (the first build plus every patch since) must be
    /// exactly the pages a fresh full build renders.
    #[test]
    fn incremental_rebuilds_equal_full_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
            &root,
        );
        let entries = root.join("content/entries/city");
        let (kita, marugoto) = (entries.join("kita-shokudo.md"), entries.join("marugoto.md"));
        let added = entries.join("minami-salon.md");
        let network = entries.join("kita-network.md");
        let mut rebuilder = Rebuilder::new(&root);
        let mut served = rebuilder.rebuild(&[]).expect("first build").0.files;

        type Step<'a> = (&'static str, Box<dyn Fn() + 'a>, PathBuf);
        let steps: Vec<Step<'_>> = vec![
            (
                "text only",
                Box::new(|| edit(&kita, "ひらく子ども食堂です", "ひらく食堂です")),
                kita.clone(),
            ),
            (
                "new reading: re-sorted",
                Box::new(|| edit(&marugoto, "kana: くらし", "kana: あ")),
                marugoto.clone(),
            ),
            (
                "moved to another area",
                Box::new(|| edit(&kita, "areas: kita-school", "areas: minami")),
                kita.clone(),
            ),
            (
                "added",
                Box::new(|| {
                    std::fs::write(
                        &added,
                        "---\ntitle: 南のサロン\ncategories: ibasho\nareas: minami\n---\n",
                    )
                    .unwrap()
                }),
                added.clone(),
            ),
            (
                "a first contact's card changes (shown on its area's pages)",
                Box::new(|| edit(&marugoto, "総合相談窓口です", "総合窓口です")),
                marugoto.clone(),
            ),
            (
                "a programme is renamed (shown on its members' pages)",
                Box::new(|| edit(&network, "title: 北地区", "title: 北部")),
                network.clone(),
            ),
            (
                "removed",
                Box::new(|| std::fs::remove_file(&added).unwrap()),
                added.clone(),
            ),
        ];
        for (what, apply, changed) in steps {
            apply();
            let (patch, _) = rebuilder.rebuild(&[changed]).expect(what);
            assert!(!patch.full, "{what}: a content edit is not a full rebuild");
            for path in &patch.removed {
                served.remove(path);
            }
            for (path, bytes) in patch.files.iter() {
                served.insert(path, bytes.to_vec());
            }
            let full = Rebuilder::new(&root).rebuild(&[]).expect(what).0.files;
            let differ: BTreeSet<&str> = full
                .paths()
                .chain(served.paths())
                .filter(|p| full.get(p) != served.get(p))
                .collect();
            assert!(
                differ.is_empty(),
                "{what}: pages differ from a full build: {differ:?}"
            );
        }
    }
}
