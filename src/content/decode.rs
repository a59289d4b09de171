//! Text to YAML nodes: the front matter of Markdown files, the lists of YAML files, and
//! where each entry's body comes from ([`EntrySource`]).

use std::path::Path;

use super::yaml::{self, Node, Value};
use crate::diagnostics::{Diagnostics, Pos};

/// Where an entry's fields and body come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySource<'a> {
    /// A `.md` file: front matter, then the Markdown body starting at line `body_line`. The
    /// file's stem is the default id.
    Markdown {
        stem: &'a str,
        body: &'a str,
        body_line: usize,
    },
    /// One item of a `.yaml` list: `id` is required and `body` is a field.
    YamlItem,
}

/// Parses YAML text that starts on line `first_line` of file `shown`; a syntax error is
/// reported at its position.
pub fn parse_yaml(
    text: &str,
    first_line: usize,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Option<Node> {
    match yaml::parse(text, first_line) {
        Ok(node) => node,
        Err(e) => {
            diags.error(shown, Some(e.pos), e.to_string());
            None
        }
    }
}

/// Splits a Markdown file into front matter, body and the body's first line number.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, i + 3));
        }
        offset += line.len();
    }
    None
}

/// The front matter of a Markdown file (an entry or a page) and its body; `what` names the
/// file's kind in messages.
pub fn markdown<'t>(
    text: &'t str,
    shown: &Path,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<(Node, &'t str, usize)> {
    let Some((yaml_text, body, body_line)) = split_front_matter(text) else {
        diags.error(
            shown,
            Some(Pos::new(1, 1)),
            format!("no front matter: {what} starts with a `---` line, its fields (`title: …` and the others), and another `---` line"),
        );
        return None;
    };
    let Some(node) = parse_yaml(yaml_text, 2, shown, diags) else {
        if yaml_text.trim().is_empty() {
            diags.error(
                shown,
                Some(Pos::new(2, 1)),
                "the front matter is empty: add its fields between the `---` lines",
            );
        }
        return None;
    };
    Some((node, body, body_line))
}

/// The entries of one entry file's text, each with where its body comes from.
pub fn entry_nodes<'t>(
    text: &'t str,
    path: &'t Path,
    shown: &Path,
    diags: &mut Diagnostics,
) -> Vec<(Node, EntrySource<'t>)> {
    if path.extension().is_some_and(|e| e == "md") {
        let Some((node, body, body_line)) = markdown(text, shown, "an entry file", diags) else {
            return Vec::new();
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        return vec![(
            node,
            EntrySource::Markdown {
                stem,
                body,
                body_line,
            },
        )];
    }
    let Some(node) = parse_yaml(text, 1, shown, diags) else {
        return Vec::new();
    };
    match node.value {
        Value::Seq(items) => items
            .into_iter()
            .map(|item| (item, EntrySource::YamlItem))
            .collect(),
        _ => {
            diags.error(shown, Some(node.pos), format!("a .yaml entries file holds a list of entries (each starting with `- id: …`), found {}", node.kind()));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_body_starts_after_the_closing_line() {
        let (yaml, body, line) = split_front_matter("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(yaml, "title: a\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("title: a\n").is_none());
    }
}
