//! The hotcache: every byte range opening the index reads (meta.json, footers, the term
//! dictionaries of the text fields, fieldnorms, facet columns, the doc store's skip
//! index, `vocabulary.json`), in one file, so the browser opens the index with a single
//! request and fetches only postings and result cards by range afterwards.
//!
//! Written at build time by opening the built index through a recording
//! [`RangeDirectory`] (Quickwit's method): nothing is listed by hand, so what the query
//! side reads on open is always in it.
//!
//! Layout (integers little-endian): `TSHC`, `u32` version, `u32` header length, the JSON
//! [`Header`], then the slices' bytes in header order. The site stores it gzip-compressed.

use serde::{Deserialize, Serialize};

use crate::directory::RangeDirectory;

/// First bytes of a hotcache.
pub const MAGIC: &[u8; 4] = b"TSHC";
/// The layout's version.
pub const VERSION: u32 = 1;

/// What a hotcache holds: every index file with its length and the slices given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Files sorted by name.
    pub files: Vec<FileSlices>,
}

/// One file of the index: its length and the `[start, len]` slices the hotcache holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSlices {
    /// File name.
    pub name: String,
    /// Length in bytes.
    pub len: u64,
    /// Sorted, disjoint `[start, len]` pairs.
    pub slices: Vec<(u64, u64)>,
}

/// The hotcache of the index files `files`, holding what `touch` reads of them (it opens
/// a searcher on the directory it is given).
pub fn write(
    files: &[(String, Vec<u8>)],
    touch: impl FnOnce(&RangeDirectory) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let dir = RangeDirectory::recording(files.iter().cloned());
    touch(&dir)?;
    let recorded = dir.recorded();
    let mut header = Header { files: Vec::new() };
    let mut body: Vec<u8> = Vec::new();
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, data) in sorted {
        let slices: Vec<(u64, u64)> = recorded
            .iter()
            .filter(|m| &m.file == name)
            .map(|m| (m.start, m.end - m.start))
            .collect();
        for &(start, len) in &slices {
            body.extend_from_slice(&data[start as usize..(start + len) as usize]);
        }
        header.files.push(FileSlices {
            name: name.clone(),
            len: data.len() as u64,
            slices,
        });
    }
    let json = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(12 + json.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&body);
    Ok(out)
}

/// A directory holding what the hotcache `bytes` (uncompressed) holds, every file declared.
pub fn open(bytes: &[u8]) -> Result<RangeDirectory, String> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a search index hotcache (bad magic)")?;
    let word = |b: &[u8], at: usize| -> Result<u32, String> {
        b.get(at..at + 4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .ok_or_else(|| "the hotcache is truncated".to_string())
    };
    let version = word(rest, 0)?;
    if version != VERSION {
        return Err(format!(
            "hotcache version {version}, this runtime reads version {VERSION}: rebuild the site"
        ));
    }
    let header_len = word(rest, 4)? as usize;
    let json = rest
        .get(8..8 + header_len)
        .ok_or("the hotcache is truncated")?;
    let header: Header = serde_json::from_slice(json).map_err(|e| format!("bad hotcache: {e}"))?;
    let mut body = &rest[8 + header_len..];
    let dir = RangeDirectory::default();
    for f in &header.files {
        if f.name.is_empty() || f.name.contains('/') || f.name.contains('\\') {
            return Err(format!("bad file name {:?} in the hotcache", f.name));
        }
        dir.declare(&f.name, f.len);
        for &(start, len) in &f.slices {
            let len = len as usize;
            if body.len() < len || start + len as u64 > f.len {
                return Err("the hotcache is truncated".into());
            }
            dir.provide(&f.name, start, &body[..len]);
            body = &body[len..];
        }
    }
    if !body.is_empty() {
        return Err("trailing bytes after the hotcache's slices".into());
    }
    Ok(dir)
}
