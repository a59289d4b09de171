//! Times queries on a built site's index, in process: `cargo run --release -p search-index
//! --example query_time -- <site-out>/search-index 相談 子ども食堂`.
use std::time::Instant;

use search_index::{SearchOptions, Searcher};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: query_time <search-index dir> QUERY [QUERY ...]";
    let dir = args.next().expect(usage);
    let queries: Vec<String> = args.collect();
    assert!(!queries.is_empty(), "{usage}");
    let t = Instant::now();
    let s = Searcher::open_dir(dir.as_ref()).expect("open index");
    println!(
        "open {:.1} ms, {} docs",
        t.elapsed().as_secs_f64() * 1e3,
        s.num_docs()
    );
    let opts = SearchOptions {
        limit: 10,
        ..Default::default()
    };
    for q in &queries {
        let r = s.search(q, &opts).expect("search");
        let mut times: Vec<f64> = (0..15)
            .map(|_| {
                let t = Instant::now();
                let _ = std::hint::black_box(s.search(q, &opts));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("{q}\ttotal={}\tmedian {:.2} ms", r.total, times[7]);
    }
}
