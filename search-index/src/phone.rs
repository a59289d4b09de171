//! Japanese phone numbers: the one place that reads them (native and wasm alike).
//!
//! Coordinators write numbers hyphenated or not, in full-width digits, with `+81`, in
//! brackets, with dots, or as short (`189`) and `#` numbers (`#7119`). [`PhoneNumber::parse`]
//! reads such a number once into a value; validation, `tel:` links, index terms, query
//! terms, highlighting and duplicate warnings all use that value or this module's rules.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What kind of number it is, from its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NumberKind {
    /// A three-digit service number: `110`, `119`, `189`.
    Short,
    /// A `#` number: `#7119`, `#8000`.
    Hash,
    /// A fixed line with an area code: `06-6423-9916`.
    Landline,
    /// A mobile number: `090-…`, `080-…`, `070-…`.
    Mobile,
    /// A toll-free number: `0120-…`, `0800-…`.
    TollFree,
    /// Other national numbers without an area: `0570` (ナビダイヤル), `050` (IP), `0180` ….
    NonGeographic,
}

impl NumberKind {
    /// Whether many entries may share the number by design (national short lines).
    pub fn is_shared_service(self) -> bool {
        matches!(self, NumberKind::Short | NumberKind::Hash)
    }
}

/// A Japanese phone number, parsed once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// `Some(81)` when written in international form (`+81 6-6423-9916`).
    pub country_code: Option<u16>,
    /// National digits as dialled in Japan: `0664239916`, `189`, `7119` (without the `#`).
    pub digits: String,
    /// The digit groups as written, in national form: `["06", "6423", "9916"]`; one group
    /// when written without separators.
    pub groups: Vec<String>,
    /// What kind of number the digits make.
    pub kind: NumberKind,
}

/// Why a number was refused, in words for a coordinator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// A character that cannot be part of a number.
    #[error("'{0}' is not part of a phone number")]
    BadChar(char),
    /// `+` followed by a country other than Japan.
    #[error("only Japanese numbers (+81) are supported")]
    Foreign,
    /// Digits without the leading 0 of an area code.
    #[error("add the area code (市外局番), e.g. 06-6423-9916")]
    NoAreaCode,
    /// Too many or too few digits.
    #[error("{0} digits is not a Japanese phone number")]
    Length(usize),
}

/// Whether `c` (after NFKC) may separate the digit groups of a number: hyphens and every
/// dash-like character (the long-vowel mark `ー` typed by mistake included), spaces,
/// brackets and dots.
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | ' ' | '(' | ')' | '.'
    )
}

/// `+81`/`#` prefix, digit groups and whether the text held only number characters.
fn split(written: &str) -> Result<(Option<u16>, bool, Vec<String>), PhoneError> {
    let folded: String = written.nfkc().collect();
    let s = folded.trim();
    let (hash, rest) = match s.strip_prefix('#') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (country, rest) = match rest.strip_prefix('+') {
        Some(rest) => {
            let rest = rest.trim_start();
            match rest.strip_prefix("81") {
                Some(r) => (Some(81), r),
                None => return Err(PhoneError::Foreign),
            }
        }
        None => (None, rest),
    };
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if is_separator(c) {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
        } else {
            return Err(PhoneError::BadChar(c));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    if country.is_some() {
        // `+81 6-…` drops the trunk 0; `+81 06-…` (a common slip) keeps it once.
        if let Some(first) = groups.first_mut() {
            if !first.starts_with('0') {
                first.insert(0, '0');
            }
        }
    }
    Ok((country, hash, groups))
}

fn kind_of(digits: &str) -> NumberKind {
    const NON_GEOGRAPHIC: [&str; 5] = ["0570", "050", "0180", "0990", "020"];
    if digits.starts_with("0120") || digits.starts_with("0800") {
        NumberKind::TollFree
    } else if ["070", "080", "090"].iter().any(|p| digits.starts_with(p)) {
        NumberKind::Mobile
    } else if NON_GEOGRAPHIC.iter().any(|p| digits.starts_with(p)) {
        NumberKind::NonGeographic
    } else {
        NumberKind::Landline
    }
}

impl PhoneNumber {
    /// Reads a number as a coordinator writes it; `Err` says what is wrong.
    pub fn parse(written: &str) -> Result<PhoneNumber, PhoneError> {
        let (country_code, hash, groups) = split(written)?;
        let digits: String = groups.concat();
        let kind = if hash {
            if !(3..=4).contains(&digits.len()) || country_code.is_some() {
                return Err(PhoneError::Length(digits.len()));
            }
            NumberKind::Hash
        } else if digits.starts_with('0') {
            if !(10..=11).contains(&digits.len()) {
                return Err(PhoneError::Length(digits.len()));
            }
            kind_of(&digits)
        } else if digits.len() == 3 && country_code.is_none() {
            NumberKind::Short
        } else if digits.len() >= 5 {
            return Err(PhoneError::NoAreaCode);
        } else {
            return Err(PhoneError::Length(digits.len()));
        };
        Ok(PhoneNumber {
            country_code,
            digits,
            groups,
            kind,
        })
    }

    /// What a phone dials: the national digits, with the `#` of a `#` number.
    pub fn dial(&self) -> String {
        match self.kind {
            NumberKind::Hash => format!("#{}", self.digits),
            _ => self.digits.clone(),
        }
    }

    /// The `tel:` URI (`#` escaped as `%23`): `tel:0664239916`, `tel:%237119`.
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.dial().replace('#', "%23"))
    }

    /// The search index's terms for this number: the full digits (`0664239916`), the digits
    /// after the area code (`64239916`: from the groups, or every 5–8 digit suffix when
    /// written without separators), each group of 3+ digits (`6423`, `9916`) and the last
    /// four digits. A query finds the number by any of them (see [`query_digits`]).
    pub fn index_terms(&self) -> Vec<String> {
        let full = &self.digits;
        let mut out: Vec<String> = vec![full.clone()];
        if self.groups.len() >= 2 && self.groups[0].starts_with('0') {
            out.push(self.groups[1..].concat());
        }
        if self.groups.len() == 1 && full.starts_with('0') && full.len() >= 9 {
            out.extend((5..=8).map(|n| full[full.len() - n..].to_string()));
        }
        out.extend(self.groups.iter().filter(|g| g.len() >= 3).cloned());
        if full.len() >= 8 {
            out.push(full[full.len() - 4..].to_string());
        }
        out.sort();
        out.dedup();
        out
    }
}

