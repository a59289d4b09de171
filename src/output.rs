//! Stage 5, write: the rendered files into the output folder, all or nothing.
//!
//! Files are written into a temporary folder beside the output and swapped in only when
//! everything is written, so a failed build leaves the previous site untouched.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Marks a folder as tsunagu's output, so tsunagu never replaces a folder it did not write.
pub const MARKER: &str = ".tsunagu-output";

/// The site as output-relative paths (forward slashes) to bytes, in path order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Files(BTreeMap<String, Vec<u8>>);

impl Files {
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.0.insert(path.into(), bytes);
    }

    pub fn remove(&mut self, path: &str) -> Option<Vec<u8>> {
        self.0.remove(path)
    }

    /// Keeps only the paths for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|p, _| keep(p));
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(Vec::as_slice)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    /// Adds every file of `other` (replacing any with the same path).
    pub fn extend(&mut self, other: Files) {
        self.0.extend(other.0);
    }

    /// Adds the file `path` as `make` writes it: a [`Sink`] into memory (`serve`).
    pub fn put(&mut self, path: &str, make: &mut Make<'_>) -> io::Result<()> {
        let mut bytes = Vec::new();
        make(&mut bytes)?;
        self.insert(path, bytes);
        Ok(())
    }
}

/// Writes one file's bytes to the writer it is given (a file being written, or memory).
pub type Make<'a> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a;

/// Where a stage's whole-site files go as they are made: called with each output path and
/// the function that writes its bytes. `build` streams them into the new folder
/// ([`Staging::stream`]); `serve` keeps them in memory ([`Files::put`]). For the files
/// that are tens or hundreds of megabytes at 100,000 entries: the open data, the search
/// index and its `file://` variants.
pub type Sink<'a> = dyn FnMut(&str, &mut Make<'_>) -> io::Result<()> + 'a;

/// What a build has written, without the bytes: each file's path, size and content hash.
/// Enough for the service worker's precache list and version, and the build's report,
/// while the pages themselves are written in batches and dropped.
#[derive(Debug, Default)]
pub struct Written(Vec<WrittenFile>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: String,
    pub len: usize,
    /// [`content_hash`] of the bytes.
    pub hash: u64,
}

impl Written {
    /// Records the files of `files` (hashed in parallel).
    pub fn add(&mut self, files: &Files) {
        self.0
            .par_extend(files.0.par_iter().map(|(path, bytes)| WrittenFile {
                path: path.clone(),
                len: bytes.len(),
                hash: content_hash(bytes),
            }));
    }

    /// Records one file written by [`Staging::stream`].
    pub fn push(&mut self, file: WrittenFile) {
        self.0.push(file);
    }

    /// Takes in what another writer recorded.
    pub fn merge(&mut self, other: Written) {
        self.0.extend(other.0);
    }

    /// The files in path order.
    pub fn sorted(&self) -> Vec<&WrittenFile> {
        let mut files: Vec<&WrittenFile> = self.0.iter().collect();
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.0.iter().map(|f| f.len).sum()
    }
}

/// FNV-1a (64 bits) of `bytes`: a deterministic fingerprint for versions, not security.
pub fn content_hash(bytes: &[u8]) -> u64 {
    fnv1a(0xcbf2_9ce4_8422_2325, bytes)
}

fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A writer that counts and hashes ([`content_hash`]) what goes through it.
struct Hashing<W> {
    inner: W,
    len: usize,
    hash: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n;
        self.hash = fnv1a(self.hash, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} exists and was not written by tsunagu (no {MARKER} file): move it away or choose another --out")]
    NotOurs { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A new output folder being written beside `out`. [`Staging::commit`] swaps it in;
/// dropped without a commit, it is removed and `out` stays as it was. Files can be written
/// in several batches, e.g. the pages while the search index is still being built.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the temporary folder. An `out` that
    /// is a symbolic link stays one: the folder it points to is replaced.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        let out = &follow_links(out);
        recover_interrupted(out);
        if out.exists() && !is_replaceable(out) {
            return Err(OutputError::NotOurs {
                path: out.to_path_buf(),
            });
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let tmp = parent.join(format!(".{name}.tsunagu-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.tsunagu-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            committed: false,
        })
    }

    /// Writes `files` into the new folder: on the rayon pool if `parallel`, else on the
    /// calling thread (a background writer that must not take the pool's threads).
    pub fn write(&self, files: &Files, parallel: bool) -> Result<(), OutputError> {
        let mut dirs: Vec<PathBuf> = files
            .paths()
            .filter_map(|p| Path::new(p).parent().map(|d| self.tmp.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(io_err(d))?;
        }
        let write = |(p, bytes): (&String, &Vec<u8>)| {
            let path = self.tmp.join(p);
            std::fs::write(&path, bytes).map_err(io_err(&path))
        };
        if parallel {
            files.0.par_iter().try_for_each(write)
        } else {
            files.0.iter().try_for_each(write)
        }
    }

    /// Writes the file `path` of the new folder as `make` produces its bytes, without
    /// holding them: for the whole-site files that are hundreds of megabytes at 100,000
    /// entries (the open data).
    pub fn stream(&self, path: &str, make: &mut Make<'_>) -> Result<WrittenFile, OutputError> {
        let dest = self.tmp.join(path);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        let file = std::fs::File::create(&dest).map_err(io_err(&dest))?;
        let mut w = Hashing {
            inner: io::BufWriter::with_capacity(1 << 16, file),
            len: 0,
            hash: content_hash(&[]),
        };
        make(&mut w)
            .and_then(|()| w.flush())
            .map_err(io_err(&dest))?;
        Ok(WrittenFile {
            path: path.to_string(),
            len: w.len,
            hash: w.hash,
        })
    }

    /// Marks the new folder as tsunagu's and swaps it in for `out`.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let marker = self.tmp.join(MARKER);
        std::fs::write(
            &marker,
            b"This folder is written by tsunagu build and replaced on every build.\n",
        )
        .map_err(io_err(&marker))?;
        let out = &self.out;
        if out.exists() {
            // One step where the platform allows: the new site and the old change places,
            // so `out` is never missing, and the old one is then removed from `tmp`.
            if exchange(&self.tmp, out) {
                self.committed = true;
                let _ = std::fs::remove_dir_all(&self.tmp);
                return Ok(());
            }
            std::fs::rename(out, &self.old).map_err(io_err(out))?;
        }
        std::fs::rename(&self.tmp, out).map_err(|e| {
            let _ = std::fs::rename(&self.old, out);
            OutputError::Io {
                path: out.to_path_buf(),
                source: e,
            }
        })?;
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Where `path` leads through symbolic links (a link to a missing folder leads to where
/// that folder would be); `path` itself if it is no link.
fn follow_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    path
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`); false where
/// the platform or file system cannot, and nothing was changed.
fn exchange(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let (Ok(a), Ok(b)) = (
            CString::new(a.as_os_str().as_bytes()),
            CString::new(b.as_os_str().as_bytes()),
        ) else {
            return false;
        };
        // SAFETY: both paths are NUL-terminated strings that outlive the call; the syscall
        // only reads them.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        rc == 0
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

/// Cleans up after builds of `out` that were killed (kill -9, power loss): their
/// `.<out>.tsunagu-new-<pid>` folders are removed, and if one died between moving the old
/// site aside and moving the new one in, the old site (`.<out>.tsunagu-old-<pid>`) is put
/// back. Folders of builds still running (their process exists) are left alone.
fn recover_interrupted(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let Ok(dir) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in dir.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.tsunagu-")) else {
            continue;
        };
        let (kind, pid) = rest.split_once('-').unwrap_or((rest, ""));
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) {
            continue;
        }
        let path = entry.path();
        if kind == "old" && !out.exists() && path.join(MARKER).is_file() {
            let _ = std::fs::rename(&path, out);
        } else if kind == "new" || kind == "old" {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Whether process `pid` is running (Linux: `/proc/<pid>`; elsewhere assumed gone).
fn process_exists(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

fn is_replaceable(out: &Path) -> bool {
    out.join(MARKER).is_file() || std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` to `out` in one batch, as a build does.
    fn write_atomic(files: &Files, out: &Path) -> Result<(), OutputError> {
        let staging = Staging::begin(out)?;
        staging.write(files, true)?;
        staging.commit()
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_a_site_moved_aside_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // A build killed while writing (pid 999999999 cannot exist) ...
        let new = tmp.path().join(".public.tsunagu-new-999999999");
        std::fs::create_dir_all(new.join("entries")).unwrap();
        // ... and one killed after moving the old site aside, before moving the new in.
        let old = tmp.path().join(".public.tsunagu-old-999999998");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "old site").unwrap();
        // Another site's leftovers are not ours to touch.
        let other = tmp.path().join(".site2.tsunagu-new-999999999");
        std::fs::create_dir_all(&other).unwrap();

        let staging = Staging::begin(&out).unwrap();
        assert!(!new.exists() && !old.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old site"
        );
        assert!(other.exists());
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old site"
        );
    }

    #[test]
    fn staging_writes_in_batches_and_leaves_nothing_when_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut first = Files::default();
        first.insert("index.html", b"v1".to_vec());
        write_atomic(&first, &out).unwrap();

        // dropped before commit: the old output stays, the temporary folder goes
        let staging = Staging::begin(&out).unwrap();
        let mut pages = Files::default();
        pages.insert("entries/a/index.html", b"a".to_vec());
        staging.write(&pages, false).unwrap();
        drop(staging);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"v1");
        assert!(!out.join("entries").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

        // two batches, then commit
        let staging = Staging::begin(&out).unwrap();
        staging.write(&pages, false).unwrap();
        let mut rest = Files::default();
        rest.insert("search-index/meta.json", b"{}".to_vec());
        staging.write(&rest, true).unwrap();
        staging.commit().unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read(out.join("entries/a/index.html")).unwrap(),
            b"a"
        );
        assert!(out.join("search-index/meta.json").is_file());
        assert!(out.join(MARKER).is_file());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_streamed_file_is_recorded_as_if_written_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        let bytes: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let file = staging
            .stream("data/big.bin", &mut |w| {
                for chunk in bytes.chunks(7_777) {
                    w.write_all(chunk)?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!((file.len, file.hash), (bytes.len(), content_hash(&bytes)));
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("data/big.bin")).unwrap(), bytes);
    }

