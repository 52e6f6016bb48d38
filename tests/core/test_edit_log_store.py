"""Issue 23: the edit log in the scan store. Every test that takes `store` runs against both stores:
SQLite and PostgreSQL (a real server, started for this module by tools/postgres.py)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from pia_core.storage import new_token
from pia_core.storage.base import token_key
from pia_core.storage.edit_log import SELF_SCAN, VIA_LINK_LABEL, Change, StaleRevision
from pia_core.storage.postgres_store import PostgresStore
from pia_core.storage.sqlite_store import SQLiteStore
from pia_core.storage.workspace import Role, UnknownScan

from .test_workspace_store import naming, orphans, raw

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
ANNA = "anna@privacyfirma.nl"
AnyStore = SQLiteStore | PostgresStore
A1 = Change("aanvraag", "answers.s3_dpia", None, '"yes"')
A2 = Change("aanvraag", "answers.s3_dpia", '"yes"', '"no"')
ORG = Change("", "notes.0", None, '"FG benoemd"')


def logged_rows(store: AnyStore, token: str) -> int:
    count = raw(store, "SELECT COUNT(*) FROM edit_log WHERE scan_key = ?", (token_key(token),))[0][0]
    return int(count)


def test_save_logged_writes_the_scan_and_its_changes_together(store: AnyStore) -> None:
    key = token_key(new_token())
    assert store.save_logged(key, '{"v": 1}', [A1, ORG], SELF_SCAN, expected=None, now=NOW) == 1
    later = NOW + dt.timedelta(minutes=3)
    assert store.save_logged(key, '{"v": 2}', [A2], ANNA, expected=1, now=later) == 2
    found = store.load_key(key)
    assert found is not None and (found.data, found.revision) == ('{"v": 2}', 2)
    log = store.changes(key)
    assert [(e.change, e.who, e.revision, e.at) for e in log] == [
        (A2, ANNA, 2, later),
        (ORG, SELF_SCAN, 1, NOW),
        (A1, SELF_SCAN, 1, NOW),
    ], "newest first"
    assert [e.change for e in store.changes(key, "")] == [ORG]
    assert [e.change for e in store.changes(key, "aanvraag", field="answers.s3_dpia", limit=1)] == [A2]
    assert len({e.id for e in log}) == 3


def test_a_stale_save_writes_nothing(store: AnyStore) -> None:
    key = token_key(new_token())
    store.save_logged(key, "one", [A1], SELF_SCAN, expected=None, now=NOW)
    store.save_logged(key, "two", [A2], ANNA, expected=1, now=NOW)
    with pytest.raises(StaleRevision):
        store.save_logged(key, "stale", [ORG], ANNA, expected=1, now=NOW)
    with pytest.raises(StaleRevision):
        store.save_logged(key, "again", [ORG], ANNA, expected=None, now=NOW)  # stored already
    found = store.load_key(key)
    assert found is not None and (found.data, found.revision) == ("two", 2)
    assert [e.change for e in store.changes(key)] == [A2, A1]
    other = token_key(new_token())
    assert store.save_logged(other, "x", [A1], ANNA, expected=4, now=NOW) is None, "gone: not created again"
    assert store.load_key(other) is None and store.changes(other) == []


def test_append_changes_needs_a_stored_scan(store: AnyStore) -> None:
    token = new_token()
    with pytest.raises(UnknownScan):
        store.append_changes(token_key(token), [A1], ANNA, NOW)
    store.save(token, "{}")
    store.save(token, "{}")
    assert store.append_changes(token_key(token), [A1, A2], f"{VIA_LINK_LABEL}HR-team", NOW) == 2
    assert {(e.revision, e.who) for e in store.changes(token_key(token))} == {(2, "via link: HR-team")}


@pytest.mark.parametrize(
    "bad",
    [
        Change("Not An Id", "answers.x", None, None),
        Change("", "", None, None),
        Change("", "x" * 401, None, None),
        Change("", "answers.x", 1, None),  # type: ignore[arg-type]
    ],
)
def test_malformed_changes_are_refused_before_the_database(store: AnyStore, bad: Change) -> None:
    token = new_token()
    store.save(token, "{}")
    with pytest.raises(ValueError):
        store.append_changes(token_key(token), [bad], ANNA)
    with pytest.raises(ValueError):
        store.append_changes(token_key(token), [A1], "two\nlines")
    with pytest.raises(ValueError):
        store.changes(token_key(token), limit=0)
    assert store.changes(token_key(token)) == []


def test_delete_and_purge_take_the_log_with_the_scan(store: AnyStore) -> None:
    kept, deleted, old = new_token(), new_token(), new_token()
    for token, moment in ((kept, NOW), (deleted, NOW), (old, NOW - dt.timedelta(days=40))):
        store.save_logged(token_key(token), "{}", [A1, A2], ANNA, expected=None, now=moment)
    store.create_link(token_key(deleted), Role.EDIT, "x", now=NOW)
    assert logged_rows(store, deleted) == 2
    assert store.delete(deleted) is True
    assert logged_rows(store, deleted) == 0
    assert set(naming(store, token_key(deleted)).values()) == {0}
    assert store.purge(NOW - dt.timedelta(days=30)) == 1
    assert logged_rows(store, old) == 0
    assert raw(store, "SELECT COUNT(*) FROM edit_log")[0][0] == 2  # the kept scan's
    assert orphans(store) == 0
    stray = "SELECT COUNT(*) FROM edit_log WHERE scan_key NOT IN (SELECT key FROM scans)"
    assert raw(store, stray)[0][0] == 0


def test_two_sessions_saving_at_once_one_wins_the_other_hears_stale(store: AnyStore) -> None:
    """Compare-and-set: of many saves from the same revision exactly one succeeds."""
    key = token_key(new_token())
    store.save_logged(key, "start", [], SELF_SCAN, expected=None, now=NOW)
    results: list[str] = []

    def save(n: int) -> None:
        try:
            store.save_logged(key, f"from {n}", [A1], ANNA, expected=1)
            results.append("saved")
        except StaleRevision:
            results.append("stale")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["saved"] + ["stale"] * 5
    assert store.revision_key(key) == 2 and len(store.changes(key)) == 1
