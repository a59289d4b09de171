//! Any entry file (Markdown with front matter, or a YAML list) is loaded, validated and
//! rendered beside the `basic` fixture: it builds into safe pages or fails with located
//! errors (`tests/properties/`).
#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A copy of the fixture for this process, under `$TMPDIR`.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tsunagu-fuzz-content-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        properties::copy_fixture(&dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    if let Err(e) = properties::content_input(site(), data) {
        panic!("{e}");
    }
});
