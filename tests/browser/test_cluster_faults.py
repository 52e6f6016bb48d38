"""Faults on two app servers behind nginx, sharing PostgreSQL (tools/cluster.py, `make cluster`).

- An app server dies (SIGKILL) under a user: the reload lands on the other server, which brings
  every answer back from the shared database. Both servers are killed in turn, so one of the two
  kills certainly hits the server that held the user's session.
- PostgreSQL restarts while a user works: the app says it cannot save, in the user's language,
  and saves everything once the database is back (without a click), losing nothing typed.
- Two tabs on two servers save one scan: the last write wins and the other tab shows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Error, Page

from pia_core.i18n import t
from tools.cluster import FAIL_TIMEOUT_S, Cluster, cluster
from tools.screenshots import wait_idle

from .conftest import open_app
from .helpers import choose, chosen, go, main, token_in

YES, NO, PARTLY, UNKNOWN = (t(f"common.answer.{a}", "nl") for a in ("yes", "no", "partly", "unknown"))


@pytest.fixture(scope="module")
def cluster_once() -> Iterator[Cluster]:
    with cluster() as group:
        yield group


@pytest.fixture
def two_servers(cluster_once: Cluster) -> Iterator[Cluster]:
    """The module's cluster, whole again after each test (a killed server is started again)."""
    yield cluster_once
    for app in cluster_once.apps:
        if not app.running:
            app.start()
    if cluster_once.postgres.process is None:
        cluster_once.postgres.start()


def reload(page: Page, group: Cluster | None = None) -> None:
    response = page.reload()
    try:
        wait_idle(page)
    except Error as error:
        status = response.status if response else "none"
        log = group.nginx_errors() if group else ""
        raise AssertionError(f"reload did not reconnect (HTTP {status}); nginx error log:\n{log}") from error
    # A restarted server's first session once opened "Page not found" over the right page
    # (Streamlit's old pages/ folder handling; tests/browser/test_deep_link.py).
    assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").all_inner_texts()


def test_answers_survive_the_serving_app_server_dying(
    two_servers: Cluster, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), two_servers.base)
    go(page, "stap-2")
    choose(page, 0, YES)
    choose(page, 1, NO)
    token = token_in(page.url)

    two_servers.apps[0].kill()
    reload(page, two_servers)
    assert token_in(page.url) == token
    assert chosen(page, 0, YES) and chosen(page, 1, NO)
    choose(page, 2, PARTLY)

    two_servers.apps[0].start()
    # nginx counts the restarted server as failed until its fail window has passed since the last
    # refused request; a real outage of the other server comes later than that.
    time.sleep(FAIL_TIMEOUT_S + 1)
    two_servers.apps[1].kill()  # now certainly the one serving
    reload(page, two_servers)
    assert token_in(page.url) == token
    assert chosen(page, 0, YES) and chosen(page, 1, NO) and chosen(page, 2, PARTLY)


def test_database_restart_is_told_and_nothing_typed_is_lost(
    two_servers: Cluster, new_page: Callable[[], Page]
) -> None:
    page = open_app(new_page(), two_servers.base)
    go(page, "stap-2")
    choose(page, 0, YES)

    two_servers.postgres.stop()
    choose(page, 1, NO)
    choose(page, 2, UNKNOWN)
    pending = main(page).get_by_text(t("scan.save_pending", "nl"))
    pending.wait_for()

    two_servers.postgres.start()
    pending.wait_for(state="detached", timeout=60_000)  # the notice retries by itself and goes
    reload(page)
    assert chosen(page, 0, YES) and chosen(page, 1, NO) and chosen(page, 2, UNKNOWN)


def test_two_tabs_on_two_servers_last_write_wins(two_servers: Cluster, new_page: Callable[[], Page]) -> None:
    first = open_app(new_page(), two_servers.apps[0].base)
    go(first, "stap-2")
    choose(first, 0, YES)
    token = token_in(first.url)
    second = open_app(new_page(), f"{two_servers.apps[1].base}/?scan={token}")
    go(second, "stap-2")
    assert chosen(second, 0, YES), "the other server loads the scan from the shared database"
    choose(second, 0, NO)
    reload(first)
    go(first, "stap-2")
    assert chosen(first, 0, NO)
