"""What SQLiteStore and PostgresStore share: the workspace (clients, dossiers, links, comments,
access log) and deleting a scan with everything that names it, written once.

Each store gives a transaction (`_transaction`): SQL written here with `?` placeholders, times
bound and read through the transaction (ISO text in SQLite, timestamptz in PostgreSQL), and the
row locks PostgreSQL needs where several servers write at once (SQLite takes the whole file's
write lock for a writing transaction, so there the lock clauses are empty):
- whatever adds a row naming a scan (dossier, link, comment, access entry, edit-log entry) first
  takes the scan's row with FOR KEY SHARE (saves go on; a delete waits until the add is committed);
- whatever deletes scans first locks their rows FOR UPDATE (an add waits, and then finds the scan
  gone), then deletes the rows naming them and the scans.
So no row outlives its scan, without foreign keys: the scans table stays one table an operator can
drop and restore on its own (pia_core/storage/postgres_store.py), and SQLite would enforce
foreign keys only with a pragma on every connection. Rows are deleted by the statements here.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from pia_core.storage import workspace as ws
from pia_core.storage.base import StoredScan, check_key, new_token, token_key, utc_now
from pia_core.storage.edit_log import (
    MAX_CHANGE_ROWS,
    MAX_CHANGES_PER_SAVE,
    MAX_FIELD,
    MAX_WHO,
    Change,
    LoggedChange,
    StaleRevision,
)
from pia_core.storage.workspace import (
    AccessAction,
    AccessEntry,
    Author,
    AuthorKind,
    Client,
    ClientDossier,
    ClientOverview,
    Comment,
    DossierStatus,
    Grant,
    HandOver,
    Link,
    Role,
    Target,
    TargetKind,
)

T = TypeVar("T")
# Tables with a scan_key column: deleted with their scan.
NAMING_A_SCAN = ("dossiers", "links", "comments", "access_log", "edit_log")
CHUNK = 500  # keys per `IN (...)`: well under SQLite's limit of bound values


class Conflict(Exception):
    """A row with that key exists already (raised by Tx for a unique-constraint violation)."""


class Tx(Protocol):
    """One transaction on one connection, as each store gives it."""

    key_share: str  # appended to a SELECT: " FOR KEY SHARE" on PostgreSQL, "" on SQLite
    for_update: str  # " FOR UPDATE" on PostgreSQL, "" on SQLite

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query (or of INSERT ... RETURNING); Conflict on a duplicate key."""
        ...

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT, UPDATE or DELETE; how many rows it touched. Conflict on a duplicate key."""
        ...

    def stamp(self, moment: dt.datetime) -> Any:
        """`moment` (aware) as the database stores it."""
        ...

    def moment(self, value: Any) -> dt.datetime:
        """A stored time as an aware datetime in UTC."""
        ...


def _one(tx: Tx, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    rows = tx.all(sql, params)
    return rows[0] if rows else None


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def _when(now: dt.datetime | None) -> dt.datetime:
    return ws.utc(now) if now is not None else utc_now()


def _id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not an id")
    return value


DOSSIER_COLUMNS = (
    "d.scan_key, d.client_id, d.status, d.consultant, d.title, d.created, d.changed, s.updated, "
    "d.contact_name, d.contact_email, d.consent_version, d.consent_at, "
    "(SELECT COUNT(*) FROM comments c "
    "WHERE c.scan_key = d.scan_key AND c.parent_id IS NULL AND c.resolved IS NULL)"
)
DOSSIERS_FROM = "FROM dossiers d JOIN scans s ON s.key = d.scan_key"
LINK_COLUMNS = "id, scan_key, role, label, created, last_used, revoked"
COMMENT_COLUMNS = (
    "id, scan_key, parent_id, activity, kind, target, author_kind, author_name, author_email, "
    "text, created, resolved, resolver_kind, resolver_name, resolver_email"
)


def _dossier(tx: Tx, row: tuple[Any, ...]) -> ClientDossier:
    handover = None
    if row[8] is not None:
        handover = HandOver(row[8], row[9], row[10], tx.moment(row[11]))
    return ClientDossier(
        scan_key=row[0],
        client_id=int(row[1]),
        status=DossierStatus(row[2]),
        consultant=row[3],
        title=row[4],
        created=tx.moment(row[5]),
        changed=tx.moment(row[6]),
        scan_updated=tx.moment(row[7]),
        open_comments=int(row[12]),
        handover=handover,
    )


def _link(tx: Tx, row: tuple[Any, ...]) -> Link:
    return Link(
        id=int(row[0]),
        scan_key=row[1],
        role=Role(row[2]),
        label=row[3],
        created=tx.moment(row[4]),
        last_used=None if row[5] is None else tx.moment(row[5]),
        revoked=None if row[6] is None else tx.moment(row[6]),
    )


def _comment(tx: Tx, row: tuple[Any, ...]) -> Comment:
    resolver = None
    if row[11] is not None:
        resolver = Author(AuthorKind(row[12]), row[13], row[14])
    return Comment(
        id=int(row[0]),
        scan_key=row[1],
        parent_id=None if row[2] is None else int(row[2]),
        target=Target(row[3], TargetKind(row[4]), row[5]),
        author=Author(AuthorKind(row[6]), row[7], row[8]),
        text=row[9],
        created=tx.moment(row[10]),
        resolved=None if row[11] is None else tx.moment(row[11]),
        resolved_by=resolver,
    )


def _scan_held(tx: Tx, key: str) -> None:
    """Hold the scan's row until the transaction ends (a delete waits); UnknownScan if there is none."""
    if _one(tx, f"SELECT key FROM scans WHERE key = ?{tx.key_share}", (key,)) is None:
        raise ws.UnknownScan("no scan under that key")


