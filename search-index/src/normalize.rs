//! Text normalisation shared by the index writer and the query side.
//!
//! Both sides MUST see the same characters, so every rule lives here and
//! nowhere else. [`normalize()`] is the one function; [`normalize_for_analysis`]
//! is the same pipeline minus the kana fold (lindera segments katakana
//! loanwords far better than their hiragana spelling), and
//! `normalize(x) == fold_kana(&normalize_for_analysis(x))` always holds.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Spelling variants folded to one canonical form, `(variant, canonical)`.
///
/// Keys are written after kana folding (katakana already hiragana), so
/// `ゴミ`/`ごみ` needs no entry. Only variant spellings of one word (okurigana,
/// kanji/kana choice) belong here, and the family words of Kansai and of speech that name
/// the same person (おかん, 親父: 母, 父); never other synonyms (the thesaurus's). Longest key
/// wins; replacement is a single left-to-right pass (no cascading).
pub const VARIANTS: &[(&str, &str)] = &[
    // こども: 子ども / こども / 子供
    ("子ども", "子供"),
    ("こども", "子供"),
    // しょうがい: 障がい / 障碍 / 障礙 / 障害
    ("障がい", "障害"),
    ("障碍", "障害"),
    ("障礙", "障害"),
    // ひきこもり, ひきこもる and its forms (IPADIC has only the kana: 引きこもって was cut
    // into 引き + こも + って, losing the verb)
    ("引きこも", "ひきこも"),
    ("引き籠も", "ひきこも"),
    ("引き篭も", "ひきこも"),
    ("引籠も", "ひきこも"),
    ("引き籠り", "ひきこもり"),
    ("引き篭り", "ひきこもり"),
    ("引籠り", "ひきこもり"),
    // ひとり親 / ひとり暮らし
    ("一人親", "ひとり親"),
    ("一人暮らし", "ひとり暮らし"),
    ("独り暮らし", "ひとり暮らし"),
    // (in kana with the voiced ぐ the dictionary's reading くらし lacks)
    ("ひとりぐらし", "ひとり暮らし"),
    // ひとり: IPADIC cuts 一人 into 一 + 人, which says nothing
    ("一人", "ひとり"),
    // family words IPADIC has only without the polite お (it cuts おばあちゃん into
    // お + ばあちゃん, so a query's おばあちゃん would never meet the text's)
    ("おばあちゃん", "ばあちゃん"),
    ("お兄さん", "兄さん"),
    ("お姉さん", "姉さん"),
    ("おにいちゃん", "兄ちゃん"),
    ("おねえちゃん", "姉ちゃん"),
    // Kansai おかん / おとん are 母 / 父 (IPADIC reads them お + かん, おと + ん), and so
    // are お母さん / お父さん however written (おかあさん is read おか + あ + さん)
    ("おかん", "母"),
    ("おとん", "父"),
    ("お母さん", "母"),
    ("おかあさん", "母"),
    ("お父さん", "父"),
    ("おとうさん", "父"),
    // and so are 親父 / お袋, however written (IPADIC has 親父 but not as 父, おふくろ
    // not at all)
    ("親父", "父"),
    ("おやじ", "父"),
    ("お袋", "母"),
    ("おふくろ", "母"),
    // Kansai ひどなった is ひどくなった (IPADIC reads ひ + どなっ, a form of 怒鳴る)
    ("ひどなっ", "ひどくなっ"),
    // everyday words residents write either way
    ("友だち", "友達"),
    // うち is 家 read so, where one goes back to it (うちに帰りたくない); elsewhere it is
    // grammar too (今のうちに) or "my" (うちの子)
    ("うちに帰", "家に帰"),
    ("うちにかえ", "家にかえ"),
    ("うちへ帰", "家へ帰"),
    ("うちへかえ", "家へかえ"),
    // (IPADIC cuts きょうだい into きょう + だい: 今日 and a verb form)
    ("きょうだい", "兄弟"),
    ("ことば", "言葉"),
    ("ごはん", "ご飯"),
    ("御飯", "ご飯"),
    ("片づ", "片付"),
    // okurigana variants common in service listings
    ("問合せ", "問い合わせ"),
    ("問い合せ", "問い合わせ"),
    ("問合わせ", "問い合わせ"),
    ("申込み", "申し込み"),
    ("申込", "申し込み"),
    ("取組み", "取り組み"),
    ("取組", "取り組み"),
    ("受け付け", "受付"),
    ("受付け", "受付"),
    ("手続", "手続き"),
    ("手続き", "手続き"), // identity guard: 手続き must not become 手続きき
    // ヶ所 / ヵ所 / 箇所 (ヶ/ヵ fold to ゖ/ゕ; か所 is left alone: "いくつか所属")
    ("ゖ所", "箇所"),
    ("ゕ所", "箇所"),
];

