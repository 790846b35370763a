"""A deterministic generator of a synthetic province: firms, segments, supply, projects — one year, or
several years that tell a story (graph.synth.story).

Everything it makes is fictional (firm names are random syllables) except the chain set and the region it is given
(default :data:`SHANDONG`, read from chains/shandong_synth.yaml: its cities, the other provinces, the chains'
bottlenecks). Each year comes with a synthetic national benchmark (graph.synth.benchmark: the totals over all its
provinces), the reference strengths' location quotients are computed against. The same ``seed`` and ``scale``
always give the same data.

>>> from graph.io import read_chain_set
>>> chains = read_chain_set("chains/shandong-2022")
>>> ds = synthesize(chains, seed=1, scale=0.05)
>>> len(ds.firms), ds.meta.year
(613, 2023)
>>> years = synthesize_years(chains, seed=1, scale=0.05)
>>> sorted(years), years[2024].meta.name == years[2023].meta.name
([2023, 2024], True)
"""
from __future__ import annotations

from graph.io import SynthRegion
from graph.model import Chain, Dataset, DatasetMeta
from graph.synth.benchmark import with_benchmark
from graph.synth.province import SHANDONG, build_province, to_dataset
from graph.synth.story import RISK_STORY, STORY, advance_year

__all__ = ["SHANDONG", "synthesize", "synthesize_years"]

DESCRIPTION = ("合成数据：企业名称、规模、供应关系与项目均为虚构，仅地名、产业链与规划目标为真实信息。"
               "Synthetic data: firm names, sizes, supply and projects are fictional; only places, chains and "
               "the plan's targets are real.")
STORY_TEXT = (
    " 年度故事（相对上一年度）：工业软件、高端轴承（企业重新登记、信用代码不变）、POE/高端聚烯烃三个缺链由上一年度的"
    "外省招商对象落户补上；质子交换膜由本地新创企业补上；液压柱塞泵与电液比例阀弱链新增 3 家本地供应商；"
    "控制芯片/MCU 唯一的本地企业迁往广东，形成新缺链；约 2% 本地企业退出、3% 新设；约三分之一项目推进一个阶段。"
    "外迁预警：农机装备的一家重点配套企业（轴承与密封件）营收降四成、人员减三成，本地供应商全部换成省外供应商；"
    "高端装备的一家链主把数控机床整机环节迁出省外，不再为只由该环节供货的本地客户配套。"
    " Story (against the year before): the gaps in industrial software, high-end bearings (re-registered under a "
    "new firm id, same credit code) and POE polyolefins are closed by last year's non-local attraction targets "
    "moving in; PEM by a local start-up; the weak link in hydraulic piston pumps and proportional valves gains 3 "
    "local suppliers; the only local MCU-chip firm moves to Guangdong and opens a gap; about 2 % of local firms "
    "close and 3 % open; about a third of the projects move one stage on. Risk watch: a key supporting firm of "
    "agricultural machinery (bearings and seals) loses 40 % of its revenue and 30 % of its staff and replaces all its "
    "local suppliers by suppliers outside the province; a 链主 of high-end equipment moves its CNC machine-tool "
    "segment out of the province and stops supplying the local customers only that segment served.")


def _meta(seed: int, scale: float, region: str, chain_set: str, year: int, story: bool) -> DatasetMeta:
    return DatasetMeta(name=f"合成演示数据 Synthetic demo (seed={seed}, scale={scale:g})", region=region,
                       chain_set=chain_set, year=year, synthetic=True, source="graph/synth (python -m graph.synth)",
                       description=DESCRIPTION + (STORY_TEXT if story else ""))


def synthesize(chains: list[Chain], *, seed: int = 2022, scale: float = 1.0, home: SynthRegion = SHANDONG,
               chain_set: str = "shandong-2022", supply_per_link: float = 3.2, year: int = 2023) -> Dataset:
    """One year of a synthetic province in ``home`` over ``chains`` (see graph.synth.province.build_province)."""
    p = build_province(chains, seed=seed, scale=scale, home=home, supply_per_link=supply_per_link)
    return with_benchmark(to_dataset(p, _meta(seed, scale, home.region, chain_set, year, False)))


def synthesize_years(chains: list[Chain], *, seed: int = 2022, scale: float = 1.0, home: SynthRegion = SHANDONG,
                     chain_set: str = "shandong-2022", years: tuple[int, ...] = (2023, 2024)) -> dict[int, Dataset]:
    """{year: Dataset}: the first year as :func:`synthesize`, each later one moved on by
    graph.synth.story.advance_year (the planted story happens once, in the second year)."""
    p = build_province(chains, seed=seed, scale=scale, home=home)
    out = {years[0]: with_benchmark(to_dataset(p, _meta(seed, scale, home.region, chain_set, years[0], False)))}
    for n, year in enumerate(years[1:]):
        advance_year(p, story=STORY if n == 0 else (), risk_story=RISK_STORY if n == 0 else ())
        out[year] = with_benchmark(to_dataset(p, _meta(seed, scale, home.region, chain_set, year, n == 0)))
    return out
