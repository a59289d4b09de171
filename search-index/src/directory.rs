//! The index's files as byte ranges, read on demand: the browser holds only what it has
//! fetched (the hotcache, then the ranges queries needed), the command line holds whole
//! files. A read of a range nobody has provided is recorded as *missing*: the search then
//! answers with the ranges to fetch (see [`crate::query::SearchError::Missing`]) instead
//! of results, and the caller searches again once they are provided.
//!
//! tantivy reads through [`FileHandle::read_bytes`] (sync) and, in its warm-up functions,
//! `read_bytes_async`: a missing range makes the first fail and the second stay pending
//! forever; the search polls warm-ups once, so every range a query needs is recorded in
//! one pass (Quickwit's scheme, without an async runtime).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Directory, HasLen};

/// A byte range of an index file that a search needs and nobody has provided yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Missing {
    /// File name, e.g. `4b2f….idx`.
    pub file: String,
    /// First byte.
    pub start: u64,
    /// End, exclusive.
    pub end: u64,
}

/// What has been provided of one file.
#[derive(Default)]
struct CachedFile {
    len: u64,
    /// Disjoint slices by start offset; neighbours are merged on insert.
    slices: BTreeMap<u64, OwnedBytes>,
}

impl CachedFile {
    /// The cached bytes of `range`, if one slice holds them all.
    fn get(&self, range: &Range<u64>) -> Option<OwnedBytes> {
        let (&start, bytes) = self.slices.range(..=range.start).next_back()?;
        let end = start + bytes.len() as u64;
        (range.end <= end)
            .then(|| bytes.slice((range.start - start) as usize..(range.end - start) as usize))
    }

    fn insert(&mut self, start: u64, data: &[u8]) {
        let mut lo = start;
        let mut hi = start + data.len() as u64;
        // Every slice that touches [lo, hi) is merged into one.
        let touching: Vec<u64> = self
            .slices
            .range(..=hi)
            .filter(|(&s, b)| s + b.len() as u64 >= lo)
            .map(|(&s, _)| s)
            .collect();
        if touching.len() == 1 {
            let b = &self.slices[&touching[0]];
            if touching[0] <= lo && touching[0] + b.len() as u64 >= hi {
                return; // already there
            }
        }
        for s in &touching {
            let b = &self.slices[s];
            lo = lo.min(*s);
            hi = hi.max(*s + b.len() as u64);
        }
        let mut merged = vec![0u8; (hi - lo) as usize];
        for s in &touching {
            let b = self.slices.remove(s).expect("listed above");
            merged[(*s - lo) as usize..(*s - lo) as usize + b.len()].copy_from_slice(&b);
        }
        merged[(start - lo) as usize..(start - lo) as usize + data.len()].copy_from_slice(data);
        self.slices.insert(lo, OwnedBytes::new(merged));
    }

    fn cached_bytes(&self) -> u64 {
        self.slices.values().map(|b| b.len() as u64).sum()
    }
}

#[derive(Default)]
struct Inner {
    files: RwLock<HashMap<String, CachedFile>>,
    missing: Mutex<BTreeSet<Missing>>,
    /// Every range read, when recording (what the hotcache is made of).
    recorded: Option<Mutex<BTreeSet<Missing>>>,
}

/// A read-only tantivy [`Directory`] of files known by name and length, whose bytes are
/// provided range by range (see the module docs).
#[derive(Clone, Default)]
pub struct RangeDirectory {
    inner: Arc<Inner>,
}

impl fmt::Debug for RangeDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files = self.inner.files.read().expect("lock");
        f.debug_struct("RangeDirectory")
            .field("files", &files.len())
            .finish()
    }
}

impl RangeDirectory {
    /// A directory of whole files (the command line, tests, the `file://` page).
    pub fn with_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> RangeDirectory {
        let dir = RangeDirectory::default();
        for (name, data) in files {
            dir.declare(&name, data.len() as u64);
            dir.provide(&name, 0, &data);
        }
        dir
    }

