"""Serve the explorer with the default data read before the first visitor: ``streamlit run serve.py``
(what ``make app`` runs). Streamlit runs app.py once per page view; this ASGI wrapper (``st.App``) imports
the pages' modules and reads and analyses the default dataset at server start (views.source.warm_start),
so the first page does not pay for it. ``streamlit run app.py`` works as well, without the warm start."""
import asyncio
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def lifespan(_app):
    from views.source import warm_start

    await asyncio.to_thread(warm_start)
    yield


app = st.App("app.py", lifespan=lifespan)
