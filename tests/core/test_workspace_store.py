"""The consultant's workspace in the scan store: clients and dossiers, links with rights, comments,
the access log, and deleting a scan with everything that names it.

Every test that takes `store` runs against both stores: SQLite and PostgreSQL (a real server,
started for this module by tools/postgres.py, as in test_storage.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import psycopg
import pytest

from pia_core.storage import (
    StoreUnavailable,
    WorkspaceStore,
    access_log_days,
    is_valid_token,
    new_token,
    open_store,
    open_workspace,
    purge_access_log,
    purge_expired,
)
from pia_core.storage.base import token_key
from pia_core.storage.postgres_store import PostgresStore
from pia_core.storage.sqlite_store import SQLiteStore
from pia_core.storage.workspace import (
    MAX_COMMENT,
    MAX_LINKS_PER_SCAN,
    AccessAction,
    Author,
    AuthorKind,
    Client,
    DossierExists,
    DossierStatus,
    HandOver,
    LimitReached,
    Role,
    Target,
    TargetKind,
    UnknownClient,
    UnknownComment,
    UnknownScan,
)
from tools.postgres import Postgres

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
TABLES = ("scans", "clients", "dossiers", "links", "comments", "access_log")
NAMING_A_SCAN = ("dossiers", "links", "comments", "access_log")
AnyStore = SQLiteStore | PostgresStore
ANNA = "anna@privacyfirma.nl"
PROSPECT = HandOver("Piet de Vries", "Piet@Gemeente.example", "toestemming-2026-01", NOW)
Q1 = Target("", TargetKind.QUESTION, "s1_a")
BEFORE_THE_WORKSPACE = """
CREATE TABLE scans (
    key TEXT PRIMARY KEY, data TEXT NOT NULL, revision INTEGER NOT NULL, created TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""  # the SQLite store's schema before this version


def raw(store: AnyStore, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """What the database holds, read past the store (placeholders: `?`)."""
    if isinstance(store, SQLiteStore):
        with closing(sqlite3.connect(store.path)) as db:
            return db.execute(sql, params).fetchall()
    with psycopg.connect(store._url, autocommit=True) as pg:
        return pg.execute(sql.replace("?", "%s"), params).fetchall()


def naming(store: AnyStore, key: str) -> dict[str, int]:
    """How many rows of each workspace table name the scan `key`, and whether the scan is there."""
    found = {
        table: raw(store, f"SELECT COUNT(*) FROM {table} WHERE scan_key = ?", (key,))[0][0]
        for table in NAMING_A_SCAN
    }
    found["scans"] = raw(store, "SELECT COUNT(*) FROM scans WHERE key = ?", (key,))[0][0]
    return found


def orphans(store: AnyStore) -> int:
    """Rows naming a scan that is not stored."""
    return sum(
        raw(store, f"SELECT COUNT(*) FROM {table} WHERE scan_key NOT IN (SELECT key FROM scans)")[0][0]
        for table in NAMING_A_SCAN
    )


def new_scan(store: AnyStore, now: dt.datetime = NOW) -> tuple[str, str]:
    token = new_token()
    store.save(token, '{"scan": 1}', now=now)
    return token, token_key(token)


def furnished(store: AnyStore, now: dt.datetime = NOW) -> tuple[str, str]:
    """A scan in a dossier, with a link, a thread with a reply and an access entry."""
    token, key = new_scan(store, now)
    store.hand_over(key, PROSPECT, new_client="Gemeente Voorbeeld", now=now)
    store.create_link(key, Role.COMMENT, "HR", now=now)
    first = store.add_comment(key, Q1, Author.consultant(ANNA), "Klopt dit?", now=now)
    store.add_comment(key, Q1, Author.link("Piet"), "Ja.", parent_id=first.id, now=now)
    store.log_access(key, ANNA, AccessAction.OPENED, now=now)
    return token, key


def test_both_stores_are_workspace_stores(store: AnyStore) -> None:
    typed: WorkspaceStore = store  # mypy checks the Protocol here, for both classes
    assert typed.list_clients() == []


# --- clients and dossiers -------------------------------------------------------------------------


def test_clients_are_created_renamed_found_and_listed_by_name(store: AnyStore) -> None:
    zeta = store.create_client("Zeta Zorg B.V.", now=NOW)
    alpha = store.create_client("  alpha advies  ", now=NOW)
    assert (alpha.name, alpha.created) == ("alpha advies", NOW), "trimmed"
    assert store.client(zeta.id) == zeta
    assert store.client(zeta.id + alpha.id + 1000) is None
    assert [o.client.name for o in store.list_clients()] == ["alpha advies", "Zeta Zorg B.V."]
    assert store.rename_client(alpha.id, "Alpha Advies") is True
    assert store.rename_client(alpha.id + zeta.id + 1000, "Niemand") is False
    assert [o.client for o in store.list_clients("ALPHA")] == [Client(alpha.id, "Alpha Advies", NOW)]
    assert store.list_clients("geen") == []


def test_search_ignores_case_and_accents_the_same_on_both_databases(store: AnyStore) -> None:
    store.create_client("Gemeente Súdwest-Fryslân")
    store.create_client("Straße & Co")
    store.create_client("ÉCOLE Française")
    assert [o.client.name for o in store.list_clients("sudwest-fryslan")] == ["Gemeente Súdwest-Fryslân"]
    assert [o.client.name for o in store.list_clients("STRASSE")] == ["Straße & Co"]
    assert [o.client.name for o in store.list_clients("école fran")] == ["ÉCOLE Française"]
    assert [o.client.name for o in store.list_clients("%")] == [], "no SQL pattern"


def test_a_hand_over_makes_a_received_dossier_under_a_new_client(store: AnyStore) -> None:
    _, key = new_scan(store)
    made = store.hand_over(key, PROSPECT, new_client="Gemeente Voorbeeld", title="HR-systeem", now=NOW)
    assert made.status is DossierStatus.RECEIVED and made.consultant is None
    assert made.handover == HandOver("Piet de Vries", "piet@gemeente.example", "toestemming-2026-01", NOW)
    assert (made.title, made.created, made.changed, made.scan_updated, made.open_comments) == (
        "HR-systeem", NOW, NOW, NOW, 0,
    )  # fmt: skip
    [overview] = store.list_clients()
    assert overview.client.name == "Gemeente Voorbeeld" and overview.client.id == made.client_id
    assert overview.dossiers == (made,)
    assert store.dossier(key) == made


def test_a_hand_over_goes_to_a_given_client_and_happens_once(store: AnyStore) -> None:
    client = store.create_client("Zorggroep Oost")
    (_, first), (_, second) = new_scan(store), new_scan(store)
    store.hand_over(first, PROSPECT, client_id=client.id, now=NOW)
    store.hand_over(second, PROSPECT, client_id=client.id, now=NOW + dt.timedelta(hours=1))
    with pytest.raises(DossierExists):
        store.hand_over(first, PROSPECT, new_client="Elders")
    with pytest.raises(DossierExists):
        store.add_dossier(first, client.id)
    [overview] = store.list_clients()
    assert [d.scan_key for d in overview.dossiers] == [second, first], "latest change first"
    with pytest.raises(ValueError):
        store.hand_over(first, PROSPECT)  # neither a client nor a new one
    with pytest.raises(ValueError):
        store.hand_over(first, PROSPECT, client_id=client.id, new_client="Beide")


def test_a_hand_over_of_a_scan_that_is_not_stored_changes_nothing(store: AnyStore) -> None:
    unsaved = token_key(new_token())
    with pytest.raises(UnknownScan):
        store.hand_over(unsaved, PROSPECT, new_client="Nieuwe klant")
    assert store.list_clients() == [], "the new client went with the failed hand-over"
    _, key = new_scan(store)
    with pytest.raises(UnknownClient):
        store.hand_over(key, PROSPECT, client_id=12345)
    assert store.dossier(key) is None


def test_last_change_is_the_later_of_the_scans_save_and_the_dossiers_own_change(store: AnyStore) -> None:
    token, key = new_scan(store)
    client = store.create_client("Klant")
    store.add_dossier(key, client.id, consultant=ANNA, now=NOW)
    store.save(token, "{}", now=NOW + dt.timedelta(hours=2))
    found = store.dossier(key)
    assert found is not None and found.last_change == NOW + dt.timedelta(hours=2)
    assert found.status is DossierStatus.IN_REVIEW and found.handover is None
    assert store.update_dossier(key, status=DossierStatus.PLAN_AGREED, now=NOW + dt.timedelta(hours=3))
    found = store.dossier(key)
    assert found is not None and found.last_change == NOW + dt.timedelta(hours=3)
    assert (found.status, found.scan_updated, found.created) == (
        DossierStatus.PLAN_AGREED, NOW + dt.timedelta(hours=2), NOW,
    )  # fmt: skip


def test_status_title_and_the_responsible_consultant_change(store: AnyStore) -> None:
    _, key = new_scan(store)
    store.hand_over(key, PROSPECT, new_client="Klant")
    assert store.assign(key, "  Anna@PrivacyFirma.NL ") is True
    assert store.update_dossier(key, status=DossierStatus.SIGNED_OFF, title="DPIA HR") is True
    found = store.dossier(key)
    assert found is not None
    assert (found.consultant, found.status, found.title) == (ANNA, DossierStatus.SIGNED_OFF, "DPIA HR")
    assert store.assign(key, None) is True
    found = store.dossier(key)
    assert found is not None and found.consultant is None
    assert store.update_dossier(key) is True, "nothing to change, the dossier is there"
    other = token_key(new_token())
    assert store.assign(other, ANNA) is False
    assert store.update_dossier(other, status=DossierStatus.IN_REVIEW) is False
    for bad in ("anna", "anna@", "an na@firma.nl", "a@b\nc"):
        with pytest.raises(ValueError):
            store.assign(key, bad)


# --- links ------------------------------------------------------------------------------------------


def test_a_link_token_is_new_long_shown_once_and_stored_only_hashed(store: AnyStore) -> None:
    _, key = new_scan(store)
    link, token = store.create_link(key, Role.READ, "Directie", now=NOW)
    assert is_valid_token(token) and len(token) * 6 >= 128
    assert (link.scan_key, link.role, link.label, link.created, link.last_used, link.revoked) == (
        key, Role.READ, "Directie", NOW, None, None,
    )  # fmt: skip
    assert store.list_links(key) == [link]
    assert not hasattr(link, "token")
    assert raw(store, "SELECT token_key FROM links") == [(token_key(token),)]
    if isinstance(store, SQLiteStore):
        stored = b"".join(p.read_bytes() for p in store.path.parent.iterdir())
        assert token.encode() not in stored
    else:
        for table in TABLES:
            dump = raw(store, f"SELECT COALESCE(string_agg({table}::text, ''), '') FROM {table}")[0][0]
            assert token not in dump


def test_resolve_gives_the_scan_the_role_and_the_link(store: AnyStore) -> None:
    own, key = new_scan(store)
    _, other_key = new_scan(store)
    read, read_token = store.create_link(key, Role.READ)
    comment, comment_token = store.create_link(key, Role.COMMENT)
    edit, edit_token = store.create_link(key, Role.EDIT)
    _, elsewhere = store.create_link(other_key, Role.EDIT)

    own_grant = store.resolve(own)
    assert own_grant is not None and (own_grant.scan_key, own_grant.role, own_grant.link_id) == (
        key,
        Role.EDIT,
        None,
    )
    for link, token in ((read, read_token), (comment, comment_token), (edit, edit_token)):
        grant = store.resolve(token)
        assert grant is not None and (grant.scan_key, grant.role, grant.link_id) == (key, link.role, link.id)
    found = store.resolve(elsewhere)
    assert found is not None and found.scan_key == other_key
    assert store.resolve(new_token()) is None, "a token nobody made opens nothing"
    assert store.delete(edit_token) is False, "a link's token is not the scan's own"
    assert store.load(edit_token) is None and store.load(own) is not None
    with pytest.raises(ValueError):
        store.resolve("' OR 1=1 --")


def test_a_revoked_link_opens_nothing_and_revoking_is_one_by_one(store: AnyStore) -> None:
    _, key = new_scan(store)
    _, other_key = new_scan(store)
    first, first_token = store.create_link(key, Role.EDIT)
    second, second_token = store.create_link(key, Role.READ)
    assert store.revoke_link(other_key, first.id) is False, "only through its own scan"
    assert store.revoke_link(key, first.id, now=NOW) is True
    assert store.revoke_link(key, first.id) is False, "once"
    assert store.resolve(first_token) is None
    assert store.resolve(second_token) is not None
    assert [link.id for link in store.list_links(key)] == [second.id]
    listed = store.list_links(key, include_revoked=True)
    assert [(link.id, link.revoked) for link in listed] == [(first.id, NOW), (second.id, None)]


def test_a_links_last_use_is_written_at_most_every_five_minutes(store: AnyStore) -> None:
    _, key = new_scan(store)
    _, token = store.create_link(key, Role.COMMENT, now=NOW)
    store.resolve(token, now=NOW + dt.timedelta(minutes=1))
    store.resolve(token, now=NOW + dt.timedelta(minutes=3))
    [seen] = store.list_links(key)
    assert seen.last_used == NOW + dt.timedelta(minutes=1)
    store.resolve(token, now=NOW + dt.timedelta(minutes=7))
    [seen] = store.list_links(key)
    assert seen.last_used == NOW + dt.timedelta(minutes=7)


def test_a_scan_has_at_most_so_many_live_links(store: AnyStore) -> None:
    _, key = new_scan(store)
    made = [store.create_link(key, Role.READ)[0] for _ in range(MAX_LINKS_PER_SCAN)]
    with pytest.raises(LimitReached):
        store.create_link(key, Role.READ)
    store.revoke_link(key, made[0].id)
    store.create_link(key, Role.READ)


def test_a_link_to_a_scan_that_is_not_stored_is_refused(store: AnyStore) -> None:
    with pytest.raises(UnknownScan):
        store.create_link(token_key(new_token()), Role.EDIT)
    assert raw(store, "SELECT COUNT(*) FROM links") == [(0,)]


def test_a_resolved_link_loads_and_saves_its_scan_by_key(store: AnyStore) -> None:
    own, key = new_scan(store)
    _, token = store.create_link(key, Role.EDIT)
    grant = store.resolve(token)
    assert grant is not None
    loaded = store.load_key(grant.scan_key)
    assert loaded is not None and loaded.data == '{"scan": 1}'
    assert store.save_key(grant.scan_key, '{"scan": 2}', now=NOW + dt.timedelta(minutes=1)) == 2
    assert store.revision_key(grant.scan_key) == 2 and store.revision(own) == 2
    found = store.load(own)
    assert found is not None and (found.data, found.updated) == ('{"scan": 2}', NOW + dt.timedelta(minutes=1))


def test_saving_by_key_never_brings_a_deleted_scan_back(store: AnyStore) -> None:
    own, key = new_scan(store)
    assert store.delete(own) is True
    assert store.save_key(key, '{"scan": "after the delete"}') is None
    assert store.load_key(key) is None and store.revision_key(key) is None
    assert store.count() == 0


@pytest.mark.parametrize("bad", ["", "A" * 64, "g" * 64, "a" * 63, "' OR 1=1 --", None, 7])
def test_anything_but_a_key_is_refused_before_the_database(store: AnyStore, bad: object) -> None:
    for call in (
        lambda: store.load_key(bad),  # type: ignore[arg-type]
        lambda: store.save_key(bad, "{}"),  # type: ignore[arg-type]
        lambda: store.delete_key(bad),  # type: ignore[arg-type]
        lambda: store.create_link(bad, Role.READ),  # type: ignore[arg-type]
        lambda: store.add_comment(bad, Q1, Author.link("x"), "x"),  # type: ignore[arg-type]
        lambda: store.log_access(bad, ANNA, AccessAction.OPENED),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValueError):
            call()


# --- comments ---------------------------------------------------------------------------------------


def test_comments_are_threads_on_a_target_and_resolved_as_a_thread(store: AnyStore) -> None:
    _, key = new_scan(store)
    anna, piet = Author.consultant(ANNA, "Anna"), Author.link("Piet")
    first = store.add_comment(key, Q1, anna, "Wie is verwerker?", now=NOW)
    reply = store.add_comment(key, Q1, piet, "Leverancier X.", parent_id=first.id)
    deeper = store.add_comment(key, Q1, anna, "Dank!", parent_id=reply.id)
    assert (first.parent_id, reply.parent_id, deeper.parent_id) == (None, first.id, first.id), "one thread"
    assert first.author == Author(AuthorKind.CONSULTANT, "Anna", ANNA) and reply.author.email is None
    assert first.created == NOW and first.is_open
    with pytest.raises(ValueError):
        store.add_comment(key, Target("", TargetKind.QUESTION, "s2_a"), piet, "Elders", parent_id=first.id)

    assert store.resolve_comment(key, deeper.id, anna, now=NOW) is True, "a reply resolves its thread"
    assert store.resolve_comment(key, first.id, anna) is False, "already"
    thread = {c.id: c for c in store.comments(key)}
    assert thread[first.id].resolved == NOW and thread[first.id].resolved_by == anna
    assert thread[reply.id].resolved is None
    assert store.reopen_comment(key, first.id) is True
    assert store.reopen_comment(key, first.id) is False
    assert all(c.is_open and c.resolved_by is None for c in store.comments(key))


def test_comments_stay_within_their_scan(store: AnyStore) -> None:
    _, key = new_scan(store)
    _, other = new_scan(store)
    first = store.add_comment(key, Q1, Author.link("Piet"), "Vraag")
    with pytest.raises(UnknownComment):
        store.add_comment(other, Q1, Author.link("Piet"), "Antwoord", parent_id=first.id)
    assert store.resolve_comment(other, first.id, Author.link("Piet")) is False
    assert store.delete_comment(other, first.id) is False
    assert store.comments(other) == [] and len(store.comments(key)) == 1
    with pytest.raises(UnknownScan):
        store.add_comment(token_key(new_token()), Q1, Author.link("Piet"), "Nergens")


@pytest.mark.parametrize(
    "text",
    [
        "Klopt dit? 👍🏽 👩🏽‍💻 🇳🇱",
        "مرحبا، هل هذا صحيح؟",  # Arabic, right to left
        "שלום, \u200fזה נכון?\u202e override",  # Hebrew with RTL mark and override
        "e\u0301 cafe\u0301 ñ n\u0303",  # combining marks, not normalised
        "  regel één\n\tregel twee\r\n  ",  # as typed: white space and new lines kept
        "'); DROP TABLE comments; --",
        "😀" * MAX_COMMENT,
    ],
)
def test_a_comment_is_stored_exactly_as_typed(store: AnyStore, text: str) -> None:
    _, key = new_scan(store)
    made = store.add_comment(key, Q1, Author.link("لينا"), text)
    [found] = store.comments(key)
    assert found.text == text == made.text
    assert found.author.name == "لينا"


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (MAX_COMMENT + 1), "nul\x00byte", "half \ud800 pair"])
def test_a_comment_that_cannot_be_stored_alike_is_refused(store: AnyStore, text: str) -> None:
    _, key = new_scan(store)
    with pytest.raises(ValueError):
        store.add_comment(key, Q1, Author.link("Piet"), text)
    assert store.comments(key) == []


