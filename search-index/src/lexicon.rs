//! The query lexicon: what a query's words are without lindera (native and wasm alike).
//!
//! The index is written with IPADIC (lindera); the browser cannot carry IPADIC. So queries
//! are segmented against the index's own vocabulary (see [`crate::segment`]) plus this
//! lexicon, which knows
//! - the **function words** (particles, auxiliaries, non-independent and generic verbs,
//!   pronouns …; `data/function-words.txt`), which never decide a match;
//! - the **conjugations** of every verb and adjective the index or the thesaurus uses, made
//!   from their dictionary forms and IPADIC's conjugation types (`data/conjugations.tsv`):
//!   `返せない` is 返せ (a form of 返す, and of 返せる) + ない.
//!
//! Both data files are generated from Debian's IPADIC sources by
//! `cargo run -p search-index --example gen_lexicon` with the rule [`is_function`]; the
//! per-site list of verbs and adjectives is written at build time (see [`LexiconWords`]).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::normalize::normalize;

/// Generic verbs, adjectives and adverbs: they are in almost every sentence and say
/// nothing about which desk a resident needs (する, ある, いる, なる, できる, ない, どう,
/// もう, とても …).
#[rustfmt::skip]
pub const STOP_BASES: &[&str] = &[
    "する", "ある", "いる", "なる", "できる", "ない", "いい", "よい", "良い", "おる", "いう", "言う",
    "思う", "くれる", "もらう", "れる", "られる", "せる", "させる", "ござる", "です", "ます",
    "知れる", "しれる",
    // adverbs
    "どう", "どうして", "なぜ", "なんで", "もう", "まだ", "ずっと", "とても", "すごく", "全然",
    "ちょっと", "よく", "また", "すぐ", "いつも", "少し", "すこし", "たくさん", "ほんとう", "本当",
    "なんか", "なんとか", "どうにか", "やっぱり", "やはり", "かなり", "もっと", "一番", "まず",
    "なんだか", "しばらく", "まったく", "全く", "ぜんぜん", "なかなか", "だんだん", "ほとんど",
    "とにかく", "そろそろ", "ちゃんと",
];

/// How long, after a number (`2か月`, `3週間`): said in passing as [`TIME_WORDS`] are, and
/// so is the number before them (the query planner's `read`). Function words wherever
/// they are (`年間行事` keeps 行事; no thesaurus phrase needs them). One-character counters
/// (`年`, `日`) are weak words already; `時間` and `年代` are words.
#[rustfmt::skip]
pub const SPAN_COUNTERS: &[&str] = &[
    "か月", "カ月", "ヵ月", "ヶ月", "ケ月", "箇月", "個月", "週間", "日間", "年間", "分間",
    "秒間", "年余", "年来", "か年", "カ年", "ヵ年", "ヶ年", "ケ年", "箇年", "個年",
];

/// [`SPAN_COUNTERS`] as typed without kanji (`3かげつ`, `2しゅうかん`): some of
/// [`KANA_COUNTERS`].
const KANA_SPAN_COUNTERS: &[&str] = &["かげつ", "かげつかん", "しゅうかん", "にちかん", "ねんかん"];

/// Whether a piece after a number says how long (`2か月`, `3かげつ`).
pub fn is_span(piece: &str) -> bool {
    SPAN_COUNTERS.contains(&piece) || KANA_SPAN_COUNTERS.contains(&piece)
}

/// What is left, before a number (`あと1か月`, `残り3日`): said in passing, as the span is.
pub const REMAINING: &[&str] = &["あと", "後", "残り"];

/// When something happens, said in passing (`毎日`, `来月`, `最近`): no need is named by
/// it. (Times that desks answer to stay words: 夜, 夜中, 休日, 平日, 週末; `あと` stays a
/// word for `親なきあと`, except before a number: [`REMAINING`].)
#[rustfmt::skip]
pub const TIME_WORDS: &[&str] = &[
    "今日", "きょう", "明日", "あした", "あす", "昨日", "きのう", "今", "いま", "最近",
    "毎日", "毎晩", "毎朝", "毎週", "毎月", "毎年", "今月", "来月", "先月", "今週", "来週",
    "先週", "今年", "来年", "去年", "先日", "このごろ", "この頃", "近頃", "以前", "昔",
    "むかし", "普段", "ふだん", "今度", "こんど", "今回", "前回", "今後", "今朝", "今夜",
    "今晩", "さっき", "こないだ", "この前", "このあいだ", "この間",
    // as typed without kanji
    "さいきん", "まいにち", "まいばん", "まいあさ", "まいしゅう", "まいつき", "まいとし",
    "こんげつ", "らいげつ", "せんげつ", "こんしゅう", "らいしゅう", "せんしゅう", "ことし",
    "らいねん", "きょねん", "せんじつ", "いぜん", "こんかい", "ぜんかい", "こんご", "けさ",
    "こんや", "こんばん", "このまえ",
];

/// The pieces that negate what comes before them, as queries are cut (返せ|ない, 食べ|へん,
/// おら|ん, でき|ず, 話せま|せん, 行か|なく, 返せ|ないん|です, い|ないし) and as IPADIC cuts a
/// phrase.
#[rustfmt::skip]
pub const NEGATIONS: &[&str] = &[
    "ない", "ないん", "ないし", "なかっ", "なく", "なけれ", "なきゃ", "ず", "ぬ", "ん", "へん",
    "ひん", "せん",
    // なくなる after a verb, grammar there (眠れ|なくなっ|た: see `says_no_longer`)
    "なくなっ", "なくなる", "なくなり", "なくなら", "なくなれ",
    // generic verbs negated, cut as one function word (ゴミ出し|できん)
    "できん", "できない", "できへん", "できひん", "できず", "できなく", "できなかっ",
    "いない", "いなく", "いなかっ", "おらん", "おらへん", "しない", "しなく", "せえへん",
    "ならん", "ならない", "いらん", "いらない", "あかん",
    // Kansai 来ん (出てこん, 帰ってこん)
    "こん",
    // "hard to" (行きづらい, 聞こえにくい, 生きづらさ): as good as "cannot" to a need
    "にくい", "にくく", "にくかっ", "づらい", "づらく", "づらかっ", "づら",
];

