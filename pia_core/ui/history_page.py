"""Geschiedenis (issue 23, item 3): the chosen activity's logged changes, newest first, with who
and when; filters by step, person and period; revert one change, or restore the whole activity as
it was after a change; and a comparison with a moment (pia_core/ui/progress_panel.py).

Reverting and restoring never touch the log: they change the session's scan (the field put back
through pia_core/scan/changes.py `apply`, or the activity `rebuild` at the moment), and the run's
normal save logs that as new changes, by this session's person. A session that may not edit sees
the timeline; its buttons are disabled, and the callbacks refuse on the server all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from pia_core.formatting import DATE_WIDGET_FORMAT, local_moment, moment_text
from pia_core.i18n import t, tn
from pia_core.scan.changes import (
    FLOWS,
    apply,
    as_json,
    diff,
    logged,
    parse_field,
    rebuild,
    revert,
    revertible,
)
from pia_core.scan.moments import START, cut_of, later, moments
from pia_core.storage.edit_log import MAX_CHANGE_ROWS, LoggedChange
from pia_core.ui.activities import forget_widget_state
from pia_core.ui.change_words import field_text, short, step_of, value_text
from pia_core.ui.flows_page import WIDE_PAGE_CSS
from pia_core.ui.grant import can_edit
from pia_core.ui.persistence import _who_text, current_scan_key, open_links, save_if_changed, scan_is_stored
from pia_core.ui.presentation import is_on, show_table
from pia_core.ui.progress_panel import (
    activity_log,
    choose_cut,
    chosen_cut,
    moment_label,
    progress_since,
    render_comparison,
)
from pia_core.ui.rescan import render_file_compare, render_rescan
from pia_core.ui.state import assessment, dossier, lang, replace_dossier
from pia_core.vocabulary import Language

PAGE_SIZE = 100
STEP_FILTER, PERSON_FILTER, DATE_FILTER = "history_step", "history_person", "history_dates"
PAGE_CHOICE, ENTRY_CHOICE, MOMENT_CHOICE = "history_page", "history_entry", "history_moment"
MESSAGE_KEY = "_history_message"  # (text, ok) of the last revert or restore, shown once
FLOWS_SECTION, OTHER_SECTION = "flows", "other"
WIDGETS = ("history_",)  # kept when the scan changes under the page (forget_widget_state)


def who_text(who: str, language: Language) -> str:
    return _who_text(who, language)


# --- where a change belongs ---------------------------------------------------------------------


def section_of(field: str) -> str:
    """Where a change belongs, for the step filter: a step's number, "flows" or "other"."""
    path = parse_field(field)
    head = path[0]
    if head in ("answers", "na_reasons") and len(path) == 2:
        step = step_of(path[1])
        return OTHER_SECTION if step is None else str(step)
    if head in ("notes", "consultant_notes") and len(path) == 2 and path[1].isdigit():
        return path[1]
    if head == "actions" and len(path) >= 2:
        finding = path[1]
        if finding.startswith("flow:"):
            return FLOWS_SECTION
        step = step_of(finding.removeprefix("check:"))
        return OTHER_SECTION if step is None else str(step)
    if head == FLOWS:
        return FLOWS_SECTION
    return OTHER_SECTION


def section_text(section: str, language: Language) -> str:
    if section.isdigit():
        return t("history.section.step", language, step=section)
    return t(f"history.section.{section}", language)


def local_day(moment: dt.datetime) -> dt.date:
    """The entry's day on the Dutch clock (as its time is shown)."""
    return local_moment(moment).date()


# --- the timeline ---------------------------------------------------------------------------------


def filtered(entries: Sequence[LoggedChange]) -> list[LoggedChange]:
    """The entries the filters let through (step, person, period)."""
    step = st.session_state.get(STEP_FILTER)
    person = st.session_state.get(PERSON_FILTER)
    period = st.session_state.get(DATE_FILTER)
    first = last = None
    if isinstance(period, tuple | list) and period:
        first = period[0]
        last = period[1] if len(period) > 1 else period[0]
    out = []
    for entry in entries:
        if step and section_of(entry.change.field) != step:
            continue
        if person and entry.who != person:
            continue
        if first is not None and last is not None and not first <= local_day(entry.at) <= last:
            continue
        out.append(entry)
    return out


