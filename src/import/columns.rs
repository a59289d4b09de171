//! The columns of the Digital Agency's 自治体標準オープンデータセット (the older 推奨データセット
//! and the newer 正式版 layouts: 公共施設, 介護サービス事業所, 医療機関, 子育て施設 and the like)
//! and how real files spell their headers. A header is matched after folding
//! ([`fold`]: width, spaces, brackets, `_`, numbering, `(必須)`, the common 標記/表記 slip),
//! so one spelling per column covers its variants.

use unicode_normalization::UnicodeNormalization;

/// What a column holds, as far as an entry is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// 全国地方公共団体コード (6 digits; older files: 5 without the check digit).
    LgCode,
    /// The dataset's own ID (newer layouts).
    RecordId,
    /// NO (older layouts).
    RecordNo,
    Name,
    Kana,
    NameEn,
    AltName,
    Kind,
    AddressFull,
    Pref,
    City,
    Town,
    Block,
    Building,
    PostalCode,
    Lat,
    Lon,
    Tel,
    TelExt,
    Fax,
    Email,
    FormUrl,
    ContactNote,
    Organization,
    Days,
    Opens,
    Closes,
    HoursNote,
    AfterHours,
    Fees,
    Eligibility,
    Description,
    DescriptionEn,
    Accessibility,
    Access,
    Parking,
    Url,
    Remarks,
    /// A column kept as a `label: value` line of the body (診療科目, 定員 …).
    Extra,
    /// Known and of no use to an entry (都道府県名 beside the address, 画像_ライセンス …).
    Ignored,
}

/// Header spellings, as the Digital Agency's definitions and real files write them.
const SPELLINGS: &[(Column, &[&str])] = &[
    (
        Column::LgCode,
        &[
            "全国地方公共団体コード",
            "都道府県コード又は市区町村コード",
            "都道府県コード又は市町村コード",
            "市区町村コード",
            "団体コード",
            "自治体コード",
        ],
    ),
    (Column::RecordId, &["ID"]),
    (
        Column::RecordNo,
        &["NO", "NO（※システム内の固有の番号、連番）"],
    ),
    (
        Column::Name,
        &[
            "名称",
            "介護サービス事業所名称",
            "事業所名",
            "事業所の名称",
            "施設名称",
            "施設名",
            "医療機関名称",
        ],
    ),
    (
        Column::Kana,
        &[
            "名称_カナ",
            "介護サービス事業所名称_カナ",
            "事業所名カナ",
            "事業所の名称_かな",
            "施設名称_カナ",
            "フリガナ",
            "ふりがな",
        ],
    ),
    (Column::NameEn, &["名称_英字", "名称_英語", "施設名称_英字"]),
    (Column::AltName, &["名称_通称"]),
    (
        Column::Kind,
        &[
            "種別",
            "実施サービス",
            "サービスの種類",
            "医療機関の種類",
            "サービス種別",
        ],
    ),
    (Column::AddressFull, &["所在地_連結表記", "住所", "所在地"]),
    (Column::Pref, &["所在地_都道府県", "施設所在地_都道府県"]),
    (Column::City, &["所在地_市区町村", "施設所在地_市区町村"]),
    (Column::Town, &["所在地_町字", "施設所在地_町字"]),
    (Column::Block, &["所在地_番地以下", "施設所在地_番地以下"]),
    (
        Column::Building,
        &[
            "建物名等(方書)",
            "建物名等",
            "方書",
            "方書（ビル名等）",
            "施設方書",
        ],
    ),
    (Column::PostalCode, &["郵便番号"]),
    (Column::Lat, &["緯度", "事業所緯度"]),
    (Column::Lon, &["経度", "事業所経度"]),
    (
        Column::Tel,
        &[
            "電話番号",
            "連絡先電話番号",
            "事業所電話番号",
            "施設電話番号",
        ],
    ),
    (Column::TelExt, &["内線番号", "連絡先内線番号"]),
    (Column::Fax, &["FAX番号", "事業所FAX番号"]),
    (Column::Email, &["連絡先メールアドレス", "メールアドレス"]),
    (Column::FormUrl, &["連絡先FormURL"]),
    (
        Column::ContactNote,
        &["連絡先備考（その他、SNSなど）", "連絡先備考", "連絡先名称"],
    ),
    (
        Column::Organization,
        &["団体名", "法人の名称", "設置者", "管理者名", "所有者等"],
    ),
    (Column::Days, &["利用可能曜日", "診療曜日"]),
    (Column::Opens, &["開始時間", "診療開始時間", "利用開始時間"]),
    (
        Column::Closes,
        &["終了時間", "診療終了時間", "利用終了時間"],
    ),
    (
        Column::HoursNote,
        &[
            "利用可能日時特記事項",
            "利用可能時間特記事項",
            "利用可能曜日特記事項",
            "診療日時特記事項",
            "利用可能日時特記",
            "定休日",
        ],
    ),
    (Column::AfterHours, &["時間外における対応"]),
    (
        Column::Fees,
        &[
            "料金（基本）",
            "料金（詳細）",
            "料金",
            "料金_要否",
            "子供預かり料金",
            "子供預かり料金備考",
        ],
    ),
    (Column::Eligibility, &["受入年齢", "対象者", "対象"]),
    (Column::Description, &["説明", "概要"]),
    (Column::DescriptionEn, &["説明_英語", "概要_英語"]),
    (Column::Accessibility, &["バリアフリー情報"]),
    (Column::Access, &["アクセス方法"]),
    (Column::Parking, &["駐車場情報", "駐車場_有無"]),
    (Column::Url, &["URL", "事業所URL"]),
    (Column::Remarks, &["備考"]),
    (
        Column::Extra,
        &[
            "診療科目",
            "病床数",
            "定員",
            "収容定員",
            "一時預かりの有無",
            "病児保育の有無",
            "認可等年月日",
            "許可等年月日",
            "設置位置",
            "事業所番号",
            "医療機関コード",
            "POIコード",
            "法人番号",
            "授乳室",
            "おむつ替えコーナー",
        ],
    ),
    (
        Column::Ignored,
        &[
            "地方公共団体名",
            "都道府県名",
            "市区町村名",
            "市町村",
            "所在地_全国地方公共団体コード",
            "町字ID",
            "高度の種別",
            "高度の値",
            "画像",
            "画像_ライセンス",
        ],
    ),
];

