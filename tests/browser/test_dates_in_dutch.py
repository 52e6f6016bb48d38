"""Issue 20 (8): a date field reads as Dutch to a Dutch user.

Streamlit's date field has no language parameter: its calendar follows the browser's language, as
the date fields of other sites do. What the app sets itself is the typed format (15-01-2027). This
test guards both against a Streamlit upgrade: a browser set to Dutch shows Dutch month names and a
week that starts on Monday.
"""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Browser

from pia_core.i18n import t
from tools.screenshots import wait_idle

from .conftest import App
from .helpers import main


def test_a_dutch_browser_gets_a_dutch_calendar_and_dutch_dates(app: App, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(app.base)
        wait_idle(page)
        field = main(page).locator("[data-testid=stDateInput]").filter(has_text=t("start.date", "nl")).first
        # The typed form is Dutch: day, month, year.
        today = date.today()
        shown = re.sub(r"\s", "", field.inner_text())
        assert f"{today.day:02d}-{today.month:02d}-{today.year}" in shown, shown
        field.get_by_test_id("stDateInputCalendarButton").click()
        calendar = page.get_by_role("dialog")
        calendar.wait_for()
        months = {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"}
        months |= {"september", "oktober", "november", "december"}
        text = calendar.inner_text().lower()
        assert any(month in text for month in months), text
        header = [cell.inner_text().strip() for cell in calendar.locator("th").all()]
        assert header[:2] == ["M", "D"], header  # maandag first, then dinsdag
    finally:
        context.close()
