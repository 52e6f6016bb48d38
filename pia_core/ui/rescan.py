"""The next scan, and a comparison with an earlier scan's file (issue 23, items 4 and 5).

"Nieuwe jaarscan": an editor starts the next scan as a copy of this one, so the organisation only
answers what changed. The copy is a NEW stored scan under a new token (its own link, shown to copy,
as a new scan has): the same answers, notes, N.v.t. reasons, flows and action plan; dated today;
the sign-off and the review dates cleared (the date is proposed again from the risk); no history
(the log stays with the old scan). The copy's first save logs nothing, so "the start of the
history" of the new scan is the copy as made: the moment-compare and the summary's "Voortgang"
measure this year's changes against last year's answers. The old scan is saved as it was and left
alone. A session that may not edit cannot (checked in the callback, on the server).

"Vergelijk met een eerdere scan": upload last year's scan (JSON, or the PDF report with its attached
scan: `import_bytes`), pick the matching activity (the one with the same id, else chosen) and see
the same then/now comparison as the moment-compare (`compare`, `render_comparison`). Nothing of the
upload is stored: the parsed file is kept in this session only, until another file replaces it.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pia_core.analysis.progress import compare
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.importing import ImportResult, import_bytes
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import AgendaTimer, SignOff
from pia_core.scan.serialization import AssessmentFileError, dossier_to_json
from pia_core.ui.activities import forget_widget_state
from pia_core.ui.grant import can_edit
from pia_core.ui.persistence import (
    BASE_KEY,
    UNSAVED_KEY,
    NotAllowed,
    current_token,
    save_if_changed,
    start_fresh,
)
from pia_core.ui.progress_panel import render_comparison
from pia_core.ui.scan_controls import FILE_TYPES, error_text
from pia_core.ui.share_panel import link_url
from pia_core.ui.state import assessment, content, dossier, evaluation, replace_dossier
from pia_core.vocabulary import Language

RESCAN_BUTTON = "rescan_start"
CONFIRM_KEY = "_rescan_confirm"
DONE_KEY = "_rescan_done"  # (token of the new scan, date of the old one, saved) after a re-scan
REFUSED_KEY = "_rescan_refused"  # why a re-scan was refused (a text key): shown once
UPLOAD_ROUND_KEY = "_rescan_upload_round"
READ_KEY = "_rescan_read"  # (file id, ImportResult | (kind, detail)): the upload, parsed once
ACTIVITY_CHOICE = "rescan_activity"


# --- the next scan ------------------------------------------------------------------------------------


def next_scan(current: Dossier, today: dt.date) -> Dossier:
    """A copy of `current` to start the next scan from: the answers, notes, flows and action plan
    kept; dated `today`; sign-off and review dates cleared; no history; the agenda timer reset."""
    copy = current.model_copy(deep=True)
    copy.date = today
    copy.history = []
    copy.presentation = copy.presentation.model_copy(update={"timer": AgendaTimer()})
    for item in copy.activities:
        item.sign_off = SignOff()
        item.review_date = None  # proposed again from the risk (pia_core/analysis/review.py)
    return copy


def on_rescan() -> None:
    """Save this scan as it is, then open a copy of it as a new scan and store that at once."""
    st.session_state[CONFIRM_KEY] = False
    if not can_edit():  # refused here, whatever the browser sent
        st.session_state[REFUSED_KEY] = "history.rescan.not_allowed"
        return
    save_if_changed()  # the old scan keeps what was typed last
    if st.session_state.get(UNSAVED_KEY):  # the store is out of reach: not now (nothing is lost)
        st.session_state[REFUSED_KEY] = "history.rescan.store_down"
        return
    source = dossier()
    copy = next_scan(source, dt.date.today())
    try:
        start_fresh(delete_current=False)
    except NotAllowed:
        st.session_state[REFUSED_KEY] = "history.rescan.not_allowed"
        return
    replace_dossier(copy)
    # Its edits are measured from the copy: the first save logs nothing, the history starts empty.
    st.session_state[BASE_KEY] = dossier_to_json(copy, compact=True)
    saved = save_if_changed()
    forget_widget_state()
    st.session_state[DONE_KEY] = (current_token(), source.date, saved)


def _ask(value: bool) -> None:
    st.session_state[CONFIRM_KEY] = value


def _show_done(language: Language) -> None:
    done = st.session_state.get(DONE_KEY)
    if not isinstance(done, tuple):
        return
    token, copied_from, saved = done
    if token != current_token():  # another scan since: the message was about that one
        st.session_state.pop(DONE_KEY, None)
        return
    st.success(t("history.rescan.done", language, date=date_text(copied_from, language)))
    if not saved:
        st.warning(t("history.rescan.not_saved", language), icon=":material/hourglass_top:")
    st.markdown(t("history.rescan.link_label", language))
    st.code(link_url(token), language=None, wrap_lines=True)  # with Streamlit's own copy button


def render_rescan(language: Language) -> None:
    """The section "Nieuwe jaarscan": the button, a confirmation, and what happened."""
    st.header(t("history.rescan.heading", language))
    st.caption(t("history.rescan.intro", language))
    refused = st.session_state.pop(REFUSED_KEY, None)
    if isinstance(refused, str):
        st.warning(t(refused, language), icon=":material/block:")
    _show_done(language)
    if not can_edit():
        st.caption(t("history.rescan.not_allowed", language))
        # Disabled; a click sent anyway (a crafted request) reaches the callback, which refuses.
        st.button(t("history.rescan.button", language), key=RESCAN_BUTTON, disabled=True, on_click=on_rescan)
        return
    if not st.session_state.get(CONFIRM_KEY):
        st.button(
            t("history.rescan.button", language),
            key=RESCAN_BUTTON,
            on_click=_ask,
            args=(True,),
            help=t("history.rescan.help", language),
            icon=":material/content_copy:",
        )
        return
    st.info(
        t("history.rescan.confirm_text", language, date=date_text(dt.date.today(), language)),
        icon=":material/content_copy:",
    )
    with st.container(horizontal=True):
        st.button(t("history.rescan.confirm", language), type="primary", key="rescan_yes", on_click=on_rescan)
        st.button(t("history.rescan.cancel", language), key="rescan_no", on_click=_ask, args=(False,))


# --- compare with an earlier scan's file ------------------------------------------------------------------


def _uploader_key() -> str:
    return f"rescan_upload_{st.session_state.get(UPLOAD_ROUND_KEY, 0)}"


def _read(name: str, file_id: str, raw: bytes) -> ImportResult | AssessmentFileError:
    """The upload parsed (once per file: kept in the session, never in the store)."""
    found = st.session_state.get(READ_KEY)
    if isinstance(found, tuple) and found[0] == file_id:
        kept = found[1]
        return kept if isinstance(kept, ImportResult) else AssessmentFileError(*kept)
    result: ImportResult | AssessmentFileError
    if not name.lower().endswith(FILE_TYPES):
        result = AssessmentFileError("wrong_type", name)
    else:
        try:
            result = import_bytes(raw, content())
        except AssessmentFileError as exc:
            result = exc
    kept_value = result if isinstance(result, ImportResult) else (result.kind, result.detail)
    st.session_state[READ_KEY] = (file_id, kept_value)
    return result


def matching_activity(previous: Dossier, current_id: str) -> str:
    """The earlier file's activity to compare with: the same id, else the file's own choice."""
    if current_id in previous.ids:
        return current_id
    return previous.activity().id


def render_file_compare(language: Language) -> None:
    """Upload an earlier scan; this activity now beside its activity then."""
    st.header(t("history.file.heading", language))
    st.caption(t("history.file.intro", language))
    upload = st.file_uploader(t("history.file.label", language), key=_uploader_key())
    if upload is None:
        st.session_state.pop(READ_KEY, None)
        st.session_state.pop(ACTIVITY_CHOICE, None)
        return
    found = _read(upload.name, upload.file_id, upload.getvalue())
    if isinstance(found, AssessmentFileError):
        st.error(error_text(found, language), icon=":material/error:")  # "... niet veranderd."
        return
    previous = found.dossier
    ids = previous.ids
    if st.session_state.get(ACTIVITY_CHOICE) not in ids:
        st.session_state[ACTIVITY_CHOICE] = matching_activity(previous, assessment().id)
    names = {item.id: item.activity.name or item.id for item in previous.activities}
    if len(ids) > 1:
        st.selectbox(
            t("history.file.choose", language),
            ids,
            key=ACTIVITY_CHOICE,
            format_func=lambda i: names[i],
            help=t("history.file.choose_help", language),
        )
    chosen = str(st.session_state[ACTIVITY_CHOICE])
    then = previous.assessment(chosen)
    st.caption(t("history.file.since", language, name=names[chosen], date=date_text(previous.date, language)))
    progress = compare(then, assessment(), content(), now_judged=evaluation())
    if progress.changed:
        render_comparison(progress, language)
    else:
        st.caption(t("history.file.no_change", language))
