//! `tsunagu import csv`: a municipality's open-data CSV (the Digital Agency's
//! 自治体標準オープンデータセット layouts: 公共施設一覧, 介護サービス事業所一覧, 医療機関一覧,
//! 子育て施設一覧 …) to entries, written as one YAML list per imported file
//! (`content/entries/imported/<file>.yaml`).
//!
//! - [`decode`]: the file's bytes to text (UTF-8 ± BOM, UTF-16, Shift_JIS) and separator;
//! - [`columns`]: which header is which column, over the spellings real files use;
//! - [`values`]: cells repaired (Excel's times and phone numbers, day lists, readings);
//! - [`row`]: one row to one entry, or why it cannot be one;
//! - [`write`]: the entries as YAML.
//!
//! Ids are stable (the dataset's ID or NO, else the name, after the municipality code), so
//! importing the same file again rewrites the same entries instead of adding new ones.

pub mod columns;
pub mod decode;
pub mod row;
pub mod values;
pub mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::taxonomy::Kind;
use crate::validate::Site;
use columns::Column;

/// Where imported files are written, under the site root.
pub const IMPORT_DIR: &str = "content/entries/imported";

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not UTF-8, UTF-16 or Shift_JIS text: save it as CSV (UTF-8) and try again", .0.display())]
    Encoding(PathBuf),
    #[error("{}:1: no column holds the names (名称, 事業所名, 施設名 …): is the first line the header?{hint}", path.display())]
    NoName { path: PathBuf, hint: String },
    #[error("{}: {message}", path.display())]
    Csv { path: PathBuf, message: String },
    #[error(transparent)]
    UnknownTerm(#[from] crate::taxonomy::UnknownTerm),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A row that could not be used, or was used with a repair: its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: u64,
    pub message: String,
}

/// What an import did.
#[derive(Debug)]
pub struct Report {
    /// The file written.
    pub written: PathBuf,
    pub entries: usize,
    pub encoding: decode::Encoding,
    /// Rows not imported, and why (the import exits 1 when there is any).
    pub skipped: Vec<Note>,
    /// Values repaired or left out of a field (kept in the body), per row.
    pub repaired: Vec<Note>,
    /// Header cells no column of the table matches (their values go to the body).
    pub unknown_columns: Vec<(String, Option<&'static str>)>,
}

/// The line (1-based) of `text` at a reader position (csv's own line count depends on the
/// line endings, its byte offset does not).
fn line_at(text: &str, at: Option<&csv::Position>) -> u64 {
    let bytes = text.as_bytes();
    let mut byte = at.map_or(0, |p| p.byte() as usize).min(bytes.len());
    // a record's position may be at the end of the line before it (CRLF, blank lines)
    while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
        byte += 1;
    }
    bytes[..byte].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Imports `file` into the site at `root`, every entry under `area` and `category`.
pub fn import_csv(
    root: &Path,
    site: &Site,
    file: &Path,
    area: &str,
    category: &str,
) -> Result<Report, ImportError> {
    Kind::Area.check(site, area)?;
    Kind::Category.check(site, category)?;
    let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let (text, encoding) =
        decode::decode(&bytes).ok_or_else(|| ImportError::Encoding(file.to_path_buf()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(decode::delimiter(&text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| ImportError::Csv {
        path: file.to_path_buf(),
        message: e.to_string(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut unknown_columns = Vec::new();
    let layout: Vec<(String, Option<Column>)> = headers
        .iter()
        .map(|h| {
            let c = columns::column(h);
            if c.is_none() && !h.trim().is_empty() {
                unknown_columns.push((h.clone(), columns::closest(h)));
            }
            (h.trim().to_string(), c)
        })
        .collect();
    if !layout.iter().any(|(_, c)| *c == Some(Column::Name)) {
        let hint = headers
            .iter()
            .find_map(|h| columns::closest(h).map(|c| format!(" (`{h}`: did you mean `{c}`?)")))
            .unwrap_or_default();
        return Err(ImportError::NoName {
            path: file.to_path_buf(),
            hint,
        });
    }

    let stem = values::slug(
        &file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let stem = if stem.is_empty() {
        "import".to_string()
    } else {
        stem
    };
    let out = root.join(IMPORT_DIR).join(format!("{stem}.yaml"));
    // Ids other files already use (this file's own entries are about to be replaced).
    let taken: HashMap<&str, &Path> = site
        .entries
        .iter()
        .filter(|e| e.source.path != out && root.join(&e.source.path) != out)
        .map(|e| (e.id.as_str(), e.source.path.as_path()))
        .collect();

    let mut entries: BTreeMap<String, row::Imported> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut repaired = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = line_at(&text, e.position());
                skipped.push(Note {
                    line,
                    message: format!("not readable as CSV ({e}): check its quotes"),
                });
                break;
            }
        }
        let line = line_at(&text, record.position());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != layout.len() {
            let why = if record.iter().any(|c| c.contains('\n')) {
                "a quote opened on this line is never closed (a quoted field runs on)"
            } else {
                "check its commas and quotes: a value holding a comma or a line break must be quoted"
            };
            skipped.push(Note {
                line,
                message: format!(
                    "it has {} fields where the header has {}: {why}",
                    record.len(),
                    layout.len()
                ),
            });
            continue;
        }
        let cells: Vec<(&str, Option<Column>, &str)> = layout
            .iter()
            .zip(record.iter())
            .map(|((h, c), v)| (h.as_str(), *c, v))
            .collect();
        match row::convert(&cells, area, category) {
            Err(why) => skipped.push(Note { line, message: why }),
            Ok(mut got) => {
                repaired.extend(got.repairs.drain(..).map(|message| Note { line, message }));
                let mut id = got.id.clone();
                if entries.contains_key(&id) {
                    // Two rows without an ID of their own and the same name: the address tells them apart.
                    id = format!(
                        "{id}-{}",
                        row::short_hash(&got.address.clone().unwrap_or_default())
                    );
                }
                if entries.contains_key(&id) {
                    skipped.push(Note {
                        line,
                        message: format!("the same entry as an earlier row (id `{id}`)"),
                    });
                    continue;
                }
                if let Some(path) = taken.get(id.as_str()) {
                    skipped.push(Note {
                        line,
                        message: format!(
                            "id `{id}` is already used by an entry in {}: import into another area or remove that entry",
                            path.display()
                        ),
                    });
                    continue;
                }
                got.id = id.clone();
                entries.insert(id, got);
            }
        }
    }

    let yaml = write::yaml(
        &file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        entries.values(),
    );
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|source| ImportError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    // Written beside, then renamed over: a `serve` watching the folder never reads half a file.
    let tmp = out.with_extension(format!("yaml.tmp-{}", std::process::id()));
    std::fs::write(&tmp, yaml.as_bytes())
        .and_then(|()| std::fs::rename(&tmp, &out))
        .map_err(|source| ImportError::Write {
            path: out.clone(),
            source,
        })?;
    Ok(Report {
        written: out,
        entries: entries.len(),
        encoding,
        skipped,
        repaired,
        unknown_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_named_by_the_line_they_start_on() {
        let text = "名称,説明\r\nA,x\r\nB,\"two\r\nlines\"\r\n\r\nC,\"never closed\r\nD,y\r\n";
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        let mut lines = Vec::new();
        while r.read_record(&mut rec).unwrap() {
            lines.push((
                line_at(text, rec.position()),
                rec.get(0).unwrap().to_string(),
            ));
        }
        assert_eq!(
            lines,
            [
                (2, "A".to_string()),
                (3, "B".to_string()),
                (6, "C".to_string())
            ]
        );
    }
}
