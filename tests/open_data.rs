//! Open data in and out: `tsunagu import csv` on files in the Digital Agency's layouts
//! (`tests/fixtures/import/`: invented facilities in real layouts, encodings and Excel
//! damage), and the `data/entries.csv` every build publishes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

fn csv_file(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

fn import(site: &Site, file: &Path) -> Output {
    site.run(&[
        "import",
        "csv",
        "--root",
        site.root().to_str().unwrap(),
        "--area",
        "kita",
        "--category",
        "soudan",
        file.to_str().unwrap(),
    ])
}

fn imported(site: &Site, stem: &str) -> String {
    std::fs::read_to_string(
        site.root()
            .join("content/entries/imported")
            .join(format!("{stem}.yaml")),
    )
    .unwrap()
}

/// The rows of the built site's `data/entries.csv`, header first.
fn entries_csv(site: &Site) -> Vec<Vec<String>> {
    let bytes = std::fs::read(site.out().join("data/entries.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, for Excel");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn shift_jis_utf8_and_utf16_files_import_and_the_site_builds() {
    let site = Site::new("basic");
    for (file, stem, entries, encoding) in [
        (
            "koukyou_older_cp932.csv",
            "koukyou-older-cp932",
            7,
            "Shift_JIS",
        ),
        ("kaigo_newer_utf8bom.csv", "kaigo-newer-utf8bom", 6, "UTF-8"),
        (
            "kosodate_older_utf16le.csv",
            "kosodate-older-utf16le",
            5,
            "UTF-16",
        ),
    ] {
        let out = import(&site, &csv_file(file));
        assert_ok(&out);
        assert!(
            stderr(&out).contains(&format!("imported {entries} entries"))
                && stderr(&out).contains(encoding),
            "{file}: {}",
            stderr(&out)
        );
        let yaml = imported(&site, stem);
        assert_eq!(yaml.matches("\n- id: ").count(), entries, "{yaml}");
    }
    assert_ok(&site.run(&["check"]));
    assert_ok(&site.build());
    // Repairs are told, with the line of the row.
    let out = import(&site, &csv_file("koukyou_older_cp932.csv"));
    let err = stderr(&out);
    assert!(
        err.contains("koukyou_older_cp932.csv:2: note: 0664239916: a leading 0 was added"),
        "{err}"
    );
    assert!(
        err.contains(":2: note: times 0.375–0.875 were fractions of a day"),
        "{err}"
    );
}

#[test]
fn cells_become_fields_with_excel_damage_repaired() {
    let site = Site::new("basic");
    assert_ok(&import(&site, &csv_file("koukyou_older_cp932.csv")));
    let y = imported(&site, "koukyou-older-cp932");
    // half-width katakana reading -> hiragana kana; the name's trailing U+3000 trimmed
    assert!(y.contains("title: \"尼崎市立なないろ地域学習館\""), "{y}");
    assert!(
        y.contains("kana: \"あまがさきしりつなないろちいきがくしゅうかん\""),
        "{y}"
    );
    // Excel's lost 0 and day fractions; 内線 out of the number; 06(6430)5521 hyphenated
    assert!(y.contains("{number: \"0664239916\"}"), "{y}");
    assert!(y.contains("opens: \"09:00\", closes: \"21:00\""), "{y}");
    assert!(
        y.contains("{number: \"06-6489-6353\", ext: \"1234\"}"),
        "{y}"
    );
    assert!(y.contains("06-6430-5521"), "{y}");
    // a URL without its scheme; accessibility split at ;
    assert!(
        y.contains("url: \"https://www.example.jp/amagasaki/tachibana/\""),
        "{y}"
    );
    assert!(
        y.contains("accessibility: [\"車いす対応トイレ\", \"エレベーター\""),
        "{y}"
    );
    // 土日祝: the days without 祝; 0:00–0:00 every day is around the clock
    assert!(y.contains("days: [sat, sun]"), "{y}");
    assert!(y.contains("opens: \"00:00\", closes: \"24:00\""), "{y}");
    // an opening limited to some dates gets no schedule (it would say "open" all year)
    let pool = y.split("\n- ").find(|e| e.contains("プール")).unwrap();
    assert!(
        pool.contains("hours:") && !pool.contains("schedule:"),
        "{pool}"
    );
}

#[test]
fn importing_the_same_file_again_adds_nothing() {
    let site = Site::new("basic");
    let file = csv_file("kaigo_newer_utf8bom.csv");
    assert_ok(&import(&site, &file));
    let first = imported(&site, "kaigo-newer-utf8bom");
    assert_ok(&site.build());
    let rows = entries_csv(&site).len();
    assert_ok(&import(&site, &file));
    assert_eq!(
        imported(&site, "kaigo-newer-utf8bom"),
        first,
        "the same bytes"
    );
    assert_ok(&site.build());
    assert_eq!(entries_csv(&site).len(), rows, "no entry added");
    // the dataset's ID makes the id, after the municipality code
    assert!(first.contains("- id: \"282022-k0001\""), "{first}");
    assert!(first.contains("- id: \"282022-k-0005\""), "{first}");
}

#[test]
fn rows_that_cannot_be_used_are_named_by_line_and_the_others_are_written() {
    let site = Site::new("basic");
    let out = import(&site, &csv_file("kaigo_missing_name_utf8bom.csv"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("kaigo_missing_name_utf8bom.csv:3: error: row not imported: no name"),
        "{err}"
    );
    assert_eq!(
        imported(&site, "kaigo-missing-name-utf8bom")
            .matches("\n- id: ")
            .count(),
        2
    );
    // A quote opened on line 5 and never closed: that row, not the file's end.
    let out = import(&site, &csv_file("koukyou_broken_quote_cp932.csv"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("koukyou_broken_quote_cp932.csv:5: error: row not imported")
            && err.contains("never closed"),
        "{err}"
    );
    assert_eq!(
        imported(&site, "koukyou-broken-quote-cp932")
            .matches("\n- id: ")
            .count(),
        2,
        "the record on lines 3–4 (a quoted line break) is fine"
    );
    assert_ok(&site.run(&["check"]));
}

#[test]
fn unknown_area_or_category_and_files_that_are_not_csv_are_refused() {
    let site = Site::new("basic");
    let out = site.run(&[
        "import",
        "csv",
        "--root",
        site.root().to_str().unwrap(),
        "--area",
        "kitaa",
        "--category",
        "soudan",
        csv_file("kaigo_newer_utf8bom.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown area id `kitaa` (did you mean `kita`?)"),
        "{}",
        stderr(&out)
    );
    let not_csv = site.root().join("notes.csv");
    std::fs::write(&not_csv, "メモ\nただのメモです\n").unwrap();
    let out = import(&site, &not_csv);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no column holds the names"),
        "{}",
        stderr(&out)
    );
    assert!(
        !site.root().join("content/entries/imported").exists(),
        "nothing written"
    );
}

#[test]
fn a_csv_round_trip_keeps_every_field() {
    let site = Site::new("basic");
    let files = [
        "kaigo_newer_utf8bom.csv",
        "koukyou_older_cp932.csv",
        "kosodate_older_utf16le.csv",
    ];
    for f in files {
        assert_ok(&import(&site, &csv_file(f)));
    }
    assert_ok(&site.build());
    let rows = entries_csv(&site);
    assert_eq!(&rows[0][..3], ["ID", "名称", "名称_カナ"]);
    // Every cell of the input is somewhere in its entry's row of the output (the ones no
    // column takes are in 備考), width, spaces and dashes aside; what is only re-spelled
    // (codes in the id, times as HH:MM, days as 月;火, readings in hiragana) is not compared.
    let fold = |s: &str| {
        use unicode_normalization::UnicodeNormalization;
        s.nfkc()
            .filter(|c| !c.is_whitespace() && !"-‐－ー()（）".contains(*c))
            .collect::<String>()
    };
    let respelled = [
        "都道府県コード又は市区町村コード",
        "全国地方公共団体コード",
        "ID",
        "NO",
        "名称_カナ",
        "開始時間",
        "終了時間",
        "利用可能曜日",
        "所在地_全国地方公共団体コード",
        "地方公共団体名",
        "都道府県名",
        "市区町村名",
        "所在地_都道府県",
        "所在地_市区町村",
        "所在地_町字",
        "所在地_番地以下",
        "郵便番号",
        "電話番号", // 内線 goes to the 内線番号 column
    ];
    for f in files {
        let bytes = std::fs::read(csv_file(f)).unwrap();
        let (text, _) = tsunagu::import::decode::decode(&bytes).unwrap();
        let mut input = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = input
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let name_at = header.iter().position(|h| h == "名称").unwrap();
        for record in input.records() {
            let record = record.unwrap();
            let name = record[name_at].trim().trim_matches('\u{3000}');
            let row = rows
                .iter()
                .find(|r| r[1] == name)
                .unwrap_or_else(|| panic!("{f}: {name} is not in entries.csv"));
            let all = fold(&row.join("|"));
            for (h, v) in header.iter().zip(record.iter()) {
                let v = v.trim();
                if v.is_empty() || respelled.contains(&h.as_str()) {
                    continue;
                }
                if let Some(i) = ["緯度", "経度"].iter().position(|c| c == h) {
                    let out: f64 = row[6 + i].parse().unwrap();
                    assert_eq!(out, v.parse::<f64>().unwrap(), "{name}: {h}");
                    continue;
                }
                assert!(
                    all.contains(&fold(v)),
                    "{f}: {name}: {h} = {v:?} is lost: {row:?}"
                );
            }
        }
    }
}

/// The HSDS 3.0 schema files the project was given (`../shared/data/hsds-3.0/schema/`).
fn hsds_schema(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/hsds-3.0/schema")
        .join(name);
    serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn validate_all(schema: &serde_json::Value, items: &[serde_json::Value], what: &str) {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("{what}: the schema does not load: {e}"));
    for item in items {
        let errors: Vec<String> = validator
            .iter_errors(item)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{what} {}: {errors:#?}", item["name"]);
    }
}

#[test]
fn every_build_publishes_hsds_services_valid_against_the_schema() {
    // The sample directory (every v2 field is used somewhere) and imported entries.
    let site = Site::new("basic");
    assert_ok(&import(&site, &csv_file("kaigo_newer_utf8bom.csv")));
    assert_ok(&site.build());
    for site_root in [
        site.root().to_path_buf(),
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    ] {
        let out = tempfile::tempdir().unwrap();
        let built = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
            .args(["build", "--root"])
            .arg(&site_root)
            .arg("--out")
            .arg(out.path().join("site"))
            .env("TSUNAGU_TODAY", "2026-11-25")
            .output()
            .unwrap();
        assert_ok(&built);
        let read = |name: &str| -> Vec<serde_json::Value> {
            serde_json::from_slice(
                &std::fs::read(out.path().join("site/data/hsds").join(name)).unwrap(),
            )
            .unwrap()
        };
        let services = read("services.json");
        assert!(services.len() >= 6, "{}", services.len());
        validate_all(
            &hsds_schema("compiled/service_with_definitions.json"),
            &services,
            "service",
        );
        let compiled = hsds_schema("compiled/service_with_definitions.json");
        let organization = serde_json::json!({
            "$ref": "#/definitions/organization",
            "definitions": compiled["definitions"],
        });
        let term = serde_json::json!({
            "$ref": "#/definitions/taxonomy_term",
            "definitions": compiled["definitions"],
        });
        validate_all(&organization, &read("organizations.json"), "organization");
        validate_all(&term, &read("taxonomy_terms.json"), "taxonomy term");
        // ids are UUIDs, the same in every build, and children point at their service
        let s = &services[0];
        assert_eq!(s["id"].as_str().unwrap().len(), 36);
        if let Some(p) = s["phones"].as_array().and_then(|p| p.first()) {
            assert_eq!(p["service_id"], s["id"]);
        }
    }
    // The imported 24-hour, every-day desk: a weekly schedule in Japan time.
    let services: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(site.out().join("data/hsds/services.json")).unwrap())
            .unwrap();
    let k4 = services
        .iter()
        .find(|s| {
            s["schedules"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["opens_at"] == "00:00+09:00"))
        })
        .expect("the around-the-clock desk");
    let rule = k4["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["freq"] == "WEEKLY")
        .unwrap();
    assert_eq!(rule["byday"], "MO,TU,WE,TH,FR,SA,SU");
    assert_eq!(rule["closes_at"], "23:59+09:00");
    assert_eq!(rule["timezone"], 9);
}

#[test]
fn a_service_that_breaks_the_schema_is_caught() {
    // The validator is not vacuous: a wrong status, an id that is no UUID and a string
    // extension are refused.
    let schema = hsds_schema("compiled/service_with_definitions.json");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let good = serde_json::json!({"id": "ce22f615-f1f6-566b-aa27-c708073dfc09", "name": "x", "status": "active"});
    assert!(validator.is_valid(&good));
    for bad in [
        serde_json::json!({"id": "ce22f615-f1f6-566b-aa27-c708073dfc09", "name": "x", "status": "open"}),
        serde_json::json!({"id": "282022-7", "name": "x", "status": "active"}),
        serde_json::json!({"id": "ce22f615-f1f6-566b-aa27-c708073dfc09", "name": "x", "status": "active",
            "phones": [{"id": "ce22f615-f1f6-566b-aa27-c708073dfc09", "number": "1", "extension": "12"}]}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}
