"""The summary's charts, defined once: on screen (`st.altair_chart(..., theme=None)`) and in the PDF.

Each chart has a Vega-Lite `description` (alt text) and rows of numbers that the page and the
report show beside it as a table, so colour is never the only carrier of meaning: bars and cells
also carry their number and level name. Colours and names come from content/scoring.yaml and
content/risk.yaml.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, cast

import altair as alt

from pia_core import PACKAGE_DIR
from pia_core.analysis.findings import Finding, risk_counts
from pia_core.analysis.scoring import ScoreReport, level_for
from pia_core.content.loader import Catalogue
from pia_core.content.risk import GRADES, RiskRules
from pia_core.i18n import t
from pia_core.vocabulary import Language

FONT = "DejaVu Sans"  # shipped with the report; also what the PNGs are rendered with
FONT_DIR = PACKAGE_DIR / "report" / "fonts"
INK = "#1A1A1A"
PNG_SCALE = 2
# Vega-Lite's own default, stated so Streamlit does not squeeze axes and legend into the plot size.
NATURAL_SIZE = {"type": "pad", "contains": "content"}
FIRST_MOMENT_COLOUR = "#8A94A3"  # grey: today's (or then's) bar; contrast 3:1 on white against the bands
SECOND_MOMENT_COLOUR = "#1F4E79"  # dark blue: the bar after the plan (or now)


Datasets = dict[str, list[dict[str, Any]]]
Spec = dict[str, Any]


def _named(name: str) -> dict[str, Any]:
    """A layer's data by name: the rows travel in the chart's top-level `datasets`, so the rest of
    the spec depends on the structure only (language, steps, levels) and can be built once."""
    return {"name": name}


@dataclass(frozen=True)
class TemplatedChart:
    """A chart as `SpecTemplates` draws it: the key of its structure (everything the spec depends
    on but the rows), how to build it with Altair when that structure is new, and its rows."""

    key: Hashable
    build: Callable[[], alt.TopLevelMixin]
    datasets: Datasets


class SpecTemplates:
    """Vega-Lite specs built once per structure and filled with each chart's own datasets.

    Building an Altair chart and converting it (`to_dict`, with schema validation) costs tens of
    milliseconds; the structure of a chart changes only with its key (language, steps, levels),
    its numbers with every score. `convert` turns a chart into a spec (plain `to_dict` for the
    PDF; Streamlit's own conversion on screen, whose specs differ slightly).
    """

    def __init__(self, convert: Callable[[alt.TopLevelMixin], Spec], size: int = 64) -> None:
        self._convert, self._size = convert, size
        self._templates: OrderedDict[Hashable, str] = OrderedDict()  # specs as JSON text
        self._lock = threading.Lock()

    def spec(self, chart: TemplatedChart) -> Spec:
        """The spec of `chart.build()`, from the template of `chart.key`, with `chart.datasets` as
        its data (a fresh copy each time)."""
        key = chart.key
        with self._lock:
            template = self._templates.get(key)
            if template is not None:
                self._templates.move_to_end(key)
        if template is None:
            built = self._convert(chart.build())
            built.pop("datasets", None)
            template = json.dumps(built)
            with self._lock:
                self._templates[key] = template
                while len(self._templates) > self._size:
                    self._templates.popitem(last=False)
        # A fresh spec each time (the caller, or Streamlit, may change it): parsing the JSON text
        # is several times faster than a deep copy of the dict.
        spec: Spec = json.loads(template)
        spec["datasets"] = chart.datasets
        return spec


def _plain(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict()
    return spec


PLAIN_SPECS = SpecTemplates(_plain)


@dataclass(frozen=True)
class StepScoreRow:
    number: int
    label: str
    score: float | None
    level: str  # level name in the language, or "—"
    colour: str | None


@dataclass(frozen=True)
class RiskCellRow:
    impact: str
    likelihood: str
    count: int
    risk: str
    colour: str


def step_label(catalogue: Catalogue, number: int, lang: Language) -> str:
    """A step as the charts' axis names it: "3. Doelbinding"."""
    return f"{number}. {catalogue.step(number).title(lang)}"


def level_bands(catalogue: Catalogue, lang: Language) -> list[dict[str, Any]]:
    """The level bands behind the score bars: each level from its minimum to the next one's."""
    levels = catalogue.scoring.levels
    return [
        {
            "from": level.min,
            "to": levels[i + 1].min if i + 1 < len(levels) else 100,
            "level": level.name[lang],
        }
        for i, level in enumerate(levels)
    ]


def step_score_rows(report: ScoreReport, catalogue: Catalogue, lang: Language) -> list[StepScoreRow]:
    rows = []
    for step in catalogue.steps:
        score = report.steps[step.number].score
        level = level_for(score, catalogue)
        rows.append(
            StepScoreRow(
                number=step.number,
                label=step_label(catalogue, step.number, lang),
                score=score,
                level=level.name[lang] if level else t("common.no_score", lang),
                colour=level.colour if level else None,
            )
        )
    return rows


def risk_cell_rows(found: list[Finding], rules: RiskRules, lang: Language) -> list[RiskCellRow]:
    """The nine cells of the matrix, high impact first, each with its count and risk level."""
    counts = risk_counts(found)
    rows = []
    for impact in reversed(GRADES):
        for likelihood in GRADES:
            level = rules.risk(impact, likelihood)
            rows.append(
                RiskCellRow(
                    impact=rules.grade_name(impact, lang),
                    likelihood=rules.grade_name(likelihood, lang),
                    count=counts[(impact, likelihood)],
                    risk=level.name[lang],
                    colour=level.colour,
                )
            )
    return rows


def step_scores_key(catalogue: Catalogue, lang: Language) -> Hashable:
    """What the step chart's structure depends on: its language, the steps and the levels."""
    return ("steps", *_structure(catalogue, lang))


def _structure(catalogue: Catalogue, lang: Language) -> tuple[Language, tuple[str, ...], tuple[Any, ...]]:
    """What a chart of scores per step depends on but its rows: language, steps, levels."""
    levels = tuple((level.min, level.name[lang], level.colour) for level in catalogue.scoring.levels)
    return lang, tuple(step_label(catalogue, step.number, lang) for step in catalogue.steps), levels


def step_scores_datasets(rows: list[StepScoreRow], catalogue: Catalogue, lang: Language) -> Datasets:
    """The step chart's rows: one bar per step, and the level bands behind them."""
    return {
        "steps": [
            {
                "step": row.label,
                "score": row.score,
                "level": row.level,
                "shown": t("common.no_score", lang) if row.score is None else f"{row.score:.0f}",
            }
            for row in rows
        ],
        "bands": level_bands(catalogue, lang),
    }


def step_scores_chart(report: ScoreReport, catalogue: Catalogue, lang: Language) -> alt.LayerChart:
    """Horizontal bars in step order, coloured and labelled by level, over the level bands."""
    rows = step_score_rows(report, catalogue, lang)
    colour = alt.Color(
        "level:N",
        title=t("report.chart_level", lang),
        scale=_level_scale(catalogue, lang),
        legend=alt.Legend(orient="bottom", direction="horizontal"),
    )
    return _bars_over_bands(
        catalogue,
        lang,
        _ScoreBars(
            data="steps",
            colour=colour,
            tooltip=["step:N", "shown:N", "level:N"],
            bar_height=14,
            step_height=24,
            offset=None,
        ),
        (t("report.chart_steps_title", lang), t("report.chart_steps_description", lang)),
        step_scores_datasets(rows, catalogue, lang),
    )


def step_pairs_key(catalogue: Catalogue, lang: Language) -> Hashable:
    """What the paired chart's structure depends on (besides its moments and words)."""
    return ("projection", *_structure(catalogue, lang))


def step_pairs_chart(
    catalogue: Catalogue,
    lang: Language,
    datasets: Datasets,
    moments: tuple[str, str],
    words: tuple[str, str],
) -> alt.LayerChart:
    """The step chart with two bars per step, side by side: the first moment grey, the second dark
    blue (today and after the plan; then and now). `words` are the title and description."""
    moments_list = list(moments)
    colour = alt.Color(
        "when:N",
        title=t("projection.chart_axis", lang),
        scale=alt.Scale(domain=moments_list, range=[FIRST_MOMENT_COLOUR, SECOND_MOMENT_COLOUR]),
        legend=alt.Legend(orient="bottom", direction="horizontal"),
    )
    return _bars_over_bands(
        catalogue,
        lang,
        _ScoreBars(
            data="projection",
            colour=colour,
            tooltip=["step:N", "when:N", "shown:N"],
            bar_height=12,
            step_height=34,  # a pair of 12 px bars per step
            offset=alt.YOffset("when:N", sort=moments_list),
        ),
        words,
        datasets,
    )


@dataclass(frozen=True)
class _ScoreBars:
    """What differs between the charts of scores per step: the bars' data, colour and size."""

    data: str  # the name of the bars' dataset
    colour: alt.Color
    tooltip: list[str]
    bar_height: int
    step_height: int  # the chart's height per step
    offset: alt.YOffset | None  # the bars of one step side by side


def _level_scale(catalogue: Catalogue, lang: Language) -> alt.Scale:
    levels = catalogue.scoring.levels
    return alt.Scale(domain=[lv.name[lang] for lv in levels], range=[lv.colour for lv in levels])


def _bars_over_bands(
    catalogue: Catalogue, lang: Language, bars_look: _ScoreBars, words: tuple[str, str], datasets: Datasets
) -> alt.LayerChart:
    """Horizontal bars in step order over the level bands, each bar labelled with its number."""
    order = [step_label(catalogue, step.number, lang) for step in catalogue.steps]
    score_title = t("report.chart_score_axis", lang)
    title, description = words
    data, bands = _named(bars_look.data), _named("bands")
    # Ticks every 10 whatever the width: a wide chart otherwise ticks every 2 or 5.
    x_axis = alt.X(
        "score:Q",
        title=score_title,
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(values=list(range(0, 101, 10))),
    )
    y_axis = alt.Y(
        "step:N", title=t("report.chart_step_axis", lang), sort=order, axis=alt.Axis(labelLimit=260)
    )
    place: dict[str, Any] = {"y": y_axis}
    if bars_look.offset is not None:
        place["yOffset"] = bars_look.offset
    band = (
        alt.Chart(bands)
        .mark_rect(opacity=0.16)
        .encode(
            x=alt.X("from:Q", scale=alt.Scale(domain=[0, 100]), title=score_title),
            x2="to:Q",
            # `fill`, not `color`: the bands get no legend of their own (their colours are pale).
            fill=alt.Fill("level:N", scale=_level_scale(catalogue, lang), legend=None),
        )
    )
    band_names = (
        alt.Chart(bands)
        .mark_text(align="left", baseline="top", dx=3, dy=-14, fontSize=9, color=INK)
        .encode(x="from:Q", text="level:N", y=alt.value(0))
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height=bars_look.bar_height, stroke=INK, strokeWidth=0.5)
        .encode(x=x_axis, **place, color=bars_look.colour, tooltip=bars_look.tooltip)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, fontSize=11, color=INK)
        .encode(x=alt.X("score:Q").impute(value=0), **place, text="shown:N")
    )
    chart = (
        alt.layer(band, band_names, bars, labels)
        .resolve_legend(color="independent", fill="independent")
        .properties(
            width=380,
            height=bars_look.step_height * len(order),
            description=description,
            title=title,
            padding={"top": 16, "left": 5, "right": 5, "bottom": 5},
            autosize=NATURAL_SIZE,
            datasets=datasets,
        )
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return cast(alt.LayerChart, chart)


def risk_heatmap_key(rules: RiskRules, lang: Language) -> Hashable:
    """What the heat map's structure depends on: its language, the grades and the risk levels."""
    levels = tuple((level.name[lang], level.colour) for level in rules.levels)
    return ("risk", lang, tuple(rules.grade_name(grade, lang) for grade in GRADES), levels)


def risk_heatmap_datasets(rows: list[RiskCellRow]) -> Datasets:
    return {
        "cells": [
            {"impact": r.impact, "likelihood": r.likelihood, "count": r.count, "risk": r.risk} for r in rows
        ]
    }


def step_scores(report: ScoreReport, catalogue: Catalogue, lang: Language) -> TemplatedChart:
    """`step_scores_chart` for `SpecTemplates`: on screen and in the PDF."""
    rows = step_score_rows(report, catalogue, lang)
    return TemplatedChart(
        step_scores_key(catalogue, lang),
        lambda: step_scores_chart(report, catalogue, lang),
        step_scores_datasets(rows, catalogue, lang),
    )


def risk_heatmap(found: list[Finding], rules: RiskRules, lang: Language) -> TemplatedChart:
    """`risk_heatmap_chart` for `SpecTemplates`: on screen and in the PDF."""
    return TemplatedChart(
        risk_heatmap_key(rules, lang),
        lambda: risk_heatmap_chart(found, rules, lang),
        risk_heatmap_datasets(risk_cell_rows(found, rules, lang)),
    )


def risk_heatmap_chart(found: list[Finding], rules: RiskRules, lang: Language) -> alt.LayerChart:
    """Impact (rows, high on top) x likelihood (columns): count and risk level in every cell."""
    rows = risk_cell_rows(found, rules, lang)
    grades = [rules.grade_name(grade, lang) for grade in GRADES]
    data = _named("cells")
    x = alt.X(
        "likelihood:O", sort=grades, title=t("report.chart_likelihood", lang), axis=alt.Axis(labelAngle=0)
    )
    y = alt.Y("impact:O", sort=list(reversed(grades)), title=t("report.chart_impact", lang))
    colour = alt.Color(
        "risk:N",
        title=t("report.chart_risk", lang),
        scale=alt.Scale(
            domain=[level.name[lang] for level in rules.levels],
            range=[level.colour for level in rules.levels],
        ),
        legend=alt.Legend(orient="bottom", direction="horizontal"),
    )
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=2).encode(x=x, y=y, color=colour)
    counts = (
        alt.Chart(data)
        .mark_text(fontSize=22, fontWeight="bold", color=INK, dy=-6)
        .encode(x=x, y=y, text="count:Q")
    )
    names = alt.Chart(data).mark_text(fontSize=9, color=INK, dy=14).encode(x=x, y=y, text="risk:N")
    chart = (
        alt.layer(cells, counts, names)
        .properties(
            width=300,
            height=210,
            description=t("report.chart_risk_description", lang),
            title=t("report.chart_risk_title", lang),
            autosize=NATURAL_SIZE,
            datasets=risk_heatmap_datasets(rows),
        )
        .configure(font=FONT)
        .configure_view(stroke=None)
    )
    return cast(alt.LayerChart, chart)


@cache
def _fonts_registered() -> bool:
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))
    return True


@lru_cache(maxsize=64)
def _png(spec_json: str, scale: float) -> bytes:
    import vl_convert

    _fonts_registered()
    # No base URLs: the renderer may not fetch anything (no data, fonts or images from the network).
    png: bytes = vl_convert.vegalite_to_png(spec_json, scale=scale, allowed_base_urls=[])
    return png


def chart_png(chart: alt.TopLevelMixin | Spec, scale: float = PNG_SCALE) -> bytes:
    """The chart (or its Vega-Lite spec) as PNG bytes; equal charts are rendered once per process."""
    # Not validated here: jsonschema validation was a tenth of a report's build time, and the report's
    # Altair charts are validated already where their description is read (report/flows_facts.py).
    spec: Spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return _png(json.dumps(spec, sort_keys=True, ensure_ascii=False), scale)
