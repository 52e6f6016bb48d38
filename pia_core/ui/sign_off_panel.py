"""The sign-off block on the summary page: reviewer, the FG's advice, the decision, the date."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pia_core.i18n import t
from pia_core.scan.model import NAME_MAX, TEXT_MAX
from pia_core.ui.state import DATE_FIELD, assessment, bind


def _write(field: str) -> Callable[[object], None]:
    def write(value: object) -> None:
        setattr(assessment().sign_off, field, "" if value is None and field != "date" else value)

    return write


def render_sign_off() -> None:
    language = assessment().language
    current = assessment().sign_off
    st.header(t("sign_off.heading", language))
    st.caption(t("sign_off.intro", language))
    who, when = st.columns([2, 1])
    who.text_input(
        t("sign_off.reviewed_by", language),
        max_chars=NAME_MAX,
        **bind("sign_off_reviewed_by", current.reviewed_by, _write("reviewed_by")),
    )
    when.date_input(
        t("sign_off.date", language), **DATE_FIELD, **bind("sign_off_date", current.date, _write("date"))
    )
    st.text_area(
        t("sign_off.fg_advice", language),
        max_chars=TEXT_MAX,
        help=t("sign_off.fg_advice_help", language),
        **bind("sign_off_fg_advice", current.fg_advice, _write("fg_advice")),
    )
    st.text_area(
        t("sign_off.decision", language),
        max_chars=TEXT_MAX,
        help=t("sign_off.decision_help", language),
        **bind("sign_off_decision", current.decision, _write("decision")),
    )
