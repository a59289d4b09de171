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
        site.areas.first_contact_holder(id).map(|t| {
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

/// The page links a listing page shows, `None` for a gap: the first and last pages and two
/// on either side of `page` (of `pages`). A term with thousands of pages would otherwise
/// put thousands of links on each of them.
pub fn page_links(page: usize, pages: usize) -> Vec<Option<usize>> {
    let near =
        page.saturating_sub(PAGE_LINKS_AROUND).max(1)..=(page + PAGE_LINKS_AROUND).min(pages);
    let mut shown: Vec<usize> = [1, pages]
        .into_iter()
        .chain(near)
        .filter(|&n| n >= 1)
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|j| n - shown[j]) {
            Some(2) => out.push(Some(n - 1)), // a gap of one page: the page itself
            Some(gap) if gap > 2 => out.push(None),
            _ => {}
        }
        out.push(Some(n));
    }
    out
}

/// Page links on either side of the current one (see [`page_links`]).
const PAGE_LINKS_AROUND: usize = 2;

#[cfg(test)]
mod page_links_tests {
    use super::page_links;

    #[test]
    fn few_pages_are_all_linked() {
        assert_eq!(page_links(1, 1), vec![Some(1)]);
        assert_eq!(page_links(2, 5), (1..=5).map(Some).collect::<Vec<_>>());
        assert_eq!(
            page_links(1, 7),
            vec![Some(1), Some(2), Some(3), None, Some(7)]
        );
    }

    #[test]
    fn many_pages_show_the_ends_and_the_neighbours_with_gaps() {
        assert_eq!(
            page_links(50, 3000),
            vec![
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(3000)
            ]
        );
        assert_eq!(
            page_links(3000, 3000),
            vec![Some(1), None, Some(2998), Some(2999), Some(3000)]
        );
    }

    #[test]
    fn a_gap_of_one_page_shows_that_page() {
        assert_eq!(page_links(5, 9), (1..=9).map(Some).collect::<Vec<_>>());
        assert_eq!(
            page_links(4, 9),
            vec![
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                None,
                Some(9)
            ]
        );
    }
}
