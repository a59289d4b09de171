//! Imported entries as the YAML list an entries file holds. Every string is written
//! double-quoted (JSON's escaping is YAML's), so no value can turn into a number, a date,
//! a boolean or a YAML construct; the same entries give the same bytes.

use super::row::Imported;
use crate::schedule::DAY_NAMES;

fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

/// The YAML file of `entries`, imported from the file named `from`.
pub fn yaml<'a>(from: &str, entries: impl Iterator<Item = &'a Imported>) -> String {
    let mut out = format!(
        "# Imported from {from} by `tsunagu import csv`. Importing the file again rewrites this\n\
         # file: correct the CSV and import it again, or move an entry to a file of its own\n\
         # before editing it by hand.\n"
    );
    for e in entries {
        out.push('\n');
        for (i, (key, value)) in fields(e).into_iter().enumerate() {
            let lead = if i == 0 { "- " } else { "  " };
            out.push_str(&format!("{lead}{key}: {value}\n"));
        }
    }
    out
}

/// An entry's fields in the order the README shows them, as YAML values (flow style).
fn fields(e: &Imported) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.as_deref().map(q);
    let phones = e
        .phones
        .iter()
        .map(|p| {
            let mut m = vec![format!("number: {}", q(&p.number))];
            if let Some(l) = &p.label {
                m.push(format!("label: {}", q(l)));
            }
            if p.kind != "tel" {
                m.push(format!("kind: {}", p.kind));
            }
            if let Some(x) = &p.ext {
                m.push(format!("ext: {}", q(x)));
            }
            format!("{{{}}}", m.join(", "))
        })
        .collect::<Vec<_>>();
    let rules = e
        .schedule
        .iter()
        .map(|r| {
            let days: Vec<&str> = r
                .days
                .iter()
                .map(|d| DAY_NAMES[d.num_days_from_monday() as usize])
                .collect();
            format!(
                "{{days: [{}], opens: \"{}\", closes: \"{}\"}}",
                days.join(", "),
                r.opens.hhmm(),
                r.closes.hhmm()
            )
        })
        .collect::<Vec<_>>();
    let nonempty = |v: &[String], f: fn(&[String]) -> String| (!v.is_empty()).then(|| f(v));
    let all: [(&'static str, Option<String>); 22] = [
        ("id", Some(q(&e.id))),
        ("title", Some(q(&e.title))),
        ("kana", opt(&e.kana)),
        ("title_en", opt(&e.title_en)),
        ("categories", Some(list(&e.categories))),
        ("areas", Some(list(&e.areas))),
        ("tags", nonempty(&e.tags, list)),
        ("summary", opt(&e.summary)),
        ("summary_en", opt(&e.summary_en)),
        ("organization", opt(&e.organization)),
        (
            "phones",
            (!phones.is_empty()).then(|| format!("[{}]", phones.join(", "))),
        ),
        ("address", opt(&e.address)),
        ("postal_code", opt(&e.postal_code)),
        (
            "location",
            e.location
                .map(|(lat, lon)| format!("{{lat: {lat}, lon: {lon}}}")),
        ),
        ("hours", opt(&e.hours)),
        (
            "schedule",
            (!rules.is_empty()).then(|| format!("[{}]", rules.join(", "))),
        ),
        (
            "closed",
            (!e.closed.is_empty()).then(|| format!("[{}]", e.closed.join(", "))),
        ),
        ("url", opt(&e.url)),
        ("email", opt(&e.email)),
        ("eligibility", opt(&e.eligibility)),
        ("fees", opt(&e.fees)),
        ("access", opt(&e.access)),
    ];
    let mut out: Vec<(&'static str, String)> = all
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    if !e.accessibility.is_empty() {
        out.push(("accessibility", list(&e.accessibility)));
    }
    if !e.body.is_empty() {
        out.push(("body", q(&e.body)));
    }
    out
}
