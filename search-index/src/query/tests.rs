use std::sync::OnceLock;

use proptest::prelude::*;

use super::plan::TYPO_THRESHOLD;
use super::*;
use crate::index::{build_files, Document, Place, Thesaurus};
use crate::normalize::normalize;
use crate::schema::FUZZY_SCORE;
use crate::segment::{segment_word, Piece};

fn tel(written: &str) -> crate::phone::PhoneNumber {
    crate::phone::PhoneNumber::parse(written).unwrap()
}

/// Opens an index of `docs` built in memory.
fn open(docs: &[Document]) -> Searcher {
    Searcher::from_files(build_files(docs, &Thesaurus::default()).expect("build")).expect("open")
}

/// A searcher over `docs` with a one-item thesaurus: `from` → `to`.
fn open_with(docs: &[Document], from: &str, to: &str) -> Searcher {
    open_with_items(docs, &[(from, &[to])])
}

/// A searcher over `docs` with a thesaurus of these items: one `from` phrase → `to` phrases.
fn open_with_items(docs: &[Document], items: &[(&str, &[&str])]) -> Searcher {
    let thesaurus = Thesaurus {
        items: items
            .iter()
            .map(|(from, to)| {
                (
                    vec![from.to_string()],
                    to.iter().map(|t| t.to_string()).collect(),
                )
            })
            .collect(),
    };
    Searcher::from_files(build_files(docs, &thesaurus).expect("build")).expect("open")
}

fn place(name: &str, path: &str) -> Place {
    Place {
        name: name.into(),
        path: path.into(),
        kana: None,
    }
}

fn doc(id: &str, title: &str, body: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Document::default()
    }
}

fn fixture_docs() -> Vec<Document> {
    vec![
        Document {
            kana: Some("くらしまるごとそうだんしつ".into()),
            summary: "生活の困りごとを何でも相談できる窓口".into(),
            organization: "尼崎市社会福祉協議会".into(),
            tags: vec!["相談".into(), "生活困窮".into()],
            places: vec![
                place("尼崎市", "/amagasaki"),
                place("立花地区", "/amagasaki/amagasaki-tachibana"),
            ],
            category_names: Vec::new(),
            area_paths: vec!["/amagasaki/amagasaki-tachibana".into()],
            category_paths: vec!["/consultation".into()],
            first_contact_of: vec!["/amagasaki/amagasaki-tachibana".into()],
            phones: vec![tel("06-4950-0584")],
            ..doc(
                "kurashi",
                "くらし丸ごと相談室",
                "暮らしの困りごとを丸ごと受け止めます。",
            )
        },
        Document {
            audiences: vec!["子ども".into(), "保護者".into()],
            summary: "地域の子どもに温かい食事を".into(),
            places: vec![
                place("尼崎市", "/amagasaki"),
                place("園田地区", "/amagasaki/amagasaki-sonoda"),
            ],
            category_names: Vec::new(),
            area_paths: vec!["/amagasaki/amagasaki-sonoda".into()],
            category_paths: vec!["/food/kodomo-shokudo".into()],
            phones: vec![tel("０６－６４２３－９９１６")],
            ..doc(
                "kodomo-shokudo",
                "子ども食堂ひまわり",
                "毎週土曜日に開いています。ボランティア募集中。",
            )
        },
        Document {
            places: vec![place("西宮市", "/nishinomiya")],
            category_names: Vec::new(),
            area_paths: vec!["/nishinomiya".into()],
            category_paths: vec!["/food/pantry".into()],
            ..doc(
                "foodbank",
                "フードバンク西宮",
                "食品の寄付を受け付けています。ボランテアの方も歓迎。",
            )
        },
        Document {
            category_paths: vec!["/emergency".into()],
            phones: vec![tel("#7119")],
            ..doc(
                "kyukyu",
                "救急安心センター",
                "急な病気やけがで迷ったら電話相談。",
            )
        },
        Document {
            category_paths: vec!["/emergency".into()],
            phones: vec![tel("189")],
            ..doc(
                "jidou-soudan",
                "児童相談所虐待対応ダイヤル",
                "子どもの虐待の通告・相談は189へ。",
            )
        },
        Document {
            area_paths: vec!["/amagasaki".into()],
            ..doc(
                "shinkansen",
                "新幹線で行く社会見学",
                "新大阪から新幹線に乗ります。",
            )
        },
        doc("twin-b", "同じ内容の資料", "まったく同じ本文"),
        doc("twin-a", "同じ内容の資料", "まったく同じ本文"),
        Document {
            area_paths: vec!["/amagasaki/amagasaki-tachibana".into()],
            ..doc(
                "volunteer",
                "Volunteer Center",
                "volunteer opportunities for everyone",
            )
        },
    ]
}

fn searcher() -> &'static Searcher {
    static S: OnceLock<Searcher> = OnceLock::new();
    S.get_or_init(|| open(&fixture_docs()))
}

/// The fixture searcher's results for `q`.
fn search(q: &str, opts: &SearchOptions) -> SearchResults {
    searcher().search(q, opts).expect("search")
}

fn ids(q: &str) -> Vec<String> {
    search(q, &SearchOptions::default())
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn ids_opts(q: &str, area: Option<&str>, category: Option<&str>) -> Vec<String> {
    let opts = SearchOptions {
        limit: 50,
        area: area.map(str::to_string),
        category: category.map(str::to_string),
        ..Default::default()
    };
    search(q, &opts).hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn reading_queries() {
    assert_eq!(ids("くらしまるごと"), ["kurashi"]);
    assert_eq!(ids("しょくどう"), ["kodomo-shokudo"]);
    assert_eq!(ids("クラシマルゴト"), ["kurashi"]);
}

#[test]
fn variants_and_width() {
    for q in ["子ども食堂", "子供食堂", "こども食堂", "ｺﾄﾞﾓ食堂"] {
        assert_eq!(ids(q), ["kodomo-shokudo"], "{q}");
    }
    assert_eq!(ids("ＶＯＬＵＮＴＥＥＲ"), ["volunteer"]);
}

#[test]
fn index_and_query_split_identically() {
    let seg = crate::dict::segmenter().unwrap();
    let s = searcher();
    for text in ["新幹線", "新大阪", "子ども食堂", "くらし丸ごと相談室"] {
        let indexed: Vec<String> = crate::tokenize::analyze(&seg, text)
            .into_iter()
            .map(|m| m.surface)
            .collect();
        let pieces: Vec<String> = segment_word(&normalize(text), s.surface_vocab())
            .into_iter()
            .map(|p| match p {
                Piece::Term(t) => t,
                Piece::Unknown(t) => format!("?{t}"),
            })
            .collect();
        assert_eq!(pieces, indexed, "{text}");
    }
    assert_eq!(ids("新幹線"), ["shinkansen"]);
}

#[test]
fn kana_words_match_readings_not_scattered_kana() {
    // variants turn こども into 子供, but the word is still read as kana
    assert_eq!(ids("こどもしょくどう"), ["kodomo-shokudo"]);
    assert_eq!(ids("しょくどう"), ["kodomo-shokudo"]);
    // は/っ/た/つ occur in the fixture texts, but not as the word はったつ
    assert!(ids("はったつ").is_empty());
    assert!(ids("たつは").is_empty());
}

#[test]
fn one_typo_inside_a_split_compound() {
    // くらしまるごとそうだんしつ is indexed as several terms; one char is wrong
    assert_eq!(ids("くらしまるごとそうたん"), ["kurashi"]);
    assert_eq!(ids("クラシマルゴトソウダソ"), ["kurashi"]);
    // (in hiragana, そう and たん read as function words: found as くらしまるごと)
    let r = search("クラシマルゴトソウダソ", &SearchOptions::default());
    assert!(r.hits[0].score <= FUZZY_SCORE + f32::EPSILON);
}

#[test]
fn entries_with_every_word_come_first_then_those_with_some() {
    let r = search("相談 尼崎", &SearchOptions::default());
    assert_eq!(r.all_words, 1);
    assert_eq!(r.hits[0].id, "kurashi", "the only entry with both words");
    assert!(
        r.partial && r.total > 1,
        "few match both: the others follow"
    );
    let words: Vec<&str> = r.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(words, ["相談", "尼崎"]);
    assert_eq!(r.hits[0].matched, [0, 1]);
    assert!(
        r.hits[1..].iter().all(|h| h.matched.len() == 1),
        "{:?}",
        r.hits
    );
    assert!(
        r.hits[0].score > 10.0 * r.hits[1].score.max(1.0)
            || r.hits[0].matched.len() > r.hits[1].matched.len()
    );
    // No entry has both 食堂 and 西宮: each one's entries, not an empty page.
    let r = search("食堂 西宮", &SearchOptions::default());
    assert_eq!(r.all_words, 0);
    let mut got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    got.sort();
    assert_eq!(got, ["foodbank", "kodomo-shokudo"]);
    // Enough entries with every word: no partial matches.
    let both = ids("相談");
    assert!(both.contains(&"kurashi".to_string()) && both.contains(&"kyukyu".to_string()));
}

#[test]
fn in_partial_results_a_word_an_entry_says_counts_more_than_one_it_is_listed_under() {
    // A café filed under a second category (悪臭) is found by the category's name, but the
    // desk that says 悪臭 itself comes first, whatever the lengths of their texts; typed
    // without kanji too (the readings of what the café is filed under are listed text).
    let docs = vec![
        doc(
            "desk",
            "生活衛生課",
            "近所の悪臭やごみの相談を受けます。窓口は市役所の二階です。お気軽にどうぞ。",
        ),
        Document {
            category_names: vec!["悪臭".into()],
            ..doc("cafe", "ふれあいカフェ", "お茶を飲みながら話せます。")
        },
        Document {
            keywords: vec!["悪臭".into()],
            ..doc("salon", "いきいきサロン", "体操をします。")
        },
        doc("noise", "騒音の相談", "騒音に困ったとき。"),
    ];
    let s = open(&docs);
    for q in ["悪臭 騒音", "あくしゅう そうおん"] {
        let r = s.search(q, &SearchOptions::default()).unwrap();
        assert!(r.partial, "{q}: no entry has both words");
        let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        let at = |id: &str| got.iter().position(|g| *g == id).expect(id);
        assert!(
            at("desk") < at("cafe") && at("desk") < at("salon"),
            "{q}: {got:?}"
        );
    }
}

#[test]
fn a_thesaurus_phrase_only_a_category_names_scores_below_one_an_entry_says() {
    let docs = vec![
        doc(
            "desk",
            "くらし相談室",
            "家の中がごみ屋敷のようになった、片付けられない、といった相談を受けます。\
             近所の方からの相談もどうぞ。窓口は市役所の二階です。",
        ),
        Document {
            category_names: vec!["ごみ屋敷".into()],
            ..doc("cafe", "ふれあいカフェ", "お茶を飲みながら話せます。")
        },
    ];
    let s = open_with(&docs, "踏み場", "ごみ屋敷");
    let r = s.search("踏み場", &SearchOptions::default()).unwrap();
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got, ["desk", "cafe"]);
}

#[test]
fn an_entry_has_every_word_only_if_its_own_text_answers_the_thesaurus_ones() {
    // 踏み場 leads to ごみ屋敷: the desk says it, the café is only filed under it.
    let docs = vec![
        doc("desk", "くらし相談室", "ごみ屋敷の相談を受けます。"),
        Document {
            category_names: vec!["ごみ屋敷".into()],
            ..doc("cafe", "ふれあいカフェ", "子育ての相談もできます。")
        },
    ];
    let s = open_with(&docs, "踏み場", "ごみ屋敷");
    let r = s.search("踏み場 相談", &SearchOptions::default()).unwrap();
    assert_eq!(r.all_words, 1);
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        got,
        ["desk", "cafe"],
        "the café follows, with some of the words"
    );
    // Alone, the word finds both: nothing else could answer it.
    let r = s.search("踏み場", &SearchOptions::default()).unwrap();
    assert_eq!(r.all_words, 2);
}

