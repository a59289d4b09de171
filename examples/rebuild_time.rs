//! Times the stages of `serve`'s incremental rebuild on a site, in process:
//! `cargo run --release --example rebuild_time -- SITE_ROOT` (edits nothing: it reloads
//! with one entry file reported as changed, as the watcher would).
use std::path::PathBuf;
use std::time::Instant;

use tsunagu::content::{load_cached, LoadCache};
use tsunagu::render::listing::Listings;
use tsunagu::serve::rebuild::{affected, Rebuilder};
use tsunagu::validate::{self, warnings};

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: rebuild_time SITE_ROOT"),
    );
    let mut cache = LoadCache::default();
    let (dir, _) = load_cached(&root, &mut cache, None);
    let changed = vec![root.join(&dir.entries[0].source.path)];
    let (old, _) = validate::validate(dir);
    let old_lists = Listings::new(&old);
    let ms = |t: Instant| format!("{:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    for _ in 0..3 {
        let t = Instant::now();
        let (dir, _) = load_cached(&root, &mut cache, Some(&changed));
        let load = ms(t);
        let t = Instant::now();
        let (site, _) = validate::validate(dir);
        let validate = ms(t);
        let t = Instant::now();
        warnings::warnings(&site, validate::today());
        let warn = ms(t);
        let t = Instant::now();
        let lists = Listings::new(&site);
        let lists_ms = ms(t);
        let t = Instant::now();
        let (sel, _) = affected(&old, &old_lists, &site, &lists);
        let aff = ms(t);
        let t = Instant::now();
        tsunagu::render::sitemap::sitemap(&site);
        let sitemap = ms(t);
        let t = Instant::now();
        drop(site);
        let drop_ms = ms(t);
        println!("load {load}, validate {validate} (warnings {warn}), listings {lists_ms}, affected {aff} ({sel:?}), sitemap {sitemap}, drop {drop_ms}");
    }
    let mut r = Rebuilder::new(&root);
    r.rebuild(&[]).expect("first build");
    for _ in 0..3 {
        let t = Instant::now();
        let (patch, _) = r.rebuild(&changed).expect("rebuild");
        println!("rebuild: {} pages in {}", patch.pages, ms(t));
    }
}
