#!/usr/bin/env python3
"""Generate a synthetic community resource directory for benchmarks.

Writes N entries in tsunagu's content format (shared/spec/content-format.md) under
`--out DIR` (DIR/content/...), and with `--hugo DIR` the SAME entries as a Hugo site
(content/entries/<id>.md with areas and categories as taxonomies, plus a minimal layout
set and a Pagefind search page), so that `tsunagu build` and `hugo && pagefind` render
and index comparable sites.

Deterministic: the same --n and --seed give byte-identical files. Python 3 stdlib only.

    python3 bench/gen_site.py --n 1000 --seed 1 --out /tmp/site --hugo /tmp/hugo-site

The vocabulary (titles such as 〇〇地域包括支援センター, 子ども食堂, 相談窓口, サロン;
summaries, tags, audiences, the category tree) is taken from the sample directory in
content/, so the text looks like what coordinators write.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import sys
import unicodedata

# ---- taxonomies -----------------------------------------------------------------------

# 10 cities x 6 districts. (id, name, kana, area code, subscriber digits as (a, b) groups)
CITIES = [
    ("amagasaki", "尼崎市", "あまがさきし", "06", (4, 4)),
    ("nishinomiya", "西宮市", "にしのみやし", "0798", (2, 4)),
    ("ashiya", "芦屋市", "あしやし", "0797", (2, 4)),
    ("itami", "伊丹市", "いたみし", "072", (3, 4)),
    ("takarazuka", "宝塚市", "たからづかし", "0797", (2, 4)),
    ("kawanishi", "川西市", "かわにしし", "072", (3, 4)),
    ("sanda", "三田市", "さんだし", "079", (3, 4)),
    ("kato", "加東市", "かとうし", "0795", (2, 4)),
    ("hannan", "阪南市", "はんなんし", "072", (3, 4)),
    ("sennan", "泉南市", "せんなんし", "072", (3, 4)),
]
DISTRICTS = [
    ("chuo", "中央", "ちゅうおう"),
    ("hokubu", "北部", "ほくぶ"),
    ("nanbu", "南部", "なんぶ"),
    ("tobu", "東部", "とうぶ"),
    ("seibu", "西部", "せいぶ"),
    ("yamate", "山手", "やまて"),
]

# Place names used in titles (町・校区), with readings.
PLACES = [
    ("立花", "たちばな"), ("武庫", "むこ"), ("園田", "そのだ"), ("小田", "おだ"), ("大庄", "おおしょう"),
    ("潮見", "しおみ"), ("精道", "せいどう"), ("打出", "うちで"), ("東山手", "ひがしやまて"),
    ("西山手", "にしやまて"), ("尾崎", "おざき"), ("桑畑", "くわはた"), ("鳥取", "とっとり"),
    ("社", "やしろ"), ("滝野", "たきの"), ("東条", "とうじょう"), ("塚口", "つかぐち"),
    ("杭瀬", "くいせ"), ("浜田", "はまだ"), ("若王寺", "なこうじ"), ("甲子園", "こうしえん"),
    ("鳴尾", "なるお"), ("夙川", "しゅくがわ"), ("苦楽園", "くらくえん"), ("山本", "やまもと"),
    ("中山", "なかやま"), ("逆瀬川", "さかせがわ"), ("小林", "おばやし"), ("多田", "ただ"),
    ("緑台", "みどりだい"), ("畦野", "うねの"), ("広野", "ひろの"), ("相野", "あいの"),
    ("藍本", "あいもと"), ("新家", "しんげ"), ("樽井", "たるい"), ("信達", "しんだち"),
    ("桃の木台", "もものきだい"), ("箱作", "はこつくり"), ("尾崎町", "おざきちょう"),
    ("稲野", "いなの"), ("荻野", "おぎの"), ("池尻", "いけじり"), ("昆陽", "こや"),
    ("南野", "みなみの"), ("緑ケ丘", "みどりがおか"), ("花屋敷", "はなやしき"), ("栄根", "さかね"),
]
CHOME = [("一", "いっ"), ("二", "に"), ("三", "さん"), ("四", "よん"), ("五", "ご")]

# The category tree of the sample directory (content/categories.yaml): 30 categories.
CATEGORIES = [
    ("soudan", "相談窓口", "そうだんまどぐち", None),
    ("marugoto-soudan", "まるごと相談（福祉の総合相談）", "まるごとそうだん ふくしのそうごうそうだん", "soudan"),
    ("kodomo-kosodate", "子ども・子育て", "こども こそだて", "soudan"),
    ("koureisha-kaigo", "高齢者・介護", "こうれいしゃ かいご", "soudan"),
    ("shogai", "障害（障がい）", "しょうがい", "soudan"),
    ("seikatsu-konkyu", "生活困窮・お金・しごと", "せいかつこんきゅう おかね しごと", "soudan"),
    ("seikatsu-hogo", "生活保護", "せいかつほご", "seikatsu-konkyu"),
    ("hikikomori", "ひきこもり", "ひきこもり", "soudan"),
    ("kokoro", "こころの健康・いのち", "こころのけんこう いのち", "soudan"),
    ("sumai", "住まい", "すまい", "soudan"),
    ("gomi-doubutsu", "ごみ屋敷・多頭飼育", "ごみやしき たとうしいく", "soudan"),
    ("gaikokujin", "外国人", "がいこくじん", "soudan"),
    ("josei-dv", "女性・DV", "じょせい でぃーぶい", "soudan"),
    ("houritsu-kenri", "法律・権利擁護", "ほうりつ けんりようご", "soudan"),
    ("tachinaori", "立ち直り支援（再犯防止）", "たちなおりしえん さいはんぼうし", "soudan"),
    ("ibasho", "居場所", "いばしょ", None),
    ("kodomo-shokudo", "子ども食堂・地域食堂", "こどもしょくどう ちいきしょくどう", "ibasho"),
    ("salon-cafe", "サロン・カフェ・つどい場", "さろん かふぇ つどいば", "ibasho"),
    ("kosodate-hiroba", "子育てひろば", "こそだてひろば", "ibasho"),
    ("kaigo-yobou", "介護予防・通いの場", "かいごよぼう かよいのば", "ibasho"),
    ("shakai-sanka", "就労・社会参加", "しゅうろう しゃかいさんか", None),
    ("nouen", "農園・農福連携", "のうえん のうふくれんけい", "shakai-sanka"),
    ("shuro-shien", "就労支援", "しゅうろうしえん", "shakai-sanka"),
    ("nicchu-katsudo", "地域活動支援センター・日中活動", "ちいきかつどうしえんせんたー にっちゅうかつどう", "shakai-sanka"),
    ("volunteer", "ボランティア・地域活動", "ぼらんてぃあ ちいきかつどう", "shakai-sanka"),
    ("kinkyu", "緊急・24時間", "きんきゅう にじゅうよじかん", None),
    ("denwa-soudan", "電話相談（全国共通）", "でんわそうだん ぜんこくきょうつう", None),
    ("chiiki-zukuri", "地域づくり・ネットワーク", "ちいきづくり ねっとわーく", None),
    ("kaimono-mimamori", "買い物・見守り", "かいもの みまもり", "chiiki-zukuri"),
    ("shiensha-muke", "支援者・関係者向け", "しえんしゃ かんけいしゃむけ", None),
]
CATEGORY_PARENT = {c[0]: c[3] for c in CATEGORIES}
CATEGORY_NAME = {c[0]: c[1] for c in CATEGORIES}

# ---- entry kinds ----------------------------------------------------------------------
# Each kind: id slug, title pattern ({p} = place, {c} = city), reading pattern,
# categories, audiences, tags, summaries, body sentences, organisation patterns, weight.
KINDS = [
    dict(slug="houkatsu", title="{p}地域包括支援センター", kana="{p}ちいきほうかつしえんせんたー",
         cats=["koureisha-kaigo"], aud=[["高齢者"], ["高齢者", "障害"]],
         tags=["地域包括", "包括", "介護", "認知症", "高齢者虐待", "介護予防", "財産管理", "8050", "見守り"],
         summaries=["高齢者の介護・健康・家族・財産管理などの相談、高齢者虐待の相談を受ける窓口です。",
                    "{p}の高齢者とその家族のための総合相談窓口。介護保険の申請の相談もできます。"],
         body=["高齢者に関するさまざまなお困りごとを相談できます。相談は無料です。",
               "ご本人だけでなく、家族や近所の方、民生児童委員からの相談も受け付けています。",
               "認知症の心配があるときや、介護保険のサービスを使いたいときは、まずお電話ください。",
               "保健師・社会福祉士・主任ケアマネジャーがチームで対応します。"],
         items=["高齢者の介護、健康、家族、財産管理などの相談", "高齢者の虐待の相談",
                "健康づくり・介護予防に関する相談", "成年後見制度の利用の相談"],
         org=["{c}（委託）", "社会福祉法人{p}福祉会"], weight=8),
    dict(slug="kodomo-shokudo", title="{p}こども食堂", kana="{p}こどもしょくどう",
         cats=["kodomo-shokudo"], aud=[["子ども"], ["子ども", "子育て"], ["子ども", "高齢者"]],
         tags=["子ども食堂", "こども食堂", "食事", "居場所", "学習支援", "多世代交流", "無料"],
         summaries=["子どもはだれでも無料で食事ができる地域の食堂。大人も参加できます。",
                    "毎月開いている子ども食堂。食事のあとは宿題や遊びの時間もあります。"],
         body=["地域のボランティアが手づくりの食事を用意しています。予約はいりません。",
               "子どもは無料、大人は300円です。食材の寄付も受け付けています。",
               "食事のあとは、大学生のボランティアと一緒に宿題をしたり遊んだりできます。",
               "アレルギーのある方は、事前にご相談ください。"],
         items=["毎月第2土曜日 12時〜14時", "毎週水曜日 17時〜19時（学習支援つき）", "夏休みは特別開催があります"],
         org=["{p}こども食堂実行委員会", "NPO法人{p}みらい", "{p}地区社会福祉協議会"], weight=7),
    dict(slug="chiiki-shokudo", title="みんなの食堂 {p}", kana="みんなのしょくどう {p}",
         cats=["kodomo-shokudo", "salon-cafe"], aud=[["子ども", "高齢者"], ["高齢者"]],
         tags=["地域食堂", "食事", "多世代交流", "居場所", "ひとり暮らし"],
         summaries=["子どもから高齢者まで、だれでも一緒にごはんを食べられる地域食堂です。"],
         body=["ひとり暮らしの高齢者や子育て中の家族など、地域のだれもが集える食堂です。",
               "月に2回、地域の集会所で開いています。参加費は大人300円です。"],
         items=["第1・第3日曜日 11時30分〜13時30分", "持ち帰りのお弁当もあります"],
         org=["{p}自治会", "{p}ボランティアの会"], weight=3),
    dict(slug="salon", title="{p}ふれあいサロン", kana="{p}ふれあいさろん",
         cats=["salon-cafe"], aud=[["高齢者"], ["高齢者", "障害"]],
         tags=["サロン", "つどい場", "居場所", "おしゃべり", "体操", "茶話会", "見守り"],
         summaries=["地域の集会所で開く、お茶を飲みながらおしゃべりするサロン。",
                    "体操や脳トレ、季節の行事を楽しむ、だれでも参加できるつどい場です。"],
         body=["地域のボランティアが運営する、だれでも気軽に立ち寄れるサロンです。",
               "お茶を飲みながらのおしゃべりや、いきいき百歳体操、脳トレなどを行っています。",
               "参加費は100円（お茶代）です。申し込みはいりません。",
               "外出のきっかけづくりや、地域の見守りにもつながっています。"],
         items=["毎月第1火曜日 13時30分〜15時30分", "会場：{p}集会所", "参加費：100円"],
         org=["{p}地区社会福祉協議会", "{p}ふれあいの会"], weight=7),
    dict(slug="orange-cafe", title="{p}オレンジカフェ", kana="{p}おれんじかふぇ",
         cats=["salon-cafe", "koureisha-kaigo"], aud=[["高齢者"]],
         tags=["認知症カフェ", "オレンジカフェ", "認知症", "介護", "家族の相談"],
         summaries=["認知症の方やその家族、地域の方がだれでも参加できる認知症カフェです。"],
         body=["認知症の方やそのご家族、地域の方、専門職がお茶を飲みながら気軽に話せる場です。",
               "地域包括支援センターの職員も参加しているので、介護の相談もできます。"],
         items=["毎月第3金曜日 14時〜16時", "参加費：200円"],
         org=["{p}地域包括支援センター", "NPO法人{p}オレンジネット"], weight=3),
    dict(slug="kosodate-hiroba", title="{p}子育てひろば", kana="{p}こそだてひろば",
         cats=["kosodate-hiroba", "kodomo-kosodate"], aud=[["子育て", "子ども"]],
         tags=["子育て", "ひろば", "乳幼児", "親子", "子育て相談", "一時預かり"],
         summaries=["0歳から就学前の子どもと保護者が自由に遊べるひろば。子育ての相談もできます。"],
         body=["0歳から就学前のお子さんと保護者が、自由に遊んだり交流したりできる場所です。",
               "保育士が常駐しているので、子育ての困りごとを気軽に相談できます。",
               "出張ひろばとして、地域の公民館でも開いています。"],
         items=["月〜金 10時〜15時", "利用は無料です", "予約はいりません"],
         org=["{c}", "社会福祉法人{p}保育会"], weight=4),
    dict(slug="kaigo-yobou", title="{p}いきいき百歳体操", kana="{p}いきいきひゃくさいたいそう",
         cats=["kaigo-yobou"], aud=[["高齢者"]],
         tags=["いきいき百歳体操", "介護予防", "通いの場", "体操", "筋力", "健康づくり"],
         summaries=["おもりを使った筋力づくりの体操を、週1回みんなで続けている通いの場です。"],
         body=["手首や足首におもりをつけて、ゆっくり手足を動かす体操です。",
               "週1回、集会所に集まってみんなで続けています。体力に自信がない方も大丈夫です。",
               "体操のあとはお茶を飲みながら交流しています。"],
         items=["毎週木曜日 10時〜11時", "会場：{p}会館"], org=["{p}自治会", "{p}百歳体操の会"], weight=4),
    dict(slug="soudan", title="{c} {p}くらしの相談窓口", kana="{c}{p}くらしのそうだんまどぐち",
         cats=["marugoto-soudan", "seikatsu-konkyu"], aud=[["高齢者", "子ども", "障害", "生活困窮", "ひきこもり"], ["生活困窮"]],
         tags=["総合相談", "うけとめ・つなげる", "くらし", "困りごと", "福祉相談", "重層的支援"],
         summaries=["どこに相談したらよいかわからない困りごとを、まるごと受けとめる相談窓口です。",
                    "家庭の中にいくつも困りごとがあるときに、分野を問わず相談できます。"],
         body=["仕事、お金、家族、介護、子育てなど、いくつもの困りごとが重なっているときに相談できます。",
               "相談を受けとめ、必要な窓口や地域の資源につなぎます。相談は無料で、秘密は守ります。",
               "ご本人だけでなく、家族や近所の方、関係機関からの相談も受け付けています。",
               "来所が難しいときは、訪問による相談もできます。"],
         items=["相談は無料です", "秘密は守ります", "電話・来所・訪問で相談できます"],
         org=["{c}", "{c}社会福祉協議会"], weight=5),
    dict(slug="shigoto", title="しごと・くらしサポートセンター{p}", kana="しごと くらしさぽーとせんたー{p}",
         cats=["seikatsu-konkyu", "shuro-shien"], aud=[["生活困窮", "若者", "ひきこもり"], ["生活困窮"]],
         tags=["仕事", "住居", "家賃", "借金", "失業", "生活費", "自立相談支援", "家計"],
         summaries=["仕事や住まいなど、くらしの困りごと全般の相談窓口です。"],
         body=["仕事が見つからない、家賃が払えない、生活費が足りないなど、**しごとや住居などくらしの困りごと全般**を相談できます。",
               "相談員が一緒に課題を整理し、必要な支援の計画をつくります。",
               "家計の見直しや、就労に向けた準備の支援も行っています。"],
         items=["家賃の支払いの相談（住居確保給付金）", "家計の相談", "就労準備の支援"],
         org=["{c}", "{c}（委託）"], weight=3),
    dict(slug="shuro", title="{p}就労支援センター", kana="{p}しゅうろうしえんせんたー",
         cats=["shuro-shien"], aud=[["障害"], ["若者", "障害"]],
         tags=["就労支援", "就労継続支援", "作業体験", "働く", "職場実習"],
         summaries=["障害のある方の就労に向けた訓練や、働く場を提供する事業所です。"],
         body=["軽作業や清掃、農作業などを通して、働く力を身につけることができます。",
               "見学や体験利用ができます。まずはお電話でご相談ください。"],
         items=["月〜金 9時30分〜15時30分", "送迎があります"], org=["社会福祉法人{p}会", "NPO法人{p}ワークス"], weight=3),
    dict(slug="hikikomori", title="{p}ひきこもり家族会", kana="{p}ひきこもりかぞくかい",
         cats=["hikikomori"], aud=[["ひきこもり", "若者"], ["ひきこもり"]],
         tags=["ひきこもり", "家族会", "親の会", "不登校", "居場所", "家族の相談"],
         summaries=["ひきこもりの子どもをもつ家族が集まり、悩みを話し合う会です。"],
         body=["同じ悩みをもつ家族が集まって、気持ちを話したり情報を交換したりしています。",
               "専門の相談員が参加する回もあります。はじめての方も安心してご参加ください。"],
         items=["毎月第4土曜日 14時〜16時", "参加は無料です"], org=["{p}ひきこもり家族会", "{c}"], weight=2),
    dict(slug="shogai-soudan", title="{p}障がい者相談支援センター", kana="{p}しょうがいしゃそうだんしえんせんたー",
         cats=["shogai"], aud=[["障害"]],
         tags=["障害", "障がい", "相談支援", "福祉サービス", "計画相談", "発達障害"],
         summaries=["障害のある方やその家族の、くらしや福祉サービスの相談窓口です。"],
         body=["障害のある方やその家族の、日常生活や福祉サービスの利用についての相談を受けています。",
               "サービス等利用計画の作成や、関係機関との調整も行います。"],
         items=["月〜金 9時〜17時30分", "訪問での相談もできます"], org=["社会福祉法人{p}福祉会", "{c}（委託）"], weight=3),
    dict(slug="nouen", title="{p}ふれあい農園", kana="{p}ふれあいのうえん",
         cats=["nouen", "ibasho"], aud=[["障害", "高齢者"], ["子ども", "高齢者"]],
         tags=["農園", "農業", "畑", "農福連携", "就農体験", "野菜", "居場所"],
         summaries=["子どもから高齢者まで多世代が参加する農園。就農体験や地域交流イベントを行っています。"],
         body=["畑での野菜づくりを通して、地域の人が集まり交流できる農園です。",
               "障害のある方の就農体験や、ひきこもりの若者の居場所にもなっています。",
               "収穫した野菜は、地域の子ども食堂にも届けています。"],
         items=["毎週土曜日 9時〜12時", "汚れてもよい服装でお越しください"], org=["{p}農園の会", "NPO法人{p}みのり"], weight=2),
    dict(slug="volunteer", title="{p}ボランティアグループ", kana="{p}ぼらんてぃあぐるーぷ",
         cats=["volunteer", "kaimono-mimamori"], aud=[["高齢者"]],
         tags=["ボランティア", "見守り", "買い物支援", "ごみ出し", "地域活動", "助け合い"],
         summaries=["ごみ出しや買い物など、ちょっとした困りごとを地域で助け合うボランティアグループです。"],
         body=["ごみ出しや電球の交換、買い物の付き添いなど、ちょっとした困りごとをお手伝いします。",
               "活動に参加してくれるボランティアも募集しています。"],
         items=["利用料：30分300円", "ボランティア募集中"], org=["{p}助け合いの会", "{p}地区社会福祉協議会"], weight=3),
    dict(slug="jumin-soudan", title="{p}地域振興センター", kana="{p}ちいきしんこうせんたー",
         cats=["chiiki-zukuri"], aud=[["高齢者", "子ども", "障害", "生活困窮", "ひきこもり"]],
         tags=["地域課", "総合相談", "うけとめ・つなげる", "地域づくり", "居場所づくり", "市社協"],
         summaries=["{p}地区の地域づくりの拠点。困りごとを受けとめ、必要な支援機関や地域資源につなぐ職員がいます。"],
         body=["地域の活動団体の支援や、地域課題の解決に向けた取り組みを行っています。",
               "困りごとを受けとめ、必要な支援機関や地域資源につなぐ職員がいます。"],
         items=["月〜金 8時45分〜17時30分"], org=["{c}"], weight=2),
    dict(slug="gaikokujin", title="{c} {p}外国人相談コーナー", kana="{c}{p}がいこくじんそうだんこーなー",
         cats=["gaikokujin"], aud=[["外国人"]],
         tags=["外国籍", "多文化共生", "日本語", "通訳", "やさしい日本語", "生活相談"],
         summaries=["外国人住民のくらしの相談窓口。やさしい日本語や通訳で相談できます。"],
         body=["外国人住民の方の、くらしや手続きについての相談を受けています。",
               "英語・中国語・ベトナム語などの通訳を用意できます。やさしい日本語でも対応します。"],
         items=["毎週火曜日・金曜日 10時〜16時"], org=["{c}国際交流協会"], weight=1),
    dict(slug="josei", title="{c} {p}女性相談室", kana="{c}{p}じょせいそうだんしつ",
         cats=["josei-dv"], aud=[["女性"]],
         tags=["女性相談", "DV", "配偶者暴力", "離婚", "ひとり親"],
         summaries=["夫婦や家族のこと、DVなど、女性のさまざまな悩みの相談窓口です。"],
         body=["夫やパートナーからの暴力（DV）、夫婦や家族の問題など、女性のさまざまな悩みを相談できます。",
               "相談の秘密は守ります。緊急のときは警察（110番）に連絡してください。"],
         items=["月〜金 9時〜17時"], org=["{c}"], weight=1),
    dict(slug="sumai", title="{c} {p}住まいの相談窓口", kana="{c}{p}すまいのそうだんまどぐち",
         cats=["sumai"], aud=[["高齢者", "生活困窮"]],
         tags=["市営住宅", "家賃", "滞納", "住まい", "居住支援", "立ち退き"],
         summaries=["住まいの確保や家賃の滞納など、住まいの困りごとの相談窓口です。"],
         body=["住む場所がない、家賃を滞納している、立ち退きを求められているなど、住まいの困りごとを相談できます。",
               "不動産事業者や居住支援法人と連携して、住まい探しを手伝います。"],
         items=["月〜金 9時〜17時30分"], org=["{c}", "{c}居住支援協議会"], weight=1),
]
KIND_WEIGHTS = [k["weight"] for k in KINDS]

EXTRA_BODY = [
    "場所がわからないときは、お気軽にお電話ください。",
    "駐車場はありません。公共交通機関をご利用ください。",
    "最寄りのバス停から歩いて5分です。",
    "祝日と年末年始（12月29日〜1月3日）はお休みです。",
    "手話通訳が必要な方は、事前にお知らせください。",
    "内容は変わることがあるので、心配なときは事前に確認してください。",
]
HOURS = ["月〜金 9:00〜17:30（祝日・12/29〜1/3を除く）", "月〜金 8:45〜17:30", "毎月第2土曜日 12:00〜14:00",
         "火・木 10:00〜15:00", "24時間 365日", "月〜土 9:00〜18:00（日曜・祝日を除く）"]


def zen(s):
    """ASCII digits and hyphens to full-width (０６－６４２３－９９１６)."""
    return s.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))


def dial(number):
    s = unicodedata.normalize("NFKC", number)
    return "".join(c for c in s if c.isdigit())


def fmt_sub(value, groups):
    a, b = groups
    s = str(value).rjust(a + b, "0")
    return s[:a] + "-" + s[a:]


# What distractors are made of (--add-to): the long tail of a large directory, activities
# and places to go, not desks for a particular need: a copy of a need desk (another city's
# 地域包括 or 女性相談) would be as relevant to a need as the original, so it would be no
# distractor. --distractor-kinds all adds every kind, for the harder variant.
DISTRACTOR_KINDS = ["salon", "kodomo-shokudo", "chiiki-shokudo", "kaigo-yobou", "kosodate-hiroba",
                    "nouen", "volunteer"]
# Cities of the sample directory (content/): distractors are placed elsewhere.
SAMPLE_CITIES = {"amagasaki", "ashiya", "kato", "hannan"}


class Gen:
    def __init__(self, n, seed, kinds=None, cities=None):
        self.n = n
        self.rng = random.Random(seed)
        self.titles = {}
        self.kinds = [k for k in KINDS if kinds is None or k["slug"] in kinds]
        self.kind_weights = [k["weight"] for k in self.kinds]
        self.cities = [c for c in CITIES if cities is None or c[0] in cities]

    def areas(self):
        out = []
        for cid, name, kana, _, _ in self.cities:
            out.append(dict(id=cid, name=name, kana=kana, parent=None,
                            description=f"{name}の相談窓口・居場所・活動です。市内は6つの地区に分かれています。"))
            for did, dname, dkana in DISTRICTS:
                out.append(dict(id=f"{cid}-{did}", name=f"{dname}地区", kana=f"{dkana}ちく", parent=cid, description=None))
        return out

    def phones(self, i, city):
        r = self.rng
        _, _, _, code, groups = city
        main = code + "-" + fmt_sub((2 * 10 ** (groups[0] + groups[1] - 1)) + 2 * i, groups)
        fax = code + "-" + fmt_sub((2 * 10 ** (groups[0] + groups[1] - 1)) + 2 * i + 1, groups)
        out = []
        style = r.random()
        if style < 0.15:
            out.append(zen(main))  # full-width, as some coordinators type it
        elif style < 0.55:
            out.append(main)
        else:
            out.append({"number": main, "label": r.choice(["電話", "代表", "相談専用"])})
        if r.random() < 0.1:
            out[-1] = {"number": main, "label": "代表", "ext": str(100 + i % 800)}
        if r.random() < 0.45:
            out.append({"number": fax, "label": "FAX", "kind": "fax"})
        x = r.random()
        if x < 0.08:
            out.append({"number": "090-" + fmt_sub(10000000 + i, (4, 4)), "label": "携帯", "kind": "mobile"})
        elif x < 0.16:
            out.append({"number": "0120-" + fmt_sub(100000 + i, (3, 3)), "label": "フリーダイヤル", "kind": "free"})
        return out

    def entry(self, i):
        r = self.rng
        city = self.cities[i % len(self.cities)]
        cid, cname, ckana = city[0], city[1], city[2]
        did, dname, dkana = r.choice(DISTRICTS)
        k = r.choices(self.kinds, weights=self.kind_weights)[0]
        place, pkana = r.choice(PLACES)
        title = k["title"].format(p=place, c=cname)
        kana = k["kana"].format(p=pkana, c=ckana)
        # Unique titles (the same title twice is a duplicate warning): 〇丁目, then 第n.
        if title in self.titles:
            ch, chk = r.choice(CHOME)
            title = k["title"].format(p=f"{place}{ch}丁目", c=cname)
            kana = k["kana"].format(p=f"{pkana}{chk}ちょうめ", c=ckana)
            n = 2
            base, basek = title, kana
            while title in self.titles:
                title, kana = f"{base}（第{n}）", f"{basek} だい{n}"
                n += 1
        self.titles[title] = i
        eid = f"{cid}-{k['slug']}-{i:06d}"
        cats = list(k["cats"])
        if r.random() < 0.15:
            extra = r.choice(CATEGORIES)[0]
            if extra not in cats:
                cats.append(extra)
        areas = [f"{cid}-{did}"]
        if r.random() < 0.2:
            d2 = f"{cid}-{r.choice(DISTRICTS)[0]}"
            if d2 not in areas:
                areas.append(d2)
        tags = r.sample(k["tags"], min(len(k["tags"]), r.randint(3, 6)))
        summary = r.choice(k["summaries"]).format(p=place, c=cname)
        org = r.choice(k["org"]).format(p=place, c=cname)
        paras = []
        sents = list(k["body"])
        r.shuffle(sents)
        paras.append("".join(sents[: r.randint(1, 2)]))
        items = [it.format(p=place, c=cname) for it in k["items"]]
        paras.append("\n".join("- " + it for it in items))
        rest = sents[2:] + r.sample(EXTRA_BODY, 2)
        paras.append("".join(rest[:3]))
        if r.random() < 0.3:
            paras.append(f"詳しくは[{cname}のホームページ](https://www.example.jp/{cid}/)をご覧ください。")
        if r.random() < 0.1:
            paras.append("| 曜日 | 時間 |\n|---|---|\n| 月〜金 | 9時〜17時 |\n| 土 | 9時〜12時 |")
        body = "\n\n".join(paras) + "\n"
        day = datetime.date(2025, 11, 10) + datetime.timedelta(days=r.randrange(350))
        e = dict(
            id=eid, title=title, kana=kana, categories=cats, areas=areas,
            audiences=list(r.choice(k["aud"])), tags=tags, summary=summary, organization=org,
            phones=self.phones(i, city),
            address=f"{cname}{place}{r.randint(1, 5)}丁目{r.randint(1, 30)}-{r.randint(1, 20)}",
            postal_code=f"{r.randint(560, 679)}-{r.randint(0, 9999):04d}",
            hours=r.choice(HOURS),
            updated=day.isoformat(),
            body=body,
        )
        if r.random() < 0.3:
            e["location"] = {"lat": round(34.6 + r.random() * 0.4, 4), "lon": round(135.0 + r.random() * 0.5, 4)}
        if r.random() < 0.4:
            e["url"] = f"https://www.example.jp/{cid}/{k['slug']}/{i}/"
        if r.random() < 0.2:
            e["email"] = f"{k['slug']}{i}@example.jp"
        return e

    def entries(self):
        return [self.entry(i) for i in range(self.n)]


# ---- YAML writing ---------------------------------------------------------------------
# JSON strings are valid YAML double-quoted scalars, so every string is written with
# json.dumps (non-ASCII kept): no quoting surprises ("8050", "#", ": ").

def q(s):
    return json.dumps(s, ensure_ascii=False)


def flow_list(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def phone_yaml(p):
    if isinstance(p, str):
        return q(p)
    return "{" + ", ".join(f"{k}: {q(v)}" for k, v in p.items()) + "}"


FIELD_ORDER = ["title", "kana", "categories", "areas", "audiences", "tags", "summary", "organization",
               "phones", "address", "postal_code", "location", "hours", "url", "email", "updated"]


def entry_fields(e, indent):
    lines = []
    for key in FIELD_ORDER:
        if key not in e:
            continue
        v = e[key]
        if key in ("categories", "areas"):
            lines.append(f"{key}: {q(v[0])}" if len(v) == 1 and indent == 0 else f"{key}: {flow_list(v)}")
        elif key in ("audiences", "tags"):
            lines.append(f"{key}: {flow_list(v)}")
        elif key == "phones":
            lines.append("phones:")
            lines.extend(f"  - {phone_yaml(p)}" for p in v)
        elif key == "location":
            lines.append(f"location: {{lat: {v['lat']}, lon: {v['lon']}}}")
        elif key == "updated":
            lines.append(f"updated: {v}")
        else:
            lines.append(f"{key}: {q(v)}")
    return lines


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def taxonomy_yaml(items, header):
    out = [header, ""]
    for t in items:
        out.append(f"- id: {t['id']}")
        out.append(f"  name: {q(t['name'])}")
        if t.get("kana"):
            out.append(f"  kana: {q(t['kana'])}")
        if t.get("parent"):
            out.append(f"  parent: {t['parent']}")
        if t.get("description"):
            out.append(f"  description: {q(t['description'])}")
        out.append("")
    return "\n".join(out)


def write_tsunagu(root, n, seed, entries, areas, yaml_share):
    content = os.path.join(root, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    write(os.path.join(content, "site.yaml"),
          f"title: {q('ベンチマーク市 地域資源ディレクトリ（' + str(n) + '件）')}\n"
          "language: ja\n"
          f"description: {q('ベンチマーク用に生成した相談窓口・居場所・活動のデータです（seed ' + str(seed) + '）。')}\n")
    write(os.path.join(content, "areas.yaml"), taxonomy_yaml(areas, "# 地域: 10市 x 6地区 (bench/gen_site.py)"))
    cats = [dict(id=c[0], name=c[1], kana=c[2], parent=c[3]) for c in CATEGORIES]
    write(os.path.join(content, "categories.yaml"), taxonomy_yaml(cats, "# 分類 (content/categories.yaml と同じ木)"))
    write(os.path.join(content, "pages", "about.md"),
          "---\ntitle: このサイトについて\n---\nベンチマーク用に生成したサイトです。内容は架空のものです。\n")
    rng = random.Random(seed * 7919 + 1)
    batches = {}
    for e in entries:
        city = e["id"].split("-")[0]
        if rng.random() < yaml_share:
            batch = batches.setdefault(city, [])
            batch.append(e)
            if len(batch) >= 20:
                flush_yaml(content, city, batch)
                batches[city] = []
        else:
            lines = ["---"] + entry_fields(e, 0) + ["---", e["body"]]
            write(os.path.join(content, "entries", city, e["id"] + ".md"), "\n".join(lines))
    for city, batch in sorted(batches.items()):
        if batch:
            flush_yaml(content, city, batch)


def add_distractors(root, entries, areas):
    """Adds `entries` to the existing site at `root` (e.g. a copy of content/) as
    distractors: ids and area ids get an `x-` prefix, their areas are appended to
    areas.yaml, and the entries go to content/entries/x-distractors/ as .yaml lists. The
    categories are content/categories.yaml's own."""
    content = os.path.join(root, "content")
    prefixed = [dict(a, id="x-" + a["id"], parent=("x-" + a["parent"]) if a.get("parent") else None) for a in areas]
    with open(os.path.join(content, "areas.yaml"), "a", encoding="utf-8", newline="\n") as f:
        f.write("\n" + taxonomy_yaml(prefixed, "# distractor areas (bench/gen_site.py --add-to)") + "\n")
    batch = []
    for e in entries:
        batch.append(dict(e, id="x-" + e["id"], areas=["x-" + a for a in e["areas"]]))
        if len(batch) == 50:
            flush_yaml(content, "x-distractors", batch)
            batch = []
    if batch:
        flush_yaml(content, "x-distractors", batch)


