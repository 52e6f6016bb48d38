"""DPIA screening: is a formal DPIA (AVG art. 35) required, recommended or not, and why.

The items and the thresholds live in content/screening.yaml; this module only applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Strict
from pia_core.model import Language


class Verdict(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    NOT_REQUIRED = "not_required"


class ScreeningItem(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    text: dict[Language, str]


class ScreeningRules(Strict):
    required_min_criteria: int = Field(ge=1)
    recommended_min_criteria: int = Field(ge=1)


class ScreeningContent(Strict):
    rules: ScreeningRules
    verdicts: dict[Verdict, dict[Language, str]]
    criteria: list[ScreeningItem] = Field(min_length=1)  # the EDPB criteria
    ap_list: list[ScreeningItem] = Field(min_length=1)  # the AP list: always a DPIA
    other_required: list[ScreeningItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ScreeningContent:
        ids = [item.id for item in self.all_items]
        if len(ids) != len(set(ids)):
            raise ValueError("screening item ids must be unique")
        if set(self.verdicts) != set(Verdict):
            raise ValueError("give a text for every verdict")
        if self.rules.recommended_min_criteria > self.rules.required_min_criteria:
            raise ValueError("recommended_min_criteria cannot exceed required_min_criteria")
        return self

    @property
    def all_items(self) -> list[ScreeningItem]:
        return [*self.criteria, *self.ap_list, *self.other_required]


@dataclass(frozen=True)
class ScreeningResult:
    verdict: Verdict
    criteria: list[ScreeningItem]  # EDPB criteria that apply
    always: list[ScreeningItem]  # AP-list and other items that apply (each alone requires a DPIA)

    @property
    def reasons(self) -> list[ScreeningItem]:
        return [*self.always, *self.criteria]


def load_screening(path: Path = CONTENT_DIR / "screening.yaml") -> ScreeningContent:
    return validate_file(path, ScreeningContent)


@cache
def screening_content() -> ScreeningContent:
    return load_screening()


def screen(answers: Mapping[str, bool], content: ScreeningContent) -> ScreeningResult:
    """Apply the rules to the ticked items; unknown ids in `answers` are ignored."""
    criteria = [item for item in content.criteria if answers.get(item.id)]
    always = [item for item in (*content.ap_list, *content.other_required) if answers.get(item.id)]
    rules = content.rules
    if always or len(criteria) >= rules.required_min_criteria:
        verdict = Verdict.REQUIRED
    elif len(criteria) >= rules.recommended_min_criteria:
        verdict = Verdict.RECOMMENDED
    else:
        verdict = Verdict.NOT_REQUIRED
    return ScreeningResult(verdict=verdict, criteria=criteria, always=always)


def reason_lines(result: ScreeningResult, lang: Language) -> list[str]:
    """One line per reason, the always-DPIA items first: the same words on screen and in the PDF."""
    from pia_core.i18n import t  # texts load lazily: the verdict itself needs no UI texts

    always = [t("screening.reason_always", lang, item=item.text[lang]) for item in result.always]
    return always + [t("screening.reason_criterion", lang, item=item.text[lang]) for item in result.criteria]
