"""A firm link keeps the session (issue 24, item 1), in headless Chromium: a dataset uploaded on 数据, the switch
to English, then a firm link clicked — it opens a new tab, a new Streamlit session — shows that uploaded firm's
profile in English; a link whose dataset token the server never handed out says so and shows the default data."""
import re

import pytest

from tests.conftest import LOCAL

pytestmark = pytest.mark.browser

FILES = {
    "dataset.yaml": "name: 上传测试数据\nregion: 山东省\nchain_set: shandong-2022\nsynthetic: true\n",
    "firms.csv": "firm_id,name,province,city,revenue,employees,founded\n"
                 "U1,上传测试整机有限公司,山东省,济南市,5000,100,2010\n"
                 "U2,上传测试配件有限公司,山东省,青岛市,800,30,2012\n",
    "firm_segments.csv": "firm_id,chain_id,segment_id,share\nU1,agri_machinery,tractors,1\n"
                         "U2,agri_machinery,bearings_seals,1\n",
    "supply.csv": "supplier_id,customer_id,chain_id,amount\nU2,U1,agri_machinery,100\n",
}


@pytest.fixture(scope="module")
def upload_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in FILES]


def heading(page, text: str):
    return page.locator('[data-testid="stHeading"]').filter(has_text=text).first


def button(page, text: str):
    return page.locator('[data-testid="stButton"] button').filter(has_text=text).first


def test_a_firm_link_from_an_uploaded_dataset_opens_that_firm_in_english(app_url, browser, upload_files):
    context = browser.new_context(viewport={"width": 1440, "height": 1200})
    leaks = []
    context.on("request", lambda r: None if r.url.startswith(LOCAL) else leaks.append(r.url))
    page = context.new_page()
    page.goto(f"{app_url}/data")
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    uploader.wait_for(state="attached", timeout=90_000)
    uploader.set_input_files(upload_files)
    button(page, "校验").click()
    button(page, "在本次会话中使用此数据集").click()
    page.get_by_text("正在使用上传的数据集。").wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebar"] label').filter(has_text="English").click()
    page.get_by_text("Using the uploaded dataset.").wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Firm profiles").click()
    heading(page, "Firm profiles").wait_for(timeout=60_000)
    box = page.get_by_role("textbox", name="Search firms")   # not a text box the 数据 page left on screen
    box.wait_for(timeout=60_000)
    box.fill("上传测试整机")
    box.press("Enter")
    heading(page, "上传测试整机有限公司").wait_for(timeout=60_000)
    suppliers = page.locator('[data-testid="stMarkdownContainer"] strong').filter(has_text=re.compile("^Suppliers$"))
    grid = suppliers.first.locator('xpath=following::*[@data-testid="stDataFrame"][1]')   # the table under it
    grid.wait_for(timeout=30_000)
    grid.scroll_into_view_if_needed()
    frame = grid.bounding_box()
    cell = (frame["x"] + 40, frame["y"] + 35 + 18)   # the first row's firm name, a link
    page.mouse.move(*cell)   # the grid is a canvas: a link cell reacts to a click once the pointer is over it
    page.wait_for_timeout(300)
    with context.expect_page(timeout=30_000) as opened:   # a link cell opens a new tab: a new session
        page.mouse.click(*cell)
    tab = opened.value
    assert re.search(r"[?&]lang=en(&|$)", tab.url) and re.search(r"[?&]data=[A-Za-z0-9_-]{8,}", tab.url), tab.url
    heading(tab, "上传测试配件有限公司").wait_for(timeout=90_000)
    heading(tab, "Segments and roles").wait_for(timeout=30_000)
    assert tab.get_by_text("There is no firm").count() == 0 and tab.get_by_text("没有企业ID").count() == 0
    token = re.search(r"data=([A-Za-z0-9_-]+)", tab.url).group(1)
    tab.goto(f"{app_url}/firm?id=U2&lang=en&data=x{token[1:]}Q")   # a token this server never handed out
    tab.get_by_text("is no longer on this server").wait_for(timeout=90_000)
    tab.get_by_text("There is no firm with id 'U2'").wait_for(timeout=30_000)
    context.close()
    assert leaks == [], f"requests left localhost: {leaks}"
