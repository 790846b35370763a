"""Briefs staff take into a meeting (招商研判报告): a chain brief (two A4 pages at most) and a target-firm brief (one
page), in Chinese or English, as one content model that graph.brief_render writes as .docx (python-docx) or .pdf
(fpdf2, with an embedded CJK font).

- Chain brief: the chain map picture (graph.picture), completeness with the change against the year before, gaps
  and weak links with the top attraction targets for each and why, leaders, risks (外迁预警, graph.analysis.risk),
  and the plan's targets with the chain's own counts.
- Firm brief: who the firm is (its size measure named), what it makes and the evidence of its placement, which
  gap or weak link of the chain it fills and why it ranks, the local firms it would supply or buy from.

>>> from graph.facts import Facts
>>> from graph.io import read_dataset
>>> facts = Facts.from_dataset(read_dataset("data/demo"))
>>> brief = chain_brief(facts, "agri_machinery", lang="en", picture=False)
>>> brief.title, [b.text for b in brief.blocks if b.kind == "heading"][:2]
('Agricultural machinery — chain brief', ['Completeness', 'Gaps and weak links: whom to attract'])
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from graph.analysis.coverage import completeness
from graph.analysis.plan import carries_tags
from graph.analysis.reasons import render_reason
from graph.analysis.risk_text import grade_label
from graph.analysis.size import SIZE_BASIS_LABELS, SIZE_UNITS, firm_size
from graph.analysis.summary import analyze_chain, segment_status
from graph.messages import named, t

GAPS_SHOWN, TARGETS_EACH, LEADERS_SHOWN, RISKS_SHOWN, PARTNERS_SHOWN = 6, 2, 5, 5, 5


@dataclass
class Block:
    """One piece of a brief: ``heading`` / ``para`` / ``note`` (text), ``table`` (header, rows, widths as shares
    of the line) or ``image`` (PNG bytes)."""

    kind: str
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    image: bytes = b""


@dataclass
class Brief:
    title: str
    subtitle: str
    lang: str
    blocks: list[Block]
    max_pages: int = 2

    def text(self) -> str:
        """Every word of the brief, in order (what a reader of the .docx or .pdf finds)."""
        parts = [self.title, self.subtitle]
        for b in self.blocks:
            parts += [b.text, *b.header, *(cell for row in b.rows for cell in row)]
        return "\n".join(p for p in parts if p)


def _words(lang: str, *columns: str) -> list[str]:
    """A table's header: the words ``brief_col_{column}`` in ``lang``, e.g. ``_words("en", "rank")`` is ["Rank"]."""
    return [t(f"brief_col_{c}", lang) for c in columns]


def _reasons(items, lang: str, limit: int = 3) -> str:
    return ("；" if lang == "zh" else "; ").join(render_reason(i, lang) for i in list(items)[:limit])


def _pct(value) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.0%}"


def _number(value) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:,.0f}"


def size_text(basis, size, lang: str) -> str:
    """A size with its measure named, e.g. 营业收入 12,345 万元."""
    if not isinstance(basis, str) or basis not in SIZE_BASIS_LABELS or size is None or pd.isna(size):
        return t("brief_size_unknown", lang)
    en = lang == "en"
    return f"{SIZE_BASIS_LABELS[basis][en]} {size:,.0f} {SIZE_UNITS[basis][en]}"


def _subtitle(facts, lang: str, kind: str) -> str:
    meta = facts.meta
    parts = [t(f"brief_kind_{kind}", lang), meta.region, t("brief_year", lang, year=meta.year) if meta.year else "",
             meta.name]
    if meta.synthetic:
        parts.append(t("brief_synthetic", lang))
    return " · ".join(p for p in parts if p)


def _segment_name(chain, segment_id: str, lang: str) -> str:
    seg = next(s for s in chain.segments if s.id == segment_id)
    return ("★" if seg.key_tech else "") + (seg.name_en if lang == "en" else seg.name)


