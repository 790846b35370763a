"""经营范围 read as an analyst reads it: boilerplate dropped, items split, each item under its verbs.

A registry's scope lists what a firm may do, item by item, each under a verb that says *how*: making (生产, 制造,
加工 …), trading (销售, 批发, 零售 …) or servicing (维修, 安装, 租赁 …). A verb binds the items around it the way
registries write them:
- before a colon, for every item after it: ``生产销售：化工设备、管道`` (both made and sold);
- at the head of an item, for it and the verbless items after it: ``零售烟酒、百货、化肥`` (all three sold);
- at the tail of an item, for it and the verbless items before it: ``针织品、服装加工`` (both made);
- alone, as an item of its own: for the next item (``研发、生产、销售汽车零部件``), or the previous one when that
  ended in a verb (``工业泵制造、销售``).
Parenthesised notes (不含危险化学品), the approval sentence (依法须经批准的项目…), the 一般/许可经营项目 prefixes,
the import–export boilerplate of old scopes (经营本企业自产产品…) and licence notes (有效期限以许可证为准,
以上范围不含…) are dropped first.

>>> [(c.text, c.verbs) for c in clauses("工业泵制造、销售。机电产品")]
[('工业泵制造', 'make+trade'), ('机电产品', '')]
>>> [(c.text, c.verbs) for c in clauses("零售烟酒付食、百货、化肥（依法须经批准的项目，经相关部门批准后方可开展经营活动）")]
[('零售烟酒付食', 'trade'), ('百货', 'trade'), ('化肥', 'trade')]
>>> [(c.text, c.verbs) for c in clauses("一般经营项目：生产销售：化工设备；加工：木制家具")]
[('化工设备', 'make+trade'), ('木制家具', 'make')]
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from graph.messages import t

# verbs by what they say a firm does with an item; a compound (生产销售) is read as its parts
MAKE_VERBS = ("生产", "制造", "加工", "研制", "组装", "装配", "制售", "制作", "铸造", "锻造", "冶炼", "提炼", "酿造",
              "制备", "试制", "印制", "生产加工", "加工制造", "精选", "洗选", "选矿", "开采", "采选", "屠宰", "造粒", "分梳",
              "纺纱", "织造", "印染", "装订", "印刷", "纺织", "编织", "冲压", "电镀", "喷涂", "喷塑", "注塑", "吹塑",
              "压延", "轧制", "拉丝", "分装", "灌装", "粉碎", "热处理", "焊接", "烘焙", "腌制", "酿制", "漂染", "染整",
              "染色", "缝制", "压铸", "锻压", "产销")
# making verbs that say only that something is made; the others name a trade of their own (铸造, 印染, 屠宰 …): such a
# verb standing alone, binding no item, is what the firm does (染色加工 is a dyeworks, 铸造 a foundry)
GENERIC_MAKING = frozenset(("生产", "制造", "加工", "研制", "组装", "装配", "制售", "制作", "制备", "试制", "生产加工",
                            "加工制造", "产销"))
TRADE_VERBS = ("销售", "批发", "零售", "购销", "经销", "代销", "收购", "进出口", "进口", "出口", "批零", "供应", "直销",
               "销", "经营", "代理", "营销", "贸易", "回收", "调剂", "配送", "展销", "寄售", "批售", "零售兼批发")
SERVICE_VERBS = ("维修", "修理", "安装", "租赁", "出租", "运输", "仓储", "储存", "餐饮", "技术服务", "技术咨询",
                 "技术转让", "咨询", "服务", "施工", "承包", "检测", "检验", "运营", "维护", "保养", "培训", "装卸",
                 "设计", "调试", "清洗", "推广", "管理", "开发", "研发", "研究", "货运", "客运", "工程", "分包")
VERB_KIND = {**{v: "service" for v in SERVICE_VERBS}, **{v: "trade" for v in TRADE_VERBS},
             **{v: "make" for v in MAKE_VERBS}}
# a verb written after 的, or several joined by 、和及与并: 化工产品的生产与销售
_VERB = "|".join(sorted(map(re.escape, VERB_KIND), key=len, reverse=True))
_RUN = rf"(?:{_VERB})(?:[和及与并兼、/]?(?:{_VERB}))*"
# a verb followed by these is the head of a noun (生产资料, 加工中心, 生产线, 加工设备), not a verb
NOUN_AFTER = "品|件|资料|中心|线|设备|机械|用|车间|工具|物|厂|场|袋|机|业|企业|材料|原料|耗材|器材|式|性"
# … and so is one joined by 及/和/与 to a word that is no verb (注塑及中空成型制品: injection- and blow-moulded goods)
HEAD_RUN = re.compile(rf"^(?:从事|兼营|兼|主营|经营范围|负责)?[:：]?({_RUN})(?!{NOUN_AFTER})(?![及和与](?!{_VERB}))")
TAIL_RUN = re.compile(rf"(?:的|及其|及)?({_RUN})(?:业务|活动)?$")
TAIL_ENDS = frozenset(v[-1] for v in VERB_KIND) | {"务", "动"}   # last characters a tail run (…业务) can have
ALL_VERBS = re.compile(rf"^(?:从事|兼营|兼|主营)?({_RUN})(?:业务|活动)?$")
ONE_VERB = re.compile(_VERB)

# goods registries write with one character among made items (纱、布生产; 猪、牛、羊、禽…加工), read as the product
# they are (keywords have two characters or more), where that is one segment's: yarn is spun, livestock processed is
# meat; not 布, which is woven, knitted or non-woven cloth (织造, 针织, 产业用纺织品)
ONE_CHARACTER = {"纱": "纱线", **dict.fromkeys("猪牛羊禽鸡鸭鹅", "肉制品")}
CONJUNCT = re.compile(r"[及和与或并兼]")           # joins an item's conjuncts (铝型材及门窗)

BRACKETED = re.compile(r"[（(][^（）()]*[)）]")   # notes in brackets, innermost first (twice: nested ones)
# boilerplate, and whether it runs from an item's or a sentence's start to a word (不含, 国家禁止 …): such parts are
# costly to look for, and are looked for only in a text that holds one of their words (most texts hold none once the
# brackets are gone; the result is the same)
_BOILERPLATE = (
    (r"(?:前置|后置)?许可(?:经营)?项目[:：]?\s*无", False),                    # 许可经营项目：无
    (r"依法须经批准的项目[^。；;]*", False),
    (r"(?:以上|上述)(?:经营)?范围[^。；;]*", False),
    (r"有效期限?以许可证为准[^。；;]*", False),
    (r"(?:国家)?法律[、，,]?(?:行政)?法规[^。；;]*(?:禁止|限制|规定)[^。；;]*", False),
    (r"(?:凭|按|持)(?:有效)?(?:许可证|资质证书?|资质|批准文件)[^。；;、，,]*", False),
    (r"[^。；;、，,]*(?:不含|不得|未经|除外|须经|需经|取得许可|方可)[^。；;、，,]*", True),
    (r"经营本企业生产[^。]{0,40}?进口业务", False),   # …所需的原辅材料；仪器仪表…及技术的进口业务: one licence
    (r"经营本企业[^。；;]*", False),
    # an old trade licence (经营进料加工和“三来一补”业务: “” are 、 by now), its items only
    (r"(?:经营|开展)?(?:本企业的?|边贸)?进料加工(?:[和及]、?三来一补、?(?:业务)?)?|(?:各类)?进出口商品的加工", False),
    (r"本企业自产[^。；;]*", False),
    # the import-export licence most scopes carry, not what the firm does
    (r"自营和代理[^。；;]{0,30}?进出口业务|(?:经营|开展)?对销贸易和转口贸易", False),
    (r"[^。；;]*(?:国家限定|国家禁止)[^。；;]*", True),
    (r"[^。；;]*经营范围由[^。；;]*章程载明[^。]*。?(?:如需了解经营范围[^。]*)?", True),   # 珠海/深圳: not registered
)
BOILERPLATE = re.compile("|".join(part for part, _ in _BOILERPLATE))
BOILERPLATE_PLAIN = re.compile("|".join(part for part, from_start in _BOILERPLATE if not from_start))
FROM_START_WORDS = re.compile("不含|不得|未经|除外|须经|需经|取得许可|方可|国家限定|国家禁止|经营范围由")
PREFIX = re.compile(r"(?:一般经营项目|许可经营项目|一般项目|许可项目|前置许可项目|后置许可项目|经营范围)[:：]?")
SENTENCE = re.compile(r"[。；;！!\n]+")
ITEM = re.compile(r"[、，,/|·•]+|(?<![0-9])[.．](?![0-9])")   # a full stop between words separates items too
BRACKET_MARKS = re.compile(r"[【】\[\]《》「」“”\"'*＊※#＃〓]")


class Clause(NamedTuple):
    """One item of a scope and what is done with it: ``verbs`` is 'make', 'trade', 'service', joined by '+' when
    several ('make+trade'), or '' when no verb binds it; ``lead`` marks the items of the first sentence, where
    registries write a firm's main business."""

    text: str
    verbs: str
    lead: bool = False

    @property
    def made(self) -> bool:
        return "make" in self.verbs

    def render(self, verb: str = "") -> str:
        """'制造：化工设备' — the verb kind (``verb`` or the clause's first) before the item without its own verbs, as
        the basis shows it."""
        return _render(self.text, verb or self.verbs.split("+")[0])


