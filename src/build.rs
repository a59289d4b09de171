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
        let indexer = scope.spawn(|| {
            let mut diags = Diagnostics::default();
            let mut files = Files::default();
            let built = crate::index::write(&site, &mut files, &mut diags);
            (built.map(|()| files), diags)
        });
        // The open data are streamed to disk as they are made: they are hundreds of
        // megabytes at 100,000 entries.
        let open_data = scope.spawn(|| {
            let mut written = Written::default();
            let mut failed = None;
            let made = crate::opendata::write(&site, &mut |path, make| {
                staging
                    .stream(path, make)
                    .map(|f| written.push(f))
                    .map_err(|e| {
                        let stop = std::io::Error::other(e.to_string());
                        failed = Some(e);
                        stop
                    })
            });
            match (failed, made) {
                (Some(e), _) => Err(e),
                (None, Err(source)) => Err(output::OutputError::Io {
                    path: out.join(crate::urls::DATA_DIR),
                    source,
                }),
                (None, Ok(())) => Ok(written),
            }
        });
        let rendered = render::render(&site, root, diags, &mut |batch| {
            if write_error.is_none() {
                written.add(&batch);
                write_error = staging.write(&batch, true).err();
            }
        });
        let (index, index_diags) = indexer.join().expect("the indexer does not panic");
        match open_data.join().expect("the open data do not panic") {
            Ok(data) => written.merge(data),
            Err(e) => write_error = write_error.take().or(Some(e)),
        }
        (rendered, index, index_diags)
    });
    diags.extend(index_diags);
    if let Some(e) = write_error {
        diags.push(io_error(e));
        return None;
    }
    rendered?;
    let mut rest = index?;
    progress.stage("writing the search index and the service worker");
    written.add(&rest);
    let mut extra = Files::default();
    extra.insert(
        crate::urls::SERVICE_WORKER,
        crate::offline::service_worker(&written),
    );
    extra.extend(crate::compress::precompressed(rest.iter()));
    written.add(&extra);
    rest.extend(extra);
    staging
        .write(&rest, true)
        .and_then(|()| staging.commit())
        .map_err(|e| diags.push(io_error(e)))
        .ok()?;
    let (files, bytes) = (written.len(), written.total_bytes());
    Some((site, files, bytes))
}
