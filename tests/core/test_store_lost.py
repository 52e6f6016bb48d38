"""The store lost under the running app (file removed or replaced, table or database dropped).

Nothing may report "saved" while the writes go nowhere, and nothing may start an empty store in
its place: the calls raise StoreUnavailable (the app keeps the scan in the session and says it
cannot save) until the operator puts the store back; then the sessions save what they kept.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer
from pia_core.storage import ScanStore, StoreUnavailable, new_token, open_store
from pia_core.storage.base import token_key
from pia_core.storage.postgres_store import SCHEMA as POSTGRES_SCHEMA
from pia_core.storage.postgres_store import PostgresStore
from pia_core.storage.sqlite_store import SCHEMA as SQLITE_SCHEMA
from pia_core.storage.sqlite_store import SQLiteStore
from tools.postgres import Postgres

from ..apptest import goto, new_app, state
from ..pages.test_store_outage import Q1, Q2, answer, texts_of
from .test_storage import NOW

SIDE_FILES = ("-wal", "-shm")


@pytest.fixture(autouse=True)
def room_for_new_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh per-address counter (pia_core/limits.py): earlier tests in this process must not
    have used up the hour's new scans, or the first save here would wait for room instead."""
    monkeypatch.setattr("pia_core.limits._new_scans", None)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "store" / "scans.sqlite3")


def remove(path: Path, *, side_files: bool = True) -> None:
    """`rm scans.sqlite3` (and its -wal and -shm), as an operator or a cleanup job would."""
    path.unlink()
    if side_files:
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def backup(path: Path, to: Path) -> Path:
    """A copy of the live store, as SQLite's online backup makes it (one self-contained file)."""
    with sqlite3.connect(path) as source, sqlite3.connect(to) as target:
        source.backup(target)
    source.close()
    target.close()
    return to


