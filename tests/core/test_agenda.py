"""Agenda timer: time is credited to the part where it was spent; idle pauses do not count."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_core.agenda import record, status
from pia_core.content.agenda import AgendaPlan
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError, validate_file
from pia_core.scan.model import AgendaTimer

from ..conftest import write_yaml


@pytest.fixture
def plan() -> AgendaPlan:
    return shipped_content().agenda


def test_shipped_plan_fills_the_hour(plan: AgendaPlan) -> None:
    assert plan.session_minutes == 60
    assert {"start", "summary", "flows", *(f"step_{n}" for n in range(1, 11))} == set(plan.plan)


def test_time_goes_to_the_part_where_it_was_spent(plan: AgendaPlan) -> None:
    timer = record(AgendaTimer(), "start", 1000.0, plan)
    timer = record(timer, "start", 1060.0, plan)  # a minute on start
    timer = record(timer, "step_1", 1090.0, plan)  # 30 s more on start, then to step 1
    timer = record(timer, "step_1", 1210.0, plan)  # two minutes on step 1
    assert timer.spent == {"start": 90.0, "step_1": 120.0}
    now = status(timer, "step_1", plan)
    assert now.total_minutes == pytest.approx(3.5)
    assert now.part_minutes == pytest.approx(2.0)
    assert now.part_planned == plan.plan["step_1"]
    assert not now.over_time


def test_idle_pause_is_not_counted(plan: AgendaPlan) -> None:
    timer = record(AgendaTimer(), "step_2", 0.0, plan)
    timer = record(timer, "step_2", plan.idle_minutes * 60 + 1, plan)
    assert timer.spent == {}


def test_clock_going_backwards_is_ignored(plan: AgendaPlan) -> None:
    timer = record(AgendaTimer(), "step_2", 500.0, plan)
    assert record(timer, "step_2", 400.0, plan).spent == {}


def test_over_time_is_reported(plan: AgendaPlan) -> None:
    timer = AgendaTimer(spent={"summary": 61 * 60.0})
    now = status(timer, "summary", plan)
    assert now.over_time and now.part_over_time


def test_plan_must_add_up(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    write_yaml(path, {"session_minutes": 60, "idle_minutes": 5, "plan": {"start": 10}})
    with pytest.raises(ContentError, match="add up to 10"):
        validate_file(path, AgendaPlan)
