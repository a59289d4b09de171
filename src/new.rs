//! `tsunagu new entry`: a well-formed entry file with every field present or commented, so a
//! coordinator fills in blanks instead of remembering the format.

use std::path::{Path, PathBuf};

use wana_kana::ConvertJapanese;

use crate::content::checks::valid_id;
use crate::taxonomy::Kind;
use crate::validate::Site;

/// Why `new entry` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(transparent)]
    UnknownTerm(#[from] crate::taxonomy::UnknownTerm),
    #[error("--id `{0}` may only use a-z, 0-9 and `-`")]
    BadId(String),
    #[error("could not make an id from the title: pass one with --id, e.g. --id kurashi-soudan")]
    NoId,
    #[error("an entry with id `{0}` already exists: pass another with --id")]
    Taken(String),
    #[error("{} already exists: pass another id with --id", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The reading of `title` in hiragana, from the IPADIC dictionary.
pub fn reading(title: &str) -> Result<String, search_index::dict::DictError> {
    let segmenter = search_index::dict::segmenter()?;
    let morphs = search_index::tokenize::analyze(&segmenter, title);
    Ok(morphs
        .iter()
        .map(|m| m.reading.as_str())
        .collect::<Vec<_>>()
        .join(" "))
}

/// An id from a reading: Hepburn romaji, lowercase, words joined by `-`, at most ~40 chars.
pub fn id_from_reading(reading: &str) -> String {
    let romaji = reading.to_romaji().to_lowercase();
    let mut id = String::new();
    for c in romaji.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id = id.trim_matches('-').to_string();
    if id.len() > 40 {
        let cut = id[..40].rfind('-').unwrap_or(40);
        id.truncate(cut);
    }
    id
}

/// Writes `content/entries/<id>.md` for `title`; returns its path.
pub fn new_entry(
    root: &Path,
    site: &Site,
    title: &str,
    area: Option<&str>,
    category: Option<&str>,
    id: Option<&str>,
) -> Result<PathBuf, NewError> {
    for (kind, given) in [(Kind::Area, area), (Kind::Category, category)] {
        if let Some(given) = given {
            kind.check(site, given)?;
        }
    }
    let kana = reading(title).unwrap_or_default();
    let id = match id {
        Some(id) if valid_id(id) => id.to_string(),
        Some(id) => return Err(NewError::BadId(id.to_string())),
        None => {
            let id = id_from_reading(&kana);
            if id.is_empty() {
                return Err(NewError::NoId);
            }
            id
        }
    };
    if site.entries.iter().any(|e| e.id == id) {
        return Err(NewError::Taken(id));
    }
    let path = root.join("content/entries").join(format!("{id}.md"));
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let yaml_str = |s: &str| serde_json::to_string(s).expect("json string is a YAML string");
    let text = format!(
        r#"---
# 名称（必須）
title: {title}
# よみがな（ひらがな）。一覧の五十音順と検索に使います
kana: {kana}
# 分類の id（必須）。複数なら [a, b]。content/categories.yaml を参照
categories: [{category}]
# 地域の id（必須）。複数なら [a, b]。content/areas.yaml を参照
areas: [{area}]
# 対象: 高齢者, 子ども, 障害, 生活困窮, 外国人, ひきこもり …
audiences: []
# 住民が探すときのことば（キーワード）
tags: []
# 一覧と検索結果に出る一行の説明
summary:
# 運営
organization:
# 電話番号。FAX は {{number: 06-0000-0000, kind: fax}}、内線は ext: "123"
phones:
  # - 06-0000-0000
# address: 住所
# postal_code: 660-0000
# location: {{lat: 34.7335, lon: 135.4063}}
# hours: 月〜金 9:00〜17:00（祝日・12/29〜1/3を除く）
# url: https://
# email: name@example.jp
# 最終確認日（この内容を確かめた日）
updated: {today}
# ---- 相談・利用のしかた（わかるものだけ、# を外して書きます） ----
# 対象・条件
# eligibility: 原則として市内に在住の方
# 費用
# fees: 無料
# 利用方法: visit（直接来所） phone（電話） appointment（予約制） referral（支援機関を通して） online（オンライン・メール） outreach（訪問）
# how_to_use: [phone, visit]
# まずすること
# next_steps: まずはお電話ください。匿名でもかまいません。
# 秘密厳守 / 匿名で相談できる
# confidential: true
# anonymous: true
# 対応言語: ja（日本語） en（英語） zh（中国語） ko（韓国語） vi（ベトナム語） ja-x-easy（やさしい日本語）…
# languages: [ja, ja-x-easy]
# バリアフリー
# accessibility: [車いす可, 駐車場あり]
# 交通
# access: ○○駅から徒歩5分
# 受付時間（曜日は mon tue wed thu fri sat sun。第2・第4水曜は days: [wed], weeks: [2, 4]、最終週は -1）
# schedule:
#   - days: [mon, tue, wed, thu, fri]
#     opens: "9:00"
#     closes: "17:00"
# 休み: holidays（祝日）、year-end（12/29〜1/3）、日付 2026-12-01、毎年の期間 08-13..08-15
# closed: [holidays, year-end]
# 属しているネットワーク・事業の項目 id
# part_of: tsunagari-project
# つなぎ先（次に行くとよいところ）の項目 id と理由
# see_also:
#   - {{id: marugoto-soudan, note: 困りごとがいくつもあるときはこちら}}
# 英語の名称と説明、やさしい日本語の説明
# title_en: Consultation Desk
# summary_en: One line in English.
# easy_summary: やさしい にほんごの せつめい。
---
ここに、どんなことができる場所か、だれが使えるか、行き方などを書きます。
"#,
        title = yaml_str(title),
        kana = if kana.is_empty() {
            String::new()
        } else {
            yaml_str(&kana.replace(' ', ""))
        },
        category = category.unwrap_or(""),
        area = area.unwrap_or(""),
    );
    let io = |source| NewError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(path.parent().expect("has parent")).map_err(io)?;
    std::fs::write(&path, text).map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hepburn_romaji_joined_by_hyphens() {
        assert_eq!(
            id_from_reading("くらし まるごと そうだんしつ"),
            "kurashi-marugoto-soudanshitsu"
        );
        assert_eq!(id_from_reading("こども しょくどう"), "kodomo-shokudou");
        assert!(id_from_reading(&"あ".repeat(60)).len() <= 40);
        assert!(valid_id(&id_from_reading("ＮＰＯ ほうじん")));
    }
}
