"""AppTest of the organisation overview: every activity with its level, and working on one from there."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.analysis.organisation import evaluate_organisation
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Language
from pia_core.ui.activities import plain
from pia_core.ui.overview_page import OPEN_PREFIX
from pia_core.ui.scoreboard import verdict_badge
from pia_core.wording.organisation import activity_name, where_text
from pia_core.wording.verdict import level_name

from ..apptest import goto, new_app, state
from ..dossiers import municipality

OVERVIEW = "app_pages/overview.py"
BLANK = "Nog te beginnen"


def organisation(language: Language) -> Dossier:
    dossier = municipality(4, without_agreement=(1, 3))
    dossier.language = language
    dossier.add(BLANK)  # nothing answered yet
    dossier.choose(dossier.ids[0])
    return dossier


def overview(dossier: Dossier) -> AppTest:
    at = new_app()
    at.session_state["dossier"] = dossier
    at.session_state["assessment"] = dossier.assessment()
    return goto(at, OVERVIEW)


def markdown(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_activity_is_listed_with_its_level(language: Language) -> None:
    dossier = organisation(language)
    at = overview(dossier)
    assert at.title[0].value == t("overview.heading", language)
    shown = markdown(at)
    result = evaluate_organisation(dossier, shipped_content())
    for item in result.activities:
        assert f"**{plain(activity_name(item, language))}**" in shown
        assert at.button(key=OPEN_PREFIX + item.id).label == t("overview.open", language)
    badges = [str(m.value) for m in at.main.markdown if "pia-level" in str(m.value)]
    assert badges == [verdict_badge(item.evaluation, language) for item in result.activities]
    assert all(
        level_name(i.evaluation, language) in b for i, b in zip(result.activities, badges, strict=True)
    )
    assert [c.value for c in at.caption].count(t("overview.chosen", language)) == 1
    gap = next(g for g in result.shared if g.count == 2)
    assert any(plain(where_text(gap, result, language)) in text for text in shown)
    heat = at.dataframe[0].value
    assert list(heat.iloc[:, 0]) == [f"{i.number}. {activity_name(i, language)}" for i in result.activities]
    assert not at.exception


def test_open_switches_the_chosen_activity_and_goes_to_its_summary() -> None:
    dossier = organisation("nl")
    chosen = dossier.ids[2]
    at = overview(dossier)
    at.button(key=OPEN_PREFIX + chosen).click().run()
    assert not at.exception
    assert state(at).id == chosen
    assert at.session_state["dossier"].current == chosen
    assert at.title[0].value == t("summary.heading", "nl")
    assert state(at).activity.name == dossier.activity(chosen).activity.name


def test_open_on_an_activity_without_answers_goes_to_step_1() -> None:
    dossier = organisation("en")
    blank = dossier.ids[-1]
    at = overview(dossier)
    at.button(key=OPEN_PREFIX + blank).click().run()
    assert not at.exception
    assert state(at).id == blank
    assert set(state(at).answers) == set(dossier.answers)  # the organisation's step 0 only
    step_1 = shipped_content().catalogue.step(1).title("en")
    assert at.title[0].value == t("step.heading", "en", number=1, title=step_1)