def _completeness_block(result, previous, chain_id: str, lang: str) -> Block:
    c = result.completeness
    text = t("brief_completeness", lang, share=_pct(c["segment_share"]), covered=c["covered"], segments=c["segments"])
    if c.get("revenue_share") is not None:
        text += t("brief_revenue_weighted", lang, share=_pct(c["revenue_share"]))
    if previous is not None:
        before = completeness(previous, chain_id)["segment_share"]
        change = (c["segment_share"] - before) * 100
        text += t("brief_change", lang, year=previous.meta.year, before=_pct(before), change=change)
    else:
        text += t("brief_one_year", lang)
    text += t("brief_gap_counts", lang, gaps=len(result.gaps), weak=len(result.weak_links))
    return Block("para", text)


def _gap_rows(result, chain, lang: str) -> list[list[str]]:
    rows = []
    picked = [("gap", r) for r in result.gaps.to_dict("records")] + \
             [("weak", r) for r in result.weak_links.to_dict("records")]
    for why, row in picked[:GAPS_SHOWN]:
        targets = result.targets[(result.targets["segment_id"] == row["segment_id"])].head(TARGETS_EACH)
        whys = [t("brief_target_line", lang, rank=r["rank"], name=r["name"], province=r["province"] or "-",
                  reasons=_reasons(r["reasons"][1:], lang, 2)) for r in targets.to_dict("records")]
        rows.append([_segment_name(chain, row["segment_id"], lang), t(f"board_{why}", lang),
                     _reasons(row["reasons"], lang, 2), "\n".join(whys) or t("brief_no_candidate", lang)])
    return rows


def _plan_rows(facts, chain_id: str, plan_targets: dict | None, lang: str) -> list[list[str]]:
    if not plan_targets:
        return []
    chain = facts.chain(chain_id)
    local_codes = [int(c) for c in chain.firms if chain.local[c]]
    tags = facts.column("tags")
    rows = []
    local_tags = facts.firms.loc[facts.firms["local"], "tags"]
    tagged = carries_tags(facts)
    for item, target in plan_targets.items():
        if item == "flagship_chains":
            continue
        if not tagged:   # the data tag no firm: the counts are unknown, not 0
            rows.append([named("brief_plan", item, lang), f"{target:,}", "—", "—", "—"])
            continue
        province = int(sum(item in held for held in local_tags))
        in_chain = int(sum(item in tags[c] for c in local_codes))
        rows.append([named("brief_plan", item, lang), f"{target:,}", f"{province:,}",
                     _pct(province / target if target else None), f"{in_chain:,}"])
    return rows


def map_picture(chain, status: dict[str, str], lang: str) -> bytes:
    """The chain map picture of a chain brief (PNG), from the chain map and its segments' status."""
    from graph.picture import chain_map_picture  # matplotlib (0.3 s of imports) only when a picture is drawn

    return chain_map_picture(chain, status, lang=lang, dpi=110, title="")


