"""Issue 20 (3): the summary a consultant shows on a shared screen fits it.

The charts stretched to their column in presentation mode, but their axes and labels came on top:
the "Score per stap" chart ran 265 px past a 1400 px column at 1920x1080 and the page scrolled
sideways. Measured on what is drawn (the SVG), not on the chart's container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tools.screenshots import load_demo, switch_presentation

from .conftest import App, open_app
from .helpers import go

# Every drawn chart, table and grid on the page, with the width of the column that holds it.
TOO_WIDE = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const wide = [];
  const drawn = 'svg.marks, canvas, [data-testid=stTable], [data-testid=stDataFrame]';
  for (const e of main.querySelectorAll(drawn)) {
    const holder = e.closest('[data-testid=stColumn]') || e.closest('[data-testid=stVerticalBlock]');
    const width = e.getBoundingClientRect().width, room = holder.getBoundingClientRect().width;
    if (width > room + 1) wide.push([e.tagName, Math.round(width), Math.round(room)]);
  }
  const page = document.documentElement;
  return {wide, sideways: main.scrollWidth > main.clientWidth + 1 || page.scrollWidth > innerWidth};
}"""


@pytest.fixture
def wide_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture(params=[(1920, 1080), (1280, 800)], ids=["1920x1080", "1280x800"])
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_the_summary_in_presentation_mode_fits_its_columns(app: App, screen: Page) -> None:
    page = open_app(screen, app.base)
    load_demo(page, "zorg-patientbrieven")  # critical points, findings in the risk matrix
    go(page, "samenvatting")
    switch_presentation(page)
    # The step scores and the risk matrix, and the savings charts of the flows.
    assert page.locator("[data-testid=stMain] svg.marks").count() >= 2, "the charts are drawn"
    measured = page.evaluate(TOO_WIDE)
    assert measured == {"wide": [], "sideways": False}


# Every table cell and grid in the main column, with its type size: a canvas grid draws at 14 px.
TABLE_TYPE = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const cells = Array.from(main.querySelectorAll('[data-testid=stTable] td, [data-testid=stTable] th'));
  return {grids: main.querySelectorAll('[data-testid=stDataFrame]:not(details:not([open]) *)').length,
          smallest: Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize)))};
}"""


@pytest.mark.parametrize("path", ["samenvatting", "communicatie"])
def test_the_flows_and_the_action_plan_read_at_the_pages_size(app: App, wide_page: Page, path: str) -> None:
    """Issue 20 (4): on a shared screen the flows and the action plan are HTML tables whose type
    grows with the page's; their editors are folded below them."""
    page = open_app(wide_page, app.base)
    load_demo(page, "zorg-patientbrieven")
    go(page, path)
    switch_presentation(page)
    measured = page.evaluate(TABLE_TYPE)
    assert measured["grids"] == 0, "no 14 px grid left open on the shared screen"
    assert measured["smallest"] >= 18, measured
    assert page.evaluate(TOO_WIDE) == {"wide": [], "sideways": False}


def test_nothing_changes_outside_presentation_mode(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    load_demo(page, "zorg-patientbrieven")
    go(page, "samenvatting")
    assert page.evaluate(TOO_WIDE) == {"wide": [], "sideways": False}
