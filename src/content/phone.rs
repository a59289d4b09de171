//! Japanese phone numbers as coordinators write them: hyphenated or not, full-width,
//! `+81`, short numbers (`189`) and `#` numbers (`#7119`).

use unicode_normalization::UnicodeNormalization;

/// The dialable form of `written`: digits only, or `#` and digits. `Err` says what is wrong.
pub fn dialable(written: &str) -> Result<String, String> {
    let nfkc: String = written.nfkc().collect();
    let mut out = String::new();
    for (i, c) in nfkc.trim().chars().enumerate() {
        match c {
            '0'..='9' => out.push(c),
            '#' if i == 0 => out.push('#'),
            '+' if i == 0 => out.push('+'),
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | ' ' | '(' | ')' | '.' =>
                {}
            _ => return Err(format!("'{c}' is not part of a phone number")),
        }
    }
    if let Some(rest) = out.strip_prefix("+81") {
        out = format!("0{rest}");
    } else if out.starts_with('+') {
        return Err("only Japanese numbers (+81) are supported".into());
    }
    let ok = if let Some(rest) = out.strip_prefix('#') {
        (3..=4).contains(&rest.len())
    } else if out.starts_with('0') {
        (10..=11).contains(&out.len())
    } else {
        out.len() == 3
    };
    if ok {
        Ok(out)
    } else if !out.starts_with(['0', '#']) && out.len() >= 5 {
        Err("add the area code (市外局番), e.g. 06-6423-9916".into())
    } else {
        Err(format!(
            "{} digits is not a Japanese phone number",
            out.trim_start_matches('#').len()
        ))
    }
}

/// The `tel:` URI for a dialable number (`#` is escaped as `%23`).
pub fn tel_uri(dial: &str) -> String {
    format!("tel:{}", dial.replace('#', "%23"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_hyphenated_numbers_become_digits() {
        assert_eq!(dialable("０６－６４２３－９９１６").unwrap(), "0664239916");
        assert_eq!(dialable("06-6423-9916").unwrap(), "0664239916");
        assert_eq!(dialable("0120-279-338").unwrap(), "0120279338");
        assert_eq!(dialable("090 1234 5678").unwrap(), "09012345678");
        assert_eq!(dialable("+81 6-6423-9916").unwrap(), "0664239916");
        assert_eq!(dialable("(06)6423-9916").unwrap(), "0664239916");
    }

    #[test]
    fn short_and_hash_numbers_are_valid() {
        assert_eq!(dialable("189").unwrap(), "189");
        assert_eq!(dialable("＃７１１９").unwrap(), "#7119");
        assert_eq!(tel_uri("#7119"), "tel:%237119");
        assert_eq!(tel_uri("0664239916"), "tel:0664239916");
    }

    #[test]
    fn malformed_numbers_say_why() {
        assert!(dialable("06-6423-991").is_err());
        assert!(dialable("6423-9916").unwrap_err().contains("area code"));
        assert!(dialable("06-6423-99x6").unwrap_err().contains("'x'"));
        assert!(dialable("").is_err());
        assert!(dialable("+1 555 1234").is_err());
    }
}
