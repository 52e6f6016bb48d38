"""Autosave and resume: the scan outlives a reload, a dropped connection or a closed laptop.

Every run starts with `begin_run` and ends with `end_run` (pia_core/ui/app_shell.py):
- a new session takes the token from the URL (`?scan=...`) and loads that scan: its own token
  opens it for editing; a link made in the share panel (pia_core/ui/share_panel.py) opens it
  with the link's role (read, comment or edit), and the link's token stays in the URL (the
  scan's own token is never shown to someone who came through a link). A missing, malformed,
  unknown, revoked or expired token gives a fresh scan under a NEW token (never adopt a token
  nobody saved: a link crafted by someone else must not collect what this user types); a token
  that looked like a link is told it no longer works;
- an existing session picks up a newer revision another tab (or the client) saved, unless this
  run brings its own change (then last write wins), and honours a delete done elsewhere; a link
  session also notices its link being revoked;
- the assessment is saved at the end of the run (also when the page stops early) whenever its
  JSON differs from what was last saved (idle reruns write nothing): one serialisation and one
  hash per run, which also covers what the run's callbacks changed before the page drew;
- a session whose role may not edit (pia_core/ui/grant.py) never writes the scan, whatever its
  widgets send: a change its callbacks or its page made is put back to the stored version at the
  start of the next run (and at the end of this one), so its screen shows only what is stored.
  The language, the presentation settings and the chosen activity stay the session's own;
- the token is put back into the URL, which page navigation clears;
- when the store cannot be reached (a database restart), the scan stays in the session: the
  user is told in their language, a notice retries every few seconds and on every run, and says
  so once everything is saved again. A link opened during the outage is neither replaced nor
  answered with an empty scan: the page asks to reload in a minute.
Nothing here logs a token or anything the user typed. A signed-in consultant's opening and first
change of a scan go into the workspace's access log (who, what, when; never what the scan says).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sys

import streamlit as st

from pia_core.i18n import t, tn
from pia_core.importing import MAX_FILE_LABEL, import_data
from pia_core.limits import new_scans
from pia_core.scan.changes import Json, apply, as_json, for_log, merge
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Presentation
from pia_core.scan.serialization import AssessmentFileError, check_size, dossier_to_json
from pia_core.storage import (
    ScanStore,
    StoredScan,
    StoreUnavailable,
    WorkspaceStore,
    is_valid_token,
    load_live,
    new_token,
    open_store,
    purge_expired,
    retention_days,
)
from pia_core.storage.base import token_key, utc_now
from pia_core.storage.edit_log import (
    MAX_CHANGES_PER_SAVE,
    SELF_SCAN,
    VIA_LINK,
    VIA_LINK_LABEL,
    Change,
    StaleRevision,
)
from pia_core.storage.sql_store import SQLStore
from pia_core.storage.workspace import AccessAction, Grant, Role, UnknownScan
from pia_core.ui.activities import forget_widget_state
from pia_core.ui.change_words import field_text, value_text
from pia_core.ui.grant import can_edit, can_share, current_role, set_role
from pia_core.ui.signin import signed_in_consultant
from pia_core.ui.state import DOSSIER_KEY, assessment, content, dossier, replace_dossier
from pia_core.vocabulary import Language
from pia_core.workspace.rights import may_edit

TOKEN_PARAM = "scan"
TOKEN_KEY = "_scan_token"  # the token in the URL: the scan's own, or the link the session opened
SAVED_HASH_KEY = "_scan_saved_hash"
REVISION_KEY = "_scan_revision"
NOTICE_KEY = "_scan_notice"
UNSAVED_KEY = "_scan_unsaved"  # the last save failed: the session holds changes the store has not
HELD_KEY = "_scan_held"  # why a change is kept in the session only: too large, or the new-scan limit
SCAN_KEY_KEY = "_scan_key"  # a link session's scan (its key in the store); unset: token_key(token)
LINK_KEY = "_scan_link_id"  # the id of the link a session opened; unset: the scan's own token
STORED_KEY = "_scan_stored"  # a session that may not edit: the stored JSON it shows (to put back)
GONE_KEY = "_scan_link_gone"  # the URL's token opened nothing: say so while the fresh scan is empty
RERAN_KEY = "_scan_put_back_reran"  # end_run reran once to take a refused change off the screen
LOGGED_KEY = "_scan_logged"  # (scan key, action) already in the access log from this session
BASE_KEY = "_scan_base"  # an editor's scan as last loaded or saved (JSON): its edits are measured from it
CONFLICTS_KEY = "_scan_conflicts"  # fields another session changed that this session's later save overwrote
MERGED_KEY = "_scan_merged"  # the last save merged another session's changes: end_run shows them
LABEL_KEY = "_scan_link_label"  # (link id, label) of a link session, for the edit log's "who"
MERGE_TRIES = 5
RETRY_SECONDS = 5

log = logging.getLogger(__name__)


class NotAllowed(PermissionError):
    """This session's role may not do that (checked here, on the server, not by a hidden widget)."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    return token if is_valid_token(token) else None


