"""Issue 26 (1, 2, 7) behind nginx (deploy/nginx.conf through tools/cluster.py): the app's security
headers arrive, metrics stay inside, and a burst of new sessions from one address is refused with
429 while another address is still served.

Loopback has a whole /8, so two client addresses on one machine are 127.0.0.3 and 127.0.0.4.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tools.cluster import Cluster, cluster

from .test_http_guard import check_guarded

SESSION_BURST = 40  # deploy/nginx.conf: limit_req zone=pia_sessions burst=40


@pytest.fixture(scope="module")
def group() -> Iterator[Cluster]:
    with cluster() as running:
        yield running


def _status(base: str, path: str, source: str) -> int:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname or "", parts.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_security_headers_and_hidden_metrics_pass_through_nginx(group: Cluster) -> None:
    check_guarded(group.base)


def test_a_burst_of_new_sessions_from_one_address_is_limited_and_another_address_is_served(
    group: Cluster,
) -> None:
    # Each request to /_stcore/stream is how a browser opens a new session (a websocket upgrade);
    # a plain GET is refused by the app, but nginx counts it first, as it would a real one.
    burst = [_status(group.base, "/_stcore/stream", "127.0.0.3") for _ in range(SESSION_BURST + 10)]
    assert 429 not in burst[: SESSION_BURST // 2], burst
    assert burst.count(429) >= 5, burst
    assert _status(group.base, "/_stcore/stream", "127.0.0.4") != 429
    # The page itself is still served to the limited address: only new sessions are limited.
    assert _status(group.base, "/", "127.0.0.3") == 200
