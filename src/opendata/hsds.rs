//! The directory in Open Referral's Human Services Data Specification 3.0, for referral
//! tools and portals that take it in: `/data/hsds/services.json` (service objects with
//! their organization, phones, schedules, service areas, languages, cost options,
//! eligibility, application process, program, location and categories nested),
//! `organizations.json` and `taxonomy_terms.json` (the categories).
//!
//! HSDS ids are UUIDs: version 5, from the site's `base_url` (else its title) and the
//! object's place in the site (`service:<entry id>`, `phone:<entry id>:<n>` …), so the
//! same content always gives the same ids, and a changed `base_url` changes them all.

use std::io::{self, Write};

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::content::languages;
use crate::content::model::{Entry, PhoneKind};
use crate::lang::Lang;
use crate::schedule::Rule;
use crate::taxonomy::Taxonomy;
use crate::validate::Site;

/// Writes the three files, handing each output path and its writer to `sink`.
pub fn write(site: &Site, sink: &mut crate::output::Sink<'_>) -> io::Result<()> {
    let ids = Ids::of(site);
    let mut entries: Vec<&Entry> = site.entries.iter().map(|e| e.as_ref()).collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    // Each service serialised as it is made, straight into the file: at 100,000 entries
    // the objects, or even their text, held together would take hundreds of megabytes.
    sink(crate::urls::HSDS_SERVICES, &mut |w| {
        array(w, entries.iter().map(|e| service(site, &ids, e)))
    })?;
    let mut organizations: Vec<(String, Value)> = entries
        .iter()
        .filter_map(|e| e.organization.as_deref())
        .map(|o| (o.to_string(), organization(&ids, o)))
        .collect();
    organizations.sort_by(|a, b| a.0.cmp(&b.0));
    organizations.dedup_by(|a, b| a.0 == b.0);
    sink(crate::urls::HSDS_ORGANIZATIONS, &mut |w| {
        array(w, organizations.iter().map(|o| &o.1))
    })?;
    sink(crate::urls::HSDS_TAXONOMY_TERMS, &mut |w| {
        array(
            w,
            site.categories
                .ids()
                .map(|id| category_term(&ids, &site.categories, id)),
        )
    })
}

/// Writes `items` as a JSON array, one after the other.
fn array<T: serde::Serialize>(w: &mut dyn Write, items: impl Iterator<Item = T>) -> io::Result<()> {
    w.write_all(b"[")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &item)?;
    }
    w.write_all(b"]\n")
}

/// UUIDs of the site's objects.
struct Ids(Uuid);

impl Ids {
    fn of(site: &Site) -> Ids {
        let name = site
            .config
            .base_url
            .clone()
            .unwrap_or_else(|| format!("tsunagu:{}", site.config.title));
        Ids(Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()))
    }

    fn id(&self, parts: &[&str]) -> String {
        Uuid::new_v5(&self.0, parts.join(":").as_bytes()).to_string()
    }
}

fn organization(ids: &Ids, name: &str) -> Value {
    json!({"id": ids.id(&["organization", name]), "name": name, "description": ""})
}

fn category_term(ids: &Ids, tax: &Taxonomy, id: &str) -> Value {
    let term = tax.get(id).expect("a taxonomy id");
    let mut t = json!({
        "id": ids.id(&["category", id]),
        "code": id,
        "name": term.name,
        "description": term.description.clone().unwrap_or_else(|| term.name.clone()),
        "taxonomy": "tsunagu:categories",
        "language": "ja",
    });
    if let Some(parent) = &term.parent {
        t["parent_id"] = json!(ids.id(&["category", &parent.id]));
    }
    t
}

/// `兵庫県尼崎市武庫之荘1丁目3番7号` -> (兵庫県, 尼崎市, 武庫之荘1丁目3番7号); the parts it cannot
/// find are empty.
fn split_address(address: &str) -> (String, String, String) {
    let chars: Vec<char> = address.trim().chars().collect();
    let pref_end = if address.starts_with("北海道") {
        3
    } else {
        chars
            .iter()
            .take(4)
            .position(|c| "都府県".contains(*c))
            .map_or(0, |i| i + 1)
    };
    let rest = &chars[pref_end..];
    // 市 (and a ward after it: 大阪市北区), else 郡…町/村, else 区 (東京23区)
    let city_end = rest
        .iter()
        .position(|c| *c == '市')
        .map(|i| {
            let after = &rest[i + 1..];
            match after.iter().take(4).position(|c| *c == '区') {
                Some(j) => i + 1 + j + 1,
                None => i + 1,
            }
        })
        .or_else(|| {
            rest.iter()
                .position(|c| "町村区".contains(*c))
                .map(|i| i + 1)
        })
        .unwrap_or(0);
    let s = |c: &[char]| c.iter().collect::<String>().trim().to_string();
    (
        s(&chars[..pref_end]),
        s(&rest[..city_end]),
        s(&rest[city_end..]),
    )
}

