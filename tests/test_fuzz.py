"""Fuzzing the loaders: whatever the bytes, the only exception that may escape is the project's DataError."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph.io import DataError, check_dataset, read_chain_set
from tests.conftest import TINY_CHAIN, write_dataset

HEADERS = ["firm_id", "name", "province", "city", "uscc", "revenue", "employees", "founded", "tags", "企业ID", "",
           "share", "chain_id", "segment_id", "supplier_id", "customer_id", "amount"]
CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["A", "B", "widgets", "ore", "-1", "1e309", "nan", "1,0",
                                                         "91110000600037341L", "山东省", "链主;专精特新", '"', "\x00"]))
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=6)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def table(header, rows) -> str:
    return "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"


@FUZZ
@given(header=st.lists(st.sampled_from(HEADERS), max_size=9), rows=ROWS,
       target=st.sampled_from(["firms.csv", "firm_segments.csv", "supply.csv", "projects.csv"]),
       encoding=st.sampled_from(["utf-8", "gbk", "utf-8-sig"]))
def test_csv_tables(tmp_path_factory, header, rows, target, encoding):
    folder = write_dataset(tmp_path_factory.mktemp("fuzz"))
    try:
        data = table(header, rows).encode(encoding, errors="replace")
    except UnicodeEncodeError:
        data = table(header, rows).encode("utf-8")
    (folder / target).write_bytes(data)
    dataset, issues = check_dataset(folder)  # never raises
    assert dataset is not None or any(i.level == "error" for i in issues)
    for issue in issues:
        assert issue.format("en") and issue.format("zh")


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path_factory, data):
    folder = write_dataset(tmp_path_factory.mktemp("bytes"))
    (folder / "supply.csv").write_bytes(data)
    dataset, issues = check_dataset(folder)
    assert dataset is not None or issues


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
YAML_VALUES = SCALARS | st.recursive(SCALARS,
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.sampled_from(["id", "name", "from", "to", "stage",
                                                                                    "key_tech", "segments", "links"]),
                                                                   inner, max_size=5)), max_leaves=20)


@FUZZ
@given(document=st.one_of(YAML_VALUES, st.text(max_size=200)),
       mutate=st.sampled_from(["replace", "append", "raw"]))
def test_chain_yaml(tmp_path_factory, document, mutate):
    import yaml

    folder = tmp_path_factory.mktemp("chains")
    if mutate == "raw" and isinstance(document, str):
        text = document
    elif mutate == "append":
        text = TINY_CHAIN + yaml.safe_dump({"extra": document}, allow_unicode=True)
    else:
        text = yaml.safe_dump(document, allow_unicode=True)
    (folder / "c.yaml").write_text(text, encoding="utf-8")
    try:
        chains = read_chain_set(folder)
    except DataError as exc:
        assert exc.errors
    else:
        assert all(c.segments for c in chains)


@FUZZ
@given(path=st.sampled_from([("id",), ("name",), ("segments",), ("links",), ("segments", 0), ("segments", 1, "id"),
                             ("segments", 0, "stage"), ("segments", 2, "key_tech"), ("links", 0), ("links", 1, "to"),
                             ("links", 0, "from")]),
       value=YAML_VALUES)
@example(path=("links",), value=5)
def test_chain_yaml_one_field_replaced(tmp_path_factory, path, value):
    """A valid chain map with one field replaced by anything at all."""
    import yaml

    doc = yaml.safe_load(TINY_CHAIN)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    folder = tmp_path_factory.mktemp("one")
    (folder / "c.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        read_chain_set(folder)
    except DataError as exc:
        assert exc.errors


QUANTITY_TEXT = st.one_of(st.text(max_size=12), st.from_regex(r"[-+]?[0-9,，.]{0,8}(亿|万|千|百万|元|万元|亿元|人|万人|%|吨)?",
                                                              fullmatch=True))
UNITS = st.sampled_from([None, "元", "万元", "亿元", "人", "万人", "吨", "", "万", "亿"])


@FUZZ
@given(text=QUANTITY_TEXT, unit=UNITS, target=st.sampled_from([None, "万元", "亿元", "人"]))
def test_parse_quantity_returns_a_finite_value_or_raises_value_error(text, unit, target):
    from graph.io import parse_quantity

    try:
        value, warning = parse_quantity(text, unit=unit, target=target)
    except ValueError:
        return
    assert value is None or value == value and abs(value) != float("inf")
    assert warning in (None, "placeholder", "unit_in_cell")


@FUZZ
@given(text=st.text(max_size=20), province=st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["山东", "青海省"])))
def test_names_and_headers_never_raise(text, province):
    from graph.io import normalise_city, normalise_province, split_header

    assert normalise_province(text) is None or normalise_province(normalise_province(text)) == normalise_province(text)
    assert isinstance(normalise_city(text, province), str)
    name, unit = split_header(text)
    assert isinstance(name, str) and (unit is None or unit)


@FUZZ
@given(rows=st.lists(st.lists(st.sampled_from(["", "企业名称", "省份", "标题", "营业收入（亿元）", "x"]), max_size=5),
                     max_size=14))
def test_find_header_row_is_an_index_of_rows(rows):
    from graph.io import find_header_row

    index = find_header_row(rows, {"企业名称", "省份", "营业收入"})
    assert index == 0 or 0 <= index < len(rows)
