"""A bookmarked page opened as the first request after the server started (a consultant's link to
the summary, the morning after a deploy) shows that page, without Streamlit's "Page not found"."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from pia_core.i18n import t

from .conftest import App, open_app
from .helpers import main


def test_a_deep_link_as_the_first_request_of_a_fresh_server_opens_its_page(
    app: App, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), f"{app.base}/samenvatting")
    page.wait_for_timeout(1000)  # the dialog, when it comes, arrives with the first run
    assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").all_inner_texts()
    assert "/samenvatting?scan=" in page.url
    main(page).get_by_role("heading", name=t("summary.heading", "nl"), exact=True).wait_for()
