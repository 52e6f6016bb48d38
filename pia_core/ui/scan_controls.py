"""The user's control over the scan: download, open a file, start again, delete, and what is stored.

`render_scan_controls` shows it all in one expander (start page), with the share panel after it;
`render_export_import` is the download/open part alone for other pages (e.g. the summary).

A session that opened the scan through a read or comment link (pia_core/ui/grant.py) downloads it
but does not open a file into it, replace it or delete it: those controls are not shown, and their
callbacks refuse on the server all the same.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from pia_core import media_types
from pia_core.formatting import scan_file_name
from pia_core.i18n import t, texts
from pia_core.importing import MAX_FILE_LABEL, ImportResult, import_bytes, keep_session_settings
from pia_core.scan.dossier import Dossier, history_of, log_batches, with_history
from pia_core.scan.model import Presentation
from pia_core.scan.serialization import AssessmentFileError, dossier_to_json
from pia_core.storage import StoreUnavailable, retention_days
from pia_core.storage.edit_log import MAX_CHANGE_ROWS
from pia_core.storage.workspace import UnknownScan
from pia_core.ui.downloads import download_button
from pia_core.ui.grant import can_edit, can_share
from pia_core.ui.outcome import show_outcome
from pia_core.ui.panels import panel
from pia_core.ui.persistence import (
    REVISION_KEY,
    NotAllowed,
    current_scan_key,
    open_links,
    save_if_changed,
    scan_is_stored,
    start_fresh,
)
from pia_core.ui.share_panel import render_share_panel
from pia_core.ui.state import assessment, content, dossier, lang, replace_dossier
from pia_core.vocabulary import Language

PENDING_KEY = "_scan_import_pending"  # (file name, ImportResult) waiting for confirmation
ERROR_KEY = "_scan_import_error"  # (kind, detail) of the last failed file
SEEN_KEY = "_scan_import_seen"  # file_id of the upload already read, so reruns do not re-read it
UPLOADER_ROUND_KEY = "_scan_upload_round"  # bumped to empty the uploader after an import
# What the last action did: (text key, values, scan JSON right after it). Shown until the scan
# changes, not just once, so a rerun that interrupts the first one cannot swallow it.
MESSAGE_KEY = "_scan_message"
UNKNOWN_KEY = "_scan_import_unknown"  # (count, listed ids, scan JSON) left out of the last import
CONFIRM_NEW_KEY = "_scan_confirm_new"
SHOWN_IDS = 10  # unknown ids listed in the message; the count covers the rest
# The edit log in a downloaded file: the store's newest entries, as many as it gives in one read
# (and fewer where the file would grow past what an upload may be: `with_history`).
EXPORTED_CHANGES = MAX_CHANGE_ROWS
HISTORY_KEY = "_scan_export_history"  # (scan key, revision, entries): read again after a save only
FILE_TYPES = (".json", ".pdf")  # a saved scan, or a PDF report with the scan inside


def scan_content(current: Dossier) -> str:
    """The scan as the user made it, without the presentation timer (which ticks on every run in
    presentation mode): messages stay until the user changes something, not until the clock does."""
    return dossier_to_json(current.model_copy(update={"presentation": Presentation()}))


def _flash(key: str, *, failed: bool = False, **values: object) -> None:
    st.session_state[MESSAGE_KEY] = (key, values, failed, scan_content(dossier()))


def _still_current(stored: object) -> tuple[object, ...] | None:
    """The message in `stored` while the scan is as it was when the message was made."""
    if isinstance(stored, tuple) and stored[-1] == scan_content(dossier()):
        return stored
    return None


def _uploader_key() -> str:
    return f"scan_upload_{st.session_state.get(UPLOADER_ROUND_KEY, 0)}"


def _clear_upload() -> None:
    st.session_state[UPLOADER_ROUND_KEY] = st.session_state.get(UPLOADER_ROUND_KEY, 0) + 1
    st.session_state.pop(PENDING_KEY, None)
    st.session_state.pop(SEEN_KEY, None)


def _refuse() -> None:
    """A control this session's link does not give was used anyway (a crafted widget event)."""
    _clear_upload()
    st.session_state.pop(ERROR_KEY, None)
    st.session_state[CONFIRM_NEW_KEY] = False
    _flash("share.not_allowed", failed=True)


def _apply_import() -> None:
    if not can_edit():
        _refuse()
        return
    pending = st.session_state.get(PENDING_KEY)
    if not isinstance(pending, tuple):
        return
    result: ImportResult = pending[1]
    imported = keep_session_settings(result.dossier.model_copy(deep=True), assessment())
    replace_dossier(imported)  # autosave writes it under this scan's token at the end of the run
    _carry_history()
    _clear_upload()
    _flash("scan.import_done", answers=imported.answer_count)
    if result.dropped:
        ids = result.unknown_ids
        listed = ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
        st.session_state[UNKNOWN_KEY] = (result.dropped, listed, scan_content(imported))


