//! One CSV row to one entry: which cell goes to which field, what is repaired, and what
//! cannot be placed in a field and is kept in the body instead (nothing of a row is lost).

use chrono::Weekday;

use super::columns::Column;
use super::values;
use crate::schedule::Time;

/// An entry made from a row, with the notes on what was repaired.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub id: String,
    pub title: String,
    pub kana: Option<String>,
    pub title_en: Option<String>,
    pub categories: Vec<String>,
    pub areas: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub summary_en: Option<String>,
    pub organization: Option<String>,
    pub phones: Vec<Phone>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub location: Option<(f64, f64)>,
    pub hours: Option<String>,
    pub schedule: Vec<Rule>,
    pub closed: Vec<&'static str>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility: Option<String>,
    pub fees: Option<String>,
    pub accessibility: Vec<String>,
    pub access: Option<String>,
    /// Markdown: the cells no field holds, as `**label**: value` lines.
    pub body: String,
    /// What was repaired or moved to the body, for the report.
    pub repairs: Vec<String>,
}

/// A phone number of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub number: String,
    pub label: Option<String>,
    /// `tel`, `fax`, `mobile` or `free`.
    pub kind: &'static str,
    pub ext: Option<String>,
}

/// A weekly opening rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub days: Vec<Weekday>,
    pub opens: Time,
    pub closes: Time,
}

/// Whether a note speaks of the year-end closure (年末年始, 12月29日～1月3日).
fn year_end(note: &str) -> bool {
    let n = values::folded(note);
    n.contains("年末年始")
        || n.contains("12月29日")
        || n.contains("12月30日")
        || n.contains("12/29")
}

/// Whether a note names a date (`7月1日`, `8/31`).
fn has_date(note: &str) -> bool {
    let n: Vec<char> = values::folded(note).chars().collect();
    n.windows(3)
        .any(|w| w[0].is_ascii_digit() && (w[1] == '月' || w[1] == '/') && w[2].is_ascii_digit())
}

/// An 8-hex-digit hash of `s`, for ids made from a name.
pub fn short_hash(s: &str) -> String {
    format!(
        "{:08x}",
        crate::output::content_hash(values::folded(s).as_bytes()) as u32
    )
}