    /// Like [`RangeDirectory::with_files`], recording every range read (to write a hotcache).
    pub fn recording(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> RangeDirectory {
        let dir = RangeDirectory {
            inner: Arc::new(Inner {
                recorded: Some(Mutex::new(BTreeSet::new())),
                ..Inner::default()
            }),
        };
        for (name, data) in files {
            dir.declare(&name, data.len() as u64);
            dir.provide(&name, 0, &data);
        }
        dir
    }

    /// Makes a file known, with its length (its bytes come later).
    pub fn declare(&self, name: &str, len: u64) {
        let mut files = self.inner.files.write().expect("lock");
        files.entry(name.to_string()).or_default().len = len;
    }

    /// Provides `data` at offset `start` of file `name` (ignored beyond the file's end).
    pub fn provide(&self, name: &str, start: u64, data: &[u8]) {
        let mut files = self.inner.files.write().expect("lock");
        if let Some(f) = files.get_mut(name) {
            let end = (start + data.len() as u64).min(f.len);
            if start < end {
                f.insert(start, &data[..(end - start) as usize]);
            }
        }
    }

    /// Whether ranges were found missing since the last [`RangeDirectory::take_missing`].
    pub fn has_missing(&self) -> bool {
        !self.inner.missing.lock().expect("lock").is_empty()
    }

    /// The ranges found missing since the last call, merged per file, in file order.
    pub fn take_missing(&self) -> Vec<Missing> {
        let set = std::mem::take(&mut *self.inner.missing.lock().expect("lock"));
        merge(set)
    }

    /// Every range read since the directory was made, merged per file (recording only).
    pub fn recorded(&self) -> Vec<Missing> {
        let set = self
            .inner
            .recorded
            .as_ref()
            .map(|r| r.lock().expect("lock").clone())
            .unwrap_or_default();
        merge(set)
    }

    /// Names and lengths of the files, sorted by name.
    pub fn files(&self) -> Vec<(String, u64)> {
        let files = self.inner.files.read().expect("lock");
        let mut out: Vec<(String, u64)> = files.iter().map(|(n, f)| (n.clone(), f.len)).collect();
        out.sort();
        out
    }

    /// How many bytes are held.
    pub fn cached_bytes(&self) -> u64 {
        let files = self.inner.files.read().expect("lock");
        files.values().map(CachedFile::cached_bytes).sum()
    }

    /// The bytes of `range` of `name`, or `None` (recorded as missing).
    fn read(&self, name: &str, range: Range<u64>) -> Option<OwnedBytes> {
        if let Some(rec) = &self.inner.recorded {
            rec.lock().expect("lock").insert(Missing {
                file: name.to_string(),
                start: range.start,
                end: range.end,
            });
        }
        let files = self.inner.files.read().expect("lock");
        if let Some(bytes) = files.get(name).and_then(|f| f.get(&range)) {
            return Some(bytes);
        }
        if range.start == range.end {
            return Some(OwnedBytes::empty());
        }
        self.inner.missing.lock().expect("lock").insert(Missing {
            file: name.to_string(),
            start: range.start,
            end: range.end,
        });
        None
    }

    fn name_of(path: &Path) -> String {
        path.to_string_lossy().into_owned()
    }
}

/// Sorted ranges per file, overlapping or touching ones merged.
fn merge(set: BTreeSet<Missing>) -> Vec<Missing> {
    let mut out: Vec<Missing> = Vec::new();
    for m in set {
        match out.last_mut() {
            Some(last) if last.file == m.file && m.start <= last.end => {
                last.end = last.end.max(m.end);
            }
            _ => out.push(m),
        }
    }
    out
}

fn not_loaded(name: &str, range: &Range<usize>) -> io::Error {
    io::Error::other(format!(
        "tsunagu: {name} bytes {}..{} are not loaded yet",
        range.start, range.end
    ))
}

/// One file of a [`RangeDirectory`].
#[derive(Debug)]
struct Handle {
    dir: RangeDirectory,
    name: String,
    len: usize,
}

#[async_trait::async_trait]
impl FileHandle for Handle {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.dir
            .read(&self.name, range.start as u64..range.end as u64)
            .ok_or_else(|| not_loaded(&self.name, &range))
    }

    async fn read_bytes_async(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        match self
            .dir
            .read(&self.name, range.start as u64..range.end as u64)
        {
            Some(bytes) => Ok(bytes),
            // Recorded as missing: whoever polls this learns nothing more from it.
            None => std::future::pending().await,
        }
    }
}

impl HasLen for Handle {
    fn len(&self) -> usize {
        self.len
    }
}

impl Directory for RangeDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let name = Self::name_of(path);
        let len = self
            .inner
            .files
            .read()
            .expect("lock")
            .get(&name)
            .map(|f| f.len)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(Handle {
            dir: self.clone(),
            name,
            len: len as usize,
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::FileDoesNotExist(path.to_path_buf()))
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self
            .inner
            .files
            .read()
            .expect("lock")
            .contains_key(&Self::name_of(path)))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            io::Error::other("the search index is read-only"),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        handle
            .read_bytes(0..handle.len())
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::wrap_io_error(e, PathBuf::from(path)))
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::other("the search index is read-only"))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provided_slices_merge_and_reads_inside_them_succeed() {
        let dir = RangeDirectory::default();
        dir.declare("a", 20);
        dir.provide("a", 0, b"0123");
        dir.provide("a", 8, b"89");
        assert!(dir.read("a", 2..6).is_none(), "4 and 5 are missing");
        assert_eq!(
            dir.take_missing(),
            [Missing {
                file: "a".into(),
                start: 2,
                end: 6
            }]
        );
        dir.provide("a", 4, b"4567");
        assert_eq!(dir.read("a", 1..10).unwrap().as_slice(), b"123456789");
        assert_eq!(dir.cached_bytes(), 10);
        dir.provide("a", 18, b"xyz"); // clipped to the file's length
        assert_eq!(dir.read("a", 18..20).unwrap().as_slice(), b"xy");
        assert!(dir.take_missing().is_empty());
    }

    #[test]
    fn missing_ranges_are_merged_per_file() {
        let dir = RangeDirectory::default();
        dir.declare("a", 100);
        dir.declare("b", 100);
        for r in [10..20, 15..30, 40..50, 50..60] {
            assert!(dir.read("a", r).is_none());
        }
        assert!(dir.read("b", 0..5).is_none());
        let m = dir.take_missing();
        let got: Vec<(&str, Range<u64>)> = m
            .iter()
            .map(|m| (m.file.as_str(), m.start..m.end))
            .collect();
        assert_eq!(got, [("a", 10..30), ("a", 40..60), ("b", 0..5)]);
    }

    #[test]
    fn a_pending_async_read_records_its_range() {
        use std::task::{Context, Poll, Waker};
        let dir = RangeDirectory::default();
        dir.declare("f", 10);
        let handle = dir.get_file_handle(Path::new("f")).unwrap();
        let mut fut = handle.read_bytes_async(3..7);
        let mut cx = Context::from_waker(Waker::noop());
        assert!(matches!(fut.as_mut().poll(&mut cx), Poll::Pending));
        let m = &dir.take_missing()[0];
        assert_eq!((m.start, m.end), (3, 7));
    }
}
