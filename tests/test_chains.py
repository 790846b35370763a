"""The committed chain maps: 11 chains, 12–25 segments, DAGs, links reading upstream to downstream."""
import networkx as nx
import pytest

from graph.io import DataError, read_chain_set
from graph.model import STAGES
from tests.conftest import SHANDONG, TINY_CHAIN

CHAINS = read_chain_set(SHANDONG)
EXPECTED = {"新一代信息技术", "高端装备", "新能源装备", "先进材料", "船舶和海工装备", "高端化工", "农机装备", "医药",
            "工程机械", "轻工", "纺织服装"}


def test_the_eleven_flagship_chains():
    assert {c.name for c in CHAINS} == EXPECTED
    assert len({c.id for c in CHAINS}) == 11


@pytest.mark.parametrize("chain", CHAINS, ids=lambda c: c.id)
def test_chain_map_shape(chain):
    assert 12 <= len(chain.segments) <= 25
    dag = nx.DiGraph(list(chain.links))
    dag.add_nodes_from(chain.segment_ids())
    assert nx.is_directed_acyclic_graph(dag)
    assert all(s.name and s.name_en and s.stage in STAGES for s in chain.segments)
    assert any(s.key_tech for s in chain.segments)
    assert nx.number_weakly_connected_components(dag) == 1
    order = {stage: i for i, stage in enumerate(STAGES)}
    stage = {s.id: order[s.stage] for s in chain.segments}
    assert all(stage[a] <= stage[b] for a, b in chain.links), "links must not run downstream -> upstream"


def _chain_set(tmp_path, text):
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_cycle_is_named(tmp_path):
    text = TINY_CHAIN + "  - {from: devices, to: ore}\n"
    with pytest.raises(DataError) as info:
        read_chain_set(_chain_set(tmp_path, text))
    (issue,) = info.value.errors
    assert issue.code == "cycle" and issue.file.endswith("c.yaml")
    assert "ore → parts → devices → ore" in issue.message("en")


@pytest.mark.parametrize("change, code", [
    (("stage: upstream, key_tech: false}", "stage: sideways, key_tech: false}"), "bad_field"),
    (("{from: ore, to: parts}", "{from: ore, to: nowhere}"), "unknown_link_segment"),
    (("{id: chips,", "{id: parts,"), "duplicate_segment"),
    (("id: widgets", "id: Widgets!"), "bad_field"),
    (("{from: ore, to: parts}", "{from: ore, to: ore}"), "self_link"),
    (("name_en: Widgets\n", "name_en: Widgets\n  bad: [\n"), "bad_yaml"),
])
def test_chain_map_errors(tmp_path, change, code):
    with pytest.raises(DataError) as info:
        read_chain_set(_chain_set(tmp_path, TINY_CHAIN.replace(*change)))
    assert code in {i.code for i in info.value.errors}


def test_an_empty_folder_is_not_a_chain_set(tmp_path):
    with pytest.raises(DataError) as info:
        read_chain_set(tmp_path)
    assert info.value.errors[0].code == "empty_chain_set"
