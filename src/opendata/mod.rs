//! Stage 4, beside the index: the directory as open data for other systems, under `data/`:
//! [`csv`] (`entries.csv`, the Digital Agency's column names) and [`hsds`] (Open
//! Referral HSDS 3.0). Whole-site files for machines, like the search index: `build` makes
//! them in parallel with rendering, `serve` in its background worker, so a page reload
//! never waits for them.

pub mod csv;
pub mod hsds;

use crate::output::Files;
use crate::urls;
use crate::validate::Site;

/// The open-data files of `site`.
pub fn files(site: &Site) -> Files {
    let mut files = Files::default();
    files.insert(urls::ENTRIES_CSV, csv::entries_csv(site));
    for (path, bytes) in hsds::files(site) {
        files.insert(path, bytes);
    }
    files
}

/// Whether `path` is one of the open-data files.
pub fn is_output(path: &str) -> bool {
    path.starts_with(urls::DATA_DIR)
}
