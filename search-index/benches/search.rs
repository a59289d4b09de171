//! Hot paths of the search index, with criterion:
//!
//! - `text/*`: normalisation and tokenisation of a typical entry text (n-grams, lindera
//!   morphological analysis with IPADIC, phone terms);
//! - `index/build_1000_docs`: building the in-memory index of 1,000 generated entries;
//! - `query/*`: query latency on that index, for a few typical queries;
//! - `query_dir/*`: the same queries on a built site's index when `TSUNAGU_BENCH_INDEX`
//!   names a `search-index/` folder (bench/run.sh sets it with BENCH_CRITERION=1), and
//!   need-phrased sentences, which its thesaurus reads (the slowest the browser sees).
//!
//! Run: `cargo bench -p search-index --bench search` (add `-- query` to run one group).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use search_index::index::{build_files, Thesaurus};
use search_index::phone::PhoneNumber;
use search_index::tokenize::{analyze, ngram_tokens};
use search_index::{normalize, Document, Place, SearchOptions, Searcher};

/// A typical entry: title, reading, summary and a Markdown body of a few paragraphs.
const ENTRY: &str = "立花南地域包括支援センター りっかみなみちいきほうかつしえんせんたー \
高齢者の介護・健康・家族・財産管理などの相談、高齢者虐待の相談を受ける窓口です。\
高齢者に関するさまざまなお困りごとを相談できます。相談は無料です。\
高齢者の介護、健康、家族、財産管理などの相談。高齢者の虐待の相談。健康づくり・介護予防に関する相談。\
ご本人だけでなく、家族や近所の方、民生児童委員からの相談も受け付けています。\
認知症の心配があるときや、介護保険のサービスを使いたいときは、まずお電話ください。\
月〜金 9:00〜17:30（祝日・12/29〜1/3を除く） ＴＥＬ ０６－６４２３－９９１６ 8050問題";

const QUERIES: &[&str] = &[
    "相談",
    "子ども食堂",
    "認知症",
    "ひきこもり",
    "いきいき百歳体操",
    "就労支援",
    "サロン",
    "06-2000-0040",
];

/// Sentences residents type, read through a site's thesaurus (`query_dir` only): the
/// slowest of `bench/browser.mjs`'s need queries, and typical ones.
const NEED_QUERIES: &[&str] = &[
    "一人暮らしで何日も誰ともしゃべってない",
    "ローンが返せない",
    "母がご飯を食べない",
    "息子が何年も部屋から出てこない",
    "夫の暴力から子どもと逃げたい",
];

const PLACES: &[&str] = &[
    "立花", "武庫", "園田", "小田", "大庄", "潮見", "精道", "打出", "尾崎", "桑畑", "鳥取", "社",
    "滝野", "東条",
];
const KINDS: &[(&str, &str, &[&str], &str)] = &[
    (
        "地域包括支援センター",
        "ちいきほうかつしえんせんたー",
        &["地域包括", "介護", "認知症", "高齢者虐待"],
        "高齢者の介護・健康・家族・財産管理などの相談を受ける窓口です。",
    ),
    (
        "こども食堂",
        "こどもしょくどう",
        &["子ども食堂", "食事", "居場所", "学習支援"],
        "子どもはだれでも無料で食事ができる地域の食堂。大人も参加できます。",
    ),
    (
        "ふれあいサロン",
        "ふれあいさろん",
        &["サロン", "つどい場", "体操", "見守り"],
        "地域の集会所で開く、お茶を飲みながらおしゃべりするサロン。",
    ),
    (
        "くらしの相談窓口",
        "くらしのそうだんまどぐち",
        &["総合相談", "うけとめ・つなげる", "困りごと"],
        "どこに相談したらよいかわからない困りごとを、まるごと受けとめる相談窓口です。",
    ),
    (
        "いきいき百歳体操",
        "いきいきひゃくさいたいそう",
        &["介護予防", "通いの場", "体操"],
        "おもりを使った筋力づくりの体操を、週1回みんなで続けている通いの場です。",
    ),
    (
        "就労支援センター",
        "しゅうろうしえんせんたー",
        &["就労支援", "働く", "作業体験"],
        "障害のある方の就労に向けた訓練や、働く場を提供する事業所です。",
    ),
    (
        "ひきこもり家族会",
        "ひきこもりかぞくかい",
        &["ひきこもり", "家族会", "不登校"],
        "ひきこもりの子どもをもつ家族が集まり、悩みを話し合う会です。",
    ),
];

