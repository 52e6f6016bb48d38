"""Opening a file or an example keeps what belongs to the session: language and presentation mode."""

from __future__ import annotations

from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.importing import keep_session_settings
from pia_core.scan.model import AgendaTimer, Assessment


def test_a_loaded_scan_keeps_the_running_language_presentation_mode_and_timer() -> None:
    running = Assessment(language="en")
    running.presentation.enabled = True
    running.presentation.timer = AgendaTimer(spent={"start": 300.0}, last_part="start", last_seen=1.0)
    loaded = keep_session_settings(
        load_demo("gemeente-verhuizen", shipped_content()).dossier.model_copy(deep=True), running
    )
    assert loaded.language == "en"
    assert loaded.presentation.enabled and loaded.presentation.timer.spent == {"start": 300.0}
    assert (
        loaded.organisation.name
        == load_demo("gemeente-verhuizen", shipped_content()).assessment.organisation.name
    )
    running.presentation.timer.spent["start"] = 0.0
    assert loaded.presentation.timer.spent == {"start": 300.0}, "a copy, not shared"
