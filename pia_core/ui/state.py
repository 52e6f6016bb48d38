"""The scan in session state: the dossier, and the assessment of its chosen activity.

Every widget works on the assessment (the chosen activity seen with its organisation): widgets
are seeded from it on every run and write back in `on_change`, so a value survives pages where
its widget is not rendered (Streamlit deletes such widget state). `dossier()` takes the
assessment's changes back into the dossier before anyone reads the dossier (autosave, the
overview, the register, switching activity), so the two never disagree when read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.scoring import ScoreReport
from pia_core.content.bundle import Content, shipped_content
from pia_core.content.loader import Catalogue
from pia_core.formatting import DATE_WIDGET_FORMAT
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Assessment
from pia_core.ui.grant import can_edit
from pia_core.vocabulary import Language

ASSESSMENT_KEY = "assessment"
DOSSIER_KEY = "dossier"
EVALUATION_KEY = "_evaluation"
# The flows table's "remove these" choice: cleared when the activity changes (activities.py).
FLOWS_REMOVE_KEY = "flows_remove_choice"


def _session_dossier() -> Dossier:
    current = st.session_state.get(DOSSIER_KEY)
    if not isinstance(current, Dossier):
        current = Dossier()
        st.session_state[DOSSIER_KEY] = current
        st.session_state.pop(ASSESSMENT_KEY, None)
    return current


def assessment() -> Assessment:
    """The chosen activity with its organisation: what the pages read and change."""
    current = st.session_state.get(ASSESSMENT_KEY)
    if not isinstance(current, Assessment):
        current = _session_dossier().assessment()
        st.session_state[ASSESSMENT_KEY] = current
    return current


def dossier() -> Dossier:
    """The whole scan, with the chosen activity's latest changes taken in."""
    whole = _session_dossier()
    view = st.session_state.get(ASSESSMENT_KEY)
    if isinstance(view, Assessment):
        whole.absorb(view)
    return whole


def replace_dossier(new: Dossier) -> None:
    """A different scan (opened, loaded from the store, a demo, a fresh one)."""
    st.session_state[DOSSIER_KEY] = new
    st.session_state[ASSESSMENT_KEY] = new.assessment()
    st.session_state.pop(EVALUATION_KEY, None)


def lang() -> Language:
    return assessment().language


def content() -> Content:
    """The app's content, built once per process and shared by every session: the pages' one way
    to it (every analysis, report and export below is handed it). One cache, `shipped_content`'s,
    not also `st.cache_resource`: the command line and the PDF workers build it the same way, and
    a test that changes the branding clears the one cache."""
    return shipped_content()


def cat() -> Catalogue:
    return content().catalogue


def refresh_evaluation() -> Evaluation:
    """Judge once per run, after the callbacks changed the assessment and before anything renders:
    every part of the page then shows the same score, level and counts."""
    result = evaluate(assessment(), content())
    st.session_state[EVALUATION_KEY] = result
    return result


def evaluation() -> Evaluation:
    current = st.session_state.get(EVALUATION_KEY)
    return current if isinstance(current, Evaluation) else refresh_evaluation()


def report() -> ScoreReport:
    """The numbers of this run's evaluation."""
    return evaluation().score


def seed(key: str, value: Any) -> None:
    """Put the model's value into the widget's state before the widget is created."""
    if st.session_state.get(key, object()) != value:
        st.session_state[key] = value


def bind(key: str, value: Any, write: Callable[[Any], None], *, own: bool = False) -> dict[str, Any]:
    """Seed widget `key` with `value`; return the kwargs that write changes back.

    A widget of the scan is disabled for a session that may not edit it (a read or comment link):
    a courtesy only, the store refuses their changes anyway (persistence.save_if_changed). `own`:
    the session's own setting (language, presentation mode, the chosen activity), never saved
    for such a session and always free to change.
    """
    seed(key, value)

    def on_change() -> None:
        write(st.session_state[key])
        # The scan changed: judge it again when something next asks (app.py does at the start of
        # every run; a run of the page alone, as AppTest does, asks lazily).
        st.session_state.pop(EVALUATION_KEY, None)

    kwargs: dict[str, Any] = {"key": key, "on_change": on_change}
    if not own and not can_edit():
        kwargs["disabled"] = True
    return kwargs


# Every date field: Dutch day-month-year order, and a range that rules out typing accidents.
DATE_FIELD: dict[str, Any] = {
    "format": DATE_WIDGET_FORMAT,
    "min_value": dt.date(2000, 1, 1),
    "max_value": dt.date(2100, 12, 31),
}
