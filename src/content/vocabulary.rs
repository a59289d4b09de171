//! Search vocabulary files: `content/synonyms.yaml` and the welfare thesaurus tsunagu
//! ships (`search-index/data/thesaurus.yaml`, the same format), YAML nodes to
//! [`Synonym`]s, each problem at its node.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::decode::parse_yaml;
use super::fields::Fields;
use super::model::{Phrase, Source, Synonym};
use super::yaml::{Node, Value};
use crate::diagnostics::Diagnostics;

const KEYS: &[&str] = &["words", "from", "to"];

/// The thesaurus tsunagu ships, applied to every site.
pub const SHIPPED: &str = include_str!("../../search-index/data/thesaurus.yaml");
/// Where [`SHIPPED`] comes from, for messages.
pub const SHIPPED_PATH: &str = "search-index/data/thesaurus.yaml";

/// The shipped thesaurus (its problems, if any, are tsunagu's bugs: a test keeps it clean).
pub fn shipped() -> Vec<Synonym> {
    let mut diags = Diagnostics::default();
    let path = Path::new(SHIPPED_PATH);
    parse_yaml(SHIPPED, 1, path, &mut diags)
        .map(|node| synonyms(&node, path, &mut diags))
        .unwrap_or_default()
}

/// The items of a vocabulary file.
pub fn synonyms(node: &Node, path: &Path, diags: &mut Diagnostics) -> Vec<Synonym> {
    let Value::Seq(items) = &node.value else {
        diags.error(
            path,
            Some(node.pos),
            format!(
                "expected a list of items (`- {{words: [借金, ローン]}}` or `- {{from: [ローンが返せない], to: [多重債務]}}`), found {}",
                node.kind()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(mut f) = Fields::new(item, path, KEYS, "vocabulary item", diags) else {
            continue;
        };
        let phrases = |f: &mut Fields, key: &str| -> Vec<Phrase> {
            f.list(key)
                .into_iter()
                .map(|(text, pos)| Phrase { text, pos })
                .collect()
        };
        let has = |f: &Fields, key: &str| f.node(key).is_some();
        let pos = f.pos();
        let synonym = match (has(&f, "words"), has(&f, "from"), has(&f, "to")) {
            (true, false, false) => {
                let words = phrases(&mut f, "words");
                if words.len() < 2 {
                    f.diags.error(
                        path,
                        Some(pos),
                        "`words` needs at least two words that mean the same thing",
                    );
                    None
                } else {
                    Some(Synonym {
                        from: words.clone(),
                        to: words,
                        group: true,
                        source: Source {
                            path: path.to_path_buf(),
                            pos,
                        },
                    })
                }
            }
            (false, true, true) => {
                let from = phrases(&mut f, "from");
                let to = phrases(&mut f, "to");
                if from.is_empty() || to.is_empty() {
                    f.diags.error(
                        path,
                        Some(pos),
                        "`from` and `to` each need at least one phrase",
                    );
                    None
                } else {
                    Some(Synonym {
                        from,
                        to,
                        group: false,
                        source: Source {
                            path: path.to_path_buf(),
                            pos,
                        },
                    })
                }
            }
            (true, _, _) => {
                f.diags.error(
                    path,
                    Some(pos),
                    "an item has either `words` or `from` and `to`, not both: make two items",
                );
                None
            }
            _ => {
                let missing = if has(&f, "from") { "to" } else { "from" };
                f.diags.error(path, Some(pos), format!("this item has no `{missing}`: write `{{words: [a, b]}}` for words that mean the same, or `{{from: [what residents type], to: [words entries use]}}`"));
                None
            }
        };
        f.finish();
        out.extend(synonym);
    }
    cycles(&out, diags);
    out
}

/// Warns where `from`/`to` items lead back to where they started (`A` → `B` → `A`):
/// expansions are not chained, so such items mean the same as one `words` group.
fn cycles(items: &[Synonym], diags: &mut Diagnostics) {
    // word -> (words it leads to, the item that says so)
    let mut edges: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (i, s) in items.iter().enumerate().filter(|(_, s)| !s.group) {
        for from in &s.from {
            // A word in both `from` and `to` of one item is fine: it finds itself.
            for to in s.to.iter().filter(|t| t.text != from.text) {
                edges.entry(&from.text).or_default().push((&to.text, i));
            }
        }
    }
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for (&start, next) in &edges {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<&str>, usize)> =
            next.iter().map(|&(w, i)| (w, vec![start, w], i)).collect();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some((word, path, item)) = stack.pop() {
            if word == start {
                if reported.insert(item) {
                    let s = &items[item];
                    diags.warning(
                        &s.source.path,
                        Some(s.source.pos),
                        format!(
                            "the items lead in a circle ({}): a query word is expanded once, not again through another item; if these mean the same, write one `{{words: [...]}}` item",
                            path.join(" → ")
                        ),
                    );
                }
                continue;
            }
            if !seen.insert(word) {
                continue;
            }
            for &(w, i) in edges.get(word).map(Vec::as_slice).unwrap_or(&[]) {
                let mut p = path.clone();
                p.push(w);
                stack.push((w, p, i));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Synonym>, Vec<String>) {
        let mut d = Diagnostics::default();
        let p = Path::new("content/synonyms.yaml");
        let items = parse_yaml(text, 1, p, &mut d)
            .map(|n| synonyms(&n, p, &mut d))
            .unwrap_or_default();
        (
            items,
            d.clone()
                .into_sorted()
                .iter()
                .map(|x| x.to_string())
                .collect(),
        )
    }

    #[test]
    fn the_shipped_thesaurus_has_no_error() {
        let (items, problems) = parse(SHIPPED);
        let errors: Vec<&String> = problems
            .iter()
            .filter(|p| p.contains(": error: "))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(items.len() > 150, "{}", items.len());
        assert_eq!(shipped().len(), items.len());
    }

    #[test]
    fn groups_and_directed_items_are_read_with_positions() {
        let (items, problems) =
            parse("- {words: [借金, ローン]}\n- from: [酒がやめられない]\n  to: アルコール依存\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(items[0].group && items[0].from == items[0].to);
        assert_eq!(items[1].from[0].text, "酒がやめられない");
        assert_eq!(items[1].to[0].text, "アルコール依存");
        assert_eq!(items[1].to[0].pos, crate::diagnostics::Pos::new(3, 7));
    }

    #[test]
    fn mistakes_are_located() {
        let (_, problems) = parse(
            "- {words: [借金]}\n- {from: [a]}\n- {words: [a, b], to: [c]}\n- {word: [a, b]}\n",
        );
        assert_eq!(
            problems,
            [
                "content/synonyms.yaml:1:3: error: `words` needs at least two words that mean the same thing",
                "content/synonyms.yaml:2:3: error: this item has no `to`: write `{words: [a, b]}` for words that mean the same, or `{from: [what residents type], to: [words entries use]}`",
                "content/synonyms.yaml:3:3: error: an item has either `words` or `from` and `to`, not both: make two items",
                "content/synonyms.yaml:4:3: error: this item has no `from`: write `{words: [a, b]}` for words that mean the same, or `{from: [what residents type], to: [words entries use]}`",
                "content/synonyms.yaml:4:4: warning: unknown key `word` in this vocabulary item is ignored (did you mean `words`?)",
            ]
        );
    }

    #[test]
    fn circles_are_warned_about() {
        let (_, problems) = parse(
            "- {from: [怒鳴られる], to: [DV]}\n- {from: [DV], to: [怒鳴られる]}\n- {from: [x, y], to: [x, z]}\n",
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("content/synonyms.yaml:1:3: warning: the items lead in a circle"),
            "{problems:?}"
        );
        assert!(
            problems[1]
                .starts_with("content/synonyms.yaml:2:3: warning: the items lead in a circle"),
            "{problems:?}"
        );
        assert!(problems
            .iter()
            .all(|p| p.contains("DV → 怒鳴られる") || p.contains("怒鳴られる → DV")));
    }
}
