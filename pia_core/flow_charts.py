"""The two savings charts, defined once for the page, the summary and the PDF.

Colours are from the Okabe-Ito palette (distinguishable with every common colour-vision
deficiency); each chart carries a Vega-Lite `description` as its text alternative, and the same
numbers are available as a table (`cost_table`, `cumulative_table`).

Beside pia_core/charts.py (whose font it shares), not in pia_core.flows: charts are an output, drawn
from the flows' savings, like organisation_charts.py from the analysis.
"""

from __future__ import annotations

import altair as alt

from pia_core.charts import FONT
from pia_core.flows.savings import Savings
from pia_core.formatting import money
from pia_core.i18n import t
from pia_core.vocabulary import Language

CURRENT_COLOUR = "#E69F00"  # Okabe-Ito orange
DIGITAL_COLOUR = "#0072B2"  # Okabe-Ito blue
IMPLEMENTATION_COLOUR = "#000000"
LABEL_MAX = 40
WIDTH = 560


def flow_label(number: int, name: str) -> str:
    """Numbered, so two flows with the same name stay two bars; long names shortened."""
    text = f"{number}. {name}"
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _amount_axis(lang: Language) -> alt.Axis:
    """Thousands grouped as the language writes them (12.000 / 12,000), without a chart locale:
    a `config` set here would be replaced when the report adds its own (font) configuration."""
    # Few, well-spaced ticks: amounts like "140.000" never run into each other in the PDF's PNG.
    if lang == "nl":
        return alt.Axis(
            labelExpr="replace(format(datum.value, ',.0f'), regexp(',', 'g'), '.')",
            tickCount=5,
            labelOverlap="greedy",
        )
    return alt.Axis(format=",.0f", tickCount=5, labelOverlap="greedy")


def cost_table(result: Savings, lang: Language) -> list[dict[str, str]]:
    return [
        {
            t("flows.chart.col_flow", lang): flow_label(f.number, f.name),
            t("flows.chart.col_current", lang): money(f.current, lang),
            t("flows.chart.col_digital", lang): money(f.digital, lang),
            t("flows.chart.col_saving", lang): money(f.saving, lang),
        }
        for f in result.flows
    ]


def cumulative_table(result: Savings, lang: Language) -> list[dict[str, str]]:
    return [
        {
            t("flows.chart.col_year", lang): str(year),
            t("flows.chart.col_cumulative", lang): money(value, lang),
            t("flows.chart.col_implementation", lang): money(result.implementation, lang),
        }
        for year, value in result.cumulative()
    ]


def cost_chart(result: Savings, lang: Language) -> alt.Chart:
    """Grouped horizontal bars: cost per year per flow, now and digital."""
    now, digital = t("flows.chart.scenario_current", lang), t("flows.chart.scenario_digital", lang)
    rows = [
        {"flow": flow_label(f.number, f.name), "scenario": scenario, "cost": cost, "label": money(cost, lang)}
        for f in result.flows
        for scenario, cost in ((now, f.current), (digital, f.digital))
    ]
    order = [flow_label(f.number, f.name) for f in result.flows]
    description = t(
        "flows.chart.cost_description",
        lang,
        current=money(result.current, lang),
        digital=money(result.digital, lang),
    )
    chart: alt.Chart = (
        alt.Chart(
            alt.InlineData(values=rows), title=t("flows.chart.cost_title", lang), description=description
        )
        .mark_bar()
        .encode(
            y=alt.Y(
                "flow:N", sort=order, title=t("flows.chart.flow_axis", lang), axis=alt.Axis(labelLimit=320)
            ),
            yOffset=alt.YOffset("scenario:N", sort=[now, digital]),
            x=alt.X("cost:Q", title=t("flows.chart.cost_axis", lang), axis=_amount_axis(lang)),
            color=alt.Color(
                "scenario:N",
                scale=alt.Scale(domain=[now, digital], range=[CURRENT_COLOUR, DIGITAL_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("flow:N", title=t("flows.chart.col_flow", lang)),
                alt.Tooltip("scenario:N", title=" "),
                alt.Tooltip("label:N", title=t("flows.chart.cost_axis", lang)),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(14))
        .configure(font=FONT)  # the report's font, in the PNG as on the screen
    )
    return chart


def cumulative_chart(result: Savings, lang: Language) -> alt.LayerChart:
    """The cumulative saving over five years as a line, the one-off cost as a dashed rule."""
    saving_name = t("flows.chart.series_saving", lang)
    cost_name = t("flows.chart.series_implementation", lang)
    rows = [
        {"year": year, "value": value, "series": saving_name, "label": money(value, lang)}
        for year, value in result.cumulative()
    ]
    rule = [
        {"value": result.implementation, "series": cost_name, "label": money(result.implementation, lang)}
    ]
    description = t(
        "flows.chart.cumulative_description",
        lang,
        annual=money(result.annual, lang),
        implementation=money(result.implementation, lang),
    )
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[saving_name, cost_name], range=[DIGITAL_COLOUR, IMPLEMENTATION_COLOUR]),
        legend=alt.Legend(title=None, orient="top"),
    )
    line = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("year:O", title=t("flows.chart.year_axis", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=t("flows.chart.cumulative_axis", lang), axis=_amount_axis(lang)),
            color=colour,
            tooltip=[
                alt.Tooltip("year:O", title=t("flows.chart.year_axis", lang)),
                alt.Tooltip("label:N", title=saving_name),
            ],
        )
    )
    cost = (
        alt.Chart(alt.InlineData(values=rule))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(
            y="value:Q",
            color=colour,
            tooltip=[alt.Tooltip("label:N", title=cost_name)],
        )
    )
    layered: alt.LayerChart = alt.LayerChart(
        layer=[line, cost],
        title=t("flows.chart.cumulative_title", lang),
        description=description,
        width=WIDTH,
        height=260,
    ).configure(font=FONT)
    return layered
