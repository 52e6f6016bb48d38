"""Summary page: score and level, critical points, what to do first, charts, the action plan, downloads."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from pia_core import media_types
from pia_core.analysis.action_plan import ActionRow, action_rows
from pia_core.analysis.evaluation import Evaluation, precedents_of
from pia_core.analysis.findings import TOP_ACTIONS, Finding
from pia_core.analysis.progress import Since
from pia_core.analysis.scoring import ScoreReport
from pia_core.charts import risk_cell_rows, risk_heatmap, step_score_rows, step_scores
from pia_core.formatting import DATE_WIDGET_FORMAT, date_text, scan_file_name
from pia_core.i18n import t
from pia_core.pdf_pool import activity_pdf
from pia_core.scan.model import NAME_MAX, Assessment
from pia_core.ui.chart_cache import show_chart
from pia_core.ui.comments import pdf_comments, render_action_comments, render_open_comments, render_pdf_choice
from pia_core.ui.downloads import download_button
from pia_core.ui.flows_page import WIDE_PAGE_CSS, render_savings
from pia_core.ui.handover import render_handover
from pia_core.ui.model_dpia_download import render_model_dpia_download
from pia_core.ui.navigation import FLOWS, START, step_page
from pia_core.ui.panels import panel
from pia_core.ui.presentation import SUMMARY_PART, is_on, render_include_notes, render_step_bar, show_table
from pia_core.ui.progress_panel import pdf_history, render_progress
from pia_core.ui.projection_panel import planned_ids, render_projection
from pia_core.ui.scan_controls import render_export_import
from pia_core.ui.scan_mode import render_full_scan_prompt
from pia_core.ui.scoreboard import verdict_badge
from pia_core.ui.screening_panel import current_result, render_companions, render_verdict
from pia_core.ui.share_panel import render_share_panel
from pia_core.ui.sign_off_panel import render_sign_off
from pia_core.ui.state import assessment, cat, content, evaluation, lang
from pia_core.ui.word_download import render_word_download
from pia_core.vocabulary import Language
from pia_core.wording.action_plan import action_plan_csv
from pia_core.wording.verdict import format_score, place_label, precedent_text, reason_lines

OWNER, DUE = "owner", "due"


def _step_label(row: ActionRow | Finding, language: Language) -> str:
    finding_id = row.finding_id if isinstance(row, ActionRow) else row.id
    return place_label(finding_id, row.step, language)


def render_overview(judged: Evaluation, language: Language) -> None:
    result = judged.score
    left, right = st.columns([1, 2])
    left.metric(t("report.overall_score", language), format_score(result.overall, language))
    with right:
        st.markdown(
            f"**{t('report.level', language)}:** {verdict_badge(judged, language)}",
            unsafe_allow_html=True,
        )
        if judged.level is not None:
            st.caption(judged.level.meaning[language])
    for line in reason_lines(judged, language):
        st.markdown(f"**{line}**")
    if judged.critical:
        st.caption(t("verdict.critical_explain", language))
    if judged.open_critical:
        st.caption(t("verdict.provisional_explain", language))
    st.caption(t("report.answered", language, answered=result.answered, applicable=result.applicable))


def _plain(text: str) -> str:
    """Content text inside markdown: characters markdown would read as markup are shown as they are."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|~" else c for c in text)


def render_critical(judged: Evaluation, language: Language) -> None:
    """The critical points, each with up to two published decisions on the same duty."""
    critical = judged.critical
    if not critical:
        return
    lines = [f"**{t('report.critical_heading', language, count=len(critical))}**  "]
    lines.append(t("report.critical_intro", language))
    for finding in critical:
        parts = [
            f"**{t('report.critical', language)}**",
            _step_label(finding, language),
            finding.title[language],
        ]
        lines.append("- " + " · ".join(part for part in parts if part))
        shown = precedents_of(judged, finding.id, content().precedents)
        if shown:
            lines.append(f"    - *{t('precedent.heading', language)}*")
        for precedent in shown:
            # A link the reader may follow: the page itself loads nothing from the authority's site.
            source = f"[{_plain(precedent.reference)}]({precedent.url})"
            lines.append(f"        - {_plain(precedent_text(precedent, language))} ({source})")
    st.error("\n".join(lines), icon=":material/error:")


def render_top_actions(rows: list[ActionRow], language: Language) -> None:
    st.subheader(t("report.top_actions", language))
    if not rows:
        st.caption(t("report.no_actions", language))
        return
    lines = []
    for row in rows[:TOP_ACTIONS]:
        meta = [_step_label(row, language), row.risk]
        if row.critical:
            meta.append(f"**{t('report.critical', language)}**")
        lines.append(f"{row.priority}. {row.action}  \n   :gray[{' · '.join(m for m in meta if m)}]")
    st.markdown("\n".join(lines))