#[test]
fn an_entry_does_not_have_a_word_through_a_thesaurus_phrase_nearly_every_entry_holds() {
    // 弟のご飯 leads to 子どもの相談, which 60 cafés mention along with 宿題: had the
    // phrase counted, each would have every word, and the desk that says 弟 itself would
    // be left out.
    let mut docs: Vec<Document> = (0..60)
        .map(|i| {
            doc(
                &format!("cafe-{i:02}"),
                "こども食堂",
                "子どもの相談にものります。宿題もみます。",
            )
        })
        .collect();
    docs.push(doc(
        "desk",
        "ヤングケアラー支援",
        "弟や妹の世話をしている子どもを支えます。",
    ));
    let s = open_with_items(&docs, &[("弟のご飯", &["子どもの相談"])]);
    let r = s
        .search(
            "弟のご飯 宿題",
            &SearchOptions {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(r.all_words, 0);
    assert!(r.partial);
    assert!(r.hits.iter().any(|h| h.id == "desk"), "{:?}", r.hits);
    // A phrase few entries hold still gives an entry the word.
    let s = open_with_items(&docs, &[("弟のご飯", &["ヤングケアラー"])]);
    let r = s.search("弟のご飯", &SearchOptions::default()).unwrap();
    assert_eq!(r.all_words, 1);
}

#[test]
fn a_one_character_word_ranks_entries_but_filters_none_out() {
    let docs = vec![
        doc("desk", "ひきこもり相談", "ひきこもりの相談を受けます。"),
        doc(
            "home",
            "訪問支援",
            "家から出られないひきこもりの方を訪ねます。",
        ),
    ];
    let s = open(&docs);
    let r = s
        .search("家 ひきこもり", &SearchOptions::default())
        .unwrap();
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got, ["home", "desk"]);
    assert_eq!(r.all_words, 2, "家 alone decides nothing");
    assert!(!r.partial);
    // With nothing stronger, it is required.
    let r = s.search("家", &SearchOptions::default()).unwrap();
    assert!(r.hits.iter().all(|h| h.id != "desk"), "{:?}", r.hits);
}

#[test]
fn a_word_no_entry_has_is_left_out_and_said_so() {
    let r = search("ひまわり 宇宙", &SearchOptions::default());
    assert_eq!(
        r.words.iter().map(|w| w.found).collect::<Vec<_>>(),
        [true, false]
    );
    assert_eq!(
        r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["kodomo-shokudo"]
    );
    assert!(!r.partial);
    let r = search("宇宙", &SearchOptions::default());
    assert_eq!(
        r.total, 0,
        "a query whose only word is unknown finds nothing"
    );
}

#[test]
fn a_lone_word_hidden_by_a_filter_is_still_found() {
    let opts = |area: &str| SearchOptions {
        area: Some(area.to_string()),
        ..Default::default()
    };
    let r = search("ひまわり", &opts("/amagasaki/amagasaki-sonoda"));
    assert_eq!(r.total, 1);
    assert!(r.words[0].found);
    let r = search("ひまわり", &opts("/amagasaki/amagasaki-tachibana"));
    assert_eq!(r.total, 0, "the entry is in another district");
    assert!(r.words[0].found, "the word is in the index all the same");
}

#[test]
fn sentences_match_by_their_content_words_in_dictionary_form() {
    // 開いて -> 開く (the body says 開いています), 食事 is in the summary; が/を/に drop out.
    let r = search("土曜日に食事を開いてほしい", &SearchOptions::default());
    assert_eq!(r.hits[0].id, "kodomo-shokudo");
    let words: Vec<&str> = r.words.iter().map(|w| w.text.as_str()).collect();
    assert!(
        words.contains(&"開く") && words.contains(&"食事"),
        "{words:?}"
    );
    assert!(
        !words.contains(&"に") && !words.contains(&"を"),
        "{words:?}"
    );
}

#[test]
fn ngram_fallback_finds_substrings() {
    // "丸ごと相" is no word, but its bigrams appear in that order.
    assert_eq!(ids("丸ごと相"), ["kurashi"]);
    assert_eq!(ids("ンター"), ["kyukyu"]);
}

#[test]
fn exact_ranks_above_typo() {
    assert_eq!(ids("ボランティア"), ["kodomo-shokudo", "foodbank"]);
    assert_eq!(ids("volunter"), ["volunteer"]);
    let r = search("ボランティア", &SearchOptions::default());
    assert!(r.hits[0].score > r.hits[1].score);
    // typos are not tolerated in short words
    assert!(ids("voluntee").len() <= 1);
    assert!(ids("食童").is_empty());
}

#[test]
fn typos_only_when_exact_matches_are_few() {
    let mut docs: Vec<Document> = (0..TYPO_THRESHOLD)
        .map(|i| doc(&format!("exact-{i:02}"), "ボランティア募集", "毎週土曜日"))
        .collect();
    docs.push(doc("typo", "ボランテア募集", "毎週土曜日"));
    let opts = SearchOptions::default();
    let r = open(&docs).search("ボランティア", &opts).unwrap();
    assert_eq!(
        r.total as usize, TYPO_THRESHOLD,
        "enough exact matches: no typo search"
    );
    assert!(r.hits.iter().all(|h| h.id != "typo"));
    // with fewer exact matches, the typo match fills in, ranked last
    docs.truncate(TYPO_THRESHOLD - 1);
    docs.push(doc("typo", "ボランテア募集", "毎週土曜日"));
    let r = open(&docs).search("ボランティア", &opts).unwrap();
    assert_eq!(r.total as usize, TYPO_THRESHOLD);
    assert_eq!(r.hits.last().unwrap().id, "typo");
}

#[test]
fn phone_numbers() {
    for q in [
        "4950-0584",
        "0649500584",
        "06-4950-0584",
        "06 4950 0584",
        "＋81-6-4950-0584",
    ] {
        assert_eq!(ids(q), ["kurashi"], "{q}");
    }
    assert_eq!(ids("６４２３－９９１６"), ["kodomo-shokudo"]);
    assert_eq!(ids("#7119"), ["kyukyu"]);
    assert_eq!(ids("7119"), ["kyukyu"]);
    assert_eq!(ids("189"), ["jidou-soudan"]);
}

#[test]
fn facet_filters_are_hierarchical_and_a_district_includes_its_citys_own_desks() {
    let all = ids_opts("", Some("/amagasaki"), None);
    assert_eq!(
        all,
        ["kodomo-shokudo", "kurashi", "shinkansen", "volunteer"]
    );
    // `shinkansen` is listed at /amagasaki itself: it serves every district of the city.
    assert_eq!(
        ids_opts("", Some("amagasaki/amagasaki-tachibana"), None),
        ["kurashi", "shinkansen", "volunteer"]
    );
    // A sibling district's own entries are not included.
    assert_eq!(
        ids_opts("", Some("/amagasaki/amagasaki-sonoda"), None),
        ["kodomo-shokudo", "shinkansen"]
    );
    assert_eq!(
        ids_opts("相談", None, Some("/emergency")),
        ["jidou-soudan", "kyukyu"]
    );
    let mut food = ids_opts("", None, Some("/food"));
    food.sort();
    assert_eq!(food, ["foodbank", "kodomo-shokudo"]);
    // Body text has no n-grams (see index.rs): a lone 食 matches the title only.
    assert_eq!(ids_opts("食", None, Some("/food")), ["kodomo-shokudo"]);
    assert!(ids_opts("", Some("/nowhere"), None).is_empty());
    assert!(ids_opts("", Some("\u{0}bad//"), None).is_empty());

    let r = search(
        "",
        &SearchOptions {
            area: Some("/amagasaki".into()),
            ..Default::default()
        },
    );
    let count = |path: &str| {
        r.area_counts
            .iter()
            .find(|c| c.path == path)
            .map(|c| c.count)
    };
    assert_eq!(count("/amagasaki"), Some(4));
    // Counts agree with what choosing the district finds.
    assert_eq!(count("/amagasaki/amagasaki-tachibana"), Some(3));
    assert_eq!(count("/nishinomiya"), Some(1)); // area counts ignore the area filter
    assert_eq!(r.total, 4);
    let food = r
        .category_counts
        .iter()
        .find(|c| c.path == "/food")
        .map(|c| c.count);
    assert_eq!(food, Some(1));
}

#[test]
fn ties_break_by_id() {
    assert_eq!(ids("同じ内容"), ["twin-a", "twin-b"]);
    assert_eq!(ids("").len(), 9);
    assert_eq!(ids("")[0], "foodbank");
}

#[test]
fn several_segments_answer_like_one() {
    // Sites always get one merged segment; an index left in several must still
    // count facets across them and break ties by id, not by segment.
    let files = crate::index::build_files_unmerged(&fixture_docs(), 4).unwrap();
    let multi = Searcher::from_files(files).unwrap();
    assert!(multi.segment_count() > 1);
    for q in ["", "相談", "同じ内容", "食堂", "尼崎"] {
        for area in [None, Some("/amagasaki")] {
            let opts = SearchOptions {
                area: area.map(String::from),
                ..SearchOptions::default()
            };
            assert_eq!(
                multi.search(q, &opts).unwrap(),
                search(q, &opts),
                "{q:?} {area:?}"
            );
        }
    }
}

#[test]
fn open_dir_reads_the_files_its_manifest_lists() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in build_files(&fixture_docs(), &Thesaurus::default()).unwrap() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let s = Searcher::open_dir(dir.path()).unwrap();
    assert_eq!(s.num_docs(), 9);
    let opts = SearchOptions::default();
    assert_eq!(s.search("相談", &opts).unwrap(), search("相談", &opts));
    std::fs::write(
        dir.path().join("manifest.json"),
        b"{\"files\": [{\"name\": \"../x\"}]}",
    )
    .unwrap();
    assert!(matches!(
        Searcher::open_dir(dir.path()),
        Err(SearchError::Manifest(_))
    ));
}

