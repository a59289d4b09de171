//! One test per bad input the content format lists: the build fails with exit 1, names the
//! file, line and column, and leaves the previous output untouched.

mod common;

use common::*;

/// Puts the bad input of `invalid/<case>` into `site`: its `content/` and `themes/` files
/// over the site's, and the files listed in its `remove` file deleted.
fn overlay(site: &Site, case: &str) {
    let dir = fixtures().join("invalid").join(case);
    for sub in ["content", "themes"] {
        if dir.join(sub).is_dir() {
            copy_tree(&dir.join(sub), &site.root().join(sub));
        }
    }
    if let Ok(remove) = std::fs::read_to_string(dir.join("remove")) {
        for rel in remove.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(site.root().join(rel.trim())).unwrap();
        }
    }
}

/// Builds `basic`, overlays `invalid/<case>`, builds again and checks the failure: the
/// `expected` file's first line starts the message's line (`path:line:column: error: `),
/// its second line is part of the message.
fn fails_with_expected_message(case: &str) {
    let site = Site::new("basic");
    assert_ok(&site.build());
    let before = snapshot(&site.out());
    assert!(before.len() > 10);

    overlay(&site, case);
    let expected =
        std::fs::read_to_string(fixtures().join("invalid").join(case).join("expected")).unwrap();
    let mut lines = expected.lines();
    let location = lines.next().unwrap();
    let message = lines.next().unwrap();

    let out = site.build();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{case}: build should fail\n{err}"
    );
    let line = err
        .lines()
        .find(|l| l.starts_with(location))
        .unwrap_or_else(|| panic!("{case}: no line starting with {location:?} in:\n{err}"));
    assert!(
        line.contains(message),
        "{case}: {line:?} does not contain {message:?}"
    );
    assert!(err.contains("nothing was written"), "{case}: {err}");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "{case}: previous output changed"
    );

    let check = site.run(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "{case}: check should fail too"
    );
    assert!(stderr(&check)
        .lines()
        .any(|l| l.starts_with(location) && l.contains(message)));
}

#[test]
fn broken_yaml_is_reported_with_its_line() {
    fails_with_expected_message("broken-yaml");
}

#[test]
fn a_missing_title_is_reported_at_the_entry() {
    fails_with_expected_message("missing-title");
}

#[test]
fn an_unknown_area_id_suggests_the_closest_one() {
    fails_with_expected_message("unknown-area");
}

#[test]
fn an_unknown_category_id_is_reported_at_the_value() {
    fails_with_expected_message("unknown-category");
}

#[test]
fn a_duplicate_entry_id_names_both_places() {
    fails_with_expected_message("duplicate-id");
}

#[test]
fn an_id_with_uppercase_or_underscores_is_refused() {
    fails_with_expected_message("bad-id");
}

#[test]
fn a_malformed_date_is_refused() {
    fails_with_expected_message("bad-date");
}

#[test]
fn a_malformed_phone_number_is_refused() {
    fails_with_expected_message("bad-phone");
}

#[test]
fn a_url_without_scheme_is_refused() {
    fails_with_expected_message("bad-url");
}

#[test]
fn a_parent_cycle_in_a_taxonomy_is_refused() {
    fails_with_expected_message("parent-cycle");
}

#[test]
fn a_shift_jis_file_is_named_as_not_utf8() {
    fails_with_expected_message("not-utf8");
}

#[test]
fn an_empty_title_is_an_error_not_a_vanished_entry() {
    fails_with_expected_message("empty-title");
}

#[test]
fn a_blank_title_is_an_error() {
    fails_with_expected_message("blank-title");
}

#[test]
fn an_empty_id_in_a_yaml_list_is_an_error() {
    fails_with_expected_message("empty-id");
}

#[test]
fn an_empty_area_name_is_an_error() {
    fails_with_expected_message("empty-term-name");
}

#[test]
fn a_latitude_out_of_range_is_refused() {
    fails_with_expected_message("bad-location");
}

#[test]
fn an_unknown_phone_kind_names_the_allowed_ones() {
    fails_with_expected_message("unknown-phone-kind");
}

#[test]
fn a_missing_site_yaml_is_named() {
    fails_with_expected_message("missing-site-yaml");
}

#[test]
fn a_template_syntax_error_is_reported_at_the_theme_file_and_line() {
    fails_with_expected_message("template-syntax");
}

#[test]
fn a_template_render_error_is_reported_at_the_theme_file() {
    fails_with_expected_message("template-render");
}

#[test]
fn an_unknown_how_to_use_names_the_allowed_ones() {
    fails_with_expected_message("v2-unknown-how-to-use");
}

#[test]
fn a_see_also_id_must_name_an_entry() {
    fails_with_expected_message("v2-unknown-see-also");
}

#[test]
fn a_part_of_id_must_name_an_entry() {
    fails_with_expected_message("v2-unknown-part-of");
}

#[test]
fn programmes_that_contain_each_other_are_refused() {
    fails_with_expected_message("v2-part-of-cycle");
}

#[test]
fn an_entry_is_not_its_own_next_step() {
    fails_with_expected_message("v2-see-also-itself");
}

#[test]
fn a_first_contact_must_name_an_entry() {
    fails_with_expected_message("v2-unknown-first-contact");
}

#[test]
fn an_opening_time_must_be_hh_mm() {
    fails_with_expected_message("v2-bad-time");
}

#[test]
fn a_schedule_day_names_the_closest_allowed_day() {
    fails_with_expected_message("v2-bad-day");
}

#[test]
fn a_schedule_rule_needs_days() {
    fails_with_expected_message("v2-missing-days");
}

