"""The consultant's workspace in the scan store: clients, dossiers, links with rights, comments
and the access log. The types and the interface; SQLStore (pia_core/storage/sql_store.py)
implements it once for SQLiteStore and PostgresStore.

Everything names a scan by its key (the SHA-256 of its own token, see base.token_key), never by a
token: a copy of the database hands out no working link. A link's token is shown once, when it
is made, and stored only as its hash.

Deleting a scan (delete, delete_key, the retention purge, delete_client) deletes, in the same
transaction, everything that names it: its dossier, links, comments and access-log entries.

Texts are checked here before they reach a database, the same way for both: any Unicode (emoji,
right-to-left script, combining marks) is kept exactly as given; NUL (which PostgreSQL cannot
store) and unpaired surrogates (not UTF-8) are refused with ValueError, as is anything over its
length. Names, labels and titles are one line (no control characters) and trimmed; a comment's
text is kept as typed, new lines included. E-mail addresses are trimmed and kept in lower case.

The rights a role gives, who may do what, and which status may follow which are the workspace's
rules (pia_core/workspace); the store records what it is told.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pia_core.storage.base import ScanStore, StoredScan
from pia_core.storage.edit_log import Change, LoggedChange

MAX_NAME = 200  # a client's name, a person's name
MAX_TITLE = 200  # a dossier's title
MAX_LABEL = 100  # a link's label ("HR-team klant")
MAX_EMAIL = 254
MAX_CONSENT_VERSION = 40
MAX_COMMENT = 4000  # characters (code points) of one comment
MAX_COMMENTS_PER_SCAN = 5000  # a comment link cannot fill the database
MAX_LINKS_PER_SCAN = 50  # live (not revoked) links of one scan
MAX_LOG_ROWS = 1000  # access_log(limit=...) at most
LAST_USE_EVERY = dt.timedelta(minutes=5)  # a link's last use is written at most this often

# An activity's id as the scan model has it (pia_core/scan/model.py ACTIVITY_ID_PATTERN; storage
# imports nothing of the app), or "" for the organisation-wide part of a scan.
ACTIVITY_PATTERN = re.compile(r"|[a-z0-9][a-z0-9-]{0,39}")
TARGET_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")  # a question, flow, action id or step
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")


class DossierStatus(StrEnum):
    RECEIVED = "received"  # a prospect's self-scan, handed over
    IN_REVIEW = "in_review"
    PLAN_AGREED = "plan_agreed"
    SIGNED_OFF = "signed_off"


class Role(StrEnum):
    """What a link opens a scan for. The scan's own token is always EDIT."""

    EDIT = "edit"
    COMMENT = "comment"
    READ = "read"


class TargetKind(StrEnum):
    QUESTION = "question"
    FLOW = "flow"
    ACTION = "action"
    STEP = "step"


class AuthorKind(StrEnum):
    CONSULTANT = "consultant"  # signed in: known by e-mail
    LINK = "link"  # someone with a link, known by the name they gave


class AccessAction(StrEnum):
    OPENED = "opened"
    CHANGED = "changed"
    EXPORTED = "exported"
    SHARED = "shared"


class UnknownScan(LookupError):
    """No scan is stored under the key (never saved, deleted or past retention)."""


class UnknownClient(LookupError):
    pass


class UnknownComment(LookupError):
    pass


class DossierExists(ValueError):
    """The scan already has a dossier (a scan belongs to one client)."""


class LimitReached(ValueError):
    """Too many live links or comments on one scan."""


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    created: dt.datetime


@dataclass(frozen=True)
class HandOver:
    """A prospect hands their self-scan over to the firm: who, and to which consent text they agreed."""

    name: str
    email: str
    consent_version: str
    consent_at: dt.datetime


@dataclass(frozen=True)
class ClientDossier:
    """A scan in a client's dossier. Named so beside the scan file's own Dossier (pia_core.scan)."""

    scan_key: str
    client_id: int
    status: DossierStatus
    consultant: str | None  # the responsible consultant's e-mail; None: nobody yet
    title: str
    created: dt.datetime
    changed: dt.datetime  # the dossier's own last change: status, consultant, title
    scan_updated: dt.datetime  # the scan's last save
    open_comments: int  # open threads
    handover: HandOver | None  # None: started by a consultant, not handed over

    @property
    def last_change(self) -> dt.datetime:
        return max(self.changed, self.scan_updated)


@dataclass(frozen=True)
class ClientOverview:
    client: Client
    dossiers: tuple[ClientDossier, ...]  # the latest change first


@dataclass(frozen=True)
class Link:
    """An extra link to a scan. Its token is not here: it is shown once, when the link is made."""

    id: int
    scan_key: str
    role: Role
    label: str
    created: dt.datetime
    last_used: dt.datetime | None  # to within LAST_USE_EVERY
    revoked: dt.datetime | None


@dataclass(frozen=True)
class Grant:
    """What a token opens: the scan, with which role, through which link (None: its own token)."""

    scan_key: str
    role: Role
    link_id: int | None


