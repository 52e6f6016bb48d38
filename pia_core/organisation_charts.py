"""The organisation's heat map: every processing activity (rows) x every step (columns).

Defined once, like the charts of pia_core/charts.py (whose font, ink, size rule and PNG rendering it
uses): on screen with `st.altair_chart(..., theme=None)` and as a PNG in the organisation report.
A cell's colour is the level band of the step's score, from content/scoring.yaml as everywhere;
every cell also prints its score, and the page and the PDF show the same numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import altair as alt

from pia_core.analysis.organisation import OrganisationResult
from pia_core.analysis.scoring import level_for
from pia_core.charts import FONT, INK, NATURAL_SIZE
from pia_core.content.loader import Catalogue
from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name

NO_SCORE_FILL = "#E4E7EB"  # a step without answers: no level, so no level colour
CELL_WIDTH, CELL_HEIGHT = 38, 24
LABEL_LIMIT = 230  # px: longer activity names end in "…" on the axis (the table has them whole)
TYPE, LARGE_TYPE = 10, 15  # px: cell and axis type; large on a shared screen


@dataclass(frozen=True)
class HeatRow:
    """One activity: its label and, per step in catalogue order, the score (None: nothing to score)."""

    activity_id: str
    label: str  # "3. Wmo-aanvraag": numbered, so two activities of one name stay two rows
    scores: tuple[float | None, ...]


def step_numbers(catalogue: Catalogue) -> list[int]:
    return [step.number for step in catalogue.steps]


def heat_rows(result: OrganisationResult, catalogue: Catalogue, lang: Language) -> list[HeatRow]:
    numbers = step_numbers(catalogue)
    return [
        HeatRow(
            activity_id=item.id,
            label=f"{item.number}. {activity_name(item, lang)}",
            scores=tuple(item.evaluation.score.steps[n].score for n in numbers),
        )
        for item in result.activities
    ]


def score_cell(score: float | None, lang: Language) -> str:
    return t("common.no_score", lang) if score is None else f"{score:.0f}"


def heat_map_chart(
    result: OrganisationResult, catalogue: Catalogue, lang: Language, large: bool = False
) -> alt.LayerChart:
    """`large`: for a shared screen (presentation mode): larger type, and the width of the column it
    is drawn in (`st.altair_chart(width="stretch")`) shared out over the steps, labels included."""
    rows = heat_rows(result, catalogue, lang)
    type_size = LARGE_TYPE if large else TYPE
    numbers = step_numbers(catalogue)
    no_score = t("overview.heatmap.no_score", lang)
    values = []
    for row in rows:
        for number, score in zip(numbers, row.scores, strict=True):
            level = level_for(score, catalogue)
            values.append(
                {
                    "activity": row.label,
                    "step": str(number),
                    "step_title": f"{number}. {catalogue.step(number).title(lang)}",
                    "score": score_cell(score, lang),
                    "level": level.name[lang] if level else no_score,
                }
            )
    levels = catalogue.scoring.levels
    colour = alt.Color(
        "level:N",
        title=t("report.chart_level", lang),
        scale=alt.Scale(
            domain=[*(level.name[lang] for level in levels), no_score],
            range=[*(level.colour for level in levels), NO_SCORE_FILL],
        ),
        legend=alt.Legend(
            orient="bottom", direction="horizontal", labelFontSize=type_size, titleFontSize=type_size
        ),
    )
    x = alt.X(
        "step:O",
        sort=[str(n) for n in numbers],
        title=t("overview.heatmap.step_axis", lang),
        axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=type_size, titleFontSize=type_size),
    )
    y = alt.Y(
        "activity:N",
        sort=[row.label for row in rows],
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT * type_size / TYPE, labelFontSize=type_size),
    )
    tooltip = ["activity:N", "step_title:N", "score:N", "level:N"]
    data = {"values": values}
    cells = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    scores = alt.Chart(data).mark_text(fontSize=type_size, color=INK).encode(x=x, y=y, text="score:N")
    chart = (
        alt.layer(cells, scores)
        .properties(
            width=CELL_WIDTH * len(numbers),
            height=CELL_HEIGHT * len(rows) * type_size / TYPE,
            # No title: the page and the report put their heading right above it.
            description=t("overview.heatmap.description", lang),
            # Fitted, the labels and the legend come out of the column's width, not on top of it.
            autosize={"type": "fit-x", "contains": "padding"} if large else NATURAL_SIZE,
        )
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return cast(alt.LayerChart, chart)


def heat_table(
    result: OrganisationResult, catalogue: Catalogue, lang: Language
) -> tuple[list[str], list[list[str]]]:
    """The heat map's numbers: a header (activity, then the step numbers) and one row per activity."""
    headers = [t("overview.column.activity", lang), *(str(n) for n in step_numbers(catalogue))]
    body = [
        [row.label, *(score_cell(s, lang) for s in row.scores)] for row in heat_rows(result, catalogue, lang)
    ]
    return headers, body
