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
from graph.analysis.reasons import render_reason
from graph.analysis.risk_text import grade_label
from graph.analysis.size import SIZE_BASIS_LABELS, SIZE_UNITS, firm_size
from graph.analysis.summary import analyze_chain, segment_status

GAPS_SHOWN, TARGETS_EACH, LEADERS_SHOWN, RISKS_SHOWN, PARTNERS_SHOWN = 6, 2, 5, 5, 5
PLAN_ITEMS = {"链主": ("链主企业", "chain leaders (链主)"), "专精特新": ("专精特新企业", "specialised SMEs (专精特新)"),
              "单项冠军": ("单项冠军", "single champions (单项冠军)"), "flagship_chains": ("标志性产业链", "flagship chains")}


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


def _l(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _reasons(items, lang: str, limit: int = 3) -> str:
    return ("；" if lang == "zh" else "; ").join(render_reason(i, lang) for i in list(items)[:limit])


def _pct(value) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.0%}"


def _number(value) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:,.0f}"


def size_text(basis, size, lang: str) -> str:
    """A size with its measure named, e.g. 营业收入 12,345 万元."""
    if not isinstance(basis, str) or basis not in SIZE_BASIS_LABELS or size is None or pd.isna(size):
        return _l(lang, "规模不详", "size not given")
    en = lang == "en"
    return f"{SIZE_BASIS_LABELS[basis][en]} {size:,.0f} {SIZE_UNITS[basis][en]}"


def _subtitle(facts, lang: str, kind: tuple[str, str]) -> str:
    meta = facts.meta
    parts = [_l(lang, *kind), meta.region, f"{meta.year}" + _l(lang, " 年度", "") if meta.year else "", meta.name]
    if meta.synthetic:
        parts.append(_l(lang, "合成演示数据（企业均为虚构）", "synthetic demo data (fictional firms)"))
    return " · ".join(p for p in parts if p)


def _segment_name(chain, segment_id: str, lang: str) -> str:
    seg = next(s for s in chain.segments if s.id == segment_id)
    return ("★" if seg.key_tech else "") + (seg.name_en if lang == "en" else seg.name)


def _completeness_block(result, previous, chain_id: str, lang: str) -> Block:
    c = result.completeness
    text = _l(lang, f"完整度 {_pct(c['segment_share'])}（{c['covered']}/{c['segments']} 个环节有本地企业）",
              f"Completeness {_pct(c['segment_share'])} ({c['covered']} of {c['segments']} segments have a local firm)")
    if c.get("revenue_share") is not None:
        text += _l(lang, f"；按营收加权 {_pct(c['revenue_share'])}", f"; revenue-weighted {_pct(c['revenue_share'])}")
    if previous is not None:
        before = completeness(previous, chain_id)["segment_share"]
        change = (c["segment_share"] - before) * 100
        text += _l(lang, f"。较 {previous.meta.year} 年度（{_pct(before)}）变化 {change:+.1f} 个百分点",
                   f". Against {previous.meta.year} ({_pct(before)}): {change:+.1f} percentage points")
    else:
        text += _l(lang, "。（只有一个年度，无年度变化）", ". (One year of data: no change to show.)")
    text += _l(lang, f"；缺链 {len(result.gaps)} 个，弱链 {len(result.weak_links)} 个。",
               f"; {len(result.gaps)} gap(s), {len(result.weak_links)} weak link(s).")
    return Block("para", text)


def _gap_rows(result, chain, lang: str) -> list[list[str]]:
    rows = []
    picked = [("gap", r) for r in result.gaps.to_dict("records")] + \
             [("weak", r) for r in result.weak_links.to_dict("records")]
    for why, row in picked[:GAPS_SHOWN]:
        targets = result.targets[(result.targets["segment_id"] == row["segment_id"])].head(TARGETS_EACH)
        whys = [f"{t['rank']}. {t['name']} ({t['province'] or '-'}): {_reasons(t['reasons'][1:], lang, 2)}"
                if lang == "en" else f"{t['rank']}. {t['name']}（{t['province'] or '-'}）：{_reasons(t['reasons'][1:], lang, 2)}"
                for t in targets.to_dict("records")]
        rows.append([_segment_name(chain, row["segment_id"], lang),
                     _l(lang, "缺链", "gap") if why == "gap" else _l(lang, "弱链", "weak link"),
                     _reasons(row["reasons"], lang, 2),
                     "\n".join(whys) or _l(lang, "（无候选企业）", "(no candidate)")])
    return rows


