//! What coordinators meet while writing: `tsunagu new entry` and the warnings of `check`.

mod common;

use common::*;

#[test]
fn new_entry_writes_a_file_that_passes_check_once_filled() {
    let site = Site::new("basic");
    let out = site.run(&[
        "new",
        "entry",
        "--root",
        site.root().to_str().unwrap(),
        "--area",
        "kita",
        "--category",
        "kodomo-shokudo",
        "子ども食堂ひまわり",
    ]);
    assert_ok(&out);
    let path = stdout(&out).trim().to_string();
    assert!(
        path.ends_with("content/entries/kodomo-shokudou-himawari.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"子ども食堂ひまわり\""));
    assert!(
        text.contains("kana: \"こどもしょくどうひまわり\""),
        "{text}"
    );
    assert!(text.contains("categories: [kodomo-shokudo]") && text.contains("areas: [kita]"));
    assert!(
        text.contains("# hours:") && text.contains("# url:") && text.contains("phones:"),
        "every field is there, commented"
    );
    assert_ok(&site.run(&["check"]));
    assert_ok(&site.build());
    assert!(site
        .read("areas/kita/index.html")
        .contains("data-entry-id=\"kodomo-shokudou-himawari\""));

    // Every commented version 2 line, uncommented (with ids of this site), is valid.
    let v2 = text
        .find("# ---- 相談・利用のしかた")
        .expect("the v2 block");
    let uncommented: String = text[..v2].to_string()
        + &text[v2..]
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase() || c == ' ') => {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .map(|l| {
                l.replace("tsunagari-project", "kita-network")
                    .replace("marugoto-soudan", "marugoto")
            })
            .collect::<Vec<_>>()
            .join("\n");
    for key in [
        "eligibility:",
        "how_to_use:",
        "schedule:",
        "closed:",
        "see_also:",
        "easy_summary:",
    ] {
        assert!(
            uncommented.contains(&format!("\n{key}")),
            "{key} is in the template"
        );
    }
    std::fs::write(&path, uncommented).unwrap();
    let check = site.run(&["check"]);
    assert_ok(&check);
    assert!(
        !stderr(&check).contains("unknown key"),
        "{}",
        stderr(&check)
    );
    assert_ok(&site.build());
    assert!(site
        .read("entries/kodomo-shokudou-himawari/index.html")
        .contains("相談・利用のしかた"));
}

#[test]
fn new_entry_refuses_unknown_ids_and_existing_entries() {
    let site = Site::new("basic");
    let root = site.root().to_str().unwrap().to_string();
    let out = site.run(&["new", "entry", "--root", &root, "--area", "kitaa", "相談"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown area id `kitaa` (did you mean `kita`?)"),
        "{}",
        stderr(&out)
    );
    let out = site.run(&[
        "new",
        "entry",
        "--root",
        &root,
        "--id",
        "marugoto",
        "くらし",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`marugoto` already exists"));
    let out = site.run(&["new", "entry", "--root", &root, "--id", "Bad_Id", "くらし"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_entry_without_categories_from_new_fails_check_until_filled() {
    let site = Site::new("basic");
    let root = site.root().to_str().unwrap().to_string();
    assert_ok(&site.run(&[
        "new",
        "entry",
        "--root",
        &root,
        "--id",
        "blank",
        "あたらしい窓口",
    ]));
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/entries/blank.md:7:13: error: `categories` is empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stale_entries_are_a_warning() {
    let site = Site::new("basic");
    let out = site.run(&["check"]);
    assert_ok(&out);
    // hotlines.yaml's `anshin` was last checked on 2024-01-05; the run's today is 2026-11-25.
    assert!(stderr(&out).contains("content/entries/city/hotlines.yaml:10:3: warning: `anshin` was last checked on 2024-01-05"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("`marugoto` was last checked"));
}

#[test]
fn the_same_phone_number_or_title_twice_is_a_probable_duplicate() {
    let site = Site::new("basic");
    site.write("content/entries/city/copy.md", "---\ntitle: くらし丸ごと相談室\ncategories: soudan\nareas: kita\nphones: [06-6423-9916, \"(06) 6423-9916\"]\n---\n");
    let out = site.run(&["check"]);
    assert_ok(&out);
    let err = stderr(&out);
    // the number twice in copy.md is one duplicate of marugoto's, not also one of itself
    let phones: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("warning: phone number 0664239916 is also in"))
        .collect();
    assert_eq!(phones.len(), 1, "{err}");
    let phone = phones[0];
    assert!(
        phone.contains("marugoto") && phone.contains("copy"),
        "{phone}"
    );
    let title = err
        .lines()
        .find(|l| l.contains("warning: the title `くらし丸ごと相談室` is also used by"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        title.contains("marugoto") && title.contains("copy"),
        "{title}"
    );
}

#[test]
fn broken_internal_links_in_bodies_are_a_warning() {
    let site = Site::new("basic");
    site.write(
        "content/entries/city/links.md",
        "---\ntitle: リンク集\ncategories: soudan\nareas: kita\n---\n[ok](../marugoto/index.html)\n\n[gone](../../entries/nope/index.html) and [web](https://example.jp/)\n",
    );
    let out = site.run(&["check"]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("links.md:8:1: warning: broken link `../../entries/nope/index.html`"),
        "{err}"
    );
    assert_eq!(err.matches("broken link").count(), 1, "{err}");
}
