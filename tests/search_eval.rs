//! Search quality, measured with the real binary:
//! - `tests/eval/queries.tsv` (names, readings, keywords, phone numbers) on the sample site
//!   `content/`: recall@10 >= 0.95, MRR >= 0.85;
//! - `tests/eval/needs.tsv` (what residents type: sentences, needs, feelings) on the sample
//!   site plus 5,000 generated distractor entries (`bench/gen_site.py --add-to`: activities
//!   of other cities): recall@10 >= 0.81, MRR >= 0.91 (where it stands; the aim is higher);
//! - `tests/eval/needs-holdout.tsv` (the same kind of queries, written apart and never
//!   tuned on) on the same site: recall@10 >= 0.75, MRR >= 0.74;
//! - `tests/eval/needs-dev.tsv` and `needs-dev2.tsv` (written apart, then used to find
//!   failures) on the same site: recall@10 >= 0.79, MRR >= 0.81 and recall@10 >= 0.65,
//!   MRR >= 0.81;
//! - the three sets typed without kanji (each query as the hiragana of its readings,
//!   `search_index::tokenize::in_kana`), on the same site: recall@10 >= 0.75, MRR >= 0.83,
//!   recall@10 >= 0.68, MRR >= 0.65 and recall@10 >= 0.77, MRR >= 0.80;
//!
//! plus a few rankings. recall@10 of a query = relevant ids found in the top 10 /
//! min(relevant ids, 10); MRR = mean of 1 / rank of the first relevant id (0 when none is
//! in the top 10). `cargo test --test search_eval -- --nocapture` prints the per-query
//! tables.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use search_index::query::{SearchOptions, Searcher};

const K: usize = 10;
/// How many distractor entries the needs evaluation adds to the sample site.
const DISTRACTORS: usize = 5000;

struct Built {
    _dir: tempfile::TempDir,
    index: PathBuf,
    searcher: Searcher,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tsunagu build --root ROOT --out <tempdir>/site`.
fn build(root: &Path, dir: tempfile::TempDir) -> Built {
    let out = dir.path().join("site"); // must not exist (or be empty)
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let index = out.join("search-index");
    let searcher = Searcher::open_dir(&index).expect("open the built index");
    Built {
        _dir: dir,
        index,
        searcher,
    }
}

/// The sample site, built once for all tests.
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(repo(), tempfile::tempdir().unwrap()))
}

/// The sample site with [`DISTRACTORS`] generated entries added, built once.
fn built_with_distractors() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        copy_dir(&repo().join("content"), &root.join("content"));
        let o = Command::new("python3")
            .arg(repo().join("bench/gen_site.py"))
            .args(["--n", &DISTRACTORS.to_string(), "--seed", "11", "--add-to"])
            .arg(&root)
            .output()
            .expect("python3 runs bench/gen_site.py (Debian's python3)");
        assert!(
            o.status.success(),
            "gen_site: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        build(&root, dir)
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

struct EvalQuery {
    line: usize,
    query: String,
    relevant: Vec<String>,
    note: String,
}

/// The rows of `tests/eval/<file>` (blank lines and `#` comments skipped), each with its
/// line number, split at tabs; `shape` names the columns for the error when a row has
/// fewer than two or an empty second one.
fn eval_rows(file: &str, shape: &str) -> Vec<(usize, Vec<String>)> {
    let path = repo().join("tests/eval").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        assert!(
            cols.len() >= 2 && !cols[0].trim().is_empty() && !cols[1].trim().is_empty(),
            "{}:{}: expected {shape}",
            path.display(),
            i + 1
        );
        out.push((i + 1, cols));
    }
    out
}

fn eval_queries(file: &str) -> Vec<EvalQuery> {
    eval_rows(file, "query<TAB>ids<TAB>note")
        .into_iter()
        .map(|(line, cols)| EvalQuery {
            line,
            query: cols[0].clone(),
            relevant: cols[1].split_whitespace().map(str::to_string).collect(),
            note: cols.get(2).cloned().unwrap_or_default(),
        })
        .collect()
}

fn top_ids(q: &str, limit: usize) -> Vec<String> {
    top_ids_in(built(), q, limit)
}

fn top_ids_in(site: &Built, q: &str, limit: usize) -> Vec<String> {
    let opts = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    site.searcher
        .search(q, &opts)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// `tsunagu search --index DIR --json --limit N QUERY`, parsed.
fn cli_search(q: &str, limit: usize) -> Vec<serde_json::Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .arg("search")
        .arg("--index")
        .arg(&built().index)
        .arg("--json")
        .arg("--limit")
        .arg(limit.to_string())
        .arg(q)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "search {q:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "search {q:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout)
        )
    });
    v.as_array()
        .unwrap_or_else(|| panic!("search {q:?}: not a JSON array"))
        .clone()
}

