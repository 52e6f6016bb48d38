"""Browser tests: Debian's chromium (Playwright) against the real app started with `streamlit run`.

Each test gets its own app server with its own empty scan store (PIA_STORE_PATH in a tmp dir).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tools.screenshots import wait_idle
from tools.served_app import CHROMIUM, CHROMIUM_ARGS, served_app


@dataclass(frozen=True)
class App:
    base: str
    store: Path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    store = tmp_path / "store" / "scans.sqlite3"
    # One PDF worker (the real pool, pia_core/pdf_pool.py) rather than one per core: every test
    # starts a server, and warming a second worker for each only slowed the run by minutes.
    with served_app(env={"PIA_STORE_PATH": str(store), "PIA_PDF_WORKERS": "1"}) as base:
        yield App(base, store)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[object]:
    """A factory of pages, each in a fresh browser context (no shared cookies or storage)."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()


def open_app(page: Page, url: str) -> Page:
    page.goto(url)
    wait_idle(page)
    return page
