"""What the rules propose: a firm's candidate memberships with their evidence, and which of them become proposals.

A :class:`Candidate` carries its :class:`Evidence` (what was seen where, with its weight) and renders it as the
basis a reviewer reads; :func:`select` keeps the candidates within :data:`RELATIVE_BAND` of a firm's best and says
which are proposed (at or above the threshold), chain-only, alternatives or below the threshold.

>>> Evidence("code", 0.9, "3514").render("挖掘机")
'行业代码 3514 → 挖掘机'
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from graph.classify.scope import VERB_ZH
from graph.classify.text import normalise_text
from graph.messages import t

NON_MANUFACTURING = 0.25  # confidence × this when a non-manufacturing signal is present
RELATIVE_BAND = 0.8      # keep candidates whose confidence ≥ band × the firm's best
DEFAULT_THRESHOLD = 0.5
PLACED = ("proposed", "chain_only")   # the statuses of select() that place a firm on a chain
FIELDS = ("name", "industry", "products")
SCOPE_FIELDS = {"make": "scope_make", "trade": "scope_trade", "service": "scope_service", "": "scope"}
NAME_UNSUPPORTED = 0.75   # the name names a product the scope (when it says anything) does not: confidence × this
SIDE_LINE = 0.75          # the scope sells more than SIDE_LINE_SHARE × the items it makes: made goods × this
SIDE_LINE_SHARE = 5


# evidence weights (probability that the evidence alone places the firm right), tuned on the dev half
WEIGHTS = {
    "code": 0.85,        # GB/T class code listed for the segment
    "class_name": 0.8,   # GB/T class name written out in the industry column
    "label": 0.8,        # a chain label in the industry / label columns
    "label_name": 0.65,  # … in the name (elsewhere: that column's keyword weight)
    "products": 0.65, "industry": 0.65, "name": 0.55,  # a segment keyword in that column
    # … in an item of 经营范围: the first item the firm makes (its main business), a later one, one it sells (for
    # trade segments), one it services (for service segments), one under no verb
    "scope_make_head": 0.6, "scope_make": 0.45, "scope_trade": 0.45, "scope_service": 0.45, "scope": 0.2,
}
AMBIGUOUS = 0.75         # a class shared by several segments: weight × this; a keyword k chains share: × this^(k-1)
MODIFIER = 0.75   # a product word that modifies the item's head (塑料玩具): weight × this


def segment_class(segment) -> str:
    """'trade', 'service' or 'make': what a firm on this segment does (from its GB/T classes and stage)."""
    divisions = {code[:2] for code in segment.industries}
    if divisions & {"51", "52"}:
        return "trade"
    if segment.stage == "services" or (divisions and all(not ("06" <= d <= "46") for d in divisions)):
        return "service"
    return "make"


class Evidence(NamedTuple):
    kind: str        # code | class_name | label | keyword | segment_unknown | name_only | side_line | non_manufacturing
    weight: float
    word: str        # the code, label or keyword seen
    field: str = ""  # where it was seen (a key of FIELDS or SCOPE_FIELDS), if anywhere
    clause: str = ""  # the 经营范围 item it was seen in, as '制造：化工设备'

    def render(self, target: str, lang: str = "zh") -> str:
        field = t(f"field_{self.field if self.field in FIELDS else 'scope'}", lang)
        if self.kind == "keyword" and self.clause:
            verb, _, item = self.clause.partition("：")
            if lang == "en" and item:   # the clause is the registry's Chinese; its verb is named in English
                verb = next((t(f"verb_{k}", "en") for k, v in VERB_ZH.items() if v == verb), "")
                return t("evidence_clause_en", lang, verb=verb, item=item)
            return t("evidence_clause", lang, clause=self.clause)
        if self.kind == "side_line":
            made, sold = self.word.split("/")
            return t("evidence_side_line", lang, made=made, sold=sold, factor=SIDE_LINE)
        factor = {"name_only": NAME_UNSUPPORTED, "non_manufacturing": NON_MANUFACTURING}.get(self.kind)
        return t(f"evidence_{self.kind}", lang, word=self.word, target=target, field=field, factor=factor)


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


def select(candidates: list[Candidate], threshold: float = DEFAULT_THRESHOLD, *, limit: int = 3):
    """``[(candidate, status)]``: candidates within :data:`RELATIVE_BAND` of the best are ``proposed`` (at or above
    ``threshold``) or ``below_threshold``; those on another chain than the best, less sure than it, are
    ``alternative`` (a firm's main business is on one chain); one with no segment is ``chain_only``; the best one
    outside the band is the ``runner_up``.

    >>> a, b, c = (Candidate("x", s, p, (), s, s) for s, p in (("a", 0.9), ("b", 0.75), ("c", 0.3)))
    >>> [(x.segment_id, status) for x, status in select([a, b, c], 0.8)]
    [('a', 'proposed'), ('b', 'below_threshold'), ('c', 'runner_up')]
    """
    if not candidates:
        return []
    best = candidates[0]
    band = RELATIVE_BAND * best.confidence
    inside = [c for c in candidates if c.confidence >= band]
    if len(inside) > 1:
        inside = _own_band(inside)
    inside = inside[:limit]

    def status(c: Candidate) -> str:
        if c.chain_id != best.chain_id and c.confidence < best.confidence:
            return "alternative"   # one chain per firm: the main business's, unless two are equally sure
        if not c.segment_id:
            return "chain_only" if c.confidence >= threshold else "below_threshold"
        return "proposed" if c.confidence >= threshold else "below_threshold"

    out = [(c, status(c)) for c in inside]
    outside = candidates[len(inside):]
    if outside:
        out.append((outside[0], "runner_up"))
    return out


SHARED_EVIDENCE = ("label", "name_only", "side_line", "segment_unknown", "non_manufacturing")


def _own(candidate: Candidate) -> float:
    """The confidence of a candidate's own evidence: without the chain label, which every segment of its chain shares."""
    miss = 1.0
    for ev in candidate.evidence:
        if ev.kind not in SHARED_EVIDENCE:
            miss *= 1.0 - ev.weight
    return 1.0 - miss


def _own_band(inside: list[Candidate]) -> list[Candidate]:
    """Segments of one chain within the band are compared on their own evidence: a chain label (纺织 in the name)
    says which chain, not which segment, so it does not lift a side product (床上用品 after 服装) to the main one's."""
    if not any(ev.kind == "label" for c in inside for ev in c.evidence):
        return inside
    best: dict[str, float] = {}
    for c in inside:
        if c.segment_id:
            best[c.chain_id] = max(best.get(c.chain_id, 0.0), _own(c))
    return [c for c in inside if not c.segment_id or _own(c) >= RELATIVE_BAND * best[c.chain_id]]


def share_factors(segments: dict, keyword_chains: dict, keyword_segments: dict) -> dict[str, float]:
    """{keyword: factor < 1} for keywords several chains share: weight × AMBIGUOUS^(k-1) for k readings, unless it
    is one segment the maps list twice (castings_forgings in two machinery chains) or one product whose name the
    segments' own names hold (轴承: 高端轴承, 轴承与密封件; 驾驶室): the same product in several chains is one reading.

    >>> from graph.model import Segment
    >>> segments = {("a", "x"): Segment("x", "泵", "Pumps", "midstream"), ("b", "y"): Segment("y", "阀", "Valves", "midstream")}
    >>> share_factors(segments, {"泵阀": {"a", "b"}}, {"泵阀": {"x", "y"}})
    {'泵阀': 0.75}
    """
    factors = {}
    for word, chains in keyword_chains.items():
        if len(chains) > 1 and len(keyword_segments[word]) > 1:
            readings = {chain for chain, seg in segments if seg in keyword_segments[word] and chain in chains
                        and word not in normalise_text(segments[(chain, seg)].name)}
            named = len(chains) - len(readings) > 0
            factors[word] = AMBIGUOUS ** (len(readings) + named - 1)
    return {word: f for word, f in factors.items() if f < 1.0}


# which segments each 经营范围 verb may place a firm on, and each kind of unit may be placed on
VERB_SEGMENTS = {"scope_make": {"make", "service"}, "scope": {"make", "service"}, "scope_trade": {"trade"},
                 "scope_service": {"service"}}
SEGMENT_UNKNOWN = Evidence("segment_unknown", 1.0, "")
ALL_SEGMENTS = frozenset({"make", "trade", "service"})
NAME_ONLY = Evidence("name_only", NAME_UNSUPPORTED, "")
