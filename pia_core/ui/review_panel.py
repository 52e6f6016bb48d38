"""The next review per processing activity (issue 23, item 5): on the overview, each activity's
review date with a badge (due soon, overdue), a date the user may change, and the date as a
calendar entry (.ics) to download, with the link to the scan only when the user ticks it.

The date proposed from the risk and the status are pia_core/analysis/review.py's; the calendar
file pia_core/exports/calendar.py's. A chosen date is kept per activity (ActivityScan.review_date).
"""

from __future__ import annotations

import datetime as dt
import functools
import json

import streamlit as st

from pia_core import media_types
from pia_core.analysis.organisation import ActivityResult, OrganisationResult, evaluate_organisation
from pia_core.analysis.review import (
    ReviewStatus,
    review_date,
    review_months,
    review_reason,
    review_status,
)
from pia_core.exports.calendar import review_ics, review_uid
from pia_core.formatting import date_text, download_name
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.serialization import AssessmentFileError, dossier_from_data
from pia_core.storage import StoreUnavailable, WorkspaceStore
from pia_core.ui.activities import plain
from pia_core.ui.downloads import download_button
from pia_core.ui.grant import can_edit
from pia_core.ui.persistence import current_scan_key, current_token
from pia_core.ui.share_panel import link_url
from pia_core.ui.state import DATE_FIELD, EVALUATION_KEY, assessment, bind, content, dossier
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name

CHOICE_KEY = "review_activity"
LINK_KEY = "review_include_link"
DATE_PREFIX = "review_date_"
# Badge colours: never colour alone, the word says it too.
BADGE = {ReviewStatus.OK: "green", ReviewStatus.DUE: "orange", ReviewStatus.OVERDUE: "red"}


def today() -> dt.date:
    """Today, where the app runs (a test replaces it)."""
    return dt.date.today()


def applied_date(item: ActivityResult, scan_date: dt.date) -> dt.date:
    """The activity's review date: the one chosen, else the one its risk proposes."""
    return review_date(item.assessment.review_date, item.evaluation, scan_date)


def status_badge(status: ReviewStatus, language: Language) -> str:
    return f":{BADGE[status]}-badge[{t(f'review.status.{status.value}', language)}]"


def _line(item: ActivityResult, scan_date: dt.date, now: dt.date, language: Language) -> str:
    day = applied_date(item, scan_date)
    name = plain(activity_name(item, language))
    return f"- **{name}**: {date_text(day, language)} {status_badge(review_status(day, now), language)}"


def _set_review_date(activity_id: str, value: dt.date | None) -> None:
    """Keep the chosen date on its activity (None: back to the proposal). The chosen activity is
    written through its view, which the dossier takes in on every read."""
    whole = dossier()
    if activity_id == whole.current:
        assessment().review_date = value
    else:
        whole.activity(activity_id).review_date = value
    st.session_state.pop(EVALUATION_KEY, None)


def _ics(item: ActivityResult, day: dt.date, scope: str, url: str | None, language: Language) -> bytes:
    name = activity_name(item, language)
    return review_ics(
        day=day,
        summary=t("review.ics.summary", language, activity=name),
        description=t("review.ics.description", language),
        reminder=t("review.ics.reminder", language, activity=name),
        uid=review_uid(scope, item.id, day),
        stamp=dt.datetime.now(dt.UTC),
        url=url,
        language=language,
    )


def _render_chosen(result: OrganisationResult, whole: Dossier, language: Language) -> None:
    ids = [item.id for item in result.activities]
    if st.session_state.get(CHOICE_KEY) not in ids:
        st.session_state[CHOICE_KEY] = whole.current if whole.current in ids else ids[0]
    chosen_id = st.selectbox(
        t("review.choose_label", language),
        ids,
        format_func=lambda i: activity_name(result.activity(i), language),
        key=CHOICE_KEY,
    )
    item = result.activity(chosen_id)
    day = applied_date(item, whole.date)
    chosen = item.assessment.review_date is not None
    if chosen:
        st.caption(t("review.chosen", language))
    else:
        reason = t(f"review.reason.{review_reason(item.evaluation).value}", language)
        st.caption(t("review.proposed", language, months=review_months(item.evaluation), reason=reason))
    when, reset = st.columns([2, 1], vertical_alignment="bottom")
    when.date_input(
        t("review.date_label", language),
        help=t("review.date_help", language),
        **DATE_FIELD,
        **bind(DATE_PREFIX + item.id, day, functools.partial(_set_review_date, item.id)),
    )
    if chosen:
        reset.button(
            t("review.reset", language),
            key="review_reset",
            on_click=_set_review_date,
            args=(item.id, None),
            disabled=not can_edit(),
        )
    token = current_token()
    include = token is not None and st.checkbox(
        t("review.include_link", language), help=t("review.include_link_help", language), key=LINK_KEY
    )
    scope = current_scan_key() or whole.organisation.name
    url = link_url(token) if include and token is not None else None
    download_button(
        t("review.download", language),
        functools.partial(_ics, item, day, scope, url, language),
        file_name=download_name(t("review.file_stem", language), activity_name(item, language), day, "ics"),
        mime=media_types.CALENDAR,
        slot="review_ics",
        help=t("review.download_help", language),
        icon=":material/event:",
    )


def render_reviews(result: OrganisationResult, whole: Dossier, language: Language) -> None:
    """Every activity's next review with its badge; the chosen one's date to change and download."""
    st.header(t("review.heading", language))
    st.caption(t("review.intro", language))
    now = today()
    with st.container(border=True, key="pia_overview_reviews"):
        st.markdown("\n".join(_line(item, whole.date, now, language) for item in result.activities))
        _render_chosen(result, whole, language)


# --- the workspace's dossier rows ------------------------------------------------------------------


@st.cache_data(max_entries=2000, show_spinner=False)
def _earliest_review(scan_key: str, updated: str, _store: WorkspaceStore) -> dt.date | None:
    """The earliest review date of a stored scan's activities; read and judged again only when the
    scan was saved since (`updated`). None: the scan is gone or cannot be read."""
    del updated  # the cache's key: a save makes a new entry
    try:
        found = _store.load_key(scan_key)
        if found is None:
            return None
        whole = dossier_from_data(json.loads(found.data), successors=content().catalogue.successors)
    except (StoreUnavailable, AssessmentFileError, ValueError):
        return None
    result = evaluate_organisation(whole, content())
    return min(applied_date(item, whole.date) for item in result.activities)


def next_review_text(store: WorkspaceStore, scan_key: str, updated: dt.datetime, language: Language) -> str:
    """A dossier row's next review: "15-06-2027 (te laat)"; "" where it cannot be told."""
    day = _earliest_review(scan_key, updated.isoformat(), store)
    if day is None:
        return ""
    status = t(f"review.status.{review_status(day, today()).value}", language)
    return f"{date_text(day, language)} ({status})"
