"""Presentation mode for the consultant's hour: large type, a step bar, an agenda timer, private notes.

Everything is remembered in the scan (`assessment.presentation`, `assessment.consultant_notes`),
so the mode, the timer and the notes survive a reload like every answer does.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import streamlit as st

from pia_core.agenda import record, status
from pia_core.analysis.scoring import StepStatus
from pia_core.content.agenda import AgendaPlan
from pia_core.formatting import minutes_text
from pia_core.i18n import t
from pia_core.scan.model import TEXT_MAX, AgendaTimer
from pia_core.ui.navigation import FLOWS, START, STEP_COUNT, SUMMARY, step_page
from pia_core.ui.panels import panel
from pia_core.ui.state import assessment, bind, cat, content, lang, report
from pia_core.vocabulary import Language

CSS_PATH = Path(__file__).with_name("presentation.css")
CSS_MARKER = "pia-presentation-style"  # the <style> element's id: tests and the browser look for it
START_PART, FLOWS_PART, SUMMARY_PART = "start", "flows", "summary"

TICK_SECONDS = 15  # how often the agenda redraws itself between actions
# Seconds since the epoch; tests replace it to move time without sleeping.
clock: Callable[[], float] = time.time


CONSULTANT_VIEW_KEY = "_consultant_view"  # this browser session only: never in the scan or the URL


def is_on() -> bool:
    return assessment().presentation.enabled


def consultant_view() -> bool:
    """Whether the consultant's own things (agenda, notes) are shown. Off by default, so a client
    watching the shared screen sees them only when the consultant chooses to."""
    return is_on() and bool(st.session_state.get(CONSULTANT_VIEW_KEY))


@cache
def style_sheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


# -- agenda timer --------------------------------------------------------------------------------
def step_part(number: int) -> str:
    return START_PART if number == 0 else f"step_{number}"


def part_for_url(url_path: str) -> str:
    """The agenda part of a page, from its url path ("" is the default page: the start page)."""
    if url_path in ("", START.url):
        return START_PART
    if url_path == FLOWS.url:
        return FLOWS_PART
    if url_path == SUMMARY.url:
        return SUMMARY_PART
    for number in range(1, STEP_COUNT + 1):
        if url_path == step_page(number).url:
            return step_part(number)
    return url_path  # a page added later: its time counts, without a planned share


def pause(timer: AgendaTimer, now: float, plan: AgendaPlan) -> AgendaTimer:
    """Credit the time up to `now`, then stop: time while the mode is off counts nowhere."""
    credited = record(timer, timer.last_part or START_PART, now, plan)
    return credited.model_copy(update={"last_part": None, "last_seen": None})


def record_agenda(url_path: str) -> None:
    """Once per run, before the autosave: the time since the last action goes to where it was spent."""
    current = assessment()
    if not current.presentation.enabled:
        return
    part = part_for_url(url_path)
    current.presentation.timer = record(current.presentation.timer, part, clock(), content().agenda)


def _part_title(part: str, language: Language) -> str:
    if part == START_PART:
        return t("presentation.start_label", language)
    if part == FLOWS_PART:
        return t("presentation.flows_label", language)
    if part == SUMMARY_PART:
        return t("presentation.summary_label", language)
    if part.startswith("step_") and part[5:].isdigit():
        return t("presentation.step_of", language, number=int(part[5:]))
    return part


def _reset_timer() -> None:
    assessment().presentation.timer = AgendaTimer()


def live_timer(timer: AgendaTimer, plan: AgendaPlan) -> AgendaTimer:
    """The timer as it reads at this moment, for display: the running part's time so far included."""
    if timer.last_part is None:
        return timer
    return record(timer, timer.last_part, clock(), plan)


@st.fragment(run_every=TICK_SECONDS)
def render_agenda_lines() -> None:
    """Total against the session, this part against its plan; over time in words, not colour alone.

    Redrawn every few seconds while the consultant talks: it only reads the timer, so a tick is not
    an action and changes nothing that is saved.
    """
    language, plan = lang(), content().agenda
    timer = live_timer(assessment().presentation.timer, plan)
    part = timer.last_part or START_PART
    now = status(timer, part, plan)
    total = t(
        "presentation.agenda_total",
        language,
        spent=minutes_text(now.total_minutes, language),
        planned=plan.session_minutes,
    )
    if now.over_time:
        total = f":material/warning: **{t('presentation.over_time', language)}** · {total}"
    st.progress(min(now.total_minutes / plan.session_minutes, 1.0), text=total)
    if now.part_planned is None:
        line = t(
            "presentation.agenda_part_unplanned", language, spent=minutes_text(now.part_minutes, language)
        )
    else:
        line = t(
            "presentation.agenda_part",
            language,
            spent=minutes_text(now.part_minutes, language),
            planned=f"{now.part_planned:g}",
        )
        if now.part_over_time:
            line = f":material/warning: **{t('presentation.over_time', language)}** · {line}"
        else:
            line = f":material/schedule: {line} · {t('presentation.on_time', language)}"
    st.markdown(line)


def render_agenda() -> None:
    language, plan = lang(), content().agenda
    part = assessment().presentation.timer.last_part or START_PART
    st.markdown(
        f"**{t('presentation.agenda', language)}** · {_part_title(part, language)}",
        help=t(
            "presentation.agenda_help", language, session=plan.session_minutes, idle=f"{plan.idle_minutes:g}"
        ),
    )
    render_agenda_lines()
    st.button(
        t("presentation.agenda_reset", language),
        key="agenda_reset",
        on_click=_reset_timer,
        icon=":material/restart_alt:",
        type="tertiary",
    )


