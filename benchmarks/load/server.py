"""Start a Streamlit server for the load test on a free loopback port, and read its memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tools.served_app import wait_healthy

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT
    pid: int | None  # None: a server this run did not start (its memory is not read)
    more_pids: tuple[int, ...] = ()  # further app processes behind `base` (a cluster): memory summed

    @property
    def ws_url(self) -> str:
        return self.base.replace("http", "ws", 1) + "/_stcore/stream"

    def rss_mb(self) -> float | None:
        """Memory of the app processes and everything they started (the PDF workers too)."""
        if self.pid is None:
            return None
        pids = [pid for root in (self.pid, *self.more_pids) for pid in (root, *descendants(root))]
        values = [rss_mb(pid) for pid in pids]
        return sum(v for v in values if v is not None) if rss_mb(self.pid) is not None else None


def require_loopback(url: str) -> str:
    """The load test only ever talks to this machine."""
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing to load {host!r}: only loopback addresses (127.0.0.0/8, ::1)")
    return url.rstrip("/")


def descendants(pid: int) -> list[int]:
    """Children, grandchildren, ... of `pid` (from /proc; empty where there is none)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces and brackets
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def rss_mb(pid: int) -> float | None:
    """The process's proportional share of memory (PSS: pages shared with its fork server and
    sibling workers counted once over all of them, so a sum over processes is honest); its
    resident size where the kernel does not give PSS."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii") as lines:
                for line in lines:
                    if line.startswith(field):
                        return int(line.split()[1]) / 1024
        except OSError:
            continue
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    script: Path, cwd: Path, env: dict[str, str], options: list[str], timeout: float = 90, port: int = 0
) -> Iterator[Server]:
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below; the server's own log is not needed
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, f"streamlit ({' '.join(cmd)})", timeout)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