fn schedule(
    ids: &Ids,
    service_id: &str,
    entry_id: &str,
    n: usize,
    rule: &Rule,
    notes: &Option<String>,
) -> Value {
    const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let days: Vec<&str> = rule
        .days
        .iter()
        .map(|d| BYDAY[d.num_days_from_monday() as usize])
        .collect();
    let at = |t: crate::schedule::Time| {
        let t = if t == crate::schedule::Time::END_OF_DAY {
            crate::schedule::Time(23 * 60 + 59)
        } else {
            t
        };
        format!("{}+09:00", t.hhmm())
    };
    let mut s = json!({
        "id": ids.id(&["schedule", entry_id, &n.to_string()]),
        "service_id": service_id,
        "opens_at": at(rule.opens),
        "closes_at": at(rule.closes),
        "timezone": 9,
        "description": format!("{} {}〜{}", rule.days.iter().map(|d| crate::schedule::day_label(*d)).collect::<String>(), rule.opens.short(), rule.closes.short()),
    });
    if rule.weeks.is_empty() {
        s["freq"] = json!("WEEKLY");
        s["wkst"] = json!("MO");
        s["byday"] = json!(days.join(","));
    } else {
        // 第2・第4水曜: every day in every week named
        let byday: Vec<String> = rule
            .weeks
            .iter()
            .flat_map(|w| days.iter().map(move |d| format!("{w}{d}")))
            .collect();
        s["freq"] = json!("MONTHLY");
        s["byday"] = json!(byday.join(","));
    }
    if let Some(d) = rule.valid_from {
        s["valid_from"] = json!(d.to_string());
    }
    if let Some(d) = rule.valid_to {
        s["valid_to"] = json!(d.to_string());
    }
    let note = [rule.note.clone(), notes.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("。");
    if !note.is_empty() {
        s["notes"] = json!(note);
    }
    s
}

fn service(site: &Site, ids: &Ids, e: &Entry) -> Value {
    let sid = ids.id(&["service", &e.id]);
    let mut s = Map::new();
    let mut put = |k: &str, v: Value| {
        s.insert(k.to_string(), v);
    };
    put("id", json!(sid));
    put("name", json!(e.title));
    put("status", json!("active"));
    if let Some(t) = &e.title_en {
        put("alternate_name", json!(t));
    }
    let description = e.summary.clone().unwrap_or_else(|| {
        crate::markdown::to_text(&e.body)
            .split("\n\n")
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    });
    put("description", json!(description));
    if let Some(u) = &e.url {
        put("url", json!(u));
    }
    if let Some(m) = &e.email {
        put("email", json!(m));
    }
    if let Some(o) = e.organization.as_deref() {
        let org = organization(ids, o);
        put("organization_id", org["id"].clone());
        put("organization", org);
    }
    let h = &e.help;
    if let Some(x) = &h.eligibility {
        put("eligibility_description", json!(x));
    }
    if let Some(fees) = &h.fees {
        put("fees_description", json!(fees));
        let mut option = json!({
            "id": ids.id(&["cost_option", &e.id]),
            "service_id": sid,
            "currency": "JPY",
            "amount_description": fees,
        });
        if fees.trim() == "無料" {
            option["amount"] = json!(0);
        }
        put("cost_options", json!([option]));
    }
    let how: Vec<&str> = h.how_to_use.iter().map(|u| u.label()).collect();
    let process = [
        (!how.is_empty()).then(|| format!("{}。", how.join("・"))),
        h.next_steps.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<String>();
    if !process.is_empty() {
        put("application_process", json!(process));
    }
    if let Some(d) = e.updated {
        put("assured_date", json!(d.to_string()));
        put("last_modified", json!(format!("{d}T00:00:00+09:00")));
    }
    let phones: Vec<Value> = e
        .phones
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut v = json!({
                "id": ids.id(&["phone", &e.id, &i.to_string()]),
                "service_id": sid,
                "number": p.number,
                "type": match p.kind {
                    PhoneKind::Fax => "fax",
                    PhoneKind::Mobile => "cell",
                    PhoneKind::Tel | PhoneKind::Free => "voice",
                },
            });
            let mut description: Vec<String> = p.label.iter().cloned().collect();
            if p.kind == PhoneKind::Free {
                description.push("フリーダイヤル".into());
            }
            match p.ext.as_deref().map(|x| (x, x.parse::<u64>())) {
                Some((_, Ok(n))) => v["extension"] = json!(n),
                Some((x, Err(_))) => description.push(format!("内線 {x}")),
                None => {}
            }
            if !description.is_empty() {
                v["description"] = json!(description.join("、"));
            }
            v
        })
        .collect();
    if !phones.is_empty() {
        put("phones", json!(phones));
    }
    let closed = e.schedule.closed_text(Lang::Ja);
    let mut schedules: Vec<Value> = e
        .schedule
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| schedule(ids, &sid, &e.id, i, r, &closed))
        .collect();
    if let Some(hours) = &e.hours {
        schedules.push(json!({
            "id": ids.id(&["schedule", &e.id, "hours"]),
            "service_id": sid,
            "description": hours,
        }));
    }
    if !schedules.is_empty() {
        put("schedules", json!(schedules));
    }
    let areas: Vec<Value> = e
        .areas
        .iter()
        .map(|a| {
            let names: Vec<String> = site
                .areas
                .ancestors_and_self(&a.id)
                .iter()
                .rev()
                .map(|t| t.name.clone())
                .collect();
            json!({
                "id": ids.id(&["service_area", &e.id, &a.id]),
                "service_id": sid,
                "name": site.areas.get(&a.id).map_or(a.id.as_str(), |t| t.name.as_str()),
                "description": names.join(" "),
            })
        })
        .collect();
    put("service_areas", json!(areas));
    let langs: Vec<Value> = h
        .languages
        .iter()
        .map(|tag| {
            let mut l = json!({
                "id": ids.id(&["language", &e.id, tag]),
                "service_id": sid,
                "code": tag.split('-').next().unwrap_or(tag),
                "name": languages::name_ja(tag),
            });
            if tag.contains('-') {
                l["note"] = json!(tag);
            }
            l
        })
        .collect();
    if !langs.is_empty() {
        put("languages", json!(langs));
    }
    if let Some(p) = &e.part_of {
        let programme = site.entries.iter().find(|x| x.id == p.id);
        put(
            "program",
            json!({
                "id": ids.id(&["program", &p.id]),
                "name": programme.map_or(p.id.as_str(), |x| x.title.as_str()),
                "description": programme.and_then(|x| x.summary.clone()).unwrap_or_default(),
            }),
        );
    }
    if e.address.is_some() || e.location.is_some() {
        let mut location = json!({
            "id": ids.id(&["location", &e.id]),
            "location_type": "physical",
            "name": e.title,
        });
        if let Some(l) = &e.location {
            location["latitude"] = json!(l.lat);
            location["longitude"] = json!(l.lon);
        }
        if let Some(a) = &h.access {
            location["transportation"] = json!(a);
        }
        if !h.accessibility.is_empty() {
            location["accessibility"] = json!(h
                .accessibility
                .iter()
                .enumerate()
                .map(|(i, a)| json!({"id": ids.id(&["accessibility", &e.id, &i.to_string()]), "location_id": ids.id(&["location", &e.id]), "description": a}))
                .collect::<Vec<_>>());
        }
        if let Some(address) = &e.address {
            let (pref, city, rest) = split_address(address);
            location["addresses"] = json!([{
                "id": ids.id(&["address", &e.id]),
                "location_id": ids.id(&["location", &e.id]),
                "address_1": rest,
                "city": city,
                "state_province": pref,
                "postal_code": e.postal_code.clone().unwrap_or_default(),
                "country": "JP",
                "address_type": "physical",
            }]);
        }
        put(
            "service_at_locations",
            json!([{
                "id": ids.id(&["service_at_location", &e.id]),
                "service_id": sid,
                "location_id": ids.id(&["location", &e.id]),
                "location": location,
            }]),
        );
    }
    let attributes: Vec<Value> = e
        .categories
        .iter()
        .map(|c| {
            let term = category_term(ids, &site.categories, &c.id);
            json!({
                "id": ids.id(&["attribute", &e.id, &c.id]),
                "link_id": sid,
                "link_entity": "service",
                "link_type": "category",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            })
        })
        .collect();
    put("attributes", json!(attributes));
    Value::Object(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_prefecture_city_and_the_rest() {
        let s = |a: &str| split_address(a);
        assert_eq!(
            s("兵庫県尼崎市武庫之荘1丁目3番7号"),
            (
                "兵庫県".into(),
                "尼崎市".into(),
                "武庫之荘1丁目3番7号".into()
            )
        );
        assert_eq!(
            s("大阪府大阪市北区中之島1-3-20"),
            ("大阪府".into(), "大阪市北区".into(), "中之島1-3-20".into())
        );
        assert_eq!(s("北海道札幌市中央区北1条西2丁目").0, "北海道");
        assert_eq!(s("尼崎市七松町1-2").1, "尼崎市");
        assert_eq!(s("東京都千代田区霞が関1-1").1, "千代田区");
    }
}
