"""The consultant's planned hour (content/agenda.yaml): minutes per part of the session."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Strict

AGENDA_FILE = CONTENT_DIR / "agenda.yaml"


class AgendaPlan(Strict):
    session_minutes: int = Field(ge=10, le=480)
    idle_minutes: float = Field(gt=0, le=60)
    plan: dict[str, float]  # part id -> planned minutes

    @model_validator(mode="after")
    def _adds_up(self) -> AgendaPlan:
        if abs(sum(self.plan.values()) - self.session_minutes) > 0.01:
            raise ValueError(
                f"planned minutes add up to {sum(self.plan.values()):g}, not {self.session_minutes}"
            )
        return self


def load_agenda_plan(path: Path = AGENDA_FILE) -> AgendaPlan:
    return validate_file(path, AgendaPlan)
