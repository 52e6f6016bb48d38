"""Presentation mode: the toggle, the large type, the step bar, consultant notes and the agenda timer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import AgendaTimer, Assessment
from pia_core.storage import open_store
from pia_core.ui import presentation
from pia_core.ui.presentation import (
    CSS_MARKER,
    live_timer,
    part_for_url,
    pause,
)

from ..apptest import ALL_PAGES, goto, new_app, set_language, state

NOTE = "Klant twijfelt — navragen bij ICT ✓ (codewoord zebravink)"
TOGGLE = "presentation_mode"
CONSULTANT = "consultant_view_toggle"


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(presentation, "clock", fake)
    return fake


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def css_present(at: AppTest) -> bool:
    return any(CSS_MARKER in m.value for m in at.sidebar.markdown)


def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown)


def switch_mode(at: AppTest, on: bool) -> AppTest:
    at.sidebar.toggle(key=TOGGLE).set_value(on).run()
    assert not at.exception, at.exception
    return at


def consultant_view(at: AppTest, on: bool) -> AppTest:
    at.sidebar.toggle(key=CONSULTANT).set_value(on).run()
    assert not at.exception, at.exception
    return at


def on_step(page: str = "app_pages/step_03.py") -> AppTest:
    return goto(new_app(), page)


# -- core logic ----------------------------------------------------------------------------------
def test_every_page_maps_to_a_planned_agenda_part() -> None:
    plan = shipped_content().agenda
    urls = {"", "start", "communicatie", "samenvatting", *(f"stap-{n}" for n in range(1, 11))}
    parts = {part_for_url(url) for url in urls}
    assert parts == set(plan.plan)
    assert part_for_url("") == part_for_url("start") == "start"
    assert part_for_url("stap-10") == "step_10"


def test_pause_credits_the_time_so_far_and_then_stops() -> None:
    plan = shipped_content().agenda
    timer = AgendaTimer(spent={"step_2": 30.0}, last_part="step_2", last_seen=100.0)
    paused = pause(timer, 160.0, plan)
    assert paused.spent == {"step_2": 90.0}
    assert paused.last_part is None and paused.last_seen is None
    # Time while the mode was off counts nowhere, however short.
    paused_again = pause(paused, 170.0, plan)
    assert paused_again.spent == {"step_2": 90.0}


def test_live_timer_counts_the_running_part_without_storing_it(clock: FakeClock) -> None:
    plan = shipped_content().agenda
    stored = AgendaTimer(spent={"step_1": 60.0}, last_part="step_4", last_seen=clock.now)
    clock.advance(200)
    assert live_timer(stored, plan).spent == {"step_1": 60.0, "step_4": 200.0}
    assert stored.spent == {"step_1": 60.0}
    clock.advance(plan.idle_minutes * 60)  # a break: the running part stops counting
    assert live_timer(stored, plan).spent == {"step_1": 60.0}
    assert live_timer(AgendaTimer(), plan) == AgendaTimer()  # paused or never started


def test_consultant_note_is_set_cleared_and_bounded() -> None:
    current = Assessment()
    current.set_consultant_note(4, NOTE)
    assert current.consultant_notes == {4: NOTE}
    current.set_consultant_note(4, "   ")
    assert current.consultant_notes == {}
    current.set_consultant_note(0, "x" * 20_000)
    assert len(current.consultant_notes[0]) == 10_000


# -- the toggle and the large type ---------------------------------------------------------------
def test_normal_mode_has_no_presentation_style_bar_or_agenda() -> None:
    at = on_step()
    assert not state(at).presentation.enabled
    assert not css_present(at)
    assert at.sidebar.toggle(key=TOGGLE).value is False
    assert not [m for m in at.markdown if "aria-current" in m.value]
    assert not [e for e in at.expander if e.label == t("presentation.notes_heading", "nl")]
    assert t("presentation.agenda", "nl") not in sidebar_text(at)


def test_toggle_persists_across_pages_and_in_the_saved_scan() -> None:
    at = switch_mode(on_step(), True)
    assert state(at).presentation.enabled
    assert css_present(at)
    token = at.session_state["_scan_token"]
    found = open_store().load(token)
    assert found is not None
    assert Dossier.model_validate_json(found.data).assessment().presentation.enabled
    for page in ALL_PAGES[1:]:  # the start page alone is run without app.py by AppTest
        goto(at, page)
        assert at.sidebar.toggle(key=TOGGLE).value is True, page
        assert css_present(at), page
    switch_mode(at, False)
    assert not state(at).presentation.enabled
    assert not css_present(at)
    goto(at, "app_pages/step_05.py")
    assert not css_present(at)
    found = open_store().load(token)
    assert found is not None
    assert not Dossier.model_validate_json(found.data).assessment().presentation.enabled


def test_step_bar_says_where_we_are_and_jumps_everywhere() -> None:
    at = switch_mode(on_step(), True)
    current = [m.value for m in at.markdown if "aria-current" in m.value]
    assert len(current) == 1 and "Stap 3 van 10" in current[0]
    links = {link.proto.page for link in at.main.get("page_link")}
    others = {f"stap-{n}" for n in range(1, 11) if n != 3}
    assert {"", "communicatie", "samenvatting", *others} <= links  # "" is the start page, the default
    set_language(at, "en")
    current = [m.value for m in at.markdown if "aria-current" in m.value]
    assert "Step 3 of 10" in current[0]
    goto(at, "app_pages/summary.py")
    current = [m.value for m in at.markdown if "aria-current" in m.value]
    assert t("presentation.summary_label", "en") in current[0]
    goto(at, "app_pages/flows.py")
    current = [m.value for m in at.markdown if "aria-current" in m.value]
    assert t("presentation.flows_label", "en") in current[0]


# -- consultant notes ----------------------------------------------------------------------------
def test_consultant_notes_are_kept_and_stay_out_of_the_pdf_unless_included(tmp_path: Path) -> None:
    at = consultant_view(switch_mode(on_step(), True), True)
    at.text_area(key="consultant_notes_3").input(NOTE).run()
    assert state(at).consultant_notes == {3: NOTE}
    goto(at, "app_pages/step_04.py")
    goto(at, "app_pages/step_03.py")
    assert at.text_area(key="consultant_notes_3").value == NOTE

    text = pdf_text(build_report(state(at), shipped_content()), tmp_path)
    assert "zebravink" not in text
    assert t("presentation.report_note", "nl") not in text

    goto(at, "app_pages/summary.py")
    at.checkbox(key="include_consultant_notes").check().run()
    assert state(at).presentation.include_consultant_notes
    text = pdf_text(build_report(state(at), shipped_content()), tmp_path)
    flat = " ".join(text.split())
    label = t("presentation.report_note", "nl")
    assert f"{label} {NOTE}" in flat
    # Printed with its own step (the steps section is the last to name the steps): after 3, before 4.
    step3, step4 = (shipped_content().catalogue.step(n).title("nl") for n in (3, 4))
    assert flat.rindex(step3) < flat.index(label) < flat.rindex(step4)


def test_agenda_and_notes_are_only_in_the_consultant_view() -> None:
    at = switch_mode(on_step(), True)
    # The client watches the shared screen: the consultant's own things are off until asked for.
    assert t("presentation.agenda", "nl") not in sidebar_text(at)
    assert not [e for e in at.expander if e.label == t("presentation.notes_heading", "nl")]
    consultant_view(at, True)
    at.text_area(key="consultant_notes_3").input(NOTE).run()
    consultant_view(at, False)
    assert not [e for e in at.expander if e.label == t("presentation.notes_heading", "nl")]
    assert state(at).consultant_notes == {3: NOTE}  # kept in the scan, only out of view
    switch_mode(at, False)
    assert CONSULTANT not in [toggle.key for toggle in at.sidebar.toggle]  # none outside the mode
    switch_mode(at, True)
    consultant_view(at, True)
    assert at.text_area(key="consultant_notes_3").value == NOTE


# -- agenda timer --------------------------------------------------------------------------------
def test_timer_records_time_per_part_only_in_presentation_mode(clock: FakeClock) -> None:
    at = on_step("app_pages/step_02.py")
    clock.advance(120)
    at.run()
    assert state(at).presentation.timer == AgendaTimer()  # off: nothing is timed

    consultant_view(switch_mode(at, True), True)
    clock.advance(90)
    goto(at, "app_pages/step_03.py")  # 90 s on step 2, now on step 3
    clock.advance(150)
    at.run()  # an action on step 3 after 2.5 minutes
    timer = state(at).presentation.timer
    assert timer.spent == {"step_2": 90.0, "step_3": 150.0}
    assert timer.last_part == "step_3"
    text = sidebar_text(at)
    assert "2 min 30 s van 4 min" in text and t("presentation.on_time", "nl") in text
    assert "4 min van 60 min" in [p.proto.text for p in at.sidebar.get("progress")][-1]

    clock.advance(120)  # 4.5 minutes on step 3, planned 4: over time, said in words
    at.run()
    text = sidebar_text(at)
    assert f"**{t('presentation.over_time', 'nl')}** · Dit onderdeel: 4 min 30 s van 4 min" in text

    clock.advance(30 * 60)  # a long break: not counted
    at.run()
    assert state(at).presentation.timer.spent["step_3"] == 270.0

    found = open_store().load(at.session_state["_scan_token"])
    assert found is not None
    assert Dossier.model_validate_json(found.data).assessment().presentation.timer.spent == {
        "step_2": 90.0,
        "step_3": 270.0,
    }


def test_switching_off_pauses_the_timer_and_restart_clears_it(clock: FakeClock) -> None:
    at = consultant_view(switch_mode(on_step("app_pages/step_05.py"), True), True)
    clock.advance(60)
    switch_mode(at, False)
    assert state(at).presentation.timer.spent == {"step_5": 60.0}
    clock.advance(120)  # off: not counted, even within the idle limit
    switch_mode(at, True)
    clock.advance(30)
    at.run()
    assert state(at).presentation.timer.spent == {"step_5": 90.0}
    at.sidebar.button(key="agenda_reset").click().run()
    timer = state(at).presentation.timer
    assert timer.spent == {} and timer.last_part == "step_5"


def test_total_over_the_session_is_said_in_words(clock: FakeClock) -> None:
    at = consultant_view(switch_mode(on_step("app_pages/summary.py"), True), True)
    current = state(at)
    current.presentation.timer = AgendaTimer(
        spent={"summary": 61 * 60.0}, last_part="summary", last_seen=clock.now
    )
    at.run()
    progress = [p.proto.text for p in at.sidebar.get("progress")][-1]
    assert t("presentation.over_time", "nl") in progress and "61 min van 60 min" in progress


def test_start_page_has_the_bar_and_notes_for_step_0() -> None:
    at = switch_mode(on_step(), True)
    # AppTest runs the start page alone once it is requested by its own hash; the empty hash
    # runs app.py as the browser does (see tests/pages/test_scan_controls.py:on_start).
    at._page_hash = ""
    at._finished_page_script_hash = ""
    at.run()
    assert not at.exception
    current = [m.value for m in at.markdown if "aria-current" in m.value]
    assert t("presentation.start_label", "nl") in current[0]
    consultant_view(at, True)
    at.text_area(key="consultant_notes_0").input(NOTE).run()
    assert state(at).consultant_notes == {0: NOTE}
