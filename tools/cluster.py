"""`make cluster`: PostgreSQL, two app servers and nginx on this machine (loopback only).

    python -m tools.cluster [--port 8080] [--apps 2] [--dir .cluster] [--workspace]

PostgreSQL runs from its own data directory as an unprivileged user (tools/postgres.py), each
app server is `python -m pia_core.serve` (streamlit run app.py, warmed) with PIA_STORE_URL at it, and nginx
(deploy/nginx.conf) balances them with sticky sessions on http://127.0.0.1:PORT. Everything
stops on Ctrl-C. The fault tests use `cluster()` to kill an app server or restart the database.

With `--workspace` (`make cluster CLUSTER_ARGS=--workspace`) the consultants' sign-in is on too:
the demo identity provider (tools/oidc.py) runs on a loopback port, and every app server reads
the SAME secrets file (one cookie secret, so an identity cookie signed by one server is valid on
the others; one redirect URI, nginx's public address http://localhost:PORT/oauth2callback, so the
provider returns the browser to nginx, which passes /auth/login and /oauth2callback like any path).
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
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tools.oidc import DEMO_ACCOUNTS, DEMO_ADMINS, DEMO_ALLOW, OidcProvider, oidc_provider, write_secrets
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
    options: tuple[str, ...] = ()  # more for streamlit run (the shared secrets file)
    env: dict[str, str] = field(default_factory=dict)  # more environment (the allow-list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [
            sys.executable, "-m", "pia_core.serve",
            "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *self.options,
        ]  # fmt: skip
        # Two app servers share this machine's cores: one PDF worker each (pia_core/pdf_pool.py).
        env = {**os.environ, **self.env, "PIA_STORE_URL": self.store_url}
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
    provider: OidcProvider | None = None  # the identity provider, with --workspace

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def public_base(self) -> str:
        """Where a browser opens the cluster: with sign-in, the redirect URI's host (localhost),
        the one the identity cookie belongs to; else nginx's address."""
        return f"http://localhost:{self.port}" if self.provider else self.base

    def route_to(self, app: AppServer) -> str:
        """A value of nginx's route cookie (pia_route) that sends a browser to `app`: what
        `hash $pia_route consistent` picks (tests place a browser on the server they mean)."""
        names = [f"127.0.0.1:{other.port}" for other in self.apps]
        wanted = names[self.apps.index(app)]
        for number in range(10_000):
            value = f"pia-route-{number}"
            if nginx_consistent_hash(value, names) == wanted:
                return value
        raise RuntimeError(f"no route value found for {wanted}")

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


def nginx_consistent_hash(key: str, servers: list[str], weight: int = 1) -> str:
    """The server ("host:port") nginx's `hash KEY consistent` picks for `key`, as
    ngx_http_upstream_hash_module.c computes it (ketama, compatible with Cache::Memcached::Fast):
    160 points per server, point j = crc32(host NUL port, previous point as 4 little-endian bytes);
    the key's crc32 goes to the first point at or above it, wrapping to the first point."""
    points: dict[int, str] = {}
    for server in servers:
        host, _, port = server.rpartition(":")
        base = host.encode() + b"\0" + port.encode()
        previous = 0
        for _ in range(160 * weight):
            value = zlib.crc32(base + previous.to_bytes(4, "little"))
            points.setdefault(value, server)
            previous = value
    ordered = sorted(points)
    wanted = zlib.crc32(key.encode())
    for point in ordered:
        if point >= wanted:
            return points[point]
    return points[ordered[0]]


def _unprivileged() -> tuple[int, int] | None:
    """nginx runs as `nobody` when we are root (it needs no privilege: the port is above 1024)."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


@contextmanager
def cluster(
    root: Path | None = None, port: int | None = None, apps: int = 2, workspace: bool = False
) -> Iterator[Cluster]:
    """PostgreSQL, `apps` app servers and nginx; all stopped (and a temporary root removed) afterwards.
    `workspace`: with sign-in (the demo identity provider, one secrets file for every app server)."""
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
        options: tuple[str, ...] = ()
        env: dict[str, str] = {}
        if workspace:
            public = f"http://localhost:{group.port}"  # what public_base says once the provider runs
            group.provider = stack.enter_context(oidc_provider(redirect_uri=f"{public}/oauth2callback"))
            # One file for all: the same cookie secret signs and checks the identity cookie everywhere.
            secrets_file = write_secrets(base, group.provider)
            stack.callback(secrets_file.unlink, missing_ok=True)  # its client secret ends with this run
            options = ("--secrets.files", str(secrets_file))
            env = {
                "PIA_WORKSPACE_ALLOW": os.environ.get("PIA_WORKSPACE_ALLOW", DEMO_ALLOW),
                "PIA_WORKSPACE_ADMINS": os.environ.get("PIA_WORKSPACE_ADMINS", DEMO_ADMINS),
            }
        for _ in range(apps):
            number = len(group.apps) + 1
            app = AppServer(free_port(), postgres.url, base / f"app-{number}.log", options=options, env=env)
            group.apps.append(app)
            app.start()
        group.start_nginx()
        yield group


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--apps", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=REPO_DIR / ".cluster", help="data and logs (kept)")
    parser.add_argument(
        "--workspace", action="store_true", help="with the consultants' sign-in (demo identity provider)"
    )
    args = parser.parse_args(argv)
    with cluster(args.dir, args.port, args.apps, args.workspace) as group:
        print(f"PostgreSQL   {group.postgres.url}  (data in {group.postgres.data})")
        for number, app in enumerate(group.apps, start=1):
            pid = app.process.pid if app.process else "?"
            print(f"app server {number} {app.base}  (pid {pid}, log {app.log})")
        print(f"nginx        {group.public_base}  <- open this; Ctrl-C stops everything", flush=True)
        target = f"--target {group.public_base} --no-bare"
        if group.provider:
            accounts = ", ".join(f"{email} / {password}" for email, password in DEMO_ACCOUNTS.items())
            print(
                f"sign-in      {group.public_base}/werkruimte (localhost, not 127.0.0.1: the identity "
                f"cookie belongs to the redirect URI's host)\n"
                f"             identity provider {group.provider.issuer}; demo log-ins: {accounts}"
            )
            target += " --consultants 5"
        print(f"load test:   make load LOAD_ARGS='{target}'", flush=True)
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C
        try:
            while all(app.running for app in group.apps):
                time.sleep(1)
            print("an app server stopped; stopping the cluster")
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
