"""The risk list (graph.analysis.risk) in readable form: a table for the workbook's 风险清单 sheet and the page,
the JSON of `python -m graph risk --json`, and the command's text summary — in Chinese or English."""
from __future__ import annotations

import pandas as pd

from graph.analysis.reasons import render_reason, render_reasons
from graph.analysis.risk import GRADES, RiskResult
from graph.analysis.summary import plain
from graph.messages import listed, render, t

RISK_COLUMNS = ("grade", "score", "chain", "name", "firm_id", "city", "roles", "signals", "loss")   # risk_col_*


def grade_label(grade: str, lang: str = "zh") -> str:
    return t(f"risk_grade_{grade}", lang)


def role_label(roles: list[str], lang: str = "zh") -> str:
    return listed((t(f"risk_role_name_{r}", lang) for r in roles), lang) or "—"


def needs_two_years_text(result: RiskResult, dataset: str, lang: str = "zh") -> str:
    year = result.years[0] if result.years and result.years[0] is not None else "-"
    return render("risk_needs_two_years", {"dataset": dataset, "year": year}, lang)


def loss_text(row, lang: str = "zh") -> str:
    gaps, cut_off, failed = len(row["new_gaps"]), row["cut_off"], row["failed"]
    if not (gaps or cut_off or failed):
        return "—"
    return t("risk_loss", lang, gaps=gaps, cut_off=cut_off, failed=failed)


def risk_frame(result: RiskResult, chain_names: dict[str, tuple[str, str]], lang: str = "zh") -> pd.DataFrame:
    """One row per risk with localised headers (the workbook's 风险清单 sheet and the page's export).

    ``chain_names``: chain id -> (中文名, English name)."""
    en = lang == "en"
    rows = [{"grade": grade_label(r["grade"], lang), "score": r["score"],
             "chain": chain_names.get(r["chain_id"], (r["chain_id"],) * 2)[en], "name": r["name"],
             "firm_id": r["firm_id"], "city": r["city"], "roles": role_label(r["roles"], lang),
             "signals": render_reasons(r["signals"], lang), "loss": loss_text(r, lang)}
            for r in result.table.to_dict("records")]
    frame = pd.DataFrame(rows, columns=list(RISK_COLUMNS))
    return frame.rename(columns={c: t(f"risk_col_{c}", lang) for c in RISK_COLUMNS})


def risk_json(result: RiskResult, *, region: str, old: dict | None, new: dict, lang: str = "zh",
              dataset: str = "") -> dict:
    """The JSON object of `risk --json` (docs/cli.md#risk)."""
    out = {"region": region, "old": old, "new": new, "needs_two_years": result.needs_two_years,
           "counts": result.counts(), "firms": []}
    if result.needs_two_years:
        out["message"] = {"zh": needs_two_years_text(result, dataset, "zh"),
                          "en": needs_two_years_text(result, dataset, "en")}
        return out
    for row in result.table.to_dict("records"):
        record = {k: plain(v) for k, v in row.items() if k not in ("signals", "reasons")}
        record["grade_en"] = t(f"risk_grade_{row['grade']}", "en")
        for key in ("signals", "reasons"):
            record[key] = [{**plain(i), "zh": render_reason(i, "zh"), "en": render_reason(i, "en")} for i in row[key]]
        out["firms"].append(record)
    return out


def risk_summary(result: RiskResult, chain_names: dict[str, tuple[str, str]], lang: str = "zh",
                 *, limit: int = 30) -> str:
    """The command's readable output: counts per grade, then the most severe rows with their signals."""
    en = lang == "en"
    old, new = result.years
    counts = result.counts()
    counted = ("，" if not en else ", ").join(t("risk_grade_count", lang, grade=grade_label(g, lang), count=counts[g])
                                           for g in GRADES)
    lines = [t("risk_summary_head", lang, old=old, new=new, counts=counted)]
    for row in result.table.head(limit).to_dict("records"):
        chain = chain_names.get(row["chain_id"], (row["chain_id"],) * 2)[en]
        lines.append(f"[{grade_label(row['grade'], lang)} {row['score']:g}] {chain} · {row['name']} ({row['firm_id']}, "
                     f"{row['city'] or '-'}) · {role_label(row['roles'], lang)}")
        lines.append("    " + render_reasons(row["signals"], lang))
    if len(result.table) > limit:
        lines.append(t("risk_summary_more", lang, more=len(result.table) - limit))
    return "\n".join(lines)
