//! The pipeline: load -> validate -> render -> index -> write. Each stage takes data and
//! returns data; diagnostics from all stages are reported together.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Files};
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
        render::render(&site, root, &mut diags);
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
/// The pages are written (on a thread of their own) while the search index is built: the
/// index's single-threaded writer leaves a core free, and writing 10,000 files is mostly
/// the kernel's work.
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
    progress.stage(&format!("rendering {} entries", site.entries.len()));
    let pages = render::render(&site, root, diags)?;
    let io_error = |e: output::OutputError| Diagnostic::error(out, None, e.to_string());
    let staging = output::Staging::begin(out)
        .map_err(|e| diags.push(io_error(e)))
        .ok()?;
    progress.stage(&format!("indexing; writing {} pages", pages.len()));
    let (written, index) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| staging.write(&pages, false));
        let mut index = Files::default();
        let built = crate::index::write(&site, &mut index, diags);
        let written = writer.join().expect("the page writer does not panic");
        (written, built.map(|()| index))
    });
    if let Err(e) = written {
        diags.push(io_error(e));
        return None;
    }
    let mut rest = index?;
    progress.stage("writing the search index and the service worker");
    let sw = crate::offline::service_worker(pages.iter().chain(rest.iter()));
    rest.insert(crate::urls::SERVICE_WORKER, sw);
    let copies = crate::compress::precompressed(pages.iter().chain(rest.iter()));
    for (path, bytes) in copies.iter() {
        rest.insert(path, bytes.to_vec());
    }
    staging
        .write(&rest, true)
        .and_then(|()| staging.commit())
        .map_err(|e| diags.push(io_error(e)))
        .ok()?;
    let files = pages.len() + rest.len();
    let bytes = pages.total_bytes() + rest.total_bytes();
    Some((site, files, bytes))
}
