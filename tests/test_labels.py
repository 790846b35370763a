"""One catalogue of words (issue 22 item 5): the UI labels in views/labels.py, the domain's words in
graph/messages/, one lookup (graph.messages.t) — every key a page asks for exists, every key is used, and no
module of views/ or graph/ keeps a bilingual table of its own."""
import ast
import re
from pathlib import Path

import pytest

from graph import messages
from graph.model import FIRM_TAGS, PROJECT_STAGES
from views.labels import FROM_DOMAIN, LABELS

ROOT = Path(__file__).resolve().parent.parent
APP_FILES = sorted(p for p in (ROOT / "views").glob("*.py") if p.name != "labels.py") + [ROOT / "app.py"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _calls(name: str) -> list[tuple[str, str]]:
    """(file, key) of every ``name("literal", ...)`` call in the app's files."""
    found = []
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((path.name, node.args[0].value))
    return found


def _used() -> tuple[set[str], set[str]]:
    """Every string literal of the app's files (a key may be passed on, e.g. a column's label key) and the prefix
    of every key built at run time inside a ``t(...)`` call (``t(f"grade_{g}")``, ``t("c_" + change)``)."""
    literals, prefixes = set(), set()
    for path in APP_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args):
                continue
            key = node.args[0]
            if (isinstance(key, ast.JoinedStr) and len(key.values) > 1 and isinstance(key.values[0], ast.Constant)
                    and isinstance(key.values[1], ast.FormattedValue)):
                prefixes.add(key.values[0].value)
            elif isinstance(key, ast.BinOp) and isinstance(key.left, ast.Constant):
                prefixes.add(key.left.value)
    return literals, prefixes


def test_every_ui_key_a_page_asks_for_is_in_the_table():
    missing = [(f, k) for f, k in _calls("t") if k not in LABELS]
    assert not missing, missing


def test_no_ui_label_is_unused():
    literals, prefixes = _used()
    unused = [k for k in LABELS if k not in literals and not any(k.startswith(p) for p in prefixes)
              and k not in FROM_DOMAIN]
    assert not unused, unused
    assert all(LABELS[k] is messages.MESSAGES[k] for k in FROM_DOMAIN)   # taken from the domain's table, not copied


def _pair(node) -> bool:
    return bool(isinstance(node, ast.Tuple) and len(node.elts) == 2
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
                and CJK.search(node.elts[0].value) and not CJK.search(node.elts[1].value))


def test_no_other_bilingual_table_in_views_or_graph():
    """A dict of two or more (中文, English) pairs lives only in views/labels.py and graph/messages/."""
    tables = []
    for path in [*(ROOT / "views").glob("*.py"), *(ROOT / "graph").rglob("*.py"), ROOT / "app.py"]:
        name = path.relative_to(ROOT).as_posix()
        if name == "views/labels.py" or name.startswith("graph/messages/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and sum(_pair(v) for v in node.values) >= 2:
                tables.append((name, node.lineno))
    assert not tables, tables


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_lookup_for_both_tables(lang):
    """graph.messages.t reads either table: the UI's passed in, the domain's by default; params formatted."""
    zh, en = LABELS["segment_firms"]
    assert messages.t("segment_firms", lang, table=LABELS, segment="芯片") == (en if lang == "en" else zh).format(
        segment="芯片")
    zh, en = messages.MESSAGES["bad_number"]
    assert messages.t("bad_number", lang, value="x") == (en if lang == "en" else zh).format(value="x")
    assert messages.render("bad_number", {"value": "x"}, lang) == messages.t("bad_number", lang, value="x")


def test_one_name_per_stage_tag_and_list():
    """Stages and tags are named once (graph/messages/; a page's project_stage_* label is that entry), and every
    one the data may hold has an English name; lists are joined by 、 in Chinese and a comma in English."""
    assert all(LABELS[f"project_stage_{s}"] is messages.MESSAGES[f"project_stage_{s}"] for s in PROJECT_STAGES)
    assert not [k for k in LABELS if k.startswith("tag_") and k[4:] in FIRM_TAGS]
    assert all(not CJK.search(messages.stage_label(s, "en")) and messages.stage_label(s, "zh") == s
               for s in PROJECT_STAGES)
    assert all(not CJK.search(messages.tag_label(g, "en")) and messages.tag_label(g, "zh") == g for g in FIRM_TAGS)
    assert messages.listed(["甲", "乙"], "zh") == "甲、乙" and messages.listed(["a", "b"], "en") == "a, b"


def test_classify_messages_read_from_the_one_table():
    """The classify path's own wording of a code the data issues also use (header_row …) is registry_<code>."""
    from graph.classify.messages import RegistryIssue

    issue = RegistryIssue("r.csv", 1, "", "header_row", {"row": 3, "skipped": 2})
    assert issue.message("zh") == messages.t("registry_header_row", "zh", row=3, skipped=2)
    assert issue.message("en") != messages.t("header_row", "en", row=3, skipped=2)
    assert RegistryIssue("r.csv", 1, "", "ignored_columns", {"columns": "x"}).message("en") == \
        "unrecognised columns ignored: x"


def test_the_message_tables_parts_never_define_a_key_twice():
    """graph/messages/ keeps parts of the one table in files of their own: a key in two places would hide one."""
    from graph.messages import briefs, registry, year_diff

    table = next(node.value for node in ast.walk(ast.parse((ROOT / "graph/messages/__init__.py").read_text("utf-8")))
                 if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "MESSAGES")
    keys = [k.value for k in table.keys if k is not None]   # None: a part unpacked (**REGISTRY)
    keys += [key for part in (briefs.BRIEFS, registry.REGISTRY, year_diff.YEAR_DIFF) for key in part]
    assert len(keys) == len(set(keys)) == len(messages.MESSAGES)
