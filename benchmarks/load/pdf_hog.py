"""Other users' answers while one session asks for 10 organisation PDFs of the largest dossier.

    python -m benchmarks.load.pdf_hog [--sessions 25] [--answers 10]

Starts one app server (SQLite, its PDF workers), then runs `python -m benchmarks.load` against it
twice with the same users: once alone, once while a browser session (Chromium) has opened the
200-activity dossier (benchmarks/bench_large_dossier.py) and clicks the organisation report's
download 10 times in a row. Prints the load run's own table for both, and what the hog got.
Loopback only; a measurement, not a test (issue 26: answers p95 under 200 ms beside the hog).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import FilePayload, sync_playwright

from benchmarks.bench_large_dossier import large_dossier
from pia_core.i18n import t
from pia_core.scan.serialization import dossier_to_json
from tools.screenshots import wait_idle
from tools.served_app import CHROMIUM, CHROMIUM_ARGS, REPO_DIR, served_app

CLICKS = 10
TIMEOUT_MS = 600_000


def hog(base: str, ready: threading.Event, done: threading.Event, out: dict[str, list[float]]) -> None:
    """One browser session: open the dossier, then ask for the organisation PDF CLICKS times."""
    raw = dossier_to_json(large_dossier(), compact=True).encode("utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(base)
        wait_idle(page)
        main = page.locator("[data-testid=stMain]")
        main.get_by_text(t("scan.section_title", "nl"), exact=True).click()
        wait_idle(page)
        payload: FilePayload = {"name": "groot.json", "mimeType": "application/json", "buffer": raw}
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(files=[payload])
        wait_idle(page)
        main.get_by_role("button", name=t("scan.import_confirm", "nl")).click()
        wait_idle(page)
        page.locator("[data-testid=stSidebar] a[href$='overzicht']").first.click()
        wait_idle(page)
        button = main.get_by_role("button", name=t("overview.download_pdf", "nl"))
        ready.set()
        started = time.perf_counter()
        arrivals: list[float] = []
        page.on("download", lambda _d: arrivals.append(time.perf_counter() - started))
        for _ in range(CLICKS):
            button.click()
        deadline = time.perf_counter() + TIMEOUT_MS / 1000
        while len(arrivals) < CLICKS and time.perf_counter() < deadline:
            page.wait_for_timeout(500)  # a measurement tool polling, not a test
        out["arrivals"] = arrivals
        browser.close()
    done.set()


def load_run(base: str, sessions: int, answers: int) -> str:
    command = [
        sys.executable, "-m", "benchmarks.load", "--target", base, "--no-bare",
        "--sessions", str(sessions), "--answers", str(answers), "--no-downloads",
    ]  # fmt: skip
    return subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True, check=False).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--answers", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PIA_STORE_PATH": str(Path(tmp) / "scans.sqlite3")}
        with served_app(env=env) as base:
            print("== alone ==")
            print(load_run(base, options.sessions, options.answers))
            ready, done = threading.Event(), threading.Event()
            out: dict[str, list[float]] = {}
            thread = threading.Thread(target=hog, args=(base, ready, done, out), daemon=True)
            thread.start()
            ready.wait(timeout=300)
            print(f"== beside one session asking for {CLICKS} organisation PDFs of 200 activities ==")
            print(load_run(base, options.sessions, options.answers))
            done.wait(timeout=TIMEOUT_MS / 1000)
            arrivals = out.get("arrivals", [])
            print("hog's PDFs arrived after (s):", ", ".join(f"{a:.1f}" for a in arrivals))


if __name__ == "__main__":
    main()
