//! Files to text: walking `content/`, reading bytes and decoding them as UTF-8, naming
//! the encoding when a file is not (Shift_JIS is common here).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Pos};

/// Files with one of `exts` below `dir`, sorted, hidden files skipped. Nothing is skipped
/// in silence: a folder or file that cannot be read, and a link that leads outside `root`,
/// are errors; a file whose extension is one of `exts` in other letters or `markdown`
/// (`.MD`, `.markdown`) is a warning that it was not read. Links inside `root` are followed.
pub fn files_under(
    root: &Path,
    dir: &Path,
    exts: &[&str],
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    let walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| shown(root, p))
                    .unwrap_or_else(|| shown(root, dir));
                let why = if e.loop_ancestor().is_some() {
                    "a link that leads back into its own folder".to_string()
                } else {
                    e.io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string())
                };
                diags.error(&at, None, format!("cannot read this, so its entries would be lost: {why}; fix its permissions or remove it"));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&real_root));
            if !inside {
                diags.error(
                    &shown(root, path),
                    None,
                    "this link leads outside the site folder: copy the files in instead",
                );
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if has_extension(path, exts) {
            out.push(path.to_path_buf());
        } else if let Some(ext) = path.extension().and_then(|x| x.to_str()) {
            let lower = ext.to_lowercase();
            if exts.contains(&lower.as_str()) || (lower == "markdown" && exts.contains(&"md")) {
                diags.warning(
                    &shown(root, path),
                    None,
                    format!(
                        "not read: files here must end in {} (lowercase); rename it",
                        exts.iter()
                            .map(|e| format!(".{e}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
    out
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

/// The environment variable that sets the largest content file read, in MB.
pub const MAX_FILE_MB_VAR: &str = "TSUNAGU_MAX_FILE_MB";

/// The largest content file read: 10 MB (thousands of entries in one YAML list), or
/// [`MAX_FILE_MB_VAR`]. A file is held whole, with its parsed tree, so one huge file must
/// not decide the build's memory.
fn max_file_bytes() -> u64 {
    std::env::var(MAX_FILE_MB_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(10)
        .saturating_mul(1_000_000)
}

/// Reads a file as UTF-8 text (a BOM is dropped, CRLF becomes LF); names the problem,
/// and a likely Shift_JIS, when it is not UTF-8.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let shown = shown(root, path);
    let limit = max_file_bytes();
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > limit {
            diags.error(
                &shown,
                None,
                format!(
                    "this file is {:.1} MB, more than the {} MB a content file may have: split it (one YAML list per area, say), or raise the limit with the environment variable {MAX_FILE_MB_VAR}",
                    meta.len() as f64 / 1e6,
                    limit / 1_000_000
                ),
            );
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(&shown, None, format!("cannot read this file: {e}"));
            return None;
        }
    };
    // UTF-16 (a byte-order mark, or the NUL bytes of its ASCII letters) is named as such:
    // some of it would even pass as UTF-8, with a NUL in every other character.
    let nul = bytes.iter().take(4096).filter(|&&b| b == 0).count();
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || nul > 0 {
        let hint = if nul > 0
            && !bytes.starts_with(b"\xFF\xFE")
            && !bytes.starts_with(b"\xFE\xFF")
            && nul < 4
        {
            "it contains NUL bytes, which text never has: remove them or save the file again as UTF-8"
        } else {
            "it is UTF-16: save it as UTF-8 (in most editors: 文字コード → UTF-8)"
        };
        diags.error(&shown, None, format!("this file is not UTF-8 text; {hint}"));
        return None;
    }
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