/// What joins a negation to [`OBLIGATION_ENDS`] in "must" (行かない|と, 行かなけれ|ば,
/// 行かな|きゃ; Kansai 休ま|な|あかん).
const OBLIGATION_LINKS: &[&str] = &["と", "ば", "ちゃ", "ては", "な", "なきゃ", "なくちゃ"];
/// How "must" ends (…と|いけない, …ば|ならない, …な|あかん).
const OBLIGATION_ENDS: &[&str] = &[
    "いけ",
    "いけない",
    "いかん",
    "なら",
    "ならない",
    "ならん",
    "あかん",
    "だめ",
    "駄目",
];

/// Which of a sentence's pieces say "must" (休まないといけない, 行かなあかん): a negation
/// there is no negation, so `介護で仕事を休まなあかん` does not reach what `仕事がない` does.
pub fn obligation_pieces(pieces: &[&str]) -> Vec<bool> {
    let mut out = vec![false; pieces.len()];
    for i in 1..pieces.len() {
        if OBLIGATION_ENDS.contains(&pieces[i]) && OBLIGATION_LINKS.contains(&pieces[i - 1]) {
            out[i] = true;
            out[i - 1] = true;
            if i >= 2 && is_negation(pieces[i - 2]) {
                out[i - 2] = true;
            }
            // いけ|ない, なら|ない
            if pieces.get(i + 1).is_some_and(|p| is_negation(p)) {
                out[i + 1] = true;
            }
        }
    }
    out
}

/// 誰 as a query and a thesaurus phrase hold it when it says "nobody" (`誰にも言えない`,
/// `誰とも話してない`): a word there, matched only through the thesaurus, though grammar
/// elsewhere (`誰かに`, `誰でも`). See [`nobody_pieces`].
pub const NOBODY: &[&str] = &["誰", "だれ"];

/// Which of a sentence's pieces are a [`NOBODY`] word: 誰 before も or とも, or before
/// に, と or から and then も (not `誰もが`: everyone).
pub fn nobody_pieces(pieces: &[&str]) -> Vec<bool> {
    (0..pieces.len())
        .map(|i| {
            let (next, after) = (pieces.get(i + 1).copied(), pieces.get(i + 2).copied());
            NOBODY.contains(&pieces[i])
                && matches!(
                    (next, after),
                    (Some("も" | "とも"), _) | (Some("に" | "と" | "から"), Some("も"))
                )
                && !(next == Some("も") && after == Some("が"))
        })
        .collect()
}

/// Nouns that, after a verb in its dictionary form, name a place to do it (`住むところがない`,
/// `寝るとこがない`, `泊まる所`, `寝る場所`): but for 場所, grammar to a query's words; the
/// query and the thesaurus's phrases both read them as [`PLACE_WORD`], so
/// `寝るところがない` is the phrase 寝る場所がない (no roof), not 寝られない (no sleep).
/// (`ところが` is how IPADIC cuts ところ + が there.)
pub const PLACE_NOUNS: &[&str] = &["ところ", "とこ", "所", "ところが", "場所"];

/// The word [`PLACE_NOUNS`] are read as.
pub const PLACE_WORD: &str = "場所";

/// Whether `piece`, after the form `verb` of a verb or adjective whose dictionary forms
/// are `bases`, names a place ([`PLACE_NOUNS`]): only after the dictionary form itself,
/// however written (`住むところ`, `すむところ`; not `行ったところ`, "just went", where た
/// comes between).
pub fn says_place(verb: &str, bases: &[String], piece: &str) -> bool {
    PLACE_NOUNS.contains(&piece) && bases.iter().any(|b| is_dictionary_form(verb, b))
}

/// Whether the form `verb` of the verb or adjective `base` is its dictionary form: `base`
/// itself, or typed in kana (`すむ` of 住む: of a verb's forms only that one ends in the
/// kana its dictionary form ends in).
fn is_dictionary_form(verb: &str, base: &str) -> bool {
    verb == base
        || (verb.chars().count() >= 2
            && verb.chars().all(crate::normalize::is_kana)
            && verb.chars().last() == base.chars().last())
}

/// Whether a function word negates (see [`NEGATIONS`]).
pub fn is_negation(piece: &str) -> bool {
    NEGATIONS.contains(&piece)
}

/// Whether a verb's dictionary forms (`bases`) are なくなる: after another verb
/// (`払え|なくなった`, `眠れ|なくなった`) it says "no longer", a negation, not 亡くなる.
pub fn says_no_longer(bases: &[String]) -> bool {
    bases.iter().any(|b| b == "なくなる")
}

/// Whether a verb or adjective form, as a query is cut, negates: a form of なくなる
/// (働け|なくなった) or of ない, or a form ending in a negation (行けん, 食べへん), though
/// not the ん of a te- or ta-form (読ん|で, 住ん|だ): `next` is the piece after it.
pub fn negating_form(surface: &str, bases: &[String], next: Option<&str>) -> bool {
    says_no_longer(bases)
        || bases.iter().any(|b| b == "ない")
        || ["ない", "へん", "ひん", "ず"]
            .iter()
            .any(|n| surface.ends_with(n))
        || (surface.ends_with('ん') && !nasal_te_or_ta(surface, next))
}

/// Whether a form in ん before `next` is the 撥音便 of a te- or ta-form (読ん|で, 住ん|だ,
/// しん|だら), not a negation or a noun.
pub fn nasal_te_or_ta(surface: &str, next: Option<&str>) -> bool {
    surface.ends_with('ん') && next.is_some_and(|n| n.starts_with('で') || n.starts_with('だ'))
}

