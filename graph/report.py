"""The "一图N清单" workbook (one map + N lists per chain) and the standalone chain-map pages.

The 一图 sheet holds each chain's map as a picture (graph.picture), for meetings and slides.

Sheets: 总览 (overview and the plan's targets), then one sheet per list with the chain as the
first column (so Excel's filter picks a chain): 领航龙头企业, 重点配套企业, 主要特色优势,
急需突破短板, 协同攻关技术, 区域布局, 重点建设项目, 双招双引对象. Headers are Chinese, the
header row is frozen with a filter, numbers stay numbers, and text that Excel would run as a
formula (=, +, -, @) is stored as plain text.

>>> from graph.store import MemoryStore
>>> from graph.analysis.summary import analyze
>>> facts = MemoryStore.from_path("data/demo").facts()
>>> list(report_tables(facts, analyze(facts, chain="agri_machinery")))[:2]
['总览', '领航龙头企业']
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from graph.analysis.cities import city_layout
from graph.analysis.projects import chain_projects
from graph.analysis.reasons import reason, render_reason, render_reasons
from graph.analysis.relatedness import lq_reference
from graph.analysis.settings import DEFAULT, Settings
from graph.analysis.size import basis_label
from graph.analysis.summary import ChainAnalysis, provenance_text, segment_facts, segment_status
from graph.build import chain_map_graph
from graph.io.workbook import write_text
from graph.io.workbook import write_workbook as write_sheets
from graph.messages import listed, named, stage_label, t, tag_label
from graph.picture import chain_map_picture
from graph.viz import chain_map_html


def _join(values, lang: str = "zh") -> str:
    return listed(values, lang) if isinstance(values, (list, tuple)) else values


def _tags(values, lang: str = "zh") -> str:
    return _join([tag_label(v, lang) for v in values], lang) if isinstance(values, (list, tuple)) else values


def _rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _words(family: str, values, lang: str) -> dict:
    """value -> its name in ``lang`` (graph/messages/ ``{family}_{value}``), for ``Series.map``."""
    return {v: t(f"{family}_{v}", lang) for v in values}


NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")   # what Excel refuses in a sheet's name


def sheet_titles(names) -> list[str]:
    """Names Excel takes for sheets: characters it refuses (``[]:*?/\\``) as ``_``, at most 31 characters, never
    blank, each once (Excel compares them ignoring case: a repeat gets `` (2)``, `` (3)`` … within the 31).

    >>> sheet_titles(["新一代信息技术", "a/b", "x" * 40, "X" * 40, ""])
    ['新一代信息技术', 'a_b', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'XXXXXXXXXXXXXXXXXXXXXXXXXXX (2)', 'Sheet']
    """
    titles, taken = [], set()
    for name in names:
        base = NOT_IN_TITLES.sub("_", str(name)).strip().strip("'") or "Sheet"
        title, n = base[:31], 1
        while title.casefold() in taken:
            n += 1
            title = base[:31 - len(f" ({n})")] + f" ({n})"
        taken.add(title.casefold())
        titles.append(title)
    return titles


def chain_sheets(frames: dict[str, pd.DataFrame], chains, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """Sheets keyed by chain id as sheets named by the chain's name in ``lang`` (``chains``: Chain objects; an id
    they do not hold stays): a workbook reads 新一代信息技术, not new_gen_it.

    >>> from graph.model import Chain
    >>> list(chain_sheets({"w": pd.DataFrame()}, [Chain("w", "小部件", "Widgets", (), ())], "en"))
    ['Widgets']
    """
    names = {c.id: c.name_en if lang == "en" else c.name for c in chains}
    return dict(zip(sheet_titles(names.get(c, c) for c in frames), frames.values(), strict=True))


def write_workbook(sheets: dict[str, pd.DataFrame], path, *, caption: str, pictures: dict[str, bytes] | None = None):
    """graph.io.workbook.write_workbook with sheet names Excel takes (:func:`sheet_titles`); what the app's
    exports and the report write with."""
    return write_sheets(dict(zip(sheet_titles(sheets), sheets.values(), strict=True)), path, caption=caption,
                        pictures=pictures)


def _basis_text(basis: dict, lang: str = "zh") -> str:
    """'注册资本（12 家本地企业缺此数据）' — the overview's size basis of a chain's leaders."""
    if not basis.get("rankable", True):
        return t("basis_unrankable", lang)
    label = basis_label(basis.get("size_basis"), lang)
    if not label:
        return t("basis_no_size", lang)
    missing = basis.get("firms_without", 0)
    return t("basis_missing", lang, label=label, missing=missing) if missing else label


def _unrankable_first(r: ChainAnalysis, lang: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The leader rows, after one row saying the chain's leaders cannot be ranked when so (the 链主-tagged firms,
    unranked, follow)."""
    if r.leader_basis.get("rankable", True):
        return frame
    note = pd.DataFrame({"企业名称": [t("leaders_unrankable_row", lang)], "理由": [render_reason(reason("note_leaders_unrankable"), lang)]},
                        columns=frame.columns)
    return pd.concat([note, frame], ignore_index=True) if len(frame) else note