@functools.lru_cache(maxsize=100_000)
def _render(text: str, verb: str) -> str:
    return f"{VERB_ZH[verb]}：{without_verbs(text)}" if verb else text


def without_verbs(item: str) -> str:
    """An item without the verbs at its head and tail: what is made, sold or serviced.

    >>> without_verbs("生产销售化工设备"), without_verbs("甜茶及系列产品加工销售"), without_verbs("加工")
    ('化工设备', '甜茶及系列产品', '加工')
    """
    bare = HEAD_RUN.sub("", item, count=1)
    end = TAIL_RUN.search(bare)
    return (bare[:end.start()] if end and end.start() > 0 else bare) or item


VERB_ZH = {verb: t(f"verb_{verb}") for verb in ("make", "trade", "service")}   # 制造, 销售, 服务 (graph/messages/)


def as_product(item: str) -> str:
    """A made item as the product it names: one written with one character (纱生产) as its word, else itself.

    >>> as_product("纱生产"), as_product("猪"), as_product("布生产"), as_product("纱线")
    ('纱线', '肉制品', '布生产', '纱线')
    """
    if len(item) > 5 or ONE_CHARACTER.keys().isdisjoint(item):
        return item
    return ONE_CHARACTER.get(TAIL_RUN.sub("", HEAD_RUN.sub("", item, count=1)), item)


