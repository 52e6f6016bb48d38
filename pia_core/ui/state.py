"""The assessment in session state: the single source of truth for every widget.

Widgets are seeded from the assessment on every run and write back in `on_change`, so a
value survives pages where its widget is not rendered (Streamlit deletes such widget state).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.scoring import ScoreReport
from pia_core.content.loader import Catalogue, catalogue
from pia_core.scan.model import Assessment, Language

ASSESSMENT_KEY = "assessment"
EVALUATION_KEY = "_evaluation"


def assessment() -> Assessment:
    current = st.session_state.get(ASSESSMENT_KEY)
    if not isinstance(current, Assessment):
        current = Assessment()
        st.session_state[ASSESSMENT_KEY] = current
    return current


def replace_assessment(new: Assessment) -> None:
    st.session_state[ASSESSMENT_KEY] = new


def lang() -> Language:
    return assessment().language


def cat() -> Catalogue:
    return catalogue()


def refresh_evaluation() -> Evaluation:
    """Judge once per run, after the callbacks changed the assessment and before anything renders:
    every part of the page then shows the same score, level and counts."""
    result = evaluate(assessment(), catalogue())
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


def bind(key: str, value: Any, write: Callable[[Any], None]) -> dict[str, Any]:
    """Seed widget `key` with `value`; return the kwargs that write changes back."""
    seed(key, value)

    def on_change() -> None:
        write(st.session_state[key])
        # The scan changed: judge it again when something next asks (app.py does at the start of
        # every run; a run of the page alone, as AppTest does, asks lazily).
        st.session_state.pop(EVALUATION_KEY, None)

    return {"key": key, "on_change": on_change}


# Every date field: Dutch day-month-year order, and a range that rules out typing accidents.
DATE_FIELD: dict[str, Any] = {
    "format": "DD-MM-YYYY",
    "min_value": dt.date(2000, 1, 1),
    "max_value": dt.date(2100, 12, 31),
}
