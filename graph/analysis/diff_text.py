"""The year-over-year diff (graph.analysis.diff) for people: a readable summary and the 年度变化 sheet.

``names`` maps (chain_id, segment_id) to (中文名, English name); without it segments show their ids.

>>> diff = {"old": {"year": 2023}, "new": {"year": 2024}, "chains": [{"chain_id": "w", "name": "小部件",
...     "name_en": "Widgets", "completeness": {"old": 0.5, "new": 1.0}, "gaps_closed": [{"segment_id": "b",
...     "by": ["X"]}], "gaps_opened": [], "weak_links_added": [], "weak_links_resolved": [],
...     "leaders_entered": [], "leaders_left": [], "firms_entered": [], "firms_left": [],
...     "targets_landed": [{"firm_id": "X", "segment_id": "b", "name": "乙"}], "projects_changed": [],
...     "projects_added": [], "projects_removed": []}], "plan": []}
>>> print(diff_summary(diff, "en"))
2023 → 2024
Widgets (w): completeness 50% → 100%
  gap closed: b (by X)
  target landed: 乙 (X) in b
>>> changes_sheet(diff, "zh")[["变化", "环节", "企业"]].values.tolist()
[['缺链补上', 'b', 'X'], ['招商落地', 'b', '乙（X）']]
"""
from __future__ import annotations

import pandas as pd

from graph.messages import listed, stage_label, t

# the kinds of change, in the order shown; each reads change_<kind> in graph/messages/
KINDS = ("gaps_closed", "gaps_opened", "weak_links_added", "weak_links_resolved", "leaders_entered", "leaders_left",
         "firms_entered", "firms_left", "targets_landed", "projects_changed", "projects_added", "projects_removed")
BY_SHOWN = 5   # firms named per closed gap in the summary; the rest counted ("+N")


def _segment(chain_id: str, segment_id: str, names: dict | None, lang: str) -> str:
    pair = (names or {}).get((chain_id, segment_id))
    return segment_id if pair is None else pair[1 if lang == "en" else 0]


def _firm(row: dict, lang: str) -> str:
    if not row.get("name"):
        return row["firm_id"]
    return f"{row['name']} ({row['firm_id']})" if lang == "en" else f"{row['name']}（{row['firm_id']}）"


def _item(kind: str, chain_id: str, row: dict, names: dict | None, lang: str,
          short: bool = False) -> tuple[str, str, str]:
    """(segment, firm, detail) of one change; ``short`` names at most BY_SHOWN firms per closed gap."""
    seg = _segment(chain_id, row["segment_id"], names, lang) if "segment_id" in row else ""
    if kind == "gaps_closed":
        by = row["by"]
        if not short:
            return seg, listed(by, lang), ""
        return seg, listed(by[:BY_SHOWN], lang) + (f" +{len(by) - BY_SHOWN}" if len(by) > BY_SHOWN else ""), ""
    if kind in ("firms_entered", "firms_left"):
        return listed((_segment(chain_id, s, names, lang) for s in row["segment_ids"]), lang), _firm(row, lang), ""
    if kind in ("leaders_entered", "leaders_left"):
        return "", _firm(row, lang), f"#{row['rank']}"
    if kind == "targets_landed":
        return seg, _firm(row, lang), ""
    if kind == "weak_links_added":
        return seg, "", t("diff_was_gap", lang) if row.get("was_gap") else ""
    if kind == "projects_changed":
        old, new = stage_label(row["old"], lang), stage_label(row["new"], lang)
        return seg, "", f"{row['project_id']} {row['name']}: {old} → {new}"
    if kind in ("projects_added", "projects_removed"):
        return seg, "", f"{row['project_id']} {row['name']}: {stage_label(row['stage'], lang)}"
    return seg, "", ""


def _pct(value) -> str:
    return "-" if value is None else f"{value:.0%}"


def _years(diff: dict) -> str:
    return f"{diff['old'].get('year') or diff['old'].get('dataset')} → {diff['new'].get('year') or diff['new'].get('dataset')}"


def changes_sheet(diff: dict, lang: str = "zh", names: dict | None = None) -> pd.DataFrame:
    """The 年度变化 sheet: one row per change (chain, change, segment, firm, detail), headers in ``lang``."""
    en = lang == "en"
    rows = []
    for chain in diff["chains"]:
        chain_name = chain.get("name_en" if en else "name") or chain["chain_id"]
        for kind in KINDS:
            for row in chain.get(kind, []):
                segment, firm, detail = _item(kind, chain["chain_id"], row, names, lang)
                rows.append([chain_name, t(f"change_{kind}", lang), segment, firm, detail])
    columns = [t(f"diff_{k}", lang) for k in ("chain", "change", "segment", "firm", "detail")]
    return pd.DataFrame(rows, columns=columns)


def diff_summary(diff: dict, lang: str = "zh", names: dict | None = None, *, limit: int = 8) -> str:
    """A few lines per chain that changed, at most ``limit`` items per kind; then the plan's counts."""
    en = lang == "en"
    sep = ", " if en else "，"
    lines = [_years(diff)]
    for chain in diff["chains"]:
        c = chain["completeness"]
        head = (f"{chain.get('name_en' if en else 'name') or chain['chain_id']} ({chain['chain_id']})"
                f"{': ' if en else '：'}{t('diff_completeness', lang)} {_pct(c['old'])} → {_pct(c['new'])}")
        body = []
        for kind in KINDS:
            rows = chain.get(kind, [])
            if not rows:
                continue
            parts = []
            for row in rows[:limit]:
                segment, firm, detail = _item(kind, chain["chain_id"], row, names, lang, short=True)
                if kind == "gaps_closed":
                    text = t("diff_closed_by", lang, segment=segment, firm=firm)
                elif kind == "targets_landed":
                    text = t("diff_landed", lang, firm=firm, segment=segment)
                else:
                    text = " ".join(p for p in (firm or segment, detail) if p)
                parts.append(text)
            more = f"{sep}{t('diff_more', lang).format(total=len(rows), more=len(rows) - limit)}" if len(rows) > limit else ""
            body.append(f"  {t(f'change_{kind}', lang)}{': ' if en else '：'}{sep.join(parts)}{more}")
        if body or c["old"] != c["new"]:
            lines += [head, *body]
    for row in diff.get("plan", []):
        lines.append(f"{t('diff_plan', lang)} {row['item']}: {row['old']} → {row['new']}"
                     f" ({t('diff_target', lang)} {row['target']})")
    return "\n".join(lines)


def chain_table(diff: dict, lang: str = "zh") -> pd.DataFrame:
    """One row per chain: completeness, gaps and weak links, old and new, headers in ``lang``.

    >>> chain = {"chain_id": "w", "name": "小部件", "name_en": "Widgets", "completeness": {"old": 0.5, "new": 1.0},
    ...          "gaps": {"old": 1, "new": 0}, "weak_links": {"old": 2, "new": 3}}
    >>> chain_table({"chains": [chain]}, "en").to_dict("records")[0]["completeness (new)"]
    1.0
    """
    en = lang == "en"
    rows = [[c.get("name_en" if en else "name") or c["chain_id"], c["completeness"]["old"], c["completeness"]["new"],
             c["gaps"]["old"], c["gaps"]["new"], c["weak_links"]["old"], c["weak_links"]["new"]]
            for c in diff["chains"]]
    heads = ("chain", "completeness_old", "completeness_new", "gaps_old", "gaps_new", "weak_links_old", "weak_links_new")
    return pd.DataFrame(rows, columns=[t(f"diff_{h}", lang) for h in heads])
