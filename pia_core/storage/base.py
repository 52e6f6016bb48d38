"""What the app needs from a scan store, whatever database sits behind it.

A scan is stored as its assessment JSON under an opaque token (random, at least 128 bits, kept
in the page URL). The store never sees the token itself: it keys rows by the token's SHA-256,
so a copy of the database does not hand out working resume links.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Protocol

TOKEN_BYTES = 24  # 192 bits; secrets.token_urlsafe(24) gives 32 characters
# Accept any url-safe token of 128 bits or more (22+ characters), so older links keep working;
# everything else from a URL is refused before it reaches a database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{22,86}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_valid_token(value: object) -> bool:
    return isinstance(value, str) and TOKEN_PATTERN.fullmatch(value) is not None


def token_key(token: str) -> str:
    """The row key for `token`; raises ValueError for anything that is not a token."""
    if not is_valid_token(token):
        raise ValueError("not a scan token")
    return hashlib.sha256(token.encode("ascii")).hexdigest()


KEY_PATTERN = re.compile(r"[0-9a-f]{64}")  # what token_key gives: a scan's key, a link's token hash


def is_valid_key(value: object) -> bool:
    return isinstance(value, str) and KEY_PATTERN.fullmatch(value) is not None


def check_key(key: str) -> str:
    """`key` if it is a scan key (a token's SHA-256 in hex); raises ValueError for anything else."""
    if not is_valid_key(key):
        raise ValueError("not a scan key")
    return key


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreUnavailable(RuntimeError):
    """The database behind the store cannot be used now: down, restarting, overloaded, or gone
    from under the running app (SQLite file removed, PostgreSQL table dropped) until it is restored.

    The app keeps the scan in the session, tells the user it cannot save and tries again on the
    next run; nothing is lost as long as the session lives.
    """


@dataclass(frozen=True)
class StoredScan:
    data: str  # the assessment JSON
    revision: int  # 1 on the first save, +1 on every save after it
    created: dt.datetime
    updated: dt.datetime


class ScanStore(Protocol):
    """Implemented by SQLiteStore and PostgresStore. Every method may raise StoreUnavailable."""

    def load(self, token: str) -> StoredScan | None:
        """The scan saved under `token`, or None."""
        ...

    def revision(self, token: str) -> int | None:
        """The current revision only: checked on every run, so it must be cheap."""
        ...

    def save(self, token: str, data: str, now: dt.datetime | None = None) -> int:
        """Store `data` under `token` (last write wins); return the new revision."""
        ...

    def delete(self, token: str) -> bool:
        """Remove the scan at once; True if there was one."""
        ...

    def purge(self, updated_before: dt.datetime) -> int:
        """Remove every scan last changed before `updated_before`; return how many."""
        ...
