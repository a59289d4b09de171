//! Comparing titles: 五十音順 (the order Japanese readers expect in a listing), and the
//! folded form under which two titles count as the same.

use unicode_normalization::UnicodeNormalization;

/// Titles that differ only in width, case or spacing are the same title.
pub fn title_key(title: &str) -> String {
    title
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// See [`sort_key`].
pub type SortKey = (u8, String, String);

/// Sort key for a title with an optional hiragana reading: entries with a kana reading (or a
/// title in kana) sort by it, voiced and small kana next to their plain forms; titles
/// in kanji without a reading come after, by code point.
pub fn sort_key(kana: Option<&str>, title: &str) -> SortKey {
    let text = kana.unwrap_or(title);
    let folded = fold(text);
    let is_kana = folded
        .chars()
        .next()
        .is_some_and(|c| ('\u{3041}'..='\u{309f}').contains(&c));
    let primary: String = folded
        .nfd()
        .filter(|c| !matches!(c, '\u{3099}' | '\u{309a}' | 'ー' | ' ' | '・'))
        .map(large_kana)
        .collect();
    (
        if is_kana || kana.is_some() { 0 } else { 1 },
        primary,
        folded,
    )
}

/// NFKC and katakana folded to hiragana.
fn fold(s: &str) -> String {
    s.nfkc()
        .map(|c| {
            if ('\u{30a1}'..='\u{30f6}').contains(&c) {
                char::from_u32(c as u32 - 0x60).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn large_kana(c: char) -> char {
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(items: &[(Option<&str>, &str)]) -> Vec<String> {
        let mut v: Vec<_> = items.to_vec();
        v.sort_by_key(|a| sort_key(a.0, a.1));
        v.into_iter().map(|(_, t)| t.to_string()).collect()
    }

    #[test]
    fn gojuon_order_by_reading_with_katakana_and_dakuten_folded() {
        let got = sorted(&[
            (Some("ちいきほうかつしえんせんたー"), "地域包括支援センター"),
            (
                Some("あまがさきししゃかいふくしきょうぎかい"),
                "尼崎市社会福祉協議会",
            ),
            (None, "カフェ"),
            (Some("がっこう"), "学校"),
            (Some("かい"), "会"),
            (None, "漢字だけ"),
        ]);
        assert_eq!(
            got,
            vec![
                "尼崎市社会福祉協議会",
                "会",
                "学校",
                "カフェ",
                "地域包括支援センター",
                "漢字だけ"
            ]
        );
    }
}
