"""The register of processing activities (AVG art. 30(1)): the table for every activity of the
dossier, a form per activity to complete it (its fields drawn once its panel is opened), the
organisation's contact details, and downloads.

The chosen activity is edited through the assessment view (state.assessment()), the others
through the dossier: the view is absorbed into the dossier whenever the dossier is read, so an
edit of the chosen activity made on the dossier would be overwritten by the view.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from pia_core import media_types
from pia_core.content.loader import ContentError
from pia_core.exports.register import (
    field_cell,
    register_csv,
    register_file_name,
    register_xlsx,
)
from pia_core.exports.spreadsheet import MISSING_FILL
from pia_core.i18n import t, tn
from pia_core.scan.model import CONTACT_MAX, NAME_MAX, TEXT_MAX
from pia_core.ui.downloads import download_button
from pia_core.ui.flows_page import WIDE_PAGE_CSS
from pia_core.ui.panels import panel
from pia_core.ui.presentation import is_on
from pia_core.ui.state import assessment, bind, content, dossier, lang
from pia_core.vocabulary import Language
from pia_core.wording.register import (
    CONTROLLER,
    ENTRY_KEYS,
    Origin,
    RegisterField,
    RegisterRow,
    register_rows,
)

CELL_CHARS = 160  # the table is the overview: a cell shows this much; the form below shows it all
ROW_HEIGHT = 80  # px: room for CELL_CHARS wrapped in a large column (the grid wraps tall rows)
SIDE_BY_SIDE = 2  # activities the table shows without scrolling sideways on a laptop screen


# -- the table -----------------------------------------------------------------------------------
def _short(text: str) -> str:
    """The start of a text for the overview, one line per paragraph joined by a dot."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    clean = " · ".join(line for line in lines if line)  # the grid shows a line break as a space
    return clean if len(clean) <= CELL_CHARS else clean[: CELL_CHARS - 1].rstrip() + "…"


def _part_label(item: RegisterField, language: Language) -> str:
    name = t(f"register.field.{item.key}.short", language)
    return f"{item.letter}) {name} ({item.reference})"


def _grid(rows: list[RegisterRow], language: Language) -> tuple[list[str], list[list[str]], list[list[bool]]]:
    """Parts of art. 30(1) down, one column per activity (numbered: names need not be unique):
    the column names, the cells, and which cells are still to complete (amber; words say so too)."""
    part = t("register.column.part", language)
    columns = [part, *(f"{n}. {row.activity}" for n, row in enumerate(rows, start=1))]
    cells = [[field_cell(item, language) for item in row.fields] for row in rows]
    records: list[list[str]] = []
    marks: list[list[bool]] = []
    for index, item in enumerate(rows[0].fields if rows else ()):
        records.append([_part_label(item, language), *(_short(c[index].text) for c in cells)])
        marks.append([False, *(c[index].to_complete for c in cells)])
    records.append(
        [
            t("register.column.missing", language),
            *(
                tn("register.open", language, len(row.incomplete))
                if row.incomplete
                else t("register.all_complete", language)
                for row in rows
            ),
        ]
    )
    marks.append([False, *(bool(row.incomplete) for row in rows)])
    return columns, records, marks


def _styled(rows: list[RegisterRow], language: Language) -> Any:
    columns, records, marks = _grid(rows, language)
    frame = pd.DataFrame(records, columns=columns)
    shading = pd.DataFrame(
        [[f"background-color: #{MISSING_FILL}" if mark else "" for mark in row] for row in marks],
        columns=columns,
    )
    return frame.style.apply(lambda _: shading, axis=None)


