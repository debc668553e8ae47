"""Name data: kanji variants, mask characters, honorifics, common surnames and words.

Curated by hand; spellings.py and name_matcher.py read them (docs/architecture.md,
"Detection").
"""

from __future__ import annotations

# Old/variant kanji folded to the form used in everyday print. Curated by hand:
# generic variant tables group unrelated characters (docs/architecture.md).
KANJI_VARIANTS: dict[str, str] = {
    # 之 inside a name is read の and written ノ or の too (一之瀬, 一ノ瀬, 一の瀬); the key
    # folds ノ to の, and 之 is all but unused in modern prose outside names.
    "之": "の",
    "髙": "高",
    "𠮷": "吉",  # 𠮷田 (tsuchi-yoshi), written 吉田 wherever the font lacks it
    "﨑": "崎",
    "嵜": "崎",
    "碕": "崎",
    "齋": "斎",
    "齊": "斎",
    "斉": "斎",
    "邊": "辺",
    "邉": "辺",
    "濵": "浜",
    "濱": "浜",
    "澤": "沢",
    "櫻": "桜",
    "國": "国",
    "廣": "広",
    "槇": "槙",
    "德": "徳",
    "眞": "真",
    "惠": "恵",
    "藏": "蔵",
    "聰": "聡",
    "瀨": "瀬",
    "實": "実",
    "禮": "礼",
    "壽": "寿",
    "來": "来",
    "靜": "静",
    "淺": "浅",
    "圓": "円",
    "萬": "万",
    "與": "与",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "埜": "野",
    "條": "条",
    "峯": "峰",
    "曾": "曽",
    "黑": "黒",
    "澁": "渋",
    "桒": "桑",
    "栁": "柳",
    "淵": "渕",
    "凜": "凛",
    "薰": "薫",
    "亞": "亜",
    "繪": "絵",
    "彌": "弥",
    "萠": "萌",
    "兒": "児",
    "瑤": "瑶",
    "龍": "竜",
    "驒": "騨",
    "絲": "糸",
    "鷗": "鴎",
    "晄": "晃",
    "舩": "船",
    "籔": "薮",
    "藪": "薮",
    "儘": "侭",
    "讃": "賛",
    "遙": "遥",
    "淸": "清",
    "靑": "青",
    "戶": "戸",
}


# Simplified Chinese forms of kanji common in Japanese names (高桥 for 高橋, 东云 for 東雲):
# sellers who write in Chinese name Japanese idols this way. Only characters that are not
# in Japanese use themselves, so folding them touches no Japanese word.
SIMPLIFIED_CHINESE: dict[str, str] = {
    "桥": "橋", "东": "東", "边": "辺", "泽": "沢", "滨": "浜", "岛": "島", "樱": "桜", "铃": "鈴", "长": "長",
    "冈": "岡", "齐": "斎", "斋": "斎", "泷": "滝", "兰": "蘭", "丽": "麗", "爱": "愛", "优": "優", "荣": "栄",
    "华": "華", "纪": "紀", "绘": "絵", "结": "結", "纱": "紗", "织": "織", "红": "紅", "绫": "綾", "乡": "郷",
    "乐": "楽", "宫": "宮", "吕": "呂", "马": "馬", "鸟": "鳥", "凤": "鳳", "龙": "竜", "门": "門", "间": "間",
    "关": "関", "风": "風", "飞": "飛", "远": "遠", "达": "達", "连": "連", "园": "園", "阳": "陽", "陆": "陸",
    "张": "張", "杨": "楊", "贵": "貴", "赖": "頼", "铁": "鉄", "银": "銀", "镜": "鏡", "须": "須", "顺": "順",
    "颜": "顔", "饭": "飯", "鱼": "魚", "鹤": "鶴", "鹰": "鷹", "龟": "亀", "义": "義", "亚": "亜", "伦": "倫",
    "兴": "興", "刚": "剛", "剑": "剣", "岚": "嵐", "庆": "慶", "时": "時", "晓": "暁", "枫": "楓", "树": "樹",
    "梦": "夢", "润": "潤", "满": "満", "纯": "純", "绚": "絢", "维": "維", "绿": "緑", "缘": "縁", "罗": "羅",
    "胜": "勝", "艳": "艶", "莲": "蓮", "萤": "蛍", "蓝": "藍", "诗": "詩", "诚": "誠", "贞": "貞", "贤": "賢",
    "贺": "賀", "轩": "軒", "辉": "輝", "雏": "雛", "驹": "駒", "骏": "駿", "濑": "瀬", "稻": "稲", "汤": "湯",
    "渊": "渕", "桧": "檜", "钟": "鐘", "琼": "瓊", "亲": "親", "宁": "寧", "实": "実", "宽": "寛", "苍": "蒼",
    "凉": "涼",
}  # fmt: skip
KANJI_VARIANTS.update(SIMPLIFIED_CHINESE)

