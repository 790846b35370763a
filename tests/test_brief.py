"""Briefs: the chain brief and the target-firm brief of the demo as .docx (parsed back with python-docx) and .pdf
(text extracted with PDFium, pypdfium2; pypdf 7.1 misreads fpdf2's two-byte CID codes): the chain's gaps and weak links and their top targets are in both, in Chinese and
English; the chain brief fits two A4 pages, the firm brief one; the PDF embeds its CJK font. Times: bench/brief.py."""
import argparse
import io
import re
import subprocess
import sys
import zipfile

import pypdfium2
import pytest
from docx import Document

from bench.brief_office import package_problems
from graph.analysis.risk import risk_table
from graph.analysis.summary import analyze_chain
from graph.brief import GAPS_SHOWN, TARGETS_EACH, chain_brief, firm_brief
from graph.brief_cli import _helper, make_brief
from graph.brief_render import to_docx, to_pdf
from graph.facts import Facts
from graph.io import read_dataset
from tests.conftest import DEMO, ROOT

CHAINS = sorted(p.stem for p in (ROOT / "chains" / "shandong-2022").glob("[!_]*.yaml"))


@pytest.fixture(scope="module")
def years():
    return Facts.from_dataset(read_dataset(DEMO.parent / "demo-2023")), Facts.from_dataset(read_dataset(DEMO))


def squeeze(text: str) -> str:
    """Text without whitespace: the PDF breaks lines where it wraps, inside names too."""
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(data: bytes) -> tuple[str, int]:
    doc = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in doc), len(doc)


def expected(result, lang: str) -> list[str]:
    """The shown gaps and weak links (names) and the top targets of each."""
    key = "name_en" if lang == "en" else "name"
    shown = ([r for r in result.gaps.to_dict("records")] + [r for r in result.weak_links.to_dict("records")])[:GAPS_SHOWN]
    words = []
    for row in shown:
        words.append(row[key])
        top = result.targets[result.targets["segment_id"] == row["segment_id"]].head(TARGETS_EACH)
        words += list(top["name"])
    return words


def check_chain(years, chain_id: str, lang: str) -> None:
    old, new = years
    result = analyze_chain(new, chain_id)
    brief = chain_brief(new, chain_id, lang=lang, previous=old, risk=risk_table(old, new, chain=chain_id),
                        plan_targets={"链主": 200, "专精特新": 10000}, result=result)
    words = expected(result, lang)
    assert words or (result.gaps.empty and result.weak_links.empty)
    text = docx_text(to_docx(brief))
    pdf, pages, _ = to_pdf(brief)
    extracted, counted = pdf_text(pdf)
    assert pages == counted <= 2
    for word in words + [brief.title]:
        assert word in text, word
        assert squeeze(word) in squeeze(extracted), word


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chain_brief_has_the_gaps_and_top_targets(years, lang):
    check_chain(years, "agri_machinery", lang)


@pytest.mark.slow   # every chain of the demo: about 20 s
@pytest.mark.parametrize("chain_id", CHAINS)
def test_every_chain_brief_of_the_demo(years, chain_id):
    check_chain(years, chain_id, "zh")


@pytest.mark.slow
@pytest.mark.parametrize("chain_id", CHAINS)
def test_every_firm_brief_of_the_demo(years, chain_id):
    _, new = years
    result = analyze_chain(new, chain_id)
    top = result.targets.iloc[0]
    brief = firm_brief(new, chain_id, top["firm_id"], lang="zh", result=result)
    pdf, pages, _ = to_pdf(brief)
    extracted, _ = pdf_text(pdf)
    text = docx_text(to_docx(brief))
    assert pages == 1
    for word in (top["name"], top["segment_name"]):
        assert word in text and squeeze(word) in squeeze(extracted), word


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_firm_brief_names_the_gap_its_rank_and_its_size_measure(years, lang):
    _, new = years
    result = analyze_chain(new, "agri_machinery")
    top = result.targets.iloc[0]
    brief = firm_brief(new, "agri_machinery", top["firm_id"], lang=lang, result=result)
    text = docx_text(to_docx(brief))
    assert top["name"] in text and top["province"] in text
    assert (top["segment_name_en"] if lang == "en" else top["segment_name"]) in text
    assert ("rank 1 of" if lang == "en" else "第 1 名") in text
    assert ("revenue" if lang == "en" else "营业收入") in text           # its size measure named
    pdf, pages, _ = to_pdf(brief)
    assert pages == 1


