"""What a grid's columns say and how wide they are: every number with a one-line meaning (its header's help) and a
sensible rounding, text columns sized so a table fits a 1024-px laptop beside the sidebar (wider screens stretch
them). Formats change what is shown, never the frame: exports keep every digit.

>>> NUMBERS["hhi"]
('help_hhi', '%.2f')
"""
from __future__ import annotations

import streamlit as st

from views.language import t

# label key of a number -> (label key of its one-line meaning, display format)
NUMBERS: dict[str, tuple[str | None, str | None]] = {
    "severity": ("help_severity", "%.2f"),
    "hhi": ("help_hhi", "%.2f"),
    "top_share": ("help_top_share", "percent"),
    "support_rate": ("help_support_rate", "percent"),
    "size_share": ("help_size_share", "percent"),
    "size_on_basis": ("help_size", "localized"),
    "pagerank_integrator": ("help_integrator", "%.3f"),
    "pagerank_supplier": ("help_supplier_centrality", "%.3f"),
    "local_partners": ("help_local_partners", "%d"),
    "segments_covered": ("help_segments_covered", "%.1f"),
    "tag_score": ("help_tag_score", "%.2f"),
    "downstream_segments": ("help_downstream", None),
    "local_customers": ("help_local_customers", None),
    "local_firms": (None, None),
    "other_firms": (None, None),
    "leaders_supplied": (None, None),
    "sole_supplier_of": (None, None),
    "leader_imports": (None, None),
    "cut_off_count": (None, None),
    "failed_count": (None, None),
    "round": (None, None),
    "revenue": (None, "localized"),
    "amount": (None, "localized"),
    "investment": (None, "%.1f"),
}
# what "score" means in each table that has one, and its rounding (leader ranks tie at 6 decimals: 3 are shown)
SCORES = {"weak": ("help_weak_score", "%.2f"), "target": ("help_target_score", "%.2f"),
          "leader": ("help_leader_score", "%.3f"), "supplier": ("help_supplier_score", "%.2f")}
FLAGS = {"key_tech": "help_key_tech", "local": None}   # true/false columns, drawn as ticks
# widths in pixels by label key; a column not named is a number (NUMBER_WIDTH) or left to Streamlit
WIDTHS = {"chain": 100, "segment": 124, "firm_name": 150, "project_name": 150, "city": 64, "province": 64,
          "tags": 104, "why": 84, "rank": 48, "firm_id": 72, "segments": 128, "local_or_not": 72, "target_source": 76,
          "size_basis_col": 76, "effect": 120, "new_gaps": 128, "cascade_gaps": 128, "provenance_col": 104,
          "project_id": 64, "project_stage": 72, "revenue": 88, "amount": 80, "size_on_basis": 80, "chains_in": 104}
NUMBER_WIDTH = 52


def grid_config(columns: dict[str, str], *, score: str | None = None) -> dict:
    """``column_config`` for a grid of ``columns`` (name -> label key, as views.widgets.localise): numbers rounded
    with their one-line meaning as help, flags as ticks, widths that fit 1024 px; ``score`` says what the "score"
    column is ("weak", "target", "leader", "supplier").

    >>> grid_config({"hhi": "hhi"})["HHI"]["type_config"]  # doctest: +SKIP
    {'type': 'number', 'format': '%.2f'}
    """
    config = {}
    for key in columns.values():
        label = t(key)
        if key in FLAGS:
            config[label] = st.column_config.CheckboxColumn(label, help=t(FLAGS[key]) if FLAGS[key] else None,
                                                            width=NUMBER_WIDTH)
        elif key == "score" or key in NUMBERS:
            help_key, fmt = SCORES[score] if key == "score" and score else NUMBERS.get(key, (None, "%.2f"))
            config[label] = st.column_config.NumberColumn(label, help=t(help_key) if help_key else None, format=fmt,
                                                          width=WIDTHS.get(key, NUMBER_WIDTH))
        elif key in WIDTHS:
            config[label] = st.column_config.Column(label, width=WIDTHS[key])
    return config
