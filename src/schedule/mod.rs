//! Opening hours as rules: an entry's `schedule` and `closed`, parsed once (by
//! `content::help`) into a [`Schedule`]. This module holds what is derived from the rules
//! on the Rust side: the weekly table and the closures in words for the entry page,
//! schema.org's `openingHoursSpecification`, and the compact form the browser reads.
//!
//! Whether an entry is open *now* is decided in one place, the browser's
//! `assets/open-state.js`, from [`Schedule::browser`] and the holiday table [`holidays`]
//! writes into the output: a static page cannot know the visitor's clock.

pub mod holidays;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use serde_json::{json, Value};

use crate::lang::Lang;

/// A time of day in minutes since midnight, `0..=1440` (24:00 closes a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Time(pub u16);

impl Time {
    pub const END_OF_DAY: Time = Time(24 * 60);

    /// `HH:MM` or `H:MM`, 24-hour; full-width digits and `：` are read too. `24:00` is
    /// accepted (the caller decides where it may stand).
    pub fn parse(s: &str) -> Option<Time> {
        let s: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '：' => ':',
                c => c,
            })
            .collect();
        let (h, m) = s.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let h: u16 = h.parse().ok()?;
        let m: u16 = m.parse().ok()?;
        if h < 24 && m < 60 || h == 24 && m == 0 {
            Some(Time(h * 60 + m))
        } else {
            None
        }
    }

    /// `9:00`, as Japanese pages write times.
    pub fn short(self) -> String {
        format!("{}:{:02}", self.0 / 60, self.0 % 60)
    }

    /// `09:00`, as schema.org wants them.
    pub fn hhmm(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// The days as written in content, Monday first (the order of the weekly table).
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The same days as Japanese pages name them.
const DAY_LABELS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
/// … and English pages.
const DAY_LABELS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// `mon` … `sun` to the weekday.
pub fn parse_day(s: &str) -> Option<Weekday> {
    DAY_NAMES
        .iter()
        .position(|d| *d == s.trim().to_ascii_lowercase())
        .map(|i| WEEK[i])
}

/// 月 … 日.
pub fn day_label(d: Weekday) -> &'static str {
    DAY_LABELS[d.num_days_from_monday() as usize]
}

/// One opening rule: on these days (in these weeks of the month, between these dates),
/// from `opens` to `closes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub days: Vec<Weekday>,
    pub opens: Time,
    /// Earlier than `opens`: the opening runs past midnight into the next day.
    pub closes: Time,
    /// Weeks of the month (`1`–`5`, `-1` the last); empty means every week.
    pub weeks: Vec<i8>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Rule {
    /// Whether the opening ends after midnight.
    pub fn overnight(&self) -> bool {
        self.closes < self.opens
    }

    /// `9:00〜17:00`, `22:00〜翌6:00` (English: `9:00–17:00`, `22:00–6:00 next day`).
    fn hours(&self, lang: Lang) -> String {
        let (o, c) = (self.opens.short(), self.closes.short());
        match (lang, self.overnight()) {
            (Lang::Ja, false) => format!("{o}〜{c}"),
            (Lang::Ja, true) => format!("{o}〜翌{c}"),
            (Lang::En, false) => format!("{o}–{c}"),
            (Lang::En, true) => format!("{o}–{c} next day"),
        }
    }

    /// What limits the rule, in words: `第2・第4週`, `最終週`, `2026年4月1日から`.
    fn qualifiers(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        if !self.weeks.is_empty() {
            let weeks: Vec<String> = self
                .weeks
                .iter()
                .map(|&w| match (lang, w < 0) {
                    (Lang::Ja, true) => "最終".to_string(),
                    (Lang::Ja, false) => format!("第{w}"),
                    (Lang::En, true) => "last".to_string(),
                    (Lang::En, false) => ordinal(w),
                })
                .collect();
            out.push(match lang {
                Lang::Ja => format!("{}週", weeks.join("・")),
                Lang::En => format!("{} week of the month", weeks.join(", ")),
            });
        }
        let d = |d: NaiveDate| date_in(lang, d);
        match (lang, self.valid_from, self.valid_to) {
            (Lang::Ja, Some(f), Some(t)) => out.push(format!("{}〜{}", d(f), d(t))),
            (Lang::Ja, Some(f), None) => out.push(format!("{}から", d(f))),
            (Lang::Ja, None, Some(t)) => out.push(format!("{}まで", d(t))),
            (Lang::En, Some(f), Some(t)) => out.push(format!("{} to {}", d(f), d(t))),
            (Lang::En, Some(f), None) => out.push(format!("from {}", d(f))),
            (Lang::En, None, Some(t)) => out.push(format!("until {}", d(t))),
            (_, None, None) => {}
        }
        out
    }
}

