"""`make cluster`: PostgreSQL, two app servers and nginx on this machine (loopback only).

    python -m tools.cluster [--port 8080] [--apps 2] [--dir .cluster]

PostgreSQL runs from its own data directory as an unprivileged user (tools/postgres.py), each
app server is `python -m pia_core.serve` (streamlit run app.py, warmed) with PIA_STORE_URL at it, and nginx
(deploy/nginx.conf) balances them with sticky sessions on http://127.0.0.1:PORT. Everything
stops on Ctrl-C. The fault tests use `cluster()` to kill an app server or restart the database.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tools.postgres import Postgres, free_port
from tools.served_app import REPO_DIR, wait_healthy

NGINX_TEMPLATE = REPO_DIR / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian puts it in /usr/sbin
# nginx skips a server for this long after one refused connection (max_fails=1).
FAIL_TIMEOUT_S = 3


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class AppServer:
    port: int
    store_url: str
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            sys.executable, "-m", "pia_core.serve",
            "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        # Two app servers share this machine's cores: one PDF worker each (pia_core/pdf_pool.py).
        env = {**os.environ, "PIA_STORE_URL": self.store_url}
        env.setdefault("PIA_PDF_WORKERS", "1")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(cmd, cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_healthy(self.base, self.process, f"app server on port {self.port}")

    def kill(self) -> None:
        """Gone at once, as in a crash (SIGKILL): no clean shutdown, sessions cut off."""
        _stop(self.process, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Cluster:
    root: Path
    port: int
    postgres: Postgres
    apps: list[AppServer] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def nginx_conf(self) -> Path:
        run = self.root / "nginx"
        limits = f"max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s"
        servers = "\n".join(f"        server 127.0.0.1:{app.port} {limits};" for app in self.apps)
        text = NGINX_TEMPLATE.read_text(encoding="utf-8")
        text = text.replace("@RUN@", str(run)).replace("@LISTEN@", f"127.0.0.1:{self.port}")
        conf = run / "nginx.conf"
        conf.write_text(text.replace("@SERVERS@", servers), encoding="utf-8")
        return conf

    def start_nginx(self) -> None:
        run = self.root / "nginx"
        run.mkdir(parents=True, exist_ok=True)
        conf = self.nginx_conf()
        user = _unprivileged()
        if user is not None:
            os.chown(run, user[0], user[1])
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(run), "-e", str(run / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            user=None if user is None else user[0],
            group=None if user is None else user[1],
        )
        wait_healthy(self.base, self.nginx, "nginx")

    def nginx_errors(self, lines: int = 30) -> str:
        """The end of nginx's error log: why a request found no server, when a test fails."""
        log = self.root / "nginx" / "error.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    def stop(self) -> None:
        _stop(self.nginx, signal.SIGQUIT)
        for app in self.apps:
            app.stop()
        self.postgres.stop()


def _unprivileged() -> tuple[int, int] | None:
    """nginx runs as `nobody` when we are root (it needs no privilege: the port is above 1024)."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


@contextmanager
def cluster(root: Path | None = None, port: int | None = None, apps: int = 2) -> Iterator[Cluster]:
    """PostgreSQL, `apps` app servers and nginx; all stopped (and a temporary root removed) afterwards."""
    temporary = root is None
    base = Path(tempfile.mkdtemp(prefix="pia-cluster-")) if root is None else root.resolve()
    base.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chmod(base, 0o755)  # the unprivileged database and nginx users reach their folders
    postgres = Postgres(base / "postgres", free_port())
    group = Cluster(base, port or free_port(), postgres)
    with ExitStack() as stack:
        stack.callback(lambda: shutil.rmtree(base, ignore_errors=True) if temporary else None)
        stack.callback(group.stop)
        if not postgres.data.exists():
            postgres.init()
        postgres.start()
        for _ in range(apps):
            app = AppServer(free_port(), postgres.url, base / f"app-{len(group.apps) + 1}.log")
            group.apps.append(app)
            app.start()
        group.start_nginx()
        yield group


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--apps", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=REPO_DIR / ".cluster", help="data and logs (kept)")
    args = parser.parse_args(argv)
    with cluster(args.dir, args.port, args.apps) as group:
        print(f"PostgreSQL   {group.postgres.url}  (data in {group.postgres.data})")
        for number, app in enumerate(group.apps, start=1):
            pid = app.process.pid if app.process else "?"
            print(f"app server {number} {app.base}  (pid {pid}, log {app.log})")
        print(f"nginx        {group.base}  <- open this; Ctrl-C stops everything", flush=True)
        print(f"load test:   make load LOAD_ARGS='--target {group.base} --no-bare'", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C
        try:
            while all(app.running for app in group.apps):
                time.sleep(1)
            print("an app server stopped; stopping the cluster")
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
