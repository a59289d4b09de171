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

/// A YAML syntax error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses one YAML document. `first_line` is the file line the text starts on (front matter
/// starts on line 2). An empty document gives `Ok(None)`.
pub fn parse(text: &str, first_line: usize) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder {
        first_line,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| SyntaxError {
        pos: builder.pos(e.marker()),
        message: e.info().to_string(),
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
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
}

impl Builder {
    fn pos(&self, m: &Marker) -> Pos {
        Pos::new(m.line() + self.first_line - 1, m.col() + 1)
    }

    fn insert(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
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
        let pos = self.pos(&mark);
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
                let node = self.anchors.get(&id).cloned().unwrap_or(Node {
                    value: Value::Null,
                    pos,
                });
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
    fn empty_document_is_none() {
        assert_eq!(parse("", 1).unwrap(), None);
        assert_eq!(parse("# only a comment\n", 1).unwrap(), None);
    }
}