struct Scored {
    recall: f64,
    rr: f64,
    found: Vec<String>,
}

fn score(site: &Built, q: &EvalQuery) -> Scored {
    let found = top_ids_in(site, &q.query, K);
    let hits = q.relevant.iter().filter(|r| found.contains(r)).count();
    let recall = hits as f64 / q.relevant.len().min(K) as f64;
    let rr = found
        .iter()
        .position(|id| q.relevant.contains(id))
        .map_or(0.0, |p| 1.0 / (p + 1) as f64);
    Scored { recall, rr, found }
}

/// Runs every query of `file` on `site`; prints the per-query table and checks the means.
fn evaluate(site: &Built, file: &str, min_queries: usize, min_recall: f64, min_mrr: f64) {
    evaluate_queries(
        site,
        file,
        eval_queries(file),
        min_queries,
        min_recall,
        min_mrr,
    );
}

/// [`evaluate`] with each query typed without kanji.
fn evaluate_in_kana(site: &Built, file: &str, min_recall: f64, min_mrr: f64) {
    let segmenter = search_index::dict::segmenter().expect("IPADIC");
    let queries: Vec<EvalQuery> = eval_queries(file)
        .into_iter()
        .map(|q| EvalQuery {
            query: search_index::tokenize::in_kana(&segmenter, &q.query),
            ..q
        })
        .collect();
    let label = format!("{file} typed in kana");
    evaluate_queries(site, &label, queries, 0, min_recall, min_mrr);
}

fn evaluate_queries(
    site: &Built,
    file: &str,
    queries: Vec<EvalQuery>,
    min_queries: usize,
    min_recall: f64,
    min_mrr: f64,
) {
    assert!(
        queries.len() >= min_queries,
        "{file} needs at least {min_queries} queries"
    );
    let known: std::collections::BTreeSet<String> =
        top_ids_in(site, "", 100_000).into_iter().collect();
    let mut table = String::new();
    let (mut recall, mut mrr) = (0.0, 0.0);
    for q in &queries {
        for id in &q.relevant {
            assert!(known.contains(id), "{file}:{}: unknown id {id}", q.line);
        }
        let s = score(site, q);
        recall += s.recall;
        mrr += s.rr;
        let mark = if s.recall < 1.0 || s.rr < 1.0 {
            "!"
        } else {
            " "
        };
        let missing: Vec<&str> = q
            .relevant
            .iter()
            .filter(|r| !s.found.contains(r))
            .map(String::as_str)
            .collect();
        table.push_str(&format!(
            "{mark} {:>4}:{:<24} R={:.2} RR={:.2}  top: {}\n{}",
            q.line,
            q.query,
            s.recall,
            s.rr,
            s.found
                .iter()
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            if s.recall < 1.0 && q.relevant.len() <= K {
                format!("        missing: {}  ({})\n", missing.join(" "), q.note)
            } else {
                String::new()
            }
        ));
    }
    let n = queries.len() as f64;
    let (recall, mrr) = (recall / n, mrr / n);
    let summary = format!(
        "{file}: {} queries on {} entries: recall@{K} = {recall:.3}, MRR = {mrr:.3}",
        queries.len(),
        known.len()
    );
    eprintln!("{table}{summary}");
    assert!(
        recall >= min_recall && mrr >= min_mrr,
        "search quality below the bar (recall@{K} >= {min_recall}, MRR >= {min_mrr}):\n{table}{summary}"
    );
}

#[test]
fn recall_and_mrr_on_the_sample_site() {
    evaluate(built(), "queries.tsv", 45, 0.95, 0.85);
}

/// The bar is where search stands today, so that it can only go up: issue 11 aims at
/// recall@10 0.85 and MRR 0.75 (BENCHMARKS.md has the figures, and Pagefind's).
#[test]
fn need_phrased_queries_find_the_desk_among_distractors() {
    evaluate(built_with_distractors(), "needs.tsv", 60, 0.81, 0.91);
}

/// `needs-holdout.tsv` was written apart from the thesaurus and the search code, and is
/// never used to tune them: it says whether what was tuned on `needs.tsv` carries over.
#[test]
fn held_out_need_phrased_queries_find_the_desk_among_distractors() {
    evaluate(
        built_with_distractors(),
        "needs-holdout.tsv",
        45,
        0.75,
        0.74,
    );
}

/// `needs-dev.tsv` and `needs-dev2.tsv` were written apart too, then used to find failures
/// (fixed where the fix was general): more sets beside `needs.tsv`, in other words.
/// `needs-dev2.tsv`, the newest, shows where fresh wording stands.
#[test]
fn fresh_need_phrased_queries_find_the_desk_among_distractors() {
    evaluate(built_with_distractors(), "needs-dev.tsv", 45, 0.79, 0.81);
    evaluate(built_with_distractors(), "needs-dev2.tsv", 45, 0.65, 0.81);
}