#[test]
fn odd_queries_are_words_like_any_other() {
    let opts = SearchOptions::default();
    // Query syntax means nothing: operators are separators or plain words.
    for q in ["", " ", "\"", "-", "*", "[]{}^~", "🙂"] {
        let r = search(q, &opts);
        assert_eq!(r.total, 9, "{q:?} has no words: everything matches");
        assert_eq!(r.hits.len(), 9, "{q:?}");
    }
    for q in ["title:foo", "(a OR b)", "AND", "a\u{0}b"] {
        assert_eq!(search(q, &opts).total, 0, "{q:?} matches no document");
    }
    assert_eq!(ids("\"相談\""), ids("相談"), "quotes are separators");
    let long = "あ".repeat(1000) + &"x".repeat(1000);
    assert_eq!(search(&long, &opts).total, 0);
    let many = search(
        &"子ども 食堂 ".repeat(100),
        &SearchOptions {
            limit: 0,
            ..Default::default()
        },
    );
    assert!(many.hits.is_empty(), "limit 0 returns no hits");
    assert_eq!(many.all_words, 1, "but counts them");
}

#[test]
fn sixty_docs_index_size() {
    let areas = ["尼崎市", "西宮市", "伊丹市", "宝塚市"];
    let kinds = [
        "子ども食堂",
        "相談窓口",
        "フードバンク",
        "居場所",
        "学習支援",
        "介護予防教室",
    ];
    let docs: Vec<Document> = (0..60)
        .map(|i| Document {
            id: format!("res-{i:03}"),
            title: format!("{}{}その{i}", areas[i % 4], kinds[i % 6]),
            kana: Some("ちいきしげん".into()),
            tags: vec![kinds[i % 6].into(), "地域".into()],
            audiences: vec!["高齢者".into(), "子ども".into()],
            summary: format!("{}で{}を行っています。", areas[i % 4], kinds[i % 6]),
            organization: "社会福祉協議会".into(),
            body: "毎週水曜日の午後に開催。参加費は無料です。お気軽にお問い合わせください。"
                .repeat(2),
            places: vec![
                place("兵庫県", "/hyogo"),
                place(areas[i % 4], &format!("/hyogo/area-{}", i % 4)),
            ],
            category_names: Vec::new(),
            keywords: Vec::new(),
            area_paths: vec![format!("/hyogo/area-{}", i % 4)],
            category_paths: vec![format!("/support/kind-{}", i % 6)],
            phones: vec![tel(&format!("06-{:04}-{:04}", 1000 + i, 2000 + i))],
            ..Default::default()
        })
        .collect();
    let files = build_files(&docs, &Thesaurus::default()).unwrap();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    assert!(bytes < 200_000, "{bytes} bytes");
    let s = Searcher::from_files(files).unwrap();
    let r = s
        .search("伊丹 子ども食堂", &SearchOptions::default())
        .unwrap();
    assert_eq!(r.all_words, 5);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn any_query_ranks_its_matches_consistently(q in "\\PC{0,40}", area in proptest::option::of("\\PC{0,12}")) {
        let few = SearchOptions { limit: 3, area: area.clone(), ..Default::default() };
        let all = SearchOptions { limit: 50, area, ..Default::default() };
        let (a, b) = (search(&q, &few), search(&q, &all));
        // A smaller limit shows a prefix of the same ranking, with the same counts.
        prop_assert_eq!(a.total, b.total);
        prop_assert_eq!(&a.hits[..], &b.hits[..a.hits.len()]);
        prop_assert_eq!(b.hits.len() as u64, b.total);
        prop_assert_eq!(a.area_counts, b.area_counts);
        // Best first; ties by id.
        for w in b.hits.windows(2) {
            prop_assert!(w[0].score > w[1].score || (w[0].score == w[1].score && w[0].id < w[1].id));
        }
    }
}