/// A day or days the entry is closed whatever the rules say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Closure {
    /// 国民の祝日, 振替休日 and 国民の休日 (`holidays`).
    Holidays,
    /// 12月29日〜1月3日 (`year-end`).
    YearEnd,
    /// One date (`2026-12-01`).
    Date(NaiveDate),
    /// Every year from one month-day to another, inclusive, possibly across the new year
    /// (`08-13..08-16`, `12-28..01-04`).
    Yearly { from: (u32, u32), to: (u32, u32) },
}

impl Closure {
    /// The forms a closure may take, for error messages.
    pub const FORMS: &'static str =
        "`holidays`, `year-end`, a date `YYYY-MM-DD` or a yearly range `MM-DD..MM-DD`";

    /// Reads one `closed` item; `Err` says what is wrong with it.
    pub fn parse(s: &str) -> Result<Closure, String> {
        let s = s.trim();
        match s {
            "holidays" => return Ok(Closure::Holidays),
            "year-end" => return Ok(Closure::YearEnd),
            "祝日" | "祝日・休日" | "祝休日" => {
                return Err("write `holidays` for 祝日".into());
            }
            "年末年始" => return Err("write `year-end` for 年末年始 (12/29〜1/3)".into()),
            _ => {}
        }
        if let Some((a, b)) = s.split_once("..") {
            let from = month_day(a).ok_or_else(|| format!("`{a}` is not a month-day MM-DD"))?;
            let to = month_day(b).ok_or_else(|| format!("`{b}` is not a month-day MM-DD"))?;
            return Ok(Closure::Yearly { from, to });
        }
        if let Some(d) = crate::content::checks::parse_date(s) {
            return Ok(Closure::Date(d));
        }
        Err(format!("`{s}` is not a closure"))
    }

    /// In words: `祝日`, `年末年始（12月29日〜1月3日）`, `2026年12月1日`, `毎年8月13日〜8月16日`.
    pub fn text(&self, lang: Lang) -> String {
        let en_md = |(m, d): (u32, u32)| format!("{d} {}", MONTHS_EN[m as usize - 1]);
        match (lang, self) {
            (Lang::Ja, Closure::Holidays) => "祝日".into(),
            (Lang::Ja, Closure::YearEnd) => "年末年始（12月29日〜1月3日）".into(),
            (Lang::Ja, Closure::Yearly { from, to }) => {
                format!("毎年{}月{}日〜{}月{}日", from.0, from.1, to.0, to.1)
            }
            (Lang::En, Closure::Holidays) => "national holidays".into(),
            (Lang::En, Closure::YearEnd) => "the New Year break (29 Dec to 3 Jan)".into(),
            (Lang::En, Closure::Yearly { from, to }) => {
                format!("every year {} to {}", en_md(*from), en_md(*to))
            }
            (_, Closure::Date(d)) => date_in(lang, *d),
        }
    }

    /// As written in content (and read by the browser).
    pub fn written(&self) -> String {
        match self {
            Closure::Holidays => "holidays".into(),
            Closure::YearEnd => "year-end".into(),
            Closure::Date(d) => d.format("%Y-%m-%d").to_string(),
            Closure::Yearly { from, to } => {
                format!("{:02}-{:02}..{:02}-{:02}", from.0, from.1, to.0, to.1)
            }
        }
    }

    /// The closed date ranges of this closure that touch `year` (for schema.org), or
    /// `None` for holidays (their dates come from the holiday table).
    fn ranges_in(&self, year: i32) -> Vec<(NaiveDate, NaiveDate)> {
        let md = |y: i32, (m, d): (u32, u32)| {
            NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, d - 1))
        };
        match self {
            Closure::Holidays => Vec::new(),
            Closure::YearEnd => Closure::Yearly {
                from: (12, 29),
                to: (1, 3),
            }
            .ranges_in(year),
            Closure::Date(d) => vec![(*d, *d)],
            Closure::Yearly { from, to } => {
                let next = if to < from { year + 1 } else { year };
                match (md(year, *from), md(next, *to)) {
                    (Some(a), Some(b)) => vec![(a, b)],
                    _ => Vec::new(),
                }
            }
        }
    }
}