def render_filters(entries: Sequence[LoggedChange], language: Language) -> None:
    sections = sorted(
        {section_of(entry.change.field) for entry in entries},
        key=lambda s: (0, int(s)) if s.isdigit() else (1 if s == FLOWS_SECTION else 2, 0),
    )
    people = sorted({entry.who for entry in entries})
    for key, options in ((STEP_FILTER, sections), (PERSON_FILTER, people)):
        if st.session_state.get(key) not in (None, *options):
            st.session_state[key] = None  # a choice the log no longer holds (another activity)
    step_box, person_box, dates_box = st.columns(3)
    step_box.selectbox(
        t("history.filter.step", language),
        sections,
        key=STEP_FILTER,
        index=None,
        format_func=lambda s: section_text(s, language),
        placeholder=t("history.filter.all_steps", language),
    )
    person_box.selectbox(
        t("history.filter.person", language),
        people,
        key=PERSON_FILTER,
        index=None,
        format_func=lambda who: who_text(who, language),
        placeholder=t("history.filter.all_people", language),
    )
    dates_box.date_input(
        t("history.filter.dates", language),
        value=[],
        key=DATE_FILTER,
        format=DATE_WIDGET_FORMAT,
        help=t("history.filter.dates_help", language),
    )


def _rows(entries: Sequence[LoggedChange], language: Language) -> list[dict[str, object]]:
    return [
        {
            t("history.column.when", language): moment_text(entry.at, language),
            t("history.column.who", language): who_text(entry.who, language),
            t("history.column.what", language): short(
                field_text(entry.change.field, language, entry.change.old, entry.change.new), 70
            ),
            t("history.column.old", language): value_text(entry.change.field, entry.change.old, language),
            t("history.column.new", language): value_text(entry.change.field, entry.change.new, language),
            t("history.filter.step", language): section_text(section_of(entry.change.field), language),
        }
        for entry in entries
    ]


def page_of_entries(entries: Sequence[LoggedChange], language: Language) -> list[LoggedChange]:
    """The page chosen (100 per page), with the choice when there is more than one."""
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    if st.session_state.get(PAGE_CHOICE) not in range(pages):
        st.session_state[PAGE_CHOICE] = 0
    if pages > 1:
        st.selectbox(
            t("history.page", language),
            list(range(pages)),
            key=PAGE_CHOICE,
            format_func=lambda n: t(
                "history.page_range",
                language,
                first=n * PAGE_SIZE + 1,
                last=min(len(entries), (n + 1) * PAGE_SIZE),
                count=len(entries),
            ),
        )
    start = int(st.session_state.get(PAGE_CHOICE) or 0) * PAGE_SIZE
    return list(entries[start : start + PAGE_SIZE])


# --- revert and restore (callbacks: before the page, saved at the end of the run) --------------------


def _say(text: str, ok: bool = True) -> None:
    st.session_state[MESSAGE_KEY] = (text, ok)


def _entry(entry_id: int) -> tuple[LoggedChange | None, list[LoggedChange]]:
    entries = activity_log()
    return next((e for e in entries if e.id == entry_id), None), entries


def on_revert(entry_id: int) -> None:
    language = lang()
    if not can_edit():  # refused here, whatever the browser sent
        _say(t("history.not_allowed", language), ok=False)
        return
    entry, _ = _entry(entry_id)
    if entry is None:
        return
    if not revertible(entry.change):
        _say(t("history.not_revertible", language), ok=False)
        return
    whole = dossier()
    change = revert(as_json(whole), entry.change)
    replace_dossier(apply(whole, [change]))
    forget_widget_state(keep=WIDGETS)
    save_if_changed()  # now, so the timeline this run draws holds the new entry (else: at the run's end)
    _say(t("history.reverted", language, what=field_text(entry.change.field, language, entry.change.old)))


def on_restore(entry_id: int) -> None:
    language = lang()
    if not can_edit():
        _say(t("history.not_allowed", language), ok=False)
        return
    entry, entries = _entry(entry_id)
    if entry is None:
        return
    undone = later(entries, cut_of(entry, entries))
    whole = dossier()
    rebuilt = rebuild(whole, [e.change for e in undone])
    count = len([change for change in diff(whole, rebuilt) if logged(change)])
    if not count:
        _say(t("history.nothing_to_restore", language))
        return
    replace_dossier(rebuilt)
    forget_widget_state(keep=WIDGETS)
    save_if_changed()
    _say(tn("history.restored", language, count, when=moment_text(entry.at, language)))


