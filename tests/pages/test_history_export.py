"""Issue 23 (6): the edit log travels with a downloaded scan (JSON) and comes back into the log of
the server the file is opened on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.scan.dossier import Dossier, HistoryEntry
from pia_core.scan.model import Answer, Assessment
from pia_core.storage import new_token, open_workspace
from pia_core.storage.base import token_key

from ..apptest import START_PAGE, goto, open_scan

Q1, Q2 = (q.id for q in shipped_content().catalogue.step(1).questions[:2])
UPLOADER = "scan_upload_0"
Builds = dict[str, Callable[[], bytes]]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Builds:
    from pia_core.ui.downloads import download_button as real

    found: Builds = {}

    def capture(label: str, build: Callable[[], bytes], **kwargs: object) -> None:
        found[str(kwargs["slot"])] = build
        real(label, build, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("pia_core.ui.scan_controls.download_button", capture)
    return found


def stored_scan() -> str:
    token = new_token()
    open_workspace().save(token, Assessment().model_dump_json())
    return token


def test_the_downloaded_json_carries_the_edit_log(builds: Builds) -> None:
    token = stored_scan()
    at = open_scan(token)
    at.radio(key=f"q_{Q1}").set_value(Answer.NO).run()
    at.radio(key=f"q_{Q1}").set_value(Answer.YES).run()
    at.radio(key=f"q_{Q2}").set_value(Answer.PARTLY).run()
    goto(at, START_PAGE)
    exported = Dossier.model_validate_json(builds["json"]())
    fields = [(entry.field, entry.old, entry.new) for entry in exported.history]
    assert fields[:3] == [
        (f"answers.{Q2}", None, '"partly"'),
        (f"answers.{Q1}", '"no"', '"yes"'),
        (f"answers.{Q1}", None, '"no"'),
    ], "newest first"
    assert all(entry.who == "self-scan" and entry.when.tzinfo is not None for entry in exported.history)
    logged = open_workspace().changes(token_key(token), limit=100)
    assert len(exported.history) == len(logged)
    stored = open_workspace().load(token)
    assert stored is not None and '"history":[]' in stored.data.replace(" ", ""), "the store keeps no copy"


def test_an_opened_file_brings_its_history_into_the_log(builds: Builds) -> None:
    when = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    history = [
        HistoryEntry(
            field=f"answers.{Q1}", old='"no"', new='"yes"', who="b@elders.nl", when=when, revision=4
        ),
        HistoryEntry(
            field=f"answers.{Q1}", new='"no"', who="via link: Piet", when=when - dt.timedelta(days=1)
        ),
    ]
    source = Dossier()
    view = source.assessment()
    view.set_answer(Q1, Answer.YES)
    source.absorb(view)
    source.history = history
    token = stored_scan()
    at = open_scan(token, START_PAGE)
    at.file_uploader(key=UPLOADER).upload("scan.json", source.model_dump_json().encode())
    goto(at, START_PAGE)
    at.button(key="scan_import_confirm").click()
    goto(at, START_PAGE)
    assert at.session_state["dossier"].history == [], "the log holds it now, not the scan"
    logged = open_workspace().changes(token_key(token), limit=100)
    imported = [entry for entry in logged if entry.who in {"b@elders.nl", "via link: Piet"}]
    assert [(e.who, e.at, e.change.new) for e in imported] == [
        ("b@elders.nl", when, '"yes"'),
        ("via link: Piet", when - dt.timedelta(days=1), '"no"'),
    ]
    again = Dossier.model_validate_json(builds["json"]())
    assert [(e.who, e.when) for e in again.history if e.who != "self-scan"] == [
        ("b@elders.nl", when),
        ("via link: Piet", when - dt.timedelta(days=1)),
    ], "and it is in the next download"
    assert json.loads(builds["json"]())["schema_version"] == 3
