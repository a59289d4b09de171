//! Cell values as real open-data files write them, repaired into what an entry holds:
//! times Excel turned into fractions of a day, phone numbers that lost their leading 0 or
//! carry 内線 and labels, full-width digits, day lists in a dozen styles, katakana
//! readings, municipality codes without their check digit.

use chrono::Weekday;
use unicode_normalization::UnicodeNormalization;

use crate::schedule::Time;

/// NFKC and trimmed (full-width digits, letters and `：` become ASCII).
pub fn folded(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_string()
}

/// A cell trimmed of spaces, ideographic ones included; `None` when empty.
pub fn text(s: &str) -> Option<String> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    (!t.is_empty()).then(|| t.to_string())
}

/// A time of day: `9:00`, `09:00:00`, `９：００`, `9時30分`, or a fraction of a day as Excel
/// stores times (`0.375` = 9:00). `Some((time, repaired))`, `repaired` when it was a fraction.
pub fn time(s: &str) -> Option<(Time, bool)> {
    let s = folded(s);
    if s.is_empty() {
        return None;
    }
    if let Ok(x) = s.parse::<f64>() {
        if (0.0..=1.0).contains(&x) && s.contains('.') || x == 0.0 || x == 1.0 {
            let minutes = (x * 1440.0).round() as u16;
            return Some((Time(minutes.min(1440)), true));
        }
        return None;
    }
    let s = s.replace('時', ":").replace('分', "");
    let s = s.trim_end_matches(':');
    let hm = match s.split(':').collect::<Vec<_>>().as_slice() {
        [h] => format!("{h}:00"),
        [h, m] => format!("{h}:{m}"),
        [h, m, sec] if sec.chars().all(|c| c.is_ascii_digit()) => format!("{h}:{m}"),
        _ => return None,
    };
    Time::parse(&hm).map(|t| (t, false))
}

/// The days of `利用可能曜日`: `月,火,水`, `月火水木金`, `月～金`, `月・水・金`, `月曜日`, `平日`,
/// `毎日`, `土日祝` (祝 is no day: holidays are said in `closed` or `hours`). `None` when some
/// part is not a day.
pub fn days(s: &str) -> Option<Vec<Weekday>> {
    const DAYS: [(char, Weekday); 7] = [
        ('月', Weekday::Mon),
        ('火', Weekday::Tue),
        ('水', Weekday::Wed),
        ('木', Weekday::Thu),
        ('金', Weekday::Fri),
        ('土', Weekday::Sat),
        ('日', Weekday::Sun),
    ];
    let s = folded(s)
        .replace("曜日", "")
        .replace('曜', "")
        .replace("祝日", "")
        .replace('祝', "");
    let s = s.trim();
    let all = || DAYS.iter().map(|d| d.1).collect::<Vec<_>>();
    match s {
        "" => return None,
        "毎日" | "全日" | "年中無休" | "無休" => return Some(all()),
        "平日" => return Some(all()[..5].to_vec()),
        _ => {}
    }
    let index = |c: char| DAYS.iter().position(|d| d.0 == c);
    let mut out: Vec<Weekday> = Vec::new();
    let chars: Vec<char> = s
        .replace("平日", "月火水木金")
        .replace("から", "~")
        .chars()
        .collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if ",、・/ ".contains(c) {
            i += 1;
            continue;
        }
        let from = index(c)?;
        let dash = chars.get(i + 1).is_some_and(|d| "~〜-‐−".contains(*d));
        if dash {
            let to = index(*chars.get(i + 2)?)?;
            let mut d = from;
            loop {
                out.push(DAYS[d].1);
                if d == to {
                    break;
                }
                d = (d + 1) % 7;
            }
            i += 3;
        } else {
            out.push(DAYS[from].1);
            i += 1;
        }
    }
    let mut seen = Vec::new();
    out.retain(|d| {
        let new = !seen.contains(d);
        seen.push(*d);
        new
    });
    (!out.is_empty()).then_some(out)
}

/// One phone number of a cell, repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneCell {
    pub number: String,
    pub ext: Option<String>,
    pub label: Option<String>,
    /// What was repaired, for the report.
    pub repaired: Option<&'static str>,
}

