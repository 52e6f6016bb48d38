"""The consultants' workspace (issue 22): the firm's clients, their scans (dossiers) and, for the
admins, the access log.

The check is made here, on the server, every time the page runs: someone signed out sees the
sign-in button, someone signed in but not on the allow-list sees that they have no access and
nothing else (no client, no scan of the firm). Nothing depends on a widget being hidden: every
change (a callback, run before the page) asks again who is signed in and whether they may.

A consultant opens a dossier's scan through an edit link of their own (labelled with their
address, so the client sees in the scan's list of links who it is for), made when they click
"open" and kept in their session; the scan opens in a new tab, a session of its own, which writes
"opened" (and a change made there) to the access log (pia_core/ui/persistence.py). Here the
workspace writes its own changes under the consultant's address: a new scan, the status and the
responsible consultant ("changed"), handing a scan to a colleague ("shared"). The log never
holds what a scan says.

Cheap per run (every script run holds the GIL that the other sessions' runs wait for): the store
is read once per run (the clients with their dossiers; the log only when asked for), each client's
scans are one table, and the controls of a scan ("Beheren") and the form for a new scan are drawn
only while their panel is open (tracked expanders): Streamlit 1.67 copies the whole session state
for every text field and select box drawn, so forty dossiers' fields cost half a second a run. A
scan's next review is judged once per save of the scan (a cache by scan key and save time).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import streamlit as st

from pia_core.formatting import HOME_TIME_ZONE, date_text, local_moment, moment_text
from pia_core.i18n import t, tn
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Organisation
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import StoreUnavailable, WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.storage.workspace import (
    MAX_EMAIL,
    MAX_LABEL,
    MAX_NAME,
    MAX_TITLE,
    AccessAction,
    Client,
    ClientDossier,
    ClientOverview,
    DossierStatus,
    LimitReached,
    Role,
    UnknownClient,
    UnknownScan,
    folded,
    matches,
    one_line,
)
from pia_core.ui import review_panel
from pia_core.ui.activities import plain
from pia_core.ui.navigation import WORKSPACE, page_of
from pia_core.ui.persistence import TOKEN_PARAM
from pia_core.ui.presentation import show_table
from pia_core.ui.signin import (
    access,
    auth_configured,
    go_to_workspace_once,
    note_arrival,
    render_sign_in,
    render_sign_out,
    rules_problem,
    signed_in,
    signed_in_consultant,
)
from pia_core.ui.state import lang, seed
from pia_core.vocabulary import LANGUAGES, Language
from pia_core.workspace.access import Access, AccessConfigError, AccessRules, Refusal, normalise_email

REFUSAL_TEXTS = {
    Refusal.NOT_LISTED: "workspace.no_access",
    Refusal.UNVERIFIED: "workspace.unverified",
    Refusal.NO_EMAIL: "workspace.no_email",
}

MAX_CLIENTS_SHOWN = 30  # a search finds the others
LOG_ROWS = 200  # the access log's newest entries shown to an admin (when asked for)
REVIEW_CACHE_SIZE = 4000  # rows' review texts kept (per scan save, language and day)
LINKS_PER_CONSULTANT = 2  # live edit links of one consultant to one scan (two browsers); older ones go

SEARCH_KEY = "ws_search"
SORT_KEY = "ws_sort"
NEW_CLIENT_KEY = "ws_new_client"
MESSAGE_KEY = "_ws_message"  # (kind, text) of what the last change did, shown once
OPEN_KEY = "_ws_open"  # scan key -> the token this session's consultant opens it with
FOCUS_KEY = "_ws_focus"  # the scan key whose panel stays open after a change
PANEL_PREFIX = "ws_panel_"  # + scan key: its panel (status, responsible, open) is open
NEW_SCAN_PANEL_PREFIX = "ws_new_scan_panel_"  # + client id: its "new scan" form is open
LOG_TOGGLE_KEY = "ws_show_log"  # an admin asked for the access log


class Sort(StrEnum):
    NAME = "name"
    CHANGED = "changed"
    STATUS = "status"


STATUS_ORDER = {status: index for index, status in enumerate(DossierStatus)}


def render_workspace() -> None:
    language = lang()
    st.title(t("workspace.heading", language))
    if not auth_configured():  # the page is not in the navigation then; a stale link shows nothing
        return
    if not signed_in():
        st.markdown(t("workspace.signed_out", language))
        render_sign_in(language)
        return
    verdict = access() if rules_problem() is None else None
    if verdict is None:  # the allow-list cannot be read: nobody enters
        st.error(t("workspace.misconfigured", language), icon=":material/error:")
        render_sign_out(language)
        return
    email = plain(verdict.email or "")
    if not verdict.allowed or verdict.email is None:
        assert verdict.refusal is not None
        st.error(t(REFUSAL_TEXTS[verdict.refusal], language, email=email), icon=":material/block:")
        render_sign_out(language)
        return
    st.success(t("workspace.signed_in_as", language, email=email), icon=":material/verified_user:")
    if verdict.admin:
        st.caption(t("workspace.admin", language))
    render_sign_out(language)
    _render_desk(verdict, language)


def _render_desk(verdict: Access, language: Language) -> None:
    """Everything of the firm: only ever called for a consultant who may see it."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if isinstance(message, tuple):
        kind, text = message
        if kind == "error":
            st.error(text, icon=":material/error:")
        else:
            st.success(text, icon=":material/check_circle:")
    try:
        store = open_workspace()
        run = _Run(store, store.list_clients(), _zone(), language)  # the one read of the clients
        _render_clients(run)
        if verdict.admin:
            _render_access_log(run)
    except StoreUnavailable:
        st.error(t("workspace.store_down", language), icon=":material/cloud_off:")


