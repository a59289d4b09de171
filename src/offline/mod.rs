//! The offline layer: `sw.js`, a service worker that precaches the built site. Its version
//! is a hash of every output file, so any change to the site replaces the cache cleanly.

use crate::output::{content_hash, Written, WrittenFile};
use crate::urls::{self, PagePath};

const TEMPLATE: &str = include_str!("sw.js");

fn is_entry_page(path: &str) -> bool {
    matches!(urls::parse(path), Some(PagePath::Entry(_)))
}

/// Above this many bytes of entry pages, only the site's shell (listings, search, assets,
/// index) is precached; entry pages are then cached as they are visited.
pub const PRECACHE_ENTRY_PAGES_UP_TO: usize = 30_000_000;

/// The service worker for the files a build has written.
pub fn service_worker(written: &Written) -> Vec<u8> {
    let files = written.sorted();
    let entry_bytes: usize = files
        .iter()
        .filter(|f| is_entry_page(&f.path))
        .map(|f| f.len)
        .sum();
    let mut precache = vec!["./".to_string()];
    for f in &files {
        let path = f.path.as_str();
        let skip = path.starts_with('.')
            || path == urls::SITEMAP
            // open data, for other systems, not for kiosks
            || path.starts_with(urls::DATA_DIR)
            // only needed from disk (file://), where service workers do not run anyway
            || crate::index::is_file_protocol_only(path)
            || (is_entry_page(path) && entry_bytes > PRECACHE_ENTRY_PAGES_UP_TO);
        if !skip {
            precache.push(format!("./{path}"));
        }
    }
    TEMPLATE
        .replace("__VERSION__", &version(&files))
        .replace(
            "__PRECACHE__",
            &serde_json::to_string(&precache).expect("json"),
        )
        .into_bytes()
}

/// A 16-hex-digit hash over every path and its content hash, in path order.
fn version(files: &[&WrittenFile]) -> String {
    let mut all = Vec::with_capacity(files.len() * 48);
    for f in files {
        all.extend_from_slice(f.path.as_bytes());
        all.push(0);
        all.extend_from_slice(&f.hash.to_le_bytes());
    }
    format!("{:016x}", content_hash(&all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Files;

    #[test]
    fn any_change_to_the_site_changes_the_version() {
        let sw = |bytes: &[u8]| {
            let mut files = Files::default();
            files.insert("index.html", bytes.to_vec());
            let mut written = Written::default();
            written.add(&files);
            String::from_utf8(service_worker(&written)).unwrap()
        };
        let (one, two) = (sw(b"a"), sw(b"b"));
        assert_ne!(one, two);
        assert!(
            one.contains(r#"const PRECACHE = ["./","./index.html"];"#),
            "{one}"
        );
    }
}
