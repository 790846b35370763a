"""A deterministic generator of a synthetic province: firms, segments, supply, projects.

Everything it makes is fictional (firm names are random syllables) except the places and
the chain set it is given. The same ``seed`` and ``scale`` always give the same dataset.

>>> from graph.io import read_chain_set
>>> ds = synthesize(read_chain_set("chains/shandong-2022"), seed=1, scale=0.05)  # doctest: +SKIP
>>> len(ds.firms)                                                                 # doctest: +SKIP
200
"""
from __future__ import annotations

import bisect
import itertools
import math
import random

from stdnum.cn import uscc as uscc_std

from graph.model import (
    Chain,
    Dataset,
    DatasetMeta,
    Firm,
    FirmSegment,
    Project,
    Supply,
)

# Shandong's 16 cities: GB/T 2260 code and a weight for where firms sit (rough economic size).
HOME_CITIES = {
    "青岛市": ("370200", 16), "济南市": ("370100", 14), "烟台市": ("370600", 11), "潍坊市": ("370700", 10),
    "淄博市": ("370300", 7), "临沂市": ("371300", 7), "济宁市": ("370800", 6), "东营市": ("370500", 5),
    "威海市": ("371000", 4), "泰安市": ("370900", 4), "德州市": ("371400", 4), "滨州市": ("371600", 4),
    "聊城市": ("371500", 3), "菏泽市": ("371700", 3), "日照市": ("371100", 2), "枣庄市": ("370400", 2),
}
# other provinces: (administrative code, a main city, weight)
OTHER_PROVINCES = {
    "江苏省": ("320000", "苏州市", 14), "浙江省": ("330000", "宁波市", 12), "广东省": ("440000", "深圳市", 14),
    "上海市": ("310000", "上海市", 9), "北京市": ("110000", "北京市", 7), "天津市": ("120000", "天津市", 4),
    "河北省": ("130000", "石家庄市", 4), "河南省": ("410000", "郑州市", 5), "安徽省": ("340000", "合肥市", 5),
    "湖北省": ("420000", "武汉市", 5), "湖南省": ("430000", "长沙市", 4), "四川省": ("510000", "成都市", 4),
    "重庆市": ("500000", "重庆市", 3), "福建省": ("350000", "厦门市", 4), "辽宁省": ("210000", "沈阳市", 3),
    "陕西省": ("610000", "西安市", 3),
}
# Demo flavour taken from public reporting (DOMAIN.md): strong yarn, weaker dyeing and apparel, etc.
SEGMENT_BIAS = {
    ("textiles_apparel", "spinning"): 3.0, ("textiles_apparel", "dyeing_printing"): 0.35,
    ("textiles_apparel", "apparel"): 0.5, ("high_end_chemicals", "refining"): 2.5,
    ("high_end_chemicals", "tires"): 2.5, ("agri_machinery", "tractors"): 2.0,
    ("construction_machinery", "loaders"): 2.0, ("light_industry", "home_appliances"): 2.0,
}
STAGE_WEIGHT = {"upstream": 1.0, "midstream": 1.3, "downstream": 1.0, "services": 0.6}
SYLLABLES = ("瀚", "澜", "峻", "岳", "曜", "琨", "璟", "朔", "璞", "骁", "禾", "砚", "霁", "岚", "翊", "珩", "晟",
             "栎", "沐", "湛", "煦", "嵘", "铎", "钧", "韬", "昶", "芮", "澄", "岱", "泓", "熠", "隽")
INDUSTRY_WORDS = {"upstream": ("材料", "原料", "新材", "精工"), "midstream": ("科技", "机电", "装备", "电子"),
                  "downstream": ("智能", "制造", "集团", "实业"), "services": ("服务", "信息", "技术", "供应链")}
PROJECT_KINDS = ("新建", "扩建", "技改", "产业化")
PROJECT_STAGE_WEIGHTS = {"谋划": 25, "储备": 25, "开工": 30, "竣工": 20}


