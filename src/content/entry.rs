//! YAML nodes to typed entries: every field-level problem of an entry (a missing or empty
//! required field, a wrong type, a bad id, date, phone, URL, email or location, an unknown
//! key) is reported here at its node.

use std::path::Path;

use search_index::phone::PhoneNumber;

use super::checks::{check_email, check_url, looks_like_postal_code, suggest_id, valid_id};
use super::decode::EntrySource;
use super::fields::Fields;
use super::help;
use super::model::*;
use super::yaml::{Node, Value};
use crate::diagnostics::{Diagnostics, Pos};

/// Keys of an entry (version 1, then version 2's). `body` is for YAML files only: a
/// Markdown entry's body is the Markdown after the front matter.
pub const ENTRY_KEYS: &[&str] = &[
    "id",
    "title",
    "kana",
    "categories",
    "areas",
    "audiences",
    "tags",
    "summary",
    "organization",
    "phones",
    "address",
    "postal_code",
    "location",
    "hours",
    "url",
    "email",
    "updated",
    "eligibility",
    "fees",
    "how_to_use",
    "next_steps",
    "confidential",
    "anonymous",
    "languages",
    "accessibility",
    "access",
    "schedule",
    "closed",
    "part_of",
    "see_also",
    "title_en",
    "summary_en",
    "easy_summary",
    "body",
];
const PHONE_KEYS: &[&str] = &["number", "label", "kind", "ext"];
const LOCATION_KEYS: &[&str] = &["lat", "lon"];

/// The entry of `node`, or `None` when a problem (reported in `diags`) leaves it unusable.
pub fn entry(
    node: &Node,
    source: &EntrySource,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Entry> {
    let mut f = Fields::new(node, path, ENTRY_KEYS, "entry", diags)?;
    if let (EntrySource::Markdown { .. }, Some(key)) = (source, key_node(node, "body")) {
        f.diags.warning(
            path,
            Some(key.pos),
            "`body` in the front matter of a .md entry is ignored: the body is the Markdown after the closing `---`",
        );
    }
    let id = match source {
        EntrySource::Markdown { stem, .. } if f.node("id").is_none() && !has_key(node, "id") => {
            if valid_id(stem) {
                Some(stem.to_string())
            } else {
                f.diags.error(path, Some(Pos::new(1, 1)), format!("the file name `{stem}` is not a valid id (a-z, 0-9 and `-` only): rename the file, e.g. `{}.md`, or add `id: …`", suggest_id(stem)));
                None
            }
        }
        _ => f.id("id"),
    };
    let title = f.required_string("title").map(|(s, _)| s);
    let kana = f.string("kana").map(|(k, pos)| {
        if k.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            f.diags.warning(
                path,
                Some(pos),
                "`kana` should be the reading in hiragana (it contains kanji)",
            );
        }
        k
    });
    let categories = f.refs("categories", true);
    let areas = f.refs("areas", true);
    let audiences = f.list("audiences").into_iter().map(|(s, _)| s).collect();
    let tags = f.list("tags").into_iter().map(|(s, _)| s).collect();
    let summary = f.opt_string("summary");
    let organization = f.opt_string("organization");
    let phones = phones(&mut f);
    let address = f.opt_string("address");
    let postal_code = f.string("postal_code").map(|(p, pos)| {
        if !looks_like_postal_code(&p) {
            f.diags.warning(
                path,
                Some(pos),
                format!(
                    "`postal_code: {p}` does not look like a postal code (7 digits, e.g. 660-0051)"
                ),
            );
        }
        p
    });
    let location = location(&mut f);
    let hours = f.opt_string("hours");
    let url = f.string("url").and_then(|(u, pos)| match check_url(&u) {
        Ok(()) => Some(u),
        Err(why) => {
            f.diags.error(path, Some(pos), format!("`url: {u}` is not a valid web address ({why}): write it in full, e.g. https://www.city.amagasaki.hyogo.jp/"));
            None
        }
    });
    let email = f.string("email").and_then(|(e, pos)| {
        if check_email(&e) {
            Some(e)
        } else {
            f.diags.error(
                path,
                Some(pos),
                format!("`email: {e}` is not an email address (name@example.jp)"),
            );
            None
        }
    });
    let updated = f.date("updated");
    let help = help::help(&mut f);
    let schedule = help::schedule(&mut f);
    let part_of = help::part_of(&mut f);
    let see_also = help::see_also(&mut f);
    let title_en = f.opt_string("title_en");
    let summary_en = f.opt_string("summary_en");
    let easy_summary = f.opt_string("easy_summary");
    // The body's first line in the file: after the front matter, or where the YAML value
    // starts (for `body: |`, the line after it: the scalar is marked at its content).
    let (body, first_line) = match source {
        EntrySource::Markdown {
            body, body_line, ..
        } => (body.to_string(), *body_line),
        EntrySource::YamlItem => match f.string("body") {
            Some((b, pos)) => (b, pos.line),
            None => (String::new(), 1),
        },
    };
    let links = body_links(&body, first_line);
    let pos = f.pos();
    f.finish();
    let (id, title) = (id?, title?);
    Some(Entry {
        sort_key: crate::collate::sort_key(kana.as_deref(), &title),
        title_key: crate::collate::title_key(&title),
        id,
        title,
        kana,
        categories,
        areas,
        audiences,
        tags,
        summary,
        organization,
        phones,
        address,
        postal_code,
        location,
        hours,
        url,
        email,
        updated,
        body,
        help,
        schedule,
        part_of,
        see_also,
        title_en,
        summary_en,
        easy_summary,
        source: Source {
            path: path.to_path_buf(),
            pos,
        },
        links,
    })
}

