//! Japan's public holidays (国民の祝日, 振替休日, 国民の休日), computed from the Act on
//! National Holidays as in force since 2020; the vernal and autumnal equinoxes by the usual
//! astronomical approximation (valid 1980–2099). The site carries the table for the build
//! year −1 to +5 ([`table`]) so the browser never fetches one.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One holiday: its date and name.
pub type Holiday = (NaiveDate, &'static str);

/// Every holiday of `year`, in date order.
pub fn holidays(year: i32) -> Vec<Holiday> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    let monday = |m, n| nth_weekday(year, m, Weekday::Mon, n);
    let mut days: Vec<Holiday> = vec![
        (d(1, 1), "元日"),
        (monday(1, 2), "成人の日"),
        (d(2, 11), "建国記念の日"),
        (d(2, 23), "天皇誕生日"),
        (d(3, vernal_equinox(year)), "春分の日"),
        (d(4, 29), "昭和の日"),
        (d(5, 3), "憲法記念日"),
        (d(5, 4), "みどりの日"),
        (d(5, 5), "こどもの日"),
        (monday(7, 3), "海の日"),
        (d(8, 11), "山の日"),
        (monday(9, 3), "敬老の日"),
        (d(9, autumnal_equinox(year)), "秋分の日"),
        (monday(10, 2), "スポーツの日"),
        (d(11, 3), "文化の日"),
        (d(11, 23), "勤労感謝の日"),
    ];
    days.sort();
    let is_holiday = |days: &[Holiday], date: NaiveDate| days.iter().any(|(h, _)| *h == date);
    // 国民の休日: a weekday between two holidays (in practice the September one).
    let mut extra = Vec::new();
    for pair in days.windows(2) {
        let between = pair[0].0 + Duration::days(1);
        if pair[1].0 == between + Duration::days(1)
            && !is_holiday(&days, between)
            && between.weekday() != Weekday::Sun
        {
            extra.push((between, "国民の休日"));
        }
    }
    days.extend(extra);
    days.sort();
    // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday.
    let mut substitutes = Vec::new();
    for (date, _) in days.iter().filter(|(d, _)| d.weekday() == Weekday::Sun) {
        let mut next = *date + Duration::days(1);
        while is_holiday(&days, next) {
            next += Duration::days(1);
        }
        substitutes.push((next, "振替休日"));
    }
    days.extend(substitutes);
    days.sort();
    days.dedup_by_key(|(d, _)| *d);
    days
}

/// The holidays of `from` to `to` inclusive, in date order.
pub fn table(from: i32, to: i32) -> Vec<Holiday> {
    (from..=to).flat_map(holidays).collect()
}

/// The years the site's table covers for a build in `year`.
pub fn years_for(year: i32) -> (i32, i32) {
    (year - 1, year + 5)
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("every month has it")
}

fn equinox(year: i32, base: f64) -> u32 {
    let y = f64::from(year - 1980);
    (base + 0.242194 * y - (y / 4.0).floor()).floor() as u32
}

fn vernal_equinox(year: i32) -> u32 {
    equinox(year, 20.8431)
}

fn autumnal_equinox(year: i32) -> u32 {
    equinox(year, 23.2488)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(year: i32) -> Vec<String> {
        holidays(year)
            .into_iter()
            .map(|(d, n)| format!("{} {n}", d.format("%m-%d")))
            .collect()
    }

    /// The Cabinet Office's published list (内閣府「国民の祝日について」).
    #[test]
    fn the_2026_list_is_the_official_one_with_its_substitute_and_citizens_holiday() {
        assert_eq!(
            dates(2026),
            [
                "01-01 元日",
                "01-12 成人の日",
                "02-11 建国記念の日",
                "02-23 天皇誕生日",
                "03-20 春分の日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "05-06 振替休日",
                "07-20 海の日",
                "08-11 山の日",
                "09-21 敬老の日",
                "09-22 国民の休日",
                "09-23 秋分の日",
                "10-12 スポーツの日",
                "11-03 文化の日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn the_2027_list_moves_the_sunday_equinox_to_monday() {
        assert_eq!(
            dates(2027),
            [
                "01-01 元日",
                "01-11 成人の日",
                "02-11 建国記念の日",
                "02-23 天皇誕生日",
                "03-21 春分の日",
                "03-22 振替休日",
                "04-29 昭和の日",
                "05-03 憲法記念日",
                "05-04 みどりの日",
                "05-05 こどもの日",
                "07-19 海の日",
                "08-11 山の日",
                "09-20 敬老の日",
                "09-23 秋分の日",
                "10-11 スポーツの日",
                "11-03 文化の日",
                "11-23 勤労感謝の日",
            ]
        );
    }

    #[test]
    fn a_sunday_holiday_before_other_holidays_moves_past_them() {
        // 2025-05-04 (みどりの日) is a Sunday: the substitute is the 6th, after こどもの日.
        let h = dates(2025);
        assert!(h.contains(&"05-06 振替休日".to_string()), "{h:?}");
        assert!(h.contains(&"11-24 振替休日".to_string()), "{h:?}");
        // 2029: 秋分の日 on Sept 23 is a Sunday.
        assert!(dates(2029).contains(&"09-24 振替休日".to_string()));
    }

    #[test]
    fn equinoxes_follow_the_published_dates() {
        // 2028-03-20, 2028-09-22, 2030-03-20, 2031-03-21 (国立天文台 暦要項).
        assert_eq!(vernal_equinox(2028), 20);
        assert_eq!(autumnal_equinox(2028), 22);
        assert_eq!(vernal_equinox(2030), 20);
        assert_eq!(vernal_equinox(2031), 21);
    }

    #[test]
    fn the_table_spans_the_build_year_minus_one_to_plus_five() {
        let (from, to) = years_for(2026);
        let t = table(from, to);
        assert_eq!(
            t.first().unwrap().0,
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        );
        assert_eq!(
            t.last().unwrap().0,
            NaiveDate::from_ymd_opt(2031, 11, 24).unwrap()
        );
        assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
