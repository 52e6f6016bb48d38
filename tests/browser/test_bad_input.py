"""Issue 20 (6, 7): bad input gets a clear message in the user's language, and nothing is lost.

A 500-character paste into a 200-character field used to leave the field empty without a word; a
.txt file in the uploader got a red mark whose reason only Streamlit's English tooltip gave, and
the remove (x) button of a chosen file was covered by the words "Bestand kiezen".
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from pia_core.i18n import t
from pia_core.scan.model import NAME_MAX
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import main, open_scan_controls, upload


def test_a_pasted_overlong_name_is_cut_with_a_word_not_dropped(
    app: App, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), app.base)
    field = main(page).get_by_label(t("start.org_name", "nl"), exact=True)
    pasted = "Stichting " + "Zorg en Welzijn " * 40  # about 650 characters
    field.fill(pasted)  # as a paste: the whole text at once
    field.press("Tab")
    wait_idle(page)
    assert field.input_value() == pasted.strip()[:NAME_MAX]
    assert main(page).get_by_text(t("start.cut", "nl", limit=NAME_MAX)).is_visible()


def test_a_wrong_file_type_says_why_in_dutch_and_the_remove_button_shows(
    app: App, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), app.base)
    open_scan_controls(page)
    upload(page, "notities.txt", b"geen scan", mime="text/plain")
    errors = main(page).locator("[data-testid=stAlertContentError]")
    assert t("scan.error.wrong_type", "nl") in errors.first.inner_text()
    assert "not allowed" not in main(page).inner_text()
    remove = main(page).locator("[data-testid=stFileChipDeleteBtn] button")
    assert remove.count() == 1
    # The words of the browse button are drawn on that button only, not over the remove icon.
    after = remove.evaluate("b => getComputedStyle(b, '::after').content")
    assert after in ("none", "normal", '""'), after
    assert float(remove.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) > 0
