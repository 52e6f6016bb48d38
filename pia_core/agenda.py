"""The agenda timer for a consultant's session: time spent per part against a planned hour.

Pure functions over a small state object kept in the assessment, so the timer survives reloads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_core.content.agenda import AgendaPlan
from pia_core.scan.model import AgendaTimer


@dataclass(frozen=True)
class AgendaStatus:
    total_minutes: float
    session_minutes: int
    part_minutes: float
    part_planned: float | None

    @property
    def over_time(self) -> bool:
        return self.total_minutes > self.session_minutes

    @property
    def part_over_time(self) -> bool:
        return self.part_planned is not None and self.part_minutes > self.part_planned


def record(timer: AgendaTimer, part: str, now: float, plan: AgendaPlan) -> AgendaTimer:
    """Credit the time since the last action to the part where it was spent; idle gaps are dropped."""
    spent = dict(timer.spent)
    if timer.last_part is not None and timer.last_seen is not None:
        gap = now - timer.last_seen
        if 0 < gap <= plan.idle_minutes * 60:
            spent[timer.last_part] = spent.get(timer.last_part, 0.0) + gap
    return AgendaTimer(spent=spent, last_part=part, last_seen=now)


def status(timer: AgendaTimer, part: str, plan: AgendaPlan) -> AgendaStatus:
    return AgendaStatus(
        total_minutes=sum(timer.spent.values()) / 60,
        session_minutes=plan.session_minutes,
        part_minutes=timer.spent.get(part, 0.0) / 60,
        part_planned=plan.plan.get(part),
    )