/// The key node of `key` in a mapping.
fn key_node<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(pairs) => pairs
            .iter()
            .map(|(k, _)| k)
            .find(|k| k.as_str() == Some(key)),
        _ => None,
    }
}

/// Whether a mapping has `key`, even with an empty value.
fn has_key(node: &Node, key: &str) -> bool {
    matches!(&node.value, Value::Map(pairs) if pairs.iter().any(|(k, _)| k.as_str() == Some(key)))
}

fn phones(f: &mut Fields) -> Vec<Phone> {
    let Some(node) = f.node("phones") else {
        return Vec::new();
    };
    let path = f.path().to_path_buf();
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Scalar(_) | Value::Map(_) => vec![node],
        Value::Null => Vec::new(),
    };
    let mut out = Vec::new();
    for item in items {
        let (number, pos, label, kind, ext) = match &item.value {
            Value::Scalar(s) => (s.clone(), item.pos, None, PhoneKind::Tel, None),
            Value::Map(_) => {
                let Some(mut pf) = Fields::new(item, &path, PHONE_KEYS, "phone", f.diags) else {
                    continue;
                };
                let Some((number, pos)) = pf.required_string("number") else {
                    pf.finish();
                    continue;
                };
                let label = pf.opt_string("label");
                let kind = match pf.string("kind") {
                    None => PhoneKind::Tel,
                    Some((k, kpos)) => PhoneKind::parse(&k).unwrap_or_else(|| {
                        pf.diags.error(
                            &path,
                            Some(kpos),
                            format!(
                                "phone `kind: {k}` is unknown: use one of {}",
                                PhoneKind::NAMES.join(", ")
                            ),
                        );
                        PhoneKind::Tel
                    }),
                };
                let ext = pf.opt_string("ext");
                pf.finish();
                (number, pos, label, kind, ext)
            }
            _ => {
                f.diags.error(&path, Some(item.pos), format!("each phone is a number or a mapping {{number, label, kind, ext}}, found {}", item.kind()));
                continue;
            }
        };
        match PhoneNumber::parse(&number) {
            Ok(parsed) => out.push(Phone {
                number,
                parsed,
                label,
                kind,
                ext,
                pos,
            }),
            Err(why) => f.diags.error(
                &path,
                Some(pos),
                format!("malformed phone number `{number}`: {why}"),
            ),
        }
    }
    out
}

