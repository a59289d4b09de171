//! One diagnostic type for every layer: file, line, column, severity and message.
//!
//! It is rendered once for the terminal (`path:line:column: error: message`), once for
//! GitHub Actions annotations, and (by `serve`) once for the browser overlay.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a diagnostic is: errors fail the run, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// A problem found in the user's content, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// `None` when the problem concerns the whole file (unreadable, not UTF-8 at byte 0...).
    pub pos: Option<Pos>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos,
            message: message.into(),
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.into(),
            pos,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A GitHub Actions workflow command, so the problem shows on the pull request's line.
    pub fn github_annotation(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = format!("file={}", escape_property(&self.path.to_string_lossy()));
        if let Some(pos) = self.pos {
            props.push_str(&format!(",line={},col={}", pos.line, pos.column));
        }
        format!("::{kind} {props}::{}", escape_data(&self.message))
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message`, the format editors and CI logs understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.pos {
            Some(p) => write!(
                f,
                "{}:{}:{}: {kind}: {}",
                self.path.display(),
                p.line,
                p.column,
                self.message
            ),
            None => write!(f, "{}: {kind}: {}", self.path.display(), self.message),
        }
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Collects diagnostics during a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, path: &Path, pos: Option<Pos>, message: impl Into<String>) {
        self.push(Diagnostic::error(path, pos, message));
    }

    pub fn warning(&mut self, path: &Path, pos: Option<Pos>, message: impl Into<String>) {
        self.push(Diagnostic::warning(path, pos, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| !d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, so output is stable across runs.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let d = Diagnostic::error("content/entries/a.md", Some(Pos::new(3, 5)), "bad");
        assert_eq!(d.to_string(), "content/entries/a.md:3:5: error: bad");
    }

    #[test]
    fn github_annotation_escapes_newlines_and_commas() {
        let d = Diagnostic::warning("a,b.md", Some(Pos::new(1, 2)), "x\ny");
        assert_eq!(
            d.github_annotation(),
            "::warning file=a%2Cb.md,line=1,col=2::x%0Ay"
        );
    }

    #[test]
    fn closest_suggests_a_likely_typo_only() {
        let keys = ["categories", "areas", "title"];
        assert_eq!(closest("categoris", keys), Some("categories"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }
}
