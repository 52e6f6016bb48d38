"""AppTest of the summary's "Wat als": tick the top 5 of a demo, see the score after the plan."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.projection import project, top_actions
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.scan.model import Assessment
from pia_core.ui.projection_panel import CHOICE_KEY, PLANNED_KEY
from pia_core.vocabulary import Language
from pia_core.wording.projection import projection_line

from ..apptest import goto, new_app, state

DEMO = "zorg-patientbrieven"
# "Nu 83, Onvoldoende, 8 kritieke punten → na het plan 89, Onvoldoende, 3"
LINE = re.compile(r"(?:Nu|Now) (\d+), .*?, (\d+) \w+ \w+ → (?:na het plan|after the plan) (\d+), .*?, (\d+)")


def demo_summary(language: Language, presentation: bool = False) -> AppTest:
    at = new_app()
    loaded = load_demo(DEMO, shipped_content()).dossier.model_copy(deep=True)
    at.session_state["dossier"] = loaded
    current = loaded.assessment()
    current.language = language
    current.presentation.enabled = presentation
    at.session_state["assessment"] = current
    return goto(at, "app_pages/summary.py")


def shown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.subheader])


def top_button(at: AppTest, language: Language):  # type: ignore[no-untyped-def]
    (button,) = [b for b in at.button if b.label == t("projection.top", language)]
    return button


def projected_line(at: AppTest) -> re.Match[str]:
    found = LINE.search(shown(at))
    assert found, shown(at)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_top_five_raise_the_score_and_cut_the_critical_points(language: Language) -> None:
    at = demo_summary(language)
    assert t("projection.heading", language) in shown(at)
    assert t("projection.none_planned", language) in shown(at)
    assert not LINE.search(shown(at))  # nothing planned: no projection yet
    top_button(at, language).click().run()
    assert not at.exception, [e.value for e in at.exception]
    current: Assessment = state(at)
    content = shipped_content()
    judged = evaluate(current, content)
    top = top_actions(judged)
    assert list(at.multiselect(key=CHOICE_KEY).value) == list(top)
    expected = projection_line(project(current, content, top, today=judged), language)
    assert expected in shown(at)
    now_score, now_critical, plan_score, plan_critical = map(int, projected_line(at).groups())
    assert plan_score > now_score
    assert plan_critical < now_critical
    # The per-step numbers beside the chart, and the chart itself.
    charts = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert [c for c in charts if c.get("description") == t("projection.chart_description", language)]
    assert any(t("projection.planned_label", language) in str(frame.value.columns) for frame in at.dataframe)
    # The ticks are kept in the session only, not in the scan.
    assert at.session_state[PLANNED_KEY][current.id] == top
    assert "planned" not in current.model_dump_json()


def test_one_action_untick_and_clear() -> None:
    at = demo_summary("nl")
    judged = evaluate(state(at), shipped_content())
    first = judged.findings[0].id
    at.multiselect(key=CHOICE_KEY).set_value([first]).run()
    assert not at.exception
    assert at.session_state[PLANNED_KEY][state(at).id] == (first,)
    assert projected_line(at)
    (clear,) = [b for b in at.button if b.label == t("projection.clear", "nl")]
    clear.click().run()
    assert at.session_state[PLANNED_KEY][state(at).id] == ()
    assert not LINE.search(shown(at))
    assert t("projection.none_planned", "nl") in shown(at)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_presentation_mode_shows_it_large(language: Language) -> None:
    at = demo_summary(language, presentation=True)
    top_button(at, language).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "pia-projection-line" in shown(at)
    now_score, _, plan_score, _ = map(int, projected_line(at).groups())
    assert plan_score > now_score
    # The per-step numbers as an HTML table, whose type grows with the page's.
    assert any(t("projection.planned_label", language) in str(table.value.columns) for table in at.table)