def _delete_scans(tx: Tx, keys: Sequence[str], *, locked: bool = False) -> int:
    """Delete the scans under `keys` and every row naming them; how many scans there were."""
    removed = 0
    for chunk in _chunks(sorted(keys)):  # locked in key order: two deletes cannot wait on each other
        if not locked:
            tx.all(
                f"SELECT key FROM scans WHERE key IN ({_marks(len(chunk))}) ORDER BY key{tx.for_update}",
                chunk,
            )
        for table in NAMING_A_SCAN:
            tx.run(f"DELETE FROM {table} WHERE scan_key IN ({_marks(len(chunk))})", chunk)
        removed += tx.run(f"DELETE FROM scans WHERE key IN ({_marks(len(chunk))})", chunk)
    return removed


class SQLStore(ABC):
    """The part of SQLiteStore and PostgresStore written once (implements WorkspaceStore with them)."""

    @abstractmethod
    def _transaction(self, work: Callable[[Tx], T], *, write: bool) -> T:
        """Run `work` in one transaction (committed if it returns, rolled back if it raises)."""

    # --- scans: the store's own, by key ---------------------------------------------------------

    @abstractmethod
    def load_key(self, key: str) -> StoredScan | None: ...

    @abstractmethod
    def revision_key(self, key: str) -> int | None: ...

    @abstractmethod
    def save(self, token: str, data: str, now: dt.datetime | None = None) -> int: ...

    @abstractmethod
    def save_key(self, key: str, data: str, now: dt.datetime | None = None) -> int | None: ...

    def load(self, token: str) -> StoredScan | None:
        return self.load_key(token_key(token))

    def revision(self, token: str) -> int | None:
        return self.revision_key(token_key(token))

    def delete(self, token: str) -> bool:
        return self.delete_key(token_key(token))

    def delete_key(self, key: str) -> bool:
        check_key(key)
        return self._transaction(lambda tx: _delete_scans(tx, [key]) > 0, write=True)

    def purge(self, updated_before: dt.datetime) -> int:
        def work(tx: Tx) -> int:
            old = tx.all(
                f"SELECT key FROM scans WHERE updated < ? ORDER BY key{tx.for_update}",
                (tx.stamp(updated_before),),
            )
            return _delete_scans(tx, [row[0] for row in old], locked=True)

        return self._transaction(work, write=True)

    # --- clients and dossiers -------------------------------------------------------------------

    def create_client(self, name: str, now: dt.datetime | None = None) -> Client:
        name, moment = ws.one_line(name, "a client's name", ws.MAX_NAME), _when(now)
        return self._transaction(lambda tx: self._new_client(tx, name, moment), write=True)

    @staticmethod
    def _new_client(tx: Tx, name: str, moment: dt.datetime) -> Client:
        row = _one(
            tx, "INSERT INTO clients (name, created) VALUES (?, ?) RETURNING id", (name, tx.stamp(moment))
        )
        assert row is not None
        return Client(int(row[0]), name, tx.moment(tx.stamp(moment)))

    def client(self, client_id: int) -> Client | None:
        _id(client_id)

        def work(tx: Tx) -> Client | None:
            row = _one(tx, "SELECT id, name, created FROM clients WHERE id = ?", (client_id,))
            return None if row is None else Client(int(row[0]), row[1], tx.moment(row[2]))

        return self._transaction(work, write=False)

    def rename_client(self, client_id: int, name: str) -> bool:
        _id(client_id)
        name = ws.one_line(name, "a client's name", ws.MAX_NAME)
        return self._transaction(
            lambda tx: tx.run("UPDATE clients SET name = ? WHERE id = ?", (name, client_id)) > 0, write=True
        )

    def delete_client(self, client_id: int) -> bool:
        _id(client_id)

        def work(tx: Tx) -> bool:
            if _one(tx, f"SELECT id FROM clients WHERE id = ?{tx.for_update}", (client_id,)) is None:
                return False  # (locked: a hand-over to this client waits, and is then deleted too)
            keys = [
                row[0] for row in tx.all("SELECT scan_key FROM dossiers WHERE client_id = ?", (client_id,))
            ]
            _delete_scans(tx, keys)
            tx.run("DELETE FROM dossiers WHERE client_id = ?", (client_id,))  # any without a scan
            tx.run("DELETE FROM clients WHERE id = ?", (client_id,))
            return True

        return self._transaction(work, write=True)

    def list_clients(self, search: str = "") -> list[ClientOverview]:
        # Searched here, not in SQL: the same on both databases (SQLite's LIKE folds ASCII only),
        # and accents ignored. A firm's client list is hundreds of rows, not millions.
        ws.one_line(search, "a search", ws.MAX_NAME, required=False)

        def work(tx: Tx) -> list[ClientOverview]:
            clients = [
                Client(int(row[0]), row[1], tx.moment(row[2]))
                for row in tx.all("SELECT id, name, created FROM clients")
                if ws.matches(row[1], search)
            ]
            dossiers: dict[int, list[ClientDossier]] = {client.id: [] for client in clients}
            for row in tx.all(f"SELECT {DOSSIER_COLUMNS} {DOSSIERS_FROM}"):
                found = _dossier(tx, row)
                if found.client_id in dossiers:
                    dossiers[found.client_id].append(found)
            clients.sort(key=lambda client: (ws.folded(client.name), client.id))
            return [
                ClientOverview(
                    client, tuple(sorted(dossiers[client.id], key=lambda d: d.last_change, reverse=True))
                )
                for client in clients
            ]

        return self._transaction(work, write=False)

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
        if (client_id is None) == (new_client is None):
            raise ValueError("hand over to a client_id or a new_client, one of the two")
        name = None if new_client is None else ws.one_line(new_client, "a client's name", ws.MAX_NAME)
        return self._add_dossier(
            scan_key,
            client_id,
            name,
            DossierStatus.RECEIVED,
            None,
            title,
            ws.handover(handover),
            _when(now),
        )

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
        return self._add_dossier(
            scan_key,
            client_id,
            None,
            DossierStatus(status),
            None if consultant is None else ws.email(consultant),
            title,
            None,
            _when(now),
        )

    def _add_dossier(
        self,
        scan_key: str,
        client_id: int | None,
        new_client: str | None,
        status: DossierStatus,
        consultant: str | None,
        title: str,
        handover: HandOver | None,
        moment: dt.datetime,
    ) -> ClientDossier:
        check_key(scan_key)
        if client_id is not None:
            _id(client_id)
        title = ws.one_line(title, "a title", ws.MAX_TITLE, required=False)

        def work(tx: Tx) -> ClientDossier:
            _scan_held(tx, scan_key)
            if _one(tx, "SELECT scan_key FROM dossiers WHERE scan_key = ?", (scan_key,)) is not None:
                raise ws.DossierExists("the scan has a dossier already")
            if new_client is not None:
                owner = self._new_client(tx, new_client, moment).id
            elif _one(tx, f"SELECT id FROM clients WHERE id = ?{tx.key_share}", (client_id,)) is None:
                raise ws.UnknownClient("no such client")
            else:
                assert client_id is not None
                owner = client_id
            contact: tuple[Any, ...] = (None, None, None, None)
            if handover is not None:
                contact = (
                    handover.name,
                    handover.email,
                    handover.consent_version,
                    tx.stamp(handover.consent_at),
                )
            try:
                tx.run(
                    "INSERT INTO dossiers (scan_key, client_id, status, consultant, title, contact_name, "
                    "contact_email, consent_version, consent_at, created, changed) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        scan_key,
                        owner,
                        status.value,
                        consultant,
                        title,
                        *contact,
                        tx.stamp(moment),
                        tx.stamp(moment),
                    ),
                )
            except Conflict as exc:  # handed over by another server at the same moment
                raise ws.DossierExists("the scan has a dossier already") from exc
            found = self._dossier_in(tx, scan_key)
            assert found is not None
            return found

        return self._transaction(work, write=True)

    @staticmethod
    def _dossier_in(tx: Tx, scan_key: str) -> ClientDossier | None:
        row = _one(tx, f"SELECT {DOSSIER_COLUMNS} {DOSSIERS_FROM} WHERE d.scan_key = ?", (scan_key,))
        return None if row is None else _dossier(tx, row)

    def dossier(self, scan_key: str) -> ClientDossier | None:
        check_key(scan_key)
        return self._transaction(lambda tx: self._dossier_in(tx, scan_key), write=False)

    def update_dossier(
        self,
        scan_key: str,
        *,
        status: DossierStatus | None = None,
        title: str | None = None,
        now: dt.datetime | None = None,
    ) -> bool:
        check_key(scan_key)
        changes: list[tuple[str, object]] = []
        if status is not None:
            changes.append(("status", DossierStatus(status).value))
        if title is not None:
            changes.append(("title", ws.one_line(title, "a title", ws.MAX_TITLE, required=False)))
        return self._change_dossier(scan_key, changes, _when(now))

    def assign(self, scan_key: str, consultant: str | None, now: dt.datetime | None = None) -> bool:
        check_key(scan_key)
        address = None if consultant is None else ws.email(consultant)
        return self._change_dossier(scan_key, [("consultant", address)], _when(now))

    def _change_dossier(self, scan_key: str, changes: list[tuple[str, object]], moment: dt.datetime) -> bool:
        if not changes:
            return self.dossier(scan_key) is not None
        columns = "".join(f"{column} = ?, " for column, _ in changes)  # column names from the code above

        def work(tx: Tx) -> bool:
            values = [value for _, value in changes]
            return (
                tx.run(
                    f"UPDATE dossiers SET {columns}changed = ? WHERE scan_key = ?",
                    (*values, tx.stamp(moment), scan_key),
                )
                > 0
            )

        return self._transaction(work, write=True)

    # --- links ----------------------------------------------------------------------------------

    def create_link(
        self, scan_key: str, role: Role, label: str = "", now: dt.datetime | None = None
    ) -> tuple[Link, str]:
        check_key(scan_key)
        role = Role(role)
        label = ws.one_line(label, "a label", ws.MAX_LABEL, required=False)
        moment, token = _when(now), new_token()

        def work(tx: Tx) -> Link:
            _scan_held(tx, scan_key)
            live = _one(tx, "SELECT COUNT(*) FROM links WHERE scan_key = ? AND revoked IS NULL", (scan_key,))
            if live is not None and int(live[0]) >= ws.MAX_LINKS_PER_SCAN:
                raise ws.LimitReached("too many links to this scan")
            row = _one(
                tx,
                "INSERT INTO links (scan_key, token_key, role, label, created) VALUES (?, ?, ?, ?, ?) "
                f"RETURNING {LINK_COLUMNS}",
                (scan_key, token_key(token), role.value, label, tx.stamp(moment)),
            )
            assert row is not None
            return _link(tx, row)

        return self._transaction(work, write=True), token

    def list_links(self, scan_key: str, *, include_revoked: bool = False) -> list[Link]:
        check_key(scan_key)
        live = "" if include_revoked else " AND revoked IS NULL"

        def work(tx: Tx) -> list[Link]:
            rows = tx.all(
                f"SELECT {LINK_COLUMNS} FROM links WHERE scan_key = ?{live} ORDER BY id", (scan_key,)
            )
            return [_link(tx, row) for row in rows]

        return self._transaction(work, write=False)

    def revoke_link(self, scan_key: str, link_id: int, now: dt.datetime | None = None) -> bool:
        check_key(scan_key)
        _id(link_id)
        moment = _when(now)
        return self._transaction(
            lambda tx: (
                tx.run(
                    "UPDATE links SET revoked = ? WHERE id = ? AND scan_key = ? AND revoked IS NULL",
                    (tx.stamp(moment), link_id, scan_key),
                )
                > 0
            ),
            write=True,
        )

    def resolve(self, token: str, now: dt.datetime | None = None) -> Grant | None:
        key, moment = token_key(token), _when(now)

        def look(tx: Tx) -> tuple[Grant, dt.datetime | None] | None:
            # One statement for both: a live link with this token (to a stored scan), or a scan
            # whose own token it is.
            rows = tx.all(
                "SELECT l.id, l.scan_key, l.role, l.last_used FROM links l "
                "JOIN scans s ON s.key = l.scan_key WHERE l.token_key = ? AND l.revoked IS NULL "
                "UNION ALL SELECT NULL, key, 'edit', NULL FROM scans WHERE key = ?",
                (key, key),
            )
            rows.sort(key=lambda row: row[0] is None)  # a link first
            if not rows:
                return None
            link_id, scan_key, role, last_used = rows[0]
            grant = Grant(scan_key, Role(role), None if link_id is None else int(link_id))
            return grant, None if last_used is None else tx.moment(last_used)

        found = self._transaction(look, write=False)
        if found is None:
            return None
        grant, last_used = found
        if grant.link_id is not None and (last_used is None or last_used <= moment - ws.LAST_USE_EVERY):
            # Written at most every LAST_USE_EVERY: page loads read, they seldom write.
            self._transaction(
                lambda tx: tx.run(
                    "UPDATE links SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)",
                    (tx.stamp(moment), grant.link_id, tx.stamp(moment)),
                ),
                write=True,
            )
        return grant

    # --- comments -------------------------------------------------------------------------------

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
        check_key(scan_key)
        place, writer, body, moment = ws.target(target), ws.author(author), ws.comment_text(text), _when(now)
        if parent_id is not None:
            _id(parent_id)

        def work(tx: Tx) -> Comment:
            _scan_held(tx, scan_key)
            count = _one(tx, "SELECT COUNT(*) FROM comments WHERE scan_key = ?", (scan_key,))
            if count is not None and int(count[0]) >= ws.MAX_COMMENTS_PER_SCAN:
                raise ws.LimitReached("too many comments on this scan")
            thread = None
            if parent_id is not None:
                parent = _one(
                    tx,
                    f"SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ? AND scan_key = ?",
                    (parent_id, scan_key),
                )
                if parent is None:
                    raise ws.UnknownComment("no such comment in this scan")
                first = _comment(tx, parent)
                if first.target != place:
                    raise ValueError("a reply is on its thread's target")
                thread = first.parent_id if first.parent_id is not None else first.id
            row = _one(
                tx,
                "INSERT INTO comments (scan_key, parent_id, activity, kind, target, author_kind, "
                "author_name, author_email, text, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                f"RETURNING {COMMENT_COLUMNS}",
                (
                    scan_key,
                    thread,
                    place.activity,
                    place.kind.value,
                    place.target_id,
                    writer.kind.value,
                    writer.name,
                    writer.email,
                    body,
                    tx.stamp(moment),
                ),
            )
            assert row is not None
            return _comment(tx, row)

        return self._transaction(work, write=True)

    def comments(self, scan_key: str, *, activity: str | None = None) -> list[Comment]:
        check_key(scan_key)
        params: tuple[str, ...] = (scan_key,)
        if activity is not None:
            params = (scan_key, ws.activity_id(activity))
        where = "scan_key = ?" + ("" if activity is None else " AND activity = ?")

        def work(tx: Tx) -> list[Comment]:
            rows = tx.all(f"SELECT {COMMENT_COLUMNS} FROM comments WHERE {where} ORDER BY id", params)
            return [_comment(tx, row) for row in rows]

        return self._transaction(work, write=False)

    def resolve_comment(
        self, scan_key: str, comment_id: int, by: Author, now: dt.datetime | None = None
    ) -> bool:
        check_key(scan_key)
        _id(comment_id)
        who, moment = ws.author(by), _when(now)
        return self._transaction(
            lambda tx: (
                tx.run(
                    "UPDATE comments SET resolved = ?, resolver_kind = ?, resolver_name = ?, "
                    "resolver_email = ? WHERE scan_key = ? AND resolved IS NULL AND id = "
                    "(SELECT COALESCE(parent_id, id) FROM comments WHERE id = ? AND scan_key = ?)",
                    (tx.stamp(moment), who.kind.value, who.name, who.email, scan_key, comment_id, scan_key),
                )
                > 0
            ),
            write=True,
        )

    def reopen_comment(self, scan_key: str, comment_id: int) -> bool:
        check_key(scan_key)
        _id(comment_id)
        return self._transaction(
            lambda tx: (
                tx.run(
                    "UPDATE comments SET resolved = NULL, resolver_kind = NULL, resolver_name = NULL, "
                    "resolver_email = NULL WHERE scan_key = ? AND resolved IS NOT NULL AND id = "
                    "(SELECT COALESCE(parent_id, id) FROM comments WHERE id = ? AND scan_key = ?)",
                    (scan_key, comment_id, scan_key),
                )
                > 0
            ),
            write=True,
        )

    def delete_comment(self, scan_key: str, comment_id: int) -> bool:
        check_key(scan_key)
        _id(comment_id)

        def work(tx: Tx) -> bool:
            replies = "DELETE FROM comments WHERE scan_key = ? AND parent_id = ?"
            tx.run(replies, (scan_key, comment_id))
            return tx.run("DELETE FROM comments WHERE scan_key = ? AND id = ?", (scan_key, comment_id)) > 0

        return self._transaction(work, write=True)

    def open_comment_counts(self, scan_key: str) -> dict[Target, int]:
        check_key(scan_key)

        def work(tx: Tx) -> dict[Target, int]:
            rows = tx.all(
                "SELECT activity, kind, target, COUNT(*) FROM comments "
                "WHERE scan_key = ? AND parent_id IS NULL AND resolved IS NULL "
                "GROUP BY activity, kind, target",
                (scan_key,),
            )
            return {Target(row[0], TargetKind(row[1]), row[2]): int(row[3]) for row in rows}

        return self._transaction(work, write=False)

    # --- the access log -------------------------------------------------------------------------

    def log_access(
        self, scan_key: str, consultant: str, action: AccessAction, now: dt.datetime | None = None
    ) -> None:
        check_key(scan_key)
        who, what, moment = ws.email(consultant), AccessAction(action), _when(now)

        def work(tx: Tx) -> None:
            _scan_held(tx, scan_key)
            tx.run(
                "INSERT INTO access_log (scan_key, consultant, action, at) VALUES (?, ?, ?, ?)",
                (scan_key, who, what.value, tx.stamp(moment)),
            )

        self._transaction(work, write=True)

    def access_log(
        self, *, limit: int = 100, scan_key: str | None = None, consultant: str | None = None
    ) -> list[AccessEntry]:
        if not 1 <= _id(limit) <= ws.MAX_LOG_ROWS:
            raise ValueError(f"limit is 1 to {ws.MAX_LOG_ROWS}")
        conditions: list[str] = ["1 = 1"]
        params: list[str] = []
        if scan_key is not None:
            conditions.append("scan_key = ?")
            params.append(check_key(scan_key))
        if consultant is not None:
            conditions.append("consultant = ?")
            params.append(ws.email(consultant))
        where = " AND ".join(conditions)

        def work(tx: Tx) -> list[AccessEntry]:
            rows = tx.all(
                f"SELECT id, scan_key, consultant, action, at FROM access_log WHERE {where} "
                "ORDER BY at DESC, id DESC LIMIT ?",
                (*params, limit),
            )
            return [
                AccessEntry(int(row[0]), row[1], row[2], AccessAction(row[3]), tx.moment(row[4]))
                for row in rows
            ]

        return self._transaction(work, write=False)

    def purge_access_log(self, before: dt.datetime) -> int:
        moment = ws.utc(before)
        return self._transaction(
            lambda tx: tx.run("DELETE FROM access_log WHERE at < ?", (tx.stamp(moment),)), write=True
        )

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
        """Save `data` as the scan under `key` and log `changes` (what this save changes in the
        stored scan) as made by `who`, in one transaction; the new revision.

        Only if the scan is still at revision `expected` (None: not stored yet, this save creates
        it); else StaleRevision and nothing is written. None: the scan is gone (deleted).
        """
        check_key(key)
        rows, writer, moment = _change_rows(changes), _who(who), _when(now)

        def work(tx: Tx) -> int | None:
            stamp = tx.stamp(moment)
            if expected is None:
                row = _one(
                    tx,
                    "INSERT INTO scans (key, data, revision, created, updated) VALUES (?, ?, 1, ?, ?) "
                    "ON CONFLICT (key) DO NOTHING RETURNING revision",
                    (key, data, stamp, stamp),
                )
                if row is None:
                    raise StaleRevision("the scan is stored already")
            else:
                row = _one(
                    tx,
                    "UPDATE scans SET data = ?, updated = ?, revision = revision + 1 "
                    "WHERE key = ? AND revision = ? RETURNING revision",
                    (data, stamp, key, _id(expected)),
                )
                if row is None:
                    if _one(tx, "SELECT key FROM scans WHERE key = ?", (key,)) is not None:
                        raise StaleRevision("another session saved the scan in between")
                    return None
            revision = int(row[0])
            _insert_changes(tx, key, revision, rows, writer, stamp)
            return revision

        return self._transaction(work, write=True)

    def append_changes(
        self, scan_key: str, changes: Sequence[Change], who: str, now: dt.datetime | None = None
    ) -> int:
        """Log `changes` to the scan as it is now (its current revision), made by `who`; how many.
        UnknownScan if the scan is not stored."""
        check_key(scan_key)
        rows, writer, moment = _change_rows(changes), _who(who), _when(now)

        def work(tx: Tx) -> int:
            row = _one(tx, f"SELECT revision FROM scans WHERE key = ?{tx.key_share}", (scan_key,))
            if row is None:
                raise ws.UnknownScan("no scan under that key")
            _insert_changes(tx, scan_key, int(row[0]), rows, writer, tx.stamp(moment))
            return len(rows)

        return self._transaction(work, write=True)

    def changes(
        self, scan_key: str, activity: str | None = None, *, field: str | None = None, limit: int = 100
    ) -> list[LoggedChange]:
        """The scan's logged changes, newest first, at most `limit` (1 to MAX_CHANGE_ROWS); only
        those of one activity ("" the organisation-wide part) and of one field when given."""
        check_key(scan_key)
        if not 1 <= _id(limit) <= MAX_CHANGE_ROWS:
            raise ValueError(f"limit is 1 to {MAX_CHANGE_ROWS}")
        conditions, params = ["scan_key = ?"], [scan_key]
        if activity is not None:
            conditions.append("activity = ?")
            params.append(ws.activity_id(activity))
        if field is not None:
            conditions.append("field = ?")
            params.append(_field(field))
        where = " AND ".join(conditions)

        def work(tx: Tx) -> list[LoggedChange]:
            rows = tx.all(
                f"SELECT {CHANGE_COLUMNS} FROM edit_log WHERE {where} ORDER BY id DESC LIMIT ?",
                (*params, limit),
            )
            return [
                LoggedChange(
                    id=int(row[0]),
                    scan_key=row[1],
                    revision=int(row[2]),
                    change=Change(row[3], row[4], row[5], row[6]),
                    who=row[7],
                    at=tx.moment(row[8]),
                )
                for row in rows
            ]

        return self._transaction(work, write=False)


