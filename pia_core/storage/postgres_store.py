"""The shared scan store: PostgreSQL, for several app servers behind a load balancer.

Selected by `PIA_STORE_URL=postgresql://user@host:port/db` (pia_core/storage/__init__.py). The
same table as SQLiteStore, keyed by the token's SHA-256; a save is one statement (insert, or
update with revision + 1), so two servers saving one scan at once both get their own revision
and the last write wins. Connections come from a pool (psycopg_pool), each checked before use;
a call that cannot reach the database raises StoreUnavailable (the app says so and retries on
the next run), and the first call that reaches it again after an outage renews the pool.

The table is created when the store starts (a first start). A table dropped under the running app
is not created again: a new empty table would accept saves while every other scan is gone (their
links would open empty scans). Until the operator restores it the store is "cannot save"
(StoreUnavailable), like a dropped or unreachable database; the sessions keep their copies and
save them into the restored table. A restart, like a first start, creates an empty table.
Nothing here logs the URL (it may hold a password), a token or a scan.

The workspace (clients, dossiers, links, comments, access log: pia_core/storage/sql_store.py) is
in the same database, in the tables after `scans`, made by the same start (CREATE ... IF NOT
EXISTS: a database from before them gets them at the first start of this version). None of them
has a foreign key to `scans`, so that table can still be dropped and restored on its own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from pia_core.storage.base import StoredScan, StoreUnavailable, check_key, token_key, utc_now
from pia_core.storage.sql_store import Conflict, SQLStore, Tx
from pia_core.storage.workspace import utc

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    key text PRIMARY KEY,            -- sha256 of the token, never the token
    data text NOT NULL,              -- the assessment JSON
    revision integer NOT NULL,
    created timestamptz NOT NULL,
    updated timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS scans_updated ON scans (updated);

-- The workspace: as in SQLiteStore (see there for the columns).
CREATE TABLE IF NOT EXISTS clients (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    created timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
    scan_key text PRIMARY KEY,
    client_id bigint NOT NULL,
    status text NOT NULL,
    consultant text,
    title text NOT NULL,
    contact_name text,
    contact_email text,
    consent_version text,
    consent_at timestamptz,
    created timestamptz NOT NULL,
    changed timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_client ON dossiers (client_id);
CREATE TABLE IF NOT EXISTS links (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_key text NOT NULL,
    token_key text NOT NULL UNIQUE,  -- sha256 of the link's token, never the token
    role text NOT NULL,
    label text NOT NULL,
    created timestamptz NOT NULL,
    last_used timestamptz,
    revoked timestamptz
);
CREATE INDEX IF NOT EXISTS links_scan ON links (scan_key);
CREATE TABLE IF NOT EXISTS comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_key text NOT NULL,
    parent_id bigint,
    activity text NOT NULL,
    kind text NOT NULL,
    target text NOT NULL,
    author_kind text NOT NULL,
    author_name text NOT NULL,
    author_email text,
    text text NOT NULL,
    created timestamptz NOT NULL,
    resolved timestamptz,
    resolver_kind text,
    resolver_name text,
    resolver_email text
);
CREATE INDEX IF NOT EXISTS comments_scan ON comments (scan_key, activity, kind, target);
CREATE INDEX IF NOT EXISTS comments_parent ON comments (parent_id);
CREATE TABLE IF NOT EXISTS access_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_key text NOT NULL,
    consultant text NOT NULL,
    action text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_scan ON access_log (scan_key);
CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
CREATE INDEX IF NOT EXISTS access_log_consultant ON access_log (consultant, at);
CREATE TABLE IF NOT EXISTS edit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_key text NOT NULL,
    revision integer NOT NULL,
    activity text NOT NULL,
    field text NOT NULL,
    old_value text,
    new_value text,
    who text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS edit_log_scan ON edit_log (scan_key, activity, field);
"""
SCHEMA_LOCK = 0x5049_4153  # advisory lock id: two servers starting at once create the table once
POOL_SIZE = 8  # connections per app process at most; Streamlit runs scripts on threads of one process
WAIT = 2.0  # seconds a call waits for a pooled connection before it checks the database directly
CONNECT_TIMEOUT = 2  # seconds for a new connection (a refused one fails at once)
T = TypeVar("T")


