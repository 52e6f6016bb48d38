"""Charts drawn from a template spec: what `st.altair_chart(chart, theme=None)` would send, with the
structure built once per language and only the rows converted on each run.

Building an Altair chart costs ~40 ms and Streamlit's conversion (`to_dict` with schema validation,
under a lock shared by every session) ~20 ms more; turning a chart's rows into Arrow through
pandas about a millisecond per dataset. The summary drew two charts on every run, so a burst of
users opening it queued behind each other's charts. Now the structure comes from `SpecTemplates`
(keyed by what it depends on) and the rows go to Arrow directly.
"""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import pyarrow as pa  # type: ignore[import-untyped]
import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from pia_core.charts import Spec, SpecTemplates, TemplatedChart


def _screen(chart: alt.TopLevelMixin) -> Spec:
    return _convert_altair_to_vega_lite_spec(chart)  # type: ignore[arg-type]  # every chart of ours is one


SCREEN_SPECS = SpecTemplates(_screen)
FIT_COLUMN = {"type": "fit-x", "contains": "padding"}  # the whole chart as wide as its column
# Axis and legend type on a shared screen, where the page's own type is a third larger.
SHARED_SCREEN_TYPE = {
    "axis": {"labelFontSize": 15, "titleFontSize": 15},
    "legend": {"labelFontSize": 15, "titleFontSize": 15},
    "title": {"fontSize": 20},
}


def _arrow(rows: list[dict[str, Any]]) -> bytes:
    """The rows as Arrow bytes for the browser: straight from the rows (Streamlit would build a
    pandas frame first: the same values, a millisecond more per dataset on every run)."""
    return dataframe_util.convert_anything_to_arrow_bytes(pa.Table.from_pylist(rows))


def show_chart(
    chart: TemplatedChart, width: Literal["stretch", "content"], where: DeltaGenerator | None = None
) -> None:
    """`st.altair_chart(chart.build(), theme=None, width=width)`, from its template.

    A chart stretched to its column fits in it whole, axes and labels included: with the natural
    size the column's width went to the plot alone and the labels ran past it (presentation mode).
    """
    spec = SCREEN_SPECS.spec(chart)
    if width == "stretch":  # presentation mode: the chart a shared screen shows
        spec["autosize"] = FIT_COLUMN
        config = spec.setdefault("config", {})
        for part, sizes in SHARED_SCREEN_TYPE.items():
            config[part] = {**config.get(part, {}), **sizes}
    spec["datasets"] = {name: _arrow(rows) for name, rows in chart.datasets.items()}
    (where or st).vega_lite_chart(spec=spec, theme=None, width=width)