def _carry_history() -> None:
    """An opened file's edit log goes into the store's log, and out of the scan: the store keeps it
    beside the scan from then on (deleted with it, exported with it). Oldest first, each entry with
    its own author and time; the revision is this scan's at the moment of the import. A scan not yet
    stored is saved first (its first save logs the opened file's fields, then the history follows).
    Where there is no log (a store without a workspace), or it cannot be written now, the history
    stays in the scan, so it is saved and downloaded with it and nothing is lost."""
    whole = dossier()
    entries = list(whole.history)
    if not entries:
        return
    try:
        links, key = open_links(), current_scan_key()
        if links is None or key is None:
            return
        whole.history = []
        if not scan_is_stored() and not save_if_changed():
            whole.history = entries
            return
        for who, when, changes in log_batches(entries):
            links.append_changes(key, changes, who or "?", now=when)
        st.session_state.pop(HISTORY_KEY, None)  # appended at the same revision: read the log again
    except (StoreUnavailable, UnknownScan, ValueError):
        whole.history = entries


def exported(current: Dossier) -> Dossier:
    """The scan as a downloaded file carries it: with its edit log, newest first (the store's newest
    EXPORTED_CHANGES entries, then any history the scan still holds from an opened file), so a scan
    moved to another server keeps its history. Only for a session that may edit the scan: the log
    names who changed what (e-mail addresses, link labels), which a read link need not give away."""
    if not can_edit():
        return current.model_copy(update={"history": []}) if current.history else current
    entries = list(current.history)
    key = current_scan_key()
    revision = st.session_state.get(REVISION_KEY)
    if key is not None and scan_is_stored():
        cached = st.session_state.get(HISTORY_KEY)
        if isinstance(cached, tuple) and cached[:2] == (key, revision):
            logged = cached[2]
        else:
            try:
                links = open_links()
                logged = [] if links is None else history_of(links.changes(key, limit=EXPORTED_CHANGES))
            except StoreUnavailable:
                logged = []
            st.session_state[HISTORY_KEY] = (key, revision, logged)
        entries = [*logged, *entries]
    return with_history(current, entries) if entries else current


def error_text(exc: AssessmentFileError, language: Language) -> str:
    """The user's-language sentence for a failed import."""
    key = f"scan.error.{exc.kind}"
    reason = t(key if key in _error_keys(language) else "scan.error.invalid", language, limit=MAX_FILE_LABEL)
    return t("scan.import_failed", language, reason=reason)


def _error_keys(language: Language) -> set[str]:
    return {key for key in texts()[language] if key.startswith("scan.error.")}


def _read_upload(language: Language) -> None:
    # Any file is taken and its type checked here: Streamlit's own refusal is a red mark with an
    # English reason ("text/plain files are not allowed") that only a hover shows.
    upload = st.file_uploader(
        t("scan.import_label", language),
        help=t("scan.import_help", language, limit=MAX_FILE_LABEL),
        key=_uploader_key(),
    )
    if upload is None:
        st.session_state.pop(ERROR_KEY, None)
        return
    if st.session_state.get(SEEN_KEY) == upload.file_id:
        return
    st.session_state[SEEN_KEY] = upload.file_id
    st.session_state.pop(PENDING_KEY, None)
    st.session_state.pop(ERROR_KEY, None)
    if not upload.name.lower().endswith(FILE_TYPES):
        st.session_state[ERROR_KEY] = ("wrong_type", upload.name)
        return
    try:
        result = import_bytes(upload.getvalue(), content())
    except AssessmentFileError as exc:
        st.session_state[ERROR_KEY] = (exc.kind, exc.detail)
        return
    st.session_state[PENDING_KEY] = (upload.name, result)


def _show_import_state(language: Language) -> None:
    failed = st.session_state.get(ERROR_KEY)
    if isinstance(failed, tuple):
        exc = AssessmentFileError(*failed)
        st.error(error_text(exc, language), icon=":material/error:")
        if exc.kind != "wrong_type":  # for the one who looks into it, folded: the reader's own words above
            with panel(t("scan.import_detail_heading", language), "import_detail"):
                st.caption(t("scan.import_detail", language, detail=exc.detail))
    pending = st.session_state.get(PENDING_KEY)
    if isinstance(pending, tuple):
        name, result = pending
        st.info(t("scan.import_ready", language, name=name, answers=result.dossier.answer_count))
        col_ok, col_cancel = st.columns(2)
        col_ok.button(
            t("scan.import_confirm", language),
            type="primary",
            on_click=_apply_import,
            key="scan_import_confirm",
        )
        col_cancel.button(t("scan.import_cancel", language), on_click=_clear_upload, key="scan_import_cancel")


