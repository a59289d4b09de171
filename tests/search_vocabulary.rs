//! A site teaches the search its residents' words: `content/synonyms.yaml` and `keywords`
//! on categories and areas, checked with the real binary.

mod common;

use common::*;

/// `tsunagu search --json` ids for `q` on the site's built index.
fn ids(site: &Site, q: &str) -> Vec<String> {
    let index = site.out().join("search-index");
    let out = site.run(&["search", "--index", index.to_str().unwrap(), "--json", q]);
    assert_ok(&out);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn synonyms_yaml_makes_a_residents_phrase_find_the_desk() {
    let site = Site::new("basic");
    assert_ok(&site.build());
    assert!(ids(&site, "ほかほか").is_empty(), "no entry has the word");
    site.write(
        "content/synonyms.yaml",
        "- from: [ほかほか, 湯気が立つ]\n  to: [こども食堂]\n",
    );
    assert_ok(&site.build());
    assert_eq!(ids(&site, "ほかほか")[0], "kita-shokudo");
    // the phrase in other words and forms
    assert_eq!(ids(&site, "湯気が立ってる")[0], "kita-shokudo");
}

#[test]
fn category_keywords_are_searched_as_if_every_entry_under_it_held_them() {
    let site = Site::new("basic");
    let cats = std::fs::read_to_string(site.root().join("content/categories.yaml")).unwrap();
    site.write(
        "content/categories.yaml",
        &cats.replace(
            "- id: ibasho\n  name: 居場所\n  kana: いばしょ\n",
            "- id: ibasho\n  name: 居場所\n  kana: いばしょ\n  keywords: [ひとりぼっち, 話し相手がいない]\n",
        ),
    );
    assert_ok(&site.build());
    // kita-shokudo is in kodomo-shokudo, a child of ibasho; hostile and kita-network are
    // in ibasho itself (in whichever order the thesaurus's 孤立, 居場所 … rank them)
    let mut found = ids(&site, "ひとりぼっち");
    found.sort();
    assert_eq!(found, ["hostile", "kita-network", "kita-shokudo"]);
    assert!(ids(&site, "話し相手がいない").contains(&"kita-shokudo".to_string()));
}

#[test]
fn a_broken_synonyms_yaml_is_a_located_error() {
    let site = Site::new("basic");
    assert_ok(&site.build());
    site.write(
        "content/synonyms.yaml",
        "- {words: [借金]}\n- {from: [a]}\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/synonyms.yaml:1:3: error: `words` needs at least two words"),
        "{err}"
    );
    assert!(
        err.contains("content/synonyms.yaml:2:3: error: this item has no `to`"),
        "{err}"
    );
    site.write(
        "content/synonyms.yaml",
        "- {words: [借金, ローン], wrods: x}\n",
    );
    let out = site.run(&["check"]);
    assert!(
        stderr(&out).contains(
            "unknown key `wrods` in this vocabulary item is ignored (did you mean `words`?)"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_phrase_of_grammar_alone_is_warned_about_where_it_was_written() {
    let site = Site::new("basic");
    site.write(
        "content/synonyms.yaml",
        "- from: [借金が返せない, どうしたらいいの]\n  to: [こども食堂]\n",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert!(
        err.contains("content/synonyms.yaml:1:")
            && err.contains("`どうしたらいいの` holds no word a search can match"),
        "{err}"
    );
    assert!(!err.contains("`借金が返せない` holds"), "{err}");
    // a warning: the site still builds
    assert_ok(&site.build());
}
