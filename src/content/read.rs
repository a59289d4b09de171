//! Files to text: walking `content/`, reading bytes and decoding them as UTF-8, naming
//! the encoding when a file is not (Shift_JIS is common here).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Pos};

/// Files with one of `exts` below `dir`, sorted, hidden files skipped.
pub fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| has_extension(p, exts))
        .collect()
}

/// Whether `path` ends in one of `exts`.
pub fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| exts.contains(&x))
}

/// `path` relative to `root`, as shown to users.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a file as UTF-8 text (a BOM is dropped, CRLF becomes LF); names the problem,
/// and a likely Shift_JIS, when it is not UTF-8.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let shown = shown(root, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(&shown, None, format!("cannot read this file: {e}"));
            return None;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.replace("\r\n", "\n")),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(
                &good[good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..],
            )
            .chars()
            .count()
                + 1;
            let (_, _, sjis_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            let hint = if !sjis_errors {
                "it looks like Shift_JIS: save it as UTF-8 (in most editors: 文字コード → UTF-8)"
            } else {
                "it may be Shift_JIS or another legacy encoding: save it as UTF-8"
            };
            diags.error(
                &shown,
                Some(Pos::new(line, column)),
                format!("this file is not UTF-8 text; {hint}"),
            );
            None
        }
    }
}
