"""The `kg viz` page in a real headless Chromium: it draws, searches, filters, and runs no article code.

Chromium and chromedriver come from Debian (``scripts/install-browser.sh``, run by the fixture
when they are missing); the tests skip, naming the reason, only when no browser can be installed.
"""

from __future__ import annotations

import networkx as nx
import pytest

pytest.importorskip("selenium")

from browser.chrome import console_errors, find_browser, start_chrome, wait_for  # noqa: E402
from browser.png import read_png  # noqa: E402
from fixtures.analytics.tiny import XSS_NAME, tiny_store  # noqa: E402
from kg.analytics import store_to_networkx  # noqa: E402
from kg.viz import render_html  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    found = find_browser()
    if isinstance(found, str):
        pytest.skip(f"no headless browser: {found}")
    d = start_chrome()
    yield d
    d.quit()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return store_to_networkx(tiny_store(xss=True))


@pytest.fixture
def page(driver, G, tmp_path):
    """Open a fresh page of the tiny graph (with the XSS article) and wait for the layout to settle."""
    path = render_html(G, tmp_path / "graph.html", title="测试图")
    console_errors(driver)  # drain messages of earlier pages
    driver.get(path.resolve().as_uri())
    wait_for(driver, "window.kg && window.kg.stabilized")
    return driver


def js(driver, script: str):
    return driver.execute_script(f"return {script}")


def test_draws_every_node_and_edge_without_errors(page, G):
    assert js(page, "kg.network.body.nodeIndices.length") == G.number_of_nodes()
    assert js(page, "kg.network.body.edgeIndices.length") == G.number_of_edges()
    assert js(page, "document.title") == "测试图"
    assert console_errors(page) == []


def test_layout_settles_then_physics_stops(page):
    assert js(page, "kg.network.physics.physicsEnabled") is False
    assert js(page, "document.getElementById('kg-physics').checked") is False
    page.find_element("id", "kg-physics").click()
    assert js(page, "kg.network.physics.physicsEnabled") is True


def test_search_by_alias_selects_the_node(page):
    from selenium.webdriver.common.keys import Keys

    box = page.find_element("id", "kg-search")
    box.send_keys("huachuan bank", Keys.ENTER)
    assert js(page, "kg.network.getSelectedNodes()") == ["华川银行"]
    assert page.find_element("css selector", "#kg-info h3").text == "华川银行"
    assert console_errors(page) == []


def test_search_by_part_of_a_name_lists_matches(page):
    assert js(page, "kg.search('云启')") == ["云启科技", "云启集团"]
    assert js(page, "kg.network.getSelectedNodes()") == ["云启科技"]
    assert [li.text for li in page.find_elements("css selector", "#kg-results li")] == ["云启科技", "云启集团"]


def test_clicked_node_panel_counts_the_relations_it_lists(page, G):
    from selenium.webdriver.common.action_chains import ActionChains

    name = "云启科技"
    point = js(page, f"kg.network.canvasToDOM(kg.network.getPositions([{name!r}])[{name!r}])")
    canvas = page.find_element("css selector", "#kg-network canvas")
    rect = canvas.rect
    ActionChains(page).move_to_element_with_offset(
        canvas, int(point["x"] - rect["width"] / 2), int(point["y"] - rect["height"] / 2)).click().perform()
    assert js(page, "kg.network.getSelectedNodes()") == [name]
    assert page.find_element("css selector", "#kg-info h3").text == name
    counts = [p.text for p in page.find_elements("css selector", "#kg-info p") if "关系数：" in p.text]
    listed = page.find_elements("css selector", "#kg-info li")
    relations = G.in_degree(name) + G.out_degree(name)
    assert counts == [f"提及次数：{G.nodes[name]['mentions']} · 关系数：{relations}"]
    assert len(listed) == relations == 5
    assert console_errors(page) == []


def test_filter_by_class_and_relation(page):
    before_nodes = js(page, "kg.network.body.nodeIndices.length")
    before_edges = js(page, "kg.network.body.edgeIndices.length")
    page.find_element("css selector", "#kg-classes input[value='Person']").click()
    assert js(page, "kg.network.body.nodeIndices.length") == before_nodes - 1
    assert js(page, "kg.network.body.edgeIndices.length") == before_edges - 1  # 李明's executiveOf
    page.find_element("css selector", "#kg-relations input[value='investsIn']").click()
    assert js(page, "kg.network.body.edgeIndices.length") == before_edges - 1 - 4
    page.find_element("css selector", "#kg-classes input[value='Person']").click()
    assert js(page, "kg.network.body.nodeIndices.length") == before_nodes


