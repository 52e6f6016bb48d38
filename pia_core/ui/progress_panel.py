"""The activity at an earlier moment, from the edit log (issue 23, item 4), and the summary's
"Voortgang": per step the score then and now, the level, critical points closed and new, actions
of the plan done since.

A moment is the state right after one save (every change one save made shares its revision and
time): the activity then is the current one with every later logged change of it put back
(pia_core/scan/changes.py `rebuild`). "The start of the history" is the state before the oldest
logged change (the scan as first saved, or the activity as it was created). Which moment the
summary compares with is chosen on the history page and kept in this session (per activity); the
oldest moment otherwise. The summary's PDF gets the same moment (`render_progress` returns it as a
`Since` for the worker: its section "Sinds de vorige scan") and the edit log of this activity and its
organisation for the scan file it carries (`pdf_history`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, cast

import streamlit as st

from pia_core.analysis.progress import Progress, Since, compare, level_word
from pia_core.analysis.projection import StepChange
from pia_core.charts import Datasets, TemplatedChart
from pia_core.content.loader import Catalogue
from pia_core.formatting import moment_text
from pia_core.i18n import t
from pia_core.scan.dossier import HistoryEntry
from pia_core.scan.model import Assessment
from pia_core.scan.moments import Moment, moments, scan_at
from pia_core.storage import StoreUnavailable
from pia_core.storage.edit_log import MAX_CHANGE_ROWS, LoggedChange
from pia_core.ui.chart_cache import show_chart
from pia_core.ui.navigation import HISTORY, page_of
from pia_core.ui.persistence import _who_text, current_scan_key, open_links, scan_is_stored
from pia_core.ui.presentation import is_on, show_table
from pia_core.ui.projection_panel import build_chart, chart_key
from pia_core.ui.scan_controls import exported
from pia_core.ui.state import assessment, cat, content, dossier, evaluation
from pia_core.vocabulary import Language
from pia_core.wording.progress import count_lines
from pia_core.wording.projection import score_text
from pia_core.wording.verdict import level_name

SINCE_KEY = "_progress_since"  # session only: activity id -> the chosen moment (a cut, below)
PANEL_KEY = "pia_progress"  # the summary's section: class st-key-pia_progress


# --- the log ----------------------------------------------------------------------------------------


def activity_log(activity: str | None = None) -> list[LoggedChange]:
    """The chosen activity's logged changes (or `activity`'s: "" the organisation-wide part),
    newest first (at most MAX_CHANGE_ROWS); none where the store keeps no log, the scan is not
    saved yet, or the store cannot be reached."""
    key = current_scan_key()
    if key is None or not scan_is_stored():
        return []
    try:
        links = open_links()
        if links is None:
            return []
        return links.changes(key, assessment().id if activity is None else activity, limit=MAX_CHANGE_ROWS)
    except (StoreUnavailable, ValueError):
        return []


def activity_at(entries: Sequence[LoggedChange], cut: int) -> Assessment:
    """The chosen activity with its organisation as both were at the moment: the organisation-wide
    answers (step 0: the FG, the register) count in the activity's score, so their changes since
    are undone too. Log ids grow across the whole scan, so "after the moment" is one cut for both."""
    return scan_at(dossier(), entries, activity_log(""), cut).assessment()


def moment_label(moment: Moment, entries: Sequence[LoggedChange], language: Language) -> str:
    if moment.entry is None:
        oldest = entries[-1].at if entries else None
        return t(
            "history.compare.start", language, when="" if oldest is None else moment_text(oldest, language)
        )
    return t(
        "history.compare.after",
        language,
        when=moment_text(moment.entry.at, language),
        who=_who_text(moment.entry.who, language),
    )


def moment_at(moment: Moment, entries: Sequence[LoggedChange]) -> dt.datetime:
    """The moment's time: its save's (the start: the oldest change's)."""
    return moment.entry.at if moment.entry is not None else entries[-1].at


def since_text(moment: Moment, entries: Sequence[LoggedChange], language: Language) -> str:
    """The moment as "Sinds …" says it: its time (the start: the oldest change's)."""
    return moment_text(moment_at(moment, entries), language)


def chosen_cut() -> int | None:
    found = st.session_state.get(SINCE_KEY)
    value = found.get(assessment().id) if isinstance(found, dict) else None
    return value if isinstance(value, int) else None


def choose_cut(cut: int) -> None:
    found = st.session_state.get(SINCE_KEY)
    chosen: dict[str, int] = cast(dict[str, int], found) if isinstance(found, dict) else {}
    chosen[assessment().id] = cut
    st.session_state[SINCE_KEY] = chosen


# --- the comparison -----------------------------------------------------------------------------


def _step_label(catalogue: Catalogue, number: int, lang: Language) -> str:
    return f"{number}. {catalogue.step(number).title(lang)}"


def _labels(lang: Language) -> tuple[str, str]:
    return t("history.progress.then_label", lang), t("history.progress.now_label", lang)


def chart_datasets(changes: Sequence[StepChange], catalogue: Catalogue, lang: Language) -> Datasets:
    """Two rows per step (then, now) and the level bands behind them: the projection chart's data."""
    then, now = _labels(lang)
    rows = []
    for change in changes:
        label = _step_label(catalogue, change.number, lang)
        for when, score in ((then, change.today), (now, change.planned)):
            rows.append({"step": label, "when": when, "score": score, "shown": score_text(score, lang)})
    levels = catalogue.scoring.levels
    bands = [
        {
            "from": level.min,
            "to": levels[i + 1].min if i + 1 < len(levels) else 100,
            "level": level.name[lang],
        }
        for i, level in enumerate(levels)
    ]
    return {"projection": rows, "bands": bands}


def progress_chart(progress: Progress, catalogue: Catalogue, lang: Language) -> TemplatedChart:
    """The projection panel's chart with "Toen" (grey) and "Nu" (blue) per step."""
    datasets = chart_datasets(progress.step_changes, catalogue, lang)
    moments_pair = _labels(lang)
    words = (t("history.progress.chart_title", lang), t("history.progress.chart_description", lang))
    return TemplatedChart(
        ("progress", chart_key(catalogue, lang), moments_pair, words),
        lambda: build_chart(catalogue, lang, datasets, moments_pair, words),
        datasets,
    )


def step_table(progress: Progress, catalogue: Catalogue, lang: Language) -> list[dict[str, object]]:
    then, now = _labels(lang)
    rows: list[dict[str, object]] = []
    for change in progress.step_changes:
        if change.today is None or change.planned is None:
            diff = ""
        else:
            diff = _delta(change.today, change.planned, lang) or ""
        rows.append(
            {
                t("report.column.step", lang): _step_label(catalogue, change.number, lang),
                then: score_text(change.today, lang),
                now: score_text(change.planned, lang),
                t("history.progress.change", lang): diff,
            }
        )
    return rows


def _delta(before: float | None, after: float | None, lang: Language) -> str | None:
    """The difference of the two scores as shown (whole numbers): "+3", or "gelijk"."""
    if before is None or after is None:
        return None
    diff = int(f"{after:.0f}") - int(f"{before:.0f}")
    return f"{diff:+d}" if diff else t("history.progress.unchanged", lang)


def render_numbers(progress: Progress, lang: Language) -> None:
    """Score, level and critical points now, each with its value then."""
    then, now = progress.then, progress.now
    score, level, critical = st.columns(3)
    delta = _delta(then.overall, now.overall, lang)
    moved = delta is not None and delta != t("history.progress.unchanged", lang)
    score.metric(
        t("history.progress.score", lang),
        score_text(now.overall, lang),
        delta=delta,
        delta_color="normal" if moved else "off",
        delta_arrow="auto" if moved else "off",
        delta_description=t("history.progress.was", lang, value=score_text(then.overall, lang)),
    )
    before_level, after_level = level_name(then, lang), level_name(now, lang)
    word = level_word(progress, cat().scoring.levels)
    level.metric(
        t("history.progress.level", lang),
        after_level,
        delta=t(f"history.progress.{word}", lang),
        delta_color="off" if word == "unchanged" else "normal",
        delta_arrow="off" if word == "unchanged" else ("up" if word == "better" else "down"),
        delta_description=t("history.progress.was", lang, value=before_level),
    )
    count_then, count_now = len(then.critical), len(now.critical)
    diff = count_now - count_then
    critical.metric(
        t("history.progress.critical", lang),
        str(count_now),
        delta=f"{diff:+d}" if diff else t("history.progress.unchanged", lang),
        delta_color="inverse" if diff else "off",  # fewer is better
        delta_arrow="auto" if diff else "off",
        delta_description=t("history.progress.was", lang, value=count_then),
    )
    lines = count_lines(progress, lang)
    if lines:
        st.markdown(" · ".join(lines))


def render_comparison(progress: Progress, lang: Language) -> None:
    """The numbers, the chart of then and now per step, and its table."""
    render_numbers(progress, lang)
    catalogue = cat()
    width: Literal["stretch", "content"] = "stretch" if is_on() else "content"
    show_chart(progress_chart(progress, catalogue, lang), width)
    st.caption(t("history.progress.chart_description", lang))
    show_table(step_table(progress, catalogue, lang), alt=t("history.progress.table_alt", lang))


def progress_since(entries: Sequence[LoggedChange], cut: int) -> Progress:
    return compare(activity_at(entries, cut), assessment(), content(), now_judged=evaluation())


def pdf_history() -> list[HistoryEntry]:
    """The edit log the PDF's attached scan file carries: the JSON download's (`exported`: none for
    a session that may not edit), this activity's and its organisation's entries only."""
    own = {"", assessment().id}
    return [entry for entry in exported(dossier()).history if entry.activity in own]


def render_progress(lang: Language) -> Since | None:
    """The summary's "Voortgang": since the moment chosen on the history page, else since the
    start of the history. Nothing where there is no history; where the outcome did not move, a
    line that says so. Returns the moment compared with, for the summary's PDF (None: no history).
    """
    entries = activity_log()
    if not entries:
        return None
    chosen = chosen_cut()
    found = moments(entries)
    moment = next((m for m in found if m.cut == chosen), found[-1])
    then = activity_at(entries, moment.cut)
    progress = compare(then, assessment(), content(), now_judged=evaluation())
    with st.container(key=PANEL_KEY):
        st.header(t("history.progress.heading", lang))
        when = since_text(moment, entries, lang)
        st.caption(t("history.progress.since", lang, when=when))
        if progress.changed:
            render_comparison(progress, lang)
        else:
            st.caption(t("history.progress.no_change", lang, when=when))
        st.page_link(
            page_of(HISTORY, lang), label=t("history.progress.history_link", lang), icon=HISTORY.icon
        )
    return Since(then, moment_at(moment, entries))