@pytest.mark.parametrize(
    "target, author",
    [
        (Target("HR", TargetKind.QUESTION, "s1_a"), Author.link("Piet")),  # activity ids are lower case
        (Target("", TargetKind.QUESTION, ""), Author.link("Piet")),
        (Target("", TargetKind.QUESTION, "a b"), Author.link("Piet")),
        (Target("", "remark", "s1_a"), Author.link("Piet")),  # type: ignore[arg-type]
        (Q1, Author.link("")),
        (Q1, Author.link("Piet\nJansen")),
        (Q1, Author(AuthorKind.CONSULTANT, "Anna")),  # a consultant without e-mail
        (Q1, Author(AuthorKind.LINK, "Piet", "piet@example.org")),
    ],
)
def test_a_comment_needs_a_valid_target_and_author(store: AnyStore, target: Target, author: Author) -> None:
    _, key = new_scan(store)
    with pytest.raises(ValueError):
        store.add_comment(key, target, author, "Tekst")


def test_open_threads_are_counted_per_target_and_per_dossier(store: AnyStore) -> None:
    _, key = new_scan(store)
    store.hand_over(key, PROSPECT, new_client="Klant")
    piet = Author.link("Piet")
    flow = Target("hr-systeem", TargetKind.FLOW, "flow-1")
    step = Target("hr-systeem", TargetKind.STEP, "3")
    a = store.add_comment(key, Q1, piet, "1")
    store.add_comment(key, Q1, piet, "reply: not a thread of its own", parent_id=a.id)
    store.add_comment(key, Q1, piet, "2")
    store.add_comment(key, flow, piet, "3")
    done = store.add_comment(key, step, piet, "4")
    store.resolve_comment(key, done.id, piet)
    assert store.open_comment_counts(key) == {Q1: 2, flow: 1}
    found = store.dossier(key)
    assert found is not None and found.open_comments == 3
    assert [c.text for c in store.comments(key, activity="hr-systeem")] == ["3", "4"]