def report_tables(facts, results: dict[str, ChainAnalysis], *, plan: pd.DataFrame | None = None,
                  lang: str = "zh", settings: Settings = DEFAULT) -> dict[str, pd.DataFrame]:
    """The workbook's sheets as data frames, in order: headers, sheet names and the words in cells in ``lang``
    (Chinese, or English with ``lang="en"``)."""
    en = lang == "en"
    yes = t("yes", lang)
    name = "name_en" if en else "name"

    def chain_col(frame, r):
        frame.insert(0, "产业链", r.name_en if en else r.name)
        return frame

    overview = pd.DataFrame([{
        "产业链": r.name_en if en else r.name, "产业链ID": r.chain_id, "环节数": r.completeness["segments"],
        "本地覆盖环节": r.completeness["covered"], "完整度": r.completeness["segment_share"],
        "按营收完整度": r.completeness["revenue_share"], "缺链数": len(r.gaps), "弱链数": len(r.weak_links),
        "优势环节数": len(r.strengths), "本地企业数": r.leader_basis.get("local_firms", len(r.leaders)),
        "已标注链主": int(r.leaders["tagged_leader"].sum()),
        "链主排名吻合度": r.leader_agreement["precision_at_k"], "招商目标数": len(r.targets),
        "链主规模口径": _basis_text(r.leader_basis, lang),
        **({"归类审核": provenance_text(r.provenance, lang)} if r.provenance else {}),   # classify's reviewed flag
        "说明": render_reasons(r.notes, lang),
    } for r in results.values()])
    sheets = {"总览": overview}
    if plan is not None:
        # English: the plan items' names (graph.messages plan_*); Chinese: the items as the plan writes them
        plan = plan.assign(item=plan["item"].map(lambda i: named("plan", i, "en")) if en
                           else plan["item"].replace({"flagship_chains": "标志性产业链"}))
        if plan["actual"].isna().any():   # a count the data cannot give (no firm tags): said, not left as a blank
            plan = plan.assign(note=[t("plan_untagged", lang) if pd.isna(a) else None for a in plan["actual"]])
        sheets["规划目标"] = plan.rename(columns={"item": "指标", "actual": "现状", "target": "目标", "share": "完成比例",
                                              "note": "说明"})
    sheets["领航龙头企业"] = _rows([chain_col(_unrankable_first(r, lang, pd.DataFrame({
        "排名": r.leaders["rank"], "企业ID": r.leaders["firm_id"], "企业名称": r.leaders["name"],
        "城市": r.leaders["city"], "综合得分": r.leaders["score"], "营业收入（万元）": r.leaders["revenue"],
        "规模口径": r.leaders["size_basis"].map(lambda b: basis_label(b, lang) if isinstance(b, str) else ""),
        "规模（按口径）": r.leaders["size"],
        "本链规模占比": r.leaders["revenue_share"], "集成商中心度": r.leaders["pagerank_integrator"],
        "关键供应商中心度": r.leaders["pagerank_supplier"], "本地伙伴数": r.leaders["local_partners"],
        "覆盖环节数": r.leaders["segments_covered"], "标签": r.leaders["tags"].map(lambda x: _tags(x, lang)),
        "理由": r.leaders["reasons"].map(lambda x: render_reasons(x, lang))}).head(settings.report_top)), r)
        for r in results.values()])
    sheets["重点配套企业"] = _rows([chain_col(pd.DataFrame({
        "排名": r.key_suppliers["rank"], "企业ID": r.key_suppliers["firm_id"], "企业名称": r.key_suppliers["name"],
        "城市": r.key_suppliers["city"], "得分": r.key_suppliers["score"],
        "本地客户数": r.key_suppliers["local_customers"], "配套领航企业数": r.key_suppliers["leaders_supplied"],
        "唯一本地供应商次数": r.key_suppliers["sole_supplier_of"], "环节": r.key_suppliers["segments"].map(lambda x: _join(x, lang)),
        "标签": r.key_suppliers["tags"].map(lambda x: _tags(x, lang)),
        "理由": r.key_suppliers["reasons"].map(lambda x: render_reasons(x, lang))}), r) for r in results.values()])
    if sheets["重点配套企业"].empty and any(n["code"] == "note_no_supply_suppliers" for r in results.values()
                                        for n in r.notes):   # no supply links: a note, not an empty sheet
        sheets["重点配套企业"] = pd.DataFrame({"说明": [render_reason(reason("note_no_supply_suppliers"), lang)]})
    strong = _rows([chain_col(pd.DataFrame({
        "环节": r.strengths[name], "环节ID": r.strengths["segment_id"], "区位商（营收）": r.strengths["lq_revenue"],
        "区位商（企业数）": r.strengths["lq_firms"], "本地企业数": r.strengths["local_firms"],
        "本地营收占比": r.strengths["local_share"], "区位商参照": r.strengths["lq_reference"].map(_words("lq_reference", ("benchmark", "none"), lang)),
        "理由": r.strengths["reasons"].map(lambda x: render_reasons(x, lang))}), r) for r in results.values()])
    if not strong.empty and strong["区位商（营收）"].isna().all():   # no revenue: revenue LQs are not shown
        strong = strong.drop(columns=["区位商（营收）", "本地营收占比"])
    if strong.empty and results and lq_reference(facts) == "none":   # no reference: a note, not a list
        strong = pd.DataFrame({"说明": [render_reason(reason("note_no_lq_reference"), lang)]})
    sheets["主要特色优势"] = strong
    short_boards = []
    for r in results.values():
        gaps = pd.DataFrame({"环节": r.gaps[name], "环节ID": r.gaps["segment_id"], "类型": t("board_gap", lang),
                             "严重程度": r.gaps["severity"], "关键核心技术": r.gaps["key_tech"].map({True: yes, False: ""}),
                             "本地企业数": 0, "理由": r.gaps["reasons"].map(lambda x: render_reasons(x, lang))})
        weak = pd.DataFrame({"环节": r.weak_links[name], "环节ID": r.weak_links["segment_id"],
                             "类型": t("board_weak", lang),
                             "严重程度": r.weak_links["score"],
                             "关键核心技术": r.weak_links["key_tech"].map({True: yes, False: ""}),
                             "本地企业数": r.weak_links["local_firms"],
                             **({"归类审核": [provenance_text({"memberships_reviewed": a, "memberships_proposed": b}, lang)
                                          for a, b in zip(r.weak_links["memberships_reviewed"],
                                                          r.weak_links["memberships_proposed"], strict=True)]}
                                if "memberships_reviewed" in r.weak_links else {}),
                             "理由": r.weak_links["reasons"].map(lambda x: render_reasons(x, lang))})
        short_boards.append(chain_col(_rows([gaps, weak]), r) if not (gaps.empty and weak.empty) else pd.DataFrame())
    sheets["急需突破短板"] = _rows(short_boards)
    board = sheets["急需突破短板"]
    sheets["协同攻关技术"] = board[board["关键核心技术"] == yes].reset_index(drop=True) if not board.empty else board
    sheets["区域布局"] = _rows([chain_col(city_layout(facts, r.chain_id).rename(columns={
        "city": "城市", "local_firms": "本地企业数", "revenue": "本链营收（万元）", "segments_covered": "覆盖环节数",
        "main_segments": "主要环节"}), r) for r in results.values()])
    if not facts.firms["revenue"].notna().any() and "本链营收（万元）" in sheets["区域布局"]:   # no revenue: not 0
        sheets["区域布局"] = sheets["区域布局"].drop(columns=["本链营收（万元）"])
    project_frames = []
    for r in results.values():
        p = chain_projects(facts, r.chain_id)
        names = dict(zip(r.segments["segment_id"], r.segments[name], strict=True))
        gap_ids = set(r.gaps["segment_id"])
        project_frames.append(chain_col(pd.DataFrame({
            "项目ID": p["project_id"], "项目名称": p["name"], "环节": p["segment_id"].map(names),
            "城市": p["city"], "阶段": p["stage"].map(lambda v: stage_label(v, lang)), "投资额（亿元）": p["investment"], "企业ID": p["firm_id"],
            "补缺链": p["segment_id"].map(lambda s, g=gap_ids: yes if s in g else "")}), r))
    sheets["重点建设项目"] = _rows(project_frames)
    if sheets["重点建设项目"].empty and facts.projects.empty:   # no projects in the data: said, not an empty sheet
        sheets["重点建设项目"] = pd.DataFrame({"说明": [t("report_no_projects", lang)]})
    sheets["双招双引对象"] = _rows([chain_col(pd.DataFrame({
        "环节": r.targets["segment_name_en" if en else "segment_name"], "环节ID": r.targets["segment_id"],
        "原因": r.targets["why"].map(_words("target_why", ("gap", "weak"), lang)), "排名": r.targets["rank"],
        "企业ID": r.targets["firm_id"], "企业名称": r.targets["name"], "省份": r.targets["province"],
        "城市": r.targets["city"], "得分": r.targets["score"], "已供本地企业数": r.targets["local_customers"],
        "营业收入（万元）": r.targets["revenue"],
        "规模口径": r.targets["size_basis"].map(lambda b: basis_label(b, lang) if isinstance(b, str) else ""),
        "规模": r.targets["size"], "标签": r.targets["tags"].map(lambda x: _tags(x, lang)),
        "来源": r.targets["source"].map(_words("target_source", ("dataset", "pool"), lang)),
        "理由": r.targets["reasons"].map(lambda x: render_reasons(x, lang))}), r) for r in results.values()])
    if not en:
        return sheets
    return {t(f"sheet_{k}", "en"): v.rename(columns=lambda c: named("header", c, "en")) for k, v in sheets.items()}