@dataclass(frozen=True)
class Target:
    """Where in a scan a comment sits: an activity ("" organisation-wide) and a question, flow,
    action or step in it."""

    activity: str
    kind: TargetKind
    target_id: str


@dataclass(frozen=True)
class Author:
    kind: AuthorKind
    name: str
    email: str | None = None  # consultants only

    @classmethod
    def consultant(cls, email: str, name: str = "") -> Author:
        return cls(AuthorKind.CONSULTANT, name or email, email)

    @classmethod
    def link(cls, name: str) -> Author:
        return cls(AuthorKind.LINK, name)


@dataclass(frozen=True)
class Comment:
    id: int
    scan_key: str
    parent_id: int | None  # the thread's first comment; None: this one starts a thread
    target: Target
    author: Author
    text: str
    created: dt.datetime
    resolved: dt.datetime | None  # set on a thread's first comment: the whole thread is resolved
    resolved_by: Author | None

    @property
    def is_open(self) -> bool:
        return self.resolved is None


@dataclass(frozen=True)
class AccessEntry:
    """A consultant did something with a scan: who, what, when. Never what the scan or a comment says."""

    id: int
    scan_key: str
    consultant: str
    action: AccessAction
    at: dt.datetime


# --- checks, the same for both databases ------------------------------------------------------------


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC; a naive datetime is refused (it would be read as the server's local time)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time must carry its time zone")
    return moment.astimezone(dt.UTC)


def _storable(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    if "\x00" in value:
        raise ValueError(f"{what} must not contain NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{what} is not valid Unicode") from exc
    if len(value) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return value


def one_line(value: object, what: str, limit: int, *, required: bool = True) -> str:
    """A name, label or title: trimmed, one line, at most `limit` characters."""
    text = _storable(value.strip() if isinstance(value, str) else value, what, limit)
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueError(f"{what} must be one line")
    if required and not text:
        raise ValueError(f"{what} is empty")
    return text


def comment_text(value: object) -> str:
    """A comment as typed (not trimmed, new lines kept); not only white space."""
    text = _storable(value, "a comment", MAX_COMMENT)
    if not text.strip():
        raise ValueError("a comment is empty")
    return text


def email(value: object) -> str:
    address = one_line(value, "an e-mail address", MAX_EMAIL).lower()
    if EMAIL_PATTERN.fullmatch(address) is None:
        raise ValueError("not an e-mail address")
    return address


def target(value: Target) -> Target:
    activity_id(value.activity)
    if not isinstance(value.target_id, str) or TARGET_PATTERN.fullmatch(value.target_id) is None:
        raise ValueError("not a target id")
    return Target(value.activity, TargetKind(value.kind), value.target_id)


def activity_id(value: object) -> str:
    if not isinstance(value, str) or ACTIVITY_PATTERN.fullmatch(value) is None:
        raise ValueError("not an activity id")
    return value


def author(value: Author) -> Author:
    kind = AuthorKind(value.kind)
    name = one_line(value.name, "an author's name", MAX_NAME)
    if kind is AuthorKind.CONSULTANT:
        if value.email is None:
            raise ValueError("a consultant is known by e-mail")
        return Author(kind, name, email(value.email))
    if value.email is not None:
        raise ValueError("a link's user gives a name, no e-mail")
    return Author(kind, name)


def handover(value: HandOver) -> HandOver:
    return HandOver(
        one_line(value.name, "a name", MAX_NAME),
        email(value.email),
        one_line(value.consent_version, "a consent version", MAX_CONSENT_VERSION),
        utc(value.consent_at),
    )


def folded(text: str) -> str:
    """For search: case and accents ignored ("Súdwest" is found by "SUDWEST")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matches(name: str, search: str) -> bool:
    return folded(search.strip()) in folded(name)


# --- the interface ----------------------------------------------------------------------------------


class WorkspaceStore(ScanStore, Protocol):
    """The scan store with the workspace: implemented by SQLiteStore and PostgresStore (SQLStore).

    Every method may raise StoreUnavailable; ValueError for a malformed key, token, text or
    e-mail (before any database); UnknownScan where it names a scan that is not stored.
    `now` is for tests; it defaults to the current time.
    """

    # Scans by key: for a scan opened through a link (resolve) or from a consultant's list.
    def load_key(self, key: str) -> StoredScan | None:
        """The scan stored under `key`, or None."""
        ...

    def revision_key(self, key: str) -> int | None:
        """The scan's current revision only (cheap: checked on every run)."""
        ...

    def save_key(self, key: str, data: str, now: dt.datetime | None = None) -> int | None:
        """Store `data` in the existing scan (last write wins): its new revision, or None if the
        scan is gone. Unlike save(token), never creates one: a link does not bring a deleted scan back."""
        ...

    def delete_key(self, key: str) -> bool:
        """Remove the scan and everything that names it; True if there was a scan."""
        ...

    # Clients and their dossiers.
    def create_client(self, name: str, now: dt.datetime | None = None) -> Client: ...

    def client(self, client_id: int) -> Client | None: ...

    def rename_client(self, client_id: int, name: str) -> bool: ...

    def delete_client(self, client_id: int) -> bool:
        """Remove the client, its dossiers and their scans (with everything naming those); True if
        there was one."""
        ...

    def list_clients(self, search: str = "") -> list[ClientOverview]:
        """Clients whose name contains `search` (case and accents ignored), by name, each with
        its dossiers (the latest change first)."""
        ...

    def hand_over(
        self,
        scan_key: str,
        handover: HandOver,
        *,
        client_id: int | None = None,
        new_client: str | None = None,
        title: str = "",
        now: dt.datetime | None = None,
    ) -> ClientDossier:
        """The prospect's scan into a dossier, status RECEIVED, under client `client_id` or a new
        client named `new_client` (exactly one of the two). DossierExists if it has one already."""
        ...

    def add_dossier(
        self,
        scan_key: str,
        client_id: int,
        *,
        status: DossierStatus = DossierStatus.IN_REVIEW,
        consultant: str | None = None,
        title: str = "",
        now: dt.datetime | None = None,
    ) -> ClientDossier:
        """A scan into a dossier of a client without a hand-over (a consultant started it)."""
        ...

    def dossier(self, scan_key: str) -> ClientDossier | None: ...

    def update_dossier(
        self,
        scan_key: str,
        *,
        status: DossierStatus | None = None,
        title: str | None = None,
        now: dt.datetime | None = None,
    ) -> bool:
        """Change the status and/or title (None: unchanged); True if there is such a dossier."""
        ...

    def assign(self, scan_key: str, consultant: str | None, now: dt.datetime | None = None) -> bool:
        """Make `consultant` (an e-mail; None: nobody) responsible; True if there is such a dossier."""
        ...

    # Links with rights.
    def create_link(
        self, scan_key: str, role: Role, label: str = "", now: dt.datetime | None = None
    ) -> tuple[Link, str]:
        """A new link and its token: the only time the token is seen. LimitReached past
        MAX_LINKS_PER_SCAN live links."""
        ...

    def list_links(self, scan_key: str, *, include_revoked: bool = False) -> list[Link]:
        """The scan's links, oldest first."""
        ...

    def revoke_link(self, scan_key: str, link_id: int, now: dt.datetime | None = None) -> bool:
        """From now on the link opens nothing; True if it was live."""
        ...

    def resolve(self, token: str, now: dt.datetime | None = None) -> Grant | None:
        """What `token` opens: a live link, or a scan's own token (EDIT); None if nothing (unknown,
        revoked, or its scan is gone). Records a link's use, writing at most every LAST_USE_EVERY."""
        ...

    # Comments.
    def add_comment(
        self,
        scan_key: str,
        target: Target,
        author: Author,
        text: str,
        *,
        parent_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> Comment:
        """A new thread, or a reply to `parent_id` (a reply to a reply joins the thread; it must be
        on the thread's target). UnknownComment for a parent not in this scan."""
        ...

    def comments(self, scan_key: str, *, activity: str | None = None) -> list[Comment]:
        """The scan's comments (of one activity if given), oldest first."""
        ...

    def resolve_comment(
        self, scan_key: str, comment_id: int, by: Author, now: dt.datetime | None = None
    ) -> bool:
        """Resolve the thread `comment_id` is in; True if it was open."""
        ...

    def reopen_comment(self, scan_key: str, comment_id: int) -> bool:
        """Open the thread `comment_id` is in again; True if it was resolved."""
        ...

    def delete_comment(self, scan_key: str, comment_id: int) -> bool:
        """Remove a comment (a thread's first: with its replies); True if there was one."""
        ...

    def open_comment_counts(self, scan_key: str) -> dict[Target, int]:
        """Open threads per target ("3 open opmerkingen"); targets without any are left out."""
        ...

    # The access log.
    def log_access(
        self, scan_key: str, consultant: str, action: AccessAction, now: dt.datetime | None = None
    ) -> None: ...

    def access_log(
        self, *, limit: int = 100, scan_key: str | None = None, consultant: str | None = None
    ) -> list[AccessEntry]:
        """The newest entries first, at most `limit` (1 to MAX_LOG_ROWS)."""
        ...

    def purge_access_log(self, before: dt.datetime) -> int:
        """Remove entries older than `before`; return how many."""
        ...

    # --- the edit log (pia_core/storage/edit_log.py) --------------------------------------------

    def save_logged(
        self,
        key: str,
        data: str,
        changes: Sequence[Change],
        who: str,
        *,
        expected: int | None,
        now: dt.datetime | None = None,
    ) -> int | None:
        """Save `data` and log `changes` by `who` in one transaction, if the scan is still at
        revision `expected` (None: creates it); the new revision. StaleRevision if another save
        came in between; None if the scan is gone."""
        ...

    def append_changes(
        self, scan_key: str, changes: Sequence[Change], who: str, now: dt.datetime | None = None
    ) -> int:
        """Log `changes` to the scan at its current revision; how many. UnknownScan if not stored."""
        ...

    def changes(
        self, scan_key: str, activity: str | None = None, *, field: str | None = None, limit: int = 100
    ) -> list[LoggedChange]:
        """The logged changes, newest first (of one activity, of one field, when given)."""
        ...