class _PostgresTx:
    """A transaction on one connection (sql_store.Tx): `?` placeholders become psycopg's `%s`."""

    key_share = " FOR KEY SHARE"
    for_update = " FOR UPDATE"

    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self._db = db

    def _execute(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor[Any]:
        assert "%" not in sql, "no literal % in the shared SQL"
        try:
            return self._db.execute(sql.replace("?", "%s"), tuple(params))
        except psycopg.errors.UniqueViolation as exc:
            raise Conflict(str(exc)) from exc

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._execute(sql, params).rowcount

    def stamp(self, moment: dt.datetime) -> dt.datetime:
        return utc(moment)

    def moment(self, value: Any) -> dt.datetime:
        assert isinstance(value, dt.datetime)
        return value.astimezone(dt.UTC)


class PostgresStore(SQLStore):
    def __init__(self, url: str, *, pool_size: int = POOL_SIZE, wait: float = WAIT) -> None:
        self._url, self._pool_size, self._wait = url, pool_size, wait
        self._lock = threading.Lock()
        self._down = False  # the last call could not reach the database: go direct until it can
        self._pool = self._new_pool()
        self._schema_ready = False
        self._ensure_schema()

    def _new_pool(self) -> ConnectionPool[psycopg.Connection[Any]]:
        pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            self._url,
            min_size=1,
            max_size=self._pool_size,
            timeout=self._wait,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            check=ConnectionPool.check_connection,  # a connection broken by a restart is replaced
            open=False,
            name="pia-scans",
        )
        pool.open(wait=False)
        return pool

    def _call(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run `work`; StoreUnavailable if the database cannot be reached or the table is gone."""
        try:
            return self._reach(work)
        except psycopg.errors.UndefinedTable as exc:  # dropped under the running app: not recreated
            raise StoreUnavailable("the scans table is gone") from exc

    def _reach(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run `work` on a pooled connection; StoreUnavailable if the database cannot be reached.

        After an outage the pool backs off (1, 2, 4 ... s between attempts), so while the
        database is known to be down every call tries one direct connection instead: refused at
        once while it is down (the user hears at once that saving failed), and the first one
        that succeeds brings a fresh pool (saving works again on the next click).
        """
        if not self._down:
            try:
                with self._pool.connection() as db:
                    return work(db)
            except (psycopg.OperationalError, PoolTimeout):
                self._down = True  # a restart or an outage: check directly below
        try:
            with psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as db:
                result = work(db)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable("the scan database cannot be reached") from exc
        with self._lock:
            if self._down:
                old, self._pool, self._down = self._pool, self._new_pool(), False
                old.close(timeout=0)
        return result

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return

        def create(db: psycopg.Connection[Any]) -> None:
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                db.execute(SCHEMA)

        self._call(create)
        self._schema_ready = True

    def close(self) -> None:
        self._pool.close()

    def _one(self, query: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        self._ensure_schema()
        return self._call(lambda db: db.execute(query, params).fetchone())

    def _transaction(self, work: Callable[[Tx], T], *, write: bool) -> T:
        self._ensure_schema()

        def run(db: psycopg.Connection[Any]) -> T:
            if not write:  # READ COMMITTED: a block would not give its reads one snapshot either,
                return work(_PostgresTx(db))  # it would only add BEGIN and COMMIT round trips
            with db.transaction():
                return work(_PostgresTx(db))

        return self._call(run)

    def load_key(self, key: str) -> StoredScan | None:
        row = self._one(
            "SELECT data, revision, created, updated FROM scans WHERE key = %s", (check_key(key),)
        )
        return None if row is None else StoredScan(row[0], int(row[1]), row[2], row[3])

    def revision_key(self, key: str) -> int | None:
        row = self._one("SELECT revision FROM scans WHERE key = %s", (check_key(key),))
        return None if row is None else int(row[0])

    def save(self, token: str, data: str, now: dt.datetime | None = None) -> int:
        key, stamp = token_key(token), now or utc_now()
        row = self._one(
            "INSERT INTO scans (key, data, revision, created, updated) VALUES (%s, %s, 1, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated = excluded.updated, "
            "revision = scans.revision + 1 RETURNING revision",
            (key, data, stamp, stamp),
        )
        assert row is not None
        return int(row[0])

    def save_key(self, key: str, data: str, now: dt.datetime | None = None) -> int | None:
        row = self._one(
            "UPDATE scans SET data = %s, updated = %s, revision = revision + 1 WHERE key = %s "
            "RETURNING revision",
            (data, now or utc_now(), check_key(key)),
        )
        return None if row is None else int(row[0])

    def count(self) -> int:
        """How many scans are stored (for tests and the operator, never shown to users)."""
        row = self._one("SELECT COUNT(*) FROM scans", ())
        return 0 if row is None else int(row[0])