def chain_brief(facts, chain_id: str, *, lang: str = "zh", previous=None, risk=None, plan_targets=None,
                pool=None, picture: bool | bytes = True, result=None) -> Brief:
    """The chain brief of ``chain_id``. ``previous``: the year before's facts (completeness change); ``risk``: a
    :class:`graph.analysis.risk.RiskResult` (None: not shown, with a line saying why); ``plan_targets``: the
    chain set's plan targets; ``pool``: the reference pool that fills attraction targets; ``picture``: True draws
    the chain map (:func:`map_picture`), False leaves it out, bytes are the PNG :func:`map_picture` drew already
    (graph.brief_cli draws it in another process); ``result``: the chain's analysis when the caller has it."""
    chain = facts.chain_map(chain_id)
    result = result or analyze_chain(facts, chain_id, pool=pool)
    name = chain.name_en if lang == "en" else chain.name
    blocks: list[Block] = []
    if picture:
        png = picture if isinstance(picture, bytes) else map_picture(chain, segment_status(result), lang)
        blocks.append(Block("image", image=png))
    blocks += [Block("heading", t("brief_completeness_heading", lang)),
               _completeness_block(result, previous, chain_id, lang)]
    blocks.append(Block("heading", t("brief_gaps_heading", lang)))
    rows = _gap_rows(result, chain, lang)
    if rows:
        blocks.append(Block("table", header=_words(lang, "segment", "kind", "why", "top_targets"),
                            rows=rows, widths=[0.14, 0.08, 0.30, 0.48]))
    else:
        blocks.append(Block("para", t("brief_no_gaps", lang)))
    blocks.append(Block("heading", t("brief_leaders_heading", lang)))
    basis = result.leader_basis.get("size_basis")
    leaders = result.leaders.head(LEADERS_SHOWN).to_dict("records")
    blocks.append(Block("table", header=_words(lang, "rank", "firm", "city", "score", "size"),
                        rows=[[str(r["rank"]) if pd.notna(r["rank"]) else "-", r["name"], r["city"] or "-",
                               "-" if pd.isna(r["score"]) else f"{r['score']:.3f}",
                               size_text(basis, r.get("size"), lang)] for r in leaders],
                        widths=[0.08, 0.42, 0.14, 0.1, 0.26]))
    blocks.append(Block("heading", t("brief_risks_heading", lang)))
    if risk is None or risk.needs_two_years:
        blocks.append(Block("para", t("brief_risks_one_year", lang)))
    else:
        rows = risk.table[risk.table["chain_id"] == chain_id]
        counts = {g: int((rows["grade"] == g).sum()) for g in ("挽留", "警示", "关注")}
        blocks.append(Block("para", t("brief_risk_counts", lang, old=risk.years[0], new=risk.years[1],
                                      retain=counts["挽留"], warning=counts["警示"], watch=counts["关注"])))
        if len(rows):
            blocks.append(Block("table", header=_words(lang, "grade", "firm", "signals"),
                                rows=[[grade_label(r["grade"], lang), r["name"], _reasons(r["signals"], lang, 3)]
                                      for r in rows.head(RISKS_SHOWN).to_dict("records")],
                                widths=[0.1, 0.3, 0.6]))
    plan = _plan_rows(facts, chain_id, plan_targets, lang)
    if plan:
        blocks.append(Block("heading", t("brief_plan_heading", lang)))
        blocks.append(Block("table", header=_words(lang, "item", "province_target", "province_now", "reached",
                                                   "in_chain"),
                            rows=plan, widths=[0.32, 0.17, 0.17, 0.14, 0.2]))
        if not carries_tags(facts):
            blocks.append(Block("note", t("plan_untagged", lang)))
    blocks.append(Block("note", t("brief_chain_note", lang)))
    return Brief(t("brief_chain_title", lang, name=name), _subtitle(facts, lang, "chain"), lang, blocks, max_pages=2)


def _firm_partners(facts, chain_id: str, segment_id: str, lang: str, *, firm_id: str) -> tuple[list, list]:
    """(local firms it would supply: of the segments this one feeds; local firms it would buy from: of the segments
    feeding it), largest first, each with its segment."""
    chain = facts.chain(chain_id)
    chain_map = facts.chain_map(chain_id)
    size, _ = firm_size(facts.firms)
    out = []
    for segments in ([b for a, b in chain_map.links if a == segment_id], [a for a, b in chain_map.links if b == segment_id]):
        found = [(int(c), s) for s in segments for c in chain.local_in(s) if facts.column("firm_id")[c] != firm_id]
        found.sort(key=lambda x: (-(size[x[0]] if pd.notna(size[x[0]]) else 0), facts.column("firm_id")[x[0]]))
        out.append([t("brief_partner", lang, name=facts.column("name")[c], segment=_segment_name(chain_map, s, lang))
                    for c, s in found[:PARTNERS_SHOWN]])
    return out[0], out[1]


