"""A scan survives a reload, a broken import and is gone after "Verwijder mijn gegevens"."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from pia_core.i18n import t
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import (
    choose,
    chosen,
    go,
    main,
    open_scan_controls,
    overall_score,
    token_in,
    type_text,
    upload,
)

YES, PARTLY, NO = (t(f"common.answer.{a}", "nl") for a in ("yes", "partly", "no"))
ORG = t("start.org_name", "nl")


def fill_some(page: Page) -> None:
    type_text(page, ORG, "Gemeente Ede — Burgerzaken")
    go(page, "stap-1")
    choose(page, 0, YES)
    choose(page, 1, PARTLY)
    go(page, "stap-4")
    choose(page, 0, NO)


def test_answers_on_several_steps_survive_a_reload(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    fill_some(page)
    token = token_in(page.url)
    assert page.url.startswith(f"{app.base}/stap-4?"), "the token rides along on page navigation"
    score = overall_score(page)
    page.reload()
    wait_idle(page)
    assert token_in(page.url) == token
    assert chosen(page, 0, NO)
    assert overall_score(page) == score
    go(page, "stap-1")
    assert chosen(page, 0, YES) and chosen(page, 1, PARTLY)
    assert token_in(page.url) == token
    go(page, "")
    assert main(page).get_by_label(ORG, exact=True).input_value() == "Gemeente Ede — Burgerzaken"
    # The bookmark works in a browser that never saw the scan.
    other = open_app(new_page(), f"{app.base}/stap-1?scan={token}")
    assert chosen(other, 0, YES) and chosen(other, 1, PARTLY)


def test_broken_import_shows_the_error_and_keeps_every_answer(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    fill_some(page)
    score = overall_score(page)
    go(page, "")
    open_scan_controls(page)
    upload(page, "kapot.json", b'{"schema_version": 1, "answers": {')
    expected = t("scan.import_failed", "nl", reason=t("scan.error.not_json", "nl"))
    assert main(page).get_by_text(expected).is_visible()
    assert overall_score(page) == score
    page.reload()
    wait_idle(page)
    assert overall_score(page) == score
    assert main(page).get_by_label(ORG, exact=True).input_value() == "Gemeente Ede — Burgerzaken"
    go(page, "stap-1")
    assert chosen(page, 0, YES) and chosen(page, 1, PARTLY)


def test_delete_my_data_leaves_the_resume_link_empty(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    fill_some(page)
    old_link = page.url
    go(page, "")
    open_scan_controls(page)
    main(page).get_by_role("button", name=t("scan.delete_button", "nl")).click()
    wait_idle(page)
    assert main(page).get_by_text(t("scan.delete_done", "nl")).is_visible()
    assert token_in(page.url) != token_in(old_link)
    assert main(page).get_by_label(ORG, exact=True).input_value() == ""
    resumed = open_app(new_page(), old_link)
    assert overall_score(resumed) == t("common.no_score", "nl")
    assert not chosen(resumed, 0, NO)
    assert token_in(resumed.url) != token_in(old_link), "a deleted scan's token is not reused"