/// The term a negated thesaurus phrase holds besides its content words (友達がいない:
/// 友達 + `NEGATED`), and a query that negates something: such a phrase applies only to
/// a query that negates too (友だちが死にたいって言ってる is not 友達がいない).
pub const NEGATED: &str = "¬";

/// Verbs of motion, handling, feeling and the like (行く, 来る, 出る, 見る, 感じる …): part of many needs
/// (学校に行けない, 部屋から出てこない), which the thesaurus reads as a whole, but alone
/// they say little about which desk a resident needs: they count for less when entries
/// match only some words.
#[rustfmt::skip]
pub const LIGHT_VERBS: &[&str] = &[
    "行く", "行ける", "来る", "出る", "出す", "見る", "見える", "入る", "入れる", "取る", "持つ",
    "使う", "作る", "つくる", "回る", "始める", "やる", "過ごす", "当たる", "かける", "つく",
    "感じる",
];

/// Verbs that also serve as auxiliaries after a verb's て (〜ていく, 〜てくる, 〜てみる,
/// 〜ておく): their kana are grammar to a query, unless a noun or a particle comes before
/// them (`学校いかない`, `学校にいけない`: 行く). Only these: other kana that grammar spells
/// stay grammar there (`お金がなくて` is ない, not 泣く).
pub const AUXILIARY_VERBS: &[&str] = &["行く", "行ける", "来る", "見る", "置く"];

/// Nouns that say who a need is about (母, 夫, 息子 …), not what it is: in a query they
/// count for less when entries match only some words (`母が同じ話を何回もする` is about
/// forgetting, not mothers).
pub const PERSON_NOUNS: &[&str] = &[
    "母",
    "父",
    "母親",
    "父親",
    "息子",
    "娘",
    "兄",
    "弟",
    "姉",
    "妹",
    "夫",
    "妻",
    "旦那",
    "嫁",
    "彼氏",
    "彼女",
    "祖母",
    "祖父",
    "孫",
    "おかん",
    "おとん",
    "ばあちゃん",
    "じいちゃん",
    "おばあさん",
    "おじいさん",
    "おばあちゃん",
    "おじいちゃん",
    "ばあさん",
    "じいさん",
    "おばさん",
    "おじさん",
    "主人",
    "奥さん",
    "友達",
    "友だち",
    "知人",
    "人",
    "方",
];

/// Suffixes of address (IPADIC's 名詞・接尾・人名): in a query they follow a person
/// (`奥さん`, `田中さん`, `ばあちゃん`) and never decide a match.
pub const ADDRESS_SUFFIXES: &[&str] = &["さん", "ちゃん", "くん", "さま"];

/// Kana that residents write for a word of their own, never for the function word IPADIC
/// also lists them as: `がん` is cancer (大腸がん, がん検診), not a form of がる; `おや` and
/// `いえ` are 親 and 家 (`おやがこわい`, `いえにかえりたくない`), not interjections.
pub const CONTENT_KANA: &[&str] = &["がん", "おや", "いえ"];

/// The thesaurus's service words that say a life is at risk (normalised, terms run
/// together): a query word the thesaurus leads to one counts more in partial results
/// ([`crate::query::plan::CRISIS_WEIGHT`]).
pub const CRISIS_WORDS: &[&str] = &["自殺", "自殺予防"];

/// Kana that a sentence typed without kanji spells with grammar, never the verb they
/// also spell: `ようになった` is よう + に + なっ + た (the particle に and なる), not a form of
/// 担う (になう); `しごとしなあかん` is し + な + あかん (する, "must"), not a form of 死ぬ.
/// (So `しなない`, rarely typed, is no longer 死ぬ; `しにたい`, `しのう` still are.)
pub const GRAMMAR_RUNS: &[&str] = &[
    "になっ",
    "にない",
    "になら",
    "になり",
    "になれ",
    "になる",
    "しな",
];

/// What follows a verb's stem as a sentence is cut (て, た, ない, られ, ます …): a
/// [`CONTENT_KANA`] word before one is the verb it also spells (`いえない`: 言えない), a
/// one-kana stem after a particle and before one is its verb (`へやから で て こない`: 出る).
#[rustfmt::skip]
pub const VERB_ENDINGS: &[&str] = &[
    "て", "てる", "てい", "てこ", "てき", "た", "たい", "たく", "たら", "たり", "ない", "なかっ",
    "なく", "なけれ", "な", "へん", "ひん", "ず", "られ", "られる", "れ", "れる", "ます", "ませ",
    "まし", "させ", "よう",
];

/// One-kana stems of the verbs that also serve as auxiliaries (いる, くる, みる, する): a
/// verb of the site spelled the same (`き` of 着る, `い` of 射る) is not read there.
const AUXILIARY_STEMS: &[&str] = &["い", "き", "く", "こ", "み", "し", "さ", "せ"];

/// Whether `kana` is the one-kana stem of a verb that also serves as an auxiliary
/// ([`AUXILIARY_STEMS`]: し of する, い of いる …).
pub fn is_auxiliary_stem(kana: &str) -> bool {
    AUXILIARY_STEMS.contains(&kana)
}

/// Particles after which a verb spelled like a particle or an auxiliary is the verb
/// (`から で て`, `が で ない`, `を で た`, `に でる`).
const STEM_AFTER: &[&str] = &["が", "を", "に", "から", "は", "も", "へ", "まで", "より"];

/// Whether `piece` is one of the particles after which a verb spelled like a particle
/// or an auxiliary is the verb ([`STEM_AFTER`]).
pub fn is_stem_particle(piece: &str) -> bool {
    STEM_AFTER.contains(&piece)
}

/// Whether the one-kana stem between `before` (None at the start of a chunk) and
/// `after` is a verb (see [`VERB_ENDINGS`]).
pub fn stem_between(before: Option<&str>, after: Option<&str>) -> bool {
    before.is_none_or(is_stem_particle) && after.is_some_and(|a| VERB_ENDINGS.contains(&a))
}