/// Residents who type no kanji (children, people new to Japanese, phones without the
/// conversion): the same needs, all in hiragana.
#[test]
fn need_phrased_queries_typed_in_kana_find_the_desk_among_distractors() {
    evaluate_in_kana(built_with_distractors(), "needs.tsv", 0.75, 0.83);
    evaluate_in_kana(built_with_distractors(), "needs-holdout.tsv", 0.68, 0.65);
    evaluate_in_kana(built_with_distractors(), "needs-dev.tsv", 0.77, 0.80);
}

/// Share of `file`'s phrases (`tests/eval`, phrase<TAB>service words<TAB>trouble) that the
/// sample site's search reads as one of their service words, and the phrases it does not.
fn concepts_reached(file: &str) -> (f64, Vec<String>) {
    let searcher = &built().searcher;
    let rows = eval_rows(file, "phrase<TAB>service words<TAB>trouble");
    let missed: Vec<String> = rows
        .iter()
        .filter(|(_, cols)| {
            let read = searcher.looks_for(&cols[0]);
            !cols[1]
                .split_whitespace()
                .any(|word| reaches(searcher, &read, word))
        })
        .map(|(line, cols)| format!("{file}:{line}: {}  => {}", cols[0], cols[1]))
        .collect();
    (1.0 - missed.len() as f64 / rows.len() as f64, missed)
}

/// Whether `read` (a query's reading, [`Searcher::looks_for`]) reaches the service word
/// `word`: the query says it (all its words), or a thesaurus item leads to it (its words
/// run together are the key of a thesaurus `to` word: 高齢者虐待 is 高齢 + 虐待, 高齢虐待).
fn reaches(searcher: &Searcher, read: &search_index::query::LooksFor, word: &str) -> bool {
    let words = searcher.looks_for(word).words;
    !words.is_empty()
        && (read.reaches.contains(&words.concat()) || words.iter().all(|w| read.words.contains(w)))
}

/// Every `from` phrase of the shipped thesaurus, typed as a query, fires its own item: a
/// phrase the query side reads otherwise than the build (`こもっている`: こも + って, grammar)
/// never fires. A few still do not (listed when the test prints).
#[test]
fn the_thesaurus_phrases_fire_when_typed_as_queries() {
    let searcher = &built().searcher;
    let (mut n, mut silent) = (0, Vec::new());
    for item in tsunagu::content::vocabulary::shipped()
        .iter()
        .filter(|s| !s.group)
    {
        for from in &item.from {
            n += 1;
            let read = searcher.looks_for(&from.text);
            if !item.to.iter().any(|to| reaches(searcher, &read, &to.text)) {
                silent.push(format!("{} (line {})", from.text, from.pos.line));
            }
        }
    }
    let share = 1.0 - silent.len() as f64 / n as f64;
    println!(
        "{n} phrases, {share:.4} fire; silent:\n{}",
        silent.join("\n")
    );
    assert!(share >= 0.99, "{share:.4}:\n{}", silent.join("\n"));
    assert!(n > 3000, "{n}");
}

/// The thesaurus, measured apart from any entry: everyday phrasings of the seeds'
/// troubles (`concepts.tsv`, used to find its gaps; `concepts-holdout.tsv`, never tuned
/// on) must lead to the service words a coordinator would name.
#[test]
fn everyday_phrasings_of_troubles_reach_their_service_words() {
    for (file, floor) in [("concepts.tsv", 0.88), ("concepts-holdout.tsv", 0.72)] {
        let (share, missed) = concepts_reached(file);
        println!("{file}: {share:.3} reached; missed:\n{}", missed.join("\n"));
        assert!(
            share >= floor,
            "{file}: {share:.3} < {floor}:\n{}",
            missed.join("\n")
        );
    }
    // the measure can fail: a phrase with none of its words is not reached
    let searcher = &built().searcher;
    let reached = |q: &str, w: &str| reaches(searcher, &searcher.looks_for(q), w);
    assert!(reached("ローンが返せない", "多重債務"));
    assert!(reached("子どもの相談をしたい", "子どもの相談"));
    assert!(!reached("晴れた日の公園", "多重債務"));
    assert!(!reached("子どもの服を買いたい", "子どもの相談"));
}

