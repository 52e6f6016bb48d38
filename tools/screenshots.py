"""Screenshots of the app as a user sees it.

    python -m tools.screenshots OUT_DIR [URL_PATH ...] [--full] [--demo=ID] [--presentation]
        [--sizes=1280x800,1920x1080] [--langs=nl,en] [--click=KEY[,KEY ...]] [--scroll=KEY]

Takes each page (default: the start page and step 1) at every size and language; with --demo the
example scan is loaded first (start page button), with --presentation the mode is switched on.
On each page, --click clicks the buttons with those widget keys first (in order; e.g.
`--click=projection_top` ticks the action plan's top 5 on the summary), and --scroll brings the
element with that key (a widget or a keyed container, e.g. `pia_projection`) to the top of the view.
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
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    # On a first load widgets show as grey placeholders until their code has arrived.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_timeout(200)


def load_demo(page: Page, demo_id: str, language: str = "nl") -> None:
    from pia_core.content.bundle import shipped_content
    from pia_core.content.demos import find_demo

    title = find_demo(demo_id, shipped_content().demos).title[language]  # type: ignore[index]
    page.locator("[data-testid=stMain]").get_by_role("button", name=title, exact=True).click()
    wait_idle(page)


def switch_presentation(page: Page) -> None:
    page.locator("[data-testid=stSidebar] .st-key-presentation_mode label").click()
    wait_idle(page)


def click_keys(page: Page, keys: list[str]) -> None:
    """Click the button of each widget key (Streamlit marks its element `st-key-<key>`)."""
    for key in keys:
        page.locator(f"[data-testid=stMain] .st-key-{key} button").first.click()
        size = page.viewport_size or {"width": 1280, "height": 800}
        page.mouse.move(size["width"] - 5, size["height"] - 5)  # no button's tooltip over the page
        wait_idle(page)


def scroll_to_key(page: Page, key: str) -> None:
    """Bring the element with this key to the top of the view (the app scrolls inside stMain)."""
    page.locator(f"[data-testid=stMain] .st-key-{key}").first.evaluate(
        "element => element.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(500)


def _option(name: str) -> str | None:
    for arg in sys.argv[1:]:
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return None


def main(out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    demo, present = _option("demo"), "--presentation" in sys.argv
    sizes = [tuple(map(int, s.split("x"))) for s in (_option("sizes") or "").split(",") if s] or SIZES
    langs = (_option("langs") or "nl,en").split(",")
    clicks = [key for key in (_option("click") or "").split(",") if key]
    scroll = _option("scroll")
    suffix = ("_pres" if present else "") + (f"_{demo.split('-')[0]}" if demo else "")
    suffix += ("_" + "_".join(clicks)) if clicks else ""
    with served_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in sizes:
            for language in langs:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base)
                wait_idle(page)
                if language == "en":
                    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
                    wait_idle(page)
                if demo:
                    load_demo(page, demo, language)
                if present:
                    switch_presentation(page)
                for path in paths:
                    if path:
                        page.locator(f"[data-testid='stSidebar'] a[href='{path}']").first.click()
                        page.mouse.move(width - 5, height - 5)  # no link's tooltip over the page
                        wait_idle(page)
                    click_keys(page, clicks)
                    if scroll:
                        scroll_to_key(page, scroll)
                    name = f"{path or 'start'}_{language}_{width}x{height}{suffix}.png"
                    if "--full" in sys.argv:  # the app scrolls inside stMain: grow the window to it
                        tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                        page.set_viewport_size({"width": width, "height": max(height, int(tall))})
                        page.wait_for_timeout(500)
                    page.screenshot(path=str(out / name))
                    page.set_viewport_size({"width": width, "height": height})
                    print(out / name)
                page.close()
        browser.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]), args[1:] or ["", "stap-1"])
