"""The next review (issue 23, item 5): the date proposed from the risk, and due / overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.review import (
    DEFAULT_MONTHS,
    DUE_DAYS,
    HIGH_RISK_MONTHS,
    ReviewReason,
    ReviewStatus,
    add_months,
    proposed_review_date,
    review_date,
    review_months,
    review_reason,
    review_status,
)
from pia_core.analysis.screening import Verdict
from pia_core.content.bundle import shipped_content
from pia_core.scan.model import Answer, Assessment

from ..dossiers import municipality

SINCE = dt.date(2026, 3, 15)


def judged(assessment: Assessment) -> Evaluation:
    return evaluate(assessment, shipped_content())


def low_risk() -> Assessment:
    """Every question answered Ja, the DPIA check gone through with nothing ticked."""
    view = Assessment()
    for step in shipped_content().catalogue.steps:
        for question in step.questions:
            view.set_answer(question.id, Answer.YES)
    view.dpia.checked = True
    return view


def test_a_low_risk_is_reviewed_at_least_yearly() -> None:
    result = judged(low_risk())
    assert not result.critical and result.screening.verdict is Verdict.NOT_REQUIRED
    assert review_reason(result) is ReviewReason.YEARLY and review_months(result) == DEFAULT_MONTHS == 12
    assert proposed_review_date(result, SINCE) == dt.date(2027, 3, 15)


def test_open_critical_points_halve_the_term() -> None:
    view = low_risk()
    critical = next(iter(judged(view).critical_ids))
    view.set_answer(critical, Answer.NO)
    result = judged(view)
    assert result.critical and result.screening.verdict is not Verdict.REQUIRED
    assert review_reason(result) is ReviewReason.CRITICAL
    assert proposed_review_date(result, SINCE) == dt.date(2026, 9, 15)


def test_a_required_dpia_halves_the_term() -> None:
    view = low_risk()
    view.screening["art35_3a"] = True  # a systematic and extensive evaluation: always required
    result = judged(view)
    assert result.screening.verdict is Verdict.REQUIRED
    assert review_reason(result) is ReviewReason.DPIA and review_months(result) == HIGH_RISK_MONTHS == 6
    assert proposed_review_date(result, SINCE) == dt.date(2026, 9, 15)


def test_the_demo_municipality_activities_get_a_term_by_their_risk() -> None:
    dossier = municipality(4, without_agreement=(1,))
    for activity_id in dossier.ids:
        result = judged(dossier.assessment(activity_id))
        high = bool(result.critical) or result.screening.verdict is Verdict.REQUIRED
        assert review_months(result) == (6 if high else 12)


def test_a_chosen_date_wins_over_the_proposal() -> None:
    result = judged(low_risk())
    assert review_date(None, result, SINCE) == dt.date(2027, 3, 15)
    assert review_date(dt.date(2026, 5, 1), result, SINCE) == dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # no 31 February: the month's last day
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 2, 28), 12, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 7, 1), 6, dt.date(2027, 1, 1)),
    ],
)
def test_months_are_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (TODAY - dt.timedelta(days=1), ReviewStatus.OVERDUE),
        (dt.date(2025, 1, 1), ReviewStatus.OVERDUE),
        (TODAY, ReviewStatus.DUE),
        (TODAY + dt.timedelta(days=DUE_DAYS), ReviewStatus.DUE),
        (TODAY + dt.timedelta(days=DUE_DAYS + 1), ReviewStatus.OK),
        (dt.date(2027, 12, 7), ReviewStatus.OK),
    ],
)
def test_status_is_overdue_past_the_date_and_due_within_a_month(day: dt.date, status: ReviewStatus) -> None:
    assert review_status(day, TODAY) is status


def test_a_copied_activity_starts_without_the_templates_review_date() -> None:
    dossier = municipality(1)
    dossier.activities[0].review_date = dt.date(2027, 1, 1)
    copy = dossier.add("Kopie", template=dossier.ids[0])
    assert copy.review_date is None and dossier.activities[0].review_date == dt.date(2027, 1, 1)
