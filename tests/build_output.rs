//! The pages a resident browses, asserted on the real binary's output for `fixtures/basic`.

mod common;

use common::*;

fn built() -> Site {
    let site = Site::new("basic");
    assert_ok(&site.build());
    site
}

#[test]
fn every_url_of_the_contract_is_written() {
    let site = built();
    for path in [
        "index.html",
        "entries/marugoto/index.html",
        "entries/gyakutai-189/index.html",
        "areas/test-city/index.html",
        "areas/kita-school/index.html",
        "categories/kodomo-shokudo/index.html",
        "search/index.html",
        "pages/about/index.html",
        "404.html",
        "sitemap.xml",
        "search-index/manifest.json",
    ] {
        assert!(site.out().join(path).is_file(), "{path} missing");
    }
}

#[test]
fn entry_page_shows_reading_phones_hours_and_breadcrumbs() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    assert!(html.contains("<html lang=\"ja\""));
    assert!(
        html.contains("<h1>くらし丸ごと相談室</h1>")
            && html.contains("よみがな：</span>くらしまるごとそうだんしつ</p>")
    );
    assert!(
        html.contains("<a href=\"tel:0664239916\" class=\"tel\">０６－６４２３－９９１６</a>"),
        "full-width number links to its digits"
    );
    assert!(
        html.contains("<span class=\"number\">06-6423-9917</span>"),
        "FAX shown"
    );
    assert!(!html.contains("tel:0664239917"), "FAX not linked");
    assert!(html.contains("tel:0664239918") && html.contains("内線 2206"));
    assert!(html.contains("月〜金 9:00〜17:00（祝日・12/29〜1/3を除く）"));
    assert!(html.contains("〒660-0051 テスト市北町1-1"));
    assert!(html.contains("https://www.openstreetmap.org/?mlat=34.7335&amp;mlon=135.4063"));
    assert!(html.contains("<time datetime=\"2026-04-01\">2026年4月1日</time>"));
    assert!(html.contains("最終確認日"));
    assert!(html.contains("<strong>お気軽に</strong>"));
    assert!(html.contains("href=\"../../categories/soudan/index.html\""));
    assert!(html.contains("href=\"../../areas/test-city/index.html\""));
    assert!(html.contains("mailto:marugoto@example.jp"));
}

#[test]
fn hash_and_short_numbers_get_tel_links() {
    let site = built();
    assert!(site
        .read("entries/kita-shokudo/index.html")
        .contains("href=\"tel:%237119\""));
    assert!(site
        .read("entries/gyakutai-189/index.html")
        .contains("href=\"tel:189\""));
    assert!(
        site.read("entries/gyakutai-189/index.html")
            .contains("<strong>通話料無料</strong>"),
        "yaml body is Markdown"
    );
}

#[test]
fn entry_page_carries_schema_org_json_ld() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap()
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let v: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["name"], "くらし丸ごと相談室");
    assert_eq!(v["telephone"][0], "０６－６４２３－９９１６");
    assert_eq!(v["faxNumber"], "06-6423-9917");
    assert_eq!(v["address"]["streetAddress"], "テスト市北町1-1");
    // Free-text hours never go into openingHours; the weekly rules do, as a specification
    // (the 2nd/last-Saturday rule cannot be said in schema.org and is left out).
    assert!(v.get("openingHours").is_none());
    let spec = v["openingHoursSpecification"].as_array().unwrap();
    assert_eq!(spec.len(), 1);
    assert_eq!(spec[0]["dayOfWeek"][0], "https://schema.org/Monday");
    assert_eq!(spec[0]["opens"], "09:00");
    assert_eq!(spec[0]["closes"], "17:30");
    let closed = v["specialOpeningHoursSpecification"].as_array().unwrap();
    assert!(closed
        .iter()
        .any(|c| c["validFrom"] == "2026-12-29" && c["validThrough"] == "2027-01-03"));
    assert_eq!(v["url"], "https://example.jp/marugoto");
}

