"""Issue 20 (14): a page opened from the sidebar shows its title, not the old page's scroll position.

From the end of the long summary, step 3 opened scrolled 3,000 px down: the reader saw the middle
of a page and no title.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tools.screenshots import load_demo

from .conftest import App, open_app
from .helpers import go

# Long pages to leave from the bottom, and the pages opened from there.
ROUTE = ["samenvatting", "stap-3", "communicatie", "stap-8", "samenvatting", "stap-1", "register", "stap-10"]
TO_BOTTOM = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  main.scrollTo(0, main.scrollHeight);
  window.scrollTo(0, document.body.scrollHeight);
}"""
TITLE_TOP = "() => document.querySelector('[data-testid=stMain] h1').getBoundingClientRect().top"


def test_every_page_opens_at_its_title(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    load_demo(page, "gemeente-verhuizen")
    height = page.viewport_size["height"] if page.viewport_size else 900
    for path in ROUTE:
        page.evaluate(TO_BOTTOM)
        go(page, path)
        top = float(page.evaluate(TITLE_TOP))
        assert 0 <= top < height / 2, f"{path} opened with its title at {top:.0f} px"
