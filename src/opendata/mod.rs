//! Stage 4, beside the index: the directory as open data for other systems, under `data/`:
//! [`csv`] (`entries.csv`, the Digital Agency's column names) and [`hsds`] (Open
//! Referral HSDS 3.0). Whole-site files for machines, like the search index: `build` makes
//! them in parallel with rendering, `serve` in its background worker, so a page reload
//! never waits for them.

pub mod csv;
pub mod hsds;

use std::io;

use crate::output::{Files, Sink};
use crate::urls;
use crate::validate::Site;

/// Writes the open-data files of `site` through `sink`, each as it is made: `build`
/// streams them to disk (they are hundreds of megabytes at 100,000 entries).
pub fn write(site: &Site, sink: &mut Sink<'_>) -> io::Result<()> {
    sink(urls::ENTRIES_CSV, &mut |w| csv::write_entries_csv(site, w))?;
    hsds::write(site, sink)
}

/// The open-data files of `site`, in memory (`serve`).
pub fn files(site: &Site) -> Files {
    let mut files = Files::default();
    write(site, &mut |path, make| files.put(path, make)).expect("writing to memory");
    files
}

/// Whether `path` is one of the open-data files.
pub fn is_output(path: &str) -> bool {
    path.starts_with(urls::DATA_DIR)
}