/// Normalises text for indexing and querying (the one shared function).
///
/// Produces, in order:
/// 1. NFKC: full-width latin/digits -> ASCII, half-width katakana -> full-width,
///    compatibility forms (①, ㈱, ｰ ...) expanded;
/// 2. lowercase;
/// 3. iteration marks expanded where the previous character allows it:
///    `々` repeats the previous kanji (人々 -> 人人), `ゝ`/`ヽ` repeat the previous
///    kana, `ゞ`/`ヾ` repeat it voiced (いすゞ -> いすず); otherwise kept;
/// 4. long-vowel mark: `ー` is kept as a letter (せんたー != せんた); dash-like
///    characters (`-‐‑‒–—―−～〜`) directly after a kana become `ー`;
/// 5. katakana -> hiragana (ァ..ヶ, ヽヾ);
/// 6. spelling variants from [`VARIANTS`] -> canonical form (子ども -> 子供,
///    障がい -> 障害, ゴミ -> ごみ via step 5 ...).
///
/// Whitespace and punctuation are preserved (callers split on them).
pub fn normalize(text: &str) -> String {
    fold_kana(&normalize_for_analysis(text))
}

/// Steps 1–4 and 6 of [`normalize()`] without the kana fold: what lindera sees.
///
/// Variants are matched on the folded view (the fold maps char to char), so
/// `コドモ` is replaced as well as `こども`.
pub fn normalize_for_analysis(text: &str) -> String {
    apply_variants(&normalize_chars(text))
}

/// Steps 1–5 of [`normalize()`] without the spelling variants: how a query word
/// *sounds*, for matching it against readings.
///
/// The variant table maps some kana spellings to kanji (`こども` -> `子供`), which
/// is right for surface matching but would hide that `こどもしょくどう` is a pure
/// reading; the query side matches readings with this form instead. Same char
/// count and whitespace as the input's [`normalize()`] up to the variant step, so
/// splitting both at whitespace gives the same words.
pub fn normalize_reading(text: &str) -> String {
    fold_kana(&normalize_chars(text))
}

/// Steps 1–4: NFKC, lowercase, iteration marks, long-vowel marks.
fn normalize_chars(text: &str) -> String {
    let mut lowered: String = text.nfkc().flat_map(char::to_lowercase).collect();
    // NFKC of some lowercase forms can leave decomposed sequences; recompose.
    if unicode_normalization::is_nfc_quick(lowered.chars()) != IsNormalized::Yes {
        lowered = lowered.nfc().collect();
    }
    let expanded = expand_iteration_marks(&lowered);
    fold_long_vowels(&expanded)
}

/// Folds katakana to hiragana, char for char (same char count as the input).
pub fn fold_kana(text: &str) -> String {
    text.chars().map(fold_kana_char).collect()
}

