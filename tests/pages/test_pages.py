"""AppTest of every page: renders in both languages, keeps answers, updates scores live."""

from __future__ import annotations

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.model import Answer, Sector

from ..apptest import ALL_PAGES, goto, new_app, set_language, state


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_renders_without_exception(language: str) -> None:
    at = new_app()
    set_language(at, language)
    for page in ALL_PAGES:
        goto(at, page)
        assert at.title, page
        if page.startswith("app_pages/step_"):
            number = int(page[-5:-3])
            title = shipped_content().catalogue.step(number).title(language)  # type: ignore[arg-type]
            assert at.title[0].value == t("step.heading", language, number=number, title=title)  # type: ignore[arg-type]
            applicable = shipped_content().catalogue.step(number).applicable(Sector.OTHER)
            assert len(at.radio) == len(applicable)


def test_step_page_shows_live_hint_with_article() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    question = next(q for q in shipped_content().catalogue.step(1).questions if not q.spec.critical)
    at.radio(key=f"q_{question.id}").set_value(Answer.NO).run()
    warnings = [w.value for w in at.warning]
    assert any(question.text("nl").action in w for w in warnings)
    assert any(shipped_content().catalogue.references(question, "nl")[0] in w for w in warnings)
    at.radio(key=f"q_{question.id}").set_value(Answer.YES).run()
    assert any(question.text("nl").do in s.value for s in at.success)


def test_critical_no_shows_error_and_caps_level() -> None:
    at = goto(new_app(), "app_pages/step_02.py")
    critical = next(q for q in shipped_content().catalogue.step(2).questions if q.spec.critical)
    at.radio(key=f"q_{critical.id}").set_value(Answer.NO).run()
    assert any(critical.text("nl").action in e.value for e in at.error)
    lowest = shipped_content().catalogue.scoring.levels[0].name["nl"]
    assert any(lowest in m.value for m in at.sidebar.markdown)


def test_answer_survives_visiting_other_pages() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    qid = shipped_content().catalogue.step(1).questions[0].id
    at.radio(key=f"q_{qid}").set_value(Answer.PARTLY).run()
    at.text_area(key="notes_1").input("Navragen bij ICT").run()
    for page in ("app_pages/step_05.py", "app_pages/step_10.py", "app_pages/start.py"):
        goto(at, page)
        assert at.sidebar.metric, f"{page} ran without app.py"
    goto(at, "app_pages/step_01.py")
    assert at.radio(key=f"q_{qid}").value is Answer.PARTLY
    assert at.text_area(key="notes_1").value == "Navragen bij ICT"
    assert state(at).answers[qid] is Answer.PARTLY


def test_answers_survive_language_switch() -> None:
    at = goto(new_app(), "app_pages/step_02.py")
    qid = shipped_content().catalogue.step(2).questions[0].id
    at.radio(key=f"q_{qid}").set_value(Answer.YES).run()
    set_language(at, "en")
    assert at.radio(key=f"q_{qid}").value is Answer.YES
    assert at.title[0].value.startswith("Step 2 of 10")
    set_language(at, "nl")
    assert at.radio(key=f"q_{qid}").value is Answer.YES
    assert at.title[0].value.startswith("Stap 2 van 10")


def test_sidebar_overall_score_changes_with_answers() -> None:
    at = goto(new_app(), "app_pages/step_03.py")
    assert at.sidebar.metric[0].value == "—"
    qid = next(q.id for q in shipped_content().catalogue.step(3).questions if not q.spec.sectors)
    at.radio(key=f"q_{qid}").set_value(Answer.YES).run()
    assert at.sidebar.metric[0].value == "100 / 100"
    at.radio(key=f"q_{qid}").set_value(Answer.PARTLY).run()
    assert at.sidebar.metric[0].value == "50 / 100"
    assert any("<b>50 / 100</b>" in m.value for m in at.main.markdown)  # the step's own score


def test_sector_switch_hides_questions_but_keeps_answers() -> None:
    sector_question = next(
        q
        for q in shipped_content().catalogue.questions.values()
        if q.spec.sectors and Sector.GOVERNMENT in q.spec.sectors
    )
    page = f"app_pages/step_{sector_question.step:02d}.py" if sector_question.step else "app_pages/start.py"
    at = goto(new_app(), "app_pages/start.py")
    at.selectbox(key="org_sector_nl").set_value(Sector.GOVERNMENT).run()
    goto(at, page)
    at.radio(key=f"q_{sector_question.id}").set_value(Answer.NO).run()
    goto(at, "app_pages/start.py")
    at.selectbox(key="org_sector_nl").set_value(Sector.COMPANY).run()
    goto(at, page)
    assert not [r for r in at.radio if r.key == f"q_{sector_question.id}"]
    assert state(at).answers[sector_question.id] is Answer.NO
    goto(at, "app_pages/start.py")
    at.selectbox(key="org_sector_nl").set_value(Sector.GOVERNMENT).run()
    goto(at, page)
    assert at.radio(key=f"q_{sector_question.id}").value is Answer.NO


def test_start_page_fields_write_to_the_assessment() -> None:
    at = goto(new_app(), "app_pages/start.py")
    at.text_input(key="org_name").input("Gemeente Ede 🏛️ <script>").run()
    at.text_input(key="activity_name").input("Aanvraag verhuizen").run()
    goto(at, "app_pages/step_04.py")
    goto(at, "app_pages/start.py")
    assert at.text_input(key="org_name").value == "Gemeente Ede 🏛️ <script>"
    assert state(at).activity.name == "Aanvraag verhuizen"


def test_step_progress_in_sidebar() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    questions = shipped_content().catalogue.step(1).applicable(Sector.OTHER)
    for q in questions:
        at.radio(key=f"q_{q.id}").set_value(Answer.YES).run()
    labels = [getattr(link, "label", "") for link in at.sidebar.get("page_link")]
    assert any(label.endswith("· 100") for label in labels)
