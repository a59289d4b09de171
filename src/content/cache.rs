//! The parse cache of `serve`: entry files parsed by an earlier load, reused while their
//! modification time and size are unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::model::Entry;
use crate::diagnostics::Diagnostics;

/// Parsed entry files kept between loads, so `serve` re-reads only files that changed.
#[derive(Debug, Default)]
pub struct LoadCache {
    pub(super) entries: HashMap<PathBuf, Arc<CachedFile>>,
    /// The entry files of the last load, in load order.
    pub(super) files: Vec<PathBuf>,
}

/// One entry file as parsed: its entries and problems, and the stamp it had.
#[derive(Debug)]
pub(super) struct CachedFile {
    pub stamp: Stamp,
    pub entries: Vec<Arc<Entry>>,
    pub diags: Diagnostics,
}

/// A file's modification time and size.
pub(super) type Stamp = (Option<SystemTime>, u64);

pub(super) fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .map(|m| (m.modified().ok(), m.len()))
        .unwrap_or((None, 0))
}

impl LoadCache {
    /// The cached parse of `path`, if its stamp still matches.
    pub(super) fn fresh(&self, path: &Path, stamp: Stamp) -> Option<Arc<CachedFile>> {
        self.entries
            .get(path)
            .filter(|c| c.stamp == stamp && stamp.0.is_some())
            .cloned()
    }
}