#[test]
fn listings_include_descendants_in_gojuon_order_with_entry_ids() {
    let site = built();
    let page = site.read("areas/test-city/index.html");
    let city = section(&page, "entries");
    let ids: Vec<&str> = city
        .match_indices("<li class=\"card\" data-entry-id=\"")
        .map(|(i, m)| {
            let rest = &city[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    // あやしい…, アンシン電話 (no kana: its katakana title is folded), きたち…, きたの…, くらし…,
    // じどう…
    assert_eq!(
        ids,
        vec![
            "hostile",
            "anshin",
            "kita-network",
            "kita-shokudo",
            "marugoto",
            "gyakutai-189"
        ]
    );
    assert!(city.contains(
        "<a href=\"../../entries/kita-shokudo/index.html\" data-entry-id=\"kita-shokudo\">"
    ));
    assert!(
        page.contains("北地区") && page.contains("北小学校区"),
        "nested children listed"
    );
    assert!(
        page.contains("<strong>全域</strong>"),
        "description is Markdown"
    );

    let kita_page = site.read("areas/kita/index.html");
    let kita = section(&kita_page, "entries");
    assert!(
        kita.contains("data-entry-id=\"kita-shokudo\"")
            && kita.contains("data-entry-id=\"anshin\"")
    );
    assert!(!kita.contains("data-entry-id=\"marugoto\""));

    let ibasho = site.read("categories/ibasho/index.html");
    assert!(
        ibasho.contains("data-entry-id=\"kita-shokudo\""),
        "child category's entry appears on the parent"
    );
    assert!(
        ibasho.contains("<a href=\"../../categories/kodomo-shokudo/index.html\">子ども食堂</a>"),
        "the child category is listed on the parent's page"
    );
}

#[test]
fn home_lists_categories_areas_with_counts_and_recent_entries() {
    let site = built();
    let home = site.read("index.html");
    assert!(home.contains("テスト市 地域資源ディレクトリ"));
    assert!(home.contains("role=\"search\""));
    assert!(
        home.contains("<span class=\"grid-name\">相談窓口</span> <span class=\"count\">3件</span>"),
        "{home}"
    );
    assert!(
        home.contains("<span class=\"grid-name\">居場所</span> <span class=\"count\">3件</span>")
    );
    assert!(home.contains("テスト市</a> <span class=\"count\">（6件）</span>"));
    let recent = &home[home.find("最近確認された情報").unwrap()..];
    let first = recent.find("data-entry-id=\"marugoto\"").unwrap();
    let second = recent.find("data-entry-id=\"kita-shokudo\"").unwrap();
    assert!(first < second, "newest first");
}

#[test]
fn hostile_markdown_and_fields_never_reach_the_page_as_code() {
    let site = built();
    let html = site.read("entries/hostile/index.html");
    assert!(
        html.contains("あやしい&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;入力"),
        "title is escaped text"
    );
    assert!(
        html.contains(">リンク</a>"),
        "the harmless part of the link stays"
    );
    for page in [
        "entries/hostile/index.html",
        "areas/minami/index.html",
        "categories/ibasho/index.html",
        "index.html",
    ] {
        let html = site.read(page);
        assert!(!html.to_lowercase().contains("<script>alert"), "{page}");
        for tag in tags(&html) {
            let lower = tag.to_lowercase();
            assert!(
                !lower.contains(" onerror") && !lower.contains(" onclick"),
                "{page}: {tag}"
            );
            assert!(!lower.contains("javascript:"), "{page}: {tag}");
        }
    }
}

/// Every element tag of a page (`<…>`), skipping the contents of script elements.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').unwrap() + 1;
        let tag = &rest[start..end];
        out.push(tag);
        rest = &rest[end..];
        if tag.starts_with("<script") {
            rest = &rest[rest.find("</script>").unwrap()..];
        }
    }
    out
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let site = built();
    let first = snapshot(&site.out());
    assert_ok(&site.build());
    let second = snapshot(&site.out());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{} differs between builds",
            path.display()
        );
    }
}

#[test]
fn pages_load_nothing_from_another_origin() {
    let site = built();
    for (path, bytes) in snapshot(&site.out()) {
        if path.extension().is_some_and(|e| e == "html" || e == "css") {
            let text = String::from_utf8(bytes).unwrap();
            for attr in ["src=\"http", "href=\"//", "src=\"//", "url(http", "@import"] {
                assert!(!text.contains(attr), "{} loads {attr}", path.display());
            }
            for (i, _) in text.match_indices("<link ") {
                let tag = &text[i..i + text[i..].find('>').unwrap()];
                assert!(!tag.contains("http"), "{}: {tag}", path.display());
            }
        }
    }
}

