"""Where scans live between sessions: configuration, the store in use and the retention purge.

Environment:
- PIA_STORE_URL: postgresql://user[:password]@host[:port]/database selects the shared
  PostgreSQL store (several app servers); unset, scans live in SQLite on this server.
- PIA_STORE_PATH: the SQLite file (default ~/.local/state/privacy-impact-analyse/scans.sqlite3).
- PIA_RETENTION_DAYS: scans unchanged for this many days are deleted (default 30).
- PIA_ACCESS_LOG_DAYS: the consultants' access log keeps this many days (default 180); an entry
  goes earlier with its scan.

Both stores hold the consultant's workspace too (clients, dossiers, links, comments, access log):
`open_workspace()` is the same store as `open_store()`, typed as a WorkspaceStore.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from functools import cache
from pathlib import Path

from pia_core.storage.base import (
    ScanStore,
    StoredScan,
    StoreUnavailable,
    is_valid_token,
    new_token,
    utc_now,
)
from pia_core.storage.sql_store import SQLStore
from pia_core.storage.sqlite_store import SQLiteStore
from pia_core.storage.workspace import WorkspaceStore

__all__ = [
    "ScanStore",
    "StoreUnavailable",
    "StoredScan",
    "WorkspaceStore",
    "access_log_days",
    "is_valid_token",
    "load_live",
    "new_token",
    "open_store",
    "open_workspace",
    "purge_access_log",
    "purge_expired",
    "retention_days",
]

STORE_ENV = "PIA_STORE_PATH"
URL_ENV = "PIA_STORE_URL"
URL_SCHEMES = ("postgresql://", "postgres://")
RETENTION_ENV = "PIA_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30
DEFAULT_STORE = Path.home() / ".local" / "state" / "privacy-impact-analyse" / "scans.sqlite3"
PURGE_EVERY = dt.timedelta(hours=1)
ACCESS_LOG_ENV = "PIA_ACCESS_LOG_DAYS"
DEFAULT_ACCESS_LOG_DAYS = 180

log = logging.getLogger(__name__)


def store_path() -> Path:
    configured = os.environ.get(STORE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_STORE


def retention_days() -> int:
    raw = os.environ.get(RETENTION_ENV, "").strip()
    try:
        days = int(raw) if raw else DEFAULT_RETENTION_DAYS
    except ValueError:
        log.warning("%s=%r is not a whole number; using %d days", RETENTION_ENV, raw, DEFAULT_RETENTION_DAYS)
        return DEFAULT_RETENTION_DAYS
    return max(days, 1)


def store_url() -> str | None:
    """The PostgreSQL URL if one is configured (never logged: it may hold a password)."""
    configured = os.environ.get(URL_ENV, "").strip()
    if not configured:
        return None
    if not configured.startswith(URL_SCHEMES):
        raise ValueError(f"{URL_ENV} must start with postgresql://")
    return configured


@cache
def _store_at(path: Path) -> ScanStore:
    return SQLiteStore(path)


@cache
def _shared_store(url: str) -> ScanStore:
    from pia_core.storage.postgres_store import PostgresStore  # psycopg only where it is used

    return PostgresStore(url)


def open_store() -> ScanStore:
    """The store for this process (one per configuration; it holds no per-user state).

    PostgreSQL when PIA_STORE_URL is set (every app server behind the load balancer sees the
    same scans), else the SQLite file of this server. Raises StoreUnavailable while a
    configured database cannot be reached; the next call tries again.
    """
    url = store_url()
    return _shared_store(url) if url else _store_at(store_path())


_purge_lock = threading.Lock()
_last_purge: dict[Path, dt.datetime] = {}


def purge_expired(store: ScanStore, now: dt.datetime | None = None, *, force: bool = False) -> int:
    """Delete scans older than the retention, and access-log entries older than theirs; at most
    once per PURGE_EVERY per store unless forced. Returns the number of scans removed."""
    moment = now or utc_now()
    key = getattr(store, "path", Path(str(id(store))))
    with _purge_lock:
        last = _last_purge.get(key)
        if not force and last is not None and moment - last < PURGE_EVERY:
            return 0
        _last_purge[key] = moment
    removed = store.purge(moment - dt.timedelta(days=retention_days()))
    if removed:
        log.info("retention: removed %d scan(s) older than %d days", removed, retention_days())
    if isinstance(store, SQLStore):  # the workspace's access log has its own term (personal data)
        purge_access_log(store, moment)
    return removed


def load_live(store: ScanStore, token: str, now: dt.datetime | None = None) -> StoredScan | None:
    """The scan under `token` unless it is past retention (then it is deleted now, not just hidden)."""
    found = store.load(token)
    if found is None:
        return None
    if found.updated < (now or utc_now()) - dt.timedelta(days=retention_days()):
        store.delete(token)
        return None
    return found


def access_log_days() -> int:
    raw = os.environ.get(ACCESS_LOG_ENV, "").strip()
    try:
        days = int(raw) if raw else DEFAULT_ACCESS_LOG_DAYS
    except ValueError:
        log.warning(
            "%s=%r is not a whole number; using %d days", ACCESS_LOG_ENV, raw, DEFAULT_ACCESS_LOG_DAYS
        )
        return DEFAULT_ACCESS_LOG_DAYS
    return max(days, 1)


def open_workspace() -> WorkspaceStore:
    """The store for this process (the one open_store gives) with its workspace."""
    store = open_store()
    if not isinstance(store, SQLStore):  # both stores are; this tells the type checker
        raise TypeError("the scan store has no workspace")
    return store


def purge_access_log(store: WorkspaceStore, now: dt.datetime | None = None) -> int:
    """Delete access-log entries older than PIA_ACCESS_LOG_DAYS (call it beside purge_expired)."""
    removed = store.purge_access_log((now or utc_now()) - dt.timedelta(days=access_log_days()))
    if removed:
        log.info("access log: removed %d entries older than %d days", removed, access_log_days())
    return removed
