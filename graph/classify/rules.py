"""Explainable rules that place registry firms on chain segments, each with a confidence and a basis.

Evidence, strongest first (weights in :data:`graph.classify.candidates.WEIGHTS`; docs/classify.md tells them all):
- the firm's GB/T 4754-2017 class (a 4-digit code, or a class name) is one of a segment's ``industries``;
- a chain's ``labels`` (vendor industry labels such as 工程机械) in the industry/label columns or the name;
- a segment's ``keywords`` (or the words of its name) in 主营产品, the industry/label columns, the name or an item
  of 经营范围, found by forward maximum matching (发电机 is not 电机). 经营范围 is read item by item under its verbs
  (:mod:`graph.classify.scope`): a made item is evidence for a manufacturing segment, a sold one only for trade
  segments (drugs sold: 医药流通), a serviced one only for service segments; an item's product is its last word
  (印刷线路板, 塑料玩具: the word before counts ×0.75; :mod:`graph.classify.around`);
- what kind of unit the firm is (:mod:`graph.classify.orgkind`): shops, bank branches, contractors … are placed on
  nothing, traders only on trade segments, service units only on service segments;
- ``exclude`` words rule a segment out; non-manufacturing signals (银行, 物流 …) scale every confidence down, and so
  does a scope that sells five times what it makes (a side line, LABELLING.md rule 3).
Confidence is the noisy-OR of the evidence weights, times the penalties. A firm gets the candidates within
:data:`graph.classify.candidates.RELATIVE_BAND` of its best one; those at or above the threshold are proposals. A
chain label alone gives a candidate with no segment (``chain_only``: "chain known, segment to choose"); no segment is
ever guessed.

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
from collections import defaultdict

from graph.classify import around
from graph.classify.candidates import (
    ALL_SEGMENTS,
    AMBIGUOUS,
    FIELDS,
    MODIFIER,
    NAME_ONLY,
    NON_MANUFACTURING,
    SCOPE_FIELDS,
    SEGMENT_UNKNOWN,
    SIDE_LINE,
    SIDE_LINE_SHARE,
    VERB_SEGMENTS,
    WEIGHTS,
    Candidate,
    Evidence,
    segment_class,
    share_factors,
)
from graph.classify.orgkind import (
    EQUIPMENT_AFTER,
    MANUFACTURING_WORDS,
    NON_MANUFACTURING_ANY,
    NON_MANUFACTURING_WORDS,
    VAGUE_NAME,
    OrgKind,
    kind_of,
)
from graph.classify.scope import CONJUNCT, as_product, clauses, without_verbs
from graph.classify.text import name_words, normalise_text
from graph.model import Chain

LICENSED_TRADE = ("27",)   # GB/T divisions whose goods only licensed traders sell (27 医药制造业: drugs)

SCOPE_ITEM = re.compile(r"[、，,；;。]")
SOFTWARE_MADE = re.compile(r"软件[^、，,]{0,6}(?:开发|研发|研制|设计)|(?:开发|研发|研制|设计)[^、，,]{0,6}软件")  # GB/T 651
MAKING_SUFFIXES = ("制造", "加工", "制作", "业")   # a GB/T class name that ends so names a making activity
CODE = re.compile(r"(?<![0-9])([A-Ta-t]?)\s*([0-9]{4})(?![0-9])")
KEYWORD, CLASS, LABEL, EXCLUDE = "keyword", "class", "label", "exclude"   # what a dictionary word does
# an item holding these names no product (销售本企业自产产品, 以上项目…许可, dates, 来料加工 and 委托加工: processing
# what a client supplies), nor do these words alone (广告发布, 种植、养殖 and 住宿 beside a made item): not listed as
# products no map holds
NO_PRODUCT = re.compile(r"本企业|自产|公司|以上|上述|许可|批准|来料|委托|[0-9０-９]")
NOT_PRODUCTS = frozenset(("技术", "产品", "新产品", "半成品", "发布", "种植", "养殖", "住宿", "建筑"))
MAX_ITEMS_REMEMBERED = 200_000   # distinct 经营范围 items (and industry, product texts) per field


class RuleSet:
    """The rules of one chain set, compiled once: a word dictionary scanned by forward maximum matching.

    ``classes`` maps GB/T 4754-2017 class names to codes (from chains/gbt4754-2017.csv), so a registry
    that writes 建筑工程用机械制造 instead of 3514 still matches; ``products["outside"]`` lists the products no
    segment holds (玩具, 阀门: the chain set's _products.yaml).
    """

    def __init__(self, chains: list[Chain], classes: dict[str, str] | None = None,
                 products: dict[str, tuple[str, ...]] | None = None):
        self.chains = {c.id: c for c in chains}
        products = products or {}
        self.outside = around.Outside(products.get("outside", ()))
        self.segments = {(c.id, s.id): s for c in chains for s in c.segments}
        self.by_code: dict[str, list[tuple[str, str]]] = defaultdict(list)
        words: dict[str, list[tuple]] = defaultdict(list)
        keyword_chains: dict[str, set[str]] = defaultdict(set)
        keyword_segments: dict[str, set[str]] = defaultdict(set)
        for (chain_id, seg_id), seg in self.segments.items():
            for code in seg.industries:
                self.by_code[code].append((chain_id, seg_id))
            keywords = {normalise_text(k) for k in seg.keywords}
            # a name part the keywords hold only in longer words is meant in those (自动化: 船舶自动化, 机舱自动化)
            whole, *parts = name_words(seg.name)
            meant = {w for w in parts if w in keywords or not any(w in k for k in keywords)}
            for word in set(parts) - meant:
                words.setdefault(word, [])   # still read as a word (自动化工程 holds no 化工), counting for nothing
            for word in {whole, *meant} | keywords:
                if len(word) >= 2:
                    words[word].append(("segment", chain_id, seg_id))
                    keyword_chains[word].add(chain_id)
                    keyword_segments[word].add(seg_id)
            for word in seg.exclude:
                words[normalise_text(word)].append(("exclude", chain_id, seg_id))
        for chain in chains:
            for label in {normalise_text(chain.name), *(normalise_text(x) for x in chain.labels)}:
                if len(label) >= 2:
                    words[label].append(("label", chain.id))
        self.making_classes = set()   # class names that are a making activity (制糖业, 家具制造): an item of their own is made
        for class_name, code in (classes or {}).items():
            if code in self.by_code:
                word = normalise_text(class_name)
                words[word].append(("class", code))
                if code[:2] <= "46" and word.endswith(MAKING_SUFFIXES):
                    self.making_classes.add(word)
        # what a segment is: trade (a class in wholesale or retail, 51–52), service (stage services, or every class
        # outside mining and manufacturing) or making; which 经营范围 verbs may place a firm on it
        self.segment_class = {key: segment_class(seg) for key, seg in self.segments.items()}
        self.listed_divisions = {code[:2] for code in self.by_code}
        # goods only licensed traders may sell (drugs, GB/T 27: 药品经营许可证): a firm that sells them, and is no
        # pharmacy (a shop, orgkind), is on the trade segment its chain links them to (中成药 sold: 医药流通)
        self.sold_through = {(c.id, a): (c.id, b) for c in chains for a, b in c.links
                             if self.segment_class.get((c.id, b)) == "trade"
                             and self.segments[(c.id, a)].industries
                             and all(code[:2] in LICENSED_TRADE for code in self.segments[(c.id, a)].industries)}
        around.add_variants(words)   # 通讯 for 通信
        self.words = dict(words)
        # a vendor's label that the maps hold as another chain's product word only (塑料: the vendor's 化工 sector,
        # and plastic products in a name or scope): the label in the industry/label column, the product elsewhere
        self.vendor_only = frozenset(
            w for w, entries in words.items()
            if {e[1] for e in entries if e[0] == "label"} and {e[1] for e in entries if e[0] == "segment"}
            and not {e[1] for e in entries if e[0] == "label"} & {e[1] for e in entries if e[0] == "segment"})
        self.label_words = around.industry_words(chains, self.segments, words)   # 化工, 塑料: before 设备, its industry
        self.machine_words = around.machine_words(words, self.segments)   # 齿轮: after 汽车, a car part
        self.share_factor = share_factors(self.segments, keyword_chains, keyword_segments)
        starts: dict[str, set[int]] = defaultdict(set)
        for word in self.words:
            starts[word[0]].add(len(word))
        self.starts = {ch: tuple(sorted(lengths, reverse=True)) for ch, lengths in starts.items()}
        self._word_actions: dict[tuple[str, str], tuple] = {}
        # registry texts repeat item by item (技术服务、货物进出口 …) and by industry: read each distinct one once
        self._item_actions: dict[str, dict[str, tuple]] = {field: {} for field in (*FIELDS[1:], *SCOPE_FIELDS.values())}
        self._codes = functools.lru_cache(maxsize=20_000)(self._code_evidence)

    # ------------------------------------------------------------ matching
    def scan(self, text: str) -> list[str]:
        """Dictionary words in ``text`` by forward maximum matching: '发电机组' finds '发电机', not '电机'; a chain
        label followed by 设备/机械 … (化工设备, 食品机械) is skipped: it names equipment for that industry."""
        return [word for word, _ in self._spans(text)]

    def _spans(self, text: str) -> list[tuple[str, int]]:
        """:meth:`scan`'s words, each with where it ends in ``text``."""
        found, i, n, words, starts, not_after = [], 0, len(text), self.words, self.starts, around.NOT_AFTER
        while i < n:
            for length in starts.get(text[i], ()):
                if i + length > n:
                    continue
                word = text[i:i + length]
                if word in words and (word not in not_after or not text.startswith(not_after[word], i + length)):
                    i += length
                    if not (word in self.label_words and text.startswith(EQUIPMENT_AFTER, i)):
                        found.append((word, i))
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
        field and word; the Evidence objects are shared, being immutable). In 经营范围 a keyword counts only for the
        segments its verb may place a firm on (:data:`VERB_SEGMENTS`), and a chain label only under a making verb."""
        key = (field, word)
        if key not in self._word_actions:
            actions = []
            allowed = VERB_SEGMENTS.get(field)
            for entry in self.words[word]:
                kind = entry[0]
                if kind == "segment":
                    if allowed is not None and self.segment_class[entry[1:]] not in allowed:
                        entry = ("segment", *self.sold_through.get(entry[1:], ("", "")))
                        if field != "scope_trade" or not entry[1]:
                            continue
                    weight = WEIGHTS[field] * self.share_factor.get(word, 1.0)
                    actions.append((KEYWORD, entry[1:], field, Evidence("keyword", weight, word, field)))
                elif kind == "class":
                    targets = self.by_code[entry[1]]
                    shared = AMBIGUOUS if len(targets) > 1 else 1
                    if field == "industry":
                        ev = Evidence("class_name", WEIGHTS["class_name"] * shared, word)
                        actions.append((CLASS, tuple(targets), None, ev))
                    else:   # a class name in a scope item (化妆品制造, 橡胶零件制造) is a keyword of its segments
                        for target in targets:
                            if allowed is None or self.segment_class[target] in allowed:
                                ev = Evidence("keyword", WEIGHTS[field] * shared, word, field)
                                actions.append((KEYWORD, target, field, ev))
                elif kind == "label":   # as strong as a keyword there, stronger in the industry/label columns
                    if (allowed is not None and field != "scope_make") or (field != "industry"
                                                                          and word in self.vendor_only):
                        continue
                    weight = WEIGHTS["label" if field == "industry" else "label_name" if field == "name" else field]
                    actions.append((LABEL, entry[1], None, Evidence("label", weight, word, field)))
                else:
                    actions.append((EXCLUDE, entry[1:], None, None))
            self._word_actions[key] = tuple(actions)
        return self._word_actions[key]

    def _actions(self, field: str, text: str) -> tuple:
        """The actions of every dictionary word in ``text``, in reading order. In an item of 经营范围 the product is its
        last word: a keyword or label that another chain's word follows (印刷线路板 is a circuit board, 太阳能热水器 a
        water heater), or that stands before a product no segment holds (塑料玩具, 铝合金门窗, 人造丝胶花), names what
        the item is made of or for, not what the firm makes: its weight × :data:`MODIFIER` (up to the item's next
        conjunct: 铝型材及门窗 keeps 铝型材). A goods word or another industry's label before equipment (塑料加工专用设备,
        食品加工机械) names equipment for that industry and counts for nothing; nor does a word after 废 (废塑料
        加工 is recycling), nor a machine part's after a vehicle (汽车齿轮)."""
        spans = self._spans(text)
        if "废" in text or "车" in text:
            spans = [(w, end) for w, end in spans if not around.is_scrap(text, w, end)
                     and not (w in self.machine_words and around.for_vehicles(text, w, end))]
        if not field.startswith("scope") or not spans or (   # most items: one word, and no product after it
                len(spans) == 1 and (spans[0][1] == len(text) or not self.outside.ends(text[spans[0][1]:]))
                and not (spans[0][0] in self.label_words and around.EQUIPMENT_ANY.search(text, spans[0][1]))
                and not self.outside.holds(text, spans[0][1] - len(spans[0][0]), spans[0][1])):
            return tuple(action for word, _ in spans for action in self._word_action(field, word))
        out = []
        excluded = {target for word, _ in spans for action, target, _, _ in self._word_action(field, word)
                    if action is EXCLUDE}   # 食品添加剂: 食品 rules 精细化工 out, so 添加剂 is no other chain's product
        for k, (word, end) in enumerate(spans):
            actions = self._word_action(field, word)
            if actions and self.outside.holds(text, end - len(word), end):   # 汽车空调: the word is part of a product
                actions = tuple((a, t, f, ev._replace(weight=ev.weight * MODIFIER)) if a is KEYWORD or a is LABEL
                                else (a, t, f, ev) for a, t, f, ev in actions)
            elif actions and end < len(text):
                cut = CONJUNCT.search(text, end)
                stop = cut.start() if cut else len(text)
                # the chains each later word of the item names (齿轮泵: two maps' hydraulic segments)
                later = [{target[0] if action is KEYWORD else target
                          for action, target, _, _ in self._word_action(field, w)
                          if (action is KEYWORD and target not in excluded) or action is LABEL}
                         for w, e in spans[k + 1:] if e - len(w) < stop]
                later = [chains for chains in later if chains]
                elsewhere = self.outside.ends(text[end:stop])
                if word in self.label_words and around.names_equipment(text, end, stop):
                    continue   # 塑料加工专用设备: equipment for the industry, not the industry
                if later or elsewhere:
                    actions = tuple(
                        (a, t, f, ev._replace(weight=ev.weight * MODIFIER))
                        if (a is KEYWORD or a is LABEL) and (elsewhere or any(
                            (t[0] if a is KEYWORD else t) not in chains for chains in later))
                        else (a, t, f, ev) for a, t, f, ev in actions)
            out.extend(actions)
        return tuple(out)

    def _remembered(self, field: str, item: str) -> tuple:
        """:meth:`_actions` of one item of a column, each distinct item read once (up to a limit)."""
        known = self._item_actions[field]
        found = known.get(item)
        if found is None:
            if len(known) >= MAX_ITEMS_REMEMBERED:
                known.clear()
            found = known[item] = self._actions(field, as_product(item) if field == "scope_make" else item)
        return found

    def _scope_actions(self, scope: str, kind: OrgKind) -> tuple[list, bool, bool, tuple[int, int, bool]]:
        """(the actions of 经营范围 item by item under its verbs, whether any item is made, whether its first
        sentence only makes things and no made item names a segment or chain, (items made, items sold, whether the first is made)). An exclude word
        rules a segment out of the item it stands in only. What the first sentence
        says the firm makes is its main business: a chain that half or more of those items name weighs most
        (机械零部件、弹簧、塑料制品制造 is a parts maker, not a plastics maker), on the segment its first such item
        names (家具、塑料五金制品 is a furniture maker, not also a hardware maker). Items under no verb are made when the
        name says the unit makes things (…厂). Every keyword carries its item (经营范围「制造：化工设备」)."""
        read, made = [], False
        for clause in clauses(scope):
            verbs = clause.verbs.split("+") if clause.verbs else ["make" if kind.says_making else ""]
            if verbs == [""] and any(ev is not None and ev.word in self.making_classes
                                     for _, _, _, ev in self._remembered("scope", clause.text)):
                verbs = ["make"]   # 制糖业 standing alone: a class name that is itself a making activity
            if "service" in verbs and SOFTWARE_MADE.search(clause.text):   # 软件开发 is how software is made
                verbs = ["make", *verbs]
            verb = "make" if "make" in verbs else verbs[0]
            made = made or verb == "make"
            lead = verb == "make" and clause.lead
            read.append((clause, verb, lead, self._remembered(SCOPE_FIELDS[verb], clause.text)))
        support: dict = defaultdict(int)   # chain -> lead made items naming it (a segment of it, or its label)
        opens: dict = {}   # chain -> the segments the first lead made item naming it names
        lead_made = 0
        first = None   # the first item the firm makes: registries write the main business first
        for i, (_, _, lead, found) in enumerate(read):
            if lead:
                first = i if first is None else first
                lead_made += 1
                for chain in {t[0] if action is KEYWORD else t for action, t, _, _ in found
                              if action is KEYWORD or action is LABEL}:
                    support[chain] += 1
                    if chain not in opens:
                        opens[chain] = {t for action, t, _, _ in found if action is KEYWORD and t[0] == chain}
        # another chain that more of the first sentence's made items name, half or more of them, is the main
        # business, not the first item's (机械压铸、不锈钢制品、水暖管道零件、五金冲压 makes hardware)
        top = max(support.values(), default=0)
        outvoted = {chain for chain, n in support.items() if n < top} if 2 * top >= lead_made else ()

        actions = []
        for i, (clause, verb, lead, found) in enumerate(read):
            where = clause.render("make" if verb == "make" else "") if found else ""
            # an exclude word rules a segment out of its own item only (玩具挖掘机), not out of the firm
            excluded = {target for action, target, _, _ in found if action is EXCLUDE}
            for action, target, field, ev in found:
                if action is EXCLUDE or target in excluded:
                    continue
                if action is KEYWORD or action is LABEL:
                    chain = target[0] if action is KEYWORD else target
                    main = lead and ((i == first and chain not in outvoted)
                                     or (2 * support[chain] >= lead_made
                                         and (action is LABEL or target in opens[chain])))
                    weight = ev.weight * WEIGHTS["scope_make_head"] / WEIGHTS[ev.field] if main else ev.weight
                    ev = ev._replace(weight=weight, clause=where if action is KEYWORD else "")
                actions.append((action, target, field, ev))
        made_items = sum(verb == "make" for _, verb, _, _ in read)
        sold = sum(verb == "trade" for _, verb, _, _ in read)
        # the first sentence only makes things, and no made item names a segment, a chain or a product none holds
        unnamed = made and all(verb == "make" for c, verb, _, _ in read if c.lead) and not any(
            any(action is KEYWORD or action is LABEL for action, _, _, _ in found) or self.outside.ends(clause.text)
            for clause, verb, _, found in read if verb == "make")
        # a made item is a product no segment holds (制造销售：白灰): the scope says what the firm makes
        makes_outside = any(verb == "make" and self.outside.ends(clause.text) for clause, verb, _, _ in read)
        return actions, made, unnamed, (made_items, sold, bool(read) and read[0][1] == "make", makes_outside)

    def unknown_products(self, scope: str, kind: OrgKind) -> list[str]:
        """What the (normalised) scope makes in words no map holds: the made items (and, for a unit whose name says
        it makes things, the items under no verb) in which no keyword, label, class name or exclusion of any chain,
        nor a product no segment holds, is read; each as its product, without verbs, once. A map owner adds such a
        product to a segment's keywords, or to the products no segment holds.

        >>> from graph.classify.orgkind import kind_of
        >>> from graph.model import Chain, Segment
        >>> rules = RuleSet([Chain("food", "食品", "Food", (Segment("tea", "茶叶", "Tea", "midstream"),), ())])
        >>> rules.unknown_products("茶叶、甜茶加工；销售本企业自产产品；日用百货销售", kind_of("某某有限公司"))
        ['甜茶']
        """
        out = []
        for clause in clauses(scope):
            if not (clause.made or (not clause.verbs and kind.says_making)):
                continue
            product = without_verbs(clause.text)
            if (len(product) < 2 or product in NOT_PRODUCTS or NO_PRODUCT.search(product) or product in out
                    or self._remembered(SCOPE_FIELDS["make"], clause.text) or self.outside.ends(clause.text)):
                continue
            out.append(product)
        return out

    def candidates(self, *, name="", industry="", products="", scope="", firm_type="") -> list[Candidate]:
        """Every candidate segment of one firm, best first (see :func:`select` for which to propose)."""
        return self.candidates_normalised(normalise_text(name), normalise_text(industry), normalise_text(products),
                                          normalise_text(scope), kind_of(normalise_text(name), firm_type))

    def candidates_normalised(self, name: str, industry: str, products: str, scope: str,
                              kind: OrgKind | None = None) -> list[Candidate]:
        """:meth:`candidates` of texts already normalised (:func:`normalise_texts` does a whole column at once);
        ``kind`` is the unit's kind (:func:`graph.classify.orgkind.kind_of` of the name when not given)."""
        kind = kind or kind_of(name)
        allowed = kind.segments
        if not allowed and not industry:   # a shop, bank branch, contractor …, and no industry column to say otherwise
            return []
        texts = {"name": kind.own_name, "industry": industry, "products": products}
        segment_ev: dict[tuple[str, str], dict[str, Evidence]] = defaultdict(dict)
        chain_ev: dict[str, Evidence] = {}
        scope_labels: dict[str, Evidence] = {}
        excluded: set[tuple[str, str]] = set()
        code_hits, outside_code = self._codes(industry)
        for target, ev in code_hits.items():
            segment_ev[target]["code"] = ev
        non_mfg = Evidence("non_manufacturing", NON_MANUFACTURING, outside_code) if outside_code else None
        actions = list(self._actions("name", kind.own_name))   # names are unique: nothing to remember
        for field in ("industry", "products"):
            for item in SCOPE_ITEM.split(texts[field]):
                actions.extend(self._remembered(field, item))
        scope_actions, made, unnamed, (made_items, sold, first_made, makes_outside) = self._scope_actions(scope, kind)
        # LABELLING rule 3: one made item among many sold is a side line, unless the name names the chain, or says the
        # unit makes things (…厂, 纺织, 化工; not only 实业/科技/工贸), or says nothing and the scope opens with it
        side_line = (Evidence("side_line", SIDE_LINE, f"{made_items}/{sold}")
                     if made and made_items * SIDE_LINE_SHARE < sold and (
                         VAGUE_NAME.search(kind.own_name) or (kind.kind != "maker" and not first_made)) else None)
        actions.extend(scope_actions)
        said = bool(clauses(scope))   # the scope says what the firm does (not boilerplate only)
        own_class = bool(code_hits)   # the firm's own GB/T class is one of a segment's
        for action, target, field, ev in actions:
            if action is KEYWORD:
                slot = segment_ev[target]
                where = "scope" if field.startswith("scope") else field   # the scope's best item counts, once
                if where not in slot or slot[where].weight < ev.weight:
                    slot[where] = ev
            elif action is CLASS:
                own_class = True
                for one in target:
                    segment_ev[one].setdefault("code", ev)
            elif action is LABEL:   # a label in the scope names the chain of one item, not of the firm's others
                labels = scope_labels if ev.field.startswith("scope") else chain_ev
                if target not in labels or labels[target].weight < ev.weight:
                    labels[target] = ev
            else:
                excluded.add(target)
        if own_class or any(e.field == "industry" for e in chain_ev.values()):
            allowed = ALL_SEGMENTS   # the industry column (a GB/T class, a vendor's label) outweighs the name's kind
        elif not made and clauses(scope):
            allowed = allowed - {"make"}   # a scope that only sells or services: the firm makes nothing
        if own_class:
            non_mfg = None
        elif non_mfg is None:   # plain substrings: 眼科医院 is a keyword, and still a hospital
            for field in ("name", "industry"):
                if not NON_MANUFACTURING_ANY.search(texts[field]):
                    continue
                word = next(w for w in NON_MANUFACTURING_WORDS if w in texts[field])
                text = texts[field]
                head = field == "name" and kind.kind == "maker" and text.rfind(kind.word) > text.find(word)
                if not head and not any(m in text for m in MANUFACTURING_WORDS):   # 电信电机: a motor maker
                    non_mfg = Evidence("non_manufacturing", NON_MANUFACTURING, word, field)
                    break
        out = []
        for target, slot in segment_ev.items():
            if target in excluded or self.segment_class[target] not in allowed:
                continue
            evidence = sorted(slot.values(), key=lambda e: -e.weight)
            label = chain_ev.get(target[0])
            if label is not None:   # a word counts once in a column: as label or keyword, whichever weighs more
                same = [e for e in evidence if (e.word, e.field) == (label.word, label.field)]
                if all(label.weight > e.weight for e in same):
                    evidence = [e for e in evidence if e not in same] + [label]
            # the scope says what it does, not this; unless the name (a maker's, …制品, …厂, or one that says no
            # kind, …助剂有限公司) names the product and its scope only makes, in words no chain holds (金属制品有限公司:
            # 生产销售金属丝、网; 助剂: 偶联剂制造), and the name's word is a made product, not a chain label (食品, 机床)
            # nor a crop
            if said and all(e.field == "name" for e in evidence) and not (
                    unnamed and kind.kind in ("maker", "firm") and self.segment_class[target] == "make"
                    and all(e.kind in ("keyword", "label") for e in evidence)):
                evidence.append(NAME_ONLY)
            if side_line is not None and all(e.field.startswith("scope") for e in evidence) and not (
                    target[0] in chain_ev and chain_ev[target[0]].field == "name"):
                evidence.append(side_line)
            out.append(self._candidate(target, evidence, non_mfg))
        surest = {c.chain_id: c.confidence for c in sorted(out, key=lambda c: c.confidence)}   # chain -> its best
        if "make" in allowed:   # a chain named but no segment: the segment is chosen in review, never guessed
            scope_chains = {c.chain_id for c in out if any(e.field.startswith("scope") for e in c.evidence)}
            for chain_id, ev in {**scope_labels, **chain_ev}.items():
                shared = [side_line] if side_line is not None and ev.field.startswith("scope") else []
                if ev.field == "name" and makes_outside and chain_id not in scope_chains | set(scope_labels):
                    shared.append(NAME_ONLY)   # 化工有限公司 making 白灰: the scope says what it makes
                candidate = self._candidate((chain_id, ""), [ev, SEGMENT_UNKNOWN, *shared], non_mfg)
                # a made item's label names its chain even beside a segment a weaker word named (a name's does not)
                if chain_id not in surest or (ev.field.startswith("scope") and candidate.confidence > surest[chain_id]):
                    out.append(candidate)
        out.sort(key=lambda c: (-c.confidence, c.chain_id, c.segment_id))
        return out

    def _candidate(self, target, evidence: list[Evidence], non_mfg: Evidence | None) -> Candidate:
        miss = 1.0
        scale = 1.0
        for ev in evidence:
            if ev.kind in ("name_only", "side_line"):
                scale *= ev.weight
            elif ev.kind != "segment_unknown":
                miss *= 1.0 - ev.weight
        if non_mfg is not None:
            evidence = [*evidence, non_mfg]
            scale *= non_mfg.weight
        seg = self.segments.get(target)
        return Candidate(target[0], target[1], round((1.0 - miss) * scale, 4), tuple(evidence),
                         seg.name if seg else "", seg.name_en if seg else "")
