//! Areas and categories as trees: parents, children, ancestors and descendants.

use std::collections::HashMap;

use crate::content::{Entry, Ref, Term};

/// Which taxonomy: the areas (地域) or the categories (分類).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Area,
    Category,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Area, Kind::Category];

    /// The Japanese name shown to residents.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Area => "地域",
            Kind::Category => "分類",
        }
    }

    /// The entry's references into this taxonomy.
    pub fn refs(self, e: &Entry) -> &[Ref] {
        match self {
            Kind::Area => &e.areas,
            Kind::Category => &e.categories,
        }
    }
}

/// An area or category id given on the command line (`new entry`, `import csv`) that the
/// site does not define.
#[derive(Debug, thiserror::Error)]
#[error("unknown {what} id `{given}`{hint}: ids are defined in content/{file}")]
pub struct UnknownTerm {
    what: &'static str,
    given: String,
    hint: String,
    file: &'static str,
}

impl Kind {
    /// `given` if this taxonomy of `site` defines it, else an error naming the closest id.
    pub fn check(self, site: &crate::validate::Site, given: &str) -> Result<(), UnknownTerm> {
        let tax = site.taxonomy(self);
        if tax.contains(given) {
            return Ok(());
        }
        let (what, file) = match self {
            Kind::Area => ("area", "areas.yaml"),
            Kind::Category => ("category", "categories.yaml"),
        };
        Err(UnknownTerm {
            what,
            given: given.to_string(),
            hint: crate::diagnostics::closest(given, tax.ids())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default(),
            file,
        })
    }
}

/// A validated taxonomy (known parents, no cycles), in file order.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub terms: Vec<Term>,
    index: HashMap<String, usize>,
    children: Vec<Vec<usize>>,
}

impl Taxonomy {
    /// Builds the tree. Unknown parents are treated as roots (validation reports them).
    pub fn new(terms: Vec<Term>) -> Self {
        let mut index = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            index.entry(t.id.clone()).or_insert(i);
        }
        let mut children = vec![Vec::new(); terms.len()];
        for (i, t) in terms.iter().enumerate() {
            if let Some(p) = t.parent.as_ref().and_then(|p| index.get(&p.id)) {
                if *p != i {
                    children[*p].push(i);
                }
            }
        }
        Taxonomy {
            terms,
            index,
            children,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Term> {
        self.index.get(id).map(|&i| &self.terms[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.id.as_str())
    }

    fn parent_index(&self, i: usize) -> Option<usize> {
        self.terms[i]
            .parent
            .as_ref()
            .and_then(|p| self.index.get(&p.id).copied())
            .filter(|&p| p != i)
    }

    /// Top-level terms, in file order.
    pub fn roots(&self) -> Vec<&Term> {
        (0..self.terms.len())
            .filter(|&i| self.parent_index(i).is_none())
            .map(|i| &self.terms[i])
            .collect()
    }

    /// Direct children of `id`, in file order.
    pub fn children(&self, id: &str) -> Vec<&Term> {
        self.index
            .get(id)
            .map(|&i| self.children[i].iter().map(|&c| &self.terms[c]).collect())
            .unwrap_or_default()
    }

    /// Where the residents of area `id` start when unsure: the area itself or its nearest
    /// ancestor with a `first_contact` (迷ったら、まずここへ), if any.
    pub fn first_contact_holder(&self, id: &str) -> Option<&Term> {
        self.ancestors_and_self(id)
            .into_iter()
            .find(|t| !t.first_contact.is_empty())
    }

    /// `id` and its ancestors, nearest first. Stops on a cycle.
    pub fn ancestors_and_self(&self, id: &str) -> Vec<&Term> {
        let mut out = Vec::new();
        let mut cur = self.index.get(id).copied();
        while let Some(i) = cur {
            if out.iter().any(|t: &&Term| t.id == self.terms[i].id) {
                break;
            }
            out.push(&self.terms[i]);
            cur = self.parent_index(i);
        }
        out
    }

    /// Root-first path of ids, e.g. `["amagasaki", "amagasaki-tachibana"]`.
    pub fn path(&self, id: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .ancestors_and_self(id)
            .iter()
            .map(|t| t.id.clone())
            .collect();
        ids.reverse();
        ids
    }

    /// `id` and every term below it.
    pub fn descendants_and_self(&self, id: &str) -> Vec<&Term> {
        let mut out = Vec::new();
        let Some(&start) = self.index.get(id) else {
            return out;
        };
        let mut stack = vec![start];
        let mut seen = vec![false; self.terms.len()];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(&self.terms[i]);
            stack.extend(self.children[i].iter().rev());
        }
        out
    }

    /// Each term that lies on a parent cycle, once per cycle (the first in file order).
    pub fn cycles(&self) -> Vec<Vec<&Term>> {
        let mut reported = vec![false; self.terms.len()];
        let mut out = Vec::new();
        for start in 0..self.terms.len() {
            let mut chain = vec![start];
            let mut cur = self.parent_index(start);
            while let Some(i) = cur {
                if let Some(at) = chain.iter().position(|&c| c == i) {
                    let cycle = &chain[at..];
                    if cycle.iter().all(|&c| !reported[c]) {
                        cycle.iter().for_each(|&c| reported[c] = true);
                        out.push(cycle.iter().map(|&c| &self.terms[c]).collect());
                    }
                    break;
                }
                chain.push(i);
                cur = self.parent_index(i);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Source;

    fn term(id: &str, parent: Option<&str>) -> Term {
        Term {
            id: id.into(),
            name: id.into(),
            kana: None,
            parent: parent.map(|p| Ref {
                id: p.into(),
                pos: Default::default(),
            }),
            description: None,
            keywords: Vec::new(),
            first_contact: Vec::new(),
            source: Source::default(),
        }
    }

    #[test]
    fn ancestors_and_descendants_follow_parents() {
        let t = Taxonomy::new(vec![
            term("city", None),
            term("north", Some("city")),
            term("school", Some("north")),
        ]);
        assert_eq!(t.path("school"), vec!["city", "north", "school"]);
        let d: Vec<_> = t
            .descendants_and_self("city")
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(d, vec!["city", "north", "school"]);
        assert_eq!(t.roots().len(), 1);
        assert!(t.cycles().is_empty());
    }

    #[test]
    fn cycles_are_found_once() {
        let t = Taxonomy::new(vec![
            term("a", Some("c")),
            term("b", Some("a")),
            term("c", Some("b")),
            term("d", Some("a")),
        ]);
        let cycles = t.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 3);
        assert_eq!(t.path("d").len(), 4);
    }
}