/// Katakana -> hiragana for one char; other chars are returned unchanged.
pub fn fold_kana_char(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' | '\u{30FD}' | '\u{30FE}' => {
            char::from_u32(c as u32 - 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// True for hiragana and katakana letters (including `ー`).
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// True for katakana letters and `ー` (a word typed so is a loanword).
pub fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

/// True for chars that belong to words; everything else separates words.
///
/// Letters, digits and marks of any script, plus `ー`/`々`; punctuation,
/// symbols (emoji included) and whitespace are separators.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == 'ー' || c == '々' || c == '〆'
}

/// True for chars that form "latin-like" atoms kept whole (ASCII letters and
/// digits, and letters of alphabetic scripts below U+2E80).
pub fn is_latin_char(c: char) -> bool {
    is_word_char(c) && (c as u32) < 0x2E80 && c != 'ー'
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn voiced(c: char) -> Option<char> {
    let composed: String = [c, '\u{3099}'].iter().collect::<String>().nfc().collect();
    let mut it = composed.chars();
    match (it.next(), it.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}

fn unvoiced(c: char) -> char {
    let decomposed: String = c.to_string().nfd().collect();
    decomposed.chars().next().unwrap_or(c)
}

fn expand_iteration_marks(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let prev = out.last().copied();
        let replacement = match (c, prev) {
            ('々', Some(p)) if is_kanji(p) => Some(p),
            ('ゝ', Some(p)) if matches!(p, '\u{3041}'..='\u{3096}') => Some(unvoiced(p)),
            ('ヽ', Some(p)) if matches!(p, '\u{30A1}'..='\u{30F6}') => Some(unvoiced(p)),
            ('ゞ', Some(p)) if matches!(p, '\u{3041}'..='\u{3096}') => voiced(unvoiced(p)),
            ('ヾ', Some(p)) if matches!(p, '\u{30A1}'..='\u{30F6}') => voiced(unvoiced(p)),
            _ => None,
        };
        out.push(replacement.unwrap_or(c));
    }
    out.into_iter().collect()
}

fn fold_long_vowels(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let is_dash = matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '~' | '\u{301C}' | '\u{FF5E}'
        );
        let c2 = if is_dash && prev.is_some_and(|p| is_kana(p) && p != '・') {
            'ー'
        } else {
            c
        };
        out.push(c2);
        prev = Some(c2);
    }
    out
}

