"""The summary's charts come from a template spec filled with each score's rows: the browser must
get exactly what `st.altair_chart(chart, theme=None)` sends (structure and data), also when the
template was built for another score, and a different score must give a different chart."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from pia_core.analysis.evaluation import evaluate
    from pia_core.charts import risk_heatmap, risk_heatmap_chart, step_scores, step_scores_chart
    from pia_core.content.bundle import shipped_content
    from pia_core.demos import load_demo
    from pia_core.ui.chart_cache import FIT_COLUMN, show_chart

    content = shipped_content()
    cat, rules = content.catalogue, content.risk
    # The first demo builds the templates; the second is drawn from them with its own rows.
    for demo in ("zorg-patientbrieven", "bedrijf-nieuwsbrief"):
        judged = evaluate(load_demo(demo, content).assessment, content)
        st.altair_chart(step_scores_chart(judged.score, cat, "nl"), theme=None, width="content")
        for _ in range(2):  # built once, then from the template
            show_chart(step_scores(judged.score, cat, "nl"), "content")
        # Stretched (presentation mode): the same chart, fitted whole to its column, larger type.
        fitted = risk_heatmap_chart(judged.findings, rules, "en").properties(autosize=FIT_COLUMN)
        fitted = fitted.configure_axis(labelFontSize=15, titleFontSize=15)
        fitted = fitted.configure_legend(labelFontSize=15, titleFontSize=15).configure_title(fontSize=20)
        st.altair_chart(fitted, theme=None, width="stretch")
        show_chart(risk_heatmap(judged.findings, rules, "en"), "stretch")


def data(chart: Any) -> dict[str, list[dict[str, Any]]]:
    """A chart's datasets as the browser reads them: the rows of each Arrow table, by name."""
    return {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.datasets}


def test_a_chart_from_its_template_sends_what_st_altair_chart_sends() -> None:
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert not at.exception, at.exception
    charts = [element.proto for element in at.get("vega_lite_chart")]
    assert len(charts) == 10
    for first in (0, 5):  # per demo: steps direct, templated, again; risk direct, templated
        direct, cached, again, heat, heat_cached = charts[first : first + 5]
        assert direct.spec == cached.spec == again.spec and direct.spec
        assert data(direct) == data(cached) == data(again)
        assert len(direct.datasets) == 2  # the steps and the level bands
        assert json.loads(heat.spec) == json.loads(heat_cached.spec) and heat.spec != direct.spec
        assert data(heat) == data(heat_cached) and heat.datasets
        assert (direct.theme, direct.use_container_width) == (cached.theme, cached.use_container_width)
        assert (heat.theme, heat.use_container_width) == (heat_cached.theme, heat_cached.use_container_width)
    assert data(charts[0]) != data(charts[5]), "another score, other bars"
    assert data(charts[3]) != data(charts[8]), "other findings, other counts"
