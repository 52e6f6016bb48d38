"""Scoring: the numbers behind 'Zo werkt de score' for every edge case (the level: test_evaluation)."""

from __future__ import annotations

import pytest

from pia_core.analysis.scoring import StepStatus, score
from pia_core.content.loader import Catalogue
from pia_core.scan.model import Answer, Assessment, Organisation, Sector


def answered(cat: Catalogue, value: Answer, sector: Sector = Sector.OTHER) -> Assessment:
    ids = [q.id for s in cat.steps for q in s.applicable(sector)]
    return Assessment(organisation=Organisation(sector=sector), answers=dict.fromkeys(ids, value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Answer.YES, 100.0), (Answer.NO, 0.0), (Answer.PARTLY, 50.0), (Answer.UNKNOWN, 0.0)],
)
def test_uniform_answers_give_uniform_scores(tiny: Catalogue, value: Answer, expected: float) -> None:
    report = score(answered(tiny, value), tiny)
    assert report.overall == expected
    assert all(r.score == expected for r in report.steps.values())


def test_all_not_applicable_has_no_score_and_no_level(tiny: Catalogue) -> None:
    report = score(answered(tiny, Answer.NA), tiny)
    assert report.overall is None
    assert all(r.score is None for r in report.steps.values())
    assert all(r.status is StepStatus.COMPLETE for r in report.steps.values())


def test_empty_assessment_has_no_score(tiny: Catalogue) -> None:
    report = score(Assessment(), tiny)
    assert report.overall is None
    assert report.answered == 0
    assert all(r.status is StepStatus.NOT_STARTED for r in report.steps.values())


def test_step_score_is_weighted_mean_of_answered_questions(tiny: Catalogue) -> None:
    # s1_a weight 3 yes, s1_b weight 1 no -> 75; s1_gov hidden for sector other.
    report = score(Assessment(answers={"s1_a": Answer.YES, "s1_b": Answer.NO}), tiny)
    assert report.steps[1].score == 75.0
    assert report.steps[1].applicable == 2
    assert report.steps[1].status is StepStatus.COMPLETE
    # Unanswered and na questions do not pull the score down.
    report = score(Assessment(answers={"s2_a": Answer.YES, "s2_b": Answer.NA}), tiny)
    assert report.steps[2].score == 100.0


def test_overall_is_mean_of_step_scores_not_of_questions(tiny: Catalogue) -> None:
    # Step 1: 100 (4 weight points), step 2: 0 (4 weight points), step 0 unanswered.
    answers = {"s1_a": Answer.YES, "s1_b": Answer.YES, "s2_a": Answer.NO, "s2_b": Answer.NO}
    report = score(Assessment(answers=answers), tiny)
    assert report.overall == 50.0
    assert report.steps[0].score is None


def test_sector_filter_hides_questions_without_losing_answers(tiny: Catalogue) -> None:
    gov = Assessment(organisation=Organisation(sector=Sector.GOVERNMENT), answers={"s1_gov": Answer.NO})
    assert score(gov, tiny).steps[1].score == 0.0
    assert score(gov, tiny).steps[1].applicable == 3
    gov.organisation.sector = Sector.COMPANY
    company = score(gov, tiny)
    assert company.steps[1].score is None  # the government question no longer counts
    assert company.steps[1].applicable == 2
    assert gov.answers["s1_gov"] is Answer.NO  # but the answer is kept


def test_hidden_note_says_answers_are_kept_only_when_there_are_some(tiny: Catalogue) -> None:
    from pia_core.i18n import t
    from pia_core.wording.steps import hidden_note

    step = tiny.step(1)  # s1_gov applies to government only
    company = Assessment(organisation=Organisation(sector=Sector.COMPANY))
    assert hidden_note(step, company, "nl") == t("step.hidden_one", "nl")
    company.set_answer("s1_gov", Answer.NO)
    assert hidden_note(step, company, "en") == f"{t('step.hidden_one', 'en')} {t('step.hidden_kept', 'en')}"
    assert hidden_note(step, Assessment(organisation=Organisation(sector=Sector.GOVERNMENT)), "nl") is None
