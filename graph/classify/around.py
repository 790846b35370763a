"""What the words around a keyword say about an item's product, beyond the maps' keywords: a product no segment
holds after it, equipment for its industry, scrap before it, and how registries write two words.

>>> outside = Outside(("玩具", "汽车配件"))
>>> outside.ends("玩具生产"), outside.ends("玩具配件"), names_equipment("塑料加工专用设备制造", 2)
(True, False, True)
"""
from __future__ import annotations

import re
from collections import defaultdict

from graph.classify.orgkind import EQUIPMENT_AFTER
from graph.classify.scope import TAIL_ENDS, TAIL_RUN

EQUIPMENT_ANY = re.compile(r"设备|机械|装备|器材|仪器|机")   # a quick "no equipment word" for EQUIPMENT_END
EQUIPMENT_END = re.compile(r"(?:设备|机械|装备|器材|仪器|机)(?:及?(?:配件|零配件|零部件|零件|部件))?$")
NOT_AFTER = {"化工": "程", "电机": "械"}   # 绿化工程, 石化工程: …化 + 工程, never 化工 + 程; 水电机械: …电 + 机械
# how registries also write a word: 通讯 as often as 通信; 家俬, 家私 (Cantonese) and 家俱 for 家具; 纸类制品 for 纸制品;
# 海棉 for 海绵 and 夹心板 for 夹芯板 (homophones)
VARIANTS = (("通信", "通讯"), ("家具", "家俬"), ("家具", "家私"), ("家具", "家俱"), ("制品", "类制品"),
            ("海绵", "海棉"), ("夹芯板", "夹心板"))
VEHICLE = re.compile("汽车|摩托车|汽摩|轿车|货车|客车|车用|机动车")   # 汽车齿轮 is a car part, no machine's
# GB/T 4754 general and special equipment, motors and household appliances: made for cars, they are car parts
# (汽车空调, 汽车电机: class 3670), not the machine's
MACHINE_DIVISIONS = ("34", "35", "381", "385")
WASTE = ("废", "废旧")   # 废塑料加工 is recycling (GB/T 42), not making plastics …
EFFLUENT = ("水", "气", "液")   # … but 废水处理剂 is a water-treatment agent
REMEMBERED = 200_000   # distinct texts an Outside keeps its answer for


class Outside:
    """The products no segment of a chain set holds (its _products.yaml), looked up by their last character."""

    def __init__(self, words: tuple[str, ...] = ()):
        self.words = tuple(words)
        by_last: dict[str, list[str]] = defaultdict(list)
        for word in self.words:
            by_last[word[-1]].append(word)
        self._by_last = {ch: tuple(ws) for ch, ws in by_last.items()}
        self._set = frozenset(self.words)
        # the lengths of the words ending in each character, longest first: a product that ends at a place of a text
        # is one of these few slices (some 180 words end in 机, in 7 lengths)
        self._lengths = {ch: tuple(sorted({len(w) for w in ws}, reverse=True)) for ch, ws in by_last.items()}
        self._seen: dict[str, bool] = {}   # items repeat across a registry: each distinct text is read once

    def ends(self, text: str) -> bool:
        """Whether ``text`` (the words after a keyword, or a whole item) ends in a product no segment holds, a verb
        at its tail aside (玩具生产: 玩具; not 玩具配件)."""
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) >= REMEMBERED:
                self._seen.clear()
            tail = TAIL_RUN.sub("", text) if text and text[-1] in TAIL_ENDS else text
            found = self._seen[text] = bool(tail) and tail.endswith(self._by_last.get(tail[-1], ()))
        return found


    def holds(self, text: str, start: int, end: int) -> bool:
        """Whether a product no segment holds ends at ``end`` of ``text`` and starts before ``start``: the word from
        ``start`` to ``end`` is part of it (汽车空调 is a car part, 发电机 no 电机).

        >>> Outside(("汽车空调",)).holds("汽车空调制造", 2, 4), Outside(("汽车空调",)).holds("空调", 0, 2)
        (True, False)
        """
        return any(end - start < n <= end and text[end - n:end] in self._set
                   for n in self._lengths.get(text[end - 1], ()))


def is_scrap(text: str, word: str, end: int) -> bool:
    """Whether ``word`` (ending at ``end`` of ``text``) follows 废: scrap recycled, not the goods made."""
    return text.endswith(WASTE, 0, end - len(word)) and not word.startswith(EFFLUENT)


def machine_words(words: dict[str, list], segments: dict) -> frozenset[str]:
    """The keywords only segments of machinery (GB/T divisions 34–35, 381, 385) hold: 齿轮, 发动机, 轴承, 空调 … """
    placing = {w: [e for e in entries if e[0] != "exclude"] for w, entries in words.items()}
    return frozenset(w for w, entries in placing.items() if entries and all(
        e[0] == "segment" and segments[e[1:]].industries
        and all(code.startswith(MACHINE_DIVISIONS) for code in segments[e[1:]].industries) for e in entries))


def for_vehicles(text: str, word: str, end: int) -> bool:
    """Whether ``word`` (ending at ``end`` of ``text``) follows a vehicle word: 汽车齿轮, 摩托车发动机 are vehicle parts.

    >>> for_vehicles("汽车齿轮及零部件", "齿轮", 4), for_vehicles("齿轮", "齿轮", 2)
    (True, False)
    """
    return VEHICLE.search(text, 0, end - len(word)) is not None


def names_equipment(text: str, end: int, stop: int | None = None) -> bool:
    """Whether the words of ``text`` from ``end`` to ``stop`` end in equipment (…加工专用设备, …机械及配件): what
    comes before names the industry the equipment serves. 机械加工 is machining, not machinery."""
    stop = len(text) if stop is None else stop
    return not text.endswith("机械加工", 0, stop) and EQUIPMENT_END.search(TAIL_RUN.sub("", text[end:stop])) is not None


def add_variants(words: dict[str, list]) -> None:
    """Give every dictionary word written with 通信 its 通讯 form too, and so on for :data:`VARIANTS` (unless that
    form is a word of its own)."""
    for part, written in VARIANTS:
        for word in [w for w in words if part in w]:
            words.setdefault(word.replace(part, written), list(words[word]))


def industry_words(chains, segments: dict, words: dict[str, list]) -> frozenset[str]:
    """The words that, before equipment (设备, 机械 …), name the industry the equipment serves: labels of a chain that
    does not make equipment (化工, 食品; not 储能 of 新能源装备, not 工程机械), and words of goods that only segments of
    materials and consumer goods hold (GB/T divisions 13–33: 电解铝设备, 食品机械 are machinery, 34–35, for them)."""
    equipment_chains = {c.id for c in chains if c.name.endswith(("装备", "机械", "设备"))}
    goods = {key for key, seg in segments.items()
             if seg.industries and all("13" <= code[:2] <= "33" for code in seg.industries)}
    product_words = {w for w, entries in words.items()
                     if entries and all(e[0] == "segment" and e[1:] in goods for e in entries)}
    return frozenset(w for w, entries in words.items()
                     if (w in product_words or any(e[0] == "label" and e[1] not in equipment_chains for e in entries))
                     and not w.endswith((*EQUIPMENT_AFTER, "机")))