/// The dictionary forms `kana` may be the stem of when it is one kana and `rest` (the
/// function words after it) starts with `んで` or `んだ`: the 撥音便 of a verb in む, ぶ or
/// ぬ, which a sentence typed without kanji cuts into a particle and an ending (`のんだら`:
/// の + ん + だら for 飲んだら). Which of them is a verb is the lexicon's to say
/// ([`Lexicon::short_spelling`]).
pub fn nasal_stem_of(kana: &str, rest: &str) -> Vec<String> {
    let one = kana.chars().count() == 1 && kana.chars().all(crate::normalize::is_kana);
    if one && (rest.starts_with("んで") || rest.starts_with("んだ")) {
        ["む", "ぶ", "ぬ"].map(|end| format!("{kana}{end}")).into()
    } else {
        Vec::new()
    }
}

/// Counters residents type in kana after a number (`80さい`, `3かげつ`, `2ひき`): there they
/// are no words (さい is no form of 咲く), as the number itself only ranks.
#[rustfmt::skip]
pub const KANA_COUNTERS: &[&str] = &[
    "さい", "かい", "かいめ", "にん", "ねん", "ねんかん", "ねんせい", "かげつ", "かげつかん",
    "しゅうかん", "にち", "にちかん", "じかん", "ふん", "ぷん", "ひき", "びき", "ぴき", "まい",
    "ど", "ばん", "だい",
];

/// Function words IPADIC cuts apart that a query's vocabulary would otherwise read as one
/// content word: `され` (する's passive, さ + れ: 無理やりされた) is not a form of さる, `してい`
/// (し + て + い: 孤立している) not the reading of 指定, nor `てい` (行っていない) that of 体,
/// `しない` not that of 市内, `うと` (行こうとしない) not a form of うつ, and `られ` (ら + れ
/// after a verb in る typed in kana: さわられた is さわら + れ, not さ + わ + られ).
pub const JOINED_FUNCTION_WORDS: &[&str] = &["され", "してい", "てい", "しない", "うと", "られ"];

/// Set phrases that IPADIC cuts into pieces a query's vocabulary could read otherwise: one
/// function word each (`どうしよう`, not どうし of 親どうし + よう; `ないん`, ない + the ん of
/// のです in `返せないんです`, not な + いん, which lost the negation; the question endings
/// `うか` of 行こうか and `すか` of ですか, ありますか, not forms of うく and すく, which a
/// site's verbs may hold in kana: お腹をすかせている; でしょうか whole, not ので + しょう).
pub const SET_PHRASES: &[&str] = &[
    "どうしよう",
    "どうしよ",
    "どうしたら",
    "どうすれば",
    "ないん",
    "うか",
    "すか",
    "でしょうか",
    "ましょうか",
    "でしょう",
    "ましょう",
];

/// Whether a word of this IPADIC part of speech (`pos`, first subcategory `sub1`) with
/// dictionary form `base`, written `surface`, is a function word: it is dropped from
/// queries, and from the thesaurus's phrases. Verbs used as auxiliaries (〜ていく, 〜てくる,
/// 〜てみる) are function words only when written in kana: 行く, 来る, 見る in kanji are verbs.
pub fn is_function(pos: &str, sub1: &str, base: &str, surface: &str) -> bool {
    if CONTENT_KANA.contains(&surface) {
        return false;
    }
    match pos {
        "助詞" | "助動詞" | "接続詞" | "連体詞" | "感動詞" | "フィラー" | "記号" | "その他" => {
            true
        }
        "名詞" => {
            matches!(
                sub1,
                "非自立" | "代名詞" | "特殊" | "動詞非自立的" | "接続詞的"
            ) || (sub1 == "副詞可能" && TIME_WORDS.contains(&base))
                || (sub1 == "接尾" && SPAN_COUNTERS.contains(&base))
        }
        "動詞" | "形容詞" => {
            (matches!(sub1, "非自立" | "接尾") && surface.chars().all(crate::normalize::is_kana))
                || STOP_BASES.contains(&base)
        }
        "接頭詞" => matches!(base, "お" | "ご" | "御"),
        "副詞" => STOP_BASES.contains(&base),
        _ => false,
    }
}

/// Whether a part of speech inflects (its forms are generated from the conjugation table).
pub fn inflects(pos: &str) -> bool {
    matches!(pos, "動詞" | "形容詞")
}

static FUNCTION_WORDS: &str = include_str!("../data/function-words.txt");
static CONJUGATIONS: &str = include_str!("../data/conjugations.tsv");

/// The verbs and adjectives of one site (from its index and its thesaurus), with their
/// IPADIC conjugation types: written at build time in the index folder (see
/// [`crate::vocabulary`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconWords {
    /// Conjugation types, referred to by index (`五段・サ行`, `一段` …).
    pub types: Vec<String>,
    /// The words.
    pub words: Vec<LexiconWord>,
}

/// A verb or adjective of a site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LexiconWord {
    /// Dictionary form, normalised (`眠る`).
    #[serde(rename = "b")]
    pub base: String,
    /// Index of its conjugation type in [`LexiconWords::types`].
    #[serde(rename = "t")]
    pub ty: u16,
    /// Its reading when that differs (`ねむる`): residents who do not know the kanji type
    /// the kana (`ねむれない`).
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
}

impl LexiconWords {
    /// Adds a verb or adjective (dictionary form as IPADIC gives it, and its reading).
    pub fn add(&mut self, base: &str, conjugation_type: &str, reading: Option<&str>) {
        let t = match self.types.iter().position(|t| t == conjugation_type) {
            Some(t) => t,
            None => {
                self.types.push(conjugation_type.to_string());
                self.types.len() - 1
            }
        };
        let base = normalize(base);
        let kana = reading.map(normalize).filter(|k| *k != base);
        self.words.push(LexiconWord {
            base,
            ty: t as u16,
            kana,
        });
    }

