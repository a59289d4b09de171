//! YAML with positions: a small tree built from yaml-rust2's marked events, so every
//! diagnostic can name the line and column of the offending node.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Pos;

/// A YAML node and where it starts in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The shapes a node can take. Scalars stay text: the content layer decides their type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The node's text if it is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// What kind of node this is, in words for error messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "an empty value",
            Value::Scalar(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax error, or a limit crossed, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    /// A limit ([`MAX_DEPTH`], [`MAX_ALIAS_NODES`]) rather than broken syntax.
    pub limit: bool,
}

impl std::fmt::Display for SyntaxError {
    /// The message users see, with the fix.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.limit {
            write!(f, "YAML too large to read: {}", self.message)
        } else {
            write!(
                f,
                "broken YAML: {} (check indentation, `:` after keys and closing quotes/brackets)",
                self.message
            )
        }
    }
}

/// How deeply lists and mappings may nest: entries need a handful of levels; thousands
/// would only exhaust the stack of whatever walks the tree.
pub const MAX_DEPTH: usize = 64;

/// How many nodes aliases (`*name`) may copy in one file in all: enough for any real use,
/// far too few for an alias bomb ("billion laughs"), which would fill memory.
pub const MAX_ALIAS_NODES: usize = 10_000;

/// Parses one YAML document. `first_line` is the file line the text starts on (front matter
/// starts on line 2). An empty document gives `Ok(None)`. Nesting deeper than
/// [`MAX_DEPTH`] and aliases copying more than [`MAX_ALIAS_NODES`] nodes are errors at the
/// node that crossed the limit.
pub fn parse(text: &str, first_line: usize) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder {
        first_line,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        aliased: 0,
        limit: None,
    };
    // yaml-rust2 recurses on nested block collections: refuse deep indentation before it
    // runs out of stack.
    if let Some(line) = too_deeply_indented(text) {
        return Err(SyntaxError {
            pos: Pos::new(line + first_line - 1, 1),
            message: format!(
                "lists and mappings nest more than {MAX_DEPTH} levels deep here: entries need only a few"
            ),
            limit: true,
        });
    }
    let mut parser = Parser::new_from_str(text);
    let parsed = parser.load(&mut builder, false);
    // A limit crossed comes first: the parser may fail later on the same input.
    if let Some(e) = builder.limit {
        return Err(e);
    }
    parsed.map_err(|e| SyntaxError {
        pos: builder.pos(e.marker()),
        message: e.info().to_string(),
        limit: false,
    })?;
    Ok(builder.root)
}

enum Frame {
    Seq(Node, usize),
    Map(Node, usize, Option<Node>),
}

struct Builder {
    first_line: usize,
    stack: Vec<Frame>,
    /// Anchored nodes and how many nodes each holds.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    /// Nodes copied by aliases so far.
    aliased: usize,
    /// The first limit crossed; later events are ignored.
    limit: Option<SyntaxError>,
}

/// The first (1-based) line whose indentation is more than [`MAX_DEPTH`] levels deep,
/// counting each deeper indentation (and each `- ` that opens a list on the line) as one
/// level.
fn too_deeply_indented(text: &str) -> Option<usize> {
    let mut indents: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let rest = line.trim_start_matches(' ');
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let indent = line.len() - rest.len();
        while indents.last().is_some_and(|&top| top >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let dashes = rest.split_inclusive(' ').take_while(|w| *w == "- ").count();
        if indents.len() + dashes > MAX_DEPTH {
            return Some(i + 1);
        }
    }
    None
}

/// How many nodes `node` holds, itself included.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Null | Value::Scalar(_) => 0,
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(pairs) => pairs.iter().map(|(k, v)| size(k) + size(v)).sum(),
    }
}

impl Builder {
    fn pos(&self, m: &Marker) -> Pos {
        Pos::new(m.line() + self.first_line - 1, m.col() + 1)
    }

