//! The pipeline: load -> validate -> render -> index -> write. Each stage takes data and
//! returns data; diagnostics from all stages are reported together.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Files, Written};
use crate::progress::Progress;
use crate::validate::{self, Site};
use crate::{content, render};

/// Loads and validates `<root>/content`.
pub fn load(root: &Path) -> (Site, Diagnostics) {
    let (dir, mut diags) = content::load(root);
    let (site, more) = validate::validate(dir);
    diags.extend(more);
    (site, diags)
}

/// `tsunagu check`: [`load`], then render every page without writing anything, so that
/// every problem `build` would meet (the theme's templates included) is found.
pub fn check(root: &Path) -> (Site, Diagnostics) {
    let (site, mut diags) = load(root);
    if !diags.has_errors() {
        render::render(&site, root, &mut diags, &mut drop::<Files>);
    }
    (site, diags)
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    pub out: PathBuf,
    pub entries: usize,
    pub files: usize,
    pub bytes: usize,
    pub elapsed: Duration,
}

/// `tsunagu build`: all or nothing. On error the previous output is left as it was.
///
/// Pages are rendered and written a batch at a time (memory is bounded by a batch, not by
/// the site) while the search index is built on a thread of its own: the index's
/// single-threaded writer leaves a core free, and writing files is mostly the kernel's work.
pub fn build(
    root: &Path,
    out: &Path,
    progress: &Progress,
) -> Result<(Report, Diagnostics), Diagnostics> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let result = build_into(root, out, progress, &mut diags);
    progress.finish();
    match result {
        Some((site, files, bytes)) => {
            let report = Report {
                out: out.to_path_buf(),
                entries: site.entries.len(),
                files,
                bytes,
                elapsed: start.elapsed(),
            };
            Ok((report, diags))
        }
        None => Err(diags),
    }
}

/// The stages of [`build`]; `None` when there were errors (all in `diags`).
fn build_into(
    root: &Path,
    out: &Path,
    progress: &Progress,
    diags: &mut Diagnostics,
) -> Option<(Site, usize, usize)> {
    progress.stage("reading content");
    let (site, more) = load(root);
    diags.extend(more);
    if diags.has_errors() {
        return None;
    }
    let io_error = |e: output::OutputError| Diagnostic::error(out, None, e.to_string());
    let staging = output::Staging::begin(out)
        .map_err(|e| diags.push(io_error(e)))
        .ok()?;
    progress.stage(&format!(
        "rendering and writing {} entries; indexing",
        site.entries.len()
    ));
    let mut written = Written::default();
    let mut write_error = None;
    let (rendered, index, index_diags) = std::thread::scope(|scope| {
        // The index and the open data are streamed into the new folder as they are made:
        // at 100,000 entries they are hundreds of megabytes.
        let indexer = scope.spawn(|| {
            let mut diags = Diagnostics::default();
            let mut into = Streamed::new(&staging, out.join(crate::urls::SEARCH_INDEX_DIR));
            let built = crate::index::write(&site, &mut |p, make| into.file(p, make), &mut diags);
            (into.finish(built), diags)
        });
        let open_data = scope.spawn(|| {
            let mut into = Streamed::new(&staging, out.join(crate::urls::DATA_DIR));
            let made = crate::opendata::write(&site, &mut |p, make| into.file(p, make));
            into.finish(made.map(|()| true))
        });
        let rendered = render::render(&site, root, diags, &mut |batch| {
            if write_error.is_none() {
                written.add(&batch);
                write_error = staging.write(&batch, true).err();
            }
        });
        let (index, index_diags) = indexer.join().expect("the indexer does not panic");
        let open_data = open_data.join().expect("the open data do not panic");
        (
            rendered,
            index.and_then(|i| Ok((i, open_data?))),
            index_diags,
        )
    });
    diags.extend(index_diags);
    let (index, open_data) = match index {
        Ok(made) => made,
        Err(e) => {
            diags.push(io_error(e));
            return None;
        }
    };
    if let Some(e) = write_error {
        diags.push(io_error(e));
        return None;
    }
    rendered?;
    written.merge(index?);
    written.merge(open_data.expect("the open data are always made"));
    progress.stage("writing the service worker");
    let mut sw = Files::default();
    sw.insert(
        crate::urls::SERVICE_WORKER,
        crate::offline::service_worker(&written),
    );
    written.add(&sw);
    staging
        .write(&sw, true)
        .and_then(|()| staging.commit())
        .map_err(|e| diags.push(io_error(e)))
        .ok()?;
    let (files, bytes) = (written.len(), written.total_bytes());
    Some((site, files, bytes))
}

/// A [`crate::output::Sink`] into the new folder: each file streamed to disk
/// ([`output::Staging::stream`]), or, for the text assets served precompressed, written
/// with its `.gz` and `.br` copies; what was written, and the first failure (after which
/// nothing more is written).
struct Streamed<'a> {
    staging: &'a output::Staging,
    /// What the files are, for an error of the stage writing them.
    what: PathBuf,
    written: Written,
    failed: Option<output::OutputError>,
}

impl<'a> Streamed<'a> {
    fn new(staging: &'a output::Staging, what: PathBuf) -> Self {
        Streamed {
            staging,
            what,
            written: Written::default(),
            failed: None,
        }
    }

    fn file(&mut self, path: &str, make: &mut output::Make<'_>) -> std::io::Result<()> {
        let done = if crate::compress::is_precompressed(path) {
            let mut files = Files::default();
            files.put(path, make)?;
            files.extend(crate::compress::precompressed(files.iter()));
            self.written.add(&files);
            self.staging.write(&files, false)
        } else {
            self.staging
                .stream(path, make)
                .map(|f| self.written.push(f))
        };
        done.map_err(|e| {
            let stop = std::io::Error::other(e.to_string());
            self.failed = Some(e);
            stop
        })
    }

    /// What was written, given what the stage said: whether it made its files (if not, it
    /// reported errors of its own), or the sink's failure.
    fn finish(self, made: std::io::Result<bool>) -> Result<Option<Written>, output::OutputError> {
        match (self.failed, made) {
            (Some(e), _) => Err(e),
            (None, Err(source)) => Err(output::OutputError::Io {
                path: self.what,
                source,
            }),
            (None, Ok(made)) => Ok(made.then_some(self.written)),
        }
    }
}