def firm_brief(facts, chain_id: str, firm_id: str, *, lang: str = "zh", pool=None, result=None) -> Brief:
    """The one-page brief of a target firm (a firm of the data or of the reference pool) for ``chain_id``.
    KeyError when the firm is neither in the data nor among the chain's targets."""
    chain = facts.chain_map(chain_id)
    result = result or analyze_chain(facts, chain_id, pool=pool)
    rows = result.targets[result.targets["firm_id"] == firm_id]
    in_data = firm_id in facts.firm_code
    if rows.empty and not in_data:
        raise KeyError(firm_id)
    first = rows.iloc[0] if len(rows) else None
    info = facts.firms.iloc[facts.firm_code.get_loc(firm_id)] if in_data else None
    name = info["name"] if in_data else first["name"]
    province = info["province"] if in_data else first["province"]
    city = (info["city"] if in_data else first["city"]) or "-"
    blocks = [Block("heading", t("brief_who_heading", lang))]
    who = [[t("brief_firm_id", lang), firm_id], [t("brief_location", lang), f"{province} {city}"]]
    if in_data and info["uscc"]:
        who.append([t("brief_credit_code", lang), info["uscc"]])
    if first is not None:
        who.append([t("brief_ranked_size", lang), size_text(first["size_basis"], first["size"], lang)])
    if in_data:
        for column, key in (("revenue", "brief_revenue"), ("registered_capital", "brief_registered_capital"),
                            ("employees", "brief_employees")):
            if pd.notna(info[column]):
                who.append([t(key, lang), _number(info[column])])
    tags = list(info["tags"]) if in_data else list(first["tags"])
    if tags:
        who.append([t("brief_tags", lang), "、".join(tags)])
    source = first["source"] if first is not None else "dataset"
    who.append([t("brief_source", lang), t("brief_source_pool" if source == "pool" else "brief_source_dataset", lang)])
    blocks.append(Block("table", rows=who, widths=[0.3, 0.7]))
    blocks.append(Block("heading", t("brief_placed_heading", lang)))
    placed = []
    if in_data:
        m = facts.memberships[facts.memberships["firm"] == facts.firm_code.get_loc(firm_id)]
        for r in m.to_dict("records"):
            c = facts.chain_map(str(r["chain_id"]))
            evidence = t("brief_placed_by_dataset", lang)
            if pd.notna(r.get("confidence", float("nan"))):
                evidence = t("brief_confidence", lang, confidence=r["confidence"]) \
                    + t("brief_reviewed" if r.get("reviewed") == 1 else "brief_proposal", lang)
            placed.append([c.name_en if lang == "en" else c.name, _segment_name(c, str(r["segment_id"]), lang), evidence])
    elif first is not None:
        evidence = first["basis"] if isinstance(first["basis"], str) else t("brief_placed_by_pool", lang)
        if pd.notna(first["confidence"]):
            evidence += t("brief_pool_confidence", lang, confidence=first["confidence"])
        placed.append([chain.name_en if lang == "en" else chain.name, _segment_name(chain, first["segment_id"], lang),
                       evidence])
    blocks.append(Block("table", header=_words(lang, "chain", "segment", "evidence"), rows=placed,
                        widths=[0.25, 0.3, 0.45]))
    blocks.append(Block("heading", t("brief_fills_heading", lang)))
    if rows.empty:
        blocks.append(Block("para", t("brief_not_target", lang)))
    for r in rows.to_dict("records"):
        ranked = (result.targets["segment_id"] == r["segment_id"]).sum()
        blocks.append(Block("para", t("brief_fills", lang, segment=_segment_name(chain, r["segment_id"], lang),
                                      kind=t(f"board_{r['why']}", lang), rank=r["rank"], ranked=ranked,
                                      score=r["score"], reasons=_reasons(r["reasons"], lang, 6))))
        customers, suppliers = _firm_partners(facts, chain_id, r["segment_id"], lang, firm_id=firm_id)
        blocks.append(Block("table", header=_words(lang, "supplies", "buys_from"),
                            rows=[[customers[i] if i < len(customers) else "", suppliers[i] if i < len(suppliers) else ""]
                                  for i in range(max(len(customers), len(suppliers)))] or [["-", "-"]],
                            widths=[0.5, 0.5]))
    blocks.append(Block("note", t("brief_partners_note", lang)))
    return Brief(name, _subtitle(facts, lang, "firm") + " · "
                 + (chain.name_en if lang == "en" else chain.name), lang, blocks, max_pages=1)