def test_xss_article_does_not_run(page):
    from selenium.webdriver.common.action_chains import ActionChains

    assert js(page, "window.__pwned") is None
    # Hover the hostile node and its edge so their tooltips render, then open both in the panel.
    for target in ("node", "edge"):
        point = js(page, f"""(function () {{
            var net = kg.network, id = {XSS_NAME!r};
            var p = net.getPositions([id])[id], q = net.getPositions(['华川银行'])['华川银行'];
            var at = '{target}' === 'node' ? p : {{x: (p.x + q.x) / 2, y: (p.y + q.y) / 2}};
            return net.canvasToDOM(at);
        }})()""")
        canvas = page.find_element("css selector", "#kg-network canvas")
        rect = canvas.rect
        ActionChains(page).move_to_element_with_offset(
            canvas, int(point["x"] - rect["width"] / 2), int(point["y"] - rect["height"] / 2)).click().perform()
    wait_for(page, "document.querySelector('div.vis-tooltip') !== null", timeout=10)
    js(page, f"kg.search({XSS_NAME!r})")
    assert js(page, "document.querySelector('#kg-info h3').textContent") == XSS_NAME
    assert js(page, "window.__pwned") is None
    assert js(page, "document.querySelectorAll('img').length") == 0
    assert js(page, "document.querySelectorAll('body script').length") == 3  # data, vis-network, page
    assert console_errors(page) == []


def test_screenshot_is_not_blank(page, tmp_path):
    shot = tmp_path / "graph.png"
    assert page.save_screenshot(str(shot))
    pixels = read_png(shot.read_bytes())
    height, width, _ = pixels.shape
    assert (width, height) == (js(page, "window.innerWidth"), js(page, "window.innerHeight"))
    # The drawing area (right of the legend, left of the panel): coloured nodes, not just white.
    area = pixels[60:, 220:width - 340, :3].reshape(-1, 3)
    coloured = ((area.max(axis=1) - area.min(axis=1)) > 60).mean()
    assert coloured > 0.005
    assert len({tuple(p) for p in area[:: 37]}) > 20


def test_a_few_hundred_nodes_settle_and_stop(driver, tmp_path):
    """A mid-sized invented graph: the layout stabilises, physics stops, every node is drawn."""
    import random

    rng = random.Random(3)
    types = ["Bank", "FintechCompany", "InvestmentFirm", "TechCompany", "Person"]
    predicates = ["investsIn", "subsidiaryOf", "servesClient", "partnersWith", "executiveOf"]
    H = nx.MultiDiGraph()
    for i in range(300):
        H.add_node(f"机构{i:03d}", type=rng.choice(types), aliases=[], mentions=1)
    names = list(H)
    for _ in range(600):
        u, v = rng.sample(names, 2)
        p = rng.choice(predicates)
        H.add_edge(u, v, key=p, predicate=p, evidence=1, sentences=[])
    path = render_html(H, tmp_path / "mid.html")
    console_errors(driver)
    driver.get(path.resolve().as_uri())
    wait_for(driver, "window.kg && window.kg.stabilized", timeout=120)
    assert js(driver, "kg.network.body.nodeIndices.length") == H.number_of_nodes()
    assert js(driver, "kg.network.body.edgeIndices.length") == H.number_of_edges()
    assert js(driver, "kg.network.physics.physicsEnabled") is False
    assert console_errors(driver) == []


@pytest.mark.seeds
def test_seed_graph_page(driver, seed_store, tmp_path):
    S = store_to_networkx(seed_store)
    path = render_html(S, tmp_path / "seeds.html", title="种子文章图谱")
    console_errors(driver)
    driver.get(path.resolve().as_uri())
    wait_for(driver, "window.kg && window.kg.stabilized", timeout=120)
    assert js(driver, "kg.network.body.nodeIndices.length") == S.number_of_nodes()
    assert js(driver, "kg.network.body.edgeIndices.length") == S.number_of_edges()
    assert js(driver, "kg.search('蚂蚁金服')")[0] == "蚂蚁集团"
    assert js(driver, "kg.network.getSelectedNodes()") == ["蚂蚁集团"]
    assert console_errors(driver) == []
    driver.save_screenshot(str(tmp_path / "seeds.png"))
