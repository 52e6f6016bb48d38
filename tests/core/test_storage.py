"""The scan store: isolation between tokens, last write wins, delete, retention purge.

Every test that takes `store` runs against both stores: SQLite (the default) and PostgreSQL
(PIA_STORE_URL; a real server started for this module by tools/postgres.py from Debian's
`postgresql` package, as an unprivileged user on a free loopback port).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest

from pia_core.storage import (
    StoreUnavailable,
    _shared_store,
    is_valid_token,
    load_live,
    new_token,
    open_store,
    purge_expired,
    retention_days,
)
from pia_core.storage.base import token_key
from pia_core.storage.postgres_store import PostgresStore
from pia_core.storage.sqlite_store import SQLiteStore
from tools.postgres import Postgres

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
AnyStore = SQLiteStore | PostgresStore


def test_tokens_are_random_url_safe_and_at_least_128_bits() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    for token in tokens:
        assert is_valid_token(token)
        assert len(token) * 6 >= 128


@pytest.mark.parametrize(
    "hostile",
    [
        "", "short", "' OR 1=1 --", "a" * 21, "a" * 87, "abc/def" * 4, "%27%20OR%201%3D1" * 2,
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "ééééééééééééééééééééééééé", None, 12345, ["a" * 32],
    ],
)  # fmt: skip
def test_anything_but_a_token_is_refused_before_the_database(store: AnyStore, hostile: object) -> None:
    assert not is_valid_token(hostile)
    with pytest.raises(ValueError):
        store.load(hostile)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.save(hostile, "{}")  # type: ignore[arg-type]
    assert store.count() == 0


def test_save_load_and_revisions(store: AnyStore) -> None:
    token = new_token()
    assert store.load(token) is None and store.revision(token) is None
    assert store.save(token, '{"a": 1}', now=NOW) == 1
    later = NOW + dt.timedelta(minutes=5)
    assert store.save(token, '{"a": 2}', now=later) == 2
    found = store.load(token)
    assert found is not None
    assert (found.data, found.revision) == ('{"a": 2}', 2)
    assert found.created == NOW and found.updated == later
    assert store.revision(token) == 2


def test_two_tokens_never_see_each_others_data(store: AnyStore) -> None:
    first, second = new_token(), new_token()
    store.save(first, "first scan")
    store.save(second, "second scan")
    store.save(first, "first scan, changed")
    loaded_first, loaded_second = store.load(first), store.load(second)
    assert loaded_first is not None and loaded_second is not None
    assert (loaded_first.data, loaded_second.data) == ("first scan, changed", "second scan")
    assert loaded_second.revision == 1
    assert store.delete(second) is True
    assert store.load(second) is None
    assert store.load(first) is not None
    assert store.delete(second) is False


def test_the_database_holds_no_token(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "scans.sqlite3")
    token = new_token()
    store.save(token, "{}")
    store_bytes = b"".join(p.read_bytes() for p in store.path.parent.iterdir())
    assert token.encode() not in store_bytes
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT key FROM scans").fetchone()[0] == token_key(token)


def test_postgres_holds_no_token_only_its_hash(postgres: Postgres, postgres_store: PostgresStore) -> None:
    token = new_token()
    postgres_store.save(token, '{"a": 1}')
    with psycopg.connect(postgres.url) as db:
        rows = db.execute("SELECT key, data, revision FROM scans").fetchall()
        everything = db.execute("SELECT string_agg(scans::text, '') FROM scans").fetchone()
    assert rows == [(token_key(token), '{"a": 1}', 1)]
    assert everything is not None and token not in everything[0]


def test_two_postgres_stores_share_scans_and_revisions(
    postgres: Postgres, postgres_store: PostgresStore
) -> None:
    """Two app servers: what one saves, the other loads; each save is the next revision."""
    other = PostgresStore(postgres.url)
    try:
        token = new_token()
        assert postgres_store.save(token, "from server one") == 1
        assert other.revision(token) == 1
        assert other.save(token, "from server two") == 2
        loaded = postgres_store.load(token)
        assert loaded is not None and (loaded.data, loaded.revision) == ("from server two", 2)
    finally:
        other.close()


def test_postgres_down_is_reported_and_the_store_works_again_after_a_restart(
    postgres: Postgres, postgres_store: PostgresStore
) -> None:
    token = new_token()
    assert postgres_store.save(token, "before") == 1
    postgres.stop()
    try:
        with pytest.raises(StoreUnavailable):
            postgres_store.save(token, "during")
        with pytest.raises(StoreUnavailable):
            postgres_store.revision(token)
    finally:
        postgres.start()
    assert postgres_store.save(token, "after") == 2
    loaded = postgres_store.load(token)
    assert loaded is not None and loaded.data == "after"


def test_store_url_selects_postgres(postgres: Postgres, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIA_STORE_URL", postgres.url)
    shared = open_store()
    assert isinstance(shared, PostgresStore)
    try:
        assert open_store() is shared, "one pool per process"
    finally:
        shared.close()
        _shared_store.cache_clear()
    monkeypatch.setenv("PIA_STORE_URL", "mysql://somewhere/db")
    with pytest.raises(ValueError):
        open_store()
    monkeypatch.delenv("PIA_STORE_URL")
    assert isinstance(open_store(), SQLiteStore)


def test_concurrent_saves_last_write_wins_without_loss_of_revisions(store: AnyStore) -> None:
    token = new_token()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                store.save(token, f"writer {n} save {i}")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    found = store.load(token)
    assert found is not None
    assert found.revision == 80
    assert found.data.endswith("save 19")


def test_purge_removes_only_scans_older_than_the_cutoff(store: AnyStore) -> None:
    old, fresh = new_token(), new_token()
    store.save(old, "old", now=NOW - dt.timedelta(days=31))
    store.save(fresh, "fresh", now=NOW - dt.timedelta(days=29))
    assert store.purge(NOW - dt.timedelta(days=30)) == 1
    assert store.load(old) is None and store.load(fresh) is not None


def test_a_change_restarts_the_retention_period(store: AnyStore) -> None:
    token = new_token()
    store.save(token, "v1", now=NOW - dt.timedelta(days=40))
    store.save(token, "v2", now=NOW - dt.timedelta(days=1))
    assert store.purge(NOW - dt.timedelta(days=30)) == 0


def test_retention_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIA_RETENTION_DAYS", raising=False)
    assert retention_days() == 30
    monkeypatch.setenv("PIA_RETENTION_DAYS", "7")
    assert retention_days() == 7
    monkeypatch.setenv("PIA_RETENTION_DAYS", "zeven")
    assert retention_days() == 30
    monkeypatch.setenv("PIA_RETENTION_DAYS", "0")
    assert retention_days() == 1


def test_purge_expired_uses_retention_and_runs_at_most_hourly(
    store: AnyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIA_RETENTION_DAYS", "7")
    token = new_token()
    store.save(token, "x", now=NOW - dt.timedelta(days=8))
    assert purge_expired(store, now=NOW) == 1
    store.save(token, "y", now=NOW - dt.timedelta(days=8))
    assert purge_expired(store, now=NOW + dt.timedelta(minutes=10)) == 0, "throttled"
    assert purge_expired(store, now=NOW + dt.timedelta(hours=2)) == 1


def test_expired_scan_is_not_loaded_even_before_the_purge(
    store: AnyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIA_RETENTION_DAYS", "30")
    token = new_token()
    store.save(token, "x", now=NOW - dt.timedelta(days=31))
    assert load_live(store, token, now=NOW) is None
    assert store.load(token) is None, "deleted, not just hidden"
    store.save(token, "y", now=NOW - dt.timedelta(days=2))
    assert load_live(store, token, now=NOW) is not None


def test_store_location_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIA_STORE_PATH", str(tmp_path / "a" / "scans.sqlite3"))
    first = open_store()
    first.save(new_token(), "{}")
    assert (tmp_path / "a" / "scans.sqlite3").is_file()
    monkeypatch.setenv("PIA_STORE_PATH", str(tmp_path / "b.sqlite3"))
    assert open_store() is not first
