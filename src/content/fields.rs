//! Typed reading of a YAML mapping's fields, each problem reported at its node.

use std::path::Path;

use chrono::NaiveDate;

use super::checks::{parse_date, suggest_id, valid_id};
use super::model::Ref;
use super::yaml::{Node, Value};
use crate::diagnostics::{closest, Diagnostics, Pos};

/// Reads the fields of one mapping; `finish` warns about keys nobody asked for.
pub struct Fields<'a> {
    pairs: &'a [(Node, Node)],
    pos: Pos,
    path: &'a Path,
    known: &'static [&'static str],
    pub diags: &'a mut Diagnostics,
    what: &'static str,
}

impl<'a> Fields<'a> {
    /// `what` names the thing in messages ("entry", "area"...). `None` if `node` is not a mapping.
    pub fn new(
        node: &'a Node,
        path: &'a Path,
        known: &'static [&'static str],
        what: &'static str,
        diags: &'a mut Diagnostics,
    ) -> Option<Self> {
        match &node.value {
            Value::Map(pairs) => {
                let mut seen: Vec<&str> = Vec::new();
                for (k, _) in pairs {
                    if let Some(key) = k.as_str() {
                        if seen.contains(&key) {
                            diags.error(
                                path,
                                Some(k.pos),
                                format!("duplicate key `{key}` in this {what}: keep only one"),
                            );
                        }
                        seen.push(key);
                    }
                }
                Some(Fields {
                    pairs,
                    pos: node.pos,
                    path,
                    known,
                    diags,
                    what,
                })
            }
            _ => {
                diags.error(
                    path,
                    Some(node.pos),
                    format!(
                        "expected a {what} (a mapping of `key: value` lines), found {}",
                        node.kind()
                    ),
                );
                None
            }
        }
    }

    pub fn pos(&self) -> Pos {
        self.pos
    }

    pub fn path(&self) -> &Path {
        self.path
    }

    /// The node of `key`, if present and not null.
    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    /// The key and value nodes of `key`, null values included.
    fn entry(&self, key: &str) -> Option<&'a (Node, Node)> {
        self.pairs.iter().find(|(k, _)| k.as_str() == Some(key))
    }

    /// A text field. Lists and mappings are errors, and so are control characters (a
    /// page cannot show them): reported, and the value is kept without them.
    pub fn string(&mut self, key: &str) -> Option<(String, Pos)> {
        self.text(key, false)
    }

    /// [`Fields::string`]; with `one_line`, line breaks are control characters too.
    fn text(&mut self, key: &str, one_line: bool) -> Option<(String, Pos)> {
        let node = self.node(key)?;
        match node.as_str() {
            Some(s) if !s.trim().is_empty() => {
                let refused = |c: char| c.is_control() && c != '\t' && (one_line || c != '\n');
                if let Some((i, c)) = s.trim().chars().enumerate().find(|&(_, c)| refused(c)) {
                    self.diags.error(
                        self.path,
                        Some(node.pos),
                        format!(
                            "`{key}` contains the control character U+{:04X} (character {}): remove it{}",
                            u32::from(c),
                            i + 1,
                            if one_line && (c == '\n' || c == '\r') { "; this value is one line" } else { "" }
                        ),
                    );
                }
                let kept: String = s.trim().chars().filter(|&c| !refused(c)).collect();
                Some((kept, node.pos))
            }
            Some(_) => None,
            None => {
                self.diags.error(
                    self.path,
                    Some(node.pos),
                    format!("`{key}` must be text, found {}", node.kind()),
                );
                None
            }
        }
    }

    pub fn opt_string(&mut self, key: &str) -> Option<String> {
        self.string(key).map(|(s, _)| s)
    }

    /// A one-line text field that must be there and not be blank.
    pub fn required_string(&mut self, key: &str) -> Option<(String, Pos)> {
        let value = self.text(key, true);
        if value.is_none() {
            match self.entry(key) {
                None => self.missing(key),
                Some((k, v)) if v.is_null() || v.as_str().is_some() => {
                    let pos = if v.is_null() { k.pos } else { v.pos };
                    self.diags.error(
                        self.path,
                        Some(pos),
                        format!("`{key}` is empty: write its value after `{key}:`, it is required"),
                    );
                }
                Some(_) => {} // not text: reported by `string`
            }
        }
        value
    }

    /// A required, well-formed id (`[a-z0-9][a-z0-9-]*`).
    pub fn id(&mut self, key: &str) -> Option<String> {
        let (id, pos) = self.required_string(key)?;
        if valid_id(&id) {
            Some(id)
        } else {
            self.diags.error(self.path, Some(pos), format!("id `{id}` may only use a-z, 0-9 and `-` (and start with a letter or digit), e.g. `{}`", suggest_id(&id)));
            None
        }
    }

    pub fn missing(&mut self, key: &str) {
        let what = self.what;
        self.diags.error(
            self.path,
            Some(self.pos),
            format!("this {what} has no `{key}`: add `{key}: …`, it is required"),
        );
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn list(&mut self, key: &str) -> Vec<(String, Pos)> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Scalar(s) => vec![(s.trim().to_string(), node.pos)],
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match item.as_str() {
                    Some(s) => Some((s.trim().to_string(), item.pos)),
                    None if item.is_null() => None,
                    None => {
                        self.diags.error(
                            self.path,
                            Some(item.pos),
                            format!("each item of `{key}` must be text, found {}", item.kind()),
                        );
                        None
                    }
                })
                .filter(|(s, _)| !s.is_empty())
                .collect(),
            _ => {
                self.diags.error(
                    self.path,
                    Some(node.pos),
                    format!(
                        "`{key}` must be a list or a single text, found {}",
                        node.kind()
                    ),
                );
                Vec::new()
            }
        }
    }

    /// Ids of areas or categories; `required` asks for at least one.
    pub fn refs(&mut self, key: &str, required: bool) -> Vec<Ref> {
        let refs: Vec<Ref> = self
            .list(key)
            .into_iter()
            .map(|(id, pos)| Ref { id, pos })
            .collect();
        if refs.is_empty() && required {
            let what = self.what;
            if self.node(key).is_some() {
                let pos = self.node(key).map(|n| n.pos);
                self.diags.error(
                    self.path,
                    pos,
                    format!("`{key}` is empty: give at least one id"),
                );
            } else {
                self.diags.error(self.path, Some(self.pos), format!("this {what} has no `{key}`: add `{key}: [id, …]`, at least one is required"));
            }
        }
        refs
    }

    /// `true` or `false` (`yes`/`no` too); absent is `None`.
    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let (v, pos) = self.string(key)?;
        match v.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => {
                self.diags.error(
                    self.path,
                    Some(pos),
                    format!("`{key}: {v}` must be true or false"),
                );
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let (s, pos) = self.string(key)?;
        match parse_date(&s) {
            Some(d) => Some(d),
            None => {
                self.diags.error(
                    self.path,
                    Some(pos),
                    format!("`{key}: {s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01"),
                );
                None
            }
        }
    }

    /// Warns about every key not in the known list, naming the closest known key.
    pub fn finish(self) {
        for (k, _) in self.pairs {
            let Some(key) = k.as_str() else {
                self.diags
                    .error(self.path, Some(k.pos), "keys must be plain text");
                continue;
            };
            if !self.known.contains(&key) {
                let hint = match closest(key, self.known.iter().copied()) {
                    Some(c) => format!(" (did you mean `{c}`?)"),
                    None => format!(" (known keys: {})", self.known.join(", ")),
                };
                self.diags.warning(
                    self.path,
                    Some(k.pos),
                    format!("unknown key `{key}` in this {} is ignored{hint}", self.what),
                );
            }
        }
    }
}
