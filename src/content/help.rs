//! The version 2 fields of an entry (how to get help, not only where): conditions, fees,
//! how to reach it, languages, the opening rules and closures, つなぎ先 and programme, and
//! the English and やさしい日本語 texts. Each value is checked at its node; references to
//! other entries are checked later, by validate, once every entry is loaded.

use super::fields::Fields;
use super::languages;
use super::model::{Help, HowToUse, Ref, SeeAlso};
use super::yaml::{Node, Value};
use crate::diagnostics::closest;
use crate::schedule::{parse_day, Closure, Rule, Schedule, Time, DAY_NAMES};

const RULE_KEYS: &[&str] = &[
    "days",
    "opens",
    "closes",
    "weeks",
    "valid_from",
    "valid_to",
    "note",
];
const SEE_ALSO_KEYS: &[&str] = &["id", "note"];

/// 対象・条件, fees, how to reach it, languages, accessibility, access.
pub fn help(f: &mut Fields) -> Help {
    let path = f.path().to_path_buf();
    let how_to_use = f
        .list("how_to_use")
        .into_iter()
        .filter_map(|(v, pos)| {
            HowToUse::parse(&v).or_else(|| {
                let allowed: Vec<String> = HowToUse::ALL
                    .iter()
                    .map(|h| format!("{} ({})", h.name(), h.label()))
                    .collect();
                let hint = closest(&v, HowToUse::ALL.iter().map(|h| h.name()))
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                f.diags.error(
                    &path,
                    Some(pos),
                    format!(
                        "`how_to_use: {v}` is unknown{hint}: use any of {}",
                        allowed.join(", ")
                    ),
                );
                None
            })
        })
        .fold(Vec::new(), |mut all, h| {
            if !all.contains(&h) {
                all.push(h);
            }
            all
        });
    let languages = f
        .list("languages")
        .into_iter()
        .filter_map(|(tag, pos)| match languages::check(&tag) {
            Ok(tag) => Some(tag),
            Err(why) => {
                f.diags
                    .error(&path, Some(pos), format!("`languages`: {why}"));
                None
            }
        })
        .collect();
    Help {
        eligibility: f.opt_string("eligibility"),
        fees: f.opt_string("fees"),
        how_to_use,
        next_steps: f.opt_string("next_steps"),
        confidential: f.bool("confidential").unwrap_or(false),
        anonymous: f.bool("anonymous").unwrap_or(false),
        languages,
        accessibility: f
            .list("accessibility")
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        access: f.opt_string("access"),
    }
}

/// `schedule` and `closed`.
pub fn schedule(f: &mut Fields) -> Schedule {
    let path = f.path().to_path_buf();
    let rules = items(f, "schedule")
        .into_iter()
        .filter_map(|node| rule(f, node))
        .collect();
    let closed = f
        .list("closed")
        .into_iter()
        .filter_map(|(s, pos)| match Closure::parse(&s) {
            Ok(c) => Some(c),
            Err(why) => {
                f.diags.error(
                    &path,
                    Some(pos),
                    format!("`closed`: {why}: use {}", Closure::FORMS),
                );
                None
            }
        })
        .collect();
    Schedule { rules, closed }
}

/// The items of a list field; a single mapping counts as a list of one.
fn items<'a>(f: &mut Fields<'a>, key: &str) -> Vec<&'a Node> {
    let Some(node) = f.node(key) else {
        return Vec::new();
    };
    match &node.value {
        Value::Seq(items) => items.iter().filter(|n| !n.is_null()).collect(),
        _ => vec![node],
    }
}

