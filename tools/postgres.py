"""A throwaway PostgreSQL server on this machine, for the tests and `make cluster`.

Debian's `postgresql` package (installed by `make system-deps`) provides the binaries; the
server gets its own data directory in a fresh temporary folder, listens on 127.0.0.1 only, and
runs as an unprivileged user (PostgreSQL refuses to run as root): the `postgres` user the
package creates, else `nobody`. Local connections are trusted (loopback only, a test server).

    python -m tools.postgres DIR PORT   # run in the foreground until stopped (make cluster)
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DATABASE, ROLE = "pia", "pia"


def binary(name: str) -> str:
    """A PostgreSQL server program: Debian keeps them out of PATH, under /usr/lib/postgresql/N/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise RuntimeError(
            f"PostgreSQL's {name} not found: run `make system-deps` (Debian package postgresql)"
        )
    return on_path


def _run_as() -> tuple[str, int, int] | None:
    """The unprivileged user to run the server as when we are root, else None (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return name, entry.pw_uid, entry.pw_gid
    raise RuntimeError("no unprivileged user (postgres or nobody) to run PostgreSQL as")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Postgres:
    root: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @staticmethod
    def _uid_gid() -> tuple[int | None, int | None]:
        who = _run_as()
        return (None, None) if who is None else (who[1], who[2])

    def init(self) -> None:
        who = _run_as()
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "run").mkdir(exist_ok=True)
        if who is not None:
            for path in (self.root, self.root / "run"):
                os.chown(path, who[1], who[2])
        subprocess.run(
            [binary("initdb"), "-D", str(self.data), "-U", ROLE, "--auth=trust", "--no-sync",
             "-E", "UTF8", "--no-locale"],
            check=True, capture_output=True, user=self._uid_gid()[0], group=self._uid_gid()[1],
        )  # fmt: skip

    def start(self, timeout: float = 60) -> None:
        """Start the server and wait until it accepts connections; create the database once."""
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(
            [binary("postgres"), "-D", str(self.data), "-p", str(self.port), "-h", "127.0.0.1",
             "-k", str(self.root / "run"), "-c", "fsync=off", "-c", "full_page_writes=off",
             "-c", "max_connections=100"],
            stdout=log, stderr=subprocess.STDOUT, user=self._uid_gid()[0], group=self._uid_gid()[1],
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(
                [binary("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, "-d", "postgres"],
                capture_output=True,
            )
            if done.returncode == 0:
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start; see {self.root / 'server.log'}")
            time.sleep(0.1)
        exists = subprocess.run(
            [binary("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, "-d", "postgres",
             "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        if exists != "1":
            subprocess.run(
                [binary("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, DATABASE],
                check=True, capture_output=True,
            )  # fmt: skip

    def stop(self) -> None:
        """Fast shutdown (SIGINT): sessions are ended, the data stays for a later start."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """A fresh server in a temporary folder (readable by its unprivileged user); removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="pia-pg-"))
    server = Postgres(root, free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> None:
    root, port = Path(argv[0]).resolve(), int(argv[1])
    server = Postgres(root, port)
    if not server.data.exists():
        server.init()
    server.start()
    print(f"PostgreSQL ready: {server.url}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        assert server.process is not None
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