def test_deleting_a_thread_deletes_its_replies_and_ids_are_not_given_out_again(store: AnyStore) -> None:
    _, key = new_scan(store)
    piet = Author.link("Piet")
    first = store.add_comment(key, Q1, piet, "Eerste")
    reply = store.add_comment(key, Q1, piet, "Antwoord", parent_id=first.id)
    kept = store.add_comment(key, Q1, piet, "Tweede")
    assert store.delete_comment(key, reply.id) is True
    assert [c.id for c in store.comments(key)] == [first.id, kept.id]
    store.add_comment(key, Q1, piet, "Nog een", parent_id=first.id)
    assert store.delete_comment(key, first.id) is True
    assert [c.id for c in store.comments(key)] == [kept.id]
    assert store.delete_comment(key, kept.id) is True
    again = store.add_comment(key, Q1, piet, "Nieuw")
    assert again.id > kept.id


# --- the access log ---------------------------------------------------------------------------------


def test_the_access_log_lists_the_newest_first_and_holds_no_content(store: AnyStore) -> None:
    _, key = new_scan(store)
    _, other = new_scan(store)
    bob = "bob@privacyfirma.nl"
    for minutes, (scan, who, action) in enumerate(
        [(key, ANNA, AccessAction.OPENED), (key, "Anna@PrivacyFirma.nl", AccessAction.CHANGED),
         (other, bob, AccessAction.EXPORTED), (key, bob, AccessAction.SHARED)]
    ):  # fmt: skip
        store.log_access(scan, who, action, now=NOW + dt.timedelta(minutes=minutes))
    entries = store.access_log()
    assert [(e.scan_key, e.consultant, e.action) for e in entries] == [
        (key, bob, AccessAction.SHARED),
        (other, bob, AccessAction.EXPORTED),
        (key, ANNA, AccessAction.CHANGED),
        (key, ANNA, AccessAction.OPENED),
    ]
    assert entries[0].at == NOW + dt.timedelta(minutes=3)
    assert [e.action for e in store.access_log(limit=2)] == [AccessAction.SHARED, AccessAction.EXPORTED]
    assert [e.consultant for e in store.access_log(scan_key=other)] == [bob]
    assert len(store.access_log(consultant="ANNA@privacyfirma.nl")) == 2
    with pytest.raises(ValueError):
        store.access_log(limit=0)
    with pytest.raises(UnknownScan):
        store.log_access(token_key(new_token()), ANNA, AccessAction.OPENED)
    if isinstance(store, SQLiteStore):
        names = [row[1] for row in raw(store, "PRAGMA table_info(access_log)")]
    else:
        names = [
            row[0]
            for row in raw(
                store,
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'access_log' "
                "ORDER BY ordinal_position",
            )
        ]
    assert names == ["id", "scan_key", "consultant", "action", "at"], "no answers, no comments"