# Characters sellers put in place of one letter of a name. In the normalised key
# they all become MASK, so one masked pattern per position covers all of them.
MASK = "○"
MASK_CHARS = frozenset("○〇●◯◎＊*×✕✖☓□■◇◆☆★△▲※")

# Decorations double as masks (星野★奈) and as separators (★新作★); the matcher
# tries a text both ways when it holds one.

# Honorifics and nickname suffixes that may follow a name. Short names, and a given
# or family name on its own, only count when one follows (チャン/さーん fold to these).
HONORIFICS_JA = (
    "ちゃん", "さん", "たん", "様", "さま", "くん", "氏", "嬢", "ちゃま", "っち", "りん", "たそ",
    "ぴょん", "にゃん",
    # Nickname endings fans write after the first kana of a given name: あおちゃむ, さやてぃん,
    # ちなっつ, ゆずぽん, さやっぺ; and sisterly ones: チェリン姉さん, 婉晴酱.
    "ちゃむ", "てぃん", "っつ", "ぽん", "っぺ", "姉さん", "姐さん", "酱", "醬", "姫",
    # ななちー, さわちん, りこぴん, さきてぃ, まこぴー.
    "ちー", "ちん", "ぴん", "てぃ", "にゃ", "っぴ", "ぴー",
    # Titles written like honorifics after a name: 小野寺アナ (announcer), 朝比奈選手.
    "アナ", "選手",
    # Lookalike framing right after a name: ことね似, 美奈っぽい, 星野風, 渡辺系.
    "似", "っぽ", "風", "系", "激似", "そっくり",
    # Korean after a given name in Hangul: the familiar 이/아/야, 씨, 님, 언니, 짱, 양.
    "이", "아", "야", "씨", "님", "언니", "짱", "양",
)  # fmt: skip
# One-kana nickname endings fans glue to a given name: ねねち, れいなぴ, しおんぬ. Only after
# a name written in kana and before the end of the word (a particle, another script): after
# "AI" or inside a longer word they are the start of ヌード, チャット, ピクチャ.
NICKNAME_ENDINGS_JA = ("ち", "ぴ", "ぬ")
HONORIFICS_LATIN = (
    "chan", "san", "sama", "tan", "kun", "chama", "cchi", "tchi", "senshu", "ana",
    # ちゃん as Russian anime slang writes it (Коха-тян, read koha-tyan).
    "tyan",
    # The kana nickname endings written in romaji: sayapi, hinapyon, chinacchan.
    "pi", "pyon", "nyan", "cchan", "tchan",
    # Lookalike framing glued to a name: Harper-esque, Lilou-ish, Marisol-style, dasha-lookalike.
    "esque", "ish", "style", "type", "lookalike", "inspired",
)  # fmt: skip


# --- a name part on its own ------------------------------------------------------------
#
# A given name or a family name alone (みなちゃん, 星野さん, Em-chan) is ambiguous, so it
# only counts before an honorific, and not for the family names below: the most common
# ~100 Japanese surnames (from 佐藤 down to about 桜井) name thousands of people each,
# and "高橋さん" in a post is rarely the watched 高橋. Rarer family names (星野,
# 水瀬) with an honorific are nearly always a reference to that person.


def _words(text: str) -> list[str]:
    return text.split()


