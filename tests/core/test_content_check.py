"""A broken content file stops the app with a message that names it, instead of a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError
from pia_core.content_check import content_problem

PROBLEM = "content/steps/step_03.yaml: field 'questions.0.weight': Field required"


def test_shipped_content_loads() -> None:
    assert content_problem() is None


def test_a_failing_loader_is_reported_with_its_message() -> None:
    def broken() -> None:
        raise ContentError(PROBLEM)

    assert content_problem(broken) == PROBLEM


def test_app_shows_the_problem_instead_of_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pia_core.ui.app_shell.content_problem", lambda: PROBLEM)
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    (box,) = at.error
    assert "cannot be loaded" in box.value and "kan niet worden geladen" in box.value
    assert at.code[0].value == PROBLEM
    assert not at.radio and not at.sidebar.metric  # nothing half-rendered


def test_a_broken_precedent_file_is_named_not_a_crash(tmp_path: Path) -> None:
    """content/precedents/ is checked with the rest of the content (pia_core/content_check.py)."""
    from pia_core.content.precedents import load_precedents

    (tmp_path / "kapot-2026.yaml").write_text("authority: {nl: AP}\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"kapot-2026\.yaml"):
        load_precedents(shipped_content().catalogue, shipped_content().flows.rules, tmp_path)