/// What the browser does: open from the hotcache alone, then search, providing the
/// ranges each answer says are missing, until the results come; they must equal those of
/// a searcher holding every file.
#[test]
fn a_searcher_opened_from_the_hotcache_alone_answers_like_one_with_every_file() {
    let files = build_files(&fixture_docs(), &Thesaurus::default()).unwrap();
    let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    let manifest: crate::index::Manifest =
        serde_json::from_slice(file(crate::index::MANIFEST)).unwrap();
    let lazy = Searcher::open(crate::hotcache::open(file(&manifest.hotcache)).unwrap()).unwrap();
    let opened_with = lazy.cached_bytes();
    let total: u64 = manifest.files.iter().map(|f| f.size).sum();
    assert!(opened_with < total, "{opened_with} of {total} bytes");
    let queries = [
        "",
        "相談",
        "子ども食堂",
        "こどもしょくどう",
        "4950-0584",
        "そうだn",
        "新幹線で行く",
        "Volunteer",
        "食",
        "同じ内容",
        "母がご飯を食べない",
        // (partial, naming a place: its first contacts are warmed with the words)
        "立花 食堂 新幹線",
        "zzzz",
    ];
    let mut max_rounds = 0;
    for q in queries {
        for area in [None, Some("/amagasaki/amagasaki-tachibana")] {
            let opts = SearchOptions {
                area: area.map(String::from),
                ..Default::default()
            };
            let want = searcher().search(q, &opts).unwrap();
            let mut rounds = 0;
            let got = loop {
                match lazy.search(q, &opts) {
                    Ok(r) => break r,
                    Err(SearchError::Missing(missing)) => {
                        rounds += 1;
                        let most = if q.starts_with("立花") { 1 } else { 2 };
                        assert!(rounds <= most, "{q:?}: still missing {missing:?}");
                        for m in missing {
                            let data = file(&m.file);
                            lazy.provide(&m.file, m.start, &data[m.start as usize..m.end as usize]);
                        }
                    }
                    Err(e) => panic!("{q:?}: {e}"),
                }
            };
            max_rounds = max_rounds.max(rounds);
            assert_eq!(got, want, "{q:?} {area:?}");
        }
    }
    assert!(max_rounds >= 1, "some query fetched something");
}

#[test]
fn the_docs_filter_keeps_the_documents_numbered_in_id_order() {
    let docs = fixture_docs();
    let numbers = crate::index::doc_numbers(docs.iter().map(|d| d.id.as_str()));
    let want = ["kurashi", "volunteer"];
    let chosen: Vec<u32> = docs
        .iter()
        .zip(&numbers)
        .filter(|(d, _)| want.contains(&d.id.as_str()))
        .map(|(_, &n)| n)
        .collect();
    let opts = SearchOptions {
        docs: Some(chosen),
        ..Default::default()
    };
    assert_eq!(
        search("", &opts)
            .hits
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        want
    );
    // With a query, the filter narrows its matches and the facet counts.
    let r = search("相談", &opts);
    assert!(r.hits.iter().all(|h| want.contains(&h.id.as_str())));
    assert!(r.area_counts.iter().all(|c| c.count <= 2));
}

/// The id of the first hit of `q`, if any.
fn first_id(s: &Searcher, q: &str) -> Option<String> {
    let r = s.search(q, &SearchOptions::default()).expect("search");
    r.hits.into_iter().next().map(|h| h.id)
}

fn ids_of(s: &Searcher, q: &str) -> Vec<String> {
    let r = s.search(q, &SearchOptions::default()).expect("search");
    r.hits.into_iter().map(|h| h.id).collect()
}

fn words_of(s: &Searcher, q: &str) -> Vec<String> {
    let r = s.search(q, &SearchOptions::default()).expect("search");
    r.words.into_iter().map(|w| w.text).collect()
}

#[test]
fn people_are_one_word_and_suffixes_of_address_none() {
    let s = open(&[doc("a", "見守り", "近所の高齢者の見守りをしています。")]);
    let words = words_of(&s, "近所のおばあさんが心配");
    assert!(words.contains(&"おばあさん".to_string()), "{words:?}");
    let words = words_of(&s, "田中さんが最近見守りを断る");
    assert!(
        !words.iter().any(|w| w == "さん" || w == "さる"),
        "さん is a suffix, not a word: {words:?}"
    );
}

#[test]
fn fragments_of_words_the_vocabulary_lacks_are_not_words() {
    let s = open(&[
        doc("a", "相続の相談", "遺産や相続の相談。"),
        doc("b", "お金", "ぎりぎりの生活。家計の相談。"),
    ]);
    // きょうだい is not in the vocabulary: its tail ょう is no word; め (of もめる) neither
    let words = words_of(&s, "相続できょうだいともめてる");
    assert!(
        words
            .iter()
            .all(|w| !w.starts_with('ょ') && w != "め" && w != "ぎ"),
        "{words:?}"
    );
    assert!(words.contains(&"相続".to_string()), "{words:?}");
}

#[test]
fn how_long_something_lasts_or_is_left_is_said_in_passing() {
    let docs = [
        doc(
            "a",
            "就学援助",
            "入学の準備の費用。相談したあとで申請します。",
        ),
        doc("b", "親なきあと", "2年間の講座。"),
    ];
    // (the thesaurus knows あと, as the shipped one does)
    let s = open_with(&docs, "親なきあと", "講座");
    let words = words_of(&s, "制服が買えない 入学まであと1か月");
    assert!(
        !words.iter().any(|w| w.contains("あと") || w.contains('1')),
        "{words:?}"
    );
    let words = words_of(&s, "2年間ずっと入学の準備");
    assert!(!words.iter().any(|w| w.contains('2')), "{words:?}");
    // あと is a word elsewhere, and a number of years no span
    let words = words_of(&s, "親なきあとが心配");
    assert!(words.iter().any(|w| w.contains("あと")), "{words:?}");
    assert!(words_of(&s, "2年 入学").contains(&"2".to_string()));
}

#[test]
fn nobody_is_a_word_of_the_thesaurus_and_somebody_or_anybody_is_grammar() {
    let docs = [
        doc("line", "24時間の電話", "どんな悩みも聞きます。"),
        doc("desk", "相談窓口", "誰でも相談できます。借金の相談も。"),
    ];
    let s = open_with(&docs, "誰もいない", "悩み");
    // 誰にも … ない reaches 誰もいない's phrase: the line, not the desk that says 誰でも
    assert_eq!(
        first_id(&s, "あのこと誰にも言えない").as_deref(),
        Some("line")
    );
    assert_eq!(words_of(&s, "あのこと誰にも言えない"), ["誰"]);
    let r = s
        .search("誰にも言えない", &SearchOptions::default())
        .unwrap();
    assert_eq!(r.total, 1, "{:?}", r.hits);
    // 誰か, 誰でも are no words; 誰 of 誰も without the thesaurus neither
    assert!(words_of(&s, "誰かに話を聞いてほしい 相談")
        .iter()
        .all(|w| w != "誰"));
    assert!(words_of(&s, "誰でも行ける 相談").iter().all(|w| w != "誰"));
    // a word of its own beside a noun, and 誰もが is everyone
    assert_eq!(words_of(&s, "借金誰にも言えない"), ["借金", "誰"]);
    assert!(words_of(&s, "誰もが行ける 相談").iter().all(|w| w != "誰"));
    let plain = open(&docs);
    assert!(words_of(&plain, "誰にも言えない 相談")
        .iter()
        .all(|w| w != "誰"));
}

#[test]
fn a_katakana_word_is_not_the_reading_of_a_word_in_kanji() {
    let s = open(&[doc("kurashi", "暮らしの相談", "生活の相談。")]);
    let found = |q: &str| s.search(q, &SearchOptions::default()).unwrap().total;
    assert_eq!(found("くらし"), 1, "kana finds the reading");
    assert_eq!(found("クラス"), 0, "クラス (class) is not 暮らす");
}

