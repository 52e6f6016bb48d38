"""The default scan store: one SQLite file on the app server.

Streamlit serves every session from a thread of one process; they share one connection under a
lock. WAL mode lets readers and the writer work at the same time and busy_timeout makes a second
process on the file wait instead of fail.

The file can go from under the running app: removed, moved away, or replaced (a backup moved into
place). An open connection does not notice: SQLite keeps writing into the unlinked file, every
save "succeeds" and all of it is gone at the next start. So every transaction compares the file at
the path with the one it opened (device and inode: an os.stat before and after, ~1 µs each, where
a save takes 25-50 µs) and raises StoreUnavailable while they differ; the app then keeps the
scan in the session, says it cannot save and retries (pia_core/ui/persistence.py).
- Removed or moved away: nothing is created in its place. A new empty file would accept saves
  while every other scan is gone (their links would open empty scans), so the store stays "cannot
  save" until a scan file is back at the path (the operator restores it) or the app restarts
  (which, like a first start, creates an empty store).
- Replaced (another file at the path): taken from the next call on, if it holds a scans table; a
  restored backup is a legitimate store, and the sessions that could not save then save their
  copies into it. Any other file is refused and left untouched.
A file overwritten in place (same inode, e.g. `cp` onto it) cannot be told apart: SQLite's own
rule applies, restore a database by moving a file into place.

The workspace (clients, dossiers, links, comments, access log, edit log: pia_core/storage/sql_store.py) lives
in the same file, in the tables after `scans`. They are created with it, and added to a scan
store from before them (a restored older backup) when that file is taken.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pia_core.storage.base import StoredScan, StoreUnavailable, check_key, token_key, utc_now
from pia_core.storage.sql_store import Conflict, SQLStore, Tx
from pia_core.storage.workspace import utc

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    key TEXT PRIMARY KEY,          -- sha256 of the token, never the token
    data TEXT NOT NULL,            -- the assessment JSON
    revision INTEGER NOT NULL,
    created TEXT NOT NULL,         -- ISO 8601, UTC
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS scans_updated ON scans (updated);

-- The workspace. Rows name a scan by its key (scan_key = scans.key); no foreign keys: the store
-- deletes what names a scan with the scan, in one transaction (pia_core/storage/sql_store.py).
CREATE TABLE IF NOT EXISTS clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: an id is never given out twice
    name TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
    scan_key TEXT PRIMARY KEY,     -- one dossier per scan
    client_id INTEGER NOT NULL,    -- clients.id
    status TEXT NOT NULL,          -- received | in_review | plan_agreed | signed_off
    consultant TEXT,               -- the responsible consultant's e-mail; NULL: nobody yet
    title TEXT NOT NULL,
    contact_name TEXT,             -- the hand-over: the prospect, and the consent they gave
    contact_email TEXT,
    consent_version TEXT,
    consent_at TEXT,
    created TEXT NOT NULL,
    changed TEXT NOT NULL          -- the dossier's own last change
);
CREATE INDEX IF NOT EXISTS dossiers_client ON dossiers (client_id);
CREATE TABLE IF NOT EXISTS links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_key TEXT NOT NULL,
    token_key TEXT NOT NULL UNIQUE,  -- sha256 of the link's token, never the token
    role TEXT NOT NULL,            -- edit | comment | read
    label TEXT NOT NULL,
    created TEXT NOT NULL,
    last_used TEXT,
    revoked TEXT
);
CREATE INDEX IF NOT EXISTS links_scan ON links (scan_key);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_key TEXT NOT NULL,
    parent_id INTEGER,             -- the thread's first comment; NULL: this one is
    activity TEXT NOT NULL,        -- where: activity id ('' organisation-wide),
    kind TEXT NOT NULL,            -- question | flow | action | step,
    target TEXT NOT NULL,          -- and its id
    author_kind TEXT NOT NULL,     -- consultant | link
    author_name TEXT NOT NULL,
    author_email TEXT,             -- consultants only
    text TEXT NOT NULL,
    created TEXT NOT NULL,
    resolved TEXT,                 -- on a thread's first comment: when the thread was resolved, by
    resolver_kind TEXT,
    resolver_name TEXT,
    resolver_email TEXT
);
CREATE INDEX IF NOT EXISTS comments_scan ON comments (scan_key, activity, kind, target);
CREATE INDEX IF NOT EXISTS comments_parent ON comments (parent_id);
CREATE TABLE IF NOT EXISTS access_log (  -- who did what with which scan: never its content
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_key TEXT NOT NULL,
    consultant TEXT NOT NULL,      -- e-mail
    action TEXT NOT NULL,          -- opened | changed | exported | shared
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS access_log_scan ON access_log (scan_key);
CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
CREATE INDEX IF NOT EXISTS access_log_consultant ON access_log (consultant, at);
CREATE TABLE IF NOT EXISTS edit_log (  -- every change of a scan's fields (pia_core/storage/edit_log.py)
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_key TEXT NOT NULL,
    revision INTEGER NOT NULL,     -- the scan's revision the change is part of
    activity TEXT NOT NULL,        -- the activity's id; '' the organisation-wide part
    field TEXT NOT NULL,           -- a path: answers.s3_dpia, notes.3, actions.<id>.owner, ...
    old_value TEXT,                -- JSON; NULL: the field was absent
    new_value TEXT,
    who TEXT NOT NULL,             -- a consultant's e-mail, "via link[: label]" or "self-scan"
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edit_log_scan ON edit_log (scan_key, activity, field);
"""
HAS_SCANS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scans'"

FileId = tuple[int, int]  # (st_dev, st_ino): which file, whatever its name
T = TypeVar("T")

