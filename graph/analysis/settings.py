"""Every threshold and weight the analyses use, in one place, with its default and meaning.

>>> Settings().min_local_firms
3
>>> Settings(min_local_firms=5).min_local_firms
5
>>> Settings(leader_weights={"revenue_share": 1.0}).leader_weights["revenue_share"]
1.0

Mappings are read-only (``types.MappingProxyType``): no two Settings share a dict one could change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

MAPPING_FIELDS = ("weak_weights", "leader_weights", "tag_values", "risk_points", "risk_role_weights")


def _frozen(**values) -> field:
    return field(default_factory=lambda: MappingProxyType(dict(values)))


@dataclass(frozen=True)
class Settings:
    # --- gaps (缺链): severity = w_down·downstream share + w_key·key_tech + w_demand·local demand
    gap_weight_downstream: float = 0.4   # share of the chain's other segments downstream of the gap
    gap_weight_key_tech: float = 0.3     # the segment is a key technology (卡脖子)
    gap_weight_demand: float = 0.3       # local firms in the directly fed segments, saturating at:
    gap_demand_saturation: int = 20

    # --- weak links (弱链): any of these flags a segment that has local firms
    min_local_firms: int = 3             # fewer local firms than this is "few"
    hhi_threshold: float = 0.5           # HHI of local revenue at or above this is "concentrated"
    top_share_threshold: float = 0.7     # or the largest local firm holds at least this share
    spof_min_customers: int = 2          # one local supplier serving at least this many local customers
    low_support_rate: float = 0.3        # 本地配套率 below this is "low" ...
    min_edges_for_rate: int = 5          # ... when at least this many supply edges were observed
    # how much each flag counts (its component in [0, 1] is multiplied by this before the noisy-OR)
    # weak-link score = 1 − Π(1 − w·c) over the flags and, for a flagged segment, key technology (c = 1) and local
    # demand (c = d / (d + gap_demand_saturation) for d local firms in the segments it feeds); every w < 1, so
    # scores separate segments instead of saturating at 1
    weak_weights: MappingProxyType = _frozen(few=0.8, single_supplier=0.7, low_support=0.6, concentrated=0.5,
                                             key_tech=0.3, demand=0.3)
    min_firms_concentration: int = 2     # concentration is only judged with at least this many local firms
    # single local supplier: component = base + (1 − base)·customers / (customers + saturation)
    spof_base: float = 0.5
    spof_saturation: int = 10

    # --- strengths (锻长板)
    strength_min_lq: float = 1.0         # location quotient (RCA) on revenue or on firm counts
    strength_min_local_firms: int = 3

    # --- leaders (链主): weights of the normalised components (sum to 1)
    leader_weights: MappingProxyType = _frozen(
        revenue_share=0.35, pagerank_integrator=0.2, pagerank_supplier=0.1,
        local_partners=0.2, segments_covered=0.05, tag_score=0.1)
    # tag values for leaders and targets; 链主 itself is left out so agreement with it is a real check
    tag_values: MappingProxyType = field(default_factory=lambda: MappingProxyType(
        {"上市": 0.5, "单项冠军": 0.5, "小巨人": 0.3, "专精特新": 0.2, "瞪羚": 0.2, "高新技术企业": 0.1}))
    pagerank_alpha: float = 0.85
    pagerank_tol: float = 1e-10          # stop when the L1 change is below n·tol (as networkx)
    pagerank_max_iter: int = 500
    leaders_top: int = 20                # leaders reported per chain in JSON and reports
    leaders_explained: int = 2000        # ranks that carry segments, reasons and a components dict; every rank
                                         # keeps each component in its own column (a province has 10^5 local firms)
    leader_reason_min_component: float = 0.5   # a PageRank component is named as a reason from this normalised value

    # --- key supporting firms (重点配套)
    supporting_top: int = 20
    supporting_weight_customers: float = 0.6
    supporting_weight_leaders: float = 0.4

    # --- attraction targets (招商): weights of normalised components
    target_weight_local_customers: float = 0.5
    target_weight_size: float = 0.3
    target_weight_tags: float = 0.2
    targets_per_segment: int = 10
    # the default reference pool fills targets when fewer than this share of the firms on chains are non-local
    pool_outside_share: float = 0.1

    # --- extension (延链)
    extension_top: int = 20
    specialised_min_lq: float = 1.0      # M_rs = 1 (region specialised in segment) from this LQ, for relatedness

    # --- reports
    report_top: int = 20                 # rows per chain in the workbook's ranked sheets

    # --- SME matching (融链固链)
    sme_tags: tuple = ("专精特新", "小巨人")

    # --- 外迁预警 risk signals between two years (graph/analysis/risk.py; docs/analyses.md#risk)
    risk_revenue_fall: float = 0.2          # revenue down by at least this share year on year
    risk_revenue_fall_severe: float = 0.4   # ... severe from this share (adds risk_points["severe"])
    risk_employees_fall: float = 0.2        # employees down by at least this share
    risk_employees_fall_severe: float = 0.4
    risk_partners_lost_min: int = 1         # local customers / suppliers lost in a chain: at least this many ...
    risk_partners_lost_share: float = 0.5   # ... and at least this share of the year before's
    risk_supply_shift: float = 0.25         # local share of a firm's suppliers falls by this much, outside ones grow
    # points per signal; a firm's score = sum of points × its role weight
    risk_points: MappingProxyType = _frozen(
        risk_gone=3.0, risk_moved_out=3.0, risk_moved_city=1.0, risk_revenue_fall=1.0, risk_employees_fall=1.0,
        risk_segments_left=2.0, risk_customers_lost=1.0, risk_suppliers_lost=1.0, risk_supply_outside=2.0,
        severe=1.0)
    # what the chain loses if the firm goes, by its role in the older year (the largest weight that applies)
    risk_role_weights: MappingProxyType = _frozen(leader=2.0, key_supplier=1.5, sole_local=1.5)
    risk_leader_top: int = 5                # a 链主: leader rank at most this (or tagged 链主)
    risk_key_supplier_top: int = 10         # a key supporting firm: 重点配套 rank at most this
    risk_grade_warn: float = 2.0            # 警示 from this score
    risk_grade_retain: float = 4.0          # 挽留 from this score, for a firm with a role (else at most 警示)


    def __post_init__(self):
        for name in MAPPING_FIELDS:
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))


DEFAULT = Settings()
