//! Listings: for each area and category, the entries listed under it or below it, in
//! 五十音順; each programme's members; entries by id. Computed once per site by render (and
//! kept by `serve` between rebuilds when no entry moved).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::taxonomy::Kind;
use crate::validate::Site;

/// Per term id, indices into `site.entries`, in 五十音順.
pub type Listing = BTreeMap<String, Vec<usize>>;

/// The listings of both taxonomies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listings {
    areas: Listing,
    categories: Listing,
    /// Per programme id (an entry others name in `part_of`), its members in 五十音順.
    members: Listing,
    by_id: HashMap<String, usize>,
}

impl Listings {
    pub fn new(site: &Site) -> Listings {
        let order = gojuon_order(site);
        let build = |kind: Kind| {
            let tax = site.taxonomy(kind);
            let mut map: Listing = tax.ids().map(|id| (id.to_string(), Vec::new())).collect();
            for (i, e) in site.entries.iter().enumerate() {
                for r in kind.refs(e) {
                    for t in tax.ancestors_and_self(&r.id) {
                        if let Some(list) = map.get_mut(&t.id) {
                            // Entries come in order: a repeat (two refs under one term) is last.
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
        };
        let by_id: HashMap<String, usize> = site
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut members = Listing::new();
        for (i, e) in site.entries.iter().enumerate() {
            if let Some(p) = &e.part_of {
                members.entry(p.id.clone()).or_default().push(i);
            }
        }
        for list in members.values_mut() {
            list.sort_by_key(|&i| order[i]);
        }
        Listings {
            areas: build(Kind::Area),
            categories: build(Kind::Category),
            members,
            by_id,
        }
    }

    /// `old`'s listings if they still hold for `new` (no entry added, removed, re-sorted
    /// or moved between areas or categories, same taxonomies): most edits change text
    /// only, and listings are the costliest thing derived from a site.
    pub fn carried_over(old: &Site, listings: &Arc<Listings>, new: &Site) -> Option<Arc<Listings>> {
        let (o, n) = (&old.entries, &new.entries);
        let same = old.areas.terms == new.areas.terms
            && old.categories.terms == new.categories.terms
            && o.len() == n.len()
            && o.iter().zip(n).all(|(a, b)| {
                Arc::ptr_eq(a, b)
                    || (a.id == b.id
                        && a.sort_key == b.sort_key
                        && a.areas == b.areas
                        && a.categories == b.categories
                        && a.part_of == b.part_of)
            });
        same.then(|| listings.clone())
    }

    /// The listing of one taxonomy.
    pub fn of(&self, kind: Kind) -> &Listing {
        match kind {
            Kind::Area => &self.areas,
            Kind::Category => &self.categories,
        }
    }

    /// The entries listed under term `id` (empty for unknown ids).
    pub fn get(&self, kind: Kind, id: &str) -> &[usize] {
        self.of(kind).get(id).map_or(&[], Vec::as_slice)
    }

    /// The members of programme `id` (entries whose `part_of` names it).
    pub fn members(&self, id: &str) -> &[usize] {
        self.members.get(id).map_or(&[], Vec::as_slice)
    }

    /// The index in `site.entries` of entry `id`.
    pub fn entry(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entries listed under area `id` itself, not under one of its sub-areas.
    pub fn at_area(&self, site: &Site, id: &str) -> Vec<usize> {
        self.get(Kind::Area, id)
            .iter()
            .copied()
            .filter(|&i| site.entries[i].areas.iter().any(|r| r.id == id))
            .collect()
    }

    /// Where a resident of area `id` should start when unsure: the `first_contact` of the
    /// area or, when it names none, of its nearest ancestor that does; with that area.
    pub fn first_contact<'s>(
        &self,
        site: &'s Site,
        id: &str,
    ) -> Option<(&'s crate::content::Term, Vec<usize>)> {
        site.areas
            .ancestors_and_self(id)
            .into_iter()
            .find(|t| !t.first_contact.is_empty())
            .map(|t| {
                let entries = t
                    .first_contact
                    .iter()
                    .filter_map(|r| self.entry(&r.id))
                    .collect();
                (t, entries)
            })
    }
}

/// Rank of each entry in 五十音順 (ties by id).
fn gojuon_order(site: &Site) -> Vec<usize> {
    let entries = &site.entries;
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