/// The phone numbers of a cell: several (`A/B`, `A、B`), each with its 内線 (`内線12`,
/// `(内線12)`) and label (`(代表)`) taken out; a 9-digit number Excel stripped of its
/// leading 0 gets it back; `06(6430)5521` is hyphenated.
pub fn phones(s: &str) -> Vec<PhoneCell> {
    let s: String = folded(s)
        .chars()
        .map(|c| {
            if "‐‑‒–—―−ー－".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut out = Vec::new();
    for part in s
        .split(['/', '、', '\n', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let mut rest = part.to_string();
        let mut ext = None;
        for marker in ["内線", "内", "ext.", "ext", "EXT"] {
            if let Some(at) = rest.find(marker) {
                let digits: String = rest[at + marker.len()..]
                    .chars()
                    .skip_while(|c| !c.is_ascii_digit())
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                if !digits.is_empty() {
                    ext = Some(digits);
                    rest.truncate(at);
                    break;
                }
            }
        }
        let mut label = None;
        if let (Some(a), Some(b)) = (rest.find('('), rest.rfind(')')) {
            let inner = rest[a + 1..b].to_string();
            if !inner.is_empty() && !inner.chars().all(|c| c.is_ascii_digit()) {
                label = Some(inner);
                rest.replace_range(a..=b, "");
            }
        }
        let rest = rest.trim().trim_end_matches(['(', '-']).trim().to_string();
        // 06(6430)5521 -> 06-6430-5521
        let rest = match (rest.find('('), rest.find(')')) {
            (Some(a), Some(b)) if a < b => {
                format!("{}-{}-{}", &rest[..a], &rest[a + 1..b], &rest[b + 1..])
            }
            _ => rest,
        };
        let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            continue;
        }
        let mut repaired = None;
        let number = if digits == rest && digits.len() == 9 && !digits.starts_with('0') {
            repaired = Some("a leading 0 was added (Excel drops it)");
            format!("0{digits}")
        } else {
            rest
        };
        out.push(PhoneCell {
            number,
            ext,
            label,
            repaired,
        });
    }
    out
}

/// A katakana (or half-width) reading in hiragana, as `kana` is written.
pub fn hiragana(s: &str) -> String {
    folded(s)
        .chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace() || *c == ' ')
        .collect()
}

/// A 6-digit 全国地方公共団体コード from a cell: as written, a 5-digit code given its check
/// digit (JIS X 0402), or one Excel stripped of its leading 0 (`11011` for 011011, when the
/// check digit says so).
pub fn lg_code(s: &str) -> Option<String> {
    let d: String = folded(s).chars().filter(|c| *c != ',').collect();
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let with_check = |five: &str| format!("{five}{}", check_digit(five));
    match d.len() {
        6 => Some(d),
        5 => {
            let six = format!("0{d}");
            if check_digit(&six[..5]) == six.as_bytes()[5] - b'0' && !d.starts_with('0') {
                Some(six)
            } else {
                Some(with_check(&d))
            }
        }
        4 => Some(with_check(&format!("0{d}"))),
        _ => None,
    }
}

fn check_digit(five: &str) -> u8 {
    let s: u32 = five
        .bytes()
        .zip([6, 5, 4, 3, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    ((11 - s % 11) % 10) as u8
}

/// `6600051`, `660-0051`, `〒660－0051` -> `660-0051`.
pub fn postal_code(s: &str) -> Option<String> {
    let d: String = folded(s).chars().filter(|c| c.is_ascii_digit()).collect();
    (d.len() == 7).then(|| format!("{}-{}", &d[..3], &d[3..]))
}

/// A latitude or longitude; `None` for empty, 0 or not a number.
pub fn degrees(s: &str) -> Option<f64> {
    let x: f64 = folded(s).parse().ok()?;
    (x != 0.0 && x.is_finite()).then_some(x)
}

/// A slug of `s` for ids: lowercase ASCII letters and digits, runs of anything else `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in folded(s).to_ascii_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_forms_files_use() {
        let t = |s| time(s).map(|(t, r)| (t.hhmm(), r));
        assert_eq!(t("9:00"), Some(("09:00".into(), false)));
        assert_eq!(t("09:30:00"), Some(("09:30".into(), false)));
        assert_eq!(t("９：００"), Some(("09:00".into(), false)));
        assert_eq!(t("17時30分"), Some(("17:30".into(), false)));
        assert_eq!(t("0.375"), Some(("09:00".into(), true)));
        assert_eq!(t("0.729166666666667"), Some(("17:30".into(), true)));
        assert_eq!(t("0"), Some(("00:00".into(), true)));
        assert_eq!(t("夕方"), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn days_in_the_forms_files_use() {
        use Weekday::*;
        assert_eq!(days("月,火,水,木,金"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(days("月火水木金"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(days("月～金"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(days("月曜日・水曜日・金曜日"), Some(vec![Mon, Wed, Fri]));
        assert_eq!(days("平日"), Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(days("土日祝"), Some(vec![Sat, Sun]));
        assert_eq!(days("毎日").map(|d| d.len()), Some(7));
        assert_eq!(days("金～月"), Some(vec![Fri, Sat, Sun, Mon]));
        assert_eq!(days("第2土曜"), None);
        assert_eq!(days(""), None);
    }

    #[test]
    fn phone_numbers_are_repaired() {
        let p = phones("664239916");
        assert_eq!(p[0].number, "0664239916");
        assert!(p[0].repaired.is_some());
        let p = phones("06-6489-6353 内線1234");
        assert_eq!(
            (p[0].number.as_str(), p[0].ext.as_deref()),
            ("06-6489-6353", Some("1234"))
        );
        let p = phones("06(6430)5521");
        assert_eq!(p[0].number, "06-6430-5521");
        let p = phones("０６－６４２３－９９１６（代表）/06-6423-9917");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].number, "06-6423-9916");
        assert_eq!(p[0].label.as_deref(), Some("代表"));
        assert_eq!(p[1].number, "06-6423-9917");
        assert!(phones("なし").is_empty());
    }

    #[test]
    fn readings_codes_and_postal_codes() {
        assert_eq!(hiragana("ｱﾏｶﾞｻｷｼﾔｸｼｮ"), "あまがさきしやくしょ");
        assert_eq!(
            hiragana("コミュニティー センター"),
            "こみゅにてぃー せんたー"
        );
        assert_eq!(lg_code("282022").as_deref(), Some("282022"));
        assert_eq!(lg_code("28202").as_deref(), Some("282022"));
        assert_eq!(lg_code("11011").as_deref(), Some("011011"));
        assert_eq!(lg_code("01101").as_deref(), Some("011011"));
        assert_eq!(lg_code("尼崎"), None);
        assert_eq!(
            postal_code("〒６６０－００５１").as_deref(),
            Some("660-0051")
        );
        assert_eq!(postal_code("660"), None);
        assert_eq!(slug("LL0100022200"), "ll0100022200");
        assert_eq!(slug(" K-01 / 2 "), "k-01-2");
    }
}
