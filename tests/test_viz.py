"""Firm networks laid out on the server and drawn without physics; chain maps keep their hierarchical layout."""
import json
import re

from graph.model import firm_key
from graph.viz import chain_map_html, ego_network_html, firm_layout, firm_network_html, script_json
from tests.micro import local, micro_graph, other

SEGS = [("a", "upstream", True), ("b", "midstream", False), ("c", "downstream", False)]


def nodes_of(page: str) -> list[dict]:
    return json.loads(re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))


def edges_of(page: str) -> list[dict]:
    return json.loads(re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", page).group(1))


def links_of(page: str) -> list[tuple[str, str]]:
    """The links the page draws itself, as (from, to) firm ids."""
    ids = [n["id"] for n in nodes_of(page)]
    return sorted((ids[i], ids[j]) for i, j in json.loads(re.search(r"var links = (.*?);\n", page).group(1)))


def ours(page: str) -> str:
    """The page without the inlined vis-network library."""
    return page[:page.index("<script>")] + page[page.index("</script>") + len("</script>"):]


def small_graph(names=None):
    firms = [local("A", 400), local("B", 100), local("C", 100), other("X", 50), local("Z", 10)]
    if names:
        firms = [(*f, names.get(f[0], "企业" + f[0])) for f in firms]
    fs = [("A", "c"), ("B", "b"), ("C", "b"), ("X", "a"), ("Z", "a")]
    return micro_graph(SEGS, [("a", "b"), ("b", "c")], firms, fs, [("X", "B"), ("B", "A"), ("C", "A")])


def test_every_firm_has_a_fixed_position_and_physics_is_off():
    page, note = firm_network_html(small_graph(), ["A", "B", "C", "X", "Z"])
    nodes = nodes_of(page)
    assert note == ""
    assert [n["id"] for n in nodes] == ["A", "B", "C", "X", "Z"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == 5, "no two firms on the same spot"
    assert links_of(page) == [("B", "A"), ("C", "A"), ("X", "B")] and edges_of(page) == []
    assert 'network.on("beforeDrawing"' in page, "the page draws the links itself"
    assert '"physics": {"enabled": false}' in page and "stabilization" not in ours(page)
    assert '"improvedLayout": false' in page
    assert "document.body.dataset.drawn" in page


def test_layout_is_deterministic_and_ignores_input_order():
    G = small_graph()
    first = nodes_of(firm_network_html(G, ["A", "B", "C", "X", "Z"])[0])
    again = nodes_of(firm_network_html(G, ["Z", "X", "C", "B", "A"])[0])
    assert {n["id"]: (n["x"], n["y"]) for n in first} == {n["id"]: (n["x"], n["y"]) for n in again}
    edges = [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]
    assert firm_layout(list("ABCDE"), edges) == firm_layout(list("EDCBA"), edges[::-1])
    assert firm_layout(list("ABCDE"), edges, seed=1) != firm_layout(list("ABCDE"), edges, seed=2)


def test_unlinked_firms_sit_in_a_grid_right_of_the_network():
    pos = firm_layout(["A", "B", "C", "D", "E"], [("A", "B")])
    assert max(pos["A"][0], pos["B"][0]) < min(pos[f][0] for f in "CDE")
    assert pos["C"] != pos["D"] != pos["E"]
    assert firm_layout(["A"], []) == {"A": (0.0, 0.0)}
    assert firm_layout([], []) == {}
    linked = firm_layout(["A", "B"], [("A", "B"), ("B", "A"), ("A", "A"), ("A", "Q")])
    assert abs(linked["A"][0] - linked["B"][0]) + abs(linked["A"][1] - linked["B"][1]) > 10


def test_cut_down_view_keeps_the_largest_and_the_highlighted_firm():
    page, note = firm_network_html(small_graph(), ["A", "B", "C", "X", "Z"], max_nodes=2, highlight="Z")
    assert [n["id"] for n in nodes_of(page)] == ["A", "Z"]
    assert note == "共 5 家企业，仅显示营收最大的 2 家。" and note in page
    assert {n["id"]: n["color"] for n in nodes_of(page)} == {"A": "#1f77b4", "Z": "#d62728"}


def test_ego_network_is_the_firm_its_suppliers_and_customers():
    page, _ = ego_network_html(small_graph(), "B", lang="en")
    nodes = nodes_of(page)
    assert [n["id"] for n in nodes] == ["B", "X", "A"] and links_of(page) == [("B", "A"), ("X", "B")]
    assert {n["id"]: n["color"] for n in nodes} == {"B": "#d62728", "X": "#bbbbbb", "A": "#1f77b4"}
    assert "selected firm" in page and "local firm" in page


def test_hostile_names_reach_the_page_only_escaped():
    hostile = {"A": "</script><img src=x onerror=alert(1)>", "B": "O'Neil & <b>Sons</b>",
               "X": "\u2028line<!--"}
    page, _ = firm_network_html(small_graph(hostile), ["A", "B", "C", "X", "Z"], highlight="A")
    assert "<img src=x" not in page and "<b>Sons" not in page and "<!--" not in page
    assert ours(page).count("</script>") == ours(page).count("<script>") == 1, "only our own script elements"
    names = {n["id"]: n["title"].split("\n")[0] for n in nodes_of(page)}
    assert names["A"] == hostile["A"] and names["B"] == hostile["B"] and names["X"] == hostile["X"]
    assert script_json(["<>&'"]) == '["\\u003c\\u003e\\u0026\\u0027"]'


def test_chain_map_keeps_its_hierarchical_layout():
    page = chain_map_html(small_graph(), "c", status={"a": "gap", "b": "weak"}, lang="en")
    nodes = {n["id"]: n for n in nodes_of(page)}
    assert {s: n["level"] for s, n in nodes.items()} == {"a": 0, "b": 1, "c": 2}
    assert "x" not in nodes["a"]
    assert nodes["a"]["color"]["background"] == "#d62728" and nodes["b"]["color"]["background"] == "#ff9f1c"
    assert nodes["a"]["label"] == "★ Segment a" and nodes["a"]["borderWidth"] == 4
    assert '"hierarchical": {"enabled": true, "direction": "LR"' in page
    assert sorted((e["from"], e["to"]) for e in edges_of(page)) == [("a", "b"), ("b", "c")]
    assert "beforeDrawing" not in ours(page), "segment links are vis-network edges"
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page), "nothing linked"


def test_a_firms_tags_in_its_tooltip_follow_the_language():
    G = small_graph()
    G.nodes[firm_key("A")]["tags"] = ["专精特新", "上市"]
    titles = {lang: next(n["title"] for n in nodes_of(firm_network_html(G, ["A", "B"], lang=lang)[0]) if n["id"] == "A")
              for lang in ("zh", "en")}
    assert titles["zh"].endswith("专精特新、上市")
    assert titles["en"].endswith("specialised SME, listed") and "、" not in titles["en"]