def flush_yaml(content, city, batch):
    out = [f"# {len(batch)} entries (bench/gen_site.py)", ""]
    for e in batch:
        out.append(f"- id: {e['id']}")
        for line in entry_fields(e, 2):
            out.append("  " + line)
        out.append("  body: |")
        for bl in e["body"].rstrip("\n").split("\n"):
            out.append(("    " + bl) if bl else "")
        out.append("")
    name = f"group-{batch[0]['id'].rsplit('-', 1)[1]}.yaml"
    write(os.path.join(content, "entries", city, name), "\n".join(out))


# ---- Hugo -----------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.jp/"
languageCode = "ja"
defaultContentLanguage = "ja"
title = "{title}"
hasCJKLanguage = true
disableKinds = ["RSS"]
enableRobotsTXT = false

[taxonomies]
  area = "areas"
  category = "categories"

[params]
  description = "{description}"

[markup.goldmark.renderer]
  unsafe = true
"""

BASEOF = """<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#main">本文へ移動</a>
<header class="site-header"><div class="wrap">
<a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav class="site-nav"><a href="{{ "/categories/" | relURL }}">分類から探す</a> <a href="{{ "/areas/" | relURL }}">地域から探す</a> <a href="{{ "/search/" | relURL }}">検索</a></nav>
<form class="search-form" action="{{ "/search/" | relURL }}"><input type="search" name="q" aria-label="検索"><button>検索</button></form>
</div></header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap"><a href="{{ "/pages/about/" | relURL }}">このサイトについて</a></div></footer>
</body>
</html>
"""

CARD = """<li class="card" data-entry-id="{{ .Params.eid }}">
<h3 class="card-title"><a href="{{ .RelPermalink }}" data-entry-id="{{ .Params.eid }}">{{ .Title }}</a></h3>
{{ with .Params.kana }}<p class="kana">{{ . }}</p>{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.phones }}<ul class="phones">{{ range . }}<li class="phone phone-{{ .kind }}"><span class="phone-kind">{{ .label }}</span> {{ if .href }}<a class="tel" href="{{ .href }}">{{ .number }}</a>{{ else }}<span class="number">{{ .number }}</span>{{ end }}{{ with .ext }}<span class="ext"> 内線 {{ . }}</span>{{ end }}</li>{{ end }}</ul>{{ end }}
<p class="chips">{{ range .Params.category_chips }}<a class="chip chip-category" href="{{ printf "/categories/%s/" .id | relURL }}">{{ .name }}</a>{{ end }}{{ range .Params.area_chips }}<a class="chip chip-area" href="{{ printf "/areas/%s/" .id | relURL }}">{{ .name }}</a>{{ end }}</p>
</li>
"""

SINGLE = """{{ define "main" }}
<article class="entry"{{ if eq .Section "entries" }} data-pagefind-body{{ end }}>
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
{{ with .Params.kana }}<p class="kana">{{ . }}</p>{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<p class="chips">{{ range .Params.category_chips }}<a class="chip chip-category" href="{{ printf "/categories/%s/" .id | relURL }}">{{ .name }}</a>{{ end }}{{ range .Params.area_chips }}<a class="chip chip-area" href="{{ printf "/areas/%s/" .id | relURL }}">{{ .name }}</a>{{ end }}</p>
<dl class="facts">
{{ with .Params.phones }}<dt>電話</dt><dd><ul class="phones">{{ range . }}<li class="phone phone-{{ .kind }}"><span class="phone-kind">{{ .label }}</span> {{ if .href }}<a class="tel" href="{{ .href }}">{{ .number }}</a>{{ else }}<span class="number">{{ .number }}</span>{{ end }}{{ with .ext }}<span class="ext"> 内線 {{ . }}</span>{{ end }}</li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.hours }}<dt>時間</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.address }}<dt>住所</dt><dd>{{ with $.Params.postal_code }}〒{{ . }} {{ end }}{{ . }}</dd>{{ end }}
{{ with .Params.organization }}<dt>運営</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.website }}<dt>ホームページ</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
{{ with .Params.email }}<dt>メール</dt><dd><a href="mailto:{{ . }}">{{ . }}</a></dd>{{ end }}
{{ with .Params.audiences }}<dt>対象</dt><dd>{{ delimit . "・" }}</dd>{{ end }}
{{ with .Params.tags }}<dt>キーワード</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
</dl>
<div class="body">{{ .Content }}</div>
{{ with .Params.updated }}<p class="updated">最終確認日：{{ . }}</p>{{ end }}
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if eq .Section "entries" }}<p class="count">{{ len .Pages }}件</p>
{{ else }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
"""

TAXONOMY = """{{ define "main" }}
<h1>{{ if eq .Data.Plural "areas" }}地域から探す{{ else }}分類から探す{{ end }}</h1>
<ul class="tree">
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">（{{ .Count }}件）</span></li>
{{ end }}
</ul>
{{ end }}
"""

TERM = """{{ define "main" }}
<nav class="breadcrumbs"><a href="{{ "/" | relURL }}">ホーム</a> › <a href="{{ printf "/%s/" .Data.Plural | relURL }}">{{ if eq .Data.Plural "areas" }}地域{{ else }}分類{{ end }}</a></nav>
<h1>{{ .Title }}</h1>
{{ with .Params.description }}<div class="description">{{ . | markdownify }}</div>{{ end }}
<p class="count">{{ len .Pages }}件</p>
<ul class="cards">
{{ range sort .Pages "Params.kana" }}{{ partial "card.html" . }}
{{ end }}
</ul>
{{ end }}
"""

HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p class="description">{{ site.Params.description }}</p>
<p class="count">{{ len (where site.RegularPages "Section" "entries") }}件の相談窓口・居場所・活動</p>
<h2>分類から探す</h2>
<ul class="tree">{{ range site.Taxonomies.categories.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">（{{ .Count }}件）</span></li>{{ end }}</ul>
<h2>地域から探す</h2>
<ul class="tree">{{ range site.Taxonomies.areas.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">（{{ .Count }}件）</span></li>{{ end }}</ul>
{{ end }}
"""

SEARCH = """{{ define "head" }}<link rel="stylesheet" href="{{ "pagefind/pagefind-ui.css" | relURL }}">
<script src="{{ "pagefind/pagefind-ui.js" | relURL }}"></script>{{ end }}
{{ define "main" }}
<h1>検索</h1>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false });
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
});
</script>
{{ end }}
"""

STYLE = """body{font-family:sans-serif;line-height:1.7;margin:0}.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.card{list-style:none;border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem;margin:.5rem 0}
.chip{display:inline-block;border-radius:1rem;background:#eef;padding:0 .6rem;margin:0 .3rem .3rem 0;font-size:.9em}
.kana{color:#555;font-size:.85em;margin:0}.phones{padding:0;list-style:none}.count{color:#555}
"""


def ancestors(term_id, parent):
    out = []
    while term_id is not None and term_id not in out:
        out.append(term_id)
        term_id = parent.get(term_id)
    return out


def write_hugo(root, n, seed, entries, areas):
    if os.path.exists(root):
        for sub in ("content", "layouts", "static", "public", "resources"):
            shutil.rmtree(os.path.join(root, sub), ignore_errors=True)
    title = f"ベンチマーク市 地域資源ディレクトリ（{n}件）"
    write(os.path.join(root, "hugo.toml"),
          HUGO_CONFIG.format(title=title, description=f"ベンチマーク用に生成した相談窓口・居場所・活動のデータです（seed {seed}）。"))
    lay = os.path.join(root, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), BASEOF)
    write(os.path.join(lay, "_default", "single.html"), SINGLE)
    write(os.path.join(lay, "_default", "list.html"), LIST)
    write(os.path.join(lay, "_default", "taxonomy.html"), TAXONOMY)
    write(os.path.join(lay, "_default", "term.html"), TERM)
    write(os.path.join(lay, "_default", "search.html"), SEARCH)
    write(os.path.join(lay, "partials", "card.html"), CARD)
    write(os.path.join(lay, "index.html"), HOME)
    write(os.path.join(root, "static", "style.css"), STYLE)
    content = os.path.join(root, "content")
    write(os.path.join(content, "_index.md"), "---\ntitle: ホーム\n---\n")
    write(os.path.join(content, "search.md"), "---\ntitle: 検索\nlayout: search\nurl: /search/\n---\n")
    write(os.path.join(content, "pages", "about.md"),
          "---\ntitle: このサイトについて\n---\nベンチマーク用に生成したサイトです。内容は架空のものです。\n")
    write(os.path.join(content, "entries", "_index.md"), "---\ntitle: すべての情報\n---\n")
    area_parent = {a["id"]: a["parent"] for a in areas}
    area_name = {a["id"]: a["name"] for a in areas}
    for a in areas:
        lines = ["---", f"title: {q(a['name'])}", f"kana: {q(a['kana'])}"]
        if a.get("description"):
            lines.append(f"description: {q(a['description'])}")
        write(os.path.join(content, "areas", a["id"], "_index.md"), "\n".join(lines + ["---", ""]))
    for c in CATEGORIES:
        write(os.path.join(content, "categories", c[0], "_index.md"),
              "\n".join(["---", f"title: {q(c[1])}", f"kana: {q(c[2])}", "---", ""]))
    for e in entries:
        # Listings show an entry under its areas' and categories' ancestors too (as tsunagu
        # does), so the taxonomy terms include every ancestor; chips show the direct ones.
        tax_areas = []
        for a in e["areas"]:
            for x in ancestors(a, area_parent):
                if x not in tax_areas:
                    tax_areas.append(x)
        tax_cats = []
        for c in e["categories"]:
            for x in ancestors(c, CATEGORY_PARENT):
                if x not in tax_cats:
                    tax_cats.append(x)
        phones = []
        for p in e["phones"]:
            d = {"number": p} if isinstance(p, str) else dict(p)
            d.setdefault("kind", "tel")
            d.setdefault("label", {"tel": "電話", "fax": "FAX", "mobile": "携帯", "free": "フリーダイヤル"}[d["kind"]])
            if d["kind"] != "fax":
                d["href"] = "tel:" + dial(d["number"])
            phones.append(d)
        lines = ["---", f"title: {q(e['title'])}", f"eid: {q(e['id'])}", f"kana: {q(e['kana'])}",
                 f"areas: {flow_list(tax_areas)}", f"categories: {flow_list(tax_cats)}",
                 "area_chips: [" + ", ".join("{id: %s, name: %s}" % (q(a), q(area_name[a])) for a in e["areas"]) + "]",
                 "category_chips: [" + ", ".join("{id: %s, name: %s}" % (q(c), q(CATEGORY_NAME[c])) for c in e["categories"]) + "]",
                 f"audiences: {flow_list(e['audiences'])}", f"tags: {flow_list(e['tags'])}",
                 f"summary: {q(e['summary'])}", f"organization: {q(e['organization'])}", "phones:"]
        lines += ["  - {" + ", ".join(f"{k}: {q(v)}" for k, v in p.items()) + "}" for p in phones]
        for key in ("address", "postal_code", "hours", "url", "email"):
            if key in e:  # `url` is Hugo's own key (the page's URL): the website is `website`
                lines.append(f"{'website' if key == 'url' else key}: {q(e[key])}")
        lines.append(f"updated: {q(e['updated'])}")
        lines.append(f"date: {e['updated']}")
        lines += ["---", e["body"]]
        write(os.path.join(content, "entries", e["id"] + ".md"), "\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of entries (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", help="tsunagu site root to write (DIR/content is replaced)")
    ap.add_argument("--hugo", help="Hugo site dir to write the same entries to (content/, layouts/, static/ replaced)")
    ap.add_argument("--yaml-share", type=float, default=0.3, help="share of entries written to .yaml list files (default 0.3)")
    ap.add_argument("--add-to", help="add the entries to the existing site root DIR as distractors (x- ids): "
                    "activities of cities other than the sample's (see DISTRACTOR_KINDS)")
    ap.add_argument("--distractor-kinds", default="activities",
                    help="with --add-to: 'activities' (default) or 'all' kinds, desks included")
    args = ap.parse_args()
    if not args.out and not args.hugo and not args.add_to:
        ap.error("give --out DIR, --hugo DIR and/or --add-to DIR")
    if args.add_to:
        kinds = None if args.distractor_kinds == "all" else DISTRACTOR_KINDS
        others = {c[0] for c in CITIES} - SAMPLE_CITIES
        g = Gen(args.n, args.seed, kinds=kinds, cities=others)
    else:
        g = Gen(args.n, args.seed)
    areas = g.areas()
    entries = g.entries()
    if args.out:
        write_tsunagu(args.out, args.n, args.seed, entries, areas, args.yaml_share)
    if args.hugo:
        write_hugo(args.hugo, args.n, args.seed, entries, areas)
    if args.add_to:
        add_distractors(args.add_to, entries, areas)
    print(f"gen_site: {len(entries)} entries, {len(areas)} areas, {len(CATEGORIES)} categories"
          + (f" -> {args.out}" if args.out else "") + (f", hugo -> {args.hugo}" if args.hugo else "")
          + (f", added to {args.add_to}" if args.add_to else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