#[test]
fn a_need_named_by_several_words_counts_as_all_of_them() {
    let docs = [
        doc(
            "shelter",
            "女性のためのシェルター",
            "安全な場所を用意します。",
        ),
        doc(
            "cafe",
            "こども食堂",
            "子どもが行く食堂。夫婦で運営しています。",
        ),
    ];
    let s = open_with(&docs, "夫から逃げたい", "シェルター");
    let r = s
        .search(
            "夫から子どもと逃げたい 行くとこがない",
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(r.hits[0].id, "shelter", "{:?}", r.hits);
}

#[test]
fn bare_numbers_and_light_verbs_count_for_less() {
    let docs = [
        doc("a", "家計の相談", "借金を返す相談。"),
        doc("b", "体操", "30分の体操に行く人も出る人も歓迎。"),
    ];
    let s = open(&docs);
    // 借金 + 返す (two words) beat 30 + 行く + 出る (a number and two light verbs)
    let r = s
        .search("30 行く 出る 借金 返す", &SearchOptions::default())
        .unwrap();
    assert_eq!(r.hits[0].id, "a", "{:?}", r.hits);
}

#[test]
fn a_negated_thesaurus_phrase_applies_only_to_queries_that_negate() {
    let docs = [doc("salon", "ふれあいサロン", "だれでも集える場所。")];
    let s = open_with(&docs, "友達がいない", "サロン");
    let found = |q: &str| s.search(q, &SearchOptions::default()).unwrap().total;
    for q in [
        "友達がいない",
        "友達がおらん",
        "友達ができない",
        "友達がいなくてさびしい",
        "友達がいなくなった",
        // the ん of のです after ない (いないんです is not いな + いん + です)
        "友達がいないんです",
        "友達がいないんだけど",
        // ない + し (IPADIC's conjunction ないし, "or", is rarely what a resident means)
        "友達もいないし、さびしい",
    ] {
        assert_eq!(found(q), 1, "{q}");
    }
    // 友達 alone says nothing about loneliness
    assert_eq!(found("友達が困っている"), 0);
    assert_eq!(found("友達が住んでいる"), 0, "住ん|で is no negation");
    // Kansai 来ん negates (出てこん = 出てこない)
    let docs = [doc("family", "ひきこもり家族会", "家族の集まり。")];
    let s = open_with(&docs, "部屋から出てこない", "家族会");
    let found = |q: &str| s.search(q, &SearchOptions::default()).unwrap().total;
    assert_eq!(found("息子が部屋から出てこん"), 1);
    assert_eq!(found("息子が部屋から出てこないんです"), 1);
    assert_eq!(found("息子が部屋から出てきた"), 0);
}

#[test]
fn a_polite_question_ending_is_no_word_even_where_the_site_spells_a_verb_like_it() {
    // (lindera finds verbs in kana readings: うく in せいどうけんいき; the thesaurus's
    // すかせている is a real すく, 空く)
    let docs = [
        Document {
            kana: Some("せいどうけんいき".into()),
            ..doc("desk", "精道圏域の総合相談", "物忘れの相談。")
        },
        doc("pool", "プール", "水に浮く。席が空く。"),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("物忘れ", &["認知症"]),
            ("お腹をすかせている", &["食料支援"]),
        ],
    );
    for q in [
        "物忘れの相談はできるでしょうか",
        "物忘れの相談はどこでしょう",
        "物忘れの相談に行こうか",
        "物忘れ ありますか",
        "物忘れ いいですか",
    ] {
        let words = words_of(&s, q);
        assert!(
            words
                .iter()
                .all(|w| !["うく", "すく", "浮く", "空く", "しょう"].contains(&w.as_str())),
            "{q}: {:?}",
            s.explain(q)
        );
        assert_eq!(first_id(&s, q).as_deref(), Some("desk"), "{q}");
    }
}

#[test]
fn nakunaru_after_a_verb_says_no_longer_not_that_someone_died() {
    let docs = [
        doc("sleep", "こころの相談", "不眠の相談を受けています。"),
        doc(
            "grief",
            "遺族の相談",
            "家族がなくなったときの相談。亡くなった方の手続き。",
        ),
    ];
    let s = open_with(&docs, "眠れない", "不眠");
    let ids = |q: &str| ids_of(&s, q);
    // 眠れ|なくなった: no longer able to sleep (a negation: 眠れない fires)
    assert_eq!(ids("眠れなくなった"), ["sleep"]);
    assert_eq!(ids("夜、眠れなくなったんです"), ["sleep"]);
    // after a noun, it is the verb itself
    assert_eq!(ids("母が亡くなった"), ["grief"]);
}

#[test]
fn a_place_to_do_something_is_a_place_however_it_is_written_and_its_negation_is_the_places() {
    let docs = [
        doc("sleep", "こころの相談", "不眠の相談を受けています。"),
        doc("roof", "住まいの相談", "住まいを失った方の一時生活支援。"),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("寝られない", &["不眠"]),
            ("寝るところがない", &["一時生活支援"]),
        ],
    );
    let ids = |q: &str| ids_of(&s, q);
    // ところ, とこ, 所 after a verb are one place word, as 場所 is
    for q in [
        "寝るところがない",
        "今夜寝るとこない",
        "寝る所がない",
        "寝る場所がない",
        // the dictionary form typed in kana
        "ねるところがない",
    ] {
        assert_eq!(ids(q), ["roof"], "{q}");
    }
    // a negation after the place is not the verb's: no roof is not no sleep
    assert_eq!(ids("寝られない"), ["sleep"]);
    // the place is the verb's before it: no bed for the night is no place to sleep, not
    // sleeplessness, and not the 帰る場所がない of a verb elsewhere in the query
    let s = open_with_items(
        &docs,
        &[
            ("寝られない", &["不眠"]),
            ("帰る場所がない", &["一時生活支援"]),
        ],
    );
    let reaches = |q: &str, to: &str| s.looks_for(q).reaches.contains(to);
    assert!(reaches("帰るところがない", "一時生活支援"));
    let q = "家に帰りたくない 今夜寝るとこない";
    assert!(
        !reaches(q, "一時生活支援") && !reaches(q, "不眠"),
        "{:?}",
        s.explain(q)
    );
    // not after a verb's other forms (寝たところ: just slept)
    assert!(ids("寝たところなのに寝られない").contains(&"sleep".to_string()));
}

#[test]
fn a_place_word_ranks_entries_there_then_those_serving_it_from_above_then_mentions() {
    let at = |id: &str, title: &str, places: Vec<Place>| Document {
        area_paths: vec![places.last().unwrap().path.clone()],
        places,
        ..doc(id, title, "暮らしの相談を受けています。")
    };
    let amagasaki = || place("尼崎市", "/hyogo/amagasaki");
    let docs = [
        at(
            "elsewhere",
            "立花町の相談窓口",
            vec![place("西宮市", "/hyogo/nishinomiya")],
        ),
        at("city-wide", "市の相談窓口", vec![amagasaki()]),
        at(
            "there",
            "地域の相談窓口",
            vec![
                amagasaki(),
                place("立花地区", "/hyogo/amagasaki/amagasaki-tachibana"),
            ],
        ),
        at("prefecture", "県の窓口", vec![place("兵庫県", "/hyogo")]),
        at(
            "other-district",
            "地域の窓口",
            vec![
                amagasaki(),
                place("園田地区", "/hyogo/amagasaki/amagasaki-sonoda"),
            ],
        ),
    ];
    let s = open(&docs);
    let ids = |q: &str| ids_of(&s, q);
    // Named by a term of the area's name or by the whole name.
    for q in ["立花で暮らしの相談", "立花地区で暮らしの相談"] {
        assert_eq!(
            ids(q),
            [
                "there",
                "city-wide",
                "prefecture",
                "elsewhere",
                "other-district"
            ],
            "{q}"
        );
    }
    // Every word: the city-wide and prefecture entries serve 立花 and the one elsewhere
    // names it; another district's does neither.
    let r = s.search("立花 相談", &SearchOptions::default()).unwrap();
    assert_eq!(r.all_words, 4);
    // Typed in kana, a place is the same place: the entry there, then those serving it.
    assert_eq!(
        ids("そのだでくらしのそうだん")[..3],
        ["other-district", "city-wide", "prefecture"]
    );
}

#[test]
fn among_many_entries_with_every_word_those_in_the_named_place_come_before_namesakes_elsewhere() {
    let at = |id: String, title: &str, places: Vec<Place>| Document {
        area_paths: vec![places.last().unwrap().path.clone()],
        places,
        ..doc(&id, title, "介護の相談を受けています。")
    };
    let amagasaki = || place("尼崎市", "/hyogo/amagasaki");
    let oda = || place("小田地区", "/hyogo/amagasaki/amagasaki-oda");
    // A street of another city shares the district's name, and its desks say it, and the
    // other words, more often than the district's own.
    let mut docs: Vec<Document> = (0..12)
        .map(|i| Document {
            summary: "小田の介護の相談窓口。小田で介護をする家族の相談も。".into(),
            body: "介護の相談。小田の介護の相談。介護の相談。".into(),
            tags: vec!["介護".into(), "相談".into()],
            ..at(
                format!("namesake-{i:02}"),
                "小田介護相談センター",
                vec![place("三田市", "/hyogo/sanda")],
            )
        })
        .collect();
    docs.extend((0..30).map(|i| {
        at(
            format!("other-{i:02}"),
            "子育てひろば",
            vec![place("三田市", "/hyogo/sanda")],
        )
    }));
    docs.push(at(
        "oda-north".into(),
        "北の相談窓口",
        vec![amagasaki(), oda()],
    ));
    docs.push(at(
        "oda-south".into(),
        "南の相談窓口",
        vec![amagasaki(), oda()],
    ));
    docs.push(at("city-wide".into(), "市の相談窓口", vec![amagasaki()]));
    let s = open(&docs);
    let r = s
        .search("小田で介護の相談", &SearchOptions::default())
        .unwrap();
    assert!(!r.partial);
    assert_eq!(r.all_words, 15);
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids[..4],
        ["oda-north", "oda-south", "city-wide", "namesake-00"]
    );
}