    /// Sorted and deduplicated (the same words give the same bytes).
    pub fn finish(mut self) -> Self {
        let names = self.types.clone();
        let mut sorted_types = names.clone();
        sorted_types.sort();
        let remap: Vec<u16> = names
            .iter()
            .map(|n| sorted_types.iter().position(|s| s == n).unwrap_or(0) as u16)
            .collect();
        for w in &mut self.words {
            w.ty = remap[w.ty as usize];
        }
        self.types = sorted_types;
        self.words.sort();
        self.words.dedup();
        self
    }
}

/// What the lexicon knows of a surface form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known<'a> {
    /// A function word: never a reason to match.
    Function,
    /// A form of these dictionary forms (content words).
    Forms(&'a [String]),
}

/// Surface forms to what they are (see the module docs).
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    forms: HashMap<String, Vec<String>>,
    function: HashSet<String>,
    /// [`PERSON_NOUNS`], normalised.
    persons: HashSet<String>,
    /// Forms that are only kana spellings of words written in kanji (`になっ` of 担う).
    spellings: HashSet<String>,
    /// Kana spellings of two kana (`たべ` of 食べる) of one verb each, with its dictionary
    /// form: only for sentences typed without kanji (elsewhere they are mostly function
    /// words run together: され, いれ).
    short_spellings: HashMap<String, Vec<String>>,
    /// Two kana spelling a form of one of the [`AUXILIARY_VERBS`] (`いき`: 行く), with those
    /// verbs, whatever else the kana spell.
    auxiliary_spellings: HashMap<String, Vec<String>>,
    /// Verb stems of one kana (`で` of 出る, `ね` of 寝る) of one verb each, with its
    /// dictionary form: read as the verb only where a sentence typed without kanji leaves
    /// no other reading (see [`Lexicon::one_kana_stem`]).
    one_kana_stems: HashMap<String, Vec<String>>,
}

/// The plain verb a potential verb (一段, e-row + る) would come from: `行ける` -> 行く,
/// `返せる` -> 返す, `働ける` -> 働く. Only a candidate: whether it is a 五段 verb is the
/// dictionary's (at build time) or the site lexicon's (at query time) to say. Pairs of a
/// transitive and an intransitive verb pass too (入れる -> 入る, 続ける -> 続く): close
/// enough for search.
pub fn plain_of_potential(base: &str) -> Option<String> {
    const E_TO_U: [(char, char); 9] = [
        ('え', 'う'),
        ('け', 'く'),
        ('げ', 'ぐ'),
        ('せ', 'す'),
        ('て', 'つ'),
        ('ね', 'ぬ'),
        ('べ', 'ぶ'),
        ('め', 'む'),
        ('れ', 'る'),
    ];
    let stem = base.strip_suffix('る')?;
    let mut chars: Vec<char> = stem.chars().collect();
    let last = chars.pop()?;
    let u = E_TO_U.iter().find(|(e, _)| *e == last)?.1;
    (!chars.is_empty()).then(|| chars.into_iter().chain([u]).collect())
}

/// The conjugation table: per type, (suffix of the dictionary form, suffix of a form).
fn conjugations() -> &'static HashMap<&'static str, Vec<(&'static str, &'static str)>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<(&'static str, &'static str)>>> =
        OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for line in CONJUGATIONS.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            if let (Some(ty), Some(b), Some(s)) = (cols.next(), cols.next(), cols.next()) {
                t.entry(ty).or_default().push((b, s));
            }
        }
        t
    })
}

/// A kana spelling's volitional stem with the う that follows it (`あるこ` of 歩く is
/// `あるこう`, `しの` of 死ぬ `しのう`): alone, such kana are mostly the start of other
/// words (ある + この, あ + しの + ふみ), read as the verb in sentences typed without kanji.
/// (A form ending in an o-row kana is a volitional stem; 一段's imperative in よ/ろ, rare
/// in queries, goes with it.)
fn with_volitional_u(form: String) -> String {
    if form.ends_with(['こ', 'ご', 'そ', 'と', 'の', 'ぼ', 'も', 'ろ', 'お', 'よ']) {
        form + "う"
    } else {
        form
    }
}