#[test]
fn a_rule_that_opens_and_closes_at_once_is_refused() {
    fails_with_expected_message("v2-same-times");
}

#[test]
fn a_week_of_the_month_is_one_to_five_or_minus_one() {
    fails_with_expected_message("v2-bad-week");
}

#[test]
fn a_rule_cannot_end_before_it_starts() {
    fails_with_expected_message("v2-valid-to-before-from");
}

#[test]
fn a_closure_in_japanese_names_the_key_to_write() {
    fails_with_expected_message("v2-bad-closure");
}

#[test]
fn a_country_code_for_a_language_names_the_tag_meant() {
    fails_with_expected_message("v2-bad-language");
}

#[test]
fn confidential_must_be_true_or_false() {
    fails_with_expected_message("v2-bad-bool");
}

#[test]
fn an_edit_request_must_be_a_url_template_or_an_address() {
    fails_with_expected_message("v2-bad-edit-request");
}

#[test]
fn site_languages_are_ja_and_en() {
    fails_with_expected_message("v2-bad-site-languages");
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let site = Site::new("basic");
    for case in ["bad-date", "bad-phone", "unknown-area", "bad-url"] {
        overlay(&site, case);
    }
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        4,
        "{err}"
    );
    assert!(err.contains("4 errors"), "{err}");
}

#[test]
fn an_unknown_key_is_a_warning_naming_the_closest_known_key() {
    let site = Site::new("basic");
    site.write(
        "content/entries/city/typo.md",
        "---\ntitle: タイポ\ncategories: soudan\nareas: kita\nsumary: 要約\n---\n",
    );
    let out = site.build();
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("content/entries/city/typo.md:5:1: warning: unknown key `sumary`"),
        "{err}"
    );
    assert!(err.contains("did you mean `summary`?"), "{err}");

    site.write(
        "content/entries/city/typo.md",
        "---\ntitle: タイポ\ncategoris: soudan\nareas: kita\n---\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("typo.md:3:1: warning: unknown key `categoris`")
            && err.contains("did you mean `categories`?"),
        "{err}"
    );
    assert!(
        err.contains("typo.md:2:1: error: this entry has no `categories`"),
        "{err}"
    );
}

#[test]
fn check_prints_github_annotations_in_github_actions() {
    let site = Site::new("basic");
    overlay(&site, "bad-date");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("::error file=content/entries/city/bad-date.md,line=5,col=10::`updated: 2026-13-01` is not a date"), "{}", stdout(&out));
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let site = Site::new("basic");
    site.write("public/notes.txt", "大事なメモ");
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("was not written by tsunagu"));
    assert_eq!(
        std::fs::read_to_string(site.out().join("notes.txt")).unwrap(),
        "大事なメモ"
    );
}

#[test]
fn a_theme_that_does_not_exist_fails_the_build_at_its_line_and_keeps_the_old_output() {
    fails_with_expected_message("missing-theme");
}

#[test]
fn a_yaml_alias_bomb_is_refused_at_its_line_instead_of_filling_memory() {
    fails_with_expected_message("yaml-alias-bomb");
}

#[test]
fn a_control_character_in_a_title_is_refused_at_its_line() {
    fails_with_expected_message("control-character");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_outside_the_site_is_an_error_and_one_inside_is_read() {
    let site = Site::new("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("far.md"),
        "---\ntitle: 遠くの窓口\ncategories: [soudan]\nareas: [kita]\n---\n",
    )
    .unwrap();
    let link = site.root().join("content/entries/far");
    std::os::unix::fs::symlink(outside.path(), &link).unwrap();
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/entries/far: error: this link leads outside the site folder"),
        "{}",
        stderr(&o)
    );
    // Moved inside the site, the linked folder's entries are read.
    std::fs::remove_file(&link).unwrap();
    let inside = site.root().join("shared-entries");
    std::fs::create_dir(&inside).unwrap();
    std::fs::copy(outside.path().join("far.md"), inside.join("far.md")).unwrap();
    std::os::unix::fs::symlink(&inside, &link).unwrap();
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("ok: 7 entries"), "{}", stderr(&o));
}

#[test]
fn an_entry_file_with_an_uppercase_or_long_extension_is_named_not_lost_in_silence() {
    let site = Site::new("basic");
    let text = "---\ntitle: 大文字\ncategories: [soudan]\nareas: [kita]\n---\n";
    site.write("content/entries/city/upper.MD", text);
    site.write("content/entries/city/long.markdown", text);
    let o = site.run(&["check"]);
    let err = stderr(&o);
    for f in [
        "content/entries/city/upper.MD",
        "content/entries/city/long.markdown",
    ] {
        assert!(
            err.contains(&format!(
                "{f}: warning: not read: files here must end in .md, .yaml, .yml"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_utf16_file_is_named_as_utf16() {
    fails_with_expected_message("utf16");
}

#[test]
fn a_content_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let site = Site::new("basic");
    let body = "相談窓口のご案内です。\n".repeat(400_000); // about 13 MB
    site.write(
        "content/entries/city/huge.md",
        &format!("---\ntitle: 大きな窓口\ncategories: [soudan]\nareas: [kita]\n---\n{body}"),
    );
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "content/entries/city/huge.md: error: this file is 13.6 MB, more than the 10 MB"
        ) && stderr(&o).contains("TSUNAGU_MAX_FILE_MB"),
        "{}",
        stderr(&o)
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tsunagu"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("TSUNAGU_MAX_FILE_MB", "20")
        .env("TSUNAGU_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
