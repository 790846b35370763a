"""One year of a synthetic province, built in named steps on a mutable :class:`Province`.

Steps, in order: ``new_province`` (segment weights, thin key-technology segments) → ``place_firms`` →
``add_second_segments`` → ``crown_leaders`` → ``tag_by_size`` → ``wire_supply`` → ``name_firms`` →
``plan_projects``; ``to_dataset`` turns the state into records. graph.synth.story moves a province on
by a year with the same state.

>>> from graph.io import read_chain_set
>>> p = new_province(read_chain_set("chains/shandong-2022"), seed=1)
>>> p.thin[("new_gen_it", "eda_ip")], p.thin[("textiles_apparel", "high_perf_fibers")]
(0, 1)
"""
from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field

from stdnum.cn import uscc as uscc_std

from graph.io import SHANDONG_SYNTH, SynthRegion, read_synth_region
from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Project, Segment, Supply, records_table

SHANDONG = read_synth_region(SHANDONG_SYNTH)   # the demo's region: cities, other provinces, planted chain facts
STAGE_WEIGHT = {"upstream": 1.0, "midstream": 1.3, "downstream": 1.0, "services": 0.6}
SYLLABLES = ("瀚", "澜", "峻", "岳", "曜", "琨", "璟", "朔", "璞", "骁", "禾", "砚", "霁", "岚", "翊", "珩", "晟",
             "栎", "沐", "湛", "煦", "嵘", "铎", "钧", "韬", "昶", "芮", "澄", "岱", "泓", "熠", "隽")
INDUSTRY_WORDS = {"upstream": ("材料", "原料", "新材", "精工"), "midstream": ("科技", "机电", "装备", "电子"),
                  "downstream": ("智能", "制造", "集团", "实业"), "services": ("服务", "信息", "技术", "供应链")}
TAG_ORDER = ("链主", "专精特新", "小巨人", "单项冠军", "上市", "高新技术企业", "瞪羚")
PROJECT_KINDS = ("新建", "扩建", "技改", "产业化")
PROJECT_STAGE_WEIGHTS = {"谋划": 25, "储备": 25, "开工": 30, "竣工": 20}
LOCAL_SUPPLY_PREFERENCE = 0.72   # a local customer buys from a local supplier this often when it can


class Picker:
    """Weighted choice from a fixed list in O(log n) per draw."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass
class Province:
    """The generator's working state. Firms are dicts indexed by position; ``gone`` firms left the data."""

    chains: list[Chain]
    rng: random.Random
    home: SynthRegion
    supply_per_link: float
    seg_info: dict[tuple[str, str], Segment]
    seg_weight: dict[tuple[str, str], float]
    thin: dict[tuple[str, str], int]
    firms: list[dict] = field(default_factory=list)
    members: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    supply: dict[tuple[int, int, str], float] = field(default_factory=dict)
    projects: list[dict] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    used_codes: set[str] = field(default_factory=set)
    next_id: int = 1

    def __post_init__(self):
        self.members = {pair: [] for pair in self.seg_weight}
        self.city_picker = Picker(self.home.home_cities, [w for _, w in self.home.home_cities.values()])
        self.province_picker = Picker(self.home.other_provinces, [w for *_, w in self.home.other_provinces.values()])
        open_pairs = [p for p in self.seg_weight if p not in self.thin]
        self.open_picker = Picker(open_pairs, [self.seg_weight[p] for p in open_pairs])
        self.chain_by_id = {c.id: c for c in self.chains}

    @property
    def region(self) -> str:
        return self.home.region

    def local_members(self, pair) -> list[int]:
        return [i for i in self.members[pair] if self.firms[i]["local"]]


