"""The consultant's first minute: from `streamlit run` to a demo's PDF on disk, in a real browser.

Steps as a user takes them: open the app, click a demo on the start page, follow the sidebar link to
the summary, click "Rapport (PDF)". Timed: server start until it answers, and page open until the
PDF is saved (Debian's chromium driven by Playwright). Target: well under a minute (the brief's
"a full summary and PDF within a minute"); the figures print per demo.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from pia_core.content.bundle import shipped_content
from pia_core.content.demos import Demo
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.ui.navigation import SUMMARY
from tools.served_app import CHROMIUM, CHROMIUM_ARGS, served_app

TIMEOUT_MS = 60_000


def demo_pdf_in_browser(
    page: Page, base: str, item: Demo, out_dir: Path, marks: dict[str, float] | None = None
) -> Path:
    """Open the app, load `item`, open the summary and download the PDF; the saved file's path.

    `marks` receives the moment (perf_counter) each step was done: start, loaded, summary, pdf.
    """
    marks = {} if marks is None else marks
    main = page.locator("[data-testid=stMain]")
    name = load_demo(item.id, shipped_content()).assessment.organisation.name
    marks["start"] = time.perf_counter()
    page.goto(base)
    main.get_by_role("button", name=item.title["nl"]).click(timeout=TIMEOUT_MS)
    main.get_by_text(t("demo.loaded", "nl", name=name)).wait_for(timeout=TIMEOUT_MS)
    marks["loaded"] = time.perf_counter()
    page.locator(f"[data-testid=stSidebar] a[href$='{SUMMARY.url}']").first.click()
    button = main.get_by_role("button", name=t("summary.download_pdf", "nl"))
    button.wait_for(timeout=TIMEOUT_MS)
    marks["summary"] = time.perf_counter()
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click(timeout=TIMEOUT_MS)
    saved = out_dir / f"{item.id}.pdf"
    download.value.save_as(saved)
    marks["pdf"] = time.perf_counter()
    return saved


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for item in shipped_content().demos:
            started = time.perf_counter()
            with served_app(env={"PIA_STORE_PATH": str(out / item.id / "scans.sqlite3")}) as base:
                up = time.perf_counter() - started
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
                    marks: dict[str, float] = {}
                    pdf = demo_pdf_in_browser(page, base, item, out, marks)
                    browser.close()
            since = {step: at - marks["start"] for step, at in marks.items()}
            print(
                f"{item.id}: server up {up:.1f} s; open to demo loaded {since['loaded']:.1f} s, "
                f"to summary shown {since['summary']:.1f} s, to PDF saved {since['pdf']:.1f} s; "
                f"from `streamlit run` {marks['pdf'] - started:.1f} s; PDF {pdf.stat().st_size / 1000:.0f} kB"
            )
