//! Compressed copies: gzip for the hotcache (the browser inflates it itself), and the
//! `.gz`/`.br` copies of the text assets written beside them, for hosts that serve
//! precompressed files (nginx `gzip_static`, Netlify, Cloudflare Pages…). Deterministic:
//! the same bytes give the same copies.

use rayon::prelude::*;

use crate::output::Files;
use crate::urls;

/// gzip at the best compression, without a name or time in the header.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// Brotli at the best quality for files up to 1 MB; larger ones (a big site's JSON) at
/// quality 9, which is within a few per cent of it and many times faster.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: if bytes.len() <= 1 << 20 { 11 } else { 9 },
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// Whether `path` is a text asset that gets `.gz` and `.br` copies: the theme's and the
/// search runtime's files, and the search page's JSON (not the index files, which are
/// read by byte range, nor the `file://` variants, nor pages, which are many and small,
/// nor the sitemap, which only crawlers read).
pub fn is_precompressed(path: &str) -> bool {
    let text = [".css", ".js", ".json", ".wasm", ".svg"]
        .iter()
        .any(|ext| path.ends_with(ext));
    let asset = path.starts_with(&format!("{}/", urls::ASSETS_DIR))
        || path.starts_with(&format!("{}/", urls::SEARCH_INDEX_DIR));
    // The `file://` variants are read from disk, never served; the engine's copies are
    // made once, when tsunagu is compiled.
    text && asset && !crate::index::is_file_protocol_only(path) && !path.ends_with(".wasm")
}

/// The `.gz` and `.br` copies of the text assets among `files` (kept only when smaller).
pub fn precompressed<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Files {
    let chosen: Vec<(&str, &[u8])> = files.filter(|(p, _)| is_precompressed(p)).collect();
    let copies: Vec<Vec<(String, Vec<u8>)>> = chosen
        .par_iter()
        .map(|(path, bytes)| {
            [("gz", gzip(bytes)), ("br", brotli(bytes))]
                .into_iter()
                .filter(|(_, c)| c.len() < bytes.len())
                .map(|(ext, c)| (format!("{path}.{ext}"), c))
                .collect()
        })
        .collect();
    let mut out = Files::default();
    for (path, bytes) in copies.into_iter().flatten() {
        out.insert(path, bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_decompress_to_the_original_and_are_deterministic() {
        use std::io::Read;
        let text = "相談窓口の一覧です。".repeat(100);
        let gz = gzip(text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = brotli(text.as_bytes());
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn only_text_assets_get_copies() {
        assert!(is_precompressed("assets/style.css"));
        assert!(
            !is_precompressed("assets/search.wasm"),
            "copies made at compile time"
        );
        assert!(is_precompressed("search-index/site.json"));
        assert!(!is_precompressed(
            "search-index/0288e230a2ba496282f101ede59837c2.idx"
        ));
        assert!(!is_precompressed("search-index/hot-fde69bc3a1375861.bin"));
        assert!(!is_precompressed("entries/x/index.html"));
        assert!(!is_precompressed("search-index/index.js"));
        assert!(!is_precompressed("assets/search-wasm.js"));
        assert!(!is_precompressed("sitemap.xml"));
    }
}