/// If a query word looks like (part of) a phone number, the digits to look up: national
/// form, `+81` read as `0`, `#` dropped. Parts of numbers are fine (`4950-0584`); a word
/// with any other character, or fewer than 3 digits, is not a number.
pub fn query_digits(word: &str) -> Option<String> {
    if word.chars().count() > 40 {
        return None;
    }
    let (_, _, groups) = split(word).ok()?;
    let digits = groups.concat();
    (digits.len() >= 3).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn written_forms_give_the_same_national_digits() {
        for s in [
            "06-6423-9916",
            "０６－６４２３－９９１６",
            "(06)6423-9916",
            "06.6423.9916",
            "06 6423 9916",
            "0664239916",
            "+81 6-6423-9916",
            "+81-6-6423-9916",
            "+81 06-6423-9916",
            "＋８１ ６ ６４２３ ９９１６",
        ] {
            assert_eq!(p(s).digits, "0664239916", "{s}");
            assert_eq!(p(s).tel_uri(), "tel:0664239916", "{s}");
        }
        assert_eq!(p("+81 6-6423-9916").country_code, Some(81));
        assert_eq!(p("+81 6-6423-9916").groups, ["06", "6423", "9916"]);
    }

    #[test]
    fn kinds_come_from_the_digits() {
        assert_eq!(p("06-6423-9916").kind, NumberKind::Landline);
        assert_eq!(p("090-1234-5678").kind, NumberKind::Mobile);
        assert_eq!(p("0120-279-338").kind, NumberKind::TollFree);
        assert_eq!(p("0570-064-556").kind, NumberKind::NonGeographic);
        assert_eq!(p("189").kind, NumberKind::Short);
        assert_eq!(p("＃７１１９").kind, NumberKind::Hash);
        assert_eq!(p("#7119").dial(), "#7119");
        assert_eq!(p("#7119").tel_uri(), "tel:%237119");
        assert_eq!(p("189").tel_uri(), "tel:189");
    }

    #[test]
    fn malformed_numbers_say_why() {
        let err = |s: &str| PhoneNumber::parse(s).unwrap_err();
        assert_eq!(err("06-6423-991"), PhoneError::Length(9));
        assert_eq!(err("6423-9916"), PhoneError::NoAreaCode);
        assert_eq!(err("06-6423-99x6"), PhoneError::BadChar('x'));
        assert_eq!(err(""), PhoneError::Length(0));
        assert_eq!(err("+1 555 1234"), PhoneError::Foreign);
        assert_eq!(err("#71190"), PhoneError::Length(5));
    }

    #[test]
    fn index_terms_cover_every_way_of_asking() {
        let t = p("06-4950-0584").index_terms();
        assert_eq!(t, ["0584", "0649500584", "4950", "49500584"]);
        assert!(p("0649500584")
            .index_terms()
            .contains(&"49500584".to_string()));
        assert_eq!(p("#7119").index_terms(), ["7119"]);
        assert_eq!(p("189").index_terms(), ["189"]);
        assert!(p("+81 06-4950-0584")
            .index_terms()
            .contains(&"0649500584".to_string()));
    }

    #[test]
    fn query_digits_read_parts_of_numbers() {
        assert_eq!(query_digits("4950-0584").as_deref(), Some("49500584"));
        assert_eq!(
            query_digits("６４２３－９９１６").as_deref(),
            Some("64239916")
        );
        assert_eq!(query_digits("#7119").as_deref(), Some("7119"));
        assert_eq!(
            query_digits("(06) 4950 0584").as_deref(),
            Some("0649500584")
        );
        assert_eq!(query_digits("06.4950.0584").as_deref(), Some("0649500584"));
        assert_eq!(
            query_digits("+81-6-4950-0584").as_deref(),
            Some("0649500584")
        );
        assert_eq!(query_digits("12"), None);
        assert_eq!(query_digits("子供"), None);
        assert_eq!(query_digits("2024年"), None);
        assert_eq!(query_digits("#"), None);
    }
}