#[test]
fn in_partial_results_a_places_first_contacts_come_before_the_others_with_as_many_words() {
    let tachibana = "/amagasaki/amagasaki-tachibana";
    let at = |id: &str, title: &str, body: &str| Document {
        area_paths: vec![tachibana.into()],
        places: vec![place("立花地区", tachibana)],
        ..doc(id, title, body)
    };
    let docs = [
        at("dementia", "もの忘れ相談", "認知症の相談を受けます。"),
        at("debt", "お金の相談", "借金の相談を受けます。"),
        // It says 立花 itself, and is no one's first contact.
        at("salon", "立花サロン", "立花の集会所で体操をします。"),
        Document {
            first_contact_of: vec![tachibana.into()],
            ..at(
                "start",
                "地域振興センター",
                "困りごとは何でもご相談ください。",
            )
        },
    ];
    let s = open(&docs);
    let r = s
        .search("立花 認知症 借金", &SearchOptions::default())
        .unwrap();
    assert!(r.partial, "no entry has every word");
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got[2..], ["start", "salon"]);
    // An entry with one more of the words still comes first.
    let r = s.search("立花 体操", &SearchOptions::default()).unwrap();
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got[..2], ["salon", "start"]);
}

#[test]
fn two_hiragana_cut_out_of_a_sentence_are_no_word_unless_the_thesaurus_knows_them() {
    let docs = [
        doc(
            "crab",
            "かにの店",
            "ずわいかにを売っています。うつわも売っています。",
        ),
        doc("talk", "話を聞く電話", "だれかに話したいときに。"),
        doc("mind", "こころの相談", "気分が落ちこむときに。"),
    ];
    let s = open_with(&docs, "うつ", "こころの相談");
    let words = |q: &str| words_of(&s, q);
    assert!(
        !words("誰かに話をきいてほしい").contains(&"かに".to_string()),
        "{:?}",
        s.explain("誰かに話をきいてほしい")
    );
    assert!(
        words("うつっぽくて話をきいてほしい").contains(&"うつ".to_string()),
        "{:?} {:?}",
        words("うつっぽくて話をきいてほしい"),
        s.explain("うつっぽくて話をきいてほしい")
    );
    // typed alone, it is what the resident is looking for
    assert_eq!(words("かに"), ["かに"]);
}

#[test]
fn a_word_said_twice_is_one_word() {
    let r = search("借金が心配 借金の相談", &SearchOptions::default());
    let words: Vec<&str> = r.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        words.iter().filter(|w| **w == "借金").count(),
        1,
        "{words:?}"
    );
}

#[test]
fn a_compound_with_a_one_character_piece_is_found_where_its_pieces_are_together() {
    let docs = [
        doc("scattered", "病院の案内", "部屋代は無料です。"),
        doc("together", "医療の相談", "病院代が払えないときの相談。"),
    ];
    let s = open(&docs);
    let r = s.search("病院代", &SearchOptions::default()).unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(r.all_words, 1, "{ids:?}");
    assert_eq!(ids[0], "together");
}

#[test]
fn kana_residents_write_for_a_word_are_that_word_in_a_sentence() {
    let docs = [
        doc("clinic", "癌の相談室", "治療と暮らしの相談。"),
        doc("other", "子育て広場", "親子で遊べます。"),
    ];
    let s = open_with(&docs, "がん", "癌");
    let r = s
        .search("がんと言われた", &SearchOptions::default())
        .unwrap();
    assert_eq!(
        r.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        ["がん"],
        "{:?}",
        s.explain("がんと言われた")
    );
    assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("clinic"));
}

#[test]
fn a_sentence_typed_without_kanji_is_cut_into_its_words() {
    let docs = [
        doc("hogo", "生活保護の相談", "生活保護の申請を受け付けます。"),
        doc("cafe", "こども食堂", "子どもが無料で食べられる食堂。"),
        doc("peers", "親どうしの集い", "親どうしで話せる会。"),
    ];
    let s = open(&docs);
    let q = "せいかつほごをうけたい";
    assert_eq!(
        first_id(&s, q).as_deref(),
        Some("hogo"),
        "{:?}",
        s.explain(q)
    );
    // function words are not cut into the words of the site (どうし of 親どうし)
    let words = words_of(&s, "こどもがごはんをたべない どうしたらいい");
    assert!(!words.contains(&"どうし".to_string()), "{words:?}");
    // a name typed in kana is one word, found by its reading
    assert_eq!(words_of(&s, "せいかつほご"), ["せいかつほご"]);
}

#[test]
fn a_sentence_typed_without_kanji_is_cut_into_its_words_around_numbers_and_latin() {
    let docs = [
        doc("kaigo", "介護の相談", "家族の介護の相談を受けます。"),
        doc("cafe", "ふれあい喫茶", "どなたでもどうぞ。"),
    ];
    let s = open_with_items(&docs, &[("母の介護", &["介護"])]);
    for q in [
        "ははがかいごしてて",
        "90のちちを88のははがひとりでかいごしてて",
        "snsでははがかいごしてて",
    ] {
        let words = words_of(&s, q);
        assert!(
            words.iter().any(|w| w == "かいご") && words.iter().any(|w| w == "はは"),
            "{q}: {words:?} {:?}",
            s.explain(q)
        );
        assert_eq!(first_id(&s, q).as_deref(), Some("kaigo"), "{q}");
    }
    // kana that are no sentence beside a number stay what they were: 80さい is 80 (歳)
    let words = words_of(&s, "80さい かいご");
    assert!(!words.iter().any(|w| w.contains("さい")), "{words:?}");
}

#[test]
fn in_a_sentence_typed_without_kanji_a_person_wins_over_another_word_of_the_same_kana() {
    // ははと: はは (母) + と, not は + はと (鳩, a word of the thesaurus too)
    let docs = [
        doc("kaigo", "介護の相談", "母の介護の相談を受けます。"),
        doc("hato", "鳩の餌やり", "鳩の餌やりに困ったとき。"),
    ];
    let s = open_with_items(&docs, &[("母の介護", &["介護"]), ("鳩の餌", &["餌やり"])]);
    let q = "ははとふたりぐらし";
    let words = words_of(&s, q);
    assert!(
        words.iter().any(|w| w == "はは") && !words.iter().any(|w| w == "はと"),
        "{words:?} {:?}",
        s.explain(q)
    );
    assert_eq!(first_id(&s, q).as_deref(), Some("kaigo"));
}

#[test]
fn a_noun_of_the_thesaurus_typed_in_kana_leads_where_the_noun_does() {
    let docs = [
        doc("saimu", "債務整理の窓口", "多重債務の相談。"),
        doc("alcohol", "断酒会", "アルコール依存に悩む人と家族の会。"),
        doc("park", "公園の清掃", "みんなで公園をきれいにします。"),
        doc("youth", "若者の居場所", "夜も開いている若者の居場所。"),
        doc("memory", "もの忘れ相談", "認知症の心配があるときに。"),
        doc("talk", "おしゃべりの会", "人と話すのが好きな方の集まり。"),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("借金が返せない", &["多重債務"]),
            ("お酒がやめられない", &["アルコール依存"]),
            ("家に帰りたくない", &["居場所"]),
            ("同じ話ばかりする", &["認知症"]),
        ],
    );
    for (q, want) in [
        // しゃっきん is read as 借金 (the thesaurus knows its reading), かえせ as 返す
        ("しゃっきんがかえせない", "saimu"),
        // … and おさけ as 酒, after the polite prefix
        ("おさけがやめられない", "alcohol"),
        // いえ is 家, not the interjection; はなし is 話 as well as a form of 話す
        ("いえにかえりたくない", "youth"),
        ("おなじはなしばかりする", "memory"),
    ] {
        assert_eq!(first_id(&s, q).as_deref(), Some(want), "{:?}", s.explain(q));
    }
    // おさけ is one word (not お + さけ)
    let words = words_of(&s, "おさけがやめられない");
    assert!(words.contains(&"おさけ".to_string()), "{words:?}");
}

#[test]
fn a_thesaurus_phrase_many_entries_hold_counts_less_than_one_few_hold() {
    // 空き缶+集める leads to 空き缶 (one desk says it) and to 見守り (every salon does)
    let mut docs = vec![doc("can", "空き缶の相談", "ごみの相談窓口。")];
    for i in 0..30 {
        docs.push(doc(
            &format!("salon-{i:02}"),
            "見守りサロン",
            "おじいさんも来ます。",
        ));
    }
    for i in 0..9 {
        docs.push(doc(
            &format!("other-{i}"),
            "子育て広場",
            "心配なことを話せます。",
        ));
    }
    let s = open_with_items(&docs, &[("空き缶を集める", &["空き缶", "見守り"])]);
    // No entry has every word; the desk has the need's own word, each salon a phrase 30
    // entries hold and おじいさん.
    let q = "空き缶を集めてるおじいさんが心配";
    assert_eq!(
        first_id(&s, q).as_deref(),
        Some("can"),
        "{:?}",
        s.explain(q)
    );
}

