"""Several processing activities in a real browser: add one, answer there, reload, switch back."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from playwright.sync_api import Locator, Page

from pia_core.i18n import t
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import choose, chosen, go, main, sidebar, token_in, type_text

ANSWERS = [t(f"common.answer.{a}", "nl") for a in ("yes", "partly", "no", "unknown", "na")]
YES, NO = ANSWERS[0], ANSWERS[2]


def switcher(page: Page) -> Locator:
    return sidebar(page).locator("[data-testid=stSelectbox]").first


def shown_activity(page: Page) -> str:
    return switcher(page).get_by_role("combobox").input_value()


def switch_to(page: Page, name: str) -> None:
    switcher(page).get_by_role("combobox").click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_idle(page)


def panel(page: Page) -> Locator:
    """Open the manage panel next to the switcher."""
    sidebar(page).locator("[data-testid=stPopover] button").first.click()
    body = page.locator("[data-testid=stPopoverBody]")
    body.wait_for()
    return body


def add_activity(page: Page, name: str) -> None:
    body = panel(page)
    body.get_by_label(t("activities.new_name", "nl"), exact=True).fill(name)
    body.get_by_role("button", name=t("activities.add", "nl"), exact=True).click()
    wait_idle(page)
    body.wait_for(state="hidden")  # done: the panel closes
    assert panel(page).get_by_label(t("activities.new_name", "nl"), exact=True).input_value() == ""
    page.keyboard.press("Escape")
    body.wait_for(state="hidden")


def test_second_activity_and_its_answer_come_back_after_a_reload(
    app: App, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), app.base)
    type_text(page, t("start.activity_name", "nl"), "Verhuizing")
    assert shown_activity(page) == "Verhuizing", "the list shows a name typed on the start page"
    add_activity(page, "Nieuwsbrief 📰")
    assert shown_activity(page) == "Nieuwsbrief 📰"
    assert (
        main(page).get_by_label(t("start.activity_name", "nl"), exact=True).input_value() == "Nieuwsbrief 📰"
    )
    go(page, "stap-1")
    choose(page, 0, YES)
    token = token_in(page.url)

    page.reload()
    wait_idle(page)
    assert urlparse(page.url).query == f"scan={token}", "only the token is in the URL"
    assert shown_activity(page) == "Nieuwsbrief 📰"
    assert chosen(page, 0, YES)

    switch_to(page, "Verhuizing")
    assert not any(chosen(page, 0, label) for label in ANSWERS), "the other activity has no answer"
    choose(page, 0, NO)
    switch_to(page, "Nieuwsbrief 📰")
    assert chosen(page, 0, YES)
    assert urlparse(page.url).query == f"scan={token}"

    # A browser that never saw the scan opens it on the same activity.
    other = open_app(new_page(), f"{app.base}/stap-1?scan={token}")
    assert shown_activity(other) == "Nieuwsbrief 📰"
    assert chosen(other, 0, YES)