def current_scan_key() -> str | None:
    """The session's scan as the store names it (the workspace: links, comments, dossiers):
    the link's scan for a link session, else the key of the scan's own token. None before
    `begin_run`; the scan may not be stored yet (`scan_is_stored`)."""
    key = st.session_state.get(SCAN_KEY_KEY)
    if isinstance(key, str):
        return key
    token = current_token()
    return None if token is None else token_key(token)


def scan_is_stored() -> bool:
    """Whether the session's scan has been saved at least once (only then can it have links)."""
    return st.session_state.get(REVISION_KEY) is not None


def via_link() -> bool:
    """Whether the session opened its scan through a link (not the scan's own token)."""
    return isinstance(st.session_state.get(LINK_KEY), int)


def workspace_of(store: ScanStore) -> WorkspaceStore | None:
    """`store` with its workspace (links, comments, access log): both real stores have one."""
    return store if isinstance(store, SQLStore) else None


def open_links() -> WorkspaceStore | None:
    """The store's workspace (links, comments, the access log), or None for a store without one."""
    return workspace_of(open_store())


def _links(store: ScanStore) -> WorkspaceStore:
    found = workspace_of(store)
    if found is None:  # a link session on a store without links: treated as unreachable
        raise StoreUnavailable("the scan store has no links")
    return found


def _session_json(value: Dossier) -> str:
    """What a session that may not edit compares: the scan without what belongs to the session
    (its language, presentation settings and chosen activity), which such a session may change."""
    neutral = value.model_copy(update={"language": "nl", "presentation": Presentation(), "current": ""})
    return dossier_to_json(neutral, compact=True)


def _fingerprint(value: Dossier) -> str:
    """The hash the session's scan is compared by: the whole JSON for an editor (what is saved)."""
    if can_edit():
        return _digest(dossier_to_json(value, compact=True))
    return _digest(_session_json(value))


def _changed_here() -> bool:
    return _fingerprint(dossier()) != st.session_state.get(SAVED_HASH_KEY)


def _start(token: str, value: Dossier, revision: int | None, grant: Grant | None = None) -> None:
    """Make `value` the session's scan under `token`, as stored at `revision` (None: not stored),
    opened through the link of `grant` (None: the scan's own token, or a fresh scan: EDIT)."""
    replace_dossier(value)
    st.session_state[TOKEN_KEY] = token
    st.session_state[REVISION_KEY] = revision
    for key in (GONE_KEY, RERAN_KEY):
        st.session_state.pop(key, None)
    if grant is None or grant.link_id is None:
        set_role(Role.EDIT)
        st.session_state.pop(SCAN_KEY_KEY, None)
        st.session_state.pop(LINK_KEY, None)
    else:
        set_role(grant.role)
        st.session_state[SCAN_KEY_KEY] = grant.scan_key
        st.session_state[LINK_KEY] = grant.link_id
    if may_edit(current_role()):
        st.session_state.pop(STORED_KEY, None)
        st.session_state[BASE_KEY] = dossier_to_json(value, compact=True)
    else:
        st.session_state[STORED_KEY] = dossier_to_json(value, compact=True)
    # A fresh scan counts as saved as it is, so an untouched scan is never written.
    st.session_state[SAVED_HASH_KEY] = _fingerprint(value)


