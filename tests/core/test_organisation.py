"""The organisation's view: each activity judged as on its own pages, and the gaps they share."""

from __future__ import annotations

import pytest

from pia_core.analysis import organisation
from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.organisation import evaluate_organisation
from pia_core.content.bundle import Content, shipped_content
from pia_core.organisation_charts import heat_map_chart, heat_table, step_numbers
from pia_core.scan.dossier import Dossier
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import Answer, Assessment, Organisation, Sector
from pia_core.wording.organisation import activity_name, dpia_text, lowest_name, shared_action, where_text
from tests.dossiers import PROCESSOR_QUESTION, municipality

from ..shipped import content_with

FG_QUESTION = "s0_fg_appointed"  # critical, step 0: the organisation's own


def answer(dossier: Dossier, activity_id: str, question_id: str, value: Answer) -> None:
    view = dossier.assessment(activity_id)
    view.set_answer(question_id, value)
    dossier.absorb(view, activity_id)


def test_every_activity_gets_the_verdict_its_own_pages_show() -> None:
    dossier = municipality(5)
    result = evaluate_organisation(dossier, shipped_content())
    assert [item.id for item in result.activities] == dossier.ids
    for item in result.activities:
        alone = evaluate(dossier.assessment(item.id), shipped_content())
        assert item.evaluation.score == alone.score
        assert item.evaluation.level == alone.level
        assert item.evaluation.provisional == alone.provisional
        assert item.critical_count == len(alone.critical)
        assert item.dpia == alone.screening.verdict
        assert activity_name(item, "nl") == dossier.activity(item.id).activity.name


def test_each_activity_is_evaluated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(view: Assessment, content: Content) -> Evaluation:
        calls.append(view.id)
        return evaluate(view, content)

    monkeypatch.setattr(organisation, "evaluate", counting)
    dossier = municipality(25)
    evaluate_organisation(dossier, shipped_content())
    assert sorted(calls) == sorted(dossier.ids)


def test_a_gap_in_several_activities_is_one_action_naming_them() -> None:
    dossier = municipality(7, without_agreement=(1, 3, 4, 6))
    result = evaluate_organisation(dossier, shipped_content())
    gap = next(g for g in result.shared if g.key == PROCESSOR_QUESTION)
    missing = [dossier.ids[i] for i in (1, 3, 4, 6)]
    assert gap.activity_ids == tuple(missing)
    assert gap.critical and not gap.organisation_wide
    names = [dossier.activity(i).activity.name for i in missing]
    assert where_text(gap, result, "nl") == (
        f"bij 4 van 7 verwerkingen: {names[0]}, {names[1]}, {names[2]} en {names[3]}"
    )
    assert where_text(gap, result, "en").startswith("in 4 of 7 processing activities: ")
    assert (
        shared_action(gap, "nl")
        == evaluate(dossier.assessment(missing[0]), shipped_content()).findings[0].action["nl"]
    )


def test_a_gap_in_one_activity_stays_that_activitys_own() -> None:
    dossier = municipality(4, without_agreement=(2,))
    result = evaluate_organisation(dossier, shipped_content())
    assert PROCESSOR_QUESTION not in {g.key for g in result.shared}
    assert PROCESSOR_QUESTION in {f.id for f in result.activity(dossier.ids[2]).evaluation.findings}


def test_shared_actions_critical_first_then_by_how_many() -> None:
    result = evaluate_organisation(municipality(7, without_agreement=(1, 3, 4, 6)), shipped_content())
    keys = [(not g.critical, -g.count) for g in result.shared]
    assert keys == sorted(keys)
    assert any(g.critical for g in result.shared) and any(not g.critical for g in result.shared)


def test_a_step_0_gap_is_the_organisations_and_its_critical_point_counts_once() -> None:
    dossier = municipality(3, without_agreement=())
    before = evaluate_organisation(dossier, shipped_content())
    view = dossier.assessment()
    view.set_answer(FG_QUESTION, Answer.NO)  # one answer for the whole organisation
    dossier.absorb(view)
    after = evaluate_organisation(dossier, shipped_content())
    gap = next(g for g in after.shared if g.key == FG_QUESTION)
    assert gap.organisation_wide and gap.count == 3
    assert where_text(gap, after, "nl") == "geldt voor de hele organisatie (stap 0, de FG)"
    assert all(FG_QUESTION in {f.id for f in item.evaluation.critical} for item in after.activities)
    assert after.critical_total == before.critical_total + 1