# -- who acts ------------------------------------------------------------------------------------
def _is_consultant(email: str) -> bool:
    """Whether `email` may sign in to the workspace (a scan is assigned only to such a person)."""
    try:
        return AccessRules.from_env().decide({"email": email}).allowed
    except AccessConfigError:
        return False


def _say(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def _store_down() -> None:
    _say("error", t("workspace.store_down", lang()))


# -- the clients ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Run:
    """What one run of the page reads once and uses throughout."""

    store: WorkspaceStore
    clients: list[ClientOverview]  # every client, by name, each with their dossiers
    zone: dt.tzinfo | None  # the browser's time zone, else the firm's
    language: Language


def _render_clients(run: _Run) -> None:
    language = run.language
    st.header(t("workspace.clients_heading", language))
    with (
        st.expander(t("workspace.new_client", language), icon=":material/domain_add:"),
        st.form("ws_new_client_form", border=False),
    ):
        st.text_input(t("workspace.new_client_name", language), max_chars=MAX_NAME, key=NEW_CLIENT_KEY)
        st.form_submit_button(t("workspace.new_client_button", language), on_click=_create_client)
    search_column, sort_column = st.columns([2, 1])
    search = search_column.text_input(t("workspace.search", language), max_chars=MAX_NAME, key=SEARCH_KEY)
    how = sort_column.selectbox(
        t("workspace.sort", language),
        list(Sort),
        format_func=lambda value: t(f"workspace.sort_by.{value}", language),
        key=SORT_KEY,
    )
    rows = _sorted(_matching(run.clients, search), Sort(how or Sort.NAME))
    if not rows:
        st.info(t("workspace.no_match" if search.strip() else "workspace.no_clients", language))
        return
    st.caption(tn("workspace.client_count", language, len(rows)))
    if len(rows) > MAX_CLIENTS_SHOWN:
        st.caption(t("workspace.more_clients", language, shown=MAX_CLIENTS_SHOWN, count=len(rows)))
    columns = _Columns.of(language)
    focus = st.session_state.get(FOCUS_KEY)
    for client, dossiers in rows[:MAX_CLIENTS_SHOWN]:
        _render_client(run, columns, client, dossiers, focus)


def _matching(overviews: Sequence[ClientOverview], search: str) -> list[ClientOverview]:
    """The clients whose name has the search, as the store's list_clients(search) finds them
    (accents and case ignored), from the one list this run read."""
    try:
        one_line(search, "a search", MAX_NAME, required=False)
    except ValueError:  # not one line: no client's name has it
        return []
    if not search.strip():
        return list(overviews)
    return [o for o in overviews if matches(o.client.name, search)]


def _sorted(overviews: Sequence[ClientOverview], how: Sort) -> list[tuple[Client, list[ClientDossier]]]:
    """The clients (by name from the store) in the order asked for, their dossiers in the same."""
    if how is Sort.NAME:
        return [(o.client, list(o.dossiers)) for o in overviews]  # each client's latest change first
    if how is Sort.CHANGED:
        latest = [
            (o.client, sorted(o.dossiers, key=lambda d: d.last_change, reverse=True)) for o in overviews
        ]
        return sorted(
            latest, key=lambda row: max([d.last_change for d in row[1]], default=row[0].created), reverse=True
        )
    # By status: the earliest stage first (a self-scan just received waits for someone), then name.
    staged = [
        (o.client, sorted(o.dossiers, key=lambda d: (STATUS_ORDER[d.status], -d.last_change.timestamp())))
        for o in overviews
    ]
    return sorted(
        staged,
        key=lambda row: (
            STATUS_ORDER[row[1][0].status] if row[1] else len(STATUS_ORDER),
            folded(row[0].name),
        ),
    )


def _zone() -> dt.tzinfo | None:
    """The browser's time zone, else the firm's (None: neither is known here)."""
    for name in (st.context.timezone, HOME_TIME_ZONE):
        if isinstance(name, str) and name:
            try:
                return zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return None


def _local(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A stored moment (UTC) in `zone` (by default the browser's time zone, else the firm's)."""
    return local_moment(moment, zone or _zone())


def _title(dossier: ClientDossier, language: Language) -> str:
    return dossier.title or t("workspace.untitled", language)


def _status(status: DossierStatus, language: Language) -> str:
    return t(f"workspace.status.{status.value}", language)


# A row's next review: judging a scan (reading it, evaluating every activity) is done once per
# save of the scan, language and day, for every session of this process; a save makes a new key.
_REVIEWS: dict[tuple[str, dt.datetime, Language, dt.date], str] = {}


def _next_review(store: WorkspaceStore, found: ClientDossier, language: Language) -> str:
    key = (found.scan_key, found.scan_updated, language, review_panel.today())
    text = _REVIEWS.get(key)
    if text is None:
        text = review_panel.next_review_text(store, found.scan_key, found.scan_updated, language)
        if text:  # "": not readable now (the store may be back on the next run)
            if len(_REVIEWS) >= REVIEW_CACHE_SIZE:
                _REVIEWS.clear()
            _REVIEWS[key] = text
    return text


@dataclass(frozen=True)
class _Columns:
    """The dossier table's column names and fixed cells in one language (made once per run)."""

    title: str
    status: str
    consultant: str
    changed: str
    comments: str
    review: str
    nobody: str

    @classmethod
    def of(cls, language: Language) -> _Columns:
        column = "workspace.column."
        return cls(
            title=t(column + "title", language),
            status=t(column + "status", language),
            consultant=t(column + "consultant", language),
            changed=t(column + "changed", language),
            comments=t(column + "comments", language),
            review=t("review.column", language),
            nobody=t("workspace.nobody", language),
        )


def _render_client(
    run: _Run, columns: _Columns, client: Client, dossiers: list[ClientDossier], focus: object
) -> None:
    language = run.language
    with st.container(border=True):
        st.subheader(plain(client.name), anchor=False)
        if dossiers:
            show_table(
                [
                    {
                        columns.title: _title(d, language),
                        columns.status: _status(d.status, language),
                        columns.consultant: d.consultant or columns.nobody,
                        columns.changed: date_text(_local(d.last_change, run.zone).date(), language),
                        columns.comments: d.open_comments,
                        columns.review: _next_review(run.store, d, language),
                    }
                    for d in dossiers
                ],
                alt=t("workspace.table_alt", language, client=client.name),
            )
            for found in dossiers:
                _render_dossier(run, found, focus == found.scan_key)
        else:
            st.caption(t("workspace.no_dossiers", language))
        with st.expander(
            t("workspace.new_scan", language),
            icon=":material/note_add:",
            key=f"{NEW_SCAN_PANEL_PREFIX}{client.id}",
            on_change="rerun",
        ) as panel:
            if panel.open:  # the form only while it is open
                with st.form(f"ws_new_scan_form_{client.id}", border=False):
                    st.text_input(
                        t("workspace.new_scan_title", language),
                        max_chars=MAX_TITLE,
                        key=f"ws_new_scan_{client.id}",
                    )
                    st.form_submit_button(
                        t("workspace.new_scan_button", language), on_click=_new_scan, args=(client.id,)
                    )


def _render_dossier(run: _Run, found: ClientDossier, focused: bool) -> None:
    """A scan's panel: its fields are drawn only while it is open (opening it reruns the page);
    the one the last change was about opens by itself."""
    language = run.language
    label = t(
        "workspace.manage",
        language,
        title=plain(_title(found, language)),
        status=_status(found.status, language),
    )
    with st.expander(label, expanded=focused, key=PANEL_PREFIX + found.scan_key, on_change="rerun") as panel:
        if panel.open:
            _render_dossier_controls(run, found)


def _render_dossier_controls(run: _Run, found: ClientDossier) -> None:
    key, language = found.scan_key, run.language
    if found.handover is not None:
        st.caption(
            t(
                "workspace.handed_over",
                language,
                name=plain(found.handover.name),
                email=plain(found.handover.email),
                date=date_text(_local(found.handover.consent_at, run.zone).date(), language),
                version=plain(found.handover.consent_version),
            )
        )
    seed(f"ws_status_{key}", found.status.value)
    st.selectbox(
        t("workspace.status_label", language),
        [status.value for status in DossierStatus],
        format_func=lambda value: _status(DossierStatus(value), language),
        key=f"ws_status_{key}",
        on_change=_change_status,
        args=(key,),
    )
    assign_key = f"ws_assign_{key}"
    if assign_key not in st.session_state:  # in a form: what is typed stays until it is sent
        st.session_state[assign_key] = found.consultant or ""
    with st.form(f"ws_assign_form_{key}", border=False):
        st.text_input(t("workspace.assign_label", language), max_chars=MAX_EMAIL, key=assign_key)
        with st.container(horizontal=True):
            st.form_submit_button(t("workspace.assign_button", language), on_click=_assign, args=(key, False))
            st.form_submit_button(t("workspace.assign_me", language), on_click=_assign, args=(key, True))
    token = _open_tokens().get(key)
    if token is None:
        st.button(
            t("workspace.open_button", language),
            key=f"ws_open_{key}",
            on_click=_open,
            args=(key,),
            icon=":material/open_in_new:",
            type="primary",
        )
    else:
        st.caption(t("workspace.open_ready", language))
        st.link_button(
            t("workspace.open_link", language),
            f"./?{TOKEN_PARAM}={token}",
            icon=":material/open_in_new:",
            type="primary",
        )


# -- changes (callbacks: each asks again who acts) --------------------------------------------------
def _create_client() -> None:
    if signed_in_consultant() is None:
        return
    language = lang()
    name = st.session_state.get(NEW_CLIENT_KEY, "")
    try:
        client = open_workspace().create_client(name if isinstance(name, str) else "")
    except StoreUnavailable:
        _store_down()
        return
    except ValueError:
        _say("error", t("workspace.name_invalid", language, limit=MAX_NAME))
        return
    st.session_state[NEW_CLIENT_KEY] = ""
    _say("success", t("workspace.new_client_done", language, name=plain(client.name)))


def _new_scan(client_id: int) -> None:
    """A fresh stored scan in a new dossier of the client, the consultant responsible; opened."""
    who = signed_in_consultant()
    if who is None:
        return
    language = lang()
    field = f"ws_new_scan_{client_id}"
    typed = st.session_state.get(field, "")
    title = typed.strip() if isinstance(typed, str) else ""
    title = title or t(
        "workspace.new_scan_default",
        language,
        date=date_text(_local(dt.datetime.now(dt.UTC)).date(), language),
    )
    if len(title) > MAX_TITLE:
        _say("error", t("workspace.title_invalid", language, limit=MAX_TITLE))
        return
    try:
        store = open_workspace()
        client = store.client(client_id)
        if client is None:
            raise UnknownClient("no such client")
        fresh = Dossier(language=language, organisation=Organisation(name=client.name))
        token = new_token()
        store.save(token, dossier_to_json(fresh, compact=True))
        key = token_key(token)
        try:
            store.add_dossier(key, client_id, consultant=who, title=title)
        except Exception:
            store.delete(token)  # no scan without its dossier
            raise
        store.log_access(key, who, AccessAction.CHANGED)  # made; opened is logged where it opens
    except StoreUnavailable:
        _store_down()
        return
    except (UnknownClient, UnknownScan):
        _say("error", t("workspace.gone", language))
        return
    except ValueError:
        _say("error", t("workspace.title_invalid", language, limit=MAX_TITLE))
        return
    _open_tokens()[key] = token  # its own link: the consultant made it
    st.session_state[field] = ""
    st.session_state[FOCUS_KEY] = key
    _say("success", t("workspace.new_scan_done", language, title=plain(title)))


def _change_status(key: str) -> None:
    who = signed_in_consultant()
    if who is None:
        return
    language = lang()
    status = DossierStatus(st.session_state[f"ws_status_{key}"])
    st.session_state[FOCUS_KEY] = key
    try:
        store = open_workspace()
        if not store.update_dossier(key, status=status):
            raise UnknownScan("no dossier")
        store.log_access(key, who, AccessAction.CHANGED)
        found = store.dossier(key)
    except StoreUnavailable:
        _store_down()
        return
    except UnknownScan:
        _say("error", t("workspace.gone", language))
        return
    title = _title(found, language) if found is not None else ""
    _say(
        "success", t("workspace.status_done", language, title=plain(title), status=_status(status, language))
    )


def _assign(key: str, to_me: bool) -> None:
    """Make the consultant (or the address typed: someone who may sign in here; empty: nobody)
    responsible. Handing a scan to a colleague is logged as shared."""
    who = signed_in_consultant()
    if who is None:
        return
    language = lang()
    field = f"ws_assign_{key}"
    st.session_state[FOCUS_KEY] = key
    typed = st.session_state.get(field, "")
    address: str | None = who
    if not to_me:
        text = typed.strip() if isinstance(typed, str) else ""
        address = normalise_email(text) if text else None
        if text and address is None:
            _say("error", t("workspace.assign_invalid", language))
            return
        if address is not None and not _is_consultant(address):
            _say("error", t("workspace.assign_refused", language))
            return
    try:
        store = open_workspace()
        if not store.assign(key, address):
            raise UnknownScan("no dossier")
        action = AccessAction.SHARED if address not in (None, who) else AccessAction.CHANGED
        store.log_access(key, who, action)
        found = store.dossier(key)
    except StoreUnavailable:
        _store_down()
        return
    except UnknownScan:
        _say("error", t("workspace.gone", language))
        return
    except ValueError:
        _say("error", t("workspace.assign_invalid", language))
        return
    st.session_state[field] = address or ""
    title = _title(found, language) if found is not None else ""
    shown = address or t("workspace.nobody", language)
    _say("success", t("workspace.assign_done", language, title=plain(title), who=plain(shown)))


def _open_tokens() -> dict[str, str]:
    tokens = st.session_state.get(OPEN_KEY)
    if not isinstance(tokens, dict):
        tokens = {}
        st.session_state[OPEN_KEY] = tokens
    return tokens


def _link_labels(email: str) -> set[str]:
    return {t("workspace.link_label", language, email=email)[:MAX_LABEL] for language in LANGUAGES}


def _open(key: str) -> None:
    """An edit link of the consultant's own to the scan (once per session). Opening it is logged
    by the session that opens it (pia_core/ui/persistence.py: a signed-in consultant's)."""
    who = signed_in_consultant()
    if who is None:
        return
    language = lang()
    st.session_state[FOCUS_KEY] = key
    try:
        store = open_workspace()
        token = _open_tokens().get(key)
        if token is None:
            labels = _link_labels(who)
            mine = [link for link in store.list_links(key) if link.label in labels]
            for old in mine[: max(len(mine) - LINKS_PER_CONSULTANT + 1, 0)]:  # oldest first
                store.revoke_link(key, old.id)
            _, token = store.create_link(
                key, Role.EDIT, t("workspace.link_label", language, email=who)[:MAX_LABEL]
            )
    except StoreUnavailable:
        _store_down()
        return
    except UnknownScan:
        _say("error", t("workspace.gone", language))
        return
    except LimitReached:
        _say("error", t("workspace.links_full", language))
        return
    _open_tokens()[key] = token


# -- the access log (admins) ----------------------------------------------------------------------
def _render_access_log(run: _Run) -> None:
    language = run.language
    st.header(t("workspace.log_heading", language))
    st.caption(t("workspace.log_intro", language, limit=LOG_ROWS))
    # Read and drawn only when asked for: most visits to the workspace are for the clients.
    if not st.toggle(t("workspace.log_show", language), key=LOG_TOGGLE_KEY):
        return
    entries = run.store.access_log(limit=LOG_ROWS)
    if not entries:
        st.caption(t("workspace.log_empty", language))
        return
    names = {d.scan_key: f"{o.client.name} · {_title(d, language)}" for o in run.clients for d in o.dossiers}
    column = "workspace.log_column."
    at, consultant, action, scan = (
        t(column + name, language) for name in ("at", "consultant", "action", "scan")
    )
    actions = {value: t(f"workspace.log_action.{value.value}", language) for value in AccessAction}
    no_dossier = t("workspace.log_no_dossier", language)
    rows = []
    for entry in entries:
        rows.append(
            {
                at: moment_text(entry.at, language, run.zone or _zone()),
                consultant: entry.consultant,
                action: actions[entry.action],
                scan: names.get(entry.scan_key, no_dossier),
            }
        )
    show_table(rows, alt=t("workspace.log_alt", language))


# -- the workspace's place in the app ---------------------------------------------------------------
def render_workspace_link(language: Language) -> None:
    """The workspace's link at the foot of the sidebar, where sign-in is configured."""
    if auth_configured():
        with st.sidebar:
            st.page_link(
                page_of(WORKSPACE, language), label=t("workspace.nav_title", language), icon=WORKSPACE.icon
            )


def note_how_the_session_arrived() -> None:
    """Before the scan's token goes into the address (see `land_after_sign_in`)."""
    if auth_configured():
        note_arrival()


def land_after_sign_in(page: st.Page) -> None:
    """Where sign-in is configured: a signed-in person back from the provider (at "/") goes on to
    the workspace (pia_core/ui/signin.py)."""
    if auth_configured():
        go_to_workspace_once(page, page_of(WORKSPACE, lang()))
