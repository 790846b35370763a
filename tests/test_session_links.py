"""Links that keep the session (views.links) and what the 数据 page's one uploader takes a file for
(views.registry_flow.upload_kind): pure functions, and the app reading a link's parameters once (AppTest)."""
import re
import threading
from urllib.parse import unquote

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO, ROOT, write_dataset
from views.links import LinkTokens, adopt, link_query, link_tokens, session_params
from views.registry_flow import upload_kind
from views.widgets import LINK_TEXT, firm_url


def test_a_token_names_only_a_folder_this_process_registered(tmp_path):
    tokens = LinkTokens()
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    token = tokens.token(a)
    assert tokens.token(str(a) + "/") == token and tokens.token(b) != token
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", token)
    assert tokens.folder(token) == a.resolve()
    for probe in (str(a), str(DEMO), "../../etc/passwd", "/tmp", "data/demo", "", None, token + "x", token.upper()):
        assert tokens.folder(probe) is None, probe
    assert LinkTokens().folder(token) is None   # another process's registry does not know it
    a.rmdir()
    assert tokens.folder(token) is None         # a folder gone (a temp folder cleaned up) is not served


def test_tokens_are_one_per_folder_under_concurrent_sessions(tmp_path):
    tokens, seen = LinkTokens(), []
    threads = [threading.Thread(target=lambda: seen.append(tokens.token(tmp_path))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1


def test_a_fresh_session_needs_no_parameters_and_others_carry_what_differs(tmp_path):
    tokens = LinkTokens()
    assert session_params({}, tokens) == {} and session_params({"lang": "zh", "pool": "auto"}, tokens) == {}
    state = {"lang": "en", "upload_path": str(tmp_path), "year": 2023, "pool": "none"}
    params = session_params(state, tokens)
    assert params == {"lang": "en", "data": tokens.token(tmp_path), "year": "2023", "pool": "none"}
    assert link_query(params) == f"&lang=en&data={params['data']}&year=2023&pool=none"


def test_a_new_session_takes_over_a_links_parameters(tmp_path):
    tokens = LinkTokens()
    pool = tmp_path / "pool"
    pool.mkdir()
    before = {"lang": "en", "upload_path": str(tmp_path), "year": 2023, "pool": str(pool)}
    after = {}
    assert adopt(session_params(before, tokens), after, tokens)
    assert after == {"lang": "en", "upload_path": str(tmp_path.resolve()), "year": 2023, "pool": str(pool.resolve())}


@pytest.mark.parametrize("query", [{"lang": "fr"}, {"year": "20x3"}, {"year": "../2023"}, {"pool": "/etc"},
                                   {"data": "/etc"}, {"data": "../data/demo"}])
def test_nothing_but_known_values_and_registered_tokens_is_taken(query):
    state = {}
    assert not adopt(query, state, LinkTokens())
    assert set(state) <= {"link_unknown"} and "upload_path" not in state and "pool" not in state


def test_an_unknown_token_is_remembered_to_be_said_and_the_default_data_stay():
    state = {}
    assert not adopt({"data": "k3Jx9aQ2bLm0", "lang": "en"}, state, LinkTokens())
    assert state == {"lang": "en", "link_unknown": "k3Jx9aQ2bLm0"}


def test_a_firm_link_carries_the_session_and_still_shows_the_name():
    url = firm_url("F 1", "甲&乙 (x)", session="&lang=en&data=k3Jx9aQ2bLm0")
    assert url.startswith("firm?id=F%201&lang=en&data=k3Jx9aQ2bLm0&name=")
    assert unquote(re.search(LINK_TEXT, url).group(1)) == "甲&乙 (x)"


def test_what_the_one_uploader_takes_files_for():
    review = {"review.xlsx": ["说明", "归类审核", "企业"]}
    assert upload_kind(["名录.xlsx"], {"名录.xlsx": ["Sheet1"]}) == ("registry", 0)
    assert upload_kind(["old.csv", "new.csv"]) == ("registry", 1)   # a second registry replaces the first
    assert upload_kind(["名录.csv", "review.xlsx"], review) == ("review", 1)
    assert upload_kind(["review.xlsx"], review) == ("review", 0)   # its 企业 sheet does not make it a dataset
    for names, sheets in ((["firms.csv", "firm_segments.csv", "supply.csv"], {}), (["企业.csv"], {}),
                          (["d.zip"], {}), (["dataset.yaml", "a.csv"], {}), (["d.xlsx"], {"d.xlsx": ["企业环节"]})):
        assert upload_kind(names, sheets) == ("dataset", 0), names


def test_the_app_reads_a_links_parameters_once_at_the_start_of_a_session(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    folder = write_dataset(tmp_path / "uploaded")
    token = link_tokens().token(folder)   # AppTest runs the app in this process: the same registry
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"id": "B", "lang": "en", "data": token})
    at.switch_page("views/firm.py")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["lang"] == "en" and at.session_state["upload_path"] == str(folder.resolve())
    assert any(h.value == "乙零件" for h in at.header)
    at.sidebar.radio[0].set_value("zh").run()   # the session's own choice wins over the link from then on
    assert at.session_state["lang"] == "zh" and not at.exception


def test_an_unknown_token_is_said_on_the_page(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"data": "k3Jx9aQ2bLm0"})
    at.run()
    assert not at.exception, at.exception
    assert any("k3Jx9aQ2bLm0" in w.value and "已不在本服务器上" in w.value for w in at.warning)
    assert "upload_path" not in at.session_state
