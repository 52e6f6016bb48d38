"""Every download arrives while other sessions keep the server busy.

Several browser tabs, each its own scan, click the PDF, CSV and JSON buttons of the summary at
once, while simulated users (Streamlit's websocket protocol, as in `make load`) keep answering
questions: every one of their script runs ends with Streamlit's sweep of unreferenced files.
Before pia_core/ui/downloads.py, a file built on click was swept before the browser fetched it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Download, Page

from benchmarks.load.protocol import Session, string_value
from benchmarks.load.server import Server
from pia_core.i18n import t
from pia_core.ui.navigation import SUMMARY
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import go, main

TABS = 6
BUSY_USERS = 4
LABELS = [t("summary.download_pdf", "nl"), t("summary.download_csv", "nl"), t("scan.export_button", "nl")]


def keep_answering(base: str, stop: threading.Event) -> threading.Thread:
    """Users that answer step 2's first question back and forth until `stop` is set."""

    async def user() -> None:
        server = Server(base, None)
        async with Session(server.ws_url, base) as session:
            page = await session.run(page="stap-2")
            radio = page.of_kind("radio")[0]
            labels, turn = list(radio.options), 0
            while not stop.is_set():
                turn += 1
                await session.run(changes={radio.id: string_value(radio.id, labels[turn % 2])})

    async def users() -> None:
        await asyncio.gather(*(user() for _ in range(BUSY_USERS)))

    thread = threading.Thread(target=lambda: asyncio.run(users()), daemon=True)
    thread.start()
    return thread


def test_every_download_arrives_while_other_sessions_run(
    app: App, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    tabs = [open_app(new_page(), app.base) for _ in range(TABS)]
    arrived: list[Download] = []
    for tab in tabs:
        go(tab, SUMMARY.url)
        main(tab).get_by_text(
            t("scan.export_heading", "nl"), exact=True
        ).click()  # the JSON button's expander
        wait_idle(tab)
        tab.on("download", lambda download: arrived.append(download))
    stop = threading.Event()
    busy = keep_answering(app.base, stop)
    try:
        for label in LABELS:
            for tab in tabs:
                main(tab).get_by_role("button", name=label).click()
        for _ in range(240):  # until all have arrived (at most a minute)
            if len(arrived) == TABS * len(LABELS):
                break
            tabs[0].wait_for_timeout(250)
    finally:
        stop.set()
        busy.join(30)
    assert len(arrived) == TABS * len(LABELS)
    for number, download in enumerate(arrived):
        assert download.failure() is None, download.suggested_filename
        saved = tmp_path / f"{number}-{download.suggested_filename}"
        download.save_as(saved)
        body = saved.read_bytes()
        if saved.suffix == ".pdf":
            assert body.startswith(b"%PDF-")
        else:
            assert body.strip(), saved.name
