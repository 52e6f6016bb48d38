"""The demo OpenID Connect provider (deploy/oidc/provider.js, the certified npm package
oidc-provider) on a loopback port, for `make workspace` and the sign-in browser test.

    with oidc_provider(redirect_uri="http://localhost:8501/oauth2callback") as provider:
        provider.server_metadata_url  # what Streamlit's [auth] section needs, with the client

`python -m tools.oidc --install` installs the provider's npm packages (`npm ci`, exact versions
from deploy/oidc/package-lock.json) when they are missing or older than the lock file;
`python -m tools.oidc --port 8501` is `make workspace`: the provider, and the app with a secrets
file made for this run, until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tools.served_app import REPO_DIR, free_port

DEPLOY_DIR = REPO_DIR / "deploy" / "oidc"
LOCK_FILE = DEPLOY_DIR / "package-lock.json"
MODULES_DIR = DEPLOY_DIR / "node_modules"
STAMP = MODULES_DIR / ".pia-installed"  # the sha256 of the lock file `npm ci` installed
CLIENT_ID = "pia-workspace"
# oidc-provider 9 calls URL.parse (Node.js 22.1, back in 20.18): Debian 12's nodejs 18.19 stops
# with "URL.parse is not a function"; Debian 13's 20.19 and NodeSource's 20 or 22 run it.
MIN_NODE = (20, 18)
# The demo consultants of deploy/oidc/provider.js, and what `make workspace` allows.
DEMO_ACCOUNTS = {
    "anna@adviesbureau.example": "anna-demo",
    "bram@elders.example": "bram-demo",
}
DEMO_ALLOW = "@adviesbureau.example"
DEMO_ADMINS = "anna@adviesbureau.example"


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str

    @property
    def server_metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def auth_section(self, cookie_secret: str) -> str:
        """Streamlit's `[auth]` section (secrets.toml) for this provider: a default provider, with
        `prompt=login` (oidc-provider refuses Streamlit's default `select_account`, and a shared
        machine should ask every time)."""
        values = {
            "redirect_uri": self.redirect_uri,
            "cookie_secret": cookie_secret,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "server_metadata_url": self.server_metadata_url,
        }
        lines = ["[auth]", *(f"{key} = {json.dumps(value)}" for key, value in values.items())]
        lines.append('client_kwargs = { prompt = "login" }')
        return "\n".join(lines) + "\n"


def write_secrets(directory: Path, provider: OidcProvider) -> Path:
    """A secrets file for `--secrets.files`, readable by this user only, with a new cookie secret."""
    path = directory / "secrets.toml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(provider.auth_section(secrets.token_urlsafe(32)))
    return path


def _node_version(node: str) -> tuple[int, int]:
    output = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout
    found = re.match(r"v(\d+)\.(\d+)", output.strip())
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: `make system-deps` installs Node.js and npm")
    return path


def _lock_digest() -> str:
    return hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest()


def ensure_installed() -> None:
    """`npm ci` into deploy/oidc when node_modules is missing or was installed from another lock
    file; one process at a time (the file lock), the others wait and find it done."""
    node = _program("node")
    if _node_version(node) < MIN_NODE:
        wanted = ".".join(map(str, MIN_NODE))
        raise RuntimeError(
            f"the demo identity provider (oidc-provider 9) needs Node.js {wanted} or newer; {node} is "
            f"older (Debian 12 ships 18: install Node.js 20 or 22 from Debian 13 or NodeSource)"
        )
    if STAMP.is_file() and STAMP.read_text(encoding="ascii").strip() == _lock_digest():
        return
    npm = _program("npm")
    lock_path = Path(tempfile.gettempdir()) / f"pia-oidc-npm-{os.getuid()}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = _lock_digest()
        if STAMP.is_file() and STAMP.read_text(encoding="ascii").strip() == digest:
            return
        print("installing the demo identity provider's npm packages (npm ci in deploy/oidc)", file=sys.stderr)
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=DEPLOY_DIR, check=True)
        STAMP.write_text(digest + "\n", encoding="ascii")


def wait_for_discovery(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Poll the provider's discovery document until it answers with its issuer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and "issuer" in json.load(response):
                    return
        except (OSError, ValueError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the demo identity provider did not answer at {url}")
        time.sleep(0.1)


@contextlib.contextmanager
def oidc_provider(
    port: int | None = None, redirect_uri: str = "http://localhost:8501/oauth2callback"
) -> Iterator[OidcProvider]:
    """Run deploy/oidc/provider.js on 127.0.0.1 (a free port unless given) with one client whose
    secret is new for this run; yield it once its discovery document answers; stop it after."""
    ensure_installed()
    port = port or free_port()
    provider = OidcProvider(f"http://127.0.0.1:{port}", CLIENT_ID, secrets.token_urlsafe(32), redirect_uri)
    env = {**os.environ, "OIDC_CLIENT_SECRET": provider.client_secret}  # not on the command line
    command = [
        _program("node"), "provider.js",
        "--port", str(port), "--client-id", provider.client_id, "--redirect-uri", redirect_uri,
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=DEPLOY_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for_discovery(provider.server_metadata_url, process)
            except RuntimeError as error:
                log.seek(0)
                raise RuntimeError(f"{error}:\n{log.read().decode(errors='replace')[-2000:]}") from None
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_workspace(port: int) -> int:
    """`make workspace`: the provider, and the app on `port` with sign-in, until Ctrl-C."""
    from tools.served_app import wait_healthy

    base = f"http://localhost:{port}"
    with (
        oidc_provider(redirect_uri=f"{base}/oauth2callback") as provider,
        tempfile.TemporaryDirectory() as tmp,
    ):
        secrets_file = write_secrets(Path(tmp), provider)
        env = {**os.environ}
        env.setdefault("PIA_WORKSPACE_ALLOW", DEMO_ALLOW)
        env.setdefault("PIA_WORKSPACE_ADMINS", DEMO_ADMINS)
        command = [
            sys.executable, "-m", "pia_core.serve", "--server.port", str(port), "--server.headless", "true",
            "--secrets.files", str(secrets_file),
        ]  # fmt: skip
        app = subprocess.Popen(command, cwd=REPO_DIR, env=env)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", app, "the app")
            accounts = "\n".join(
                f"  {email}  password {password}" for email, password in DEMO_ACCOUNTS.items()
            )
            print(
                f"\nOpen {base}/werkruimte in your browser (localhost, not 127.0.0.1: the sign-in "
                f"cookie belongs to the redirect URI's host).\n"
                f"Demo identity provider: {provider.issuer} (its log-ins):\n{accounts}\n"
                f"Allowed: {env['PIA_WORKSPACE_ALLOW']}; admins: {env['PIA_WORKSPACE_ADMINS']} "
                f"(PIA_WORKSPACE_ALLOW, PIA_WORKSPACE_ADMINS). Ctrl-C stops both.\n",
                flush=True,
            )
            return app.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            if app.poll() is None:
                app.send_signal(signal.SIGINT)
                try:
                    app.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    app.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.oidc", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--install", action="store_true", help="only install the provider's npm packages")
    parser.add_argument("--port", type=int, default=8501, help="the app's port (default 8501)")
    args = parser.parse_args(argv)
    if args.install:
        ensure_installed()
        return 0
    return run_workspace(args.port)


if __name__ == "__main__":
    sys.exit(main())
