"""The documentation in the repository: README.md stays a first read (≤ 8 KB), every `docs/…` path the code cites
exists (with its #anchor), every link between the pages resolves, and docs/cli.md names every command and option."""
import argparse
import re
from pathlib import Path

import pytest

from graph.cli import build_parser
from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
CODE = [p for d in ("graph", "views", "bench", "tests") for p in sorted((ROOT / d).rglob("*.py"))] + [
    ROOT / "app.py", ROOT / "serve.py"]
CITATION = re.compile(r"docs/[\w./-]+\.(?:md|svg|png|py)(?:#[\w-]+)?")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a Markdown page's headings: lower case, punctuation dropped, spaces to hyphens."""
    found, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"#{1,6} (.+)", line)):
            found.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return found


def resolves(target: str, base: Path) -> str | None:
    """None when ``target`` (a path relative to ``base``, optionally with #anchor) exists, else what is wrong."""
    path, _, anchor = target.partition("#")
    file = (base / path).resolve() if path else None
    if file is not None and not file.exists():
        return f"{path} does not exist"
    if anchor and file is not None and file.suffix == ".md" and anchor not in anchors(file):
        return f"{path} has no heading #{anchor}"
    return None


def test_readme_is_a_first_read_of_at_most_8_kb():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 8 * 1024, "move detail into docs/ and link it"
    for command in ("make app", "make test", "make check"):
        assert command in text
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("app:", "test:", "check:"):
        assert re.search(rf"^{target}", makefile, re.M), target


def test_every_docs_path_cited_in_code_exists():
    cited = {}
    for path in CODE:
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for target in CITATION.findall(line):
                cited[target] = f"{path.relative_to(ROOT)}:{line_no}"
    assert cited, "the code cites docs/ pages"
    wrong = {where: f"{target}: {problem}" for target, where in cited.items()
             if (problem := resolves(target, ROOT))}
    assert not wrong


def test_no_citation_of_documents_outside_the_repository():
    outside = re.compile(r"DESIGN §|DESIGN\.md|DOMAIN\.md|shared/")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in CODE if p.name != "test_docs.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if outside.search(line)]
    assert not found, "cite the page under docs/ instead"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_between_pages_resolve(page):
    wrong = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):           # http(s):, mailto: — not ours to check offline
            continue
        if target.startswith("#"):
            problem = None if target[1:] in anchors(page) else f"no heading {target}"
        else:
            problem = resolves(target, page.parent)
        if problem:
            wrong.append(f"{target}: {problem}")
    assert not wrong


def test_cli_reference_names_every_command_and_option():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    missing = [f"## {name}" for name in commands if f"\n## {name}\n" not in text]
    for name, sub in commands.items():
        missing += [f"{name} {option}" for action in sub._actions for option in action.option_strings
                    if option not in ("-h", "--help") and not re.search(rf"{re.escape(option)}\b", text)]
    assert not missing, "docs/cli.md: add them (each section is the command's --help)"