def test_pdf_embeds_its_cjk_font(years):
    _, new = years
    pdf, _, _ = to_pdf(chain_brief(new, "agri_machinery", picture=False))
    assert re.search(rb"/FontFile[23]", pdf) and b"/ToUnicode" in pdf, "an embedded font whose text extracts"
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", pdf), "a subset of Noto Sans CJK"


def test_one_year_brief_says_risk_needs_two_years(years):
    _, new = years
    text = chain_brief(new, "agri_machinery", picture=False).text()
    assert "风险预警需要两个年度的数据" in text and "只有一个年度" in text


def test_brief_command_writes_both_formats(tmp_path):
    for suffix in ("docx", "pdf"):
        out = tmp_path / f"b.{suffix}"
        done = subprocess.run([sys.executable, "-m", "graph", "brief", "--data", str(DEMO), "--chain",
                               "high_end_equipment", "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 10_000
    text = docx_text((tmp_path / "b.docx").read_bytes())
    assert "2023" in text and "挽留" in text            # the year before found beside the data, and its risks
    assert len(Document(tmp_path / "b.docx").inline_shapes) == 1     # the map picture, drawn by the helper process
    assert (tmp_path / "b.pdf").read_bytes().count(b"/Subtype /Image") == 1


def test_the_helper_process_makes_the_same_brief(years):
    """The command's helper process (forked, drawing the map while the year before is read) changes nothing."""
    _, new = years
    args = argparse.Namespace(data=str(DEMO), chains=None, chain="agri_machinery", firm=None, previous=None,
                              source="files", pool=None, no_pool=False, lang="en", out="brief.pdf")
    alone = make_brief(new, args)
    helper = _helper(args)
    try:
        shared = make_brief(new, args, helper=helper)
    finally:
        helper.shutdown()
    assert shared.text() == alone.text() and "2023" in shared.text()
    assert [b.image for b in shared.blocks if b.kind == "image"] == [b.image for b in alone.blocks if b.kind == "image"]
    assert shared.blocks[0].image.startswith(b"\x89PNG")


def test_a_pdf_brief_imports_neither_matplotlib_nor_the_network_drawing():
    """A firm brief's PDF needs no matplotlib (it only locates the CJK font), a chain brief's map picture no
    vis-network/igraph (graph.viz): 0.3 s and 0.1 s of imports saved per brief."""
    code = """if True:
        import sys
        from graph.analysis.summary import analyze_chain
        from graph.brief import chain_brief, firm_brief
        from graph.brief_render import to_pdf
        from graph.facts import Facts
        from graph.io import read_dataset
        facts = Facts.from_dataset(read_dataset(sys.argv[1]))
        result = analyze_chain(facts, "agri_machinery")
        to_pdf(firm_brief(facts, "agri_machinery", result.targets.iloc[0]["firm_id"], result=result))
        print("matplotlib" in sys.modules)
        to_pdf(chain_brief(facts, "agri_machinery", result=result))
        print("matplotlib" in sys.modules, "graph.viz" in sys.modules, "pyvis" in sys.modules)"""
    done = subprocess.run([sys.executable, "-c", code, str(DEMO)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "False", "False"]


def test_brief_command_refuses_other_suffixes_and_unknown_firms(tmp_path):
    def run(*extra):
        return subprocess.run([sys.executable, "-m", "graph", "brief", "--data", str(DEMO), "--chain",
                               "agri_machinery", *extra], capture_output=True, text=True, cwd=ROOT)
    for done in (run("--out", str(tmp_path / "b.txt")), run("--firm", "NOPE", "--out", str(tmp_path / "f.pdf"))):
        assert done.returncode == 1 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_docx_is_a_package_word_opens(years):
    """Parts, content types, relationships, namespaces Word knows (or declared ignorable), cells ending with a
    paragraph; LibreOffice's reading of every demo brief: `python -m bench.brief_office` (docs/cli.md#brief)."""
    old, new = years
    data = to_docx(chain_brief(new, "agri_machinery", lang="en", previous=old,
                               risk=risk_table(old, new, chain="agri_machinery")))
    assert package_problems(data) == []
    package = zipfile.ZipFile(io.BytesIO(data))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as out:
        for name in package.namelist():
            part = package.read(name)
            out.writestr(name, re.sub(rb"(<w:tc>.*?)<w:p>.*?</w:p>(</w:tc>)", rb"\1\2", part, count=1, flags=re.S)
                         if name == "word/document.xml" else part)
    assert package_problems(broken.getvalue()) == ["table 1: a cell that does not end with a paragraph"]