COMMON_SURNAMES_JA: dict[str, str] = dict(
    pair.split(":")
    for pair in _words(
        "佐藤:さとう 鈴木:すずき 高橋:たかはし 田中:たなか 伊藤:いとう 渡辺:わたなべ 山本:やまもと "
        "中村:なかむら 小林:こばやし 加藤:かとう 吉田:よしだ 山田:やまだ 佐佐木:ささき 山口:やまぐち "
        "松本:まつもと 井上:いのうえ 木村:きむら 林:はやし 斎藤:さいとう 清水:しみず 山崎:やまざき "
        "森:もり 池田:いけだ 橋本:はしもと 阿部:あべ 石川:いしかわ 山下:やました 中島:なかじま "
        "石井:いしい 小川:おがわ 前田:まえだ 岡田:おかだ 長谷川:はせがわ 藤田:ふじた 後藤:ごとう "
        "近藤:こんどう 村上:むらかみ 遠藤:えんどう 青木:あおき 坂本:さかもと 福田:ふくだ 太田:おおた "
        "西村:にしむら 藤井:ふじい 金子:かねこ 岡本:おかもと 藤原:ふじわら 中野:なかの 三浦:みうら "
        "原田:はらだ 中川:なかがわ 松田:まつだ 竹内:たけうち 小野:おの 田村:たむら 中山:なかやま "
        "和田:わだ 石田:いしだ 森田:もりた 上田:うえだ 原:はら 内田:うちだ 柴田:しばた 酒井:さかい "
        "宮崎:みやざき 横山:よこやま 高木:たかぎ 安藤:あんどう 宮本:みやもと 大野:おおの 小島:こじま "
        "谷口:たにぐち 今井:いまい 工藤:くどう 高田:たかだ 増田:ますだ 丸山:まるやま 杉山:すぎやま "
        "村田:むらた 大塚:おおつか 新井:あらい 小山:こやま 平野:ひらの 藤本:ふじもと 河野:こうの "
        "上野:うえの 野口:のぐち 武田:たけだ 松井:まつい 千葉:ちば 菅原:すがわら 岩崎:いわさき "
        "木下:きのした 久保:くぼ 佐野:さの 野村:のむら 松尾:まつお 市川:いちかわ 菊地:きくち "
        "菊池:きくち 杉本:すぎもと 古川:ふるかわ 大西:おおにし 島田:しまだ 水野:みずの 桜井:さくらい"
    )
)
COMMON_SURNAMES_LATIN = frozenset(
    _words(
        "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez "
        "lopez gonzalez wilson anderson thomas taylor moore jackson martin white harris clark "
        "lewis robinson walker young allen king wright scott green baker adams nelson hill "
        "campbell mitchell roberts carter phillips evans turner parker collins edwards stewart "
        "morris murphy cook rogers morgan cooper peterson bailey reed kelly howard cox ward "
        "richardson watson brooks wood james bennett gray hughes price sanders long ross "
        "kim park chen wang zhang liu yang huang zhao tanaka sato suzuki takahashi"
    )
)

# Words that are a name part plus an honorific in everyday Japanese: 皆さん (みな +
# さん, "everyone"), たくさん ("many"), 神様, お姫様, Marilyn (まり + りん). A name part
# followed by an honorific never counts when the two together spell one of these.
HONORIFIC_WORDS_JA = frozenset(
    _words(
        "みなさん みなさま 皆さん 皆様 たくさん かみさま 神様 おうさま 王様 ひめさま 姫様 "
        "おくさん おくさま 奥さん 奥様 おきゃくさま 客様 ほとけさま 仏様 とのさま 殿様 おひさま "
        "おつかれさま おかげさま ごちそうさま おじさん おばさん おじさま おばさま にいさん ねえさん "
        "かあさん とうさん かあちゃん とうちゃん にいちゃん ねえちゃん じいちゃん ばあちゃん "
        "あかちゃん 赤ちゃん ぼっちゃん 坊ちゃん おじょうさん おじょうさま まりりん "
        "みな様 皆さま 神さま 王さま 姫さま 奥さま 客さま"
    )
)


# Words that are a two-kana stem said twice, as fans double a given name (ゆずゆず, れいれい):
# no nickname of いろは is いろいろ ("all sorts").
COMMON_REDUPLICATIONS_JA = frozenset(
    """
    いろいろ そろそろ まあまあ ときどき どきどき わくわく いよいよ もともと ますます ぼちぼち
    ころころ ごろごろ きらきら ゆるゆる ふわふわ もふもふ ぷにぷに ぴかぴか にこにこ ぺらぺら
    ばらばら ぐるぐる くるくる ぬるぬる つるつる さらさら すべすべ むちむち ひらひら ゆらゆら
    はらはら そわそわ いちいち みるみる たまたま しばしば うとうと うろうろ おどおど いらいら
    いやいや まだまだ ぎりぎり ちらちら じわじわ だらだら ばりばり もりもり のろのろ よちよち
    よろよろ わいわい がやがや ぶつぶつ ぐずぐず こそこそ ひそひそ ぺこぺこ ゆうゆう ほかほか
    ぽかぽか ほのほの ぬくぬく すくすく まるまる かくかく しかじか ちかちか ずきずき ちくちく
    """.split()  # noqa: SIM905 (a block of words reads better than 70 quoted ones)
)