def _current_grant() -> Grant | None:
    key, link_id = st.session_state.get(SCAN_KEY_KEY), st.session_state.get(LINK_KEY)
    if isinstance(key, str) and isinstance(link_id, int):
        return Grant(key, current_role(), link_id)
    return None


def _parsed(found: StoredScan | None) -> tuple[Dossier, int] | None:
    if found is None:
        return None
    try:
        result = import_data(json.loads(found.data), content())
    except (AssessmentFileError, ValueError):
        # Written by a newer app or damaged: start afresh rather than show an error page.
        log.warning("a stored scan could not be read; starting a fresh scan")
        return None
    return result.dossier, found.revision


def _from_store(store: ScanStore, token: str) -> tuple[Dossier, int] | None:
    return _parsed(load_live(store, token))


def _from_key(links: WorkspaceStore, key: str) -> tuple[Dossier, int] | None:
    """The scan under `key` unless it is past retention (then it is deleted now, as load_live does)."""
    found = links.load_key(key)
    if found is not None and found.updated < utc_now() - dt.timedelta(days=retention_days()):
        links.delete_key(key)
        return None
    return _parsed(found)


def _load_current(store: ScanStore, token: str) -> tuple[Dossier, int] | None:
    key = st.session_state.get(SCAN_KEY_KEY)
    if via_link() and isinstance(key, str):
        return _from_key(_links(store), key)
    return _from_store(store, token)


def _stored_revision(store: ScanStore, token: str) -> int | None:
    key = st.session_state.get(SCAN_KEY_KEY)
    if via_link() and isinstance(key, str):
        return _links(store).revision_key(key)
    return store.revision(token)


def _fresh(language: Language = "nl") -> Dossier:
    return Dossier(language=language)


def _keep_session_view(value: Dossier, *, settings: bool) -> Dossier:
    """`value` showing the activity this session works on; with `settings` also its language and
    presentation (a session that may not edit keeps those its own: they are not saved)."""
    mine = dossier()
    if mine.current in value.ids:
        # The activity a tab works on is its own: another tab's switch does not move it
        # (the stored choice is the last writer's, which a reload opens).
        value.current = mine.current
    if settings:
        value.language = mine.language
        value.presentation = mine.presentation.model_copy(deep=True)
    return value


def start_fresh(*, delete_current: bool) -> None:
    """A new, empty scan under a new token, in the current language; optionally erase the old one
    first. NotAllowed for a session that may not edit (or, to erase, may not share): it neither
    replaces nor deletes the scan it was given."""
    if not can_edit() or (delete_current and not can_share()):
        raise NotAllowed("this link may not replace or delete the scan")
    if delete_current:
        _delete_current()
    language = assessment().language
    _start(new_token(), _fresh(language), None)


def _delete_current() -> None:
    store = open_store()
    key = st.session_state.get(SCAN_KEY_KEY)
    if via_link() and isinstance(key, str):
        _links(store).delete_key(key)  # the linked scan itself, with its links and comments
        return
    token = current_token()
    if token is not None:
        store.delete(token)


def _adopt_url_token(store: ScanStore) -> None:
    requested = st.query_params.get(TOKEN_PARAM)
    if not is_valid_token(requested):
        _start(new_token(), _fresh(), None)
        return
    assert requested is not None
    loaded = _from_store(store, requested)  # the scan's own token
    if loaded is not None:
        _start(requested, loaded[0], loaded[1])
        _log_once(AccessAction.OPENED)
        return
    links = workspace_of(store)
    grant = links.resolve(requested) if links is not None else None
    if links is not None and grant is not None and grant.link_id is not None:
        loaded = _from_key(links, grant.scan_key)
        if loaded is not None:
            _start(requested, loaded[0], loaded[1], grant)  # the link's token stays in the URL
            _log_once(AccessAction.OPENED)
            return
    # Unknown, revoked, past retention or deleted: nothing of that scan, and a word why.
    _start(new_token(), _fresh(), None)
    _say_link_gone()


def _say_link_gone() -> None:
    """Remember the fresh scan as it is now: the message shows until the user fills something in
    (switching the language does not count: the message then reads in the other one)."""
    st.session_state[GONE_KEY] = _digest(_session_json(dossier()))


