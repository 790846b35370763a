"""Raw tables: the pyarrow fast path and the record-by-record path give the same cells and row numbers."""
import pytest

from graph.io.limits import MAX_FIELD_CHARS
from graph.io.tables import _read_regular, read_csv_table

CASES = {
    "regular": b"a,b\n1,2\n3,4\n",
    "padded ascii": b" a ,b\t\n 1,2 \n3,4\n",
    "padded unicode": "a,b\n\u30001\u3000,2\n3,4\n".encode(),
    "crlf no final newline": b"a,b\r\n1,2\r\n3,4",
    "blank line": b"a,b\n1,2\n\n3,4\n",
    "blank record": b"a,b\n1,2\n,\n3,4\n",
    "ragged": b"a,b\n1,2,9\n3\n",
    "quoted newline": b'a,b\n"1\nx",2\n3,4\n',
    "bom": b"\xef\xbb\xbfa,b\n1,2\n3,4\n",
    "gbk": "企业,省\n甲,山东\n乙,江苏\n".encode("gbk"),
}
EXPECTED = {
    "regular": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 3], True),
    "padded ascii": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 3], True),
    "padded unicode": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 3], True),
    "crlf no final newline": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 3], True),
    "blank line": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 4], False),
    "blank record": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 4], True),
    "ragged": ([["a", "b", ""], ["1", "2", "9"], ["3", "", ""]], [1, 2, 3], False),
    "quoted newline": ([["a", "b"], ["1\nx", "2"], ["3", "4"]], [1, 2, 3], False),
    "bom": ([["a", "b"], ["1", "2"], ["3", "4"]], [1, 2, 3], True),
    "gbk": ([["企业", "省"], ["甲", "山东"], ["乙", "江苏"]], [1, 2, 3], True),
}


@pytest.mark.parametrize("name", CASES)
def test_cells_and_row_numbers(tmp_path, name):
    path = tmp_path / "t.csv"
    path.write_bytes(CASES[name])
    issues = []
    raw = read_csv_table(path, issues)
    cells, rows, fast = EXPECTED[name]
    assert issues == [] and raw.head(10) == cells and raw.rows.tolist() == rows
    body = CASES[name].removeprefix(b"\xef\xbb\xbf")
    if name != "gbk":
        assert (_read_regular(body) is not None) == fast


@pytest.mark.parametrize("regular", [True, False])
def test_overlong_cells_are_refused_on_both_paths(tmp_path, regular):
    path = tmp_path / "t.csv"
    text = "a,b\n1,2\n3," + "长" * (MAX_FIELD_CHARS + 1) + "\n" + ("" if regular else "\n5,6\n")
    path.write_text(text, encoding="utf-8")
    issues = []
    assert read_csv_table(path, issues) is None
    assert [(i.row, i.code) for i in issues] == [(3, "csv_syntax")]
    assert issues[0].params["error"] == f"field larger than field limit ({MAX_FIELD_CHARS})"
