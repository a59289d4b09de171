//! Hostile and careless input: generated entries and queries (proptest), and every input
//! the fuzzers kept (`fuzz/corpus/`) or that once broke a property (`fuzz/regressions/`),
//! all checked against the properties of `tests/properties/`.

mod properties;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `fuzz/corpus/<target>` and `fuzz/regressions/<target>`.
fn kept_inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["corpus", "regressions"] {
        let dir = repo().join("fuzz").join(kind).join(target);
        if let Ok(read) = std::fs::read_dir(&dir) {
            files.extend(read.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    files.sort();
    files
}

/// Checks every kept input of fuzz target `target` with `check`.
fn replay(target: &str, check: impl Fn(&[u8]) -> Result<(), String>) {
    let inputs = kept_inputs(target);
    assert!(inputs.len() >= 10, "the corpus is in fuzz/corpus/{target}");
    for path in inputs {
        if let Err(e) = check(&std::fs::read(&path).unwrap()) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn every_kept_content_input_builds_or_fails_with_located_errors() {
    let site = tempfile::tempdir().unwrap();
    properties::copy_fixture(site.path());
    replay("content", |bytes| {
        properties::content_input(site.path(), bytes)
    });
}

#[test]
fn every_kept_query_is_answered() {
    replay("query", properties::query);
}

#[test]
fn the_html_check_finds_what_would_run() {
    // The property itself must be able to fail.
    for bad in [
        &b"<p>a</p><script>alert(1)</script>"[..],
        b"<img src=x onerror=alert(1)>",
        b"<a href=\" JavaScript:alert(1)\">x</a>",
        b"<a href=\"javascript&#58;alert(1)\">x</a>",
        b"<script type=\"application/ld+json\">{\"a\": \"</script><b>\"}</script>",
        b"<title>a\x01b</title>",
    ] {
        assert!(
            properties::safe_html(bad).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    assert!(properties::safe_html(
        b"<!DOCTYPE html><title>t</title><script src=\"/a.js\" defer></script>\
          <script type=\"application/ld+json\">{\"a\": \"\\u003c/script\\u003e\"}</script>\
          <a title=\"x onclick=y\" href=\"/z\">&lt;script&gt;</a><!-- <script> -->"
    )
    .is_ok());
}

/// Text with everything that could break out of HTML, an attribute, JSON or a line.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<x-probe onclick=\"alert(1)\">".to_string()),
        Just("\"><x-probe>".to_string()),
        Just("'><x-probe>".to_string()),
        Just("</script><x-probe>".to_string()),
        Just("<!--<x-probe>-->".to_string()),
        Just("&lt;x-probe&gt; &amp; &".to_string()),
        Just("{{ x }} {% raw %}".to_string()),
        Just("\u{2028}\u{2029}\u{feff}".to_string()),
        "\\PC{0,12}",
    ]
}

fn yaml_quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A valid Markdown entry whose every text field holds `t[i]`.
fn hostile_entry(t: &[String], body: &str) -> String {
    let q = |i: usize| yaml_quoted(&format!("タイトル{}", t[i % t.len()]));
    format!(
        "---\ntitle: {}\nkana: {}\ncategories: ibasho\nareas: kita\naudiences: [{}]\n\
         tags: [{}]\nsummary: {}\norganization: {}\naddress: {}\nhours: {}\n\
         url: {}\neligibility: {}\nfees: {}\nnext_steps: {}\naccessibility: [{}]\n\
         access: {}\ntitle_en: {}\nsummary_en: {}\neasy_summary: {}\n\
         phones:\n  - {{number: \"06-1234-5678\", label: {}}}\n\
         schedule:\n  - {{days: [mon], opens: \"09:00\", closes: \"17:00\", note: {}}}\n\
         see_also:\n  - {{id: marugoto, note: {}}}\n---\n{}\n",
        q(0),
        q(1),
        q(2),
        q(3),
        q(4),
        q(5),
        q(6),
        q(7),
        yaml_quoted(&format!(
            "https://example.jp/?q=\"><x-probe/onclick=alert(1)>&x='{}",
            percent_encoding::utf8_percent_encode(
                &t[8 % t.len()],
                percent_encoding::NON_ALPHANUMERIC
            )
        )),
        q(9),
        q(10),
        q(11),
        q(12),
        q(13),
        q(14),
        q(15),
        q(16),
        q(17),
        q(18),
        q(19),
        body
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_field_of_an_entry_is_escaped_on_every_page(
        texts in prop::collection::vec(hostile_text(), 20),
        body in hostile_text(),
    ) {
        let site = tempfile::tempdir().unwrap();
        properties::copy_fixture(site.path());
        let entry = hostile_entry(&texts, &body);
        let name = "content/entries/hostile-probe.md";
        properties::content(site.path(), name, entry.as_bytes()).map_err(TestCaseError::fail)?;
        let (built, diags) = tsunagu::build::load(site.path());
        prop_assert!(!diags.has_errors(), "{:?}", diags.iter().collect::<Vec<_>>());
        prop_assert!(built.entries.iter().any(|e| e.id == "hostile-probe"));
        let mut leaked = Vec::new();
        tsunagu::render::render(&built, site.path(), &mut Default::default(), &mut |batch| {
            for (path, bytes) in batch.iter() {
                if String::from_utf8_lossy(bytes).contains("<x-probe") {
                    leaked.push(path.to_string());
                }
            }
        });
        prop_assert!(leaked.is_empty(), "unescaped in {:?}", leaked);
    }

    #[test]
    fn any_entry_file_builds_or_fails_with_located_errors(
        lines in prop::collection::vec(entry_line(), 0..12),
        markdown in any::<bool>(),
        body in "\\PC{0,40}",
    ) {
        let site = tempfile::tempdir().unwrap();
        properties::copy_fixture(site.path());
        let text = if markdown {
            format!("---\n{}---\n{body}\n", lines.concat())
        } else {
            format!("- id: gen\n{}", lines.iter().map(|l| format!("  {l}")).collect::<String>())
        };
        let name = properties::entry_file_name(text.as_bytes());
        properties::content(site.path(), name, text.as_bytes()).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_query_is_answered(q in "\\PC{0,30}") {
        properties::query(q.as_bytes()).map_err(TestCaseError::fail)?;
    }
}

/// One line of an entry: a known or misspelt key with a value of any shape.
fn entry_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(tsunagu::content::entry::ENTRY_KEYS.to_vec()).prop_map(str::to_string),
        "[a-z_]{1,8}",
    ];
    let value = prop_oneof![
        "\\PC{0,20}".prop_map(|s| yaml_quoted(&s)),
        "[a-z0-9:#/ -]{0,16}",
        Just("[ibasho, kita, marugoto]".to_string()),
        Just("{days: [mon], opens: \"25:00\", closes: \"9\"}".to_string()),
        Just("[{number: \"#7119\", kind: fax}, \"06-1234-5678\", 12]".to_string()),
        Just("2026-02-30".to_string()),
        Just("&a [1, *a]".to_string()),
        Just("{lat: 91, lon: x}".to_string()),
        Just("".to_string()),
        Just("true".to_string()),
        Just("- x".to_string()),
    ];
    (key, value).prop_map(|(k, v)| format!("{k}: {v}\n"))
}