def _link_still_open(store: ScanStore, token: str) -> bool:
    """A link session whose link was revoked, or whose scan was deleted, gets a fresh scan of its
    own (and is told why); True while the link still opens the session's scan."""
    links = _links(store)
    grant = links.resolve(token)
    key = st.session_state.get(SCAN_KEY_KEY)
    if grant is not None and grant.scan_key == key and grant.link_id == st.session_state.get(LINK_KEY):
        return True  # (a link's role never changes: the one it opened with holds)
    deleted = not isinstance(key, str) or links.revision_key(key) is None
    language = assessment().language
    _start(new_token(), _fresh(language), None)
    if deleted:
        st.session_state[NOTICE_KEY] = "scan.deleted_elsewhere"
    else:
        _say_link_gone()
    return False


def _sync_with_store(store: ScanStore, token: str) -> None:
    """Another tab may have saved or deleted this scan since this session last looked."""
    if via_link() and not _link_still_open(store, token):
        return
    known = st.session_state.get(REVISION_KEY)
    stored = _stored_revision(store, token)
    if stored == known:
        return
    if stored is None:
        if st.session_state.get(UNSAVED_KEY) and not via_link():
            return  # the store lost it while it could not save (restored from a backup): save this copy
        # Deleted elsewhere (or purged): never bring it back by saving this copy.
        language = assessment().language
        _start(new_token(), _fresh(language), None)
        st.session_state[NOTICE_KEY] = "scan.deleted_elsewhere"
        return
    if not _changed_here():
        loaded = _load_current(store, token)
        if loaded is not None:
            newer, revision = loaded
            _start(token, _keep_session_view(newer, settings=not can_edit()), revision, _current_grant())
    # Changed here too: this run's change is the latest write and is saved over it.


def _put_back() -> bool:
    """A session that may not edit shows the stored scan only: what its widgets changed goes (and
    with it their own state, so every widget shows the stored value again). True if anything went."""
    if can_edit() or not _changed_here():
        return False
    stored = st.session_state.get(STORED_KEY)
    value = Dossier.model_validate_json(stored) if isinstance(stored, str) else _fresh()
    replace_dossier(_keep_session_view(value, settings=True))
    st.session_state[SAVED_HASH_KEY] = _fingerprint(value)
    forget_widget_state()
    st.session_state[NOTICE_KEY] = f"share.refused.{current_role().value}"
    return True


