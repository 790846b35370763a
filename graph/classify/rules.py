"""Explainable rules that place registry firms on chain segments, each with a confidence and a basis.

Evidence, strongest first (weights in :data:`WEIGHTS`):
- the firm's GB/T 4754-2017 class (a 4-digit code, or a class name) is one of a segment's ``industries``;
- a chain's ``labels`` (vendor industry labels such as 工程机械) appear in the industry/label columns or the name;
- a segment's ``keywords`` (or the words of its name) appear in 主营产品, the industry/label columns, the name or
  经营范围 — found by forward maximum matching, so 发电机 is not read as 电机;
- a segment's ``exclude`` words rule that segment out; non-manufacturing signals (银行, 房地产, 物流 …, or an
  industry code outside every segment's classes and outside manufacturing) scale every confidence down.
Confidence is the noisy-OR of the evidence weights, times the penalties. A firm gets the candidates within
:data:`RELATIVE_BAND` of its best one; those at or above the threshold are proposals.

>>> from graph.model import Chain, Segment
>>> chain = Chain("cm", "工程机械", "Construction machinery",
...               (Segment("excavators", "挖掘机", "Excavators", "downstream", industries=("3514",)),
...                Segment("loaders", "装载机", "Loaders", "downstream")), (), labels=("工程机械",))
>>> rules = RuleSet([chain])
>>> [(c.segment_id, c.confidence, c.basis()) for c in rules.candidates(name="临沂挖掘机有限公司", industry="C3514")]
[('excavators', 0.9325, '行业代码 3514 → 挖掘机；名称含「挖掘机」')]
>>> rules.candidates(name="齐鲁银行股份有限公司")
[]
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from graph.model import Chain

# evidence weights (probability that the evidence alone places the firm right), tuned on the dev half
WEIGHTS = {
    "code": 0.85,        # GB/T class code listed for the segment
    "class_name": 0.8,   # GB/T class name written out in the industry column
    "label": 0.8,        # a chain label in the industry / label columns
    "label_name": 0.65,  # … in the name (elsewhere: that column's keyword weight)
    "products": 0.65, "industry": 0.65, "name": 0.55,  # a segment keyword in that column
    "scope_head": 0.5, "scope": 0.35,  # … in the first item of 经营范围 (the main business), or further on
}
AMBIGUOUS = 0.75         # a class shared by several segments: weight × this; a keyword k chains share: × this^(k-1)
NON_MANUFACTURING = 0.25  # confidence × this when a non-manufacturing signal is present
FALLBACK = 0.85          # chain-level evidence only: the segment is a guess, confidence × this
RELATIVE_BAND = 0.8      # keep candidates whose confidence ≥ band × the firm's best
DEFAULT_THRESHOLD = 0.5

# words in a name or label that mark a firm outside manufacturing: finance, property, trade and retail, repair and
# rental, logistics, hospitality, public services, power plants
NON_MANUFACTURING_WORDS = (
    "银行", "信用社", "农商行", "保险", "证券", "期货", "基金", "信托", "担保", "小额贷款", "典当", "融资租赁",
    "房地产", "置业", "地产", "房产", "物业", "酒店", "宾馆", "饭店", "餐饮", "超市", "百货", "商场", "购物",
    "零售", "商贸", "贸易", "进出口", "经销", "代理", "专卖", "服装店", "市场管理", "药房", "药店", "连锁",
    "租赁", "维修", "物流", "快递", "货运", "客运", "港口", "码头", "航空公司", "旅游", "旅行社", "传媒", "广告",
    "教育", "培训", "学校", "大学", "学院", "医院", "诊所", "律师", "会计师", "人力资源", "家政", "投资管理",
    "资产管理", "投资控股", "建设集团", "市政工程", "园林", "影视", "文化", "体育", "电信", "移动通信",
    "发电有限", "电厂", "风电场", "光伏电站", "供电", "电网",
)
NON_MANUFACTURING_ANY = re.compile("|".join(map(re.escape, NON_MANUFACTURING_WORDS)))   # a quick "none of them"
# words that say a firm makes things: they cancel a non-manufacturing word (物流装备制造 is a manufacturer)
MANUFACTURING_WORDS = ("制造", "生产", "加工", "制品")
FIELDS = ("name", "industry", "products", "scope_head", "scope")
FIELD_ZH = {"name": "名称", "industry": "行业/标签", "products": "主营产品", "scope_head": "经营范围首项",
            "scope": "经营范围"}
FIELD_EN = {"name": "the name", "industry": "industry/label", "products": "main products",
            "scope_head": "the first item of the business scope", "scope": "business scope"}
SCOPE_ITEM = re.compile(r"[、，,；;。]")
CODE = re.compile(r"(?<![0-9])([A-Ta-t]?)\s*([0-9]{4})(?![0-9])")
NAME_SPLIT = re.compile(r"[/、，,；;与和及]")
BRACKETS = re.compile(r"[（(][^）)]*[）)]")
FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")   # full-width ASCII forms and the ideographic space
HALF_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
COMMON_FULL_WIDTH = "；，（）：\u3000"   # most of them in registry texts
KEYWORD, CLASS, LABEL, EXCLUDE = "keyword", "class", "label", "exclude"   # what a dictionary word does
MAX_ITEMS_REMEMBERED = 200_000   # distinct 经营范围 items (and industry, product texts) per field


def normalise_text(text) -> str:
    """Full-width to half-width, lower case, no spaces: '３５１４ 挖掘机' -> '3514挖掘机'."""
    if text is None or text != text:  # None or NaN
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def normalise_texts(texts: list[str]) -> list[str]:
    """:func:`normalise_text` of many strings at once, with the same result, only quicker.

    The texts are joined by NUL (which none of them holds, else they are done one by one): NFKC, white space and
    case never cross it. Full-width forms (；（）：，) are most of what NFKC changes in registry texts and cost it the
    most; they are first replaced by what NFKC makes of them (the same result: NFKC composes the decomposed text),
    after which NFKC finds most texts already normal.

    >>> normalise_texts(["３５１４ 挖掘机", "", "ＡＢ；①"])
    ['3514挖掘机', '', 'ab;1']
    """
    joined = "\x00".join(texts)
    if not texts or joined.count("\x00") != len(texts) - 1:
        return [normalise_text(t) for t in texts]
    for mark in COMMON_FULL_WIDTH:   # str.replace is quicker than a regex call per mark; the regex does the rest
        joined = joined.replace(mark, HALF_WIDTH[mark])
    joined = FULL_WIDTH.sub(lambda m: HALF_WIDTH[m.group()], joined)
    if not unicodedata.is_normalized("NFKC", joined):
        joined = "\x00".join(t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
                             for t in joined.split("\x00"))
    return re.sub(r"\s+", "", joined).lower().split("\x00")


def name_words(name: str) -> list[str]:
    """Words of a segment name usable as keywords: '液压泵/马达' -> ['液压泵', '马达'] (2+ characters)."""
    parts = NAME_SPLIT.split(BRACKETS.sub("", name))
    return [p for p in (normalise_text(p) for p in [name, *parts]) if len(p) >= 2]


class Evidence(NamedTuple):
    kind: str        # code | class_name | label | keyword | fallback | non_manufacturing
    weight: float
    word: str        # the code, label or keyword seen
    field: str = ""  # where it was seen (a key of FIELDS), if anywhere

    def render(self, target: str, lang: str = "zh") -> str:
        zh = lang != "en"
        if self.kind == "code":
            return f"行业代码 {self.word} → {target}" if zh else f"industry code {self.word} → {target}"
        if self.kind == "class_name":
            return f"国标行业「{self.word}」→ {target}" if zh else f"GB/T class “{self.word}” → {target}"
        if self.kind == "label":
            return (f"{FIELD_ZH[self.field]}含产业链标签「{self.word}」" if zh
                    else f"{FIELD_EN[self.field]} holds the chain label “{self.word}”")
        if self.kind == "keyword":
            return f"{FIELD_ZH[self.field]}含「{self.word}」" if zh else f"{FIELD_EN[self.field]} contains “{self.word}”"
        if self.kind == "fallback" and self.word == "name":
            return f"环节按名称相近推定为{target}" if zh else f"segment guessed as {target} (closest name)"
        if self.kind == "fallback":
            return f"环节未知，按该链主产品推定为{target}" if zh else f"segment unknown, taken as the chain's main product {target}"
        return (f"非制造业信号「{self.word}」，置信度×{NON_MANUFACTURING}" if zh
                else f"non-manufacturing signal “{self.word}”, confidence ×{NON_MANUFACTURING}")


class Candidate(NamedTuple):
    """One possible segment membership of a firm (a named tuple: a registry makes hundreds of thousands)."""

    chain_id: str
    segment_id: str
    confidence: float
    evidence: tuple[Evidence, ...]
    segment_name: str
    segment_name_en: str

    def basis(self, lang: str = "zh") -> str:
        """'行业代码 3514 → 挖掘机；经营范围含「装载机」' — every piece of evidence, strongest first."""
        return _basis(self.evidence, self.segment_name if lang != "en" else self.segment_name_en, lang)


@functools.lru_cache(maxsize=65_536)   # a registry repeats a few hundred combinations of evidence many times
def _basis(evidence: tuple[Evidence, ...], target: str, lang: str) -> str:
    return ("；" if lang != "en" else "; ").join(e.render(target, lang) for e in evidence)


class RuleSet:
    """The rules of one chain set, compiled once: a word dictionary scanned by forward maximum matching.

    ``classes`` maps GB/T 4754-2017 class names to codes (from chains/gbt4754-2017.csv), so a registry
    that writes 建筑工程用机械制造 instead of 3514 still matches.
    """

    def __init__(self, chains: list[Chain], classes: dict[str, str] | None = None):
        self.chains = {c.id: c for c in chains}
        self.segments = {(c.id, s.id): s for c in chains for s in c.segments}
        self.by_code: dict[str, list[tuple[str, str]]] = defaultdict(list)
        words: dict[str, list[tuple]] = defaultdict(list)
        keyword_chains: dict[str, set[str]] = defaultdict(set)
        for (chain_id, seg_id), seg in self.segments.items():
            for code in seg.industries:
                self.by_code[code].append((chain_id, seg_id))
            for word in {*name_words(seg.name), *(normalise_text(k) for k in seg.keywords)}:
                if len(word) >= 2:
                    words[word].append(("segment", chain_id, seg_id))
                    keyword_chains[word].add(chain_id)
            for word in seg.exclude:
                words[normalise_text(word)].append(("exclude", chain_id, seg_id))
        for chain in chains:
            for label in {normalise_text(chain.name), *(normalise_text(x) for x in chain.labels)}:
                if len(label) >= 2:
                    words[label].append(("label", chain.id))
        for class_name, code in (classes or {}).items():
            if code in self.by_code:
                words[normalise_text(class_name)].append(("class", code))
        self.vocabulary = {key: _pairs("|".join([seg.name, *seg.keywords])) - {"||"}
                           for key, seg in self.segments.items()}
        fed: dict[tuple[str, str], int] = defaultdict(int)
        for chain in chains:
            for _, target in chain.links:
                fed[(chain.id, target)] += 1
        # the chain's main product first: downstream segments most segments feed
        self.main_order = {c.id: sorted(c.segments, key=lambda s: (s.stage != "downstream", -fed[(c.id, s.id)]))
                           for c in chains}
        self.listed_divisions = {code[:2] for code in self.by_code}
        self.words = dict(words)
        # a keyword k chains share: weight × AMBIGUOUS^(k-1)
        self.share_factor = {w: AMBIGUOUS ** (len(cs) - 1) for w, cs in keyword_chains.items() if len(cs) > 1}
        starts: dict[str, set[int]] = defaultdict(set)
        for word in self.words:
            starts[word[0]].add(len(word))
        self.starts = {ch: tuple(sorted(lengths, reverse=True)) for ch, lengths in starts.items()}
        # each segment's name pairs by pair, for _closest_segment
        self.pair_index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for (chain_id, seg_id), pairs in self.vocabulary.items():
            for pair in pairs:
                self.pair_index[chain_id][pair].append(seg_id)
        self.pair_keys = {chain_id: frozenset(index) for chain_id, index in self.pair_index.items()}
        self._word_actions: dict[tuple[str, str], tuple] = {}
        # registry texts repeat item by item (技术服务、货物进出口 …) and by industry: read each distinct one once
        self._item_actions: dict[str, dict[str, tuple]] = {field: {} for field in FIELDS[1:]}
        self._codes = functools.lru_cache(maxsize=20_000)(self._code_evidence)

    # ------------------------------------------------------------ matching
    def scan(self, text: str) -> list[str]:
        """Dictionary words in ``text`` by forward maximum matching: '发电机组' finds '发电机', not '电机'."""
        found, i, n, words, starts = [], 0, len(text), self.words, self.starts
        while i < n:
            for length in starts.get(text[i], ()):
                if text[i:i + length] in words:
                    found.append(text[i:i + length])
                    i += length
                    break
            else:
                i += 1
        return found

    def _code_evidence(self, industry: str):
        """(segment evidence {(chain, segment): Evidence}, non-manufacturing code or None)."""
        hits, outside = {}, None
        for _, code in CODE.findall(industry):
            targets = self.by_code.get(code)
            if targets:
                shared = len(targets) > 1   # a class several segments draw on says less about each
                for target in targets:
                    hits.setdefault(target, Evidence("code", WEIGHTS["code"] * (AMBIGUOUS if shared else 1), code))
            elif code[:2] not in self.listed_divisions and not ("13" <= code[:2] <= "46"):
                outside = outside or code
        return hits, outside

    def _word_action(self, field: str, word: str) -> tuple:
        """What seeing ``word`` in ``field`` does, as actions the candidate loop applies in order (compiled once per
        field and word; the Evidence objects are shared, being immutable)."""
        key = (field, word)
        if key not in self._word_actions:
            actions = []
            for entry in self.words[word]:
                kind = entry[0]
                if kind == "segment":
                    weight = WEIGHTS[field] * self.share_factor.get(word, 1.0)
                    actions.append((KEYWORD, entry[1:], field, Evidence("keyword", weight, word, field)))
                elif kind == "class":
                    if field == "industry":
                        targets = self.by_code[entry[1]]
                        ev = Evidence("class_name", WEIGHTS["class_name"] * (AMBIGUOUS if len(targets) > 1 else 1), word)
                        actions.append((CLASS, tuple(targets), None, ev))
                elif kind == "label":   # as strong as a keyword there, stronger in the industry/label columns
                    weight = WEIGHTS["label" if field == "industry" else "label_name" if field == "name" else field]
                    actions.append((LABEL, entry[1], None, Evidence("label", weight, word, field)))
                else:
                    actions.append((EXCLUDE, entry[1:], None, None))
            self._word_actions[key] = tuple(actions)
        return self._word_actions[key]

    def _actions(self, field: str, text: str) -> tuple:
        """The actions of every dictionary word in ``text``, in reading order."""
        return tuple(action for word in self.scan(text) for action in self._word_action(field, word))

    def candidates(self, *, name="", industry="", products="", scope="") -> list[Candidate]:
        """Every candidate segment of one firm, best first (see :func:`select` for which to propose)."""
        return self.candidates_normalised(normalise_text(name), normalise_text(industry), normalise_text(products),
                                          normalise_text(scope))

    def candidates_normalised(self, name: str, industry: str, products: str, scope: str) -> list[Candidate]:
        """:meth:`candidates` of texts already normalised (:func:`normalise_texts` does a whole column at once)."""
        head, _, rest = SCOPE_ITEM.sub("、", scope).partition("、")
        texts = {"name": name, "industry": industry, "products": products, "scope_head": head, "scope": rest}
        segment_ev: dict[tuple[str, str], dict[str, Evidence]] = defaultdict(dict)
        chain_ev: dict[str, Evidence] = {}
        excluded: set[tuple[str, str]] = set()
        non_mfg = None
        code_hits, outside_code = self._codes(industry)
        for target, ev in code_hits.items():
            segment_ev[target]["code"] = ev
        if outside_code:
            non_mfg = Evidence("non_manufacturing", NON_MANUFACTURING, outside_code)
        actions = list(self._actions("name", name))   # names are unique: nothing to remember
        for field in FIELDS[1:]:
            known = self._item_actions[field]
            for item in SCOPE_ITEM.split(texts[field]):
                found = known.get(item)
                if found is None:
                    if len(known) >= MAX_ITEMS_REMEMBERED:
                        known.clear()
                    found = known[item] = self._actions(field, item)
                if found:
                    actions.extend(found)
        own_class = bool(code_hits)   # the firm's own GB/T class is one of a segment's
        for kind, target, field, ev in actions:
            if kind is KEYWORD:
                slot = segment_ev[target]
                if field not in slot or slot[field].weight < ev.weight:
                    slot[field] = ev
            elif kind is CLASS:
                own_class = True
                for one in target:
                    segment_ev[one].setdefault("code", ev)
            elif kind is LABEL:
                if target not in chain_ev or chain_ev[target].weight < ev.weight:
                    chain_ev[target] = ev
            else:
                excluded.add(target)
        if own_class:
            non_mfg = None
        elif non_mfg is None:   # plain substrings: 眼科医院 is a keyword, and still a hospital
            for field in ("name", "industry"):
                if not NON_MANUFACTURING_ANY.search(texts[field]):
                    continue
                word = next(w for w in NON_MANUFACTURING_WORDS if w in texts[field])
                if not any(m in texts[field] for m in MANUFACTURING_WORDS):
                    non_mfg = Evidence("non_manufacturing", NON_MANUFACTURING, word, field)
                    break
        out = []
        for target, slot in segment_ev.items():
            if target in excluded:
                continue
            evidence = sorted(slot.values(), key=lambda e: -e.weight)
            if target[0] in chain_ev:
                evidence.append(chain_ev[target[0]])
            out.append(self._candidate(target, evidence, non_mfg))
        placed = {c.chain_id for c in out}
        for chain_id, ev in chain_ev.items():
            if chain_id not in placed:
                found = self._closest_segment(chain_id, texts, excluded)
                if found:
                    out.append(self._candidate(found[0], [ev, Evidence("fallback", FALLBACK, found[1])], non_mfg))
        out.sort(key=lambda c: (-c.confidence, c.chain_id, c.segment_id))
        return out

    def _candidate(self, target, evidence: list[Evidence], non_mfg: Evidence | None) -> Candidate:
        miss = 1.0
        scale = 1.0
        for ev in evidence:
            if ev.kind == "fallback":
                scale *= ev.weight
            else:
                miss *= 1.0 - ev.weight
        if non_mfg is not None:
            evidence = [*evidence, non_mfg]
            scale *= non_mfg.weight
        seg = self.segments[target]
        return Candidate(target[0], target[1], round((1.0 - miss) * scale, 4), tuple(evidence), seg.name, seg.name_en)

    def _closest_segment(self, chain_id: str, texts: dict, excluded: set):
        """(segment, how): the chain's segment sharing ≥ 2 character pairs with the name, label and products
        ('name'), else the chain's main product — the downstream segment most segments feed
        ('main'). None when every segment is excluded."""
        shared: dict[str, int] = defaultdict(int)   # segment -> pairs it shares with the texts
        pairs = _pairs(texts["name"] + "|" + texts["industry"] + "|" + texts["products"])
        for pair in pairs & self.pair_keys.get(chain_id, frozenset()):
            for seg_id in self.pair_index[chain_id][pair]:
                shared[seg_id] += 1
        can_name = max(shared.values(), default=0) >= 2
        first, best, best_count = None, None, 1
        for seg in self.main_order[chain_id]:   # the first segment sharing the most pairs, if that is 2 or more
            if (chain_id, seg.id) in excluded:
                continue
            first = first or seg
            if not can_name:
                break
            if shared.get(seg.id, 0) > best_count:
                best, best_count = seg, shared[seg.id]
        if first is None:
            return None
        return ((chain_id, best.id), "name") if best is not None else ((chain_id, first.id), "main")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def select(candidates: list[Candidate], threshold: float = DEFAULT_THRESHOLD, *, limit: int = 3):
    """``[(candidate, status)]``: candidates within :data:`RELATIVE_BAND` of the best are ``proposed`` (at or above
    ``threshold``) or ``below_threshold``; the best one outside the band is the ``runner_up``.

    >>> from graph.classify.rules import Candidate
    >>> a, b, c = (Candidate("x", s, p, (), s, s) for s, p in (("a", 0.9), ("b", 0.75), ("c", 0.3)))
    >>> [(x.segment_id, status) for x, status in select([a, b, c], 0.8)]
    [('a', 'proposed'), ('b', 'below_threshold'), ('c', 'runner_up')]
    """
    if not candidates:
        return []
    band = RELATIVE_BAND * candidates[0].confidence
    inside = [c for c in candidates if c.confidence >= band][:limit]
    out = [(c, "proposed" if c.confidence >= threshold else "below_threshold") for c in inside]
    outside = candidates[len(inside):]
    if outside:
        out.append((outside[0], "runner_up"))
    return out
