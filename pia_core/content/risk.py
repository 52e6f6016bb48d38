"""The risk matrix of content/risk.yaml: impact x likelihood -> risk level, validated at load."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Impact, Strict
from pia_core.vocabulary import Answer, Language

# Both axes and the risk itself use the same three grades.
Grade = Impact
GRADES: tuple[Grade, ...] = tuple(Grade)
WEAK_ANSWERS = frozenset({Answer.NO, Answer.UNKNOWN, Answer.PARTLY})


class RiskLevel(Strict):
    id: Grade
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    name: dict[Language, str]


class RiskRules(Strict):
    grades: dict[Grade, dict[Language, str]]
    likelihood: dict[Answer, Grade]
    matrix: dict[Grade, dict[Grade, Grade]]
    levels: list[RiskLevel]

    @model_validator(mode="after")
    def _complete(self) -> RiskRules:
        if set(self.grades) != set(GRADES):
            raise ValueError("grades: give low, medium and high")
        if set(self.likelihood) != WEAK_ANSWERS:
            raise ValueError("likelihood: give one grade for each of no, unknown and partly")
        for impact in GRADES:
            if set(self.matrix.get(impact, {})) != set(GRADES):
                raise ValueError(f"matrix: row '{impact.value}' needs low, medium and high")
        if [level.id for level in self.levels] != list(GRADES):
            raise ValueError("levels: give low, medium and high, in that order")
        return self

    def risk(self, impact: Grade, likelihood: Grade) -> RiskLevel:
        return self.level(self.matrix[impact][likelihood])

    def level(self, grade: Grade) -> RiskLevel:
        return next(level for level in self.levels if level.id == grade)

    def grade_name(self, grade: Grade, lang: Language) -> str:
        return self.grades[grade][lang]


def load_risk_rules(path: Path = CONTENT_DIR / "risk.yaml") -> RiskRules:
    return validate_file(path, RiskRules)
