"""Issue 22: consultants sign in with OpenID Connect (Streamlit's st.login), through the real
authorization-code flow with PKCE, against a certified provider on loopback (oidc-provider,
deploy/oidc/provider.js, started by tools/oidc.py), with the app served as it is in production
(web.py: st.App behind pia_core/http_guard.py).

Anna (@adviesbureau.example, allowed) signs in and out; Bram (elsewhere, not allowed) signs in and
sees that he has no access and nothing else; a signed-out browser that opens the workspace's
address sees only the sign-in button; without an [auth] section (`make run`) there is no workspace.
Every wait is for a condition (a locator, a URL), never a fixed time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from pia_core.i18n import t
from pia_core.vocabulary import Language
from tools.oidc import DEMO_ACCOUNTS, OidcProvider, oidc_provider, write_secrets
from tools.served_app import free_port, served_app

from .conftest import App

ANNA = "anna@adviesbureau.example"
BRAM = "bram@elders.example"
TIMEOUT_MS = 60_000  # two CPU burners and a PDF worker on two cores: room, not a pause
NL: Language = "nl"
# Collects what the browser refused under the app's Content-Security-Policy (pia_core/http_guard.py).
CSP_WATCH = (
    "window.piaViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.piaViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)
SIGNED_IN_AS = re.compile(r"^Ingelogd als ")  # case-sensitive: the no-access text says "ingelogd als"


@dataclass(frozen=True)
class Workspace:
    base: str  # http://localhost:PORT: the redirect URI's host, where the identity cookie lives
    provider: OidcProvider


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    tmp = tmp_path_factory.mktemp("workspace")
    port = free_port()
    base = f"http://localhost:{port}"
    with oidc_provider(redirect_uri=f"{base}/oauth2callback") as provider:
        secrets_file = write_secrets(tmp, provider)
        env = {
            "PIA_STORE_PATH": str(tmp / "store" / "scans.sqlite3"),
            "PIA_PDF_WORKERS": "1",
            "PIA_WORKSPACE_ALLOW": "@adviesbureau.example",
            "PIA_WORKSPACE_ADMINS": ANNA,
        }
        with served_app(env=env, port=port, options=["--secrets.files", str(secrets_file)]):
            yield Workspace(base, provider)


def main(page: Page) -> Locator:
    return page.locator("[data-testid=stMain]")


def ready(page: Page) -> None:
    """The app is connected and its script run has finished (Streamlit marks its root)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']",
        state="attached",
        timeout=TIMEOUT_MS,
    )


def open_workspace(page: Page, workspace: Workspace) -> None:
    page.goto(f"{workspace.base}/werkruimte")
    expect(main(page).get_by_role("heading", name=t("workspace.heading", NL))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    ready(page)


def sign_in(page: Page, workspace: Workspace, email: str) -> None:
    """From the workspace page: the app's button, the provider's form, back through /oauth2callback."""
    main(page).get_by_role("button", name=t("workspace.sign_in", NL)).click()
    page.wait_for_url(f"{workspace.provider.issuer}/interaction/**", timeout=TIMEOUT_MS)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_ACCOUNTS[email])
    page.get_by_role("button", name="Sign in").click()
    # The callback returns to "/", and the app takes a signed-in person on to the workspace.
    page.wait_for_url(f"{workspace.base}/werkruimte**", timeout=TIMEOUT_MS)
    ready(page)


def only_button(page: Page, name: str) -> None:
    """The page's main part has this one button and no other."""
    expect(main(page).get_by_role("button", name=name)).to_be_visible(timeout=TIMEOUT_MS)
    expect(main(page).get_by_role("button")).to_have_count(1)


def identity_cookie(page: Page) -> list[str]:
    return [
        cookie["name"] for cookie in page.context.cookies() if cookie["name"].startswith("_streamlit_user")
    ]


