"""AppTest of the next review on the overview (issue 23, item 5): every activity's date with its
badge, a date to change, and the calendar entry to download, in both languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from icalendar import Calendar
from streamlit.testing.v1 import AppTest

from pia_core.analysis.organisation import evaluate_organisation
from pia_core.analysis.review import ReviewStatus, proposed_review_date, review_months, review_reason
from pia_core.content.bundle import shipped_content
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Language
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import new_token, open_workspace
from pia_core.storage.base import token_key
from pia_core.ui.persistence import TOKEN_KEY, TOKEN_PARAM
from pia_core.ui.review_panel import CHOICE_KEY, DATE_PREFIX, LINK_KEY, next_review_text, status_badge

from ..apptest import goto, new_app
from ..dossiers import municipality

OVERVIEW = "app_pages/overview.py"
TODAY = dt.date(2026, 12, 7)
Builds = dict[str, tuple[str, Callable[[], bytes]]]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Builds:
    from pia_core.ui.downloads import download_button as real

    found: Builds = {}

    def capture(label: str, build: Callable[[], bytes], **kwargs: object) -> None:
        found[str(kwargs["slot"])] = (label, build)
        real(label, build, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("pia_core.ui.review_panel.download_button", capture)
    monkeypatch.setattr("pia_core.ui.review_panel.today", lambda: TODAY)
    return found


def organisation(language: Language) -> Dossier:
    """Three activities: one overdue, one due soon, one on its proposal (well ahead)."""
    dossier = municipality(3, without_agreement=(1,))
    dossier.language = language
    dossier.date = TODAY
    dossier.activities[0].review_date = TODAY - dt.timedelta(days=10)
    dossier.activities[1].review_date = TODAY + dt.timedelta(days=10)
    return dossier


def overview(dossier: Dossier) -> AppTest:
    at = new_app()
    at.session_state["dossier"] = dossier
    at.session_state["assessment"] = dossier.assessment()
    return goto(at, OVERVIEW)


def shown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def calendar_of(build: Callable[[], bytes]) -> Calendar:
    found = Calendar.from_ical(build())
    assert isinstance(found, Calendar)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_activity_shows_its_review_with_due_and_overdue_badges(
    language: Language, builds: Builds
) -> None:
    dossier = organisation(language)
    at = overview(dossier)
    assert t("review.heading", language) in [h.value for h in at.header]
    text = shown(at)
    result = evaluate_organisation(dossier, shipped_content())
    third = proposed_review_date(result.activities[2].evaluation, TODAY)
    expected = [
        (TODAY - dt.timedelta(days=10), ReviewStatus.OVERDUE),
        (TODAY + dt.timedelta(days=10), ReviewStatus.DUE),
        (third, ReviewStatus.OK),
    ]
    for day, status in expected:
        assert f"{date_text(day, language)} {status_badge(status, language)}" in text
    assert t("review.status.overdue", language) in text and t("review.status.due", language) in text
    # The chosen activity's entry is offered, in the page's language, without the link.
    label, build = builds["review_ics"]
    assert label == t("review.download", language)
    (event,) = calendar_of(build).walk("VEVENT")
    assert event.decoded("dtstart") == TODAY - dt.timedelta(days=10)
    assert str(event["summary"]) == t(
        "review.ics.summary", language, activity=dossier.activities[0].activity.name
    )
    assert "url" not in event


def test_a_changed_date_is_kept_on_its_activity_and_the_proposal_comes_back(builds: Builds) -> None:
    dossier = organisation("nl")
    at = overview(dossier)
    other = dossier.ids[2]
    at.selectbox(key=CHOICE_KEY).set_value(other).run()
    assert not at.exception
    result = evaluate_organisation(dossier, shipped_content())
    judged = result.activity(other).evaluation
    reason = t(f"review.reason.{review_reason(judged).value}", "nl")
    proposal = t("review.proposed", "nl", months=review_months(judged), reason=reason)
    assert proposal in [c.value for c in at.caption]
    chosen = dt.date(2027, 3, 1)
    at.date_input(key=DATE_PREFIX + other).set_value(chosen).run()
    assert not at.exception
    stored = at.session_state["dossier"]
    assert isinstance(stored, Dossier)
    assert stored.activity(other).review_date == chosen
    assert stored.activity(dossier.ids[0]).review_date == TODAY - dt.timedelta(days=10), "others untouched"
    (event,) = calendar_of(builds["review_ics"][1]).walk("VEVENT")
    assert event.decoded("dtstart") == chosen
    at.button(key="review_reset").click().run()
    assert not at.exception
    assert at.session_state["dossier"].activity(other).review_date is None


def test_the_chosen_activity_is_written_through_its_view(builds: Builds) -> None:
    dossier = organisation("nl")
    at = overview(dossier)
    current = dossier.current
    at.date_input(key=DATE_PREFIX + current).set_value(dt.date(2027, 2, 2)).run()
    assert not at.exception
    assert at.session_state["assessment"].review_date == dt.date(2027, 2, 2)
    whole = at.session_state["dossier"]
    assert isinstance(whole, Dossier)
    assert whole.activity(current).review_date == dt.date(2027, 2, 2)


def test_the_link_is_in_the_entry_only_when_ticked(builds: Builds) -> None:
    at = overview(organisation("en"))
    (event,) = calendar_of(builds["review_ics"][1]).walk("VEVENT")
    assert "url" not in event
    boxes = [box for box in at.checkbox if box.key == LINK_KEY]
    assert boxes, "a session with its own scan link is offered the choice"
    assert boxes[0].label == t("review.include_link", "en") and not boxes[0].value
    boxes[0].check().run()
    assert not at.exception
    (event,) = calendar_of(builds["review_ics"][1]).walk("VEVENT")
    token = at.session_state[TOKEN_KEY]
    assert str(event["url"]).endswith(f"?{TOKEN_PARAM}={token}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_workspace_row_names_the_earliest_review_of_the_scan(language: Language, builds: Builds) -> None:
    store = open_workspace()
    token = new_token()
    dossier = organisation(language)
    store.save(token, dossier_to_json(dossier))
    found = store.load(token)
    assert found is not None
    text = next_review_text(store, token_key(token), found.updated, language)
    overdue = TODAY - dt.timedelta(days=10)
    assert text == f"{date_text(overdue, language)} ({t('review.status.overdue', language)})"
    assert next_review_text(store, token_key(new_token()), found.updated, language) == ""
