"""Links that keep the session: a firm link opens a new tab, which is a new Streamlit session, so the link carries
what the session reads — its language, its dataset, its year and its reference pool — and the new session takes
them over once, before the language switch and the year picker.

A dataset is named by a token, never by a path: :class:`LinkTokens` (one per server process) hands out a token
for a folder the server itself chose (an upload, a classified registry, an example) and resolves only tokens it
handed out, so an uploaded dataset stays reachable by its link for the life of the server process.

>>> tokens = LinkTokens()
>>> query = link_query(session_params({"lang": "en", "year": 2023}, tokens))
>>> query
'&lang=en&year=2023'
>>> state = {}
>>> adopt({"lang": "en", "data": "unknown"}, state, tokens)
False
>>> state["lang"], state["link_unknown"]
('en', 'unknown')
"""
from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from urllib.parse import quote

import streamlit as st

from views.language import t
from views.source import POOL_AUTO, POOL_NONE

TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")
LANGS = ("zh", "en")
ADOPTED = "_link_adopted"   # session_state flag: the link's query was read (once per session)
QUERY = "_link_query"       # session_state: this run's query suffix for links (remember_query)


class LinkTokens:
    """Token ↔ dataset folder, for folders this process registered (thread-safe; tokens are random, so knowing
    one link does not reveal another).

    >>> tokens = LinkTokens()
    >>> token = tokens.token(".")
    >>> tokens.token(".") == token, tokens.folder(token) == Path(".").resolve(), tokens.folder("../../etc")
    (True, True, None)
    """

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}
        self._tokens: dict[Path, str] = {}
        self._given: dict[str, str] = {}   # the folder as given -> its token
        self._lock = threading.Lock()

    def token(self, folder: str | Path) -> str:
        """The token of ``folder`` (a new one the first time)."""
        given = str(folder)
        if given in self._given:   # a dict read is atomic: no lock, no path resolution, for a folder seen before
            return self._given[given]
        path = Path(folder).resolve()
        with self._lock:
            if path not in self._tokens:
                token = secrets.token_urlsafe(9)
                self._tokens[path], self._folders[token] = token, path
            self._given[given] = self._tokens[path]
            return self._tokens[path]

    def folder(self, token: str) -> Path | None:
        """The folder registered under ``token`` if it still exists, else None (also for anything not a token)."""
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            return None
        with self._lock:
            path = self._folders.get(token)
        return path if path is not None and path.is_dir() else None


@st.cache_resource(show_spinner=False)
def link_tokens() -> LinkTokens:
    """The process-wide :class:`LinkTokens`, shared by every session."""
    return LinkTokens()


def session_params(state: Mapping, tokens: LinkTokens) -> dict[str, str]:
    """What a link must carry for a new session to read the same data in the same language: only what differs
    from a fresh session's defaults (Chinese, the default data, the pool chosen automatically)."""
    params = {}
    if state.get("lang", "zh") != "zh":
        params["lang"] = state["lang"]
    if state.get("upload_path"):
        params["data"] = tokens.token(state["upload_path"])
    if state.get("year") is not None:
        params["year"] = str(state["year"])
    pool = state.get("pool", POOL_AUTO)
    if pool != POOL_AUTO:
        params["pool"] = POOL_NONE if pool == POOL_NONE else tokens.token(pool)
    return params


def link_query(params: Mapping[str, str]) -> str:
    """``params`` as a query string to append after a link's first parameter ('' when empty)."""
    return "".join(f"&{k}={quote(str(v), safe='')}" for k, v in params.items())


def adopt(query: Mapping, state: MutableMapping, tokens: LinkTokens) -> bool:
    """Copy a link's ``lang``, ``data``, ``year`` and ``pool`` into a session's ``state``; a token this process
    did not register leaves the default data and is kept in ``state["link_unknown"]``. True when the link named
    a dataset and it was found."""
    if query.get("lang") in LANGS:
        state["lang"] = query["lang"]
    found = False
    if query.get("data"):
        folder = tokens.folder(query["data"])
        if folder is None:
            state["link_unknown"] = str(query["data"])[:32]
        else:
            state["upload_path"], found = str(folder), True
    year = str(query.get("year") or "")
    if year.isdigit() and len(year) == 4:
        state["year"] = int(year)   # the year picker keeps it only when the data come in that year
    pool = query.get("pool")
    if pool == POOL_NONE:
        state["pool"] = POOL_NONE
    elif pool and tokens.folder(pool) is not None:
        state["pool"] = str(tokens.folder(pool))
    return found


# ---------------------------------------------------------------- in the app
def adopt_link() -> None:
    """app.py, before the language switch: take over the link's session parameters on the session's first run,
    and say so while a link's dataset could not be found (the session then reads the default data)."""
    if not st.session_state.get(ADOPTED):
        st.session_state[ADOPTED] = True
        adopt(st.query_params, st.session_state, link_tokens())
    unknown = st.session_state.get("link_unknown")
    if unknown and not st.session_state.get("upload_path"):
        st.warning(t("link_unknown", token=unknown), icon="⚠️")


def remember_query() -> None:
    """app.py, after the language switch and the year picker: the session's parameters as a link's query suffix,
    worked out once per run (a table of firm links reads it per row; anything that changes them reruns)."""
    st.session_state[QUERY] = link_query(session_params(st.session_state, link_tokens()))


def session_query() -> str:
    """The current session's parameters as a query suffix for a link (views.widgets.firm_url)."""
    query = st.session_state.get(QUERY)
    return link_query(session_params(st.session_state, link_tokens())) if query is None else query


def firm_link_params(firm_id: str) -> dict[str, str]:
    """``query_params`` for ``st.page_link("views/firm.py", ...)`` that keep the session in a new tab.

    >>> st.page_link("views/firm.py", label="…", query_params=firm_link_params("F1"))  # doctest: +SKIP
    """
    return {"id": str(firm_id), **session_params(st.session_state, link_tokens())}
