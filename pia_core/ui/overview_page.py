"""The organisation overview: every processing activity side by side, the heat map, the actions for
the whole organisation, and the organisation report.

Everything on it comes from one `evaluate_organisation` of the dossier per run (each activity's own
`Evaluation`, as its pages show it), so a level or a count here always matches that activity's pages.
"""

from __future__ import annotations

import functools

import streamlit as st

from pia_core import media_types
from pia_core.analysis.organisation import (
    ActivityResult,
    OrganisationResult,
    SharedGap,
    evaluate_organisation,
)
from pia_core.formatting import download_name
from pia_core.i18n import t, tn
from pia_core.organisation_charts import heat_map_chart, heat_table
from pia_core.pdf_pool import organisation_pdf
from pia_core.scan.dossier import ORGANISATION_STEP, Dossier
from pia_core.ui.activities import plain, request_choice
from pia_core.ui.downloads import download_button
from pia_core.ui.flows_page import WIDE_PAGE_CSS
from pia_core.ui.navigation import SUMMARY, step_page
from pia_core.ui.presentation import is_on, show_table
from pia_core.ui.review_panel import render_reviews
from pia_core.ui.scoreboard import verdict_badge
from pia_core.ui.state import cat, content, dossier, lang
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name, dpia_text, lowest_name, shared_action, where_text
from pia_core.wording.verdict import format_score, place_label

# Widths of the columns of the activity list: name, score, level, critical points, DPIA check.
ROW = [3.4, 1.3, 2.4, 1.2, 1.7]
OPEN_PREFIX = "overview_open_"
SHARED_SHOWN = 8  # the shared actions shown at once; the rest are folded under them


def own_answers(item: ActivityResult) -> int:
    """Answers of the activity itself: step 0 (the FG) is the organisation's, answered for all."""
    return sum(
        step.answered for number, step in item.evaluation.score.steps.items() if number != ORGANISATION_STEP
    )


def open_activity(activity_id: str, answered: int) -> None:
    """Work on the activity: its summary, or step 1 while nothing of its own is answered yet."""
    request_choice(activity_id)  # carried out at the top of the next run, as the switcher's own
    st.switch_page(SUMMARY.path if answered else step_page(1).path)


def render_summary(result: OrganisationResult, language: Language) -> None:
    count, lowest, critical = st.columns([1, 2, 1])  # a level name can be long: "Matig (voorlopig)"
    count.metric(t("overview.metric.activities", language), str(result.count))
    lowest.metric(
        t("overview.metric.lowest", language),
        lowest_name(result, language),
        help=t("overview.metric.lowest_help", language),
    )
    critical.metric(
        t("overview.metric.critical", language),
        str(result.critical_total),
        help=t("overview.metric.critical_help", language),
    )


def _header(language: Language) -> None:
    keys = ("activity", "score", "level", "critical", "dpia")
    for column, key in zip(st.columns(ROW, vertical_alignment="bottom"), keys, strict=True):
        column.markdown(f"**{t(f'overview.column.{key}', language)}**")


def _row(item: ActivityResult, current: str, language: Language) -> None:
    judged = item.evaluation
    name, score, level, critical, dpia = st.columns(ROW, vertical_alignment="center")
    label = activity_name(item, language)
    with name:
        st.markdown(f"**{plain(label)}**")  # wraps when long; a button's label would be cut off
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            if st.button(
                t("overview.open", language),
                key=OPEN_PREFIX + item.id,
                help=t("overview.open_help", language, name=label),
                type="tertiary",
                icon=":material/arrow_forward:",
            ):
                open_activity(item.id, own_answers(item))
            if item.id == current:
                st.caption(t("overview.chosen", language))
    score.markdown(format_score(judged.overall, language))
    level.markdown(verdict_badge(judged, language), unsafe_allow_html=True)
    count = item.critical_count
    critical.markdown(f":red[**{count}**]" if count else "0")
    dpia.markdown(dpia_text(item, language))