fn apply_variants(text: &str) -> String {
    /// The table as chars, longest key first, so the first key that matches is the longest.
    fn table() -> &'static [(Vec<char>, &'static str)] {
        static TABLE: std::sync::OnceLock<Vec<(Vec<char>, &'static str)>> =
            std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut t: Vec<(Vec<char>, &str)> = VARIANTS
                .iter()
                .map(|(key, canonical)| (key.chars().collect(), *canonical))
                .collect();
            t.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
            t
        })
    }
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_kana_char(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &folded[i..];
        match table()
            .iter()
            .find(|(key, _)| key[0] == rest[0] && rest.starts_with(key))
        {
            Some((key, canonical)) => {
                out.push_str(canonical);
                i += key.len();
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_keys_are_not_empty() {
        assert!(VARIANTS.iter().all(|(key, _)| !key.is_empty()));
    }

    #[test]
    fn full_width_and_case() {
        assert_eq!(normalize("ＮＰＯ法人　ＡＢＣ１２３"), "npo法人 abc123");
        assert_eq!(normalize("Tsunagu"), "tsunagu");
    }

    #[test]
    fn half_width_katakana() {
        assert_eq!(normalize("ﾎﾞﾗﾝﾃｨｱ"), "ぼらんてぃあ");
        assert_eq!(normalize("ｾﾝﾀｰ"), "せんたー");
        assert_eq!(normalize("ボランティア"), normalize("ﾎﾞﾗﾝﾃｨｱ"));
    }

    #[test]
    fn kana_fold_and_long_vowel() {
        assert_eq!(normalize("センター"), "せんたー");
        assert_eq!(normalize("セ-ター"), "せーたー");
        assert_eq!(normalize("ゴミ"), "ごみ");
        // a hyphen between digits is not a long-vowel mark
        assert_eq!(normalize("06-1234"), "06-1234");
    }

    #[test]
    fn variants() {
        let c = normalize("子ども食堂");
        assert_eq!(c, "子供食堂");
        assert_eq!(normalize("こども食堂"), c);
        assert_eq!(normalize("コドモ食堂"), c);
        assert_eq!(normalize("子供食堂"), c);
        assert_eq!(normalize("障がい者"), "障害者");
        assert_eq!(normalize("障碍者"), "障害者");
        assert_eq!(normalize("引きこもり"), normalize("ひきこもり"));
        assert_eq!(normalize("引きこもって"), "ひきこもって");
        assert_eq!(normalize("うちにかえりたくない"), "家にかえりたくない");
        assert_eq!(normalize("今のうちに"), "今のうちに");
        assert_eq!(normalize("引き籠もっている"), "ひきこもっている");
        assert_eq!(normalize("お問合せ"), "お問い合わせ");
        assert_eq!(normalize("手続き"), "手続き");
        assert_eq!(normalize("手続"), "手続き");
        assert_eq!(normalize("申込書"), normalize("申し込み書"));
        assert_eq!(normalize("一人で暮らす"), normalize("ひとりで暮らす"));
        assert_eq!(normalize("一人暮らし"), "ひとり暮らし");
        assert_eq!(normalize("ひとりぐらし"), "ひとり暮らし");
        assert_eq!(normalize("友だちがいない"), normalize("友達がいない"));
        assert_eq!(normalize("ごはん"), normalize("ご飯"));
        assert_eq!(normalize("おばあちゃんの介護"), "ばあちゃんの介護");
        assert_eq!(normalize("オカンが倒れた"), "母が倒れた");
        assert_eq!(
            normalize("おかあさんがたおれた"),
            normalize("お母さんがたおれた")
        );
        assert_eq!(normalize("お父さんの介護"), "父の介護");
        assert_eq!(normalize("親父が酒を飲む"), "父が酒を飲む");
        assert_eq!(normalize("オヤジ"), "父");
        assert_eq!(normalize("おふくろの味"), "母の味");
        assert_eq!(normalize("もの忘れがひどなった"), "もの忘れがひどくなった");
        assert_eq!(normalize("片づけられない"), normalize("片付けられない"));
        assert_eq!(normalize("きょうだいげんか"), "兄弟げんか");
    }

    #[test]
    fn variant_table_is_stable() {
        for (_, canonical) in VARIANTS {
            assert_eq!(&normalize(canonical), canonical, "canonical not stable");
        }
    }

    #[test]
    fn reading_form_keeps_kana_spellings() {
        // variants turn こども into 子供; the reading form keeps the sound
        assert_eq!(normalize("こどもしょくどう"), "子供しょくどう");
        assert_eq!(normalize_reading("こどもしょくどう"), "こどもしょくどう");
        assert_eq!(normalize_reading("ｺﾄﾞﾓ　ｼｮｸﾄﾞｳ"), "こども しょくどう");
        assert_eq!(normalize_reading("ヒキコモリ"), "ひきこもり");
        assert_eq!(normalize_reading("子ども食堂"), "子ども食堂");
        for s in ["こども 食堂", "ＮＰＯ　こども", "障がい 相談"] {
            assert_eq!(
                normalize_reading(s).split_whitespace().count(),
                normalize(s).split_whitespace().count()
            );
        }
    }

    #[test]
    fn iteration_marks() {
        assert_eq!(normalize("人々"), "人人");
        assert_eq!(normalize("佐々木"), "佐佐木");
        assert_eq!(normalize("いすゞ"), "いすず");
        assert_eq!(normalize("こゝろ"), "こころ");
        assert_eq!(normalize("々"), "々");
    }

    #[test]
    fn analysis_form_folds_to_normal_form() {
        for s in [
            "コドモ食堂とセンター",
            "ﾎﾞﾗﾝﾃｨｱ募集中!",
            "人々の暮らし",
            "ｾﾝﾀ-",
        ] {
            assert_eq!(fold_kana(&normalize_for_analysis(s)), normalize(s));
        }
    }
}
