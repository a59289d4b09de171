//! The pipeline: load -> validate -> render -> index -> write. Each stage takes data and
//! returns data; diagnostics from all stages are reported together.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, Files};
use crate::progress::Progress;
use crate::validate::{self, Site};
use crate::{content, render};

/// Loads and validates `<root>/content`. `None` only if nothing could be loaded at all.
pub fn check(root: &Path) -> (Site, Diagnostics) {
    let (dir, mut diags) = content::load(root);
    let (site, more) = validate::validate(dir);
    diags.extend(more);
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

/// Builds every output file of the site in memory; `None` when there were errors.
pub fn render_site(
    root: &Path,
    diags: &mut Diagnostics,
    progress: &Progress,
) -> Option<(Site, Files)> {
    progress.stage("reading content");
    let (site, more) = check(root);
    diags.extend(more);
    if diags.has_errors() {
        return None;
    }
    progress.stage(&format!("rendering {} entries", site.dir.entries.len()));
    let mut files = render::render(&site, root, diags)?;
    progress.stage("building the search index");
    crate::index::write(&site, &mut files, diags)?;
    progress.stage("writing the service worker");
    let sw = crate::offline::service_worker(&files);
    files.insert("sw.js", sw);
    Some((site, files))
}

/// `tsunagu build`: all or nothing. On error the previous output is left as it was.
pub fn build(
    root: &Path,
    out: &Path,
    progress: &Progress,
) -> Result<(Report, Diagnostics), Diagnostics> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let result = render_site(root, &mut diags, progress);
    let Some((site, files)) = result else {
        progress.finish();
        return Err(diags);
    };
    progress.stage(&format!("writing {} files", files.len()));
    let written = output::write_atomic(&files, out);
    progress.finish();
    if let Err(e) = written {
        diags.push(Diagnostic::error(out, None, e.to_string()));
        return Err(diags);
    }
    let report = Report {
        out: out.to_path_buf(),
        entries: site.dir.entries.len(),
        files: files.len(),
        bytes: files.total_bytes(),
        elapsed: start.elapsed(),
    };
    Ok((report, diags))
}