#[test]
fn every_page_carries_a_strict_content_security_policy_and_no_inline_code() {
    let site = built();
    let mut pages = 0;
    for (path, bytes) in snapshot(&site.out()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let text = String::from_utf8(bytes).unwrap();
        let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
        let start = text
            .find(meta)
            .unwrap_or_else(|| panic!("{}: no policy", path.display()))
            + meta.len();
        let policy = &text[start..start + text[start..].find('"').unwrap()];
        assert!(
            policy.starts_with("default-src 'self'; script-src 'self'"),
            "{policy}"
        );
        assert!(
            !policy.contains("unsafe-inline") && !policy.contains("http"),
            "{policy}"
        );
        let search = path.ends_with("search/index.html") && !path.starts_with("en");
        assert_eq!(
            policy.contains("'wasm-unsafe-eval'"),
            search,
            "{}: {policy}",
            path.display()
        );
        // Scripts are files; the only inline script element is JSON-LD data.
        for (i, _) in text.match_indices("<script") {
            let tag = &text[i..i + text[i..].find('>').unwrap()];
            assert!(
                tag.contains(" src=") || tag.contains("application/ld+json"),
                "{}: inline {tag}",
                path.display()
            );
        }
        assert!(
            !text.contains(" style=\""),
            "{}: inline style",
            path.display()
        );
        assert!(
            !text.contains(" onclick=") && !text.contains(" onload="),
            "{}",
            path.display()
        );
        // A favicon of the site's own, so browsers do not ask for a missing /favicon.ico.
        assert!(
            text.contains("assets/favicon.svg\" type=\"image/svg+xml\""),
            "{}",
            path.display()
        );
    }
    assert!(pages > 20);
    assert!(site.out().join("assets/favicon.svg").is_file());
}

#[test]
fn sitemap_and_404_use_the_base_url() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.jp/directory/entries/marugoto/</loc><lastmod>2026-04-01</lastmod>"
    ));
    assert!(!sitemap.contains("404"));
    let nf = site.read("404.html");
    assert!(nf.contains("href=\"/directory/index.html\""), "{nf}");
    assert!(nf.contains("href=\"/directory/assets/style.css\""));
}

#[test]
fn free_pages_render_their_markdown() {
    let site = built();
    let about = site.read("pages/about/index.html");
    assert!(
        about.contains("<h1>このサイトについて</h1>") && about.contains("<strong>説明</strong>")
    );
    assert!(site
        .read("index.html")
        .contains("href=\"./pages/about/index.html\""));
}

#[test]
fn accessibility_basics_are_in_every_page() {
    let site = built();
    for page in [
        "index.html",
        "entries/marugoto/index.html",
        "areas/kita/index.html",
        "search/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains("<main id=\"main\""), "{page}");
        assert!(
            html.contains("class=\"skip-link\" href=\"#main\""),
            "{page}"
        );
        assert!(html.contains("<label for=\"site-q\""), "{page}");
        assert!(
            html.contains("aria-label=\"文字サイズ\"") && html.contains(">拡大</button>"),
            "{page}"
        );
        assert!(html.contains("name=\"viewport\""), "{page}");
    }
}

#[test]
fn where_to_start_lists_a_short_list_of_general_desks_the_widest_first() {
    let site = Site::new("basic");
    // No first contacts: the general consultation desks are where to start.
    let areas = std::fs::read_to_string(site.root().join("content/areas.yaml")).unwrap();
    site.write(
        "content/areas.yaml",
        &areas.replace("  first_contact: [marugoto]\n", ""),
    );
    let cats = std::fs::read_to_string(site.root().join("content/categories.yaml")).unwrap();
    site.write(
        "content/categories.yaml",
        &format!("{cats}- id: sogo\n  name: 総合相談\n  kana: そうごうそうだん\n"),
    );
    let mut list = String::new();
    for i in 0..20 {
        list.push_str(&format!(
            "- id: kita-sogo-{i:02}\n  title: 北地区 総合相談 {i}\n  categories: [sogo]\n  areas: [kita]\n"
        ));
    }
    list.push_str(
        "- id: city-sogo\n  title: テスト市 総合相談\n  categories: [sogo]\n  areas: [test-city]\n",
    );
    site.write("content/entries/city/sogo.yaml", &list);
    assert_ok(&site.build());
    let data: serde_json::Value =
        serde_json::from_str(&site.read("search-index/site.json")).unwrap();
    let ids: Vec<&str> = data["start_here"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 12, "{ids:?}");
    assert_eq!(ids[0], "city-sogo", "the city's desk before the districts'");
    assert_eq!(ids[1], "kita-sogo-00", "then in file order");
    // Cards for these and the telephone lines only, not for every entry.
    let cards = data["cards"].as_object().unwrap();
    assert!(ids.iter().all(|id| cards.contains_key(*id)));
    let phones = data["phone_lines"].as_array().unwrap().len();
    assert!(cards.len() <= 12 + phones, "{} cards", cards.len());
}