#[test]
fn in_partial_results_an_entry_answering_a_word_several_ways_comes_before_one_answering_it_once() {
    // クビ leads to four service words: the desk holds three, the workshop one, in its
    // title. No entry has 会社 and クビ both, so the results are partial.
    let docs = vec![
        doc("workshop", "就労支援", "作業所です。"),
        doc(
            "desk",
            "くらしの相談窓口",
            "失業して生活困窮のある方の自立相談支援を行います。どなたでもどうぞ。",
        ),
        doc("firm", "会社の案内", "会社の紹介です。"),
    ];
    let s = open_with_items(
        &docs,
        &[("クビ", &["失業", "生活困窮", "自立相談支援", "就労支援"])],
    );
    let q = "会社をクビになった";
    let r = s.search(q, &SearchOptions::default()).unwrap();
    assert!(r.partial, "{:?}", s.explain(q));
    let at = |id: &str| r.hits.iter().position(|h| h.id == id);
    assert!(at("desk") < at("workshop"), "{:?}", r.hits);
    assert!(at("workshop").is_some());
}

#[test]
fn kana_spelling_a_verb_and_another_word_are_read_from_their_neighbours() {
    let docs = [
        doc("hikikomori", "ひきこもりの相談", "家族の相談。"),
        doc("room", "部屋の片付け", "部屋を片付けます。"),
        doc("garden", "花が咲く庭", "生きる力を育てる。"),
        doc("dv", "酒を飲んで暴れる家族の相談", "暴力の相談。"),
        doc("home", "家の修理", "家の修理を言える場所。"),
        doc("mother", "母の外出", "外に出る。"),
        // (乗る makes のん a form of two verbs: 乗んない)
        doc("bus", "バスの練習", "バスに乗る。"),
        // (さく written in kana: さい is one of its forms)
        doc("flower", "花がさく公園", "花がさく。"),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("部屋から出てこない", &["ひきこもり"]),
            ("酒を飲んで暴れる", &["暴力"]),
        ],
    );
    let has = |q: &str, w: &str| words_of(&s, q).iter().any(|x| x == w);
    // で between a particle and a verb ending is 出る (not the particle)
    for q in [
        "むすこがへやからでてこない",
        "いえからでられない",
        "そとにでるのがこわい",
    ] {
        assert!(has(q, "出る"), "{q}: {:?}", s.explain(q));
    }
    assert_eq!(
        first_id(&s, "むすこがへやからでてこない").as_deref(),
        Some("hikikomori")
    );
    // 引きこもって is ひきこもる (IPADIC has only the kana), not 引く + こも + って
    for q in ["息子が引きこもって10年", "引き籠もっている"] {
        assert!(has(q, "ひきこもる"), "{q}: {:?}", s.explain(q));
    }
    // いえ is 家 before a particle, 言える before a verb ending
    assert!(
        has("いえからでられない", "いえ"),
        "{:?}",
        s.explain("いえからでられない")
    );
    assert!(
        has("だれにもいえない", "言える"),
        "{:?}",
        s.explain("だれにもいえない")
    );
    // a noun the thesaurus or site reads (さけ: 酒) is not a verb spelled alike (咲く)
    assert!(!has("おやじがさけのんであばれる", "咲く"));
    // の before んで/んだ is the nasal form of a verb in む (飲んで), not the particle, nor
    // 乗る (乗んない)
    for q in ["おやじがさけのんであばれる", "さけのんだらあばれる"] {
        assert!(has(q, "飲む"), "{q}: {:?}", s.explain(q));
        assert_eq!(first_id(&s, q).as_deref(), Some("dv"), "{q}");
    }
    // a counter typed in kana after a number is no word (2さい is 2歳, not 咲く)
    for q in ["2さいなのにことばがでない", "80さいのははがいえからでない"]
    {
        let words = words_of(&s, q);
        assert!(!words.iter().any(|w| w == "さく"), "{q}: {words:?}");
        assert!(
            words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())),
            "{q}: {words:?}"
        );
    }
    // times typed in kana are no words (さいきん is not さ + いきん of 生きる)
    let words = words_of(&s, "さいきんははがごはんをたべない");
    assert!(!words.iter().any(|w| w == "生きる"), "{words:?}");
}

#[test]
fn typed_in_kana_a_run_of_the_thesaurus_nouns_is_read_as_those_nouns() {
    // しょうがいしゃてちょう is 障害+者+手帳, not しょうが (of しょうがない) + 慰謝 + 手帳.
    let docs = [
        doc("techou", "障害福祉課", "障害者手帳の申請を受け付けます。"),
        doc("lawyer", "法律相談", "離婚の慰謝料の相談ができます。"),
        doc(
            "kikan",
            "基幹相談支援センター",
            "障がいのある方の相談を受けます。",
        ),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("障害者手帳", &["障害福祉"]),
            ("慰謝料", &["法律相談"]),
            ("生きていてもしょうがない", &["こころの相談"]),
        ],
    );
    let r = s
        .search("しょうがいしゃてちょうがほしい", &SearchOptions::default())
        .unwrap();
    let words: Vec<&str> = r.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(words, ["しょうがい", "てちょう"]);
    let got: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(got[0], "techou");
    assert!(!got.contains(&"lawyer"), "{got:?}");
}

#[test]
fn a_verb_in_two_kana_after_a_noun_is_the_verb_not_the_auxiliary_it_also_spells() {
    let docs = [
        doc(
            "school",
            "不登校の相談",
            "学校に行けない子どもと家族の相談。",
        ),
        doc("teacher", "学校の先生へ", "学校の授業の相談。"),
    ];
    let s = open_with(&docs, "学校に行けない", "不登校");
    let has = |q: &str, w: &str| words_of(&s, q).iter().any(|x| x == w);
    // いか, いけ after a noun or a particle and before an ending: 行く (行ける), as 行か is
    for q in [
        "学校いかない",
        "学校いかへん",
        "学校にいけない",
        "子どもが学校いかない",
    ] {
        assert!(has(q, "行く"), "{q}: {:?}", s.explain(q));
        assert_eq!(first_id(&s, q).as_deref(), Some("school"), "{q}");
    }
    // after a verb's て it is the auxiliary (持っていかない: not 行く)
    assert!(!has("学校に持っていかない", "行く"));
    // after a place one goes to, 行く even where the kana spell another verb too (いき:
    // 生きる); elsewhere they stay unread (もういきたくない may be 生きたくない)
    let s = open_with(
        &[
            doc(
                "school",
                "不登校の相談",
                "学校に行けない子どもと家族の相談。",
            ),
            doc("life", "いのちの電話", "生きるのがつらいときに。"),
        ],
        "学校に行けない",
        "不登校",
    );
    let has = |q: &str, w: &str| words_of(&s, q).iter().any(|x| x == w);
    assert!(
        has("学校にいきたくない", "行く"),
        "{:?}",
        s.explain("学校にいきたくない")
    );
    assert_eq!(
        first_id(&s, "学校にいきたくない").as_deref(),
        Some("school")
    );
    assert!(!has("もういきたくない", "行く"));
    // only the verbs that are also auxiliaries: なく of お金がなくて is ない, not 泣く
    let s = open_with(
        &[doc("cry", "泣く子の相談", "夜泣きが続く。")],
        "学校に行けない",
        "不登校",
    );
    assert!(!words_of(&s, "お金がなくて困る").iter().any(|w| w == "泣く"));
}

#[test]
fn typed_in_kana_ni_natta_is_a_particle_and_naru_not_the_verb_ninau() {
    // 担う (になう) is in the entries; おやがおらんようになったら is about a parent gone
    let docs = [
        doc("gomi", "業務課", "ごみ収集を担う課です。"),
        doc(
            "oyanaki",
            "親なき後の相談",
            "親が亡くなった後の暮らしの相談を受けます。",
        ),
    ];
    let s = open(&docs);
    for q in ["おやがおらんようになったら", "あるけないようになってきた"]
    {
        let words = words_of(&s, q);
        assert!(!words.iter().any(|w| w == "担う"), "{q}: {words:?}");
    }
    assert!(words_of(&s, "ごみしゅうしゅうをになう")
        .iter()
        .any(|w| w == "担う"));
}

#[test]
fn in_partial_results_a_word_that_says_a_life_is_at_risk_comes_first() {
    // 死にたい leads to 自殺 (the crisis lines): the line that says 死にたい comes before
    // the desk that says 仕事, a rarer word here, three times
    let docs = [
        doc("shigoto", "仕事の相談", "仕事の悩み、仕事探しの相談。"),
        doc(
            "inochi",
            "いのちの電話",
            "死にたいほどつらい気持ちを、電話で聞きます。",
        ),
        doc(
            "petloss",
            "ペットロスの会",
            "ペットが死んだ悲しみを語り合う会。",
        ),
    ];
    let s = open_with_items(&docs, &[("死にたい", &["自殺", "いのちの電話"])]);
    let q = "夫が仕事で追いつめられて 死にたいって言うてる";
    let r = s.search(q, &SearchOptions::default()).expect("search");
    let hits: Vec<(String, f32)> = r.hits.iter().map(|h| (h.id.clone(), h.score)).collect();
    assert_eq!(hits[0].0, "inochi", "{hits:?} {:?}", s.explain(q));
}

