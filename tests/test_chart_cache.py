"""The summary's charts come from a cached spec: the browser must get exactly what
`st.altair_chart(chart, theme=None)` sends, and a different score must give a different chart."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    from functools import partial

    import streamlit as st

    from pia_core.analysis.evaluation import evaluate
    from pia_core.analysis.risk import risk_rules
    from pia_core.charts import risk_heatmap_chart, step_score_rows, step_scores_chart
    from pia_core.content.loader import catalogue
    from pia_core.demos import load_demo
    from pia_core.ui.chart_cache import show_chart

    cat = catalogue()
    for demo in ("zorg-patientbrieven", "bedrijf-nieuwsbrief"):
        judged = evaluate(load_demo(demo).assessment, cat)
        rows = tuple(step_score_rows(judged.score, cat, "nl"))
        st.altair_chart(step_scores_chart(judged.score, cat, "nl"), theme=None, width="content")
        for _ in range(2):  # built once, then from the cache
            show_chart(("steps", rows, "nl"), partial(step_scores_chart, judged.score, cat, "nl"), "content")
        heat = risk_heatmap_chart(judged.findings, risk_rules(), "en")
        st.altair_chart(heat, theme=None, width="stretch")
        show_chart(
            ("risk", demo, "en"), partial(risk_heatmap_chart, judged.findings, risk_rules(), "en"), "stretch"
        )


def test_a_cached_chart_sends_what_st_altair_chart_sends() -> None:
    at = AppTest.from_function(_script, default_timeout=60).run()
    assert not at.exception, at.exception
    charts = [element.proto for element in at.get("vega_lite_chart")]
    assert len(charts) == 10
    for first in (0, 5):  # per demo: steps direct, cached, cached again; risk direct, cached
        direct, cached, again, heat, heat_cached = charts[first : first + 5]
        assert direct.spec == cached.spec == again.spec and direct.spec
        assert heat.spec == heat_cached.spec and heat.spec != direct.spec
        assert (direct.theme, direct.use_container_width) == (cached.theme, cached.use_container_width)
        assert (heat.theme, heat.use_container_width) == (heat_cached.theme, heat_cached.use_container_width)
    assert charts[0].spec != charts[5].spec, "another score, another chart"
