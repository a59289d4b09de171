//! Rewrites an evaluation set's queries as a resident who types no kanji would
//! ([`search_index::tokenize::in_kana`]: `ローンが返せない` -> ろーんがかえせない), judgments
//! unchanged. `bench/quality.sh` measures the sets so written, against Pagefind's.
//!
//! `cargo run -p search-index --example kana_queries < needs.tsv > needs-kana.tsv`

use std::io::{BufRead, Write};

use search_index::tokenize::in_kana;

fn main() {
    let segmenter = search_index::dict::segmenter().expect("IPADIC");
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("read");
        match line.split_once('\t').filter(|_| !line.starts_with('#')) {
            Some((query, rest)) => writeln!(out, "{}\t{rest}", in_kana(&segmenter, query)),
            None => writeln!(out, "{line}"),
        }
        .expect("write");
    }
}