def show_scan_messages(language: Language) -> None:
    """What the last import, new scan or delete did (outside any expander, so it is seen)."""
    message = _still_current(st.session_state.get(MESSAGE_KEY))
    if message is None:
        st.session_state.pop(MESSAGE_KEY, None)
    else:
        key, values, failed, _ = message
        assert isinstance(key, str) and isinstance(values, dict)
        show_outcome(
            key, values, bool(failed), language, icons=(":material/check_circle:", ":material/cloud_off:")
        )
    unknown = _still_current(st.session_state.get(UNKNOWN_KEY))
    if unknown is None:
        st.session_state.pop(UNKNOWN_KEY, None)
    else:
        count, ids, _ = unknown
        st.warning(t("scan.import_unknown", language, count=count, ids=ids), icon=":material/info:")


def _json_bytes(snapshot: Dossier) -> bytes:
    return dossier_to_json(snapshot).encode("utf-8")


def render_export_import(*, show_messages: bool = True) -> None:
    """Download the scan as JSON; open a JSON or PDF file (after confirmation)."""
    language = lang()
    if show_messages:
        show_scan_messages(language)
    download_button(  # for every role: reading includes taking a copy
        t("scan.export_button", language),
        functools.partial(_json_bytes, exported(dossier())),  # built now (a light file), no snapshot needed
        file_name=scan_file_name("json", assessment().organisation.name, dt.date.today(), language),
        mime=media_types.JSON,
        slot="json",
        help=t("scan.export_help", language),
        icon=":material/download:",
    )
    if can_edit():
        _read_upload(language)
        _show_import_state(language)


def _confirm_new(value: bool) -> None:
    st.session_state[CONFIRM_NEW_KEY] = value


def _new_scan() -> None:
    st.session_state[CONFIRM_NEW_KEY] = False
    try:
        start_fresh(delete_current=False)
    except NotAllowed:
        _refuse()
        return
    _clear_upload()
    _flash("scan.new_done")


def _delete_scan() -> None:
    try:
        start_fresh(delete_current=True)
    except NotAllowed:
        _refuse()
        return
    except StoreUnavailable:
        # Not erased, so not claimed to be: the scan stays on screen and under its link.
        _flash("scan.delete_failed", failed=True)
        return
    _clear_upload()
    _flash("scan.delete_done")


def render_new_scan(language: Language) -> None:
    if not can_edit():
        return
    st.markdown(f"**{t('scan.new_heading', language)}**")
    if not st.session_state.get(CONFIRM_NEW_KEY):
        st.button(
            t("scan.new_button", language),
            help=t("scan.new_help", language),
            icon=":material/restart_alt:",
            on_click=_confirm_new,
            args=(True,),
            key="scan_new",
        )
        return
    st.warning(t("scan.new_confirm_text", language, days=retention_days()), icon=":material/warning:")
    col_yes, col_no = st.columns(2)
    col_yes.button(t("scan.new_confirm", language), type="primary", on_click=_new_scan, key="scan_new_yes")
    col_no.button(t("scan.new_cancel", language), on_click=_confirm_new, args=(False,), key="scan_new_no")


def render_privacy(language: Language) -> None:
    st.markdown(f"**{t('scan.privacy_heading', language)}**")
    st.markdown(t("scan.privacy", language, days=retention_days()))
    if not can_share():
        return
    st.button(
        t("scan.delete_button", language),
        help=t("scan.delete_help", language),
        icon=":material/delete_forever:",
        on_click=_delete_scan,
        key="scan_delete",
    )


def render_scan_controls() -> None:
    """Everything about keeping the scan, in one expander (open while something needs attention)."""
    language = lang()
    busy = any(k in st.session_state for k in (PENDING_KEY, ERROR_KEY)) or bool(
        st.session_state.get(CONFIRM_NEW_KEY)
    )
    show_scan_messages(language)
    with st.expander(t("scan.section_title", language), icon=":material/save:", expanded=busy):
        st.caption(t("scan.autosave" if can_edit() else "share.controls_read", language))
        st.markdown(f"**{t('scan.export_heading', language)}**")
        render_export_import(show_messages=False)
        st.divider()
        if can_edit():
            render_new_scan(language)
            st.divider()
        render_privacy(language)
    render_share_panel()