def _client_address() -> str | None:
    """The user's address from the network (behind nginx: the one it forwarded); None on this
    machine (Streamlit gives None for loopback), which the per-address limit does not count."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def _write(store: ScanStore, token: str, data: str) -> int | None:
    """Save under the scan's own token (the first save creates it), or into a link's scan (never
    created again once deleted: None)."""
    key = st.session_state.get(SCAN_KEY_KEY)
    if via_link() and isinstance(key, str):
        return _links(store).save_key(key, data)
    return store.save(token, data)


def save_if_changed(store: ScanStore | None = None) -> bool:
    """Save the scan if it changed since the last save; False also when the store cannot be reached
    (then the session keeps the change, says so, and the next run or the notice retries) and when
    the change is held: a scan grown past the file limit, or a new scan waiting for room under the
    per-address limit (pia_core/limits.py). Never for a session that may not edit: whatever its
    widgets sent, nothing of it reaches the store."""
    if not can_edit():
        return False
    token = current_token()
    if token is None or not isinstance(st.session_state.get(DOSSIER_KEY), Dossier):
        return False
    data = dossier_to_json(dossier(), compact=True)
    digest = _digest(data)
    if digest == st.session_state.get(SAVED_HASH_KEY):
        return False
    address = _client_address()
    held = _held_reason(data, address)
    if held is not None:
        if st.session_state.get(HELD_KEY) != held:
            st.toast(_held_text(held), icon=":material/hourglass_top:")
        st.session_state[HELD_KEY] = held
        return False
    try:
        written = _write_logged(store or open_store(), token, data)
    except StoreUnavailable:
        log.warning("autosave: the scan store cannot be reached; the change is kept and retried")
        if not st.session_state.get(UNSAVED_KEY):
            st.toast(t("scan.save_failed", assessment().language), icon=":material/cloud_off:")
        st.session_state[UNSAVED_KEY] = True
        return False
    if written is None:  # a link's scan deleted elsewhere: the next run says so
        return False
    revision, saved = written
    if saved != data:  # merged with another session's save: the session goes on with the merge
        replace_dossier(_keep_session_view(Dossier.model_validate_json(saved), settings=False))
        forget_widget_state()
        digest = _digest(saved)
    st.session_state[BASE_KEY] = saved
    if revision == 1 and address is not None:  # a new stored scan
        new_scans().count(address)
    st.session_state.pop(HELD_KEY, None)
    st.session_state[REVISION_KEY] = revision
    st.session_state[SAVED_HASH_KEY] = digest
    if st.session_state.pop(UNSAVED_KEY, False):
        st.toast(t("scan.save_restored", assessment().language), icon=":material/cloud_done:")
    _log_once(AccessAction.CHANGED)
    return True


def _held_reason(data: str, address: str | None) -> str | None:
    """Why this change is kept in the session only (the text key), or None to save it. Not the
    store's fault, so not the outage notice: every run checks again, and saves once the scan is
    small enough or the hour has room for a new scan."""
    try:
        check_size(data)
    except AssessmentFileError:
        return "scan.save_too_large"  # stored, it could not be downloaded and opened again
    new_scan = st.session_state.get(REVISION_KEY) is None
    if new_scan and address is not None and not new_scans().allows(address):
        return "limits.new_scans"
    return None


def _held_text(key: str) -> str:
    language = assessment().language
    if key == "scan.save_too_large":
        return t(key, language, limit=MAX_FILE_LABEL)
    return t(key, language, limit=new_scans().limit, section=t("scan.section_title", language))


# --- the access log ---------------------------------------------------------------------------------


def log_access(action: AccessAction) -> None:
    """Note in the access log that the signed-in consultant did `action` with the session's scan
    (who, what, when: nothing the scan says). Nothing when no consultant is signed in; a failure
    is logged, never shown: the log must not stop the work."""
    who = signed_in_consultant()
    key = current_scan_key()
    if who is None or key is None or not scan_is_stored():
        return
    try:
        links = open_links()
        if links is not None:
            links.log_access(key, who, action)
    except (StoreUnavailable, UnknownScan, ValueError):
        log.warning("access log: an entry could not be written")


def _log_once(action: AccessAction) -> None:
    """Opened and changed: once per scan per session, not on every autosave."""
    if signed_in_consultant() is None:
        return
    done = st.session_state.setdefault(LOGGED_KEY, set())
    entry = (current_scan_key(), action.value)
    if isinstance(done, set) and entry not in done:
        done.add(entry)
        log_access(action)


# --- the run ----------------------------------------------------------------------------------------


@st.fragment(run_every=RETRY_SECONDS)
def _unsaved_notice() -> None:
    """While a change waits for the store: say so, and retry every few seconds without a click."""
    if save_if_changed():
        st.rerun()  # a full run: the notice goes, the page shows the saved state
    if st.session_state.get(UNSAVED_KEY):
        st.warning(t("scan.save_pending", assessment().language), icon=":material/cloud_off:")


def _cannot_open() -> None:
    """A link opened while the store is down: no empty scan under a new token, just the reason.

    The user's language is not known yet (it is part of the scan): Dutch first, then English.
    """
    log.warning("a scan link could not be opened: the scan store cannot be reached")
    st.error(f"{t('scan.load_failed', 'nl')}\n\n{t('scan.load_failed', 'en')}", icon=":material/cloud_off:")
    st.stop()


def _keep_token_in_url(token: str) -> None:
    # Only the token, nothing else of ours, ever goes into the URL.
    if st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token


def _show_role() -> None:
    """At the top of every page: what this session may do, when it may not edit; and that the
    link it came with no longer works, until the user starts on the fresh scan."""
    language = assessment().language
    role = current_role()
    if not may_edit(role):
        st.info(t(f"share.banner.{role.value}", language), icon=":material/visibility:")
    gone = st.session_state.get(GONE_KEY)
    if gone is not None:
        if scan_is_stored() or gone != _digest(_session_json(dossier())):
            st.session_state.pop(GONE_KEY, None)
        else:
            st.warning(t("share.link_gone", language), icon=":material/link_off:")


def begin_run() -> None:
    """Load or refresh the scan. Call before anything renders; `end_run` saves."""
    _put_back()  # before anything reads the scan: a refused change never shows
    try:
        store = open_store()
        purge_expired(store)
        token = current_token()
        if token is None:
            _adopt_url_token(store)
        else:
            _sync_with_store(store, token)
    except StoreUnavailable:
        if current_token() is None:
            _cannot_open()
        # A running session carries on with its own copy; end_run tries to save it.
    if st.session_state.get(UNSAVED_KEY):
        _unsaved_notice()
    held = st.session_state.get(HELD_KEY)
    if isinstance(held, str) and not save_if_changed():
        st.warning(_held_text(held), icon=":material/hourglass_top:")
    active = current_token()
    assert active is not None
    _keep_token_in_url(active)
    _show_role()
    notice = st.session_state.pop(NOTICE_KEY, None)
    if isinstance(notice, str):
        st.toast(t(notice, assessment().language), icon=":material/info:")
    _show_conflicts()


def end_run() -> None:
    """Save what this run changed: its callbacks (before the page) and the page itself. A session
    that may not edit saves nothing: what its page changed is put back, and the page drawn once
    more (once) so that it does not show it."""
    if can_edit():
        save_if_changed()
        if st.session_state.pop(MERGED_KEY, False) and sys.exception() is None:
            st.rerun()  # the page shows the merge, and what was overwritten
        return
    if not _put_back():
        st.session_state.pop(RERAN_KEY, None)
    elif sys.exception() is None and not st.session_state.get(RERAN_KEY):
        # Once: a page that changes the scan on every run would otherwise rerun for ever.
        st.session_state[RERAN_KEY] = True
        st.rerun()


# --- the edit log, and two sessions saving one scan (issue 23) ----------------------------------------


def _who(links: WorkspaceStore, key: str) -> str:
    """Who this session's changes are by, as the edit log says it."""
    consultant = signed_in_consultant()
    if consultant is not None:
        return consultant
    link_id = st.session_state.get(LINK_KEY)
    if not isinstance(link_id, int):
        return SELF_SCAN
    known = st.session_state.get(LABEL_KEY)
    if not (isinstance(known, tuple) and known[0] == link_id):
        found = next((link for link in links.list_links(key) if link.id == link_id), None)
        known = (link_id, "" if found is None else found.label)
        st.session_state[LABEL_KEY] = known
    return f"{VIA_LINK_LABEL}{known[1]}" if known[1] else VIA_LINK


