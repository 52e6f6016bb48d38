"""The summary's "Wat als" (issue 24): tick actions of the plan as planned, see what they are worth.

Beside today's score, level, critical points and savings the panel shows what they become with the
ticked actions done (pia_core/analysis/projection.py `project`): the sentence "Nu 64, Onvoldoende,
3 kritieke punten → na het plan 86, Goed, 0", the four numbers, and per step a chart of today and
after the plan side by side with its table.

The ticks are kept in this browser session only (per activity), not in the scan: the scan has no
field for them, and one would need a new file version. The summary's PDF takes them along as plain
ids (`planned_ids`), so the report shows the same projection.

In presentation mode the sentence is large and the buttons ("De top 5", "Wissen") take one click.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Sequence
from typing import Literal, cast

import altair as alt
import streamlit as st

from pia_core.analysis.action_plan import ActionRow
from pia_core.analysis.projection import Projection, action_ids, project, top_actions
from pia_core.charts import (
    Datasets,
    TemplatedChart,
    level_bands,
    step_label,
    step_pairs_chart,
    step_pairs_key,
)
from pia_core.content.loader import Catalogue
from pia_core.flows.savings import Savings
from pia_core.formatting import money
from pia_core.i18n import t
from pia_core.ui.chart_cache import show_chart
from pia_core.ui.presentation import is_on, show_table
from pia_core.ui.state import assessment, cat, content, evaluation
from pia_core.vocabulary import Language
from pia_core.wording.projection import marked_resolved_line, projection_line, score_text
from pia_core.wording.verdict import level_name

PLANNED_KEY = "_projection_planned"  # session only: activity id -> the planned finding ids
CHOICE_KEY = "projection_choice"  # the multiselect
PANEL_KEY = "pia_projection"  # the panel's container: class st-key-pia_projection
LABEL_CHARS = 50  # an action's text in the choice, cut here (the whole text is in the plan above)
# Presentation mode: the sentence as large as a sub-heading, the choice's chips and buttons in the
# page's larger type (presentation.css sets the text; widgets keep their own size otherwise).
SHARED_SCREEN_CSS = f"""<style>
.st-key-{PANEL_KEY} .pia-projection-line {{ font-size: 2rem; font-weight: 700; line-height: 1.35; }}
.st-key-{PANEL_KEY} [data-tag] > span {{ font-size: 1.15rem; }}
.st-key-{PANEL_KEY} [data-testid="stBaseButton-primary"] p,
.st-key-{PANEL_KEY} [data-testid="stBaseButton-secondary"] p {{ font-size: 1.3rem; }}
</style>"""


# -- the ticks, in the session --------------------------------------------------------------------
def _store() -> dict[str, tuple[str, ...]]:
    stored = st.session_state.get(PLANNED_KEY)
    if not isinstance(stored, dict):
        stored = {}
        st.session_state[PLANNED_KEY] = stored
    return cast(dict[str, tuple[str, ...]], stored)


def _set_planned(ids: Sequence[str]) -> None:
    _store()[assessment().id] = tuple(ids)


def planned_ids() -> tuple[str, ...]:
    """This activity's planned actions that are still in its plan, in the plan's order: what the
    panel projects and what the summary's PDF is given."""
    chosen = set(_store().get(assessment().id, ()))
    return tuple(item for item in action_ids(evaluation()) if item in chosen)


def _on_choice() -> None:
    value = st.session_state.get(CHOICE_KEY)
    _set_planned([str(item) for item in value] if isinstance(value, list) else [])


def _on_top(ids: tuple[str, ...]) -> None:
    _set_planned(ids)
    st.session_state[CHOICE_KEY] = list(ids)


def _on_clear() -> None:
    _set_planned(())
    st.session_state[CHOICE_KEY] = []


def _option_label(row: ActionRow) -> str:
    text = " ".join(row.action.split())
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rstrip() + "…"
    return f"{row.priority}. {text}"


# -- the chart -----------------------------------------------------------------------------------
def chart_datasets(projection: Projection, catalogue: Catalogue, lang: Language) -> Datasets:
    """Two rows per step (today, after the plan) and the level bands behind them."""
    now, planned = t("projection.now_label", lang), t("projection.planned_label", lang)
    rows = []
    for change in projection.step_changes:
        label = step_label(catalogue, change.number, lang)
        for when, score in ((now, change.today), (planned, change.planned)):
            rows.append({"step": label, "when": when, "score": score, "shown": score_text(score, lang)})
    return {"projection": rows, "bands": level_bands(catalogue, lang)}


def chart_key(catalogue: Catalogue, lang: Language) -> Hashable:
    return step_pairs_key(catalogue, lang)


def build_chart(
    catalogue: Catalogue,
    lang: Language,
    datasets: Datasets,
    moments: tuple[str, str] | None = None,
    words: tuple[str, str] | None = None,
) -> alt.LayerChart:
    """The step chart with today's and the plan's bar side by side per step (pia_core/charts.py
    `step_pairs_chart`). `moments` (the two bars' names, the grey one first) and `words` (title,
    description) for another pair of moments: then and now (pia_core/ui/progress_panel.py)."""
    pair = moments or (t("projection.now_label", lang), t("projection.planned_label", lang))
    title_description = words or (t("projection.chart_title", lang), t("projection.chart_description", lang))
    return step_pairs_chart(catalogue, lang, datasets, pair, title_description)


def projection_chart(projection: Projection, catalogue: Catalogue, lang: Language) -> TemplatedChart:
    datasets = chart_datasets(projection, catalogue, lang)
    return TemplatedChart(
        chart_key(catalogue, lang), lambda: build_chart(catalogue, lang, datasets), datasets
    )


