"""Structured reasons: a message code plus the numbers behind it, rendered in either language.

>>> r = reason("few_local_firms", firms=1, threshold=3)
>>> render_reasons([r], "en")
'only 1 local firm(s) (fewer than 3)'
"""
from __future__ import annotations

from graph.messages import render


def reason(code: str, **numbers) -> dict:
    return {"code": code, **numbers}


def render_reason(item: dict, lang: str = "zh") -> str:
    params = {k: v for k, v in item.items() if k != "code"}
    return render(item["code"], params, lang)


def render_reasons(items: list[dict], lang: str = "zh") -> str:
    return ("；" if lang == "zh" else "; ").join(render_reason(i, lang) for i in items)
