//! Checks of single values, the same wherever the value appears: ids, dates, URLs, email
//! addresses, postal codes.

use chrono::NaiveDate;

/// Strict `YYYY-MM-DD` (what coordinators write; `2026-4-1` is refused to keep files uniform).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Whether `id` matches `[a-z0-9][a-z0-9-]*`.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z' | '0'..='9'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
}

/// An id in the allowed alphabet derived from `s`, for error hints.
pub fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "soudan-madoguchi".into()
    } else {
        out
    }
}

/// `Ok` for an absolute http(s) URL with a host; `Err` says why not.
pub fn check_url(s: &str) -> Result<(), String> {
    match url::Url::parse(s) {
        Ok(u)
            if (u.scheme() == "http" || u.scheme() == "https")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            if s.chars().any(char::is_whitespace) {
                Err("it contains spaces".into())
            } else {
                Ok(())
            }
        }
        Ok(u) => Err(format!(
            "it must start with http:// or https://, not {}:",
            u.scheme()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether `s` looks like an email address (`name@example.jp`).
pub fn check_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

/// Whether a postal code has the 7 digits of a Japanese one (`660-0051`, `６６０００５１`).
pub fn looks_like_postal_code(s: &str) -> bool {
    s.chars()
        .filter(|c| matches!(c, '0'..='9' | '０'..='９'))
        .count()
        == 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_zero_padded() {
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-4-1").is_none());
        assert!(parse_date("2026/04/01").is_none());
    }

    #[test]
    fn ids_are_lowercase_ascii_digits_and_hyphens() {
        assert!(valid_id("kurashi-marugoto"));
        assert!(valid_id("7119"));
        assert!(!valid_id("-x"));
        assert!(!valid_id("Kurashi"));
        assert!(!valid_id("くらし"));
        assert!(!valid_id("a_b"));
        assert!(!valid_id(""));
    }

    #[test]
    fn suggested_ids_are_valid() {
        assert_eq!(suggest_id("Kurashi Marugoto"), "kurashi-marugoto");
        assert!(valid_id(&suggest_id("くらし")));
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(check_url("https://www.city.amagasaki.hyogo.jp/").is_ok());
        assert!(check_url("www.city.amagasaki.hyogo.jp").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("htp//x").is_err());
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(check_email("soudan@city.example.jp"));
        assert!(!check_email("soudan"));
        assert!(!check_email("a@b"));
        assert!(!check_email("a b@c.jp"));
    }

    #[test]
    fn postal_codes_have_seven_digits() {
        assert!(looks_like_postal_code("660-0051"));
        assert!(looks_like_postal_code("６６０－００５１"));
        assert!(!looks_like_postal_code("660-005"));
    }
}