def render_actions(shown: Sequence[LoggedChange], language: Language) -> None:
    """Choose one change of the page; revert it, or restore the activity as it was after it."""
    st.subheader(t("history.act_heading", language))
    ids = [entry.id for entry in shown]
    if st.session_state.get(ENTRY_CHOICE) not in ids:
        st.session_state[ENTRY_CHOICE] = ids[0]
    by_id = {entry.id: entry for entry in shown}
    st.selectbox(
        t("history.choose", language),
        ids,
        key=ENTRY_CHOICE,
        format_func=lambda i: " · ".join(
            (
                moment_text(by_id[i].at, language),
                who_text(by_id[i].who, language),
                field_text(by_id[i].change.field, language, by_id[i].change.old, by_id[i].change.new),
            )
        ),
    )
    chosen = by_id[int(st.session_state[ENTRY_CHOICE])]
    editor = can_edit()
    if not editor:
        st.caption(t("history.not_allowed", language))
    elif not revertible(chosen.change):
        st.caption(t("history.not_revertible", language))
    with st.container(horizontal=True):
        st.button(
            t("history.revert", language),
            key="history_revert",
            on_click=on_revert,
            args=(chosen.id,),
            disabled=not editor or not revertible(chosen.change),
            help=t("history.revert_help", language),
            icon=":material/undo:",
        )
        st.button(
            t("history.restore", language),
            key="history_restore",
            on_click=on_restore,
            args=(chosen.id,),
            disabled=not editor,
            help=t("history.restore_help", language),
            icon=":material/restore:",
        )


def _on_moment() -> None:
    value = st.session_state.get(MOMENT_CHOICE)
    if isinstance(value, int):
        choose_cut(value)


def render_compare(entries: Sequence[LoggedChange], language: Language) -> None:
    """Pick a moment: the activity then beside now (and the summary's "Voortgang" since then)."""
    st.header(t("history.compare.heading", language))
    st.caption(t("history.compare.intro", language))
    found = moments(entries)
    cuts = [moment.cut for moment in found]
    by_cut = {moment.cut: moment for moment in found}
    chosen = chosen_cut()
    wanted = chosen if chosen in cuts else START
    if st.session_state.get(MOMENT_CHOICE) != wanted:
        st.session_state[MOMENT_CHOICE] = wanted
    st.selectbox(
        t("history.compare.choose", language),
        cuts,
        key=MOMENT_CHOICE,
        format_func=lambda cut: moment_label(by_cut[cut], entries, language),
        on_change=_on_moment,
    )
    render_comparison(progress_since(entries, int(st.session_state[MOMENT_CHOICE])), language)


def render_history() -> None:
    language = lang()
    if not is_on():  # the timeline's columns need the room; presentation mode is wide already
        st.html(WIDE_PAGE_CSS)
    st.title(t("history.heading", language, name=assessment().activity.name or t("history.empty", language)))
    st.caption(t("history.intro", language))
    message = st.session_state.pop(MESSAGE_KEY, None)
    if isinstance(message, tuple):
        (st.success if message[1] else st.warning)(message[0])
    render_timeline(language)
    render_file_compare(language)  # an earlier scan's file beside this one (pia_core/ui/rescan.py)
    render_rescan(language)  # "Nieuwe jaarscan": the next scan as a copy of this one


def render_timeline(language: Language) -> None:
    """The log, its filters, revert and restore, and the compare with a moment (where there is a log)."""
    if current_scan_key() is None or not scan_is_stored():
        st.info(t("history.not_stored", language), icon=":material/history:")
        return
    if open_links() is None:
        st.info(t("history.no_log", language), icon=":material/history:")
        return
    entries = activity_log()
    if not entries:
        st.info(t("history.none", language), icon=":material/history:")
        return
    if len(entries) >= MAX_CHANGE_ROWS:
        st.caption(t("history.truncated", language, count=MAX_CHANGE_ROWS))
    render_filters(entries, language)
    chosen = filtered(entries)
    if not chosen:
        st.info(t("history.none_filtered", language), icon=":material/filter_alt_off:")
    else:
        shown = page_of_entries(chosen, language)
        show_table(_rows(shown, language), alt=t("history.table_alt", language))
        render_actions(shown, language)
    render_compare(entries, language)