def _write_logged(store: ScanStore, token: str, data: str) -> tuple[int, str] | None:
    """Save `data` with what it changes in the edit log, in one transaction; the new revision and
    the JSON saved. When another session saved in between (the stored revision is newer than the
    one this session's edits start from), this session's edits are put onto the stored scan
    (pia_core/scan/changes.py `merge`): both keep their changes; where both changed one field this
    save, the later, wins, and the session is told (CONFLICTS_KEY). None: a link's scan is gone."""
    links = workspace_of(store)
    base = st.session_state.get(BASE_KEY)
    if links is None or not isinstance(base, str):
        revision = _write(store, token, data)
        return None if revision is None else (revision, data)
    key = current_scan_key()
    assert key is not None
    who = _who(links, key)
    known = st.session_state.get(REVISION_KEY)
    expected = known if isinstance(known, int) else None
    base_doc: dict[str, Json] = json.loads(base)
    mine: dict[str, Json] = json.loads(data)
    latest, target, text = base_doc, mine, data
    for _ in range(MERGE_TRIES):
        try:
            revision = links.save_logged(
                key, text, for_log(latest, target, MAX_CHANGES_PER_SAVE), who, expected=expected
            )
        except StaleRevision:
            found = links.load_key(key)
            parsed = _parsed(found)
            if found is None or parsed is None:  # gone in between, or unreadable: this copy is saved
                expected = None if found is None else found.revision
                latest, target, text = base_doc, mine, data
                continue
            latest, expected = as_json(parsed[0]), found.revision
            merged, conflicts, left_out = merge(base_doc, mine, latest)
            if mine.get("current") in {item.get("id") for item in merged.get("activities", [])}:
                merged["current"] = mine["current"]  # the activity a session works on is its own
            text = dossier_to_json(Dossier.model_validate(merged), compact=True)
            target = json.loads(text)
            _note_merge(links, key, conflicts, left_out)
            continue
        if revision is None and not via_link():  # the store lost it (restored from a backup)
            expected, latest, target, text = None, base_doc, mine, data
            continue
        return None if revision is None else (revision, text)
    raise StoreUnavailable("the scan kept changing while this session saved it")