    #[test]
    fn an_output_that_is_a_symbolic_link_stays_one() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("www/site");
        std::fs::create_dir_all(&real).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink("www/site", &link).unwrap();
        let mut files = Files::default();
        files.insert("index.html", b"v1".to_vec());
        write_atomic(&files, &link).unwrap();
        files.insert("index.html", b"v2".to_vec());
        write_atomic(&files, &link).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"v2");
        // nothing left beside either
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
        assert_eq!(
            std::fs::read_dir(tmp.path().join("www")).unwrap().count(),
            1
        );
    }

    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(a.join("from-a")).unwrap();
        std::fs::create_dir_all(b.join("from-b")).unwrap();
        let swapped = exchange(&a, &b);
        // Linux file systems (ext4, xfs, btrfs, tmpfs) all support it.
        assert_eq!(swapped, cfg!(target_os = "linux"));
        if swapped {
            assert!(a.join("from-b").is_dir() && b.join("from-a").is_dir());
        } else {
            // the platform cannot: nothing moved
            assert!(a.join("from-a").is_dir() && b.join("from-b").is_dir());
        }
    }

    #[test]
    fn replaces_previous_output_and_refuses_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut files = Files::default();
        files.insert("a/index.html", b"one".to_vec());
        write_atomic(&files, &out).unwrap();
        let mut files2 = Files::default();
        files2.insert("b.html", b"two".to_vec());
        write_atomic(&files2, &out).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"two");

        let foreign = tmp.path().join("home");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.txt"), b"precious").unwrap();
        assert!(matches!(
            write_atomic(&files, &foreign),
            Err(OutputError::NotOurs { .. })
        ));
        assert!(foreign.join("thesis.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty());
    }
}