#[test]
fn cli_json_shape_and_order_match_the_library() {
    for q in [
        "くらしまるごと",
        "06-4950-0584",
        "ゴミ屋敷",
        "#7119",
        "介護 相談",
    ] {
        let hits = cli_search(q, K);
        assert!(!hits.is_empty(), "{q}: no hits from the CLI");
        let mut last = f64::INFINITY;
        for h in &hits {
            let obj = h
                .as_object()
                .unwrap_or_else(|| panic!("{q}: hit is not an object: {h}"));
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["id", "score", "title"], "{q}: {h}");
            assert!(
                obj["id"].is_string() && obj["title"].is_string(),
                "{q}: {h}"
            );
            let s = obj["score"]
                .as_f64()
                .unwrap_or_else(|| panic!("{q}: score not a number: {h}"));
            assert!(s <= last, "{q}: not best first: {hits:?}");
            last = s;
        }
        let ids: Vec<String> = hits
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, top_ids(q, K), "{q}: CLI and library disagree");
    }
    assert_eq!(
        cli_search("くらしまるごと", 1).len(),
        1,
        "--limit is honoured"
    );
    assert!(cli_search("ぁぃぅぇぉ", K).is_empty());
}

fn first(q: &str) -> String {
    top_ids(q, K)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{q}: no hits"))
}

fn rank(q: &str, id: &str) -> usize {
    let ids = top_ids(q, 200);
    ids.iter()
        .position(|x| x == id)
        .unwrap_or_else(|| panic!("{q}: {id} not found in {ids:?}"))
}

#[test]
fn specific_rankings() {
    // reading of a kanji title
    assert_eq!(first("くらしまるごと"), "hannan-kurashi-marugoto");
    // the exact title beats a tag-only match
    assert_eq!(first("子ども食堂"), "ashiya-shokudo-shien");
    // variants and width give the same ranking as the canonical form
    for (a, b) in [
        ("子ども食堂", "子供食堂"),
        ("ごみ屋敷", "ゴミ屋敷"),
        ("ひきこもり", "引きこもり"),
        ("さろん", "ｻﾛﾝ"),
    ] {
        assert_eq!(top_ids(a, K), top_ids(b, K), "{a} vs {b}");
    }
    // exact reading matches (食堂) rank above a one-typo reading match (しょどう 書道)
    assert!(
        rank("しょくどう", "hannan-niji-mitsuke")
            < rank("しょくどう", "hannan-chiiki-katsudo-shien-center")
    );
    // a typo query finds the entry, but scores below the correctly spelled query
    let exact = built()
        .searcher
        .search("コンシェルジュ", &SearchOptions::default())
        .expect("search");
    let typo = built()
        .searcher
        .search("コンシエルジュ", &SearchOptions::default())
        .expect("search");
    assert_eq!(exact.hits[0].id, "ashiya-hoiku-concierge");
    assert_eq!(typo.hits[0].id, "ashiya-hoiku-concierge");
    assert!(exact.hits[0].score > typo.hits[0].score * 10.0);
    // a kana word is not cut into single kana matched anywhere (は/っ/た/つ)
    let r = built()
        .searcher
        .search("はったつ", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.total, 3, "{:?}", r.hits);
    assert_eq!(r.hits[0].id, "amagasaki-ikushia");
    // a kana reading still matches readings when a variant maps part of it to kanji
    let ids = top_ids("こどもしょくどう", K);
    assert!(ids.contains(&"hannan-niji-mitsuke".to_string()), "{ids:?}");
    // one typo inside a katakana compound that the dictionary splits
    assert_eq!(
        first("コミュニテイファーム"),
        "amagasaki-community-farm-zenpoji"
    );
    // the title entry of a short number comes before entries that only mention it
    assert_eq!(first("189"), "zenkoku-gyakutai-189");
    assert_eq!(first("#7119"), "hannan-kyukyu-anshin-7119");
    // every phone form finds the same single entry
    for q in [
        "4950-0584",
        "0649500584",
        "06-4950-0584",
        "０６－４９５０－０５８４",
        "+81-6-4950-0584",
    ] {
        assert_eq!(top_ids(q, K), ["amagasaki-shigoto-kurashi-kita"], "{q}");
    }
    // Entries with every word first; when they are few, the others follow
    assert_eq!(
        top_ids("居場所 立花", K)[0],
        "amagasaki-chiiki-shinko-tachibana"
    );
    let r = built()
        .searcher
        .search("子育て 加東 芦屋", &SearchOptions::default())
        .expect("search");
    // Only the national lines serve both cities; each city's own desks come first.
    assert!(r.all_words > 0 && r.partial, "{r:?}");
    assert!(r.hits[0].matched.len() == 2, "{r:?}");
    let every: Vec<&str> = r
        .hits
        .iter()
        .filter(|h| h.matched.len() == 3)
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(
        every.len() as u64,
        r.all_words.min(r.hits.len() as u64),
        "{r:?}"
    );
    assert!(
        every.iter().all(|id| id.starts_with("zenkoku-")),
        "{every:?}"
    );
    // a digit tag is not taken for a phone number's digits
    assert!(top_ids("8050", K).contains(&"amagasaki-juso-shien-suishin".to_string()));
}
