"""The default scan store: one SQLite file on the app server.

Streamlit serves every session from a thread of one process, so each call opens its own short
connection (sqlite3 connections must not cross threads); WAL mode lets readers and the writer
work at the same time and busy_timeout makes two tabs saving at once wait instead of fail.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pia_core.storage.base import StoredScan, StoreUnavailable, token_key, utc_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    key TEXT PRIMARY KEY,          -- sha256 of the token, never the token
    data TEXT NOT NULL,            -- the assessment JSON
    revision INTEGER NOT NULL,
    created TEXT NOT NULL,         -- ISO 8601, UTC
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scans_updated ON scans (updated);
"""


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, held open and shared by the sessions' threads under a lock. Opening one per
        # call cost ~0.2 ms on every run, and closing the last one makes SQLite checkpoint and remove
        # the WAL (an fsync: ~10 ms a save). Other processes (more app servers) still lock the file.
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit survives an app crash; only a power cut may lose the last change.
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The shared connection for one transaction (committed on success, rolled back on error)."""
        try:
            with self._lock, self._db:
                yield self._db
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full, file gone
            raise StoreUnavailable("the scan file cannot be written") from exc

    def load(self, token: str) -> StoredScan | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT data, revision, created, updated FROM scans WHERE key = ?", (token_key(token),)
            ).fetchone()
        if row is None:
            return None
        return StoredScan(
            row[0], row[1], dt.datetime.fromisoformat(row[2]), dt.datetime.fromisoformat(row[3])
        )

    def revision(self, token: str) -> int | None:
        with self._connect() as db:
            row = db.execute("SELECT revision FROM scans WHERE key = ?", (token_key(token),)).fetchone()
        return None if row is None else int(row[0])

    def save(self, token: str, data: str, now: dt.datetime | None = None) -> int:
        stamp = _iso(now or utc_now())
        with self._connect() as db:
            row = db.execute(
                "INSERT INTO scans (key, data, revision, created, updated) VALUES (?, ?, 1, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated = excluded.updated, "
                "revision = scans.revision + 1 RETURNING revision",
                (token_key(token), data, stamp, stamp),
            ).fetchall()  # all, not one: a RETURNING statement left open makes the commit wait
        return int(row[0][0])

    def delete(self, token: str) -> bool:
        with self._connect() as db:
            return db.execute("DELETE FROM scans WHERE key = ?", (token_key(token),)).rowcount > 0

    def purge(self, updated_before: dt.datetime) -> int:
        with self._connect() as db:
            return db.execute("DELETE FROM scans WHERE updated < ?", (_iso(updated_before),)).rowcount

    def count(self) -> int:
        """How many scans are stored (for tests and the operator, never shown to users)."""
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM scans").fetchone()[0])
