//! How to get help, not only where (content format version 2): the entry page's
//! 「相談・利用のしかた」, the weekly table, つなぎ先, programmes, first contacts and the
//! sections of area pages, asserted on the real binary's output for `fixtures/basic`.

mod common;

use common::*;

fn built() -> Site {
    let site = Site::new("basic");
    assert_ok(&site.build());
    site
}

/// The entry ids of the cards in `html`, in order.
fn card_ids(html: &str) -> Vec<&str> {
    html.match_indices("<li class=\"card\" data-entry-id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn the_entry_page_says_who_may_use_a_desk_what_it_costs_and_how_to_reach_it() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    let how = section(&html, "how-to-title");
    let labels: Vec<&str> = how
        .match_indices("<dt>")
        .map(|(i, _)| {
            let rest = &how[i + 4..];
            &rest[..rest.find("</dt>").unwrap()]
        })
        .collect();
    assert_eq!(
        labels,
        [
            "対象・条件",
            "費用",
            "利用方法",
            "まずすること",
            "秘密・匿名",
            "対応言語",
            "バリアフリー",
            "交通"
        ]
    );
    for text in [
        "原則としてテスト市に在住の方",
        "<dd>無料</dd>",
        "<li data-use=\"visit\">直接来所</li><li data-use=\"phone\">電話</li><li data-use=\"outreach\">訪問</li>",
        "まずはお電話ください。匿名でもかまいません。",
        "<li>秘密厳守</li><li>匿名で相談できます</li>",
        "<li data-language=\"ja-x-easy\">やさしい日本語</li><li data-language=\"en\">英語</li>",
        "<li>車いす可</li><li>駐車場あり</li>",
        "テスト駅から徒歩5分",
    ] {
        assert!(how.contains(text), "{text:?} not in {how}");
    }
    // Near the top: before the body.
    assert!(html.find("相談・利用のしかた").unwrap() < html.find("相談の流れ").unwrap());
    // The English name and the やさしい日本語 summary, each in its own language.
    assert!(html.contains("<p class=\"title-en\" lang=\"en\">Whole-Life Consultation Desk</p>"));
    assert!(html.contains("こまったことを なんでも そうだん できます。"));
}

#[test]
fn the_weekly_table_lists_each_day_with_its_limits_and_the_closures() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    let table = section(&html, "schedule-title");
    assert!(table.contains("<tr data-day=\"mon\"><th scope=\"row\">月</th><td><span class=\"opening\">9:00〜17:30</span></td></tr>"), "{table}");
    assert!(table.contains("<tr data-day=\"sat\"><th scope=\"row\">土</th><td><span class=\"opening\">10:00〜12:00<span class=\"qualifier\">（第2・最終週、予約優先）</span></span></td></tr>"), "{table}");
    assert!(table.contains("<tr data-day=\"sun\"><th scope=\"row\">日</th><td><span class=\"closed-day\">休み</span></td></tr>"));
    assert!(table.contains("祝日、年末年始（12月29日〜1月3日）、毎年8月13日〜8月15日は休みです。"));
    // The free-text hours stay beside the table, not in the facts list.
    assert!(table.contains("月〜金 9:00〜17:00（祝日・12/29〜1/3を除く）"));
    assert!(!html.contains("<dt>受付時間</dt>"));
}

#[test]
fn entries_with_a_schedule_carry_their_rules_and_the_others_an_unknown_open_state() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    assert!(html.contains("<article class=\"entry\" data-entry-id=\"marugoto\" data-schedule=\"{&quot;closed&quot;:[&quot;holidays&quot;,&quot;year-end&quot;,&quot;08-13..08-15&quot;],&quot;rules&quot;:[{&quot;closes&quot;:1050,&quot;days&quot;:[1,2,3,4,5],&quot;opens&quot;:540}"), "{html}");
    assert!(html.contains("data-open-badge"));
    let page = site.read("entries/anshin/index.html");
    assert!(page.contains(
        "<article class=\"entry\" data-entry-id=\"anshin\" data-open-state=\"unknown\">"
    ));
    // Cards too, on listings.
    let city = site.read("areas/test-city/index.html");
    assert!(
        city.contains("<li class=\"card\" data-entry-id=\"anshin\" data-open-state=\"unknown\"")
    );
    assert!(city.contains("<li class=\"card\" data-entry-id=\"kita-shokudo\" data-schedule="));
    // The holiday table is in the site, for the build year −1 to +5.
    let holidays = site.read("assets/holidays.js");
    assert!(holidays.contains("\"2025-01-01\":\"元日\""));
    assert!(holidays.contains("\"2026-09-22\":\"国民の休日\""));
    assert!(holidays.contains("\"2031-11-24\":\"振替休日\""));
    assert!(!holidays.contains("\"2032-"));
}

