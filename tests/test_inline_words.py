"""The last inline bilingual words (issue 22 item 5): every module of graph/ reads its words from graph/messages/
— no ``"English" if en else "中文"`` and no ``_l(lang, "中文", "English")`` left anywhere; each template takes the same parameters in both languages, and every
key of these families is used."""
import ast
import re
import string
from pathlib import Path

import pytest

from graph.messages import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "graph").rglob("*.py")   # all but the word tables
                 if p.name != "messages.py" and p.parent.name != "messages")
FAMILIES = ("brief_", "picture_", "facts_", "cli_", "diff_")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _words(node) -> str | None:
    """The literal text of a string or f-string node (its constant parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _inline(path: Path) -> list[int]:
    """Lines choosing between a Chinese and an English text by language, or calling a zh/en helper _l."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.IfExp):
            a, b = _words(node.body), _words(node.orelse)
            if a is not None and b is not None and bool(CJK.search(a)) != bool(CJK.search(b)) \
                    and re.search(r"[A-Za-z]{2}", a if not CJK.search(a) else b):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_l":
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("module", MODULES)
def test_no_inline_bilingual_words(module):
    assert not _inline(ROOT / module), _inline(ROOT / module)


def test_the_check_finds_inline_words():
    """The check above is not blind: an inline choice and an _l call are both found."""
    probe = ROOT / "tests" / "_inline_probe.py"
    probe.write_text('a = "gaps" if en else "缺链"\nb = _l(lang, "完整度", "completeness")\n'
                     'c = f"{x}: " if en else f"{x}："\n', encoding="utf-8")
    try:
        assert _inline(probe) == [1, 2]
    finally:
        probe.unlink()


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_templates_take_the_same_parameters_in_both_languages():
    keys = [k for k in MESSAGES if k.startswith(FAMILIES)]
    assert any(k.startswith("brief_") for k in keys) and any(k.startswith("cli_") for k in keys)
    # diff_more: 等共 {total} 项 counts every item, "and {more} more" the ones left out; the caller passes both
    differ = [k for k in keys if _fields(MESSAGES[k][0]) != _fields(MESSAGES[k][1]) and k != "diff_more"]
    assert not differ, differ


def test_every_key_of_these_families_is_used():
    """A key is used when a module names it, names a prefix of it in an f-string (t(f"brief_col_{c}")) longer than
    the family's, or passes its family to graph.messages.named (named("brief_plan", item))."""
    literals, prefixes = set(), set()
    for path in (ROOT / "graph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "named"
                  and isinstance(node.args[0], ast.Constant)):
                prefixes.add(node.args[0].value + "_")
    unused = [k for k in MESSAGES if k.startswith(FAMILIES) and k not in literals
              and not any(p not in ("", *FAMILIES) and k.startswith(p) for p in prefixes)]
    assert not unused, unused
