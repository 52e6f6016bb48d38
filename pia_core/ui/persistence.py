"""Autosave and resume: the scan outlives a reload, a dropped connection or a closed laptop.

Every run starts with `begin_run` and ends with `end_run` (pia_core/ui/app_shell.py):
- a new session takes the token from the URL (`?scan=...`) and loads that scan; a missing,
  malformed, unknown or expired token gives a fresh scan under a NEW token (never adopt a token
  nobody saved: a link crafted by someone else must not collect what this user types);
- an existing session picks up a newer revision another tab saved, unless this run brings its
  own change (then last write wins), and honours a delete done elsewhere;
- the assessment is saved at the end of the run (also when the page stops early) whenever its
  JSON differs from what was last saved (idle reruns write nothing): one serialisation and one
  hash per run, which also covers what the run's callbacks changed before the page drew;
- the token is put back into the URL, which page navigation clears;
- when the store cannot be reached (a database restart), the scan stays in the session: the
  user is told in their language, a notice retries every few seconds and on every run, and says
  so once everything is saved again. A link opened during the outage is neither replaced nor
  answered with an empty scan: the page asks to reload in a minute.
Nothing here logs a token or anything the user typed.
"""

from __future__ import annotations

import hashlib
import json
import logging

import streamlit as st

from pia_core.i18n import t
from pia_core.importing import MAX_FILE_LABEL, import_data
from pia_core.limits import new_scans
from pia_core.scan.dossier import Dossier
from pia_core.scan.serialization import AssessmentFileError, check_size, dossier_to_json
from pia_core.storage import (
    ScanStore,
    StoreUnavailable,
    is_valid_token,
    load_live,
    new_token,
    open_store,
    purge_expired,
)
from pia_core.ui.state import DOSSIER_KEY, assessment, content, dossier, replace_dossier
from pia_core.vocabulary import Language

TOKEN_PARAM = "scan"
TOKEN_KEY = "_scan_token"
SAVED_HASH_KEY = "_scan_saved_hash"
REVISION_KEY = "_scan_revision"
NOTICE_KEY = "_scan_notice"
UNSAVED_KEY = "_scan_unsaved"  # the last save failed: the session holds changes the store has not
HELD_KEY = "_scan_held"  # why a change is kept in the session only: too large, or the new-scan limit
RETRY_SECONDS = 5

log = logging.getLogger(__name__)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    return token if is_valid_token(token) else None


def _start(token: str, value: Dossier, revision: int | None) -> None:
    """Make `value` the session's scan under `token`, as stored at `revision` (None: not stored)."""
    replace_dossier(value)
    st.session_state[TOKEN_KEY] = token
    st.session_state[REVISION_KEY] = revision
    # A fresh scan counts as saved as it is, so an untouched scan is never written.
    st.session_state[SAVED_HASH_KEY] = _digest(dossier_to_json(value, compact=True))


def _from_store(store: ScanStore, token: str) -> tuple[Dossier, int] | None:
    found = load_live(store, token)
    if found is None:
        return None
    try:
        result = import_data(json.loads(found.data), content())
    except (AssessmentFileError, ValueError):
        # Written by a newer app or damaged: start afresh rather than show an error page.
        log.warning("a stored scan could not be read; starting a fresh scan")
        return None
    return result.dossier, found.revision


def _fresh(language: Language = "nl") -> Dossier:
    return Dossier(language=language)


def start_fresh(*, delete_current: bool) -> None:
    """A new, empty scan under a new token, in the current language; optionally erase the old one first."""
    old = current_token()
    if delete_current and old is not None:
        open_store().delete(old)
    language = assessment().language
    _start(new_token(), _fresh(language), None)


def _adopt_url_token(store: ScanStore) -> None:
    requested = st.query_params.get(TOKEN_PARAM)
    if is_valid_token(requested):
        assert requested is not None
        loaded = _from_store(store, requested)
        if loaded is not None:
            _start(requested, loaded[0], loaded[1])
            return
    _start(new_token(), _fresh(), None)


def _sync_with_store(store: ScanStore, token: str) -> None:
    """Another tab may have saved or deleted this scan since this session last looked."""
    known = st.session_state.get(REVISION_KEY)
    stored = store.revision(token)
    if stored == known:
        return
    if stored is None:
        if st.session_state.get(UNSAVED_KEY):
            return  # the store lost it while it could not save (restored from a backup): save this copy
        # Deleted elsewhere (or purged): never bring it back by saving this copy.
        language = assessment().language
        _start(new_token(), _fresh(language), None)
        st.session_state[NOTICE_KEY] = "scan.deleted_elsewhere"
        return
    unchanged_here = _digest(dossier_to_json(dossier(), compact=True)) == st.session_state.get(SAVED_HASH_KEY)
    if unchanged_here:
        loaded = _from_store(store, token)
        if loaded is not None:
            newer, revision = loaded
            mine = dossier().current
            if mine in newer.ids:
                # The activity a tab works on is its own: another tab's switch does not move it
                # (the stored choice is the last writer's, which a reload opens).
                newer.current = mine
            _start(token, newer, revision)
    # Changed here too: this run's change is the latest write and is saved over it.


def _client_address() -> str | None:
    """The user's address from the network (behind nginx: the one it forwarded); None on this
    machine (Streamlit gives None for loopback), which the per-address limit does not count."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else None


def save_if_changed(store: ScanStore | None = None) -> bool:
    """Save the scan if it changed since the last save; False also when the store cannot be reached
    (then the session keeps the change, says so, and the next run or the notice retries) and when
    the change is held: a scan grown past the file limit, or a new scan waiting for room under the
    per-address limit (pia_core/limits.py)."""
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
        revision = (store or open_store()).save(token, data)
    except StoreUnavailable:
        log.warning("autosave: the scan store cannot be reached; the change is kept and retried")
        if not st.session_state.get(UNSAVED_KEY):
            st.toast(t("scan.save_failed", assessment().language), icon=":material/cloud_off:")
        st.session_state[UNSAVED_KEY] = True
        return False
    if revision == 1 and address is not None:  # a new stored scan
        new_scans().count(address)
    st.session_state.pop(HELD_KEY, None)
    st.session_state[REVISION_KEY] = revision
    st.session_state[SAVED_HASH_KEY] = digest
    if st.session_state.pop(UNSAVED_KEY, False):
        st.toast(t("scan.save_restored", assessment().language), icon=":material/cloud_done:")
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


def begin_run() -> None:
    """Load or refresh the scan. Call before anything renders; `end_run` saves."""
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
    notice = st.session_state.pop(NOTICE_KEY, None)
    if isinstance(notice, str):
        st.toast(t(notice, assessment().language), icon=":material/info:")


def end_run() -> None:
    """Save what this run changed: its callbacks (before the page) and the page itself."""
    save_if_changed()