def step_table(projection: Projection, catalogue: Catalogue, lang: Language) -> list[dict[str, object]]:
    """The chart's numbers: per step today, after the plan and the change."""
    rows: list[dict[str, object]] = []
    for change in projection.step_changes:
        if change.today is None or change.planned is None:
            diff = ""
        else:
            diff = f"{change.planned - change.today:+.0f}" if change.changed else "0"
        rows.append(
            {
                t("report.column.step", lang): step_label(catalogue, change.number, lang),
                t("projection.now_label", lang): score_text(change.today, lang),
                t("projection.planned_label", lang): score_text(change.planned, lang),
                t("projection.change", lang): diff,
            }
        )
    return rows


# -- the numbers ---------------------------------------------------------------------------------
def _score_metric(projection: Projection, lang: Language) -> None:
    today, planned = projection.today.overall, projection.overall
    diff = None if today is None or planned is None else planned - today
    st.metric(
        t("projection.score", lang),
        score_text(planned, lang),
        delta=None if diff is None else (f"{diff:+.0f}" if round(diff) else t("projection.unchanged", lang)),
        delta_color="normal" if diff and round(diff) else "off",
        delta_arrow="auto" if diff and round(diff) else "off",
        delta_description=t("projection.now", lang, value=score_text(today, lang)),
    )


def _level_metric(projection: Projection, lang: Language) -> None:
    today, planned = level_name(projection.today, lang), level_name(projection.evaluation, lang)
    moved = today != planned
    st.metric(
        t("projection.level", lang),
        planned,
        delta=t("projection.better" if moved else "projection.unchanged", lang),
        delta_color="normal" if moved else "off",
        delta_arrow="up" if moved else "off",
        delta_description=t("projection.now", lang, value=today),
    )


def _critical_metric(projection: Projection, lang: Language) -> None:
    today, planned = len(projection.today.critical), len(projection.evaluation.critical)
    diff = planned - today
    st.metric(
        t("projection.critical", lang),
        str(planned),
        delta=f"{diff:+d}" if diff else t("projection.unchanged", lang),
        delta_color="inverse" if diff else "off",  # fewer is better
        delta_arrow="auto" if diff else "off",
        delta_description=t("projection.now", lang, value=today),
    )


def _savings_metric(today: Savings, planned: Savings, lang: Language) -> None:
    diff = round(planned.annual - today.annual)
    st.metric(
        t("projection.savings", lang),
        money(planned.annual, lang),
        delta=money(diff, lang) if diff else t("projection.unchanged", lang),
        delta_color="normal" if diff else "off",
        delta_arrow="auto" if diff else "off",
        delta_description=t("projection.now", lang, value=money(today.annual, lang)),
        help=t("projection.savings_help", lang),
    )


def render_numbers(projection: Projection, lang: Language) -> None:
    """The sentence, then score, level, critical points (and savings, with flows) after the plan."""
    line = html.escape(projection_line(projection, lang))
    st.markdown(f"<p class='pia-projection-line'><strong>{line}</strong></p>", unsafe_allow_html=True)
    flows = bool(assessment().flows)
    columns = st.columns(4 if flows else 3)
    with columns[0]:
        _score_metric(projection, lang)
    with columns[1]:
        _level_metric(projection, lang)
    with columns[2]:
        _critical_metric(projection, lang)
    if flows:
        with columns[3]:
            _savings_metric(projection.savings_today, projection.savings, lang)
    marked = marked_resolved_line(projection, lang)
    if marked:
        st.caption(marked)


def render_choice(rows: list[ActionRow], lang: Language) -> None:
    """The multiselect of the plan's actions, with "De top 5" and "Wissen" beside it."""
    ids = [row.finding_id for row in rows]
    labels = {row.finding_id: _option_label(row) for row in rows}
    chosen = list(planned_ids())
    if st.session_state.get(CHOICE_KEY) != chosen:
        st.session_state[CHOICE_KEY] = chosen
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button(
            t("projection.top", lang),
            key="projection_top",
            on_click=_on_top,
            args=(top_actions(evaluation()),),
            help=t("projection.top_help", lang),
            icon=":material/checklist:",
            type="primary",
        )
        st.button(
            t("projection.clear", lang),
            key="projection_clear",
            on_click=_on_clear,
            disabled=not chosen,
            icon=":material/close:",
        )
    st.multiselect(
        t("projection.choose", lang),
        ids,
        key=CHOICE_KEY,
        format_func=lambda item: labels.get(item, item),
        on_change=_on_choice,
        help=t("projection.choose_help", lang),
        placeholder=t("projection.placeholder", lang),
    )


def render_projection(rows: list[ActionRow], lang: Language) -> None:
    """The "Wat als" panel under the action plan; nothing when the plan is empty."""
    if not rows:
        return
    with st.container(key=PANEL_KEY):
        if is_on():
            st.html(SHARED_SCREEN_CSS)
        st.subheader(t("projection.heading", lang))
        st.caption(t("projection.intro", lang))
        render_choice(rows, lang)
        planned = planned_ids()
        if not planned:
            st.caption(t("projection.none_planned", lang))
            return
        projection = project(assessment(), content(), planned, today=evaluation())
        render_numbers(projection, lang)
        catalogue = cat()
        width: Literal["stretch", "content"] = "stretch" if is_on() else "content"
        show_chart(projection_chart(projection, catalogue, lang), width)
        st.caption(t("projection.chart_description", lang))
        show_table(step_table(projection, catalogue, lang), alt=t("projection.table_alt", lang))