def thin_segments(chains: list[Chain], rng: random.Random, bottlenecks: dict[str, dict[str, int]]
                  ) -> dict[tuple[str, str], int]:
    """(chain, segment) -> local firms to place: ``bottlenecks`` where it knows the chain, else about half
    of the chain's key-technology segments, alternately a gap (0) and a single firm (1)."""
    plan = {}
    for chain in chains:
        ids = set(chain.segment_ids())
        if chain.id in bottlenecks:
            plan.update({(chain.id, s): n for s, n in bottlenecks[chain.id].items() if s in ids})
            continue
        key_tech = [s.id for s in chain.segments if s.key_tech]
        rng.shuffle(key_tech)
        for i, seg_id in enumerate(key_tech[: max(min(2, len(key_tech)), (len(key_tech) + 1) // 2)]):
            plan[(chain.id, seg_id)] = i % 2
    return plan


def new_province(chains: list[Chain], *, seed: int, home: SynthRegion = SHANDONG,
                 supply_per_link: float = 3.2) -> Province:
    """An empty province in ``home``: segment weights (stage, the region's flavour, noise) and the thin-segment
    plan."""
    rng = random.Random(seed)
    segments = [(c.id, s) for c in chains for s in c.segments]
    thin = thin_segments(chains, rng, home.bottlenecks)
    weight = {(c, s.id): STAGE_WEIGHT[s.stage] * home.segment_bias.get((c, s.id), 1.0) * rng.lognormvariate(0, 0.5)
              for c, s in segments}
    return Province(chains, rng, home, supply_per_link, {(c, s.id): s for c, s in segments}, weight, thin)


def add_firm(p: Province, local: bool, pair: tuple[str, str], *, revenue: float | None = None) -> int:
    """Append a firm in one segment (city, province and revenue drawn unless given); its index."""
    rng = p.rng
    if local:
        city = p.city_picker.pick(rng)
        province, area = p.region, p.home.home_cities[city][0]
        drawn = rng.lognormvariate(8.3, 1.35)
    else:
        province = p.province_picker.pick(rng)
        area, city, _ = p.home.other_provinces[province]
        drawn = rng.lognormvariate(9.0, 1.5)
    index = len(p.firms)
    p.firms.append({"local": local, "province": province, "city": city, "area": area,
                    "stage": p.seg_info[pair].stage, "revenue": round(revenue or drawn, 1), "segments": [pair],
                    "tags": set(), "gone": False})
    p.members[pair].append(index)
    return index


def place_firms(p: Province, n_local: int, n_other: int) -> None:
    """Thin segments get their planned local firms, the rest by weight; every segment gets non-local
    firms to attract (more where the province is thin)."""
    for pair, count in p.thin.items():
        for _ in range(count):
            add_firm(p, True, pair)
    for _ in range(n_local - len(p.firms)):  # every firm so far is local
        add_firm(p, True, p.open_picker.pick(p.rng))
    for pair in p.seg_weight:
        for _ in range(2 + (4 if pair in p.thin else 0)):
            add_firm(p, False, pair)
    other_picker = Picker(list(p.seg_weight), list(p.seg_weight.values()))
    while len(p.firms) < n_local + n_other:
        add_firm(p, False, other_picker.pick(p.rng))


def add_second_segments(p: Province, share: float = 0.18) -> None:
    """About ``share`` of firms also work in a neighbouring segment of the same chain (never a thin one)."""
    for index, firm in enumerate(p.firms):
        if p.rng.random() < share:
            chain_id, seg_id = firm["segments"][0]
            chain = p.chain_by_id[chain_id]
            neighbours = [b for a, b in chain.links if a == seg_id] + [a for a, b in chain.links if b == seg_id]
            neighbours = [n for n in neighbours if (chain_id, n) not in p.thin]
            if neighbours:
                pair = (chain_id, p.rng.choice(neighbours))
                firm["segments"].append(pair)
                p.members[pair].append(index)


def crown_leaders(p: Province) -> None:
    """The largest firms of each chain's final segments (integrators, mostly 链主) and a few large
    midstream 链主."""
    rng = p.rng
    for chain in p.chains:
        sources = {a for a, _ in chain.links}
        finals = [s.id for s in chain.segments if s.id not in sources and (chain.id, s.id) not in p.thin]
        locals_in_finals = [i for s in finals for i in p.local_members((chain.id, s))]
        rng.shuffle(locals_in_finals)
        for rank, index in enumerate(locals_in_finals[: 3 + rng.randint(0, 3)]):
            firm = p.firms[index]
            firm["revenue"] = round(firm["revenue"] * rng.uniform(40, 150) + 5e5, 1)
            if rank % 2 == 0:
                firm["tags"].add("上市")
            if rank < 4:
                firm["tags"].add("链主")
        mids = [i for s in chain.segments if s.stage == "midstream" and (chain.id, s.id) not in p.thin
                for i in p.local_members((chain.id, s.id))]
        rng.shuffle(mids)
        for index in mids[:3]:
            p.firms[index]["revenue"] = round(p.firms[index]["revenue"] * rng.uniform(10, 40) + 1e5, 1)
            p.firms[index]["tags"].add("链主")


def tag_by_size(p: Province) -> None:
    """SMEs get 专精特新 (some 小巨人), the largest some 单项冠军 and 上市; 高新技术企业 and 瞪羚 at random."""
    rng = p.rng
    local_revenues = sorted(f["revenue"] for f in p.firms if f["local"])
    p80 = local_revenues[int(0.8 * len(local_revenues))] if local_revenues else 0
    for firm in p.firms:
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


def _amount(p: Province, supplier: int, customer: int) -> float:
    return round(min(p.firms[supplier]["revenue"], p.firms[customer]["revenue"]) * p.rng.uniform(0.01, 0.2), 1)


def wire_supply(p: Province) -> None:
    """Supply edges follow the chain links, preferring large suppliers and local ones; the data record
    mainly edges that touch the province."""
    rng = p.rng
    for chain in p.chains:
        for a, b in chain.links:
            candidates = p.members[(chain.id, a)]
            local_sup = [i for i in candidates if p.firms[i]["local"]]
            other_sup = [i for i in candidates if not p.firms[i]["local"]]
            local_pick = Picker(local_sup, [math.sqrt(p.firms[i]["revenue"]) for i in local_sup]) if local_sup else None
            other_pick = Picker(other_sup, [math.sqrt(p.firms[i]["revenue"]) for i in other_sup]) if other_sup else None
            for customer in p.members[(chain.id, b)]:
                c = p.firms[customer]
                if not c["local"] and rng.random() > 0.3:
                    continue
                size = (c["revenue"] / 5000) ** 0.3
                for _ in range(max(1, round(rng.expovariate(1 / (p.supply_per_link * size))))):
                    use_local = local_pick is not None and (not c["local"] or other_pick is None
                                                            or rng.random() < LOCAL_SUPPLY_PREFERENCE)
                    if not use_local and (other_pick is None or not c["local"]):
                        continue
                    supplier = (local_pick if use_local else other_pick).pick(rng)
                    if supplier != customer:
                        p.supply[(supplier, customer, chain.id)] = _amount(p, supplier, customer)


def credit_code(rng: random.Random, area: str, used: set[str]) -> str:
    """A well-formed 统一社会信用代码 (GB 32100 check digit) for a firm registered in ``area``, not in ``used``
    (drawn again on a clash: a province of 200k firms would otherwise repeat some)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    while True:
        body = "91" + area + "".join(rng.choice(alphabet[:10]) for _ in range(8)) + rng.choice(alphabet)
        code = body + uscc_std.calc_check_digit(body)
        if code not in used:
            used.add(code)
            return code


def firm_name(p: Province, stage: str, city: str) -> str:
    """A fictional, unused firm name: city + two syllables + an industry word + 有限公司."""
    rng = p.rng
    for _ in range(100):
        name = (city.rstrip("市省") + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
                + rng.choice(INDUSTRY_WORDS[stage]) + "有限公司")
        if name not in p.used_names:
            p.used_names.add(name)
            return name
    return f"{city.rstrip('市省')}{len(p.used_names)}号{rng.choice(INDUSTRY_WORDS[stage])}有限公司"


def name_firms(p: Province, founded_until: int = 2023) -> None:
    """Give every firm without one an id, a name, a credit code (90 %), employees and a founding year."""
    rng = p.rng
    for firm in p.firms:
        if "firm_id" in firm:
            continue
        firm["firm_id"] = f"F{p.next_id:06d}"
        p.next_id += 1
        firm["name"] = firm_name(p, firm["stage"], firm["city"])
        firm["uscc"] = credit_code(rng, firm["area"], p.used_codes) if rng.random() < 0.9 else None
        firm["employees"] = max(5, round(firm["revenue"] / rng.uniform(60, 160)))
        firm["founded"] = rng.randint(1985, founded_until)


def add_project(p: Province, pair: tuple[str, str], stage: str, owner: int | None, *, city: str | None = None) -> dict:
    """Append a project in a segment (name from city, segment and kind); it gets the next project id."""
    rng = p.rng
    city = city or p.city_picker.pick(rng)
    project = {"project_id": f"P{len(p.projects) + 1:05d}", "chain_id": pair[0], "segment_id": pair[1],
               "name": f"{city.rstrip('市')}{p.seg_info[pair].name}{rng.choice(PROJECT_KINDS)}项目", "city": city,
               "stage": stage, "investment": round(rng.lognormvariate(1.6, 1.0), 2), "owner": owner}
    p.projects.append(project)
    return project


def plan_projects(p: Province, count: int) -> None:
    """``count`` projects: 30 % in thin segments, the rest by segment weight; 60 % owned by a firm of
    their segment."""
    rng = p.rng
    thin_pairs = sorted(p.thin)
    city_names = list(p.home.home_cities)
    stage_picker = Picker(PROJECT_STAGE_WEIGHTS, PROJECT_STAGE_WEIGHTS.values())
    for _ in range(count):
        pair = rng.choice(thin_pairs) if thin_pairs and rng.random() < 0.3 else p.open_picker.pick(rng)
        stage = stage_picker.pick(rng)
        city = p.city_picker.pick(rng) if rng.random() < 0.9 else rng.choice(city_names)
        in_segment = p.members[pair]
        owner = rng.choice(in_segment) if in_segment and rng.random() < 0.6 else None
        add_project(p, pair, stage, owner, city=city)


def to_dataset(p: Province, meta: DatasetMeta) -> Dataset:
    """The province's present firms, memberships, supply and projects as validated-shape records."""
    present = [f for f in p.firms if not f["gone"]]
    firms = [Firm(firm_id=f["firm_id"], name=f["name"], province=f["province"], city=f["city"], uscc=f["uscc"],
                  revenue=f["revenue"], employees=f["employees"], founded=f["founded"],
                  tags=tuple(t for t in TAG_ORDER if t in f["tags"])) for f in present]
    firm_segments = []
    for f in present:
        shares = [1.0] if len(f["segments"]) == 1 else [0.8, 0.2]
        firm_segments += [FirmSegment(f["firm_id"], c, s, share)
                          for (c, s), share in zip(f["segments"], shares, strict=True)]
    ids = [f["firm_id"] for f in p.firms]
    supply = [Supply(ids[s], ids[c], chain_id, amount) for (s, c, chain_id), amount in p.supply.items()]
    projects = [Project(project_id=x["project_id"], name=x["name"], chain_id=x["chain_id"],
                        segment_id=x["segment_id"], city=x["city"], stage=x["stage"], investment=x["investment"],
                        firm_id=None if x["owner"] is None or p.firms[x["owner"]]["gone"] else ids[x["owner"]])
                for x in p.projects]
    return Dataset(meta, list(p.chains), records_table(firms, "firms"), records_table(firm_segments, "firm_segments"),
                   records_table(supply, "supply"), records_table(projects, "projects"))


def build_province(chains: list[Chain], *, seed: int = 2022, scale: float = 1.0, home: SynthRegion = SHANDONG,
                   supply_per_link: float = 3.2) -> Province:
    """The first year's state: ``scale=1`` gives about 2,500 local and 1,500 non-local firms, roughly
    20,000 supply edges and 300 projects; supply edges grow linearly with ``scale``."""
    p = new_province(chains, seed=seed, home=home, supply_per_link=supply_per_link)
    place_firms(p, round(2500 * scale), round(1500 * scale))
    add_second_segments(p)
    crown_leaders(p)
    tag_by_size(p)
    wire_supply(p)
    name_firms(p)
    plan_projects(p, round(300 * scale))
    return p