def _plan_rows(facts, chain_id: str, plan_targets: dict | None, lang: str) -> list[list[str]]:
    if not plan_targets:
        return []
    chain = facts.chain(chain_id)
    local_codes = [int(c) for c in chain.firms if chain.local[c]]
    tags = facts.column("tags")
    rows = []
    local_tags = facts.firms.loc[facts.firms["local"], "tags"]
    for item, target in plan_targets.items():
        if item == "flagship_chains":
            continue
        province = int(sum(item in t for t in local_tags))
        in_chain = int(sum(item in tags[c] for c in local_codes))
        rows.append([PLAN_ITEMS.get(item, (item, item))[lang == "en"], f"{target:,}", f"{province:,}",
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
    blocks += [Block("heading", _l(lang, "完整度", "Completeness")), _completeness_block(result, previous, chain_id, lang)]
    blocks.append(Block("heading", _l(lang, "缺链与弱链：招商目标", "Gaps and weak links: whom to attract")))
    rows = _gap_rows(result, chain, lang)
    if rows:
        blocks.append(Block("table", header=[_l(lang, "环节", "Segment"), _l(lang, "类型", "Kind"),
                                             _l(lang, "为什么", "Why"), _l(lang, "首选招商目标及理由", "Top targets and why")],
                            rows=rows, widths=[0.14, 0.08, 0.30, 0.48]))
    else:
        blocks.append(Block("para", _l(lang, "本链没有缺链或弱链。", "The chain has no gap and no weak link.")))
    blocks.append(Block("heading", _l(lang, "链主企业", "Chain leaders")))
    basis = result.leader_basis.get("size_basis")
    leaders = result.leaders.head(LEADERS_SHOWN).to_dict("records")
    blocks.append(Block("table", header=[_l(lang, "排名", "Rank"), _l(lang, "企业", "Firm"), _l(lang, "城市", "City"),
                                         _l(lang, "得分", "Score"), _l(lang, "规模", "Size")],
                        rows=[[str(r["rank"]) if pd.notna(r["rank"]) else "-", r["name"], r["city"] or "-",
                               "-" if pd.isna(r["score"]) else f"{r['score']:.3f}",
                               size_text(basis, r.get("size"), lang)] for r in leaders],
                        widths=[0.08, 0.42, 0.14, 0.1, 0.26]))
    blocks.append(Block("heading", _l(lang, "外迁与萎缩风险", "Risks of firms leaving or shrinking")))
    if risk is None or risk.needs_two_years:
        blocks.append(Block("para", _l(lang, "风险预警需要两个年度的数据；本数据只有一个年度。",
                                       "Risk signals need two years of data; these data have one.")))
    else:
        rows = risk.table[risk.table["chain_id"] == chain_id]
        counts = {g: int((rows["grade"] == g).sum()) for g in ("挽留", "警示", "关注")}
        blocks.append(Block("para", _l(lang, f"{risk.years[0]} → {risk.years[1]}：挽留 {counts['挽留']} 家，警示 "
                                             f"{counts['警示']} 家，关注 {counts['关注']} 家。",
                                       f"{risk.years[0]} → {risk.years[1]}: retain {counts['挽留']}, warning "
                                       f"{counts['警示']}, watch {counts['关注']}.")))
        if len(rows):
            blocks.append(Block("table", header=[_l(lang, "等级", "Grade"), _l(lang, "企业", "Firm"),
                                                 _l(lang, "风险信号", "Signals")],
                                rows=[[grade_label(r["grade"], lang), r["name"], _reasons(r["signals"], lang, 3)]
                                      for r in rows.head(RISKS_SHOWN).to_dict("records")],
                                widths=[0.1, 0.3, 0.6]))
    plan = _plan_rows(facts, chain_id, plan_targets, lang)
    if plan:
        blocks.append(Block("heading", _l(lang, "规划目标", "The plan's targets")))
        blocks.append(Block("table", header=[_l(lang, "指标", "Item"), _l(lang, "全省目标", "Province target"),
                                             _l(lang, "全省现有", "Province now"), _l(lang, "完成", "Reached"),
                                             _l(lang, "本链本地企业", "In this chain")],
                            rows=plan, widths=[0.32, 0.17, 0.17, 0.14, 0.2]))
    blocks.append(Block("note", _l(lang, "口径与规则见 docs/analyses.md；由 Chain Explorer 生成。",
                                   "Definitions and rules: docs/analyses.md; made by Chain Explorer.")))
    return Brief(_l(lang, f"{name}产业链简报", f"{name} — chain brief"), _subtitle(facts, lang, ("产业链简报", "Chain brief")),
                 lang, blocks, max_pages=2)


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
        out.append([f"{facts.column('name')[c]}（{_segment_name(chain_map, s, lang)}）" if lang == "zh" else
                    f"{facts.column('name')[c]} ({_segment_name(chain_map, s, lang)})" for c, s in found[:PARTNERS_SHOWN]])
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
    blocks = [Block("heading", _l(lang, "企业概况", "Who the firm is"))]
    who = [[_l(lang, "企业编号", "Firm id"), firm_id], [_l(lang, "所在地", "Location"), f"{province} {city}"]]
    if in_data and info["uscc"]:
        who.append([_l(lang, "统一社会信用代码", "Credit code"), info["uscc"]])
    if first is not None:
        who.append([_l(lang, "规模（排名所用口径）", "Size (the basis it is ranked on)"),
                    size_text(first["size_basis"], first["size"], lang)])
    if in_data:
        for column, label in (("revenue", ("营业收入（万元）", "Revenue (10k CNY)")),
                              ("registered_capital", ("注册资本（万元）", "Registered capital (10k CNY)")),
                              ("employees", ("从业人数", "Employees"))):
            if pd.notna(info[column]):
                who.append([_l(lang, *label), _number(info[column])])
    tags = list(info["tags"]) if in_data else list(first["tags"])
    if tags:
        who.append([_l(lang, "企业标签", "Tags"), "、".join(tags)])
    source = first["source"] if first is not None else "dataset"
    who.append([_l(lang, "来源", "Source"), _l(lang, "参考库（外省企业，不在本数据中）", "reference pool (outside the region, "
                                                 "not in these data)") if source == "pool" else _l(lang, "本数据", "these data")])
    blocks.append(Block("table", rows=who, widths=[0.3, 0.7]))
    blocks.append(Block("heading", _l(lang, "主营环节与归类依据", "What it makes and the evidence of its placement")))
    placed = []
    if in_data:
        m = facts.memberships[facts.memberships["firm"] == facts.firm_code.get_loc(firm_id)]
        for r in m.to_dict("records"):
            c = facts.chain_map(str(r["chain_id"]))
            evidence = _l(lang, "数据集中的环节归属", "placed by the dataset")
            if pd.notna(r.get("confidence", float("nan"))):
                reviewed = r.get("reviewed")
                evidence = _l(lang, f"归类置信度 {r['confidence']:.2f}" + ("，已人工审核" if reviewed == 1 else "，程序建议"),
                              f"classifier confidence {r['confidence']:.2f}" + (", reviewed" if reviewed == 1 else ", proposal"))
            placed.append([c.name_en if lang == "en" else c.name, _segment_name(c, str(r["segment_id"]), lang), evidence])
    elif first is not None:
        evidence = first["basis"] if isinstance(first["basis"], str) else _l(lang, "参考库归类", "placed by the pool")
        if pd.notna(first["confidence"]):
            evidence += _l(lang, f"（置信度 {first['confidence']:.2f}）", f" (confidence {first['confidence']:.2f})")
        placed.append([chain.name_en if lang == "en" else chain.name, _segment_name(chain, first["segment_id"], lang),
                       evidence])
    blocks.append(Block("table", header=[_l(lang, "产业链", "Chain"), _l(lang, "环节", "Segment"),
                                         _l(lang, "依据", "Evidence")], rows=placed, widths=[0.25, 0.3, 0.45]))
    blocks.append(Block("heading", _l(lang, "它能补的缺链与弱链", "The gap or weak link it fills")))
    if rows.empty:
        blocks.append(Block("para", _l(lang, "在这些数据中，它不是本链的招商目标。", "It is not an attraction target of this "
                                             "chain in these data.")))
    for r in rows.to_dict("records"):
        kind = _l(lang, "缺链", "gap") if r["why"] == "gap" else _l(lang, "弱链", "weak link")
        ranked = (result.targets["segment_id"] == r["segment_id"]).sum()
        blocks.append(Block("para", _l(lang, f"{_segment_name(chain, r['segment_id'], lang)}（{kind}）：第 {r['rank']} 名"
                                             f"（共 {ranked} 家候选），得分 {r['score']:.3f}。理由：{_reasons(r['reasons'], lang, 6)}",
                                       f"{_segment_name(chain, r['segment_id'], lang)} ({kind}): rank {r['rank']} of "
                                       f"{ranked}, score {r['score']:.3f}. Why: {_reasons(r['reasons'], lang, 6)}")))
        customers, suppliers = _firm_partners(facts, chain_id, r["segment_id"], lang, firm_id=firm_id)
        blocks.append(Block("table", header=[_l(lang, "它可供货的本地企业", "Local firms it would supply"),
                                             _l(lang, "它可采购的本地企业", "Local firms it would buy from")],
                            rows=[[customers[i] if i < len(customers) else "", suppliers[i] if i < len(suppliers) else ""]
                                  for i in range(max(len(customers), len(suppliers)))] or [["-", "-"]],
                            widths=[0.5, 0.5]))
    blocks.append(Block("note", _l(lang, "可供货/可采购：本链中由其环节直接供给、或直接供给其环节的本地企业，按规模排序。",
                                   "Would supply / buy from: local firms of the segments its segment feeds or is fed by, "
                                   "largest first.")))
    return Brief(name, _subtitle(facts, lang, ("招商对象简报", "Target-firm brief")) + " · "
                 + (chain.name_en if lang == "en" else chain.name), lang, blocks, max_pages=1)
