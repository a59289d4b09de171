//! `/data/entries.csv`, one row per entry, for a prefecture's
//! portal, a referral tool or Excel. UTF-8 with a byte-order mark and CRLF line ends (what
//! Excel on Japanese Windows opens without garbling); the column names of the Digital
//! Agency's 自治体標準オープンデータセット where one exists (ID, 名称, 名称_カナ …), then the
//! fields of tsunagu's own. Cells with several values are joined with `;`, the standard's
//! separator.

use std::io::{self, Write};

use crate::content::model::{Entry, PhoneKind};
use crate::taxonomy::Taxonomy;
use crate::validate::Site;

/// The columns, in order.
pub const COLUMNS: [&str; 36] = [
    "ID",
    "名称",
    "名称_カナ",
    "名称_英字",
    "所在地_連結表記",
    "郵便番号",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "FAX番号",
    "連絡先メールアドレス",
    "URL",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "説明",
    "バリアフリー情報",
    "団体名",
    "備考",
    "分類",
    "地域",
    "対象者",
    "タグ",
    "対象・条件",
    "利用料金",
    "利用方法",
    "まず何をするか",
    "秘密厳守",
    "匿名可",
    "対応言語",
    "交通",
    "休業日",
    "所属",
    "更新日",
];

const DAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

fn names(tax: &Taxonomy, refs: &[crate::content::model::Ref]) -> String {
    refs.iter()
        .map(|r| tax.get(&r.id).map_or(r.id.as_str(), |t| t.name.as_str()))
        .collect::<Vec<_>>()
        .join(";")
}

/// A number with its label, as open-data files write them: `06-6431-8800（代表）`.
fn numbered(p: &crate::content::model::Phone) -> String {
    match &p.label {
        Some(l) => format!("{}（{l}）", p.number),
        None => p.number.clone(),
    }
}

fn row(site: &Site, e: &Entry) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let voice: Vec<_> = e
        .phones
        .iter()
        .filter(|p| p.kind != PhoneKind::Fax)
        .collect();
    let fax: Vec<_> = e
        .phones
        .iter()
        .filter(|p| p.kind == PhoneKind::Fax)
        .collect();
    let rule = e.schedule.rules.first();
    let yes = |b: bool| if b { "1" } else { "" }.to_string();
    let h = &e.help;
    vec![
        e.id.clone(),
        e.title.clone(),
        opt(&e.kana),
        opt(&e.title_en),
        opt(&e.address),
        opt(&e.postal_code),
        e.location
            .as_ref()
            .map(|l| l.lat.to_string())
            .unwrap_or_default(),
        e.location
            .as_ref()
            .map(|l| l.lon.to_string())
            .unwrap_or_default(),
        voice
            .iter()
            .map(|p| numbered(p))
            .collect::<Vec<_>>()
            .join(";"),
        voice
            .iter()
            .filter_map(|p| p.ext.as_deref())
            .collect::<Vec<_>>()
            .join(";"),
        fax.iter()
            .map(|p| numbered(p))
            .collect::<Vec<_>>()
            .join(";"),
        opt(&e.email),
        opt(&e.url),
        rule.map(|r| {
            r.days
                .iter()
                .map(|d| DAYS_JA[d.num_days_from_monday() as usize])
                .collect::<Vec<_>>()
                .join(";")
        })
        .unwrap_or_default(),
        rule.map(|r| r.opens.hhmm()).unwrap_or_default(),
        rule.map(|r| r.closes.hhmm()).unwrap_or_default(),
        opt(&e.hours),
        opt(&e.summary),
        h.accessibility.join(";"),
        opt(&e.organization),
        e.body.trim().to_string(),
        names(&site.categories, &e.categories),
        names(&site.areas, &e.areas),
        e.audiences.join(";"),
        e.tags.join(";"),
        opt(&h.eligibility),
        opt(&h.fees),
        h.how_to_use
            .iter()
            .map(|u| u.name())
            .collect::<Vec<_>>()
            .join(";"),
        opt(&h.next_steps),
        yes(h.confidential),
        yes(h.anonymous),
        h.languages.join(";"),
        opt(&h.access),
        e.schedule
            .closed
            .iter()
            .map(|c| c.written())
            .collect::<Vec<_>>()
            .join(";"),
        e.part_of.as_ref().map(|r| r.id.clone()).unwrap_or_default(),
        e.updated.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

/// Writes `/data/entries.csv` of the site, entries in id order.
pub fn write_entries_csv(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS)?;
    let mut entries: Vec<&Entry> = site.entries.iter().map(|e| e.as_ref()).collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    for e in entries {
        w.write_record(row(site, e))?;
    }
    w.flush()
}
