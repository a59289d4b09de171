//! English pages (`languages: [ja, en]` in site.yaml): the same site under `/en/`, with
//! `lang="en"`, English words around the content, and `lang="ja"` on the Japanese text
//! that has no English form. Asserted on the real binary's output for `fixtures/basic`.

mod common;

use common::*;

fn built() -> Site {
    let site = Site::new("basic");
    assert_ok(&site.build());
    site
}

#[test]
fn every_page_but_search_and_404_has_an_english_version() {
    let site = built();
    for path in [
        "en/index.html",
        "en/entries/marugoto/index.html",
        "en/entries/anshin/index.html",
        "en/areas/index.html",
        "en/areas/kita/index.html",
        "en/categories/index.html",
        "en/categories/kodomo-shokudo/index.html",
        "en/pages/about/index.html",
    ] {
        let html = site.read(path);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\""),
            "{path}"
        );
    }
    assert!(!site.out().join("en/search/index.html").exists());
    assert!(!site.out().join("en/404.html").exists());
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.jp/directory/en/entries/marugoto/</loc>"));
    assert!(!sitemap.contains("/en/search/"));
}

#[test]
fn an_english_entry_page_uses_the_english_name_and_marks_japanese_text() {
    let site = built();
    let html = site.read("en/entries/marugoto/index.html");
    assert!(
        html.contains("<h1>Whole-Life Consultation Desk</h1>"),
        "{html}"
    );
    // The Japanese name, which the desk answers the phone with, stays beside it.
    assert!(html.contains("<p class=\"title-ja\" lang=\"ja\">くらし丸ごと相談室</p>"));
    assert!(html.contains("<p class=\"lead\">Start here when you do not know where to ask.</p>"));
    let how = section(&html, "how-to-title");
    assert!(how.contains("<h2 id=\"how-to-title\">How to get help</h2>"));
    assert!(
        how.contains("<dt>Who can use it</dt><dd lang=\"ja\">原則としてテスト市に在住の方</dd>")
    );
    assert!(how.contains("<li data-use=\"outreach\">Home visits</li>"));
    assert!(how.contains("<li data-language=\"ja-x-easy\">Easy Japanese</li>"));
    let hours = section(&html, "schedule-title");
    assert!(
        hours.contains("<th scope=\"row\">Mon</th><td><span class=\"opening\">9:00–17:30</span>")
    );
    assert!(hours.contains("Closed on national holidays, the New Year break (29 Dec to 3 Jan), every year 13 Aug to 15 Aug."));
    // An entry without an English name keeps its Japanese one, marked as Japanese.
    let anshin = site.read("en/entries/anshin/index.html");
    assert!(anshin.contains("<h1 lang=\"ja\">アンシン電話</h1>"));
    // Links stay among the English pages; assets come from the one site root.
    assert!(html.contains("href=\"../../../en/entries/kita-shokudo/index.html\""));
    assert!(html.contains("href=\"../../../assets/style.css\""));
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"ja\" href=\"../../../entries/marugoto/index.html\">"
    ));
}

#[test]
fn japanese_pages_link_to_their_english_version() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    assert!(html.contains("<a class=\"other-language\" href=\"../../en/entries/marugoto/index.html\" hreflang=\"en\" lang=\"en\">English</a>"));
    // The search page has no English version: its switch goes to the English home page.
    let search = site.read("search/index.html");
    assert!(search.contains("href=\"../en/index.html\" hreflang=\"en\""));
}

#[test]
fn english_area_pages_keep_the_sections_with_english_headings() {
    let site = built();
    let html = site.read("en/areas/kita/index.html");
    assert!(html.contains("<h2 id=\"first-contact\">Not sure where to go? Start here</h2>"));
    assert!(html.contains("For all of <span lang=\"ja\">テスト市</span> (2)"));
    assert!(html.contains("data-entry-id=\"marugoto\""));
}
