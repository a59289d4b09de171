//! Bytes per field and per file kind of a built index:
//! `cargo run --release -p search-index --example space_usage -- <site-out>/search-index`.
use std::path::Path;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::Index;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: space_usage <search-index dir>");
    let ram = RamDirectory::create();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".js") || name.ends_with(".json") && name != "meta.json" {
            continue;
        }
        let data = std::fs::read(&p).unwrap();
        println!("{name}: {}", data.len());
        ram.atomic_write(Path::new(&name), &data).unwrap();
    }
    let index = Index::open(ram).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let usage = searcher.space_usage().unwrap();
    for seg in usage.segments() {
        for (kind, fields) in [
            ("postings (.idx)", seg.postings()),
            ("positions (.pos)", seg.positions()),
            ("terms (.term)", seg.termdict()),
            ("fast (.fast)", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ] {
            println!("{kind}: {}", fields.total());
            let mut rows: Vec<_> = fields
                .fields()
                .map(|u| (u.total(), u.field_name().to_string()))
                .collect();
            rows.sort_by_key(|r| std::cmp::Reverse(r.0));
            for (bytes, name) in rows.iter().filter(|r| r.0.get_bytes() > 0) {
                println!("    {name:14} {bytes}");
            }
        }
        println!("store: {}", seg.store().total());
    }
}
