//! The offline layer: `sw.js`, a service worker that precaches the built site. Its version
//! is a hash of every output file, so any change to the site replaces the cache cleanly.

use crate::urls::{self, PagePath};

const TEMPLATE: &str = include_str!("sw.js");

fn is_entry_page(path: &str) -> bool {
    matches!(urls::parse(path), Some(PagePath::Entry(_)))
}

/// Above this many bytes of entry pages, only the site's shell (listings, search, assets,
/// index) is precached; entry pages are then cached as they are visited.
pub const PRECACHE_ENTRY_PAGES_UP_TO: usize = 30_000_000;

/// The service worker for the output files (path, bytes) given in any order.
pub fn service_worker<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut files: Vec<(&str, &[u8])> = files.into_iter().collect();
    files.sort_unstable_by_key(|&(path, _)| path);
    let entry_bytes: usize = files
        .iter()
        .filter(|(p, _)| is_entry_page(p))
        .map(|(_, b)| b.len())
        .sum();
    let mut precache = vec!["./".to_string()];
    for &(path, _) in &files {
        let skip = path.starts_with('.')
            || path == urls::SITEMAP
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

/// A 16-hex-digit FNV-1a hash over every path and its bytes, in path order.
fn version(files: &[(&str, &[u8])]) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (path, bytes) in files {
        for b in path.bytes().chain([0]).chain(bytes.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Files;

    #[test]
    fn any_change_to_the_site_changes_the_version() {
        let mut files = Files::default();
        files.insert("index.html", b"a".to_vec());
        let one = String::from_utf8(service_worker(files.iter())).unwrap();
        files.insert("index.html", b"b".to_vec());
        let two = String::from_utf8(service_worker(files.iter())).unwrap();
        assert_ne!(one, two);
        assert!(
            one.contains(r#"const PRECACHE = ["./","./index.html"];"#),
            "{one}"
        );
    }
}
