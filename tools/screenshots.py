"""Screenshots of the app as a user sees it: `python -m tools.screenshots OUT_DIR`.

Takes the start page and a step page at 1280x800 and 1920x1080 in Dutch and English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tools.served_app import CHROMIUM, CHROMIUM_ARGS, served_app

SIZES = [(1280, 800), (1920, 1080)]


def wait_idle(page: Page) -> None:
    """Wait until the app is connected and its script run has finished.

    Streamlit marks the app root with data-test-script-state (initial -> running -> notRunning).
    A click starts a run a moment later, so first give the run time to start, then wait for its end
    (and for the "running" status widget to go), with room for a slow, busy machine.
    """
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", state="attached")
    page.wait_for_timeout(300)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", state="attached", timeout=60_000
    )
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(200)


def main(out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with served_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            for language in ("nl", "en"):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base)
                wait_idle(page)
                if language == "en":
                    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
                    wait_idle(page)
                for path in paths:
                    if path:
                        page.locator(f"[data-testid='stSidebar'] a[href='{path}']").first.click()
                        wait_idle(page)
                    name = f"{path or 'start'}_{language}_{width}x{height}.png"
                    page.screenshot(path=str(out / name), full_page="--full" in sys.argv)
                    print(out / name)
                page.close()
        browser.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]), args[1:] or ["", "stap-1"])