/// The forms of `base` (a dictionary form of conjugation type `ty`), itself included.
/// An adjective's bare stem (used before がる and そう: しんど of しんどい) is one only when
/// longer than one character (two in kana): `高` of 高い would cut other words apart
/// (高齢者). A 五段 verb's bare stem (IPADIC's 体言接続特殊２ of ラ行: `回` of 回る) is
/// none: in a query it is a noun (`何回`), and the verb's other forms cover the rest.
pub fn forms_of(base: &str, ty: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let adjective = ty.starts_with("形容詞");
    let godan = ty.starts_with("五段");
    for &(b, s) in conjugations().get(ty).map(Vec::as_slice).unwrap_or(&[]) {
        if let Some(stem) = base.strip_suffix(b) {
            let form = normalize(&format!("{stem}{s}"));
            // An adjective's bare stem (しんど of しんどい) only when it is 2 characters or
            // more, 3 in kana (`いた` of いたい is in みていた, `くら` of くらい in ふくらんで).
            let min = if form.chars().all(crate::normalize::is_kana) {
                3
            } else {
                2
            };
            let short_stem = adjective && s.is_empty() && form.chars().count() < min;
            let godan_stem = godan && s.is_empty() && !b.is_empty();
            let keep = !form.is_empty() && !short_stem && !godan_stem;
            if keep && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

impl Lexicon {
    /// The lexicon of a site's verbs and adjectives, with every function word.
    pub fn new(words: &LexiconWords) -> Lexicon {
        let function: HashSet<String> = FUNCTION_WORDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .chain(ADDRESS_SUFFIXES.iter().copied())
            .chain(JOINED_FUNCTION_WORDS.iter().copied())
            .chain(SET_PHRASES.iter().copied())
            .chain(TIME_WORDS.iter().copied())
            .map(normalize)
            .collect();
        let persons = PERSON_NOUNS.iter().map(|p| normalize(p)).collect();
        let mut forms: HashMap<String, Vec<String>> = HashMap::new();
        let mut written: HashSet<String> = HashSet::new();
        let mut spellings: HashSet<String> = HashSet::new();
        let mut short_spellings: HashMap<String, Vec<String>> = HashMap::new();
        let mut one_kana_stems: HashMap<String, Vec<String>> = HashMap::new();
        for w in &words.words {
            let Some(ty) = words.types.get(w.ty as usize) else {
                continue;
            };
            // Kana spellings only as 3 or more kana: shorter ones (され, いれ) are mostly
            // function words run together.
            let (kana_forms, short): (Vec<String>, Vec<String>) = w
                .kana
                .iter()
                .flat_map(|k| forms_of(k, ty))
                .map(with_volitional_u)
                .partition(|f| f.chars().count() >= 3);
            for f in short {
                let map = match f.chars().count() {
                    2 => &mut short_spellings,
                    1 => &mut one_kana_stems,
                    _ => continue,
                };
                let bases = map.entry(f).or_default();
                if !bases.contains(&w.base) {
                    bases.push(w.base.clone());
                }
            }
            let own = forms_of(&w.base, ty);
            written.extend(own.iter().cloned());
            spellings.extend(kana_forms.iter().cloned());
            for form in own.into_iter().chain(kana_forms) {
                let bases = forms.entry(form).or_default();
                if !bases.contains(&w.base) {
                    bases.push(w.base.clone());
                }
            }
        }
        // A potential verb (働ける) is also the plain verb it comes from, when the site has
        // that verb (働く): a resident who can work somewhere (働ける場所) is looking for
        // work (働く). IPADIC keeps them apart.
        let godan: HashSet<&str> = words
            .words
            .iter()
            .filter(|w| {
                words
                    .types
                    .get(w.ty as usize)
                    .is_some_and(|t| t.starts_with("五段"))
            })
            .map(|w| w.base.as_str())
            .collect();
        for w in &words.words {
            let ichidan = words
                .types
                .get(w.ty as usize)
                .is_some_and(|t| t.starts_with("一段"));
            let Some(plain) =
                plain_of_potential(&w.base).filter(|p| ichidan && godan.contains(p.as_str()))
            else {
                continue;
            };
            for bases in forms.values_mut() {
                if bases.contains(&w.base) && !bases.contains(&plain) {
                    bases.push(plain.clone());
                }
            }
        }
        // A verb the site writes in kana (やめる, from a thesaurus phrase) is also the one
        // verb it writes in kanji with that reading (辞める): each form of one is a form of
        // both. Not when several share the reading (やむ: 止む or 病む?).
        let mut kanji_of: HashMap<&str, Vec<&str>> = HashMap::new();
        for w in &words.words {
            if let Some(k) = &w.kana {
                kanji_of.entry(k).or_default().push(&w.base);
            }
        }
        for bases in forms.values_mut() {
            let more: Vec<String> = bases
                .iter()
                .filter_map(|b| match kanji_of.get(b.as_str()).map(Vec::as_slice) {
                    Some([one]) => Some(one.to_string()),
                    _ => None,
                })
                .collect();
            for k in more {
                if !bases.contains(&k) {
                    bases.push(k);
                }
            }
            bases.sort();
        }
        spellings.retain(|s| !written.contains(s));
        // (the auxiliaries' among them before the ambiguous are dropped: `いき` of 行く and
        // 生きる)
        let mut auxiliary_spellings = short_spellings.clone();
        auxiliary_spellings.retain(|_, bases| {
            bases.retain(|b| AUXILIARY_VERBS.contains(&b.as_str()));
            !bases.is_empty()
        });
        // (only a spelling of one verb, or of a verb and its potential, `いけ` of 行く and
        // 行ける: `やめ` could be 辞める, 止む or 病む)
        short_spellings.retain(|_, bases| match bases.as_slice() {
            [_] => true,
            [a, b] => {
                let of = |p: &String, v: &String| plain_of_potential(p).as_ref() == Some(v);
                of(a, b) || of(b, a)
            }
            _ => false,
        });
        one_kana_stems
            .retain(|k, bases| bases.len() == 1 && !AUXILIARY_STEMS.contains(&k.as_str()));
        Lexicon {
            forms,
            function,
            persons,
            spellings,
            short_spellings,
            auxiliary_spellings,
            one_kana_stems,
        }
    }

    /// What `surface` (normalised) is: a function word first (`ない` is the auxiliary,
    /// not a form of 泣く written in kana), else a form of the site's content words; `None`
    /// if the lexicon does not know it.
    pub fn get(&self, surface: &str) -> Option<Known<'_>> {
        if self.function.contains(surface) {
            return Some(Known::Function);
        }
        self.forms.get(surface).map(|bases| Known::Forms(bases))
    }

    /// The forms of content words the lexicon knows (to segment queries with).
    pub fn forms(&self) -> impl Iterator<Item = &String> {
        self.forms.keys()
    }

    /// The dictionary forms of a kana spelling of two kana (`たべ` -> 食べる), for
    /// sentences typed without kanji; empty if none.
    pub fn short_spelling(&self, surface: &str) -> &[String] {
        self.short_spellings.get(surface).map_or(&[], Vec::as_slice)
    }

    /// The [`AUXILIARY_VERBS`] two kana spell a form of (`いき` -> 行く), even when they
    /// spell another verb too (生きる); empty if none.
    pub fn auxiliary_spelling(&self, surface: &str) -> &[String] {
        self.auxiliary_spellings
            .get(surface)
            .map_or(&[], Vec::as_slice)
    }

    /// The dictionary form of a verb whose stem is the one kana `surface` (`で` -> 出る),
    /// for sentences typed without kanji; empty if none. Such a kana is also a particle or
    /// an auxiliary: the caller decides from what is around it ([`VERB_ENDINGS`]).
    pub fn one_kana_stem(&self, surface: &str) -> &[String] {
        self.one_kana_stems.get(surface).map_or(&[], Vec::as_slice)
    }

    /// Whether the form `surface` is only a kana spelling of a word written in kanji
    /// (`になっ` of 担う, `ねむれ` of 眠れる).
    pub fn is_spelling(&self, surface: &str) -> bool {
        self.spellings.contains(surface)
    }

    /// Whether `word` (normalised) is a person noun ([`PERSON_NOUNS`]).
    pub fn is_person(&self, word: &str) -> bool {
        self.persons.contains(word)
    }

    /// The person nouns, normalised (to segment queries with: `おばあさん` is one word even
    /// when no entry has it).
    pub fn persons(&self) -> impl Iterator<Item = &String> {
        self.persons.iter()
    }

    /// The function words (to segment queries with).
    pub fn function_words(&self) -> impl Iterator<Item = &String> {
        self.function.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[(&str, &str)]) -> Lexicon {
        let mut w = LexiconWords::default();
        for (b, t) in words {
            w.add(b, t, None);
        }
        Lexicon::new(&w.finish())
    }

    #[test]
    fn a_potential_verb_is_also_the_plain_verb_the_site_has() {
        let l = lexicon(&[
            ("働ける", "一段"),
            ("働く", "五段・カ行イ音便"),
            ("食べる", "一段"),
        ]);
        let bases = |s: &str| match l.get(s) {
            Some(Known::Forms(b)) => b.to_vec(),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(bases("働ける"), ["働く", "働ける"]);
        assert_eq!(bases("働けれ"), ["働く", "働ける"]);
        // 食べる has no 五段 食ぶ on the site
        assert_eq!(bases("食べる"), ["食べる"]);
    }

    #[test]
    fn kana_spellings_find_the_kanji_word() {
        let mut w = LexiconWords::default();
        w.add("眠る", "五段・ラ行", Some("ねむる"));
        let l = Lexicon::new(&w.finish());
        assert_eq!(l.get("ねむれ"), Some(Known::Forms(&["眠る".into()])));
        assert_eq!(l.get("眠れ"), Some(Known::Forms(&["眠る".into()])));
    }

    #[test]
    fn one_kana_stems_are_kept_for_one_verb_and_never_for_an_auxiliary() {
        let mut w = LexiconWords::default();
        w.add("出る", "一段", Some("でる"));
        w.add("着る", "一段", Some("きる"));
        w.add("寝る", "一段", Some("ねる"));
        w.add("煮る", "一段", Some("にる"));
        w.add("似る", "一段", Some("にる"));
        let l = Lexicon::new(&w.finish());
        assert_eq!(l.one_kana_stem("で"), ["出る"]);
        assert_eq!(l.one_kana_stem("ね"), ["寝る"]);
        assert!(l.one_kana_stem("き").is_empty(), "き is also くる's stem");
        assert!(l.one_kana_stem("に").is_empty(), "煮る or 似る");
        // where it is a verb: after a particle (or first), before a verb ending
        assert!(stem_between(Some("から"), Some("て")));
        assert!(stem_between(None, Some("ない")));
        assert!(!stem_between(Some("から"), Some("の")));
        assert!(
            !stem_between(Some(""), Some("て")),
            "after a word it is a particle"
        );
    }

    #[test]
    fn a_kana_spelling_stands_for_a_kanji_verb_only_when_it_is_the_only_one() {
        let mut w = LexiconWords::default();
        w.add("食べる", "一段", Some("たべる"));
        w.add("辞める", "一段", Some("やめる"));
        w.add("止む", "五段・マ行", Some("やむ"));
        w.add("病む", "五段・マ行", Some("やむ"));
        // verbs a thesaurus writes in kana
        w.add("やめる", "一段", None);
        w.add("やむ", "五段・マ行", None);
        let l = Lexicon::new(&w.finish());
        // two kana: only in sentences typed without kanji, and only of one verb
        assert_eq!(l.short_spelling("たべ"), ["食べる"]);
        assert!(l.short_spelling("やめ").is_empty(), "辞める, 止む or 病む");
        // the kana verb やめる is 辞める; やむ is 止む or 病む, so neither
        let Some(Known::Forms(bases)) = l.get("やめ") else {
            panic!("{:?}", l.get("やめ"));
        };
        assert!(bases.contains(&"辞める".to_string()), "{bases:?}");
        assert!(!bases.contains(&"病む".to_string()), "{bases:?}");
    }

    #[test]
    fn a_volitional_stem_in_kana_is_a_form_only_with_its_u() {
        let mut w = LexiconWords::default();
        w.add("歩く", "五段・カ行イ音便", Some("あるく"));
        w.add("死ぬ", "五段・ナ行", Some("しぬ"));
        let l = Lexicon::new(&w.finish());
        assert_eq!(l.get("あるこ"), None, "ある + この");
        assert_eq!(l.get("あるこう"), Some(Known::Forms(&["歩く".into()])));
        assert!(l.short_spelling("しの").is_empty(), "あ + しの + ふみ");
        assert_eq!(l.get("しのう"), Some(Known::Forms(&["死ぬ".into()])));
        assert_eq!(l.get("あるき"), Some(Known::Forms(&["歩く".into()])));
    }

    #[test]
    fn verbs_and_adjectives_know_their_forms() {
        let l = lexicon(&[
            ("返す", "五段・サ行"),
            ("返せる", "一段"),
            ("しんどい", "形容詞・アウオ段"),
        ]);
        assert_eq!(
            l.get("返せ"),
            Some(Known::Forms(&["返す".into(), "返せる".into()]))
        );
        assert_eq!(l.get("返さ"), Some(Known::Forms(&["返す".into()])));
        assert_eq!(l.get("しんどく"), Some(Known::Forms(&["しんどい".into()])));
        assert_eq!(l.get("ない"), Some(Known::Function));
        let l = lexicon(&[("なく", "五段・カ行イ音便")]);
        assert_eq!(l.get("ない"), Some(Known::Function), "not 泣く's イ音便");
        assert_eq!(l.get("が"), Some(Known::Function));
        assert_eq!(l.get("られ"), Some(Known::Function));
        let l = lexicon(&[("さる", "五段・ラ行")]);
        assert_eq!(
            l.get("され"),
            Some(Known::Function),
            "する's passive, not さる"
        );
        assert_eq!(l.get("ローン"), None);
    }

    #[test]
    fn only_verb_stems_that_stand_alone_are_forms() {
        assert!(!forms_of("高い", "形容詞・アウオ段").contains(&"高".to_string()));
        assert!(forms_of("しんどい", "形容詞・アウオ段").contains(&"しんど".to_string()));
        assert!(!forms_of("いたい", "形容詞・アウオ段").contains(&"いた".to_string()));
        assert!(forms_of("苦しい", "形容詞・イ段").contains(&"苦し".to_string()));
        assert!(forms_of("高い", "形容詞・アウオ段").contains(&"高く".to_string()));
        assert!(forms_of("出る", "一段").contains(&"出".to_string()));
        assert!(!forms_of("回る", "五段・ラ行").contains(&"回".to_string()));
        assert!(forms_of("回る", "五段・ラ行").contains(&"回ら".to_string()));
    }

    #[test]
    fn function_words_follow_the_part_of_speech_rule() {
        assert!(is_function("助詞", "格助詞", "が", "が"));
        assert!(is_function("動詞", "自立", "する", "する"));
        assert!(is_function("名詞", "代名詞", "どこ", "どこ"));
        assert!(!is_function("動詞", "自立", "返す", "返す"));
        assert!(!is_function("名詞", "一般", "ローン", "ローン"));
        assert!(!is_function("副詞", "一般", "丸ごと", "丸ごと"));
        assert!(!is_function("接頭詞", "名詞接続", "不", "不"));
        assert!(is_function("名詞", "副詞可能", "毎日", "毎日"));
        assert!(is_function("名詞", "副詞可能", "来月", "来月"));
        assert!(!is_function("名詞", "副詞可能", "夜中", "夜中"));
        assert!(!is_function("名詞", "副詞可能", "休日", "休日"));
        assert!(
            is_function("名詞", "接尾", "か月", "か月"),
            "2か月 says how long"
        );
        assert!(is_function("名詞", "接尾", "週間", "週間"));
        assert!(
            !is_function("名詞", "接尾", "時間", "時間"),
            "時間がない is a need"
        );
        assert!(is_function("動詞", "非自立", "いく", "いか"));
        assert!(!is_function("動詞", "非自立", "行く", "行か"));
        assert!(
            !is_function("動詞", "接尾", "がる", "がん"),
            "がん is cancer"
        );
    }

    #[test]
    fn must_is_no_negation() {
        let must = |p: &[&str]| obligation_pieces(p);
        assert_eq!(
            must(&["休ま", "ない", "と", "いけ", "ない"]),
            [false, true, true, true, true]
        );
        assert_eq!(must(&["休ま", "な", "あかん"]), [false, true, true]);
        assert_eq!(
            must(&["行か", "なけれ", "ば", "なら", "ない"]),
            [false, true, true, true, true]
        );
        assert_eq!(must(&["お金", "が", "ない"]), [false, false, false]);
        assert_eq!(must(&["もう", "あかん"]), [false, false]);
    }

    #[test]
    fn dare_before_mo_says_nobody() {
        let nobody = |q: &[&str]| nobody_pieces(q);
        assert_eq!(
            nobody(&["誰", "に", "も", "言え", "ない"]),
            [true, false, false, false, false]
        );
        assert!(nobody(&["誰", "とも", "話さ", "ない"])[0]);
        assert!(nobody(&["だれ", "も", "い", "ない"])[0]);
        assert!(!nobody(&["誰", "か", "に"])[0]);
        assert!(!nobody(&["誰", "でも"])[0]);
        assert!(!nobody(&["誰", "に"])[0]);
        assert!(
            !nobody(&["誰", "も", "が", "使える"])[0],
            "誰もが is everyone"
        );
    }

    #[test]
    fn a_span_is_one_in_kanji_or_typed_in_kana_but_not_a_count() {
        assert!(is_span("週間") && is_span("か月") && is_span("かげつ") && is_span("しゅうかん"));
        assert!(!is_span("かい") && !is_span("さい") && !is_span("時間"));
        // (the kana sentence reader knows them as counters)
        assert!(KANA_SPAN_COUNTERS.iter().all(|s| KANA_COUNTERS.contains(s)));
    }

    #[test]
    fn set_phrases_adverbs_and_kansai_kon_are_grammar() {
        let lex = Lexicon::new(&LexiconWords::default());
        for w in ["どうしよう", "しばらく", "なんだか", "まったく"] {
            assert_eq!(lex.get(w), Some(Known::Function), "{w}");
        }
        assert!(is_negation("こん"), "出てこん is 出てこない");
    }

    #[test]
    fn negating_forms_are_told_from_te_and_ta_forms() {
        let b = |s: &str| vec![s.to_string()];
        assert!(negating_form("行けん", &b("行ける"), None));
        assert!(negating_form("食べへん", &b("食べる"), Some("し")));
        assert!(negating_form("なくなっ", &b("なくなる"), Some("た")));
        assert!(!negating_form("読ん", &b("読む"), Some("で")));
        assert!(!negating_form("住ん", &b("住む"), Some("だ")));
        assert!(!negating_form("返せ", &b("返す"), Some("る")));
    }
}