def render_activities(result: OrganisationResult, current: str, language: Language) -> None:
    st.header(t("overview.table.heading", language))
    st.caption(t("overview.table.intro", language))
    with st.container(border=True, key="pia_overview_activities"):
        _header(language)
        for item in result.activities:
            _row(item, current, language)
    if result.count == 1:
        st.info(t("overview.one_activity", language), icon=":material/info:")


def render_heat_map(result: OrganisationResult, language: Language) -> None:
    catalogue = cat()
    st.header(t("overview.heatmap.heading", language))
    # As defined (theme=None): the same chart as in the organisation report; its description is
    # the accessible name, and the table below has the same numbers.
    large = is_on()  # presentation mode: the column's width and larger type
    st.altair_chart(
        heat_map_chart(result, catalogue, language, large=large),
        theme=None,
        width="stretch" if large else "content",
    )
    st.caption(t("overview.heatmap.description", language))
    headers, rows = heat_table(result, catalogue, language)
    show_table(
        [dict(zip(headers, row, strict=True)) for row in rows],
        alt=t("overview.heatmap.description", language),
    )
    names = "; ".join(f"{step.number} {step.title(language)}" for step in catalogue.steps)
    st.caption(t("overview.heatmap.step_names", language, steps=names))


def _shared_line(number: int, gap: SharedGap, result: OrganisationResult, language: Language) -> str:
    meta = [place_label(gap.key, gap.step, language), content().risk.level(gap.risk).name[language]]
    if gap.critical:
        meta.append(f"**{t('report.critical', language)}**")
    where = plain(where_text(gap, result, language))
    action = shared_action(gap, language)
    return f"{number}. {action}  \n   :gray[{' · '.join(m for m in meta if m)}]  \n   **{where}**"


def render_shared(result: OrganisationResult, language: Language) -> None:
    """The first SHARED_SHOWN actions; the rest folded, so the page stays an overview."""
    st.header(t("overview.shared.heading", language))
    if not result.shared:
        st.caption(t("overview.shared.none", language))
        return
    st.caption(t("overview.shared.intro", language))
    lines = [_shared_line(n, gap, result, language) for n, gap in enumerate(result.shared, start=1)]
    st.markdown("\n".join(lines[:SHARED_SHOWN]))
    if len(lines) > SHARED_SHOWN:
        more = len(lines) - SHARED_SHOWN
        with st.expander(tn("overview.shared.more", language, more), icon=":material/list:"):
            # Numbered on from where the list above stopped.
            st.markdown("\n".join(lines[SHARED_SHOWN:]))


def render_download(whole: Dossier, language: Language) -> None:
    st.header(t("overview.downloads", language))
    download_button(
        t("overview.download_pdf", language),
        # Built only when clicked, on a copy taken now.
        functools.partial(organisation_pdf, whole.model_copy(deep=True), language),
        file_name=download_name(
            t("overview.file_stem", language), whole.organisation.name, whole.date, "pdf"
        ),
        mime=media_types.PDF,
        slot="organisation_pdf",
        heavy=True,
        icon=":material/picture_as_pdf:",
        type="primary",
    )
    st.caption(t("overview.download_help", language))


def render_overview() -> None:
    language, whole = lang(), dossier()
    result = evaluate_organisation(whole, content(), remember=True)
    if not is_on():  # the list and the heat map need the room; presentation mode is wide already
        st.html(WIDE_PAGE_CSS)
    st.title(t("overview.heading", language))
    if whole.organisation.name.strip():
        st.markdown(f"**{plain(whole.organisation.name)}**")
    st.markdown(t("overview.intro", language))
    render_summary(result, language)
    render_activities(result, whole.current, language)
    render_reviews(result, whole, language)
    render_heat_map(result, language)
    render_shared(result, language)
    render_download(whole, language)
