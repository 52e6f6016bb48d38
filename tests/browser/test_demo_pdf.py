"""A demo loaded on the start page gives a PDF report download naming its organisation."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from benchmarks.bench_demo import demo_pdf_in_browser
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo

from .conftest import App


def test_demo_loads_in_one_click_and_its_pdf_downloads(
    app: App, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    item = shipped_content().demos[0]
    pdf = demo_pdf_in_browser(new_page(), app.base, item, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert load_demo(item.id, shipped_content()).assessment.organisation.name in " ".join(text.split())