def strip_boilerplate(scope: str) -> str:
    """The scope without notes, approval sentences and prefixes (text already normalised or not).

    >>> strip_boilerplate("一般项目：化工产品（不含危险化学品）销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
    '化工产品销售。'
    """
    text = BRACKET_MARKS.sub("、", str(scope or ""))
    if "(" in text or "（" in text:
        text = BRACKETED.sub("", BRACKETED.sub("", text))
    boilerplate = BOILERPLATE if FROM_START_WORDS.search(text) else BOILERPLATE_PLAIN
    return PREFIX.sub("", boilerplate.sub("", text))


@functools.lru_cache(maxsize=4096)   # a registry writes a few hundred verb runs (生产销售, 批发零售 …)
def _kinds(run: str) -> frozenset[str]:
    return frozenset(VERB_KIND[v] for v in ONE_VERB.findall(run))


_ORDER = ("make", "trade", "service")
_JOINED = {frozenset(kinds): "+".join(kinds)
           for kinds in ((), *(tuple(c for i, c in enumerate(_ORDER) if mask >> i & 1) for mask in range(1, 8)))}


def _join(kinds: set[str]) -> str:
    """'make+trade' for {'trade', 'make'}: the kinds in a fixed order."""
    return _JOINED[frozenset(kinds)]


@functools.lru_cache(maxsize=200_000)
def clauses(scope: str) -> tuple[Clause, ...]:
    """The items of a scope with the verbs that bind them (see the module docstring)."""
    out: list[Clause] = []
    lead = True   # the first sentence that says anything, a bare 技术服务 too
    for sentence in SENTENCE.split(strip_boilerplate(scope)):
        if not sentence.strip():
            continue
        verbs_only = ALL_VERBS.match(ITEM.sub("", sentence).strip())
        if verbs_only and out:   # 节能产品、保温材料；研发、生产、销售: the verbs of the sentence before
            kinds = _kinds(verbs_only.group(1))
            start = len(out)
            while start > 0 and not out[start - 1].verbs and out[start - 1].lead == out[-1].lead:
                start -= 1
            out[start:] = [c._replace(verbs=_join(kinds)) for c in out[start:]]
            if start == len(out):   # nothing to bind: 铸造；锻造 says what the firm does
                out.extend(Clause(item, "make", lead) for item in _activities(sentence))
            continue
        out.extend(_sentence_clauses(sentence, lead))
        lead = False
    return tuple(out)