def rows_in(path: Path) -> dict[str, str]:
    """key -> data of the file at `path`, read by a connection of its own."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        found = dict(db.execute("SELECT key, data FROM scans").fetchall())
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    return found


def saved_answers(store: ScanStore, token: str) -> dict[str, Answer]:
    found = store.load(token)
    assert found is not None
    return dict(Dossier.model_validate_json(found.data).assessment().answers)


def every_call_refused(store: SQLiteStore | PostgresStore, token: str) -> None:
    with pytest.raises(StoreUnavailable):
        store.save(token, "typed after the loss")
    with pytest.raises(StoreUnavailable):
        store.load(token)
    with pytest.raises(StoreUnavailable):
        store.revision(token)
    with pytest.raises(StoreUnavailable):
        store.delete(token)
    with pytest.raises(StoreUnavailable):
        store.purge(NOW)


# --- SQLite ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("side_files", [True, False], ids=["with-wal-and-shm", "main-file-only"])
def test_a_removed_sqlite_file_refuses_every_call_and_is_not_recreated(
    sqlite_store: SQLiteStore, side_files: bool
) -> None:
    token = new_token()
    assert sqlite_store.save(token, "before") == 1
    remove(sqlite_store.path, side_files=side_files)
    every_call_refused(sqlite_store, token)
    every_call_refused(sqlite_store, token)  # and stays so: no empty store appears in its place
    assert not sqlite_store.path.exists()


def test_a_file_removed_while_a_save_runs_is_not_reported_saved(sqlite_store: SQLiteStore) -> None:
    token = new_token()
    sqlite_store.save(token, "before")
    db = sqlite_store._db
    assert db is not None

    def remove_during_the_insert(statement: str) -> None:
        if statement.startswith("INSERT") and sqlite_store.path.exists():
            remove(sqlite_store.path)

    db.set_trace_callback(remove_during_the_insert)
    with pytest.raises(StoreUnavailable):
        sqlite_store.save(token, "written while the file went")
    with pytest.raises(StoreUnavailable):
        sqlite_store.save(token, "and after")


@pytest.mark.parametrize("side_files", [True, False], ids=["with-wal-and-shm", "main-file-only"])
def test_a_removed_file_restored_from_a_backup_is_used_again(
    sqlite_store: SQLiteStore, tmp_path: Path, side_files: bool
) -> None:
    kept, lost = new_token(), new_token()
    sqlite_store.save(kept, "in the backup")
    copy = backup(sqlite_store.path, tmp_path / "backup.sqlite3")
    sqlite_store.save(lost, "saved after the backup")
    remove(sqlite_store.path, side_files=side_files)
    with pytest.raises(StoreUnavailable):
        sqlite_store.save(kept, "while the file is gone")

    os.replace(copy, sqlite_store.path)  # the operator restores the backup
    found = sqlite_store.load(kept)
    assert found is not None and found.data == "in the backup"
    # The removed file's log (left beside it when only the main file went) is not read into
    # the backup: the scan saved after the backup went with the removed file.
    assert sqlite_store.load(lost) is None
    assert sqlite_store.save(kept, "after the restore") == 2
    assert set(rows_in(sqlite_store.path).values()) == {"after the restore"}


def test_a_moved_away_file_refuses_calls_and_keeps_every_save(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    tokens = [new_token() for _ in range(3)]
    for n, token in enumerate(tokens):
        sqlite_store.save(token, f"scan {n}")
    moved = tmp_path / "moved.sqlite3"
    os.replace(sqlite_store.path, moved)  # its -wal stays behind under the old name
    every_call_refused(sqlite_store, tokens[0])
    assert not sqlite_store.path.exists()
    assert sorted(rows_in(moved).values()) == ["scan 0", "scan 1", "scan 2"], "the log is in the file"


def test_a_replaced_file_is_taken_from_the_next_call(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    """Another scan store moved to the path (a restore under a running app) is the store from then on."""
    old_token, new_token_ = new_token(), new_token()
    sqlite_store.save(old_token, "in the old file")
    replacement = tmp_path / "replacement.sqlite3"
    with sqlite3.connect(replacement) as db:
        db.executescript(SQLITE_SCHEMA)
        db.execute(
            "INSERT INTO scans VALUES (?, 'in the replacement', 1, ?, ?)",
            (token_key(new_token_), NOW.isoformat(), NOW.isoformat()),
        )
    db.close()
    os.replace(replacement, sqlite_store.path)

    found = sqlite_store.load(new_token_)
    assert found is not None and found.data == "in the replacement"
    assert sqlite_store.load(old_token) is None
    assert sqlite_store.save(new_token_, "saved into the replacement") == 2
    assert list(rows_in(sqlite_store.path).values()) == ["saved into the replacement"]


@pytest.mark.parametrize("kind", ["sqlite-without-scans", "not-sqlite", "empty"])
def test_a_file_that_is_not_a_scan_store_is_refused_and_left_alone(
    sqlite_store: SQLiteStore, tmp_path: Path, kind: str
) -> None:
    token = new_token()
    sqlite_store.save(token, "before")
    stranger = tmp_path / "stranger"
    if kind == "sqlite-without-scans":
        with sqlite3.connect(stranger) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
        db.close()
    else:
        stranger.write_bytes(b"" if kind == "empty" else b"not a database\n" * 100)
    content = stranger.read_bytes()
    os.replace(stranger, sqlite_store.path)

    every_call_refused(sqlite_store, token)
    assert sqlite_store.path.read_bytes() == content
    wal = Path(f"{sqlite_store.path}-wal")  # the old file's log, emptied into the old file
    assert not wal.exists() or wal.stat().st_size == 0

    # Then the operator moves the real store back: saving works again.
    store_file = tmp_path / "real.sqlite3"
    with sqlite3.connect(store_file) as db:
        db.executescript(SQLITE_SCHEMA)
    db.close()
    os.replace(store_file, sqlite_store.path)
    assert sqlite_store.save(token, "after") == 1


def test_answers_after_the_file_is_removed_are_kept_and_saved_into_the_restored_file(
    scan_store: Path, tmp_path: Path
) -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    store = open_store()
    assert isinstance(store, SQLiteStore) and store.path == scan_store
    copy = backup(scan_store, tmp_path / "backup.sqlite3")  # taken before this scan was saved
    answer(at, Q1, Answer.YES)
    token = str(at.session_state["_scan_token"])
    assert store.revision(token) == 1

    remove(scan_store)
    answer(at, Q2, Answer.NO)
    assert any(t("scan.save_failed", "nl") in text for text in texts_of(at, "toast"))
    assert not any(t("scan.save_restored", "nl") in text for text in texts_of(at, "toast"))
    assert state(at).answers == {Q1: Answer.YES, Q2: Answer.NO}, "the session keeps both answers"
    assert not scan_store.exists(), "no empty store in its place"
    at.run()  # a later run (the notice's retry): still cannot save, still says so
    assert not at.exception, at.exception
    assert t("scan.save_pending", "nl") in texts_of(at, "warning")

    os.replace(copy, scan_store)  # the operator restores last night's backup, without this scan
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["_scan_token"] == token, "the same link, not a fresh scan"
    assert state(at).answers == {Q1: Answer.YES, Q2: Answer.NO}
    assert t("scan.save_pending", "nl") not in texts_of(at, "warning")
    assert saved_answers(store, token) == {Q1: Answer.YES, Q2: Answer.NO}


# --- PostgreSQL -----------------------------------------------------------------------------------


def table_exists(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as db:
        found = db.execute("SELECT to_regclass('scans') IS NOT NULL").fetchone()
    return bool(found and found[0])


def restore_table(url: str) -> None:
    """The operator puts the table back (here empty: a restore from before any of these scans)."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(POSTGRES_SCHEMA)


