"""Start the real app (`python -m pia_core.serve`: `streamlit run app.py` after a warm-up) on a free
loopback port; used by browser tests and screenshots."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, process: subprocess.Popen[bytes] | None, what: str, timeout: float = 90) -> None:
    """Poll /_stcore/health (Streamlit's, passed through by nginx) until it answers 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not become healthy at {base}")
        time.sleep(0.2)


@contextmanager
def served_app(
    env: dict[str, str] | None = None,
    timeout: float = 60,
    port: int | None = None,
    options: Sequence[str] = (),
) -> Iterator[str]:
    """Yield the base URL of a running app; stop it afterwards. `options` go to Streamlit
    (e.g. `--secrets.files`), `port` is a free one unless given."""
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "pia_core.serve",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=REPO_DIR, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(base, proc, "streamlit", timeout)
        except RuntimeError:
            output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"streamlit did not start: {output[-2000:]}") from None
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