#[test]
fn typed_in_kana_shindara_is_the_verb_shinu() {
    // しんだら: し + んだら, the 撥音便 of 死ぬ, even where しん reads as a word (新 of the
    // thesaurus's 新生活)
    let docs = [
        doc(
            "inochi",
            "いのちの電話",
            "死にたいほどつらい気持ちを聞きます。",
        ),
        doc("kurashi", "くらしの相談", "新生活の相談を受けます。"),
    ];
    let s = open_with_items(
        &docs,
        &[("新生活が不安", &["くらしの相談"]), ("死にたい", &["自殺"])],
    );
    for q in ["しんだららくになる", "もう しんだほうがまし"] {
        let words = words_of(&s, q);
        assert!(
            words.iter().any(|w| w == "死ぬ"),
            "{q}: {words:?} {:?}",
            s.explain(q)
        );
    }
}

#[test]
fn a_verb_in_kana_between_kanji_words_is_read_as_in_a_kana_sentence() {
    // 酒のんで: の + んで after a noun is 飲む (as さけのんで is), not a particle
    let docs = [
        doc(
            "alcohol",
            "断酒会",
            "お酒を飲むのがやめられない人と家族の会です。",
        ),
        doc(
            "hikikomori",
            "ひきこもり相談",
            "部屋から出てこない方の相談を受けます。",
        ),
    ];
    let s = open(&docs);
    assert!(words_of(&s, "父が酒のんで暴れる")
        .iter()
        .any(|w| w == "飲む"));
    assert!(words_of(&s, "息子が部屋からでてこない")
        .iter()
        .any(|w| w == "出る"));
    // (Kansai 無理しんでええ, "no need to push yourself": し is する's, not 死ぬ's)
    let s = open(&[doc("inochi", "いのちの電話", "死にたいほどつらいときに。")]);
    let words = words_of(&s, "無理しんでええよ");
    assert!(!words.iter().any(|w| w == "死ぬ"), "{words:?}");
}

#[test]
fn typed_in_kana_shina_akan_is_must_do_not_the_verb_shinu() {
    // しなあかん (Kansai "must do") is する + な; 死ぬ would bring the suicide lines
    let docs = [
        doc(
            "inochi",
            "いのちの電話",
            "死にたいほどつらいときの電話相談です。",
        ),
        doc("shigoto", "しごと相談", "仕事の相談を受けます。"),
    ];
    let s = open(&docs);
    for q in [
        "しごとしなあかん",
        "さいきんねむれへんしなにもやるきでえへん",
    ] {
        let words = words_of(&s, q);
        assert!(!words.iter().any(|w| w == "死ぬ"), "{q}: {words:?}");
    }
    // 死にたい typed in kana is still 死ぬ
    assert!(words_of(&s, "もうしにたい").iter().any(|w| w == "死ぬ"));
}

#[test]
fn a_chunk_of_grammar_alone_is_no_word_when_another_chunk_has_one() {
    let docs = [
        doc("alone", "ひとり親の会", "相談できる人がいない方へ。"),
        doc("kosodate", "子育て広場", "子育ての相談を受けます。"),
    ];
    let s = open(&docs);
    let words = |q: &str| words_of(&s, q);
    // (`いない` between spaces says nothing the other words do not; 子育て is the need)
    assert_eq!(words("子育て いない"), ["子育て"]);
    assert_eq!(words("子育て すこし"), ["子育て"]);
    // Alone, it is searched as typed; kana that read as a word stay one.
    assert_eq!(words("いない"), ["いない"]);
    assert_eq!(words("こそだて いない"), ["こそだて"]);
}

#[test]
fn a_place_typed_in_kana_is_found_by_the_reading_the_site_gives() {
    let at = |id: &str, name: &str, path: &str, kana: &str| Document {
        area_paths: vec![path.into()],
        places: vec![Place {
            name: name.into(),
            path: path.into(),
            kana: Some(kana.into()),
        }],
        ..doc(id, "地域の相談窓口", "暮らしの相談を受けています。")
    };
    let docs = [
        at("a-sonoda", "園田地区", "/amagasaki/sonoda", "そのだちく"),
        at("b-osho", "大庄地区", "/amagasaki/osho", "おおしょうちく"),
    ];
    let s = open(&docs);
    // the dictionary reads 大庄 だいしょう; the site's kana says おおしょう
    for q in ["おおしょうでくらしのそうだん", "おおしょう そうだん"] {
        assert_eq!(
            first_id(&s, q).as_deref(),
            Some("b-osho"),
            "{:?}",
            s.explain(q)
        );
    }
}

#[test]
fn a_verb_form_before_nai_is_no_noun_its_kana_also_read() {
    // 帰化 reads きか, as 聞か of 聞かない does
    let docs = [
        doc("kids", "子育ての相談", "言うことをきかない子の相談。"),
        doc("foreign", "外国人の相談", "在留資格の相談。"),
    ];
    let s = open_with_items(
        &docs,
        &[("帰化", &["在留資格"]), ("子どもが聞かない", &["子育て"])],
    );
    let q = "子どもが言うことをきかなくて困る";
    assert!(
        !s.looks_for(q).reaches.contains("在留資格"),
        "{:?}",
        s.explain(q)
    );
    assert!(
        s.looks_for(q).reaches.contains("子育て"),
        "{:?}",
        s.explain(q)
    );
}

#[test]
fn hard_to_do_something_is_a_negation_like_cannot() {
    let docs = [
        doc("deaf", "聴覚障害の相談", "手話通訳の派遣。"),
        doc("school", "不登校の相談", "学校に行けない子の相談。"),
    ];
    let s = open_with_items(
        &docs,
        &[
            ("耳が聞こえない", &["手話通訳"]),
            ("学校に行けない", &["不登校"]),
            ("生きづらい", &["相談"]),
        ],
    );
    let reaches = |q: &str, to: &str| s.looks_for(q).reaches.contains(to);
    for (q, to) in [
        ("耳が聞こえにくい", "手話通訳"),
        ("学校に行きづらい", "不登校"),
        ("学校に行きにくくて", "不登校"),
        ("生きづらさを感じる", "相談"),
    ] {
        assert!(reaches(q, to), "{q}: {:?}", s.explain(q));
    }
    // without it, the phrase is not the negated one
    assert!(!reaches("耳が聞こえる", "手話通訳"));
}

#[test]
fn a_loanword_is_one_word_and_falls_back_only_to_the_words_it_is_made_of() {
    let docs = [
        doc("card", "カードの相談", "クレジットカードの支払い。"),
        doc("food", "食料の相談", "フードの寄付。"),
        doc("bank", "お金の相談", "バンクの口座。"),
    ];
    let s = open(&docs);
    // the vocabulary cuts マイナンバーカード into pieces it does not all know (on a real
    // site マ+イナン+バー+カード, イナン being 以南): one word, no fallback to カード
    let q = "マイナンバーカードの作り方";
    let words = words_of(&s, q);
    assert!(
        words.contains(&"マイナンバーカード".to_string()),
        "{words:?}"
    );
    assert!(!words.contains(&"カード".to_string()), "{words:?}");
    assert!(
        !ids_of(&s, q).contains(&"card".to_string()),
        "{:?}",
        s.explain(q)
    );
    // a loanword cut whole into words no entry has together falls back to them, shown
    // as typed
    let words = words_of(&s, "フードバンクを探してる");
    assert!(
        words.contains(&"フード".to_string()) && words.contains(&"バンク".to_string()),
        "{words:?}"
    );
}

#[test]
fn a_lone_kanji_of_a_compound_no_entry_has_is_a_word_only_if_the_thesaurus_knows_it() {
    let docs = [
        doc("grapes", "ひと房の葡萄", "居場所づくりの団体。"),
        doc("parents", "親の会", "ひきこもりの子の親の会。"),
    ];
    let s = open_with(&docs, "親が話せる場所", "親の会");
    // 暖房: no entry has it, nor 暖; 房 alone is no heating
    assert!(
        ids_of(&s, "暖房が壊れた").is_empty(),
        "{:?}",
        s.explain("暖房が壊れた")
    );
    // 親 of 親どうし is a word the thesaurus knows
    assert_eq!(first_id(&s, "親どうし").as_deref(), Some("parents"));
}

#[test]
fn feeling_something_names_no_need_the_thing_felt_does() {
    // (ids so that a tie would put the entry that only says 感じる first)
    let docs = [
        doc("a-feel", "五感の教室", "自然を感じる散歩。"),
        doc("b-worry", "こころの相談", "不安やなやみの相談。"),
    ];
    let s = open(&docs);
    assert_eq!(
        first_id(&s, "不安を感じる").as_deref(),
        Some("b-worry"),
        "{:?}",
        s.explain("不安を感じる")
    );
}
