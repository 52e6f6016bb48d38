"""Issue 26 (2): new stored scans per client address are limited; nothing typed is lost.

One scripted client stored 100 new scans in a few seconds. Past the hourly limit a new scan stays
in the session with a message in the user's language, and is saved once the hour has room again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.limits import SlidingWindow
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Language
from pia_core.storage import open_store

from ..apptest import new_app, set_language

Q1 = shipped_content().catalogue.step(1).questions[0].id


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr("pia_core.limits._new_scans", SlidingWindow(2, 3600, clock=fake))
    # AppTest has no network peer; every session here comes from one documentation address.
    monkeypatch.setattr("pia_core.ui.persistence._client_address", lambda: "192.0.2.7")
    yield fake


def test_users_on_this_machine_are_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback (make run, or nginx on this machine forwarding a local user) is one person at the
    keyboard, or a load test: only addresses from the network are limited."""
    monkeypatch.setattr("pia_core.limits._new_scans", SlidingWindow(1, 3600, clock=Clock()))
    apps = [_answered_app() for _ in range(3)]
    assert all(_stored(at) for at in apps)


def test_the_window_counts_per_address_and_frees_up_after_the_hour() -> None:
    clock = Clock()
    window = SlidingWindow(2, 3600, clock=clock)
    for _ in range(2):
        assert window.allows("192.0.2.1")
        window.count("192.0.2.1")
    assert not window.allows("192.0.2.1")
    assert window.allows("192.0.2.2")  # another address is served
    clock.now += 3600
    assert window.allows("192.0.2.1")


def _answered_app(language: str = "nl") -> AppTest:
    at = new_app()
    if language != "nl":
        set_language(at, language)
    at.switch_page("app_pages/step_01.py").run()
    at.radio(key=f"q_{Q1}").set_value(Answer.YES).run()
    assert not at.exception, at.exception
    return at


def _stored(at: AppTest) -> bool:
    return open_store().load(str(at.session_state["_scan_token"])) is not None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_new_scan_past_the_limit_waits_in_the_session_and_is_saved_later(
    clock: Clock, language: Language
) -> None:
    first, second = _answered_app(language), _answered_app(language)
    assert _stored(first) and _stored(second)

    third = _answered_app(language)
    assert not _stored(third)
    message = t("limits.new_scans", language, limit=2, section=t("scan.section_title", language))
    third.run()
    assert message in [str(w.value) for w in third.warning]  # in view until it is saved
    assert third.session_state["assessment"].answers[Q1] == Answer.YES

    # Changes to scans already stored are not new scans: they are saved as before.
    first.radio(key=f"q_{Q1}").set_value(Answer.NO).run()
    found = open_store().load(str(first.session_state["_scan_token"]))
    assert found is not None and Dossier.model_validate_json(found.data).assessment().answers[Q1] == Answer.NO

    clock.now += 3600
    third.run()
    assert _stored(third)
    assert message not in [str(w.value) for w in third.warning]