def _note_merge(
    links: WorkspaceStore, key: str, conflicts: list[tuple[Change, Change]], left_out: list[Change]
) -> None:
    """Remember what this save overwrites of the other session's, with who that was (from the
    log), for `_show_conflicts`; and say what could not be kept."""
    st.session_state[MERGED_KEY] = True
    language = assessment().language
    found: list[dict[str, str | None]] = []
    for mine, theirs in conflicts:
        entries = links.changes(key, mine.activity, field=mine.field, limit=1)
        who = entries[0].who if entries else ""
        found.append(
            {
                "activity": mine.activity,
                "field": mine.field,
                "mine": mine.new,
                "theirs": theirs.new,
                "who": who,
            }
        )
    earlier = st.session_state.get(CONFLICTS_KEY)
    kept = (
        [
            c
            for c in earlier
            if (c["activity"], c["field"]) not in {(f["activity"], f["field"]) for f in found}
        ]
        if isinstance(earlier, list)
        else []
    )
    st.session_state[CONFLICTS_KEY] = kept + found
    if left_out:
        entries = links.changes(key, left_out[0].activity, field="#activity", limit=1)
        who = _who_text(entries[0].who if entries else "", language)
        st.toast(tn("history.left_out", language, len(left_out), who=who), icon=":material/warning:")
    elif not conflicts:
        st.toast(t("history.merged", language), icon=":material/merge:")


def _who_text(who: str, language: Language) -> str:
    if who == SELF_SCAN:
        return t("history.who.self_scan", language)
    if who == VIA_LINK:
        return t("history.who.link", language)
    if who.startswith(VIA_LINK_LABEL):
        return t("history.who.link_label", language, label=who.removeprefix(VIA_LINK_LABEL))
    return who or t("history.who.unknown", language)


def _show_conflicts() -> None:
    """What this session's later save overwrote of another's: which field, whose, and a button to
    put theirs back (a new change, logged like any other) or keep this session's."""
    conflicts = st.session_state.get(CONFLICTS_KEY)
    if not isinstance(conflicts, list) or not conflicts or not can_edit():
        return
    language = assessment().language
    for n, item in enumerate(conflicts):
        who = _who_text(str(item["who"] or ""), language)
        st.warning(
            t(
                "history.conflict",
                language,
                field=field_text(str(item["field"]), language),
                who=who,
                their=value_text(str(item["field"]), item["theirs"], language),
                mine=value_text(str(item["field"]), item["mine"], language),
            ),
            icon=":material/merge:",
        )
        back, keep = st.columns(2)
        back.button(
            t("history.put_back", language, who=who),
            key=f"_history_back_{n}",
            on_click=_resolve,
            args=(n, True),
        )
        keep.button(t("history.keep", language), key=f"_history_keep_{n}", on_click=_resolve, args=(n, False))


def _resolve(index: int, put_back: bool) -> None:
    conflicts = st.session_state.get(CONFLICTS_KEY)
    if not isinstance(conflicts, list) or not 0 <= index < len(conflicts):
        return
    item = conflicts.pop(index)
    if not put_back or not can_edit():
        return
    change = Change(str(item["activity"]), str(item["field"]), item["mine"], item["theirs"])
    replace_dossier(_keep_session_view(apply(dossier(), [change]), settings=False))
    forget_widget_state()
    language = assessment().language
    st.toast(
        t("history.put_back_done", language, who=_who_text(str(item["who"] or ""), language)),
        icon=":material/undo:",
    )