#[test]
fn see_also_is_a_list_of_next_places_with_the_reasons() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    let next = section(&html, "connections-title");
    assert_eq!(card_ids(next), ["kita-shokudo", "anshin"]);
    assert!(next.contains("<p class=\"note\">子どもの食事のことはこちら</p>"));
}

#[test]
fn a_programme_lists_its_members_and_each_member_links_back() {
    let site = built();
    let network = site.read("entries/kita-network/index.html");
    assert_eq!(
        card_ids(section(&network, "members-title")),
        ["kita-shokudo"]
    );
    assert!(network.contains("<li data-use=\"referral\">支援機関を通して</li>"));
    let member = site.read("entries/kita-shokudo/index.html");
    assert!(member.contains("この窓口は<a href=\"../../entries/kita-network/index.html\" data-entry-id=\"kita-network\">北地区つながりネットワーク</a>の一員です。"));
}

#[test]
fn a_districts_page_lists_its_own_entries_then_its_ancestors_desks_and_first_contact_first() {
    let site = built();
    let html = site.read("areas/kita/index.html");
    // 迷ったら、まずここへ: the city's first contact (北地区 names none of its own), first.
    let first = section(&html, "first-contact");
    assert_eq!(card_ids(first), ["marugoto"]);
    assert!(first.contains("テスト市のこちらへ"));
    assert_eq!(
        card_ids(section(&html, "entries")),
        ["anshin", "kita-network", "kita-shokudo"]
    );
    // Then the desks listed at the city itself, which serve this district too.
    let city = section(&html, "area-test-city");
    assert!(city.contains("テスト市の窓口・活動（2件）"));
    assert_eq!(card_ids(city), ["marugoto", "gyakutai-189"]);
    let order = [
        "aria-labelledby=\"first-contact\"",
        "aria-labelledby=\"entries\"",
        "aria-labelledby=\"area-test-city\"",
    ];
    let at: Vec<usize> = order.iter().map(|s| html.find(s).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");

    // A school district: its own entry, then 北地区's own, then the city's, nearest first.
    let school = site.read("areas/kita-school/index.html");
    assert_eq!(card_ids(section(&school, "entries")), ["kita-shokudo"]);
    assert_eq!(
        card_ids(section(&school, "area-kita")),
        ["anshin", "kita-network"]
    );
    assert!(school.find("area-kita\"").unwrap() < school.find("area-test-city\"").unwrap());
    // The city's own page has no ancestor sections.
    assert!(!site
        .read("areas/test-city/index.html")
        .contains("class=\"area-section\""));
}

#[test]
fn first_contacts_show_on_the_home_page_and_on_the_areas_entry_pages() {
    let site = built();
    let home = site.read("index.html");
    assert_eq!(card_ids(section(&home, "first-contact")), ["marugoto"]);
    let member = site.read("entries/kita-shokudo/index.html");
    let box_ = section(&member, "first-contact-test-city");
    assert!(box_.contains("迷ったら、まずここへ（テスト市）"));
    assert_eq!(card_ids(box_), ["marugoto"]);
    // Not on the first contact's own page.
    assert!(!site
        .read("entries/marugoto/index.html")
        .contains("迷ったら、まずここへ"));
}

#[test]
fn the_edit_request_link_names_the_entrys_source_file() {
    let site = built();
    let html = site.read("entries/marugoto/index.html");
    assert!(html.contains("<a href=\"https://github.com/example/directory/edit/main/content/entries/city/marugoto.md\" rel=\"noopener\">この情報の誤りを知らせる</a>"), "{html}");
}

/// `tsunagu search --json` ids for `q` on the site's built index.
fn search_ids(site: &Site, q: &str) -> Vec<String> {
    let index = site.out().join("search-index");
    let out = site.run(&["search", "--index", index.to_str().unwrap(), "--json", q]);
    assert_ok(&out);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_search_naming_an_area_ranks_its_first_contact_before_desks_matching_as_much() {
    let site = built();
    // No entry has every word; both city-wide desks serve 北地区 from above, and the
    // city's first contact (nearest to 北地区, which names none) comes first.
    let ids = search_ids(&site, "北地区 土曜日 ネットワーク");
    let at = |id: &str| ids.iter().position(|i| i == id).expect(id);
    assert!(at("marugoto") < at("gyakutai-189"), "{ids:?}");
    assert!(at("kita-network") < at("marugoto"), "{ids:?}");
}

#[test]
fn conditions_next_steps_access_and_accessibility_are_searchable() {
    let site = built();
    // Words that only the version 2 fields of `marugoto` hold.
    for q in [
        "テスト駅",
        "在住",
        "匿名",
        "車いす",
        "やさしい日本語",
        "Whole-Life",
    ] {
        assert_eq!(
            search_ids(&site, q).first().map(String::as_str),
            Some("marugoto"),
            "{q}"
        );
    }
}