CHANGE_COLUMNS = "id, scan_key, revision, activity, field, old_value, new_value, who, at"


def _field(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_FIELD:
        raise ValueError("not a field path")
    return value


def _who(value: object) -> str:
    return ws.one_line(value, "who made a change", MAX_WHO)


def _change_rows(changes: Sequence[Change]) -> list[tuple[str, str, str | None, str | None]]:
    """The changes as rows, checked before any database."""
    if len(changes) > MAX_CHANGES_PER_SAVE:
        raise ValueError(f"at most {MAX_CHANGES_PER_SAVE} changes at once")
    rows = []
    for change in changes:
        if not isinstance(change, Change):
            raise ValueError("not a change")
        for value in (change.old, change.new):
            if value is not None and not isinstance(value, str):
                raise ValueError("a change's values are JSON text")
        rows.append((ws.activity_id(change.activity), _field(change.field), change.old, change.new))
    return rows


def _insert_changes(
    tx: Tx,
    key: str,
    revision: int,
    rows: Sequence[tuple[str, str, str | None, str | None]],
    who: str,
    stamp: Any,
) -> None:
    for activity, field, old, new in rows:  # a save changes a handful: one statement each is fine
        tx.run(
            "INSERT INTO edit_log (scan_key, revision, activity, field, old_value, new_value, who, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, revision, activity, field, old, new, who, stamp),
        )