fn rule(f: &mut Fields, node: &Node) -> Option<Rule> {
    let path = f.path().to_path_buf();
    let mut r = Fields::new(node, &path, RULE_KEYS, "schedule rule", f.diags)?;
    let mut ok = true;
    let days_given = r.node("days").is_some();
    let mut days = Vec::new();
    for (d, pos) in r.list("days") {
        match parse_day(&d) {
            Some(day) if !days.contains(&day) => days.push(day),
            Some(_) => {}
            None => {
                ok = false;
                let hint = day_meant(&d)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                r.diags.error(
                    &path,
                    Some(pos),
                    format!(
                        "`days: {d}` is not a day{hint}: use {}",
                        DAY_NAMES.join(", ")
                    ),
                );
            }
        }
    }
    if days.is_empty() && ok {
        ok = false;
        if days_given {
            let pos = r.node("days").map(|n| n.pos);
            r.diags.error(
                &path,
                pos,
                "`days` is empty: list at least one of mon, tue, wed, thu, fri, sat, sun",
            );
        } else {
            r.diags.error(
                &path,
                Some(r.pos()),
                "this schedule rule has no `days`: add e.g. `days: [mon, tue, wed, thu, fri]`",
            );
        }
    }
    let time = |r: &mut Fields, key: &str| -> Option<Time> {
        let Some((s, pos)) = r.string(key) else {
            r.diags.error(&path, Some(r.pos()), format!("this schedule rule has no `{key}`: add `{key}: \"HH:MM\"`, e.g. `{key}: \"{}\"`", if key == "opens" { "9:00" } else { "17:00" }));
            return None;
        };
        match Time::parse(&s) {
            Some(t) if key == "opens" && t == Time::END_OF_DAY => {
                r.diags.error(
                    &path,
                    Some(pos),
                    "`opens: 24:00` is the end of a day: write `opens: \"0:00\"`",
                );
                None
            }
            Some(t) => Some(t),
            None => {
                r.diags.error(&path, Some(pos), format!("`{key}: {s}` is not a time: write HH:MM on the 24-hour clock, e.g. 9:00 or 17:30 (24:00 for midnight)"));
                None
            }
        }
    };
    let opens = time(&mut r, "opens");
    let closes = time(&mut r, "closes");
    if let (Some(o), Some(c)) = (opens, closes) {
        if o == c {
            let pos = r.node("closes").map(|n| n.pos);
            r.diags.error(&path, pos, "`opens` and `closes` are the same time: for a whole day write `opens: \"0:00\"` and `closes: \"24:00\"`");
            ok = false;
        }
    }
    let mut weeks = Vec::new();
    for (w, pos) in r.list("weeks") {
        match w.parse::<i8>() {
            Ok(n @ (1..=5 | -1)) => {
                if !weeks.contains(&n) {
                    weeks.push(n);
                }
            }
            _ => {
                ok = false;
                r.diags.error(&path, Some(pos), format!("`weeks: {w}` is not a week of the month: use 1 to 5, or -1 for the last (第2・第4 = [2, 4])"));
            }
        }
    }
    let valid_from = r.date("valid_from");
    let valid_to = r.date("valid_to");
    if let (Some(a), Some(b)) = (valid_from, valid_to) {
        if b < a {
            let pos = r.node("valid_to").map(|n| n.pos);
            r.diags.error(
                &path,
                pos,
                format!("`valid_to: {b}` is before `valid_from: {a}`"),
            );
            ok = false;
        }
    }
    let note = r.opt_string("note");
    r.finish();
    let (opens, closes) = (opens?, closes?);
    ok.then_some(Rule {
        days,
        opens,
        closes,
        weeks,
        valid_from,
        valid_to,
        note,
    })
}

/// The day a coordinator meant by `monday`, `Mon.`, `月` or `月曜日`.
fn day_meant(written: &str) -> Option<&'static str> {
    const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let w = written.trim().to_ascii_lowercase();
    if let Some(i) = JA.iter().position(|j| w.starts_with(j)) {
        return Some(DAY_NAMES[i]);
    }
    DAY_NAMES
        .iter()
        .find(|d| w.len() >= 3 && w.starts_with(*d))
        .copied()
        .or_else(|| closest(&w, DAY_NAMES))
}

/// `part_of`: one entry id.
pub fn part_of(f: &mut Fields) -> Option<Ref> {
    f.string("part_of").map(|(id, pos)| Ref { id, pos })
}

/// `see_also`: entry ids, or `{id, note}` mappings.
pub fn see_also(f: &mut Fields) -> Vec<SeeAlso> {
    let path = f.path().to_path_buf();
    let mut out = Vec::new();
    for node in items(f, "see_also") {
        match &node.value {
            Value::Scalar(id) => out.push(SeeAlso {
                id: Ref {
                    id: id.trim().to_string(),
                    pos: node.pos,
                },
                note: None,
            }),
            Value::Map(_) => {
                let Some(mut s) = Fields::new(node, &path, SEE_ALSO_KEYS, "see_also item", f.diags)
                else {
                    continue;
                };
                let id = s.required_string("id");
                let note = s.opt_string("note");
                s.finish();
                if let Some((id, pos)) = id {
                    out.push(SeeAlso {
                        id: Ref { id, pos },
                        note,
                    });
                }
            }
            _ => f.diags.error(
                &path,
                Some(node.pos),
                format!(
                    "each `see_also` item is an entry id or a mapping {{id, note}}, found {}",
                    node.kind()
                ),
            ),
        }
    }
    out
}