/// `MM-DD` (a day that exists in some year: `02-29` is allowed).
fn month_day(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' {
        return None;
    }
    let m: u32 = s[..2].parse().ok()?;
    let d: u32 = s[3..].parse().ok()?;
    NaiveDate::from_ymd_opt(2028, m, d).map(|_| (m, d))
}

/// `2026年4月1日`, or `1 Apr 2026` on English pages.
pub fn date_in(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Ja => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `5th`.
fn ordinal(n: i8) -> String {
    let suffix = match n {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// An entry's opening rules and closures. Empty when the entry has neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub rules: Vec<Rule>,
    pub closed: Vec<Closure>,
}

/// One row of the weekly table: a day and its openings in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayRow {
    /// `月` … `日`.
    pub day: &'static str,
    /// `mon` … `sun`.
    pub key: &'static str,
    /// Each opening of the day: `9:00〜17:00`, with what limits it.
    pub times: Vec<TimeText>,
}

/// An opening in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeText {
    pub hours: String,
    /// `第2・第4週`, `2026年4月1日から`.
    pub qualifiers: Vec<String>,
    /// The rule's note, as written (Japanese).
    pub note: Option<String>,
}

impl Schedule {
    /// Minutes open in a week by the rules that hold every week (24 hours every day:
    /// 10,080); rules of some weeks of the month count for what they add on average.
    pub fn weekly_minutes(&self) -> u32 {
        self.rules
            .iter()
            .map(|r| {
                let close = u32::from(r.closes.0) + if r.overnight() { 1440 } else { 0 };
                let per_day = close.saturating_sub(u32::from(r.opens.0));
                let days = r.days.len() as u32 * per_day;
                if r.weeks.is_empty() {
                    days
                } else {
                    days * r.weeks.len() as u32 / 5
                }
            })
            .sum::<u32>()
            .min(7 * 1440)
    }

    /// Whether there are opening rules (closures alone say nothing about when to go).
    pub fn has_rules(&self) -> bool {
        !self.rules.is_empty()
    }