    fn insert(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size(&node)));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(seq, _)) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Frame::Map(map, _, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if let Value::Map(pairs) = &mut map.value {
                        pairs.push((k, node));
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.limit.is_some() {
            return;
        }
        let pos = self.pos(&mark);
        if matches!(ev, Event::SequenceStart(..) | Event::MappingStart(..))
            && self.stack.len() >= MAX_DEPTH
        {
            self.limit = Some(SyntaxError {
                pos,
                message: format!(
                    "lists and mappings nest more than {MAX_DEPTH} levels deep here: entries need only a few"
                ),
                limit: true,
            });
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                let is_null = style == TScalarStyle::Plain
                    && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let value = if is_null {
                    Value::Null
                } else {
                    Value::Scalar(text)
                };
                self.insert(Node { value, pos }, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq(
                Node {
                    value: Value::Seq(Vec::new()),
                    pos,
                },
                anchor,
            )),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map(
                Node {
                    value: Value::Map(Vec::new()),
                    pos,
                },
                anchor,
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (mut node, anchor) = match frame {
                        Frame::Seq(n, a) => (n, a),
                        Frame::Map(n, a, _) => (n, a),
                    };
                    // The parser marks a block mapping after its first key; point at the key.
                    if let Value::Map(pairs) = &node.value {
                        if let Some((k, _)) = pairs.first() {
                            node.pos = node.pos.min(k.pos);
                        }
                    }
                    self.insert(node, anchor);
                }
            }
            Event::Alias(id) => {
                let (node, n) = self.anchors.get(&id).cloned().unwrap_or((
                    Node {
                        value: Value::Null,
                        pos,
                    },
                    1,
                ));
                self.aliased += n;
                if self.aliased > MAX_ALIAS_NODES {
                    self.limit = Some(SyntaxError {
                        pos,
                        message: format!(
                            "aliases (`*name`) copy more than {MAX_ALIAS_NODES} values in this file: write the values out instead"
                        ),
                        limit: true,
                    });
                    return;
                }
                self.insert(Node { pos, ..node }, 0);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_columns() {
        let root = parse("title: 相談\nphones:\n  - 06-1234-5678\n", 1)
            .unwrap()
            .unwrap();
        let Value::Map(pairs) = root.value else {
            panic!()
        };
        assert_eq!(pairs[0].1.pos, Pos::new(1, 8));
        let Value::Seq(items) = &pairs[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos::new(3, 5));
        assert_eq!(items[0].as_str(), Some("06-1234-5678"));
    }

    #[test]
    fn first_line_offsets_positions_for_front_matter() {
        let root = parse("title: x\n", 2).unwrap().unwrap();
        let Value::Map(pairs) = root.value else {
            panic!()
        };
        assert_eq!(pairs[0].0.pos, Pos::new(2, 1));
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse("title: [unclosed\nx: y\n", 1).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 2));
        assert_eq!(err.message, "illegal placement of ':' indicator");
        // in front matter, lines count from the file's second line
        let err = parse("title: a\n  b: c\n", 2).unwrap_err();
        assert_eq!(err.pos.line, 3);
    }

    #[test]
    fn plain_null_words_are_null_but_quoted_ones_are_text() {
        let root = parse("a: ~\nb: 'null'\nc:\n", 1).unwrap().unwrap();
        let Value::Map(pairs) = root.value else {
            panic!()
        };
        assert!(pairs[0].1.is_null());
        assert_eq!(pairs[1].1.as_str(), Some("null"));
        assert!(pairs[2].1.is_null());
    }

    #[test]
    fn an_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
        assert_eq!(err.pos.line, 4, "{err:?}");
        // A few aliases are fine.
        assert!(parse("a: &a [1, 2]\nb: *a\n", 1).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        // Flow style: the scanner stops first (its own limit), at a position.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&deep, 1).unwrap_err();
        assert_eq!(err.pos.line, 1, "{err:?}");
        let mut block = String::new();
        for level in 0..2_000 {
            block.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        let err = parse(&block, 1).unwrap_err();
        assert!(err.message.contains("nest"), "{err:?}");
        assert_eq!(err.pos.line, MAX_DEPTH + 1, "{err:?}");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok, 1).is_ok());
    }

    #[test]
    fn empty_document_is_none() {
        assert_eq!(parse("", 1).unwrap(), None);
        assert_eq!(parse("# only a comment\n", 1).unwrap(), None);
    }
}
