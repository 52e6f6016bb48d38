"""The next review of a processing activity (issue 23, item 5): a date proposed from the risk, and
whether it is due or overdue.

The AVG asks for a rhythm, not a term: measures are "reviewed and updated where necessary" (art.
24(1)), security is tested and evaluated regularly (art. 32(1)(d)), and a DPIA is reviewed at least
when the risk changes (art. 35(11)). The terms here are the firm's rule of thumb, not the law's:
- six months when the risk is high: a DPIA the check finds required, or a critical point open;
- twelve months otherwise: at least once a year.
The user may choose another date (ActivityScan.review_date); the proposal applies while none is
chosen. Pure functions: the UI (pia_core/ui/review_panel.py) and the calendar entry
(pia_core/exports/calendar.py) read them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.screening import Verdict

HIGH_RISK_MONTHS = 6
DEFAULT_MONTHS = 12  # at least yearly
DUE_DAYS = 30  # a review within this many days is "due": time to plan it


class ReviewStatus(StrEnum):
    OK = "ok"
    DUE = "due"  # within DUE_DAYS (today included)
    OVERDUE = "overdue"  # the date has passed


class ReviewReason(StrEnum):
    """Why the proposed term is what it is (the first that applies)."""

    DPIA = "dpia"  # the DPIA check says required
    CRITICAL = "critical"  # critical points are open
    YEARLY = "yearly"  # neither: at least once a year


def review_reason(evaluation: Evaluation) -> ReviewReason:
    if evaluation.screening.verdict is Verdict.REQUIRED:
        return ReviewReason.DPIA
    if evaluation.critical:
        return ReviewReason.CRITICAL
    return ReviewReason.YEARLY


def review_months(evaluation: Evaluation) -> int:
    """The proposed term in months: shorter for a high risk."""
    return DEFAULT_MONTHS if review_reason(evaluation) is ReviewReason.YEARLY else HIGH_RISK_MONTHS


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the 31st becomes the month's last day where it has no 31st."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def proposed_review_date(evaluation: Evaluation, since: dt.date) -> dt.date:
    """The review date the risk proposes, counted from `since`: the scan's date (when it was
    assessed), so the proposal does not move on with every day the scan is opened."""
    return add_months(since, review_months(evaluation))


def review_date(chosen: dt.date | None, evaluation: Evaluation, since: dt.date) -> dt.date:
    """The date that applies: the user's, else the proposal."""
    return chosen if chosen is not None else proposed_review_date(evaluation, since)


def review_status(day: dt.date, today: dt.date) -> ReviewStatus:
    if day < today:
        return ReviewStatus.OVERDUE
    if (day - today).days <= DUE_DAYS:
        return ReviewStatus.DUE
    return ReviewStatus.OK