# -- the toggle and the style --------------------------------------------------------------------
def _write_enabled(value: bool | None) -> None:
    settings = assessment().presentation
    on = bool(value)
    if settings.enabled and not on:
        settings.timer = pause(settings.timer, clock(), content().agenda)
    settings.enabled = on


def render_toggle() -> None:
    language = lang()
    st.toggle(
        t("presentation.toggle", language),
        help=t("presentation.toggle_help", language),
        **bind("presentation_mode", is_on(), _write_enabled, own=True),
    )


def render_style() -> None:
    """The large-type style sheet, only in presentation mode (a <style> applies to the whole page)."""
    if is_on():
        st.markdown(f"<style id='{CSS_MARKER}'>{style_sheet()}</style>", unsafe_allow_html=True)


def render_agenda_panel() -> None:
    """The agenda in the sidebar, under the score and progress: in the consultant view only."""
    if consultant_view():
        render_agenda()


def _write_consultant_view(value: bool | None) -> None:
    st.session_state[CONSULTANT_VIEW_KEY] = bool(value)


def render_consultant_toggle() -> None:
    language = lang()
    st.toggle(
        t("presentation.consultant_view", language),
        help=t("presentation.consultant_view_help", language),
        **bind("consultant_view_toggle", consultant_view(), _write_consultant_view, own=True),
    )


def render_sidebar_controls() -> None:
    """Bottom of the sidebar: the mode's style sheet (when on), the toggle, the consultant view."""
    render_style()
    render_toggle()
    if is_on():
        render_consultant_toggle()


# -- tables -------------------------------------------------------------------------------------
_LIST_START = re.compile(r"^(\d+)\. ")


def _plain_cells(rows: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """st.table reads its cells as Markdown: "10. Verwijderen" would become a numbered list."""
    return [
        {
            key: _LIST_START.sub(r"\1\\. ", value) if isinstance(value, str) else value
            for key, value in row.items()
        }
        for row in rows
    ]


def show_table(rows: Sequence[Mapping[str, object]], alt: str) -> None:
    """A read-only table of rows (column name -> cell): an HTML table in presentation mode (its
    type grows with the page's, a canvas grid would not), the compact grid otherwise. No toolbar
    either way (see style.css). The grid gets an Arrow table: Streamlit sends it as it is, where
    a pandas frame is converted on every run (the summary draws four of these)."""
    if is_on():
        st.table(_plain_cells(rows), hide_index=True, alt=alt)
    else:
        table = pa.Table.from_pylist([dict(row) for row in rows])
        st.dataframe(table, hide_index=True, width="stretch", height="content", placeholder="", alt=alt)


# -- step bar ------------------------------------------------------------------------------------
def _current_box(label: str) -> None:
    # The current position is a box, not a link: bold and framed, so it does not rely on colour.
    st.markdown(f"<span class='pia-bar-current' aria-current='page'>{label}</span>", unsafe_allow_html=True)


def render_step_bar(part: str) -> None:
    """Jumps to the start, every step, the flows and the summary; the current one reads "Stap N van 10"."""
    if not is_on():
        return
    language, result = lang(), report()
    with st.container(horizontal=True, gap="small", key="pia_step_bar"):
        start_label = t("presentation.start_label", language)
        if part == START_PART:
            _current_box(start_label)
        else:
            st.page_link(START.path, label=start_label, icon=START.icon)
        for number in range(1, STEP_COUNT + 1):
            if part == step_part(number):
                _current_box(t("presentation.step_of", language, number=number))
                continue
            done = result.steps[number].status is StepStatus.COMPLETE
            st.page_link(
                step_page(number).path,
                label=str(number),
                icon=":material/check_circle:" if done else None,
                help=t(
                    "presentation.jump_help",
                    language,
                    number=number,
                    title=cat().step(number).title(language),
                )
                + (f" · {t('common.status.complete', language)}" if done else ""),
            )
        flows_label = t("presentation.flows_label", language)
        if part == FLOWS_PART:
            _current_box(flows_label)
        else:
            st.page_link(FLOWS.path, label=flows_label, icon=FLOWS.icon)
        summary_label = t("presentation.summary_label", language)
        if part == SUMMARY_PART:
            _current_box(summary_label)
        else:
            st.page_link(SUMMARY.path, label=summary_label, icon=SUMMARY.icon)


# -- consultant notes ----------------------------------------------------------------------------
def _write_include(value: bool | None) -> None:
    assessment().presentation.include_consultant_notes = bool(value)


def render_include_notes() -> None:
    """Whether the consultant's notes go into the PDF: in the consultant view, like the notes."""
    current = assessment()
    if not consultant_view():
        return
    language = lang()
    st.checkbox(
        t("presentation.include_notes", language),
        help=t("presentation.include_notes_help", language),
        **bind(
            "include_consultant_notes",
            current.presentation.include_consultant_notes,
            _write_include,
            own=True,
        ),
    )


def render_consultant_notes(step: int) -> None:
    """A folded box for the consultant's own notes on a step, in the consultant view only: the
    notes are kept in the scan, but a client watching the shared screen does not see them."""
    current = assessment()
    if not consultant_view():
        return
    language = lang()

    def write(text: str | None) -> None:
        assessment().set_consultant_note(step, text or "")

    with panel(t("presentation.notes_heading", language), f"notes_{step}", icon=":material/edit_note:"):
        st.text_area(
            t("presentation.notes_label", language),
            help=t("presentation.notes_help", language),
            max_chars=TEXT_MAX,
            **bind(f"consultant_notes_{step}", current.consultant_notes.get(step, ""), write),
        )
        render_include_notes()
