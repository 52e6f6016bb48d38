"""Small steps a user takes, for the browser tests."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import FilePayload, Locator, Page

from pia_core.i18n import t
from tools.screenshots import wait_idle


def main(page: Page) -> Locator:
    return page.locator("[data-testid=stMain]")


def sidebar(page: Page) -> Locator:
    return page.locator("[data-testid=stSidebar]")


def go(page: Page, url_path: str) -> None:
    """Follow a sidebar link, as a user does (the session stays; the URL changes)."""
    sidebar(page).locator(f"a[href='{url_path}']").first.click()
    wait_idle(page)


def choose(page: Page, question: int, label: str) -> None:
    """Answer the `question`-th question (0-based) on the page with the answer labelled `label`."""
    group = main(page).get_by_role("radiogroup").nth(question)
    group.get_by_text(label, exact=True).click()
    wait_idle(page)


def chosen(page: Page, question: int, label: str) -> bool:
    return main(page).get_by_role("radiogroup").nth(question).get_by_role("radio", name=label).is_checked()


def type_text(page: Page, label: str, text: str) -> None:
    field = main(page).get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")
    wait_idle(page)


def overall_score(page: Page) -> str:
    return sidebar(page).locator("[data-testid=stMetricValue]").first.inner_text()


def token_in(url: str) -> str:
    values = parse_qs(urlparse(url).query).get("scan", [])
    assert len(values) == 1, url
    return values[0]


def open_scan_controls(page: Page) -> None:
    main(page).get_by_text(t("scan.section_title", "nl"), exact=True).click()
    wait_idle(page)


def upload(page: Page, name: str, content: bytes, mime: str = "application/json") -> None:
    payload: FilePayload = {"name": name, "mimeType": mime, "buffer": content}
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(files=[payload])
    wait_idle(page)