class _Picker:
    """Weighted choice from a fixed list in O(log n) per draw."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _credit_code(rng: random.Random, area: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + area + "".join(rng.choice(alphabet[:10]) for _ in range(8)) + rng.choice(alphabet)
    return body + uscc_std.calc_check_digit(body)


def _plan_thin_segments(chains: list[Chain], rng: random.Random) -> dict[tuple[str, str], int]:
    """Key-technology segments the province lacks (0 local firms) or holds by one firm (1)."""
    plan = {}
    for chain in chains:
        key_tech = [s.id for s in chain.segments if s.key_tech]
        rng.shuffle(key_tech)
        thin = key_tech[: max(min(2, len(key_tech)), (len(key_tech) + 1) // 2)]
        for i, seg_id in enumerate(thin):
            plan[(chain.id, seg_id)] = i % 2  # alternate gap / single firm
    return plan


def synthesize(chains: list[Chain], *, seed: int = 2022, scale: float = 1.0, region: str = "山东省",
               chain_set: str = "shandong-2022", supply_per_link: float = 3.2) -> Dataset:
    """Generate a synthetic province over ``chains``.

    ``scale=1`` gives about 2,500 local and 1,500 non-local firms, roughly 20,000 supply
    edges and 300 projects; supply edges grow linearly with ``scale``.
    """
    rng = random.Random(seed)
    n_local, n_other = round(2500 * scale), round(1500 * scale)
    segments = [(c.id, s) for c in chains for s in c.segments]
    thin = _plan_thin_segments(chains, rng)
    seg_weight = {(c, s.id): STAGE_WEIGHT[s.stage] * SEGMENT_BIAS.get((c, s.id), 1.0) * rng.lognormvariate(0, 0.5)
                  for c, s in segments}
    seg_info = {(c, s.id): s for c, s in segments}
    chain_by_id = {c.id: c for c in chains}

    used_names: set[str] = set()

    def firm_name(stage: str, city: str) -> str:
        for _ in range(100):
            name = (city.rstrip("市省") + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
                    + rng.choice(INDUSTRY_WORDS[stage]) + "有限公司")
            if name not in used_names:
                used_names.add(name)
                return name
        return f"{city.rstrip('市省')}{len(used_names)}号{rng.choice(INDUSTRY_WORDS[stage])}有限公司"

    firms: list[dict] = []
    members: dict[tuple[str, str], list[int]] = {pair: [] for pair in seg_weight}

    def add_firm(local: bool, pair: tuple[str, str]) -> int:
        stage = seg_info[pair].stage
        if local:
            city = city_picker.pick(rng)
            province, area = region, HOME_CITIES[city][0]
            revenue = rng.lognormvariate(8.3, 1.35)
        else:
            province = province_picker.pick(rng)
            area, city, _ = OTHER_PROVINCES[province]
            revenue = rng.lognormvariate(9.0, 1.5)
        index = len(firms)
        firms.append({"local": local, "province": province, "city": city, "area": area, "stage": stage,
                      "revenue": round(revenue, 1), "segments": [pair], "tags": set()})
        members[pair].append(index)
        return index

    city_picker = _Picker(HOME_CITIES, [w for _, w in HOME_CITIES.values()])
    province_picker = _Picker(OTHER_PROVINCES, [w for *_, w in OTHER_PROVINCES.values()])
    open_pairs = [p for p in seg_weight if p not in thin]
    local_picker = _Picker(open_pairs, [seg_weight[p] for p in open_pairs])
    for pair, count in thin.items():
        for _ in range(count):
            add_firm(True, pair)
    for _ in range(n_local - len(firms)):  # every firm so far is local
        add_firm(True, local_picker.pick(rng))
    # non-local firms: at least two in every segment, more where the province is thin
    for pair in seg_weight:
        for _ in range(2 + (4 if pair in thin else 0)):
            add_firm(False, pair)
    other_picker = _Picker(list(seg_weight), list(seg_weight.values()))
    while len(firms) < n_local + n_other:
        add_firm(False, other_picker.pick(rng))

    # a second segment for some firms: a neighbour in the same chain
    for index, firm in enumerate(firms):
        if rng.random() < 0.18:
            chain_id, seg_id = firm["segments"][0]
            chain = chain_by_id[chain_id]
            neighbours = [b for a, b in chain.links if a == seg_id] + [a for a, b in chain.links if b == seg_id]
            neighbours = [n for n in neighbours if (chain_id, n) not in thin]
            if neighbours:
                pair = (chain_id, rng.choice(neighbours))
                firm["segments"].append(pair)
                members[pair].append(index)

    # integrators: the largest firms of each chain's final segments, most of them chain leaders
    for chain in chains:
        sources = {a for a, _ in chain.links}
        finals = [s.id for s in chain.segments if s.id not in sources and (chain.id, s.id) not in thin]
        locals_in_finals = [i for s in finals for i in members[(chain.id, s)] if firms[i]["local"]]
        rng.shuffle(locals_in_finals)
        for rank, index in enumerate(locals_in_finals[: 3 + rng.randint(0, 3)]):
            firms[index]["revenue"] = round(firms[index]["revenue"] * rng.uniform(40, 150) + 5e5, 1)
            firms[index]["tags"].update({"上市"} if rank % 2 == 0 else set())
            if rank < 4:
                firms[index]["tags"].add("链主")
        # and a few large midstream firms lead their part of the chain
        mids = [i for s in chain.segments if s.stage == "midstream" and (chain.id, s.id) not in thin
                for i in members[(chain.id, s.id)] if firms[i]["local"]]
        rng.shuffle(mids)
        for index in mids[:3]:
            firms[index]["revenue"] = round(firms[index]["revenue"] * rng.uniform(10, 40) + 1e5, 1)
            firms[index]["tags"].add("链主")

    # tags by size: SMEs get 专精特新, the largest some 单项冠军 and 上市
    local_revenues = sorted(f["revenue"] for f in firms if f["local"])
    p80 = local_revenues[int(0.8 * len(local_revenues))] if local_revenues else 0
    for firm in firms:
        r = rng.random()
        if firm["local"] and firm["revenue"] <= p80 and r < 0.14:
            firm["tags"].add("专精特新")
            if rng.random() < 0.15:
                firm["tags"].add("小巨人")
        if firm["revenue"] > p80 and rng.random() < 0.03:
            firm["tags"].add("单项冠军")
        if firm["revenue"] > p80 and rng.random() < 0.08:
            firm["tags"].add("上市")
        if rng.random() < 0.35:
            firm["tags"].add("高新技术企业")
        if rng.random() < 0.02:
            firm["tags"].add("瞪羚")

    # supply edges follow the chain links, preferring large suppliers and local ones
    supply: dict[tuple[int, int, str], float] = {}
    for chain in chains:
        for a, b in chain.links:
            candidates = members[(chain.id, a)]
            local_sup = [i for i in candidates if firms[i]["local"]]
            other_sup = [i for i in candidates if not firms[i]["local"]]
            local_pick = _Picker(local_sup, [math.sqrt(firms[i]["revenue"]) for i in local_sup]) if local_sup else None
            other_pick = _Picker(other_sup, [math.sqrt(firms[i]["revenue"]) for i in other_sup]) if other_sup else None
            for customer in members[(chain.id, b)]:
                c = firms[customer]
                if not c["local"] and rng.random() > 0.3:
                    continue  # the province's data records mainly edges that touch it
                size = (c["revenue"] / 5000) ** 0.3
                k = max(1, round(rng.expovariate(1 / (supply_per_link * size))))
                for _ in range(k):
                    use_local = local_pick is not None and (not c["local"] or other_pick is None or rng.random() < 0.72)
                    if not use_local and (other_pick is None or not c["local"]):
                        continue
                    supplier = (local_pick if use_local else other_pick).pick(rng)
                    if supplier != customer:
                        supply[(supplier, customer, chain.id)] = round(
                            min(firms[supplier]["revenue"], c["revenue"]) * rng.uniform(0.01, 0.2), 1)

    # identities
    ids = [f"F{i + 1:06d}" for i in range(len(firms))]
    firm_records = []
    for index, firm in enumerate(firms):
        revenue = firm["revenue"]
        firm_records.append(Firm(
            firm_id=ids[index], name=firm_name(firm["stage"], firm["city"]), province=firm["province"],
            city=firm["city"], uscc=_credit_code(rng, firm["area"]) if rng.random() < 0.9 else None,
            revenue=revenue, employees=max(5, round(revenue / rng.uniform(60, 160))),
            founded=rng.randint(1985, 2023), tags=tuple(t for t in ("链主", "专精特新", "小巨人", "单项冠军", "上市",
                                                                    "高新技术企业", "瞪羚") if t in firm["tags"])))
    firm_segments = []
    for index, firm in enumerate(firms):
        shares = [1.0] if len(firm["segments"]) == 1 else [0.8, 0.2]
        for pair, share in zip(firm["segments"], shares, strict=True):
            firm_segments.append(FirmSegment(ids[index], pair[0], pair[1], share))
    supply_records = [Supply(ids[s], ids[c], chain_id, amount) for (s, c, chain_id), amount in supply.items()]

    projects = []
    thin_pairs = sorted(thin)
    city_names = list(HOME_CITIES)
    stage_picker = _Picker(PROJECT_STAGE_WEIGHTS, PROJECT_STAGE_WEIGHTS.values())
    for number in range(round(300 * scale)):
        pair = rng.choice(thin_pairs) if thin_pairs and rng.random() < 0.3 else local_picker.pick(rng)
        stage = stage_picker.pick(rng)
        city = city_picker.pick(rng) if rng.random() < 0.9 else rng.choice(city_names)
        in_segment = members[pair]
        owner = ids[rng.choice(in_segment)] if in_segment and rng.random() < 0.6 else None
        seg = seg_info[pair]
        projects.append(Project(
            project_id=f"P{number + 1:05d}", name=f"{city.rstrip('市')}{seg.name}{rng.choice(PROJECT_KINDS)}项目",
            chain_id=pair[0], segment_id=pair[1], city=city, stage=stage,
            investment=round(rng.lognormvariate(1.6, 1.0), 2), firm_id=owner))

    meta = DatasetMeta(
        name=f"合成演示数据 Synthetic demo (seed={seed}, scale={scale:g})", region=region, chain_set=chain_set,
        year=2024, synthetic=True, source="graph/synth.py (python -m graph synth)",
        description=("合成数据：企业名称、规模、供应关系与项目均为虚构，仅地名、产业链与规划目标为真实信息。"
                     "Synthetic data: firm names, sizes, supply and projects are fictional; only places, "
                     "chains and the plan's targets are real."))
    return Dataset(meta, chains, firm_records, firm_segments, supply_records, projects)