/// The row's cells (header as written, its column, value) as an entry under `area` and
/// `category`; `Err` says why the row cannot be one.
pub fn convert(
    cells: &[(&str, Option<Column>, &str)],
    area: &str,
    category: &str,
) -> Result<Imported, String> {
    // The first non-empty value of a column; all of them for the ones that add up.
    let first = |c: Column| {
        cells
            .iter()
            .filter(|(_, col, _)| *col == Some(c))
            .find_map(|(_, _, v)| values::text(v))
    };
    let all = |c: Column| -> Vec<String> {
        cells
            .iter()
            .filter(|(_, col, _)| *col == Some(c))
            .filter_map(|(_, _, v)| values::text(v))
            .collect()
    };
    let title = first(Column::Name).ok_or("no name (名称 is empty)")?;
    let mut e = Imported {
        title,
        categories: vec![category.to_string()],
        areas: vec![area.to_string()],
        ..Imported::default()
    };
    let mut body: Vec<(String, String)> = Vec::new();

    e.kana = first(Column::Kana)
        .map(|k| values::hiragana(&k))
        .filter(|k| !k.is_empty());
    // The id: the municipality's code (else the area), then the dataset's ID, else the
    // reading of the name in romaji, else a hash of the name; never the row's NO, which
    // changes when a row is added above it. IDs Excel turned into 1.2E+11 are no ids.
    let prefix = first(Column::LgCode)
        .and_then(|c| values::lg_code(&c))
        .unwrap_or_else(|| area.to_string());
    let mangled = |v: &String| v.contains('+') && v.to_ascii_uppercase().contains('E');
    let key = first(Column::RecordId)
        .filter(|v| !mangled(v))
        .map(|v| values::slug(&v))
        .filter(|s| !s.is_empty())
        .or_else(|| {
            e.kana
                .as_deref()
                .map(crate::new::id_from_reading)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| short_hash(&e.title));
    e.id = format!("{prefix}-{key}");

    e.title_en = first(Column::NameEn);
    e.tags = all(Column::Kind);
    e.organization = first(Column::Organization);

    if let Some(d) = first(Column::Description) {
        let sentence = d.split_inclusive('。').next().unwrap_or(&d).trim();
        if sentence.chars().count() <= 100 && !sentence.contains('\n') {
            e.summary = Some(sentence.to_string());
        }
        body.push(("説明".into(), d));
    }
    e.summary_en = first(Column::DescriptionEn).filter(|s| !s.contains('\n'));

    // Address: as written in one cell, else its parts; then the building.
    let parts = [Column::Pref, Column::City, Column::Town, Column::Block]
        .into_iter()
        .filter_map(first)
        .collect::<String>();
    let building = first(Column::Building);
    e.address = first(Column::AddressFull)
        .or_else(|| (!parts.is_empty()).then_some(parts))
        .map(|a| match &building {
            Some(b) if !a.contains(b.as_str()) => format!("{a} {b}"),
            _ => a,
        });
    if let Some(p) = first(Column::PostalCode) {
        match values::postal_code(&p) {
            Some(code) => e.postal_code = Some(code),
            None => {
                e.repairs
                    .push(format!("郵便番号 `{p}` is not 7 digits: kept in the body"));
                body.push(("郵便番号".into(), p));
            }
        }
    }
    match (
        first(Column::Lat).and_then(|v| values::degrees(&v)),
        first(Column::Lon).and_then(|v| values::degrees(&v)),
    ) {
        (Some(lat), Some(lon)) => {
            let japan =
                |lat: f64, lon: f64| (20.0..=46.0).contains(&lat) && (122.0..=154.0).contains(&lon);
            if japan(lat, lon) {
                e.location = Some((lat, lon));
            } else if japan(lon, lat) {
                e.repairs.push("緯度 and 経度 were swapped".into());
                e.location = Some((lon, lat));
            } else {
                e.repairs
                    .push(format!("緯度 {lat}, 経度 {lon} is not in Japan: left out"));
            }
        }
        (None, None) => {}
        _ => e
            .repairs
            .push("only one of 緯度 and 経度: location left out".into()),
    }

    // Phones: each number of each cell, checked as the build checks them.
    let ext_column = first(Column::TelExt);
    for (column, is_fax) in [(Column::Tel, false), (Column::Fax, true)] {
        for cell in all(column) {
            let found = values::phones(&cell);
            if found.is_empty() {
                e.repairs
                    .push(format!("`{cell}` is not a phone number: kept in the body"));
                body.push((if is_fax { "FAX" } else { "電話" }.into(), cell));
                continue;
            }
            for p in found {
                if search_index::phone::PhoneNumber::parse(&p.number).is_err() {
                    e.repairs.push(format!(
                        "`{}` is not a phone number: kept in the body",
                        p.number
                    ));
                    body.push((if is_fax { "FAX" } else { "電話" }.into(), cell.clone()));
                    continue;
                }
                if let Some(r) = p.repaired {
                    e.repairs.push(format!("{}: {r}", p.number));
                }
                let digits: String = p.number.chars().filter(|c| c.is_ascii_digit()).collect();
                let kind = if is_fax {
                    "fax"
                } else if digits.starts_with("0120") || digits.starts_with("0800") {
                    "free"
                } else if ["070", "080", "090"].iter().any(|m| digits.starts_with(m)) {
                    "mobile"
                } else {
                    "tel"
                };
                e.phones.push(Phone {
                    number: p.number,
                    label: p.label,
                    kind,
                    ext: p.ext,
                });
            }
        }
    }
    if let Some(ext) = ext_column {
        let digits: String = values::folded(&ext)
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        match e
            .phones
            .iter_mut()
            .find(|p| p.kind != "fax" && p.ext.is_none())
        {
            Some(p) if !digits.is_empty() => p.ext = Some(digits),
            _ => body.push(("内線".into(), ext)),
        }
    }

    // URL and e-mail: a URL without its scheme gets https://; an address in the URL
    // column is an e-mail.
    e.email = first(Column::Email).filter(|m| m.contains('@'));
    for (label, column) in [("URL", Column::Url), ("フォーム", Column::FormUrl)] {
        let Some(u) = first(column) else { continue };
        let u = values::folded(&u);
        if u.starts_with("http://") || u.starts_with("https://") {
            if e.url.is_none() {
                e.url = Some(u);
            } else {
                body.push((label.into(), u));
            }
        } else if u.starts_with("www.") && e.url.is_none() {
            e.repairs.push(format!("`{u}` had no https://: added"));
            e.url = Some(format!("https://{u}"));
        } else if u.contains('@') && !u.contains("://") && e.email.is_none() {
            e.repairs.push(format!(
                "`{u}` in {label} is an e-mail address: moved to email"
            ));
            e.email = Some(u);
        } else {
            e.repairs
                .push(format!("`{u}` is not a web address: kept in the body"));
            body.push((label.into(), u));
        }
    }

    // Opening hours: the words as written, and a schedule when days and times read.
    let days_text = first(Column::Days);
    let opens = first(Column::Opens);
    let closes = first(Column::Closes);
    let note = all(Column::HoursNote).join("。");
    let times = match (&opens, &closes) {
        (Some(o), Some(c)) => values::time(o).zip(values::time(c)),
        _ => None,
    };
    if let Some(((o, ro), (c, rc))) = times {
        if ro || rc {
            e.repairs.push(format!(
                "times {}–{} were fractions of a day (Excel): read as {}–{}",
                opens.as_deref().unwrap_or(""),
                closes.as_deref().unwrap_or(""),
                o.short(),
                c.short()
            ));
        }
    }
    let mut hours = Vec::new();
    if let Some(d) = &days_text {
        hours.push(d.clone());
    }
    match times {
        Some(((o, _), (c, _))) => {
            let c = if c == o && o.0 == 0 {
                Time::END_OF_DAY
            } else {
                c
            };
            hours.push(format!("{}〜{}", o.short(), c.short()));
            // Open only in some months or on some dates (7月1日～8月31日のみ): the rule would
            // say "open" the rest of the year; the words in `hours` say it right.
            let dated = note.contains("のみ") || has_date(&note) && !year_end(&note);
            if dated {
                e.repairs.push(format!(
                    "the opening days depend on dates (「{note}」): kept as hours text, no schedule"
                ));
            }
            match days_text.as_deref().and_then(values::days) {
                Some(days) if c != o && !dated => e.schedule.push(Rule {
                    days,
                    opens: o,
                    closes: c,
                }),
                _ => {}
            }
        }
        None => hours.extend([opens.clone(), closes.clone()].into_iter().flatten()),
    }
    if !note.is_empty() {
        hours.push(format!("（{note}）"));
        if note.contains('祝') && (note.contains('休') || note.contains('除')) {
            e.closed.push("holidays");
        }
        if year_end(&note) {
            e.closed.push("year-end");
        }
    }
    if !e.schedule.is_empty() && days_text.as_deref().is_some_and(|d| d.contains('祝')) {
        // open on holidays: a holiday closure read from the note would contradict it
        e.closed.retain(|c| *c != "holidays");
    }
    if !hours.is_empty() {
        e.hours = Some(hours.join(" ").replace(" （", "（"));
    }

    e.eligibility = Some(all(Column::Eligibility).join("、")).filter(|s| !s.is_empty());
    e.fees = Some(all(Column::Fees).join("、")).filter(|s| !s.is_empty());
    e.accessibility = all(Column::Accessibility)
        .iter()
        .flat_map(|a| a.split([';', '；', '、']))
        .filter_map(values::text)
        .collect();
    e.access = Some(
        [
            first(Column::Access),
            first(Column::Parking).map(|p| format!("駐車場: {p}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("。"),
    )
    .filter(|s| !s.is_empty());

    // The rest, as written, in the body: nothing of the row is lost.
    for (header, column, value) in cells {
        let Some(v) = values::text(value) else {
            continue;
        };
        let keep = match column {
            Some(Column::AltName) => Some("通称".to_string()),
            Some(Column::AfterHours | Column::ContactNote | Column::Remarks | Column::Extra)
            | None => Some(header.to_string()),
            _ => None,
        };
        if let Some(label) = keep.filter(|l| !l.is_empty()) {
            body.push((label, v));
        }
    }
    e.body = body
        .into_iter()
        .map(|(label, v)| {
            format!(
                "**{label}**: {}",
                v.replace("\r\n", "\n").replace('\n', "  \n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, Option<Column>, &'a str)> {
        pairs
            .iter()
            .map(|(h, v)| (*h, super::super::columns::column(h), *v))
            .collect()
    }

    #[test]
    fn a_row_of_the_older_layout_becomes_an_entry() {
        let row = cells(&[
            ("都道府県コード又は市区町村コード", "28202"),
            ("NO", "1"),
            ("名称", "七色地域学習館\u{3000}"),
            ("名称_カナ", "ﾅﾅｲﾛﾁｲｷｶﾞｸｼｭｳｶﾝ"),
            ("住所", "兵庫県尼崎市七松町1-2-3"),
            ("方書", "2階"),
            ("緯度", "34.7333"),
            ("経度", "135.4166"),
            ("電話番号", "664239916"),
            ("FAX番号", "06-6423-9917"),
            ("利用可能曜日", "月,火,水,木,金,土"),
            ("開始時間", "0.375"),
            ("終了時間", "0.875"),
            ("利用可能日時特記事項", "祝日・年末年始は休み"),
            ("説明", "地域の学びの場です。会議室もあります。"),
            ("URL", "www.example.jp/nanairo"),
            ("備考", "駐輪場あり"),
            ("好きな色", "青"),
        ]);
        let e = convert(&row, "amagasaki", "manabi").unwrap();
        assert_eq!(e.id, "282022-nanairochiikigakushuukan");
        assert_eq!(e.title, "七色地域学習館");
        assert_eq!(e.kana.as_deref(), Some("なないろちいきがくしゅうかん"));
        assert_eq!(e.address.as_deref(), Some("兵庫県尼崎市七松町1-2-3 2階"));
        assert_eq!(e.location, Some((34.7333, 135.4166)));
        assert_eq!(e.phones[0].number, "0664239916");
        assert_eq!(
            (e.phones[1].kind, e.phones[1].number.as_str()),
            ("fax", "06-6423-9917")
        );
        assert_eq!(e.schedule.len(), 1);
        assert_eq!(
            (e.schedule[0].opens.hhmm(), e.schedule[0].closes.hhmm()),
            ("09:00".into(), "21:00".into())
        );
        assert_eq!(e.schedule[0].days.len(), 6);
        assert_eq!(e.closed, ["holidays", "year-end"]);
        assert_eq!(
            e.hours.as_deref(),
            Some("月,火,水,木,金,土 9:00〜21:00（祝日・年末年始は休み）")
        );
        assert_eq!(e.summary.as_deref(), Some("地域の学びの場です。"));
        assert_eq!(e.url.as_deref(), Some("https://www.example.jp/nanairo"));
        assert!(e.body.contains("**備考**: 駐輪場あり"), "{}", e.body);
        assert!(
            e.body.contains("**好きな色**: 青"),
            "unknown columns are kept: {}",
            e.body
        );
        assert!(
            e.repairs.iter().any(|r| r.contains("leading 0")),
            "{:?}",
            e.repairs
        );
        assert!(
            e.repairs.iter().any(|r| r.contains("fractions of a day")),
            "{:?}",
            e.repairs
        );
    }

    #[test]
    fn a_row_without_a_name_is_refused_and_ids_do_not_depend_on_row_order() {
        let row = cells(&[("名称", " "), ("住所", "尼崎市")]);
        assert!(convert(&row, "a", "c").unwrap_err().contains("名称"));
        // No usable ID: the id comes from the reading, else the name, never the row's NO,
        // so it is the same wherever the row is.
        let row = cells(&[("名称", "ひまわり食堂"), ("ID", "1.23E+11"), ("NO", "7")]);
        let a = convert(&row, "amagasaki", "c").unwrap();
        assert_eq!(a.id, format!("amagasaki-{}", short_hash("ひまわり食堂")));
        let row = cells(&[
            ("名称", "ひまわり食堂"),
            ("名称_カナ", "ヒマワリショクドウ"),
            ("NO", "7"),
        ]);
        assert_eq!(
            convert(&row, "amagasaki", "c").unwrap().id,
            "amagasaki-himawarishokudou"
        );
        let row = cells(&[
            ("全国地方公共団体コード", "282022"),
            ("ID", "K-0001"),
            ("名称", "x"),
        ]);
        assert_eq!(convert(&row, "a", "c").unwrap().id, "282022-k-0001");
    }

    #[test]
    fn around_the_clock_and_e_mail_in_the_url_column() {
        let row = cells(&[
            ("名称", "24時間ダイヤル"),
            ("利用可能曜日", "毎日"),
            ("開始時間", "0:00"),
            ("終了時間", "0:00"),
            ("URL", "info@example.jp"),
            ("電話番号", "0120-123-456"),
        ]);
        let e = convert(&row, "a", "c").unwrap();
        assert_eq!(e.schedule[0].closes, Time::END_OF_DAY);
        assert_eq!(e.email.as_deref(), Some("info@example.jp"));
        assert_eq!(e.url, None);
        assert_eq!(e.phones[0].kind, "free");
    }
}