@functools.lru_cache(maxsize=200_000)   # sentences repeat across a registry (货物进出口, 技术服务 …)
def _sentence_clauses(sentence: str, lead: bool = False) -> tuple[Clause, ...]:
    head, colon, tail = sentence.partition("：") if "：" in sentence else sentence.partition(":")
    shared: set[str] = set()
    if colon:
        match = ALL_VERBS.match(head.strip())
        if match:
            shared = _kinds(match.group(1))
            sentence = tail
        elif not head.strip() or len(head) <= 6:   # a label such as 主营： or 兼营：
            sentence = tail
    items = [part for i in ITEM.split(sentence) if i.strip() for part in _verb_conjuncts(i.strip())]
    texts: list[str] = []
    kinds: list[set[str]] = []
    heads: list[bool] = []    # the item's verb stood at its head (binds the items after it)
    tails: list[bool] = []    # … at its tail (binds the items before it)
    for item in items:
        whole = ALL_VERBS.match(item)
        if whole:                                  # a bare verb: an item of its own, bound below
            texts.append("")
            kinds.append(set(_kinds(whole.group(1))))
            heads.append(False)
            tails.append(False)
            continue
        own: set[str] = set()
        at_head = at_tail = False
        start = HEAD_RUN.match(item)
        if start:
            own |= _kinds(start.group(1))
            at_head = True
        end = TAIL_RUN.search(item) if item[-1] in TAIL_ENDS else None   # a quick no for most items
        if end and end.start(1) > 0:
            own |= _kinds(end.group(1))
            at_tail = True
        texts.append(item)
        kinds.append(own)
        heads.append(at_head and not at_tail)
        tails.append(at_tail)
    # bare verbs: to the previous item when it ended in a verb (工业泵制造、销售) or nothing follows (塑料粉碎、造粒加工),
    # else to the next one (研发、生产、销售汽车零部件)
    for i, text in enumerate(texts):
        if text:
            continue
        if (i > 0 and texts[i - 1] and tails[i - 1] and "make" not in kinds[i - 1] and kinds[i] == {"make"}
                and _activities(items[i])):
            texts[i] = items[i]   # 水道零件零售批发，注塑加工: a trade of its own after sold goods is what the firm does
            continue
        if i > 0 and texts[i - 1] and (tails[i - 1] or not any(texts[i + 1:])):
            kinds[i - 1] |= kinds[i]
            tails[i - 1] = True
        elif i + 1 < len(texts):
            kinds[i + 1] |= kinds[i]
            heads[i + 1] = heads[i + 1] or not tails[i + 1]
    # a verb at an item's head binds the verbless items after it; then one at the tail binds those still before it
    carried: set[str] = set()
    for i in range(len(texts)):
        if not texts[i]:
            continue
        if kinds[i]:
            carried = set(kinds[i]) if heads[i] else set()
        elif carried:
            kinds[i] = set(carried)
    for i in range(len(texts)):
        if tails[i] and texts[i] and not shared:   # 销售：建材，机械加工: the colon's verb binds 建材
            j = i - 1
            while j >= 0 and texts[j] and not kinds[j]:
                kinds[j] = set(kinds[i])
                j -= 1
    if not any(texts):   # bare verbs only, binding nothing: 染色加工 says what the firm does
        return tuple(Clause(item, "make", lead) for item in _activities(sentence))
    return tuple(Clause(text, _JOINED[frozenset(own | shared)], lead)
                 for text, own in zip(texts, kinds, strict=True) if text)


def _verb_conjuncts(item: str) -> list[str]:
    """An item of two conjuncts that each end in their verb, as two items: 塑钢门窗制造及门窗经销 makes windows and sells
    them (one item, its last verb would bind both to selling only).

    >>> _verb_conjuncts("塑钢门窗制造及门窗经销"), _verb_conjuncts("化工产品的生产及销售"), _verb_conjuncts("铝型材及门窗")
    (['塑钢门窗制造', '门窗经销'], ['化工产品的生产及销售'], ['铝型材及门窗'])
    """
    if not CONJUNCT.search(item):
        return [item]
    for join in CONJUNCT.finditer(item):
        left, right = item[:join.start()], item[join.end():]
        end = TAIL_RUN.search(left) if left and left[-1] in TAIL_ENDS else None
        if end and end.start(1) > 0 and right and not ALL_VERBS.match(right) and TAIL_RUN.search(right):
            return [left, *_verb_conjuncts(right)]
    return [item]


def _activities(sentence: str) -> list[str]:
    """The items of a sentence of bare verbs that name a trade of their own (not only making).

    >>> _activities("染色加工"), _activities("研发、生产、销售")
    (['染色加工'], [])
    """
    items = [i.strip() for i in ITEM.split(sentence) if i.strip()]
    return [item for item in items if any(VERB_KIND[v] == "make" and v not in GENERIC_MAKING
                                          for v in ONE_VERB.findall(item))]