def test_the_same_flow_flag_in_two_activities_is_one_gap() -> None:
    dossier = Dossier(organisation=Organisation(name="Zorggroep", sector=Sector.HEALTHCARE))
    dossier.rename(dossier.current, "Uitslagen")
    dossier.add("Afspraken")
    for activity_id, flow_name in zip(dossier.ids, ("Uitslag per mail", "Herinnering"), strict=True):
        view = dossier.assessment(activity_id)
        view.flows = [
            Flow(
                name=flow_name,
                recipients=Recipient.CITIZENS,
                volume=100,
                channel=Channel.EMAIL,
                special_data=True,
                processor=Processor.NONE,
            )
        ]
        dossier.absorb(view, activity_id)
    result = evaluate_organisation(dossier, shipped_content())
    gap = next(g for g in result.shared if g.key == "flow:special_by_email")
    assert gap.count == 2 and gap.critical
    assert "Uitslag per mail" not in shared_action(gap, "nl")  # the shared action names no single flow
    assert shared_action(gap, "nl") in result.activities[0].evaluation.critical[0].action["nl"]


def test_an_answer_in_one_activity_never_changes_anothers_score() -> None:
    dossier = municipality(4, without_agreement=())
    before = evaluate_organisation(dossier, shipped_content())
    changed = dossier.ids[2]
    answer(dossier, changed, PROCESSOR_QUESTION, Answer.NO)
    answer(dossier, changed, "s8_two_factor", Answer.UNKNOWN)
    after = evaluate_organisation(dossier, shipped_content())
    for old, new in zip(before.activities, after.activities, strict=True):
        if old.id == changed:
            assert new.evaluation.score != old.evaluation.score
            assert new.critical_count > old.critical_count
        else:
            assert new.evaluation.score == old.evaluation.score
            assert new.evaluation.findings == old.evaluation.findings


def test_lowest_level_is_provisional_only_when_every_activity_there_is() -> None:
    dossier = municipality(2, without_agreement=())
    first, second = dossier.ids
    cat = shipped_content().catalogue
    for activity_id in (first, second):  # an open critical question in both: both provisional
        view = dossier.assessment(activity_id)
        view.set_answer(PROCESSOR_QUESTION, None)
        dossier.absorb(view, activity_id)
    result = evaluate_organisation(dossier, shipped_content())
    assert all(item.evaluation.provisional for item in result.activities)
    assert result.lowest is not None and result.lowest_provisional
    assert lowest_name(result, "nl") == f"{result.lowest.name['nl']} (voorlopig)"
    answer(dossier, second, PROCESSOR_QUESTION, Answer.NO)  # answered: a critical point, final
    result = evaluate_organisation(dossier, shipped_content())
    assert result.activity(first).evaluation.provisional
    assert result.lowest == cat.scoring.levels[0] and not result.lowest_provisional
    assert lowest_name(result, "en") == cat.scoring.levels[0].name["en"]


def test_nothing_answered_has_no_lowest_level() -> None:
    dossier = Dossier()
    dossier.add("Tweede")
    result = evaluate_organisation(dossier, shipped_content())
    assert result.lowest is None and lowest_name(result, "nl") == "—"
    assert result.critical_total == 0
    assert [activity_name(item, "nl") for item in result.activities] == [
        "Verwerking 1 (nog zonder naam)",
        "Tweede",
    ]


def test_the_dpia_check_reads_not_filled_in_until_something_is_ticked() -> None:
    dossier = municipality(2)
    dossier.add("Nieuw")  # its DPIA check is empty: "niet verplicht" would only mean nobody looked
    result = evaluate_organisation(dossier, shipped_content())
    demo, _, blank = result.activities
    assert demo.dpia.value == "required" and dpia_text(demo, "nl") == "Verplicht"
    assert blank.dpia.value == "not_filled" and dpia_text(blank, "en") == "Not filled in"


def test_heat_map_has_a_row_per_activity_and_the_step_scores_in_its_table() -> None:
    dossier = municipality(4)
    cat = shipped_content().catalogue
    result = evaluate_organisation(dossier, content_with(cat))
    headers, rows = heat_table(result, cat, "nl")
    assert headers[1:] == [str(n) for n in step_numbers(cat)]
    for row, item in zip(rows, result.activities, strict=True):
        assert row[0] == f"{item.number}. {activity_name(item, 'nl')}"
        expected = [item.evaluation.score.steps[n].score for n in step_numbers(cat)]
        assert row[1:] == ["—" if s is None else f"{s:.0f}" for s in expected]
    spec = heat_map_chart(result, cat, "en").to_dict()
    assert spec["description"]
    cells = spec["layer"][0]["encoding"]
    assert cells["y"]["sort"] == [
        row[0].replace(activity_name(item, "nl"), activity_name(item, "en"))
        for row, item in zip(rows, result.activities, strict=True)
    ]
    levels = cat.scoring.levels
    assert cells["color"]["scale"]["range"][: len(levels)] == [level.colour for level in levels]
    assert cells["color"]["scale"]["domain"][: len(levels)] == [level.name["en"] for level in levels]