def test_the_access_log_is_purged_after_the_configured_days(
    store: AnyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = new_scan(store)
    store.log_access(key, ANNA, AccessAction.OPENED, now=NOW - dt.timedelta(days=91))
    store.log_access(key, ANNA, AccessAction.CHANGED, now=NOW - dt.timedelta(days=89))
    monkeypatch.setenv("PIA_ACCESS_LOG_DAYS", "90")
    assert access_log_days() == 90
    assert purge_access_log(store, now=NOW) == 1
    assert [e.action for e in store.access_log()] == [AccessAction.CHANGED]
    assert store.purge_access_log(NOW) == 1
    monkeypatch.setenv("PIA_ACCESS_LOG_DAYS", "veel")
    assert access_log_days() == 180


def test_the_apps_retention_run_purges_the_access_log_too(
    store: AnyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app calls purge_expired on its runs (pia_core/ui/persistence.py): that is where the
    access log's own term is kept, not only in a function nobody calls."""
    _, key = new_scan(store, now=NOW)
    store.log_access(key, ANNA, AccessAction.OPENED, now=NOW - dt.timedelta(days=91))
    store.log_access(key, ANNA, AccessAction.CHANGED, now=NOW - dt.timedelta(days=1))
    monkeypatch.setenv("PIA_ACCESS_LOG_DAYS", "90")
    purge_expired(store, now=NOW, force=True)
    assert [e.action for e in store.access_log()] == [AccessAction.CHANGED]


# --- deleting ---------------------------------------------------------------------------------------


def test_deleting_a_scan_deletes_everything_that_names_it(store: AnyStore) -> None:
    token, key = furnished(store)
    kept_token, kept = furnished(store)
    assert naming(store, key) == {"dossiers": 1, "links": 1, "comments": 2, "access_log": 1, "scans": 1}
    assert store.delete(token) is True
    assert naming(store, key) == dict.fromkeys(["dossiers", "links", "comments", "access_log", "scans"], 0)
    assert naming(store, kept) == {"dossiers": 1, "links": 1, "comments": 2, "access_log": 1, "scans": 1}
    assert store.resolve(token) is None
    [link] = store.list_links(kept)  # its token is not at hand here; the other scan is untouched
    assert link.role is Role.COMMENT
    assert store.delete_key(kept) is True and store.delete_key(kept) is False
    assert store.resolve(kept_token) is None
    assert orphans(store) == 0
    assert [len(o.dossiers) for o in store.list_clients()] == [0, 0], "the clients stay"


def test_the_retention_purge_deletes_what_names_the_purged_scans(store: AnyStore) -> None:
    _, old = furnished(store, now=NOW - dt.timedelta(days=31))
    _, fresh = furnished(store, now=NOW - dt.timedelta(days=29))
    assert store.purge(NOW - dt.timedelta(days=30)) == 1
    assert sum(naming(store, old).values()) == 0
    assert naming(store, fresh)["comments"] == 2
    assert orphans(store) == 0


def test_the_purge_of_many_scans_deletes_all_that_names_them(store: AnyStore) -> None:
    keys = []
    for _ in range(1203):  # more than one chunk of keys
        token = new_token()
        store.save(token, "{}", now=NOW - dt.timedelta(days=40))
        keys.append(token_key(token))
    for key in keys[::100]:
        store.log_access(key, ANNA, AccessAction.OPENED)
    assert store.purge(NOW) == 1203
    assert store.count() == 0 and store.access_log() == []


def test_deleting_a_client_deletes_its_dossiers_and_their_scans(store: AnyStore) -> None:
    token, key = furnished(store)
    dossier = store.dossier(key)
    assert dossier is not None
    _, second = new_scan(store)
    store.add_dossier(second, dossier.client_id)
    _, elsewhere = furnished(store)
    assert store.delete_client(dossier.client_id) is True
    assert store.client(dossier.client_id) is None
    assert sum(naming(store, key).values()) == 0 and sum(naming(store, second).values()) == 0
    assert store.load(token) is None and store.resolve(token) is None
    assert naming(store, elsewhere)["scans"] == 1
    assert [o.client.name for o in store.list_clients()] == ["Gemeente Voorbeeld"]
    assert store.delete_client(dossier.client_id) is False
    assert orphans(store) == 0


def test_adds_racing_deletes_leave_no_row_without_its_scan(store: AnyStore) -> None:
    """Comments, links and log entries added while their scans are deleted (on PostgreSQL from
    other connections at the same time): each either lands before the delete and goes with it,
    or is refused with UnknownScan."""
    keys = [new_scan(store)[1] for _ in range(30)]
    errors: list[BaseException] = []

    def adder() -> None:
        try:
            for key in keys:
                with suppress(UnknownScan):
                    store.add_comment(key, Q1, Author.link("Piet"), "Snel")
                with suppress(UnknownScan):
                    store.create_link(key, Role.READ)
                with suppress(UnknownScan):
                    store.log_access(key, ANNA, AccessAction.OPENED)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    def deleter() -> None:
        try:
            for key in keys:
                store.delete_key(key)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=adder) for _ in range(3)] + [threading.Thread(target=deleter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.count() == 0 and orphans(store) == 0


# --- input refused before the database ---------------------------------------------------------------


def test_text_that_looks_like_sql_is_stored_as_text(store: AnyStore) -> None:
    name = "Robert'); DROP TABLE clients; -- ?"
    client = store.create_client(name)
    assert store.client(client.id) == client and client.name == name
    _, key = new_scan(store)
    link, _ = store.create_link(key, Role.READ, "%s ? %(x)s '")
    assert store.list_links(key)[0].label == "%s ? %(x)s '" == link.label


@pytest.mark.parametrize("name", ["", "   ", "a" * 201, "twee\nregels", "nul\x00", "\ud800"])
def test_a_client_name_must_be_one_storable_line(store: AnyStore, name: str) -> None:
    with pytest.raises(ValueError):
        store.create_client(name)
    assert store.list_clients() == []


def test_times_without_a_time_zone_are_refused(store: AnyStore) -> None:
    naive = dt.datetime(2026, 3, 1, 12, 0)
    with pytest.raises(ValueError):
        store.create_client("Klant", now=naive)
    with pytest.raises(ValueError):
        store.purge_access_log(naive)
    _, key = new_scan(store)
    with pytest.raises(ValueError):
        store.hand_over(key, HandOver("Piet", "piet@example.org", "v1", naive), new_client="Klant")


# --- the store lost, and an older store ---------------------------------------------------------------


def test_workspace_calls_on_a_removed_sqlite_file_are_refused(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "scans.sqlite3")
    _, key = furnished(store)
    store.path.unlink()
    for call in (
        lambda: store.list_clients(),
        lambda: store.resolve(new_token()),
        lambda: store.add_comment(key, Q1, Author.link("Piet"), "x"),
        lambda: store.delete_key(key),
        lambda: store.access_log(),
    ):
        with pytest.raises(StoreUnavailable):
            call()
    assert not store.path.exists()


def test_an_sqlite_store_from_before_the_workspace_gets_its_tables(tmp_path: Path) -> None:
    path = tmp_path / "scans.sqlite3"
    token = new_token()
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(BEFORE_THE_WORKSPACE)
        db.execute(
            "INSERT INTO scans VALUES (?, 'kept', 1, ?, ?)",
            (token_key(token), NOW.isoformat(), NOW.isoformat()),
        )
    store = SQLiteStore(path)
    assert store.load(token) is not None
    assert store.hand_over(token_key(token), PROSPECT, new_client="Klant").status is DossierStatus.RECEIVED

    # And one moved into place under the running app (a restored older backup) is upgraded too.
    older = tmp_path / "older.sqlite3"
    with closing(sqlite3.connect(older)) as db, db:
        db.executescript(BEFORE_THE_WORKSPACE)
        db.execute(
            "INSERT INTO scans VALUES (?, 'from the backup', 1, ?, ?)",
            (token_key(token), NOW.isoformat(), NOW.isoformat()),
        )
    older.replace(path)
    found = store.load(token)
    assert found is not None and found.data == "from the backup"
    assert store.dossier(token_key(token)) is None
    store.create_link(token_key(token), Role.READ)


def test_a_postgres_database_from_before_the_workspace_gets_its_tables(
    postgres: Postgres,
    postgres_store: PostgresStore,
) -> None:
    token = new_token()
    postgres_store.save(token, "kept")
    with psycopg.connect(postgres.url, autocommit=True) as db:
        db.execute("DROP TABLE clients, dossiers, links, comments, access_log")
    with pytest.raises(StoreUnavailable):
        postgres_store.list_clients()  # a table gone under the running app: not made again
    later = PostgresStore(postgres.url)  # the next start (of a new version) makes them
    try:
        assert later.load(token) is not None
        assert later.hand_over(token_key(token), PROSPECT, new_client="Klant").client_id > 0
        assert len(postgres_store.list_clients()) == 1
    finally:
        later.close()


def test_postgres_down_is_reported_by_workspace_calls_and_they_work_again(
    postgres: Postgres,
    postgres_store: PostgresStore,
) -> None:
    _, key = furnished(postgres_store)
    postgres.stop()
    try:
        with pytest.raises(StoreUnavailable):
            postgres_store.list_clients()
        with pytest.raises(StoreUnavailable):
            postgres_store.resolve(new_token())
    finally:
        postgres.start()
    assert postgres_store.open_comment_counts(key) == {Q1: 1}


def test_open_workspace_is_the_open_store() -> None:
    assert open_workspace() is open_store()
