"""Issue 26 (5): the server asks no third party anything, not even its own address.

Streamlit asked checkip.amazonaws.com for the server's address at start and again whenever a
websocket came from another origin. Every Python process of the app server here (the server and
its PDF workers) runs with an audit hook (tests/browser/audit/sitecustomize.py) that writes down
each name lookup and connection to a host other than this machine; a user's whole visit, a PDF
and a foreign websocket attempt must leave that list empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from benchmarks.bench_demo import demo_pdf_in_browser
from pia_core.content.bundle import shipped_content
from tools.served_app import served_app

from .test_http_guard import _websocket_status

AUDIT_DIR = Path(__file__).parent / "audit"


def _audit_env(record: Path) -> dict[str, str]:
    path = os.pathsep.join(part for part in [str(AUDIT_DIR), os.environ.get("PYTHONPATH", "")] if part)
    return {**os.environ, "PYTHONPATH": path, "PIA_AUDIT_FILE": str(record)}


@pytest.fixture
def audited_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    record = tmp_path / "outbound.txt"
    record.touch()
    env = {**_audit_env(record), "PIA_STORE_PATH": str(tmp_path / "scans.sqlite3"), "PIA_PDF_WORKERS": "1"}
    with served_app(env=env) as base:
        yield base, record


def test_a_visit_makes_no_request_to_another_host(
    audited_app: tuple[str, Path], new_page: Callable[[], Page], tmp_path: Path
) -> None:
    base, record = audited_app
    pdf = demo_pdf_in_browser(new_page(), base, shipped_content().demos[0], tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert _websocket_status(base, "http://evil.example") == 403
    assert record.read_text(encoding="utf-8") == ""


def test_the_audit_hook_sees_a_lookup(tmp_path: Path) -> None:
    """The check above can fail: a process started the same way reports a foreign name lookup
    (raised as the audit event itself, so nothing leaves this machine)."""
    record = tmp_path / "outbound.txt"
    code = "import sys; sys.audit('socket.getaddrinfo', 'checkip.amazonaws.com', 80, 0, 0, 0)"
    subprocess.run([sys.executable, "-c", code], env=_audit_env(record), check=True)
    assert "checkip.amazonaws.com" in record.read_text(encoding="utf-8")
