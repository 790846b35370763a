"""Every researcher notebook runs top to bottom (nbclient); a failing cell fails the test."""
import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_gaps_and_targets.ipynb",
                                           "03_leaders_and_resilience.ipynb", "04_relatedness.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    book = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in book.cells if cell.cell_type == "code"), "outputs are stripped"
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "".join(o.get("text", "") for cell in book.cells for o in cell.get("outputs", []))
    assert "findfont" not in text and "missing from font" not in text, "Chinese glyphs must render"