/// A header as it is matched: NFKC (full width to half), no spaces, no leading
/// numbering (`1.`), no trailing `(必須)`/`(任意)`/`(推奨)`, no brackets, `_`, `・` or
/// `-`, 標記 read as 表記, ASCII lowercase.
pub fn fold(header: &str) -> String {
    let s: String = header.nfkc().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let s = s.trim_start_matches(['.', '、']);
    let mut s = s.to_string();
    for tail in ["(必須)", "(任意)", "(推奨)"] {
        if let Some(rest) = s.strip_suffix(tail) {
            s = rest.to_string();
        }
    }
    if let Some(i) = s.find('※') {
        s.truncate(i);
    }
    s.replace("標記", "表記")
        .chars()
        .filter(|c| !"()[]「」【】_・-".contains(*c))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// What the header `h` names; `None` for a column this table does not know.
pub fn column(h: &str) -> Option<Column> {
    let key = fold(h);
    if key.is_empty() {
        return None;
    }
    SPELLINGS
        .iter()
        .find(|(_, spellings)| spellings.iter().any(|s| fold(s) == key))
        .map(|(c, _)| *c)
}

/// The known spelling closest to `h`, for a message about a header this table lacks.
pub fn closest(h: &str) -> Option<&'static str> {
    let key = fold(h);
    SPELLINGS
        .iter()
        .flat_map(|(_, s)| s.iter())
        .map(|s| (strsim::normalized_levenshtein(&fold(s), &key), *s))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_spellings_of_one_header_are_one_column() {
        for h in [
            "所在地_連結表記",
            "所在地_連結標記",
            "所在地（連結表記）",
            "所在地＿連結表記",
        ] {
            assert_eq!(column(h), Some(Column::AddressFull), "{h}");
        }
        for h in ["建物名等(方書)", "建物名等（方書）", "建物名等"] {
            assert_eq!(column(h), Some(Column::Building), "{h}");
        }
        assert_eq!(column("ＵＲＬ"), Some(Column::Url));
        assert_eq!(column("2.名称_カナ"), Some(Column::Kana));
        assert_eq!(column("名称（必須）"), Some(Column::Name));
        assert_eq!(column("No"), Some(Column::RecordNo));
        assert_eq!(column("料金(基本)"), Some(Column::Fees));
        assert_eq!(
            column("都道府県コード又は市区町村コード"),
            Some(Column::LgCode)
        );
        assert_eq!(column("全国地方公共団体コード"), Some(Column::LgCode));
        assert_eq!(column("好きな食べ物"), None);
        assert_eq!(column(""), None);
        assert_eq!(closest("名前_カナ"), Some("名称_カナ"));
    }
}
