//! Languages a desk serves (`languages` in an entry): BCP 47 tags, their names on pages,
//! and the check that catches the usual slips (`jp`, `cn`, `kr`).

/// Tags tsunagu names on pages: (tag, Japanese name, English name). Other well-formed
/// tags are accepted and shown as written.
const NAMES: &[(&str, &str, &str)] = &[
    ("ja", "日本語", "Japanese"),
    ("ja-x-easy", "やさしい日本語", "Easy Japanese"),
    ("en", "英語", "English"),
    ("zh", "中国語", "Chinese"),
    ("zh-Hans", "中国語（簡体字）", "Chinese (Simplified)"),
    ("zh-Hant", "中国語（繁体字）", "Chinese (Traditional)"),
    ("ko", "韓国語", "Korean"),
    ("vi", "ベトナム語", "Vietnamese"),
    ("pt", "ポルトガル語", "Portuguese"),
    ("es", "スペイン語", "Spanish"),
    ("tl", "タガログ語", "Tagalog"),
    ("fil", "フィリピノ語", "Filipino"),
    ("ne", "ネパール語", "Nepali"),
    ("id", "インドネシア語", "Indonesian"),
    ("th", "タイ語", "Thai"),
    ("my", "ミャンマー語", "Burmese"),
    ("km", "クメール語", "Khmer"),
    ("mn", "モンゴル語", "Mongolian"),
    ("si", "シンハラ語", "Sinhala"),
    ("bn", "ベンガル語", "Bengali"),
    ("hi", "ヒンディー語", "Hindi"),
    ("ur", "ウルドゥー語", "Urdu"),
    ("uz", "ウズベク語", "Uzbek"),
    ("ru", "ロシア語", "Russian"),
    ("uk", "ウクライナ語", "Ukrainian"),
    ("fr", "フランス語", "French"),
    ("de", "ドイツ語", "German"),
    ("it", "イタリア語", "Italian"),
    ("ar", "アラビア語", "Arabic"),
    ("fa", "ペルシャ語", "Persian"),
    ("tr", "トルコ語", "Turkish"),
    ("ms", "マレー語", "Malay"),
    ("jsl", "日本手話", "Japanese Sign Language"),
];

/// Country codes and other slips written for a language, with the tag meant.
const SLIPS: &[(&str, &str)] = &[
    ("jp", "ja"),
    ("jpn", "ja"),
    ("cn", "zh"),
    ("kr", "ko"),
    ("kor", "ko"),
    ("vn", "vi"),
    ("br", "pt"),
    ("ph", "tl"),
    ("np", "ne"),
    ("easy", "ja-x-easy"),
    ("ja-easy", "ja-x-easy"),
];

/// A language's name on Japanese pages (the tag itself when tsunagu does not know it).
pub fn name_ja(tag: &str) -> String {
    lookup(tag).map_or_else(|| tag.to_string(), |(_, ja, _)| ja.to_string())
}

/// A language's name on English pages.
pub fn name_en(tag: &str) -> String {
    lookup(tag).map_or_else(|| tag.to_string(), |(_, _, en)| en.to_string())
}

fn lookup(tag: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    NAMES.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(tag))
}

/// The tag as tsunagu keeps it (known tags in their canonical case), or why it is not one.
pub fn check(tag: &str) -> Result<String, String> {
    if let Some((t, _, _)) = lookup(tag) {
        return Ok(t.to_string());
    }
    if let Some((_, meant)) = SLIPS.iter().find(|(s, _)| s.eq_ignore_ascii_case(tag)) {
        return Err(format!(
            "`{tag}` is not a language tag: write `{meant}` ({})",
            name_ja(meant)
        ));
    }
    if let Some((t, ja, _)) = NAMES
        .iter()
        .find(|(_, ja, en)| *ja == tag || en.eq_ignore_ascii_case(tag))
    {
        return Err(format!("write the tag `{t}` for {ja}"));
    }
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let well_formed = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if well_formed {
        Ok(tag.to_string())
    } else {
        Err(format!(
            "`{tag}` is not a BCP 47 language tag: write e.g. ja, en, zh, ko, vi, pt, tl, ne, or ja-x-easy for やさしい日本語"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tags_get_names_and_slips_name_the_tag_meant() {
        assert_eq!(check("ja-x-easy"), Ok("ja-x-easy".into()));
        assert_eq!(check("ZH-hans"), Ok("zh-Hans".into()));
        assert_eq!(name_ja("ja-x-easy"), "やさしい日本語");
        assert_eq!(name_en("vi"), "Vietnamese");
        assert!(check("jp").unwrap_err().contains("`ja`"));
        assert_eq!(check("sw"), Ok("sw".into()));
        assert_eq!(name_ja("sw"), "sw");
        assert_eq!(check("日本語"), Err("write the tag `ja` for 日本語".into()));
        assert!(check("english").unwrap_err().contains("`en`"));
        assert!(check("eng lish").is_err());
    }
}
