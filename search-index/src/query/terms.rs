//! Which text fields hold each term of the index, read from the term dictionaries when the
//! index is opened: a query asks a term only of the fields that have it, so a word or a
//! thesaurus phrase costs dictionary lookups in one or two fields, not in eleven. The answers
//! are the same (a field without the term matches nothing).

use std::collections::HashMap;

// Each field has the bit of its place in `crate::schema::Fields::scored_fields`.

/// Term -> the fields holding it, one bit each.
#[derive(Debug, Default)]
pub struct TermFields(HashMap<String, u16>);

impl TermFields {
    /// Records that field `bit` holds `term`.
    pub fn add(&mut self, term: &str, bit: usize) {
        let mask = 1u16 << bit;
        match self.0.get_mut(term) {
            Some(m) => *m |= mask,
            None => {
                self.0.insert(term.to_string(), mask);
            }
        }
    }

    /// The fields holding `term` (0 if none does).
    pub fn mask(&self, term: &str) -> u16 {
        self.0.get(term).copied().unwrap_or(0)
    }

    /// Whether field `bit` is in `mask`.
    pub fn has(mask: u16, bit: usize) -> bool {
        mask & (1 << bit) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_in_the_fields_it_was_added_to_and_no_other() {
        let mut t = TermFields::default();
        t.add("食堂", 0);
        t.add("食堂", 9);
        let m = t.mask("食堂");
        assert!(TermFields::has(m, 0) && TermFields::has(m, 9));
        assert!(!TermFields::has(m, 1));
        assert_eq!(t.mask("ない"), 0);
    }
}