def test_a_dropped_postgres_table_is_cannot_save_until_restored(
    postgres: Postgres,
    postgres_store: PostgresStore,
) -> None:
    token = new_token()
    assert postgres_store.save(token, "before") == 1
    with psycopg.connect(postgres.url, autocommit=True) as db:
        db.execute("DROP TABLE scans")
    every_call_refused(postgres_store, token)
    assert not table_exists(postgres.url), "no empty table in its place"

    restore_table(postgres.url)
    assert postgres_store.save(token, "after the restore") == 1
    found = postgres_store.load(token)
    assert found is not None and found.data == "after the restore"


@pytest.fixture
def maintenance_url(postgres: Postgres) -> Iterator[str]:
    """A connection to the server's `postgres` database; the scans database exists again afterwards."""
    url = postgres.url.rsplit("/", 1)[0] + "/postgres"
    yield url
    with psycopg.connect(url, autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = 'pia'").fetchone() is None:
            db.execute("CREATE DATABASE pia")


def test_a_dropped_postgres_database_is_cannot_save_also_once_an_empty_one_is_back(
    postgres: Postgres,
    postgres_store: PostgresStore,
    maintenance_url: str,
) -> None:
    token = new_token()
    assert postgres_store.save(token, "before") == 1
    with psycopg.connect(maintenance_url, autocommit=True) as db:
        db.execute("DROP DATABASE pia WITH (FORCE)")  # ends the store's connections too
    every_call_refused(postgres_store, token)

    with psycopg.connect(maintenance_url, autocommit=True) as db:
        db.execute("CREATE DATABASE pia")  # back, but empty
    every_call_refused(postgres_store, token)
    assert not table_exists(postgres.url), "no empty table in the empty database"

    restore_table(postgres.url)
    assert postgres_store.save(token, "after the restore") == 1


def test_answers_after_the_postgres_table_is_dropped_are_kept_and_saved_once_it_is_back(
    postgres: Postgres,
    postgres_store: PostgresStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("pia_core.ui.persistence.open_store", lambda: postgres_store)
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.YES)
    token = str(at.session_state["_scan_token"])
    assert postgres_store.revision(token) == 1

    with psycopg.connect(postgres.url, autocommit=True) as db:
        db.execute("DROP TABLE scans")
    answer(at, Q2, Answer.NO)
    assert any(t("scan.save_failed", "nl") in text for text in texts_of(at, "toast"))
    assert state(at).answers == {Q1: Answer.YES, Q2: Answer.NO}
    assert not table_exists(postgres.url)

    restore_table(postgres.url)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["_scan_token"] == token
    assert saved_answers(postgres_store, token) == {Q1: Answer.YES, Q2: Answer.NO}