/// `n` deterministic entries in the shape the site generator indexes.
fn docs(n: usize) -> Vec<Document> {
    (0..n)
        .map(|i| {
            let (kind, kana, tags, summary) = KINDS[i % KINDS.len()];
            let place = PLACES[(i / KINDS.len()) % PLACES.len()];
            let city = ["amagasaki", "ashiya", "hannan", "kato"][i % 4];
            Document {
                id: format!("{city}-{i:05}"),
                title: format!("{place}{kind}（{i}）"),
                kana: Some(format!("{kana} {i}")),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                audiences: vec!["高齢者".into(), "子ども".into()],
                summary: summary.into(),
                organization: format!("{place}地区社会福祉協議会"),
                body: format!("{summary}ご本人だけでなく、家族や近所の方からの相談も受け付けています。{place}集会所で開いています。"),
                places: vec![
                    Place {
                        name: format!("{place}地区"),
                        path: format!("/{city}/{city}-{}", i % 6),
                        ..Place::default()
                    },
                    Place {
                        name: "尼崎市".into(),
                        path: format!("/{city}"),
                        ..Place::default()
                    },
                ],
                category_names: Vec::new(),
                area_paths: vec![format!("/{city}/{city}-{}", i % 6)],
                category_paths: vec![format!("/soudan/kind-{}", i % KINDS.len())],
                phones: [2 * i, 2 * i + 1]
                    .iter()
                    .map(|n| PhoneNumber::parse(&format!("06-2000-{n:04}")).expect("phone"))
                    .collect(),
                ..Default::default()
            }
        })
        .collect()
}

fn text(c: &mut Criterion) {
    let segmenter = search_index::dict::segmenter()
        .expect("IPADIC dictionary (mecab-ipadic; scripts/setup.sh)");
    let mut g = c.benchmark_group("text");
    g.bench_function("normalize", |b| b.iter(|| normalize(black_box(ENTRY))));
    let normalized = normalize(ENTRY);
    g.bench_function("ngram_tokens", |b| {
        b.iter(|| ngram_tokens(black_box(&normalized)))
    });
    g.bench_function("lindera_analyze", |b| {
        b.iter(|| analyze(&segmenter, black_box(ENTRY)))
    });
    g.bench_function("phone_terms", |b| {
        b.iter(|| {
            PhoneNumber::parse(black_box("０６－６４２３－９９１６"))
                .expect("phone")
                .index_terms()
        })
    });
    g.finish();
}

fn index(c: &mut Criterion) {
    let docs = docs(1000);
    let _ = search_index::dict::segmenter(); // load the dictionary outside the timing
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.bench_function("build_1000_docs", |b| {
        b.iter(|| build_files(black_box(&docs), &Thesaurus::default()).expect("index"))
    });
    g.finish();
}

fn queries(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    searcher: &Searcher,
    queries: &[&str],
) {
    let opts = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    for q in queries {
        g.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| searcher.search(black_box(q), &opts))
        });
    }
}

fn query(c: &mut Criterion) {
    let searcher =
        Searcher::from_files(build_files(&docs(1000), &Thesaurus::default()).expect("index"))
            .expect("open");
    let mut g = c.benchmark_group("query");
    queries(&mut g, &searcher, QUERIES);
    g.finish();
    if let Some(dir) = std::env::var_os("TSUNAGU_BENCH_INDEX") {
        let searcher = Searcher::open_dir(std::path::Path::new(&dir))
            .expect("TSUNAGU_BENCH_INDEX: a search-index folder");
        let mut g = c.benchmark_group(format!("query_dir_{}_docs", searcher.num_docs()));
        queries(&mut g, &searcher, QUERIES);
        queries(&mut g, &searcher, NEED_QUERIES);
        g.finish();
    }
}

criterion_group!(benches, text, index, query);
criterion_main!(benches);