log = logging.getLogger(__name__)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class _SQLiteTx:
    """A transaction on the shared connection (sql_store.Tx). The writing transaction holds the
    file's write lock from its start, so no lock clauses are needed."""

    key_share = ""
    for_update = ""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()  # all: see save()
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from exc

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._db.execute(sql, tuple(params)).rowcount
        except sqlite3.IntegrityError as exc:
            raise Conflict(str(exc)) from exc

    def stamp(self, moment: dt.datetime) -> str:
        return _iso(utc(moment))

    def moment(self, value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(value)


def _file_at(path: Path) -> FileId | None:
    try:
        found = os.stat(path)
    except OSError:  # gone (or its folder): nothing usable there
        return None
    return found.st_dev, found.st_ino


class SQLiteStore(SQLStore):
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, held open and shared by the sessions' threads under a lock. Opening one per
        # call cost ~0.2 ms on every run, and closing the last one makes SQLite checkpoint and remove
        # the WAL (an fsync: ~10 ms a save). Other processes (more app servers) still lock the file.
        self._lock = threading.Lock()
        self._refused: FileId | None = None  # a file at the path that is not a scan store (logged once)
        self._db: sqlite3.Connection | None  # None: its file is gone and no new one is taken yet
        self._db, self._opened = self._open(create=True)

    def _open(self, *, create: bool) -> tuple[sqlite3.Connection, FileId]:
        """A connection to the file at the path, and which file that is.

        Only the first open creates the file (a first start); later an existing scan store is
        required (mode=rw never creates a file, and a file without a scans table is not changed).
        A scan store from before the workspace gets its tables.
        """
        target = str(self.path) if create else f"{self.path.absolute().as_uri()}?mode=rw"
        try:
            db = sqlite3.connect(target, uri=not create, timeout=10, check_same_thread=False)
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable("the scan file cannot be opened") from exc
        try:
            with db:
                if not create and not _holds_scans(db):
                    raise StoreUnavailable("the file at the store path is not a scan store")
                db.execute("PRAGMA journal_mode=WAL")
                # WAL + NORMAL: a commit survives an app crash; only a power cut may lose the last change.
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(f"BEGIN; {SCHEMA} COMMIT;")  # IF NOT EXISTS: only what is missing
            opened = _file_at(self.path)
            if opened is None:
                raise StoreUnavailable("the scan file went while it was opened")
        except sqlite3.OperationalError as exc:
            db.close()
            raise StoreUnavailable("the scan file cannot be opened") from exc
        except StoreUnavailable:
            db.close()
            raise
        return db, opened

    def _let_go(self, db: sqlite3.Connection) -> None:
        """Close the connection to a file that is no longer at the path, once its log is empty.

        The checkpoint writes every committed save into that file (moved away, it is complete)
        and empties its log (-wal): SQLite pairs a log with a database by name, so a log left
        at the path with frames in it would be read into the next file there, mixing two stores.
        Closing then removes nothing by name (SQLite skips that for a database that has moved).
        """
        try:
            db.execute("PRAGMA busy_timeout = 0")  # another process reading it: try again next call
            blocked = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error:
            blocked = 1
        if blocked:
            raise StoreUnavailable("the scan file is gone and its log is not yet written back")
        db.close()
        self._db = None
        log.warning("the scan file %s was removed or replaced while open", self.path)

    def _current(self) -> sqlite3.Connection:
        """The connection to the scan file now at the path; StoreUnavailable while there is none."""
        here = _file_at(self.path)
        if self._db is not None:
            if here == self._opened:
                return self._db
            self._let_go(self._db)
        if here is None:
            raise StoreUnavailable("the scan file is gone")
        try:
            self._db, self._opened = self._open(create=False)
        except StoreUnavailable:
            if self._refused != here:
                self._refused = here
                log.error("the file at %s is not a scan store (or cannot be opened); saving waits", self.path)
            raise
        log.warning("the scan file at %s was replaced; using the new file", self.path)
        return self._db

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The shared connection for one transaction (committed on success, rolled back on error)."""
        try:
            with self._lock:
                db = self._current()
                with db:
                    yield db
                if _file_at(self.path) != self._opened:
                    # Removed while this call ran: its write may have gone with the file.
                    raise StoreUnavailable("the scan file went during the call")
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full, I/O error
            raise StoreUnavailable("the scan file cannot be written") from exc

    def _transaction(self, work: Callable[[Tx], T], *, write: bool) -> T:
        with self._connect() as db:
            # IMMEDIATE: a writing transaction takes the write lock before it reads, so what it
            # checked still holds when it writes (another process waits for busy_timeout).
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            return work(_SQLiteTx(db))

    def load_key(self, key: str) -> StoredScan | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT data, revision, created, updated FROM scans WHERE key = ?", (check_key(key),)
            ).fetchone()
        if row is None:
            return None
        return StoredScan(
            row[0], row[1], dt.datetime.fromisoformat(row[2]), dt.datetime.fromisoformat(row[3])
        )

    def revision_key(self, key: str) -> int | None:
        with self._connect() as db:
            row = db.execute("SELECT revision FROM scans WHERE key = ?", (check_key(key),)).fetchone()
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

    def save_key(self, key: str, data: str, now: dt.datetime | None = None) -> int | None:
        stamp = _iso(now or utc_now())
        with self._connect() as db:
            row = db.execute(
                "UPDATE scans SET data = ?, updated = ?, revision = revision + 1 WHERE key = ? "
                "RETURNING revision",
                (data, stamp, check_key(key)),
            ).fetchall()
        return int(row[0][0]) if row else None

    def count(self) -> int:
        """How many scans are stored (for tests and the operator, never shown to users)."""
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM scans").fetchone()[0])


def _holds_scans(db: sqlite3.Connection) -> bool:
    try:
        return db.execute(HAS_SCANS).fetchone() is not None
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:  # not an SQLite database at all
        return False