def render_charts(result: ScoreReport, found: list[Finding], language: Language) -> None:
    catalogue, rules = cat(), content().risk
    st.header(t("report.charts_heading", language))
    # As defined (theme=None, its own size): the same chart as in the PDF. Its Vega-Lite
    # description is the accessible name.
    width: Literal["stretch", "content"] = "stretch" if is_on() else "content"  # presentation: the column
    score_rows = step_score_rows(result, catalogue, language)
    show_chart(step_scores(result, catalogue, language), width)
    st.caption(t("report.chart_steps_description", language))
    steps = [
        {
            t("report.column.step", language): r.label,
            t("report.column.score", language): format_score(r.score, language),
            t("report.level", language): r.level,
        }
        for r in score_rows
    ]
    show_table(steps, alt=t("report.chart_steps_description", language))
    # Side by side on a laptop; one under the other on a shared screen, where the table's larger
    # type would not fit a column (it scrolled sideways, and a scrolling region needs the keyboard).
    chart, numbers = (st.container(), st.container()) if is_on() else st.columns([3, 2])
    cells = risk_cell_rows(found, rules, language)
    show_chart(risk_heatmap(found, rules, language), width, chart)
    with numbers:
        show_table(
            [
                {
                    t("report.chart_impact", language): c.impact,
                    t("report.chart_likelihood", language): c.likelihood,
                    t("report.column.count", language): c.count,
                    t("report.chart_risk", language): c.risk,
                }
                for c in cells
            ],
            alt=t("report.chart_risk_description", language),
        )
    st.caption(t("report.chart_risk_description", language))


def render_call_to_action(language: Language) -> None:
    """The running firm's next step for the client ("Plan een adviesgesprek") and its contact."""
    settings = content().branding.settings
    if settings.call_to_action is not None:
        text, url = settings.call_to_action.text[language], settings.call_to_action.url
        if url:
            st.link_button(text, url, type="primary", icon=":material/event:")
        else:
            st.markdown(f"**{text}**")
    lines = settings.contact.lines()
    if lines:
        st.caption(" · ".join([content().branding.name, *lines]).strip(" ·"))


def render_screening_verdict(language: Language) -> None:
    st.header(t("screening.heading", language))
    result = current_result()
    render_verdict(result, language)
    render_companions(result, language)
    # "Fill in" only while nothing is ticked; once it is, the link offers to view or change it.
    key = "screening.summary_link_edit" if result.filled else "screening.summary_link"
    st.page_link(START.path, label=t(key, language), icon=":material/edit:")


def render_flow_savings(current: Assessment, language: Language) -> None:
    """The savings of the communication flows, as on the flows page; a pointer there if none."""
    if current.flows:
        render_savings(current)
    else:
        st.header(t("flows.savings.heading", language))
        st.page_link(FLOWS.path, label=t("summary.flows_link", language), icon=FLOWS.icon)


def _parse_due(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def apply_plan_edits(
    current: Assessment, ids: list[str], edited_rows: Mapping[Any, Mapping[str, Any]]
) -> None:
    """Write the editor's changed cells (row position -> column -> value) into the assessment."""
    for position, changes in edited_rows.items():
        index = int(position)
        if not 0 <= index < len(ids):
            continue
        finding_id = ids[index]
        entry = current.actions.get(finding_id)
        owner = entry.owner if entry else ""
        due = entry.due if entry else None
        if OWNER in changes:
            owner = str(changes[OWNER] or "")
        if DUE in changes:
            due = _parse_due(changes[DUE])
        current.set_action(finding_id, owner, due)


def plan_key(found: list[Finding]) -> str:
    """The editor's key follows the activity and its list of findings: edits can never land on
    another row, nor in another activity with the same findings (a copy)."""
    ids = [assessment().id, *(f.id for f in found)]
    return "action_plan_" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:12]


def apply_pending_edits(found: list[Finding]) -> None:
    """Write the editor's state (every cell edited since it appeared; applying it again is harmless)
    into the assessment before anything is drawn, so the plan and the downloads of this run show it.
    """
    edits = st.session_state.get(plan_key(found))
    if isinstance(edits, Mapping) and isinstance(edits.get("edited_rows"), Mapping):
        apply_plan_edits(assessment(), [f.id for f in found], edits["edited_rows"])


def render_action_plan(rows: list[ActionRow], key: str, language: Language) -> None:
    st.header(t("report.plan_heading", language))
    st.caption(t("report.plan_intro", language))
    if not rows:
        st.caption(t("report.no_actions", language))
        return
    critical = t("report.critical", language)
    frame = pd.DataFrame(
        {
            "priority": [row.priority for row in rows],
            "action": [row.action for row in rows],
            "step": [_step_label(row, language) for row in rows],
            "risk": [f"{row.risk} · {critical}" if row.critical else row.risk for row in rows],
            OWNER: [row.owner for row in rows],
            # Real dates (empty: NaT, shown as an empty cell), so the column shows 15-01-2027.
            DUE: pd.to_datetime(pd.Series([row.due for row in rows], dtype="object")),
        }
    )
    if is_on():
        # On a shared screen: the plan as an HTML table whose type grows with the page's (the
        # canvas grid stays at 14 px), the whole action readable; the editor folded below it.
        show_table(_plan_cells(rows, language), alt=t("summary.plan_alt", language))
        with panel(t("summary.plan_edit_heading", language), "plan_edit"):
            _plan_editor(frame, key, language)
    else:
        _plan_editor(frame, key, language)
    st.caption(t("summary.plan_edit_help", language))


