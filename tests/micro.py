"""Hand-built micro datasets for analysis tests: records in, :class:`graph.facts.Facts` out (what analyses read);
:func:`micro_graph` gives the same data as the networkx graph, for the tests of graphs and drawings."""
from __future__ import annotations

from graph.build import build_graph
from graph.facts import Facts
from graph.model import Chain, Dataset, DatasetMeta, Firm, FirmSegment, Project, Segment, Supply, records_table

HOME = "山东省"


def micro(*args, **kwargs) -> Facts:
    """:func:`micro_dataset`'s facts: what the analyses read."""
    return Facts.from_dataset(micro_dataset(*args, **kwargs))


def micro_dataset(segments, links=(), firms=(), firm_segments=(), supply=(), projects=(), *, chain_id="c",
                  extra_chains=()) -> Dataset:
    """segments: [(id, stage, key_tech)]; firms: [(id, province, city, revenue, tags[, name])];
    firm_segments: [(firm, segment)] or [(firm, segment, share)] or [(firm, chain, segment, share)];
    supply: [(supplier, customer)] (tagged with ``chain_id``)."""
    chain = Chain(chain_id, "链" + chain_id, "Chain " + chain_id,
                  tuple(Segment(s, "环节" + s, "Segment " + s, stage, kt) for s, stage, kt in segments),
                  tuple(links))
    records = []
    for item in firm_segments:
        if len(item) == 2:
            records.append(FirmSegment(item[0], chain_id, item[1]))
        elif len(item) == 3:
            records.append(FirmSegment(item[0], chain_id, item[1], item[2]))
        else:
            records.append(FirmSegment(*item))
    return Dataset(
        DatasetMeta("micro", HOME, "test"), [chain, *extra_chains],
        records_table([Firm(f[0], f[5] if len(f) > 5 else "企业" + f[0], f[1], f[2], None, f[3], None, None,
                            tuple(f[4])) for f in firms], "firms"),
        records_table(records, "firm_segments"), records_table([Supply(s, c, chain_id) for s, c in supply], "supply"),
        records_table([Project(*p) for p in projects], "projects"))


def micro_graph(*args, **kwargs):
    """:func:`micro`'s data as the networkx graph (graph.build.build_graph)."""
    return build_graph(micro(*args, **kwargs))


def local(firm_id, revenue=100.0, tags=(), city="济南市"):
    return (firm_id, HOME, city, revenue, tags)


def other(firm_id, revenue=100.0, tags=(), province="江苏省"):
    return (firm_id, province, "苏州市", revenue, tags)
