"""Issue 22 (6): the consultants' sign-in on two app servers behind nginx (tools/cluster.py with
`workspace=True`, `make cluster CLUSTER_ARGS=--workspace`).

Both app servers read one secrets file (one cookie secret) whose redirect URI is nginx's public
address, so the provider sends the browser back through nginx, and an identity cookie signed by
one server is accepted by the other. The browser is placed on a server with nginx's own route
cookie (`Cluster.route_to`: the value `hash $pia_route consistent` sends to that server): Anna
signs in on app server 1, a new tab placed on app server 2 finds her signed in, and when server 1
dies her first tab reconnects to server 2 and is still signed in. Every wait is for a condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

from pia_core.i18n import t
from tools.cluster import Cluster, cluster
from tools.screenshots import wait_idle

from .test_sign_in import ANNA, NL, SIGNED_IN_AS, TIMEOUT_MS, Workspace, identity_cookie, main, ready, sign_in


@pytest.fixture(scope="module")
def group() -> Iterator[Cluster]:
    with cluster(workspace=True) as running:
        yield running


def place(context: BrowserContext, group: Cluster, server: int) -> None:
    """The route cookie nginx set would send this browser to app server `server` (0-based)."""
    route = group.route_to(group.apps[server])
    context.add_cookies([{"name": "pia_route", "value": route, "url": group.public_base}])


def signed_in_workspace(page: Page) -> None:
    expect(main(page).get_by_text(f"Ingelogd als {ANNA}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main(page).get_by_role("button", name=t("workspace.sign_in", NL))).to_have_count(0)
    expect(main(page).get_by_role("heading", name=t("workspace.clients_heading", NL))).to_be_visible()


def test_a_sign_in_through_nginx_holds_on_the_other_app_server(
    group: Cluster, new_page: Callable[[], Page]
) -> None:
    assert group.provider is not None
    assert group.apps[0].options == group.apps[1].options  # one secrets file, one cookie secret
    workspace = Workspace(group.public_base, group.provider)
    first = new_page()
    context = first.context
    through_nginx: dict[str, int] = {}

    def record(response: Response) -> None:
        if response.url.startswith(group.public_base):
            through_nginx.setdefault(urlsplit(response.url).path, response.status)

    first.on("response", record)
    place(context, group, 0)
    first.goto(f"{group.public_base}/werkruimte")
    ready(first)
    sign_in(first, workspace, ANNA)
    signed_in_workspace(first)
    # The login and the provider's callback went through nginx (to app server 1) and redirected.
    for path in ("/auth/login", "/oauth2callback"):
        assert through_nginx.get(path) in (302, 303, 307), (path, through_nginx.get(path))
    assert identity_cookie(first)

    # A new tab, placed on app server 2, which never saw her sign in.
    place(context, group, 1)
    second = context.new_page()
    second.goto(f"{group.public_base}/werkruimte")
    ready(second)
    signed_in_workspace(second)

    # App server 1 dies: her first tab's reload reaches server 2, and she is still signed in.
    group.apps[0].kill()
    place(context, group, 0)
    first.reload()
    wait_idle(first)
    ready(first)
    signed_in_workspace(first)
    expect(main(first).get_by_text(SIGNED_IN_AS)).to_have_count(1)
