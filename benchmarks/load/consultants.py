"""Signed-in consultants browsing the workspace during a load run (`--consultants N`).

Streamlit's sign-in (st.login, OpenID Connect) cannot be done over the websocket: the identity
is a cookie that Streamlit's /oauth2callback signs with the `[auth]` cookie secret after the
provider's redirect. So the run signs in ONCE, for real, through the demo identity provider
(tools/oidc.py) in Debian's chromium (Playwright): the app's sign-in button, the provider's form,
back through /oauth2callback. Its identity cookies then go with every simulated consultant's
websocket, with a fresh page (and XSRF cookie) per tab, as a browser sends them
(benchmarks/load/protocol.py); the server checks and decodes them on every connection, as it does
for a browser. Each consultant is Anna (an admin: her workspace also shows the access log, the
dearer page) in tabs of her own, opening the workspace again and again while the answering users
work: a new tab, the workspace, twice more the workspace after think time, the tab closed.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from pathlib import Path

from benchmarks.load.journeys import Options, Recorder, think
from benchmarks.load.protocol import ProtocolError, RunResult, Session
from benchmarks.load.server import Server
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Organisation
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import new_token
from pia_core.storage.base import token_key
from pia_core.storage.workspace import DossierStatus
from pia_core.ui.activities import plain
from tools.oidc import DEMO_ACCOUNTS, DEMO_ADMINS

WORKSPACE_URL = "werkruimte"
CONSULTANT = DEMO_ADMINS  # anna@adviesbureau.example, allowed and an admin
OPENS_PER_TAB = 3
SIGN_IN_TIMEOUT_MS = 90_000
IDENTITY_PREFIX = "_streamlit_user"  # the identity cookie and its chunks, and the tokens cookie


def identity_cookies(base: str, email: str = CONSULTANT) -> str:
    """Sign in once through the app's button and the provider's form, in chromium; the identity
    cookies the browser then holds for `base`, as a Cookie header fragment."""
    from playwright.sync_api import sync_playwright  # a dev dependency, only for this option

    from tools.served_app import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(SIGN_IN_TIMEOUT_MS)
            page.goto(f"{base}/{WORKSPACE_URL}")
            page.locator("[data-testid=stMain]").get_by_role(
                "button", name=t("workspace.sign_in", "nl")
            ).click()
            page.wait_for_url("**/interaction/**")
            page.get_by_label("E-mail").fill(email)
            page.get_by_label("Password").fill(DEMO_ACCOUNTS[email])
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/{WORKSPACE_URL}**")
            page.get_by_text(f"Ingelogd als {email}").wait_for()
            cookies = page.context.cookies(base)
        finally:
            browser.close()
    found = [f"{c['name']}={c['value']}" for c in cookies if c["name"].startswith(IDENTITY_PREFIX)]
    if not found:
        raise RuntimeError(f"signed in at {base} but the browser holds no identity cookie")
    return "; ".join(found)


def seed_workspace(store_path: Path, clients: int) -> None:
    """Clients with two dossiers each (stored scans), so the workspace page has a firm to show."""
    from pia_core.storage.sqlite_store import SQLiteStore

    store = SQLiteStore(store_path)
    statuses = list(DossierStatus)
    for number in range(clients):
        client = store.create_client(f"Klant {number + 1:02d} B.V.")
        for index in range(2):
            token = new_token()
            scan = Dossier(organisation=Organisation(name=client.name))
            store.save(token, dossier_to_json(scan, compact=True))
            store.add_dossier(
                token_key(token),
                client.id,
                status=statuses[(number + index) % len(statuses)],
                consultant=CONSULTANT if index == 0 else None,
                title=f"Scan {index + 1}",
            )


def signed_in_workspace(result: RunResult, email: str) -> None:
    """The run showed the workspace to her, signed in (not the sign-in button, not a refusal)."""
    shown = [str(alert.body) for alert in result.of_kind("alert")]
    if t("workspace.signed_in_as", "nl", email=plain(email)) not in shown:
        raise ProtocolError(f"the workspace did not show her signed in: {shown[:2]}")


ConsultantFn = Callable[[Server, Recorder, Options, random.Random, asyncio.Event], Awaitable[None]]


def consultant_user(identity: str, email: str = CONSULTANT) -> ConsultantFn:
    async def browse(
        server: Server, rec: Recorder, options: Options, rng: random.Random, stop: asyncio.Event
    ) -> None:
        while not stop.is_set():
            async with Session(server.ws_url, server.base, identity=identity) as session:
                for _ in range(OPENS_PER_TAB):

                    async def open_workspace() -> float:
                        result = await session.run(page=WORKSPACE_URL)
                        signed_in_workspace(result, email)
                        return result.seconds

                    await rec.timed("workspace", open_workspace)
                    await think(options, rng)
                    if stop.is_set():
                        break

    return browse