fn location(f: &mut Fields) -> Option<Location> {
    let node = f.node("location")?;
    let path = f.path().to_path_buf();
    let mut lf = Fields::new(node, &path, LOCATION_KEYS, "location", f.diags)?;
    let mut coord = |key: &str, limit: f64| -> Option<f64> {
        let Some((s, pos)) = lf.string(key) else {
            lf.missing(key);
            return None;
        };
        match s.parse::<f64>() {
            Ok(v) if v.abs() <= limit => Some(v),
            _ => {
                lf.diags.error(
                    &path,
                    Some(pos),
                    format!(
                        "`{key}: {s}` must be a number of degrees between -{limit} and {limit}"
                    ),
                );
                None
            }
        }
    };
    let lat = coord("lat", 90.0);
    let lon = coord("lon", 180.0);
    lf.finish();
    Some(Location {
        lat: lat?,
        lon: lon?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::decode::entry_nodes;

    fn load(path: &str, text: &str) -> (Vec<Entry>, Diagnostics) {
        let mut d = Diagnostics::default();
        let p = Path::new(path);
        let entries = entry_nodes(text, p, p, &mut d)
            .iter()
            .filter_map(|(node, source)| entry(node, source, p, &mut d))
            .collect();
        (entries, d)
    }

    fn errors(d: &Diagnostics) -> Vec<String> {
        d.iter()
            .filter(|x| x.is_error())
            .map(|x| x.to_string())
            .collect()
    }

    #[test]
    fn body_is_a_key_of_yaml_entries_only_and_links_get_file_lines() {
        let (a, d) = load(
            "a.md",
            "---\ntitle: あ\ncategories: c\nareas: x\nbody: no\n---\n本文\n\n[x](../b/)\n",
        );
        assert_eq!(
            d.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            ["a.md:5:1: warning: `body` in the front matter of a .md entry is ignored: the body is the Markdown after the closing `---`"]
        );
        assert_eq!(a[0].body, "本文\n\n[x](../b/)\n");
        assert_eq!(
            a[0].links,
            [BodyLink {
                dest: "../b/".into(),
                line: 9
            }]
        );
        let (b, d) = load(
            "list.yaml",
            "- id: b\n  title: い\n  categories: c\n  areas: x\n  body: |\n    本文\n    [y](../a/)\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            b[0].links,
            [BodyLink {
                dest: "../a/".into(),
                line: 7
            }]
        );
    }

    #[test]
    fn blank_required_values_are_located_errors() {
        let (e, d) = load("e.md", "---\ntitle: \"  \"\ncategories: c\nareas: x\n---\n");
        assert!(e.is_empty());
        assert_eq!(
            errors(&d),
            ["e.md:2:8: error: `title` is empty: write its value after `title:`, it is required"]
        );
        let (e, d) = load("e.md", "---\ntitle:\ncategories: c\nareas: x\n---\n");
        assert!(e.is_empty());
        assert_eq!(
            errors(&d),
            ["e.md:2:1: error: `title` is empty: write its value after `title:`, it is required"]
        );
        let (e, d) = load(
            "l.yaml",
            "- id: \"\"\n  title: a\n  categories: c\n  areas: x\n- id: ok\n  title: b\n  categories: c\n  areas: x\n",
        );
        assert_eq!(e.len(), 1, "the other entry stays");
        assert_eq!(
            errors(&d),
            ["l.yaml:1:7: error: `id` is empty: write its value after `id:`, it is required"]
        );
    }

    #[test]
    fn phones_keep_what_was_written_and_the_parsed_number() {
        let (e, d) = load(
            "p.md",
            "---\ntitle: a\ncategories: c\nareas: x\nphones:\n  - +81 06-6423-9916\n  - {number: '#7119', kind: free}\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e[0].phones[0].number, "+81 06-6423-9916");
        assert_eq!(e[0].phones[0].parsed.tel_uri(), "tel:0664239916");
        assert_eq!(e[0].phones[1].kind, PhoneKind::Free);
    }
}