def html_table(rows: list[RegisterRow], language: Language) -> str:
    """The register as an HTML table for presentation mode, whose type grows with the page's (the
    canvas grid's does not). Every cell is escaped: a user's text is shown, never applied."""
    columns, records, marks = _grid(rows, language)
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in columns)
    body = []
    for record, mark in zip(records, marks, strict=True):
        cells = [f'<th scope="row">{escape(record[0])}</th>']
        for text, to_complete in zip(record[1:], mark[1:], strict=True):
            shade = f' style="background-color: #{MISSING_FILL}"' if to_complete else ""
            cells.append(f"<td{shade}>{escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    caption = escape(t("register.table_alt", language))
    return (
        # A region that scrolls sideways is reachable and scrollable by keyboard too (WCAG 2.1.1).
        f'<div class="pia-register" tabindex="0" role="region" aria-label="{caption}">'
        f"<table><caption>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def render_table(rows: list[RegisterRow], language: Language) -> None:
    st.header(t("register.table_heading", language))
    open_parts = sum(len(row.incomplete) for row in rows)
    if open_parts:
        st.warning(tn("register.open", language, open_parts), icon=":material/edit_note:")
    else:
        st.success(t("register.all_complete", language), icon=":material/check_circle:")
    if is_on():
        st.html(html_table(rows, language))
        if len(rows) > SIDE_BY_SIDE:
            st.caption(t("register.scroll_hint", language))
        return
    styled = _styled(rows, language)
    columns = list(styled.data.columns)
    # A canvas grid, not st.table: st.table renders cell text as Markdown, so a user's text could
    # show links or load images from other hosts.
    config = {
        name: st.column_config.TextColumn(width="medium" if i == 0 else "large")
        for i, name in enumerate(columns)
    }
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height="content",
        row_height=ROW_HEIGHT,
        column_config=config,
        placeholder="",
        alt=t("register.table_alt", language),
    )
    if len(rows) > SIDE_BY_SIDE:
        st.caption(t("register.scroll_hint", language))


# -- the organisation ----------------------------------------------------------------------------
def _organisation_writer(field: str) -> Callable[[object], None]:
    def write(value: object) -> None:
        setattr(assessment().organisation, field, str(value or ""))

    return write


def render_organisation(language: Language) -> None:
    """Part (a): shared by every activity, so it lives on the organisation (through the view)."""
    org = assessment().organisation
    st.header(t("register.organisation_heading", language))
    st.caption(t("register.organisation_help", language))
    left, right = st.columns(2)
    left.text_input(
        t("register.org_name", language),
        max_chars=NAME_MAX,
        **bind("register_org_name", org.name, _organisation_writer("name")),
    )
    right.text_input(
        t("register.org_contact", language),
        max_chars=CONTACT_MAX,
        help=t("register.org_contact_help", language),
        **bind("register_org_contact", org.contact, _organisation_writer("contact")),
    )
    left.text_input(
        t("register.fg_name", language),
        max_chars=NAME_MAX,
        help=t("register.fg_help", language),
        **bind("register_fg_name", org.fg_name, _organisation_writer("fg_name")),
    )
    right.text_input(
        t("register.fg_contact", language),
        max_chars=CONTACT_MAX,
        help=t("register.fg_help", language),
        **bind("register_fg_contact", org.fg_contact, _organisation_writer("fg_contact")),
    )


# -- a form per activity -------------------------------------------------------------------------
def _entry_writer(activity_id: str, key: str, limit: int = TEXT_MAX) -> Callable[[object], None]:
    def write(value: object) -> None:
        view = assessment()
        # The chosen activity through its view (the dossier would be overwritten by it), the
        # others in the dossier itself.
        target = view if view.id == activity_id else dossier().activity(activity_id)
        setattr(target.register_entry, key, str(value or "")[:limit])

    return write


def _status_line(item: RegisterField, language: Language) -> str | None:
    what = "; ".join(item.missing)
    if item.origin is Origin.MISSING:
        return t("register.now.missing", language, what=what)
    lines = []
    if item.origin is Origin.SCAN:
        lines.append(t("register.now.scan", language, sources="; ".join(item.sources)))
    else:
        lines.append(t("register.now.own", language))
    if what:
        lines.append(t("register.now.partly", language, what=what))
    return "  \n".join(lines) or None


def render_joint_controller(row: RegisterRow, language: Language) -> None:
    """Part (a) of this activity: the organisation that decides on it together with this one."""
    entry = dossier().activity(row.activity_id).register_entry  # dossier(): the view taken in first
    st.text_input(
        t("register.joint_label", language),
        max_chars=CONTACT_MAX,
        help=t("register.joint_help", language),
        **bind(
            f"register_{row.activity_id}_joint_controller",
            entry.joint_controller,
            _entry_writer(row.activity_id, "joint_controller", CONTACT_MAX),
        ),
    )
    asked = t("register.controller.joint_missing", language)
    if asked in row.field(CONTROLLER).missing:
        st.caption(t("register.now.missing", language, what=asked))


def render_activity_form(row: RegisterRow, language: Language) -> None:
    status = (
        tn("register.open", language, len(row.incomplete))
        if row.incomplete
        else t("register.expander_complete", language)
    )
    # The status stands beside the panel, not in its title: a changed title would be a new panel,
    # folded again after every field filled in (pia_core/ui/panels.py).
    st.caption(t("register.expander", language, name=row.activity, status=status))
    form = panel(row.activity, f"register_{row.activity_id}")
    if not form.open:
        # Its fields are drawn once it is opened (that reruns the page). Every widget costs each
        # run time in proportion to all widgets on the page: 200 activities' 1,600 fields made a
        # run take seconds of the server, while nobody edits more than a few at once.
        return
    with form:
        render_joint_controller(row, language)
        for key in ENTRY_KEYS:
            item = row.field(key)
            label = t(
                "register.column.field",
                language,
                letter=item.letter,
                name=t(f"register.field.{key}.name", language),
                reference=item.reference,
            )
            st.text_area(
                label,
                max_chars=TEXT_MAX,
                help=t(f"register.field.{key}.help", language),
                # What the register says now, the user's text or else the scan's, ready to edit: a
                # change becomes the user's text; emptied, the field shows the scan's text again.
                **bind(
                    f"register_{row.activity_id}_{key}",
                    item.text[:TEXT_MAX],
                    _entry_writer(row.activity_id, key),
                ),
            )
            line = _status_line(item, language)
            if line:
                st.caption(line)


# -- downloads -----------------------------------------------------------------------------------
def render_downloads(rows: list[RegisterRow], language: Language) -> None:
    st.header(t("register.downloads", language))
    whole = dossier()
    name, day = whole.organisation.name, whole.date
    with st.container(horizontal=True):
        download_button(
            t("register.download_xlsx", language),
            functools.partial(register_xlsx, rows, language, content()),
            file_name=register_file_name(name, day, language, "xlsx"),
            mime=media_types.XLSX,
            slot="register_xlsx",
            icon=":material/table_view:",
            type="primary",
        )
        download_button(
            t("register.download_csv", language),
            functools.partial(register_csv, rows, language, content()),
            file_name=register_file_name(name, day, language, "csv"),
            mime=media_types.CSV,
            slot="register_csv",
            icon=":material/table:",
        )
    st.caption(t("register.download_help", language))


def render_register() -> None:
    language = lang()
    if not is_on():  # nine columns need the room; presentation mode is wide already
        st.html(WIDE_PAGE_CSS)
    st.title(t("register.title", language))
    st.markdown(t("register.intro", language))
    st.caption(t("register.small_organisations", language))
    try:
        rows = register_rows(dossier(), language, content())
    except ContentError as exc:  # a broken content/register.yaml: say which field, keep the app running
        st.error(t("register.content_error", language), icon=":material/error:")
        st.code(str(exc), language=None, wrap_lines=True)
        return
    render_table(rows, language)
    render_organisation(language)
    st.header(t("register.edit_heading", language))
    st.caption(t("register.edit_intro", language))
    for row in rows:
        render_activity_form(row, language)
    render_downloads(rows, language)
