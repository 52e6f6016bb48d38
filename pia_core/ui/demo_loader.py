"""Load an example assessment in one click (start page): for the consultant's first minutes.

A demo replaces the scan in the session the way an opened file does (pia_core/ui/scan_controls.py):
read through the same importer, the UI language and the presentation settings (mode, agenda timer)
kept, `replace_dossier`, and autosave writes it
under this session's token at the end of the run. A scan with anything in it is only replaced after
the user confirms.

Only a session that may edit sees it; the callbacks refuse for a read or comment link all the same
(a widget event can be sent without the widget on screen).
"""

from __future__ import annotations

import streamlit as st

from pia_core.content.demos import Demo, find_demo
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.importing import keep_session_settings
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import AssessmentFileError
from pia_core.ui.grant import can_edit
from pia_core.ui.navigation import SUMMARY
from pia_core.ui.scan_controls import MESSAGE_KEY, error_text, scan_content
from pia_core.ui.state import assessment, content, dossier, lang, replace_dossier
from pia_core.vocabulary import Language

PENDING_KEY = "_demo_pending"  # id of the demo waiting for confirmation
ERROR_KEY = "_demo_error"  # (kind, detail) of a demo file that could not be read
DEMOS_PER_ROW = 2
LOADED_KEY = "_demo_loaded"  # scan JSON right after loading: the summary link shows until it changes


def has_content(whole: Dossier) -> bool:
    """Whether replacing the scan would lose something the user entered."""
    if len(whole.activities) > 1 or whole.answers or whole.notes:
        return True
    return _activity_has_content(whole.assessment())


def _activity_has_content(current: Assessment) -> bool:
    return bool(
        current.answers
        or current.notes
        or current.flows
        or current.actions
        or current.organisation.name.strip()
        or current.activity.name.strip()
    )


def _load(demo_id: str) -> None:
    st.session_state.pop(PENDING_KEY, None)
    st.session_state.pop(ERROR_KEY, None)
    if not can_edit():
        return
    try:
        result = load_demo(demo_id, content())
    except AssessmentFileError as exc:
        st.session_state[ERROR_KEY] = (exc.kind, exc.detail)
        return
    loaded = keep_session_settings(result.dossier.model_copy(deep=True), assessment())
    replace_dossier(loaded)  # autosave writes it under this scan's token at the end of the run
    saved = scan_content(loaded)
    # The scan controls show this message (above them) until the scan changes, as after an import.
    st.session_state[MESSAGE_KEY] = ("demo.loaded", {"name": loaded.organisation.name}, False, saved)
    st.session_state[LOADED_KEY] = saved


def _request(demo_id: str) -> None:
    if not can_edit():
        return
    if has_content(dossier()):
        st.session_state[PENDING_KEY] = demo_id
        st.session_state.pop(ERROR_KEY, None)
    else:
        _load(demo_id)


def _cancel() -> None:
    st.session_state.pop(PENDING_KEY, None)


def _pending() -> Demo | None:
    demo_id = st.session_state.get(PENDING_KEY)
    if not isinstance(demo_id, str):
        return None
    try:
        return find_demo(demo_id, content().demos)
    except KeyError:
        st.session_state.pop(PENDING_KEY, None)
        return None


def _confirm(item: Demo, language: Language) -> None:
    st.warning(t("demo.confirm_text", language, title=item.title[language]), icon=":material/warning:")
    col_yes, col_no = st.columns(2)
    col_yes.button(
        t("demo.confirm", language), type="primary", on_click=_load, args=(item.id,), key="demo_confirm"
    )
    col_no.button(t("demo.cancel", language), on_click=_cancel, key="demo_cancel")


def render_demo_loader() -> None:
    """A small section: one button per demo, a confirmation when a scan would be replaced."""
    if not can_edit():
        return
    language = lang()
    with st.container(border=True):
        st.markdown(f"**{t('demo.heading', language)}**")
        st.caption(t("demo.intro", language))
        items = content().demos
        # Two side by side: four columns cut "Gemeente: alle verwerkingen" short at 1280 px.
        for start in range(0, len(items), DEMOS_PER_ROW):
            row = items[start : start + DEMOS_PER_ROW]
            for column, item in zip(st.columns(DEMOS_PER_ROW), row, strict=False):
                column.button(
                    item.title[language],
                    on_click=_request,
                    args=(item.id,),
                    key=f"demo_load_{item.id}",
                    width="stretch",
                )
                column.caption(item.description[language])
        pending = _pending()
        if pending is not None:
            _confirm(pending, language)
        failed = st.session_state.get(ERROR_KEY)
        if isinstance(failed, tuple):
            st.error(error_text(AssessmentFileError(*failed), language), icon=":material/error:")
        if st.session_state.get(LOADED_KEY) == scan_content(dossier()):
            st.page_link(SUMMARY.path, label=t("demo.to_summary", language), icon=":material/summarize:")
        else:
            st.session_state.pop(LOADED_KEY, None)