def test_anna_signs_in_sees_who_she_is_and_signs_out(
    workspace: Workspace, new_page: Callable[[], Page]
) -> None:
    page = new_page()
    page.add_init_script(CSP_WATCH)
    auth_routes: dict[str, tuple[int, str | None]] = {}

    def record(response: Response) -> None:
        if response.url.startswith(workspace.base):
            policy = response.headers.get("content-security-policy")
            auth_routes.setdefault(urlsplit(response.url).path, (response.status, policy))

    page.on("response", record)
    open_workspace(page, workspace)
    sign_in(page, workspace, ANNA)
    # Streamlit's own routes answered through the HTTP guard (its headers on them), with redirects.
    for path in ("/auth/login", "/oauth2callback"):
        status, policy = auth_routes[path]
        assert status in (302, 303, 307) and policy and "frame-ancestors 'none'" in policy, (path, status)
    signed_in_as = main(page).get_by_text(f"Ingelogd als {ANNA}")
    expect(signed_in_as).to_be_visible(timeout=TIMEOUT_MS)
    expect(main(page).get_by_text(t("workspace.admin", NL))).to_be_visible()
    assert identity_cookie(page)
    assert page.evaluate("window.piaViolations") == []
    # The sidebar links to the workspace (sign-in is configured).
    expect(page.locator("[data-testid=stSidebar] a[href='werkruimte']")).to_have_count(1)

    main(page).get_by_role("button", name=t("workspace.sign_out", NL)).click()
    # Streamlit clears its cookie and sends her to the provider's end-session page, which asks.
    page.wait_for_url(f"{workspace.provider.issuer}/session/end**", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(lambda url: url.startswith(workspace.base), timeout=TIMEOUT_MS)
    ready(page)
    assert not identity_cookie(page)
    assert page.evaluate("window.piaViolations") == []

    open_workspace(page, workspace)
    expect(main(page).get_by_role("button", name=t("workspace.sign_in", NL))).to_be_visible()
    expect(main(page).get_by_text(SIGNED_IN_AS)).to_have_count(0)


def test_bram_is_not_on_the_allow_list_and_sees_no_access_and_nothing_else(
    workspace: Workspace, new_page: Callable[[], Page]
) -> None:
    page = new_page()
    open_workspace(page, workspace)
    sign_in(page, workspace, BRAM)
    alert = main(page).locator("[data-testid=stAlert]")
    expect(alert).to_have_count(1, timeout=TIMEOUT_MS)
    expect(alert).to_contain_text("U heeft geen toegang tot deze werkruimte")
    expect(alert).to_contain_text(BRAM)
    expect(main(page).get_by_text(SIGNED_IN_AS)).to_have_count(0)
    # Nothing but the heading, the message and the way out.
    only_button(page, t("workspace.sign_out", NL))
    assert main(page).locator("[data-testid=stElementContainer]:visible").count() <= 3


def test_a_signed_out_browser_at_the_workspace_address_sees_only_the_sign_in_button(
    workspace: Workspace, new_page: Callable[[], Page]
) -> None:
    page = new_page()
    open_workspace(page, workspace)
    only_button(page, t("workspace.sign_in", NL))
    expect(main(page).locator("[data-testid=stAlert]")).to_have_count(0)
    assert not identity_cookie(page)


def test_without_auth_there_is_no_workspace(app: App, new_page: Callable[[], Page]) -> None:
    """`make run`: no [auth] section, so no workspace page, no link, no sign-in."""
    page = new_page()
    page.goto(f"{app.base}/werkruimte")
    # Streamlit does not know the page: it says so and shows the default page, the start page.
    expect(page.get_by_text("Page not found")).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)
    expect(main(page).get_by_role("heading", name=t("workspace.heading", NL))).to_have_count(0)
    expect(page.locator("[data-testid=stSidebar] a[href='werkruimte']")).to_have_count(0)
    expect(main(page).get_by_role("button", name=t("workspace.sign_in", NL))).to_have_count(0)


def test_the_secrets_file_is_for_this_user_only(tmp_path: Path) -> None:
    provider = OidcProvider("http://127.0.0.1:1", "c", "s", "http://localhost:2/oauth2callback")
    path = write_secrets(tmp_path, provider)
    assert path.stat().st_mode & 0o077 == 0
    assert 'redirect_uri = "http://localhost:2/oauth2callback"' in path.read_text(encoding="utf-8")