def _plan_editor(frame: pd.DataFrame, key: str, language: Language) -> None:
    # The two columns to fill in come right after the action, so they are on screen at 1280 px.
    st.data_editor(
        frame,
        key=key,
        hide_index=True,
        num_rows="fixed",
        disabled=["priority", "action", "step", "risk"],
        column_order=["priority", "action", OWNER, DUE, "step", "risk"],
        width="stretch",
        placeholder="",
        alt=t("summary.plan_alt", language),
        column_config={
            "priority": st.column_config.NumberColumn(t("report.column.priority", language), width=40),
            # Wide enough to read an action's first line (about 70 characters at 1280 px): at
            # "medium" it showed about 35. The whole text is in the top actions, the CSV and the PDF.
            "action": st.column_config.TextColumn(t("report.column.action", language), width="large"),
            "step": st.column_config.TextColumn(t("report.column.step", language), width="small"),
            "risk": st.column_config.TextColumn(t("report.column.risk", language), width="small"),
            OWNER: st.column_config.TextColumn(
                t("report.column.owner", language), max_chars=NAME_MAX, width="medium"
            ),
            DUE: st.column_config.DateColumn(
                t("report.column.due", language), format=DATE_WIDGET_FORMAT, width=110
            ),
        },
    )


def _plan_cells(rows: list[ActionRow], language: Language) -> list[dict[str, object]]:
    critical = t("report.critical", language)
    return [
        {
            t("report.column.priority", language): row.priority,
            t("report.column.action", language): row.action,
            t("report.column.owner", language): row.owner,
            t("report.column.due", language): date_text(row.due, language),
            t("report.column.step", language): _step_label(row, language),
            t("report.column.risk", language): f"{row.risk} · {critical}" if row.critical else row.risk,
        }
        for row in rows
    ]


def render_downloads(
    current: Assessment, rows: list[ActionRow], language: Language, since: Since | None = None
) -> None:
    st.header(t("summary.downloads", language))
    organisation, day = current.organisation.name, current.date
    render_pdf_choice()  # "Opmerkingen van uw adviseur" in the PDF, when there are any
    with st.container(horizontal=True):
        # Built only when clicked, on a copy taken now: no bytes kept between runs.
        download_button(
            t("summary.download_pdf", language),
            functools.partial(
                activity_pdf,
                current.model_copy(deep=True),
                language,
                pdf_comments(language),
                planned=planned_ids(),  # "Na het actieplan" in the PDF when actions are ticked
                since=since,  # "Sinds de vorige scan": the moment the "Voortgang" compares with
                history=pdf_history(),  # the edit log, in the scan file the PDF carries
            ),
            file_name=scan_file_name("pdf", organisation, day, language),
            mime=media_types.PDF,
            slot="pdf",
            heavy=True,
            icon=":material/picture_as_pdf:",
            type="primary",
        )
        render_word_download(current, language)  # the same report as an editable .docx
        render_model_dpia_download(current, language)  # only when a DPIA is verplicht or aanbevolen
        download_button(
            t("summary.download_csv", language),
            functools.partial(action_plan_csv, rows, language),
            file_name=scan_file_name("csv", organisation, day, language),
            mime=media_types.CSV,
            slot="csv",
            icon=":material/table:",
        )
    st.caption(t("summary.download_help", language))


def render_summary() -> None:
    language, current, judged = lang(), assessment(), evaluation()
    result = judged.score
    if not is_on():  # the plan's columns need the room; presentation mode is wide already
        st.html(WIDE_PAGE_CSS)
    render_step_bar(SUMMARY_PART)
    st.title(t("summary.heading", language))
    if result.answered == 0:
        st.info(t("summary.no_answers", language), icon=":material/info:")
        st.page_link(
            step_page(1).path, label=t("summary.start_link", language), icon=":material/arrow_forward:"
        )
    found = judged.findings
    apply_pending_edits(found)
    rows = action_rows(found, current, language, content().risk)
    render_overview(judged, language)
    render_full_scan_prompt()
    render_critical(judged, language)
    render_screening_verdict(language)
    render_top_actions(rows, language)
    render_charts(result, found, language)
    since = render_progress(language)  # "Voortgang": then and now, from the edit log (issue 23)
    render_flow_savings(current, language)
    render_action_plan(rows, plan_key(found), language)
    render_projection(rows, language)  # "Wat als": tick actions, see the score after the plan
    render_action_comments()  # comments per action, one chosen at a time
    render_open_comments()  # every open comment here, with a link to its step
    render_sign_off()
    render_include_notes()
    render_downloads(current, rows, language, since)
    with st.expander(t("scan.export_heading", language), icon=":material/save:"):
        render_export_import()
    render_share_panel()  # Delen: links with rights to this scan, for an editor
    render_handover(language)  # to the firm's workspace, where there is one
    render_call_to_action(language)