def write_report(facts, results: dict[str, ChainAnalysis], path: str | Path, *,
                 plan: pd.DataFrame | None = None, lang: str = "zh",
                 extra_sheets: dict[str, pd.DataFrame] | None = None, pool=None) -> list[Path]:
    """The workbook at ``path`` plus ``<stem>.<chain_id>.html`` chain maps next to it; ``extra_sheets``
    (e.g. 年度变化 from `report --previous`) come last; ``pool`` (graph.analysis.pool.Pool) named in the caption
    when it filled targets."""
    path = Path(path)
    meta = facts.meta
    caption = f"{meta.name} · {meta.region} · {meta.chain_set}"
    if meta.synthetic:
        caption += t("caption_synthetic", lang)
    if pool is not None:
        caption += t("caption_pool", lang, pool=pool.name)
    sheets = {**report_tables(facts, results, plan=plan, lang=lang), **(extra_sheets or {})}
    pictures = {r.chain_id: chain_map_picture(facts.chain_map(r.chain_id), segment_status(r), lang=lang, dpi=150,
                                              note=caption) for r in results.values()}
    written = [write_workbook(sheets, path, caption=caption, pictures=pictures)]
    G = chain_map_graph(meta, facts.chains)
    for r in results.values():
        page = path.with_name(f"{path.stem}.{r.chain_id}.html")
        write_text(page, chain_map_html(G, r.chain_id, status=segment_status(r), facts=segment_facts(r, lang),
                                        lang=lang))
        written.append(page)
    return written