    /// Monday to Sunday, each with its openings (none: closed that day).
    pub fn week(&self, lang: Lang) -> Vec<DayRow> {
        let labels = match lang {
            Lang::Ja => DAY_LABELS,
            Lang::En => DAY_LABELS_EN,
        };
        WEEK.iter()
            .enumerate()
            .map(|(i, day)| DayRow {
                day: labels[i],
                key: DAY_NAMES[i],
                times: self
                    .rules
                    .iter()
                    .filter(|r| r.days.contains(day))
                    .map(|r| TimeText {
                        hours: r.hours(lang),
                        qualifiers: r.qualifiers(lang),
                        note: r.note.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The closures in one sentence: `祝日、年末年始（12月29日〜1月3日）は休みです。`
    pub fn closed_text(&self, lang: Lang) -> Option<String> {
        if self.closed.is_empty() {
            return None;
        }
        let items: Vec<String> = self.closed.iter().map(|c| c.text(lang)).collect();
        Some(match lang {
            Lang::Ja => format!("{}は休みです。", items.join("、")),
            Lang::En => format!("Closed on {}.", items.join(", ")),
        })
    }

    /// What `assets/open-state.js` reads (`data-schedule` on pages and cards): days as
    /// 0 (Sunday) to 6, times in minutes, dates and closures as written.
    pub fn browser(&self) -> Option<Value> {
        if !self.has_rules() {
            return None;
        }
        let day = |d: &Weekday| d.num_days_from_sunday();
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                let mut v = json!({
                    "days": r.days.iter().map(day).collect::<Vec<_>>(),
                    "opens": r.opens.0,
                    "closes": r.closes.0,
                });
                if !r.weeks.is_empty() {
                    v["weeks"] = json!(r.weeks);
                }
                if let Some(f) = r.valid_from {
                    v["from"] = json!(f.format("%Y-%m-%d").to_string());
                }
                if let Some(t) = r.valid_to {
                    v["to"] = json!(t.format("%Y-%m-%d").to_string());
                }
                v
            })
            .collect();
        let mut v = json!({ "rules": rules });
        if !self.closed.is_empty() {
            v["closed"] = json!(self.closed.iter().map(Closure::written).collect::<Vec<_>>());
        }
        Some(v)
    }

    /// schema.org `openingHoursSpecification` (rules that hold every week; schema.org cannot
    /// say "the second Wednesday") and `specialOpeningHoursSpecification` (closed dates of
    /// `year` and the next; holidays are left to the free-text `hours`).
    pub fn schema_org(&self, year: i32) -> (Vec<Value>, Vec<Value>) {
        let mut regular = Vec::new();
        for r in self.rules.iter().filter(|r| r.weeks.is_empty()) {
            let mut v = json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": r.days.iter().map(|d| schema_day(*d)).collect::<Vec<_>>(),
                "opens": r.opens.hhmm(),
                "closes": if r.closes == Time::END_OF_DAY { "23:59".to_string() } else { r.closes.hhmm() },
            });
            if let Some(f) = r.valid_from {
                v["validFrom"] = json!(f.format("%Y-%m-%d").to_string());
            }
            if let Some(t) = r.valid_to {
                v["validThrough"] = json!(t.format("%Y-%m-%d").to_string());
            }
            regular.push(v);
        }
        let mut special = Vec::new();
        for c in &self.closed {
            let mut ranges = c.ranges_in(year);
            if !matches!(c, Closure::Date(_)) {
                ranges.extend(c.ranges_in(year + 1));
            }
            for (from, to) in ranges {
                special.push(json!({
                    "@type": "OpeningHoursSpecification",
                    "opens": "00:00",
                    "closes": "00:00",
                    "validFrom": from.format("%Y-%m-%d").to_string(),
                    "validThrough": to.format("%Y-%m-%d").to_string(),
                }));
            }
        }
        (regular, special)
    }
}

/// `https://schema.org/Monday` …
fn schema_day(d: Weekday) -> String {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    format!(
        "https://schema.org/{}",
        NAMES[d.num_days_from_monday() as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(days: &[Weekday], opens: &str, closes: &str) -> Rule {
        Rule {
            days: days.to_vec(),
            opens: Time::parse(opens).unwrap(),
            closes: Time::parse(closes).unwrap(),
            weeks: Vec::new(),
            valid_from: None,
            valid_to: None,
            note: None,
        }
    }

    #[test]
    fn weekly_minutes_rank_around_the_clock_lines_first() {
        use Weekday::*;
        let week = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
        let s = |rules: Vec<Rule>| Schedule {
            rules,
            closed: Vec::new(),
        };
        assert_eq!(
            s(vec![rule(&week, "00:00", "24:00")]).weekly_minutes(),
            7 * 1440
        );
        let office = s(vec![rule(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")]);
        assert_eq!(office.weekly_minutes(), 5 * 8 * 60);
        // 22:00–翌6:00 is eight hours a night
        assert_eq!(
            s(vec![rule(&[Sat], "22:00", "06:00")]).weekly_minutes(),
            8 * 60
        );
        let mut second_saturday = rule(&[Sat], "10:00", "15:00");
        second_saturday.weeks = vec![2];
        assert_eq!(s(vec![second_saturday]).weekly_minutes(), 60);
    }

    #[test]
    fn times_read_24_hour_clock_full_width_digits_and_the_end_of_day() {
        assert_eq!(Time::parse("9:00"), Some(Time(540)));
        assert_eq!(Time::parse("09:30"), Some(Time(570)));
        assert_eq!(Time::parse("１７：１５"), Some(Time(17 * 60 + 15)));
        assert_eq!(Time::parse("24:00"), Some(Time::END_OF_DAY));
        for bad in ["24:01", "9", "9:5", "25:00", "9:60", "９時", "-1:00", ""] {
            assert_eq!(Time::parse(bad), None, "{bad}");
        }
        assert_eq!(Time(540).short(), "9:00");
        assert_eq!(Time(540).hhmm(), "09:00");
    }

    #[test]
    fn closures_parse_every_written_form_and_name_the_right_one_for_japanese() {
        assert_eq!(Closure::parse("holidays"), Ok(Closure::Holidays));
        assert_eq!(Closure::parse("year-end"), Ok(Closure::YearEnd));
        assert_eq!(
            Closure::parse("2026-12-01"),
            Ok(Closure::Date(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()))
        );
        assert_eq!(
            Closure::parse("12-28..01-04"),
            Ok(Closure::Yearly {
                from: (12, 28),
                to: (1, 4)
            })
        );
        assert_eq!(
            Closure::parse("02-29..02-29").map(|c| c.written()),
            Ok("02-29..02-29".into())
        );
        assert!(Closure::parse("祝日").unwrap_err().contains("holidays"));
        assert!(Closure::parse("13-01..13-02").is_err());
        assert!(Closure::parse("2026-02-30").is_err());
        assert!(Closure::parse("sundays").is_err());
    }

    #[test]
    fn the_week_table_lists_each_days_openings_with_their_limits() {
        let mut second_fourth = rule(&[Weekday::Wed], "10:00", "12:00");
        second_fourth.weeks = vec![2, 4, -1];
        second_fourth.note = Some("予約優先".into());
        let s = Schedule {
            rules: vec![
                rule(&[Weekday::Mon, Weekday::Wed], "9:00", "17:00"),
                rule(&[Weekday::Fri], "22:00", "6:00"),
                second_fourth,
            ],
            closed: vec![Closure::Holidays, Closure::YearEnd],
        };
        let week = s.week(Lang::Ja);
        assert_eq!(week[0].day, "月");
        assert_eq!(week[0].times[0].hours, "9:00〜17:00");
        assert!(week[1].times.is_empty());
        assert_eq!(week[2].times.len(), 2);
        assert_eq!(week[2].times[1].qualifiers, ["第2・第4・最終週"]);
        assert_eq!(week[2].times[1].note.as_deref(), Some("予約優先"));
        assert_eq!(week[4].times[0].hours, "22:00〜翌6:00");
        assert_eq!(
            s.closed_text(Lang::Ja).unwrap(),
            "祝日、年末年始（12月29日〜1月3日）は休みです。"
        );
        let en = s.week(Lang::En);
        assert_eq!(en[4].day, "Fri");
        assert_eq!(en[4].times[0].hours, "22:00–6:00 next day");
        assert_eq!(
            en[2].times[1].qualifiers,
            ["2nd, 4th, last week of the month"]
        );
        assert_eq!(
            s.closed_text(Lang::En).unwrap(),
            "Closed on national holidays, the New Year break (29 Dec to 3 Jan)."
        );
    }

    #[test]
    fn the_browser_form_counts_days_from_sunday_and_keeps_closures_as_written() {
        let mut r = rule(&[Weekday::Mon, Weekday::Sun], "9:00", "24:00");
        r.valid_from = NaiveDate::from_ymd_opt(2026, 4, 1);
        let s = Schedule {
            rules: vec![r],
            closed: vec![Closure::YearEnd],
        };
        assert_eq!(
            s.browser().unwrap(),
            json!({"rules": [{"days": [1, 0], "opens": 540, "closes": 1440, "from": "2026-04-01"}], "closed": ["year-end"]})
        );
        assert_eq!(Schedule::default().browser(), None);
    }

    #[test]
    fn schema_org_gets_weekly_rules_and_closed_dates_but_not_week_of_month_rules() {
        let mut monthly = rule(&[Weekday::Sat], "10:00", "12:00");
        monthly.weeks = vec![1];
        let s = Schedule {
            rules: vec![
                rule(&[Weekday::Mon, Weekday::Fri], "9:00", "17:30"),
                monthly,
            ],
            closed: vec![Closure::YearEnd, Closure::Holidays],
        };
        let (regular, special) = s.schema_org(2026);
        assert_eq!(regular.len(), 1);
        assert_eq!(regular[0]["dayOfWeek"][1], "https://schema.org/Friday");
        assert_eq!(regular[0]["opens"], "09:00");
        assert_eq!(special.len(), 2, "{special:?}");
        assert_eq!(special[0]["validFrom"], "2026-12-29");
        assert_eq!(special[0]["validThrough"], "2027-01-03");
    }
}
