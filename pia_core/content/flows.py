"""Load content/flows/*.yaml: default cost assumptions, sector presets and privacy rules.

Validated with pydantic at load; a broken file fails loudly with the file and the field.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TypeVar

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import ContentError, read_yaml
from pia_core.content.schema import STEP_COUNT, Impact, Reference, Strict
from pia_core.scan.flow_model import (
    ASSUMPTION_FIELDS,
    FLOW_NAME_MAX,
    MAX_VOLUME,
    Channel,
    CostAssumptions,
    Processor,
    Recipient,
)
from pia_core.vocabulary import Language, Sector, Size

FLOWS_DIR = CONTENT_DIR / "flows"
# Preset volumes (content/flows/presets.yaml) are for a mid-sized organisation; the size the user
# gives scales them by this factor. One per `Size`.
SIZE_FACTORS: dict[Size, float] = {Size.SMALL: 0.1, Size.MEDIUM: 1.0, Size.LARGE: 4.0}
T = TypeVar("T")


class AssumptionDefault(Strict):
    value: float = Field(ge=0)
    source: dict[Language, str]
    date: str = Field(min_length=1)  # "2026-01-01", "2022", or "-" for a user's own figure
    estimate: bool = False


class PresetFlow(Strict):
    name: dict[Language, str]
    recipients: Recipient
    volume: int = Field(ge=0, le=MAX_VOLUME)
    channel: Channel
    special_data: bool = False
    bsn: bool = False
    tracked: bool = False
    processor: Processor = Processor.NONE
    digital_share: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _names_fit(self) -> PresetFlow:
        if any(not 0 < len(name) <= FLOW_NAME_MAX for name in self.name.values()):
            raise ValueError(f"name: 1 to {FLOW_NAME_MAX} characters")
        return self


class Preset(Strict):
    sector: Sector
    label: dict[Language, str]
    flows: list[PresetFlow] = Field(min_length=1)


class Rule(Strict):
    step: int = Field(ge=1, le=STEP_COUNT)
    critical: bool
    impact: Impact
    likelihood: Impact
    references: list[str] = Field(min_length=1)
    sector_references: dict[Sector, list[str]] = Field(default_factory=dict)
    # The question that asks the same duty for the whole processing: when this flag is raised, the
    # question's own finding is left out, so one gap counts once (the flag names the flow).
    same_duty_as: str | None = None


class FlowContent(Strict):
    assumptions: dict[str, AssumptionDefault]
    presets: dict[str, Preset]
    rules: dict[str, Rule]

    def default_assumptions(self) -> CostAssumptions:
        return CostAssumptions(**{name: d.value for name, d in self.assumptions.items()})


def _load(path: Path, adapter: TypeAdapter[T]) -> T:
    try:
        return adapter.validate_python(read_yaml(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise ContentError(f"{path}: field '{where}': {first['msg']}") from None


def load_flow_content(laws: Collection[str], root: Path = FLOWS_DIR) -> FlowContent:
    """The flows' content; the rules' references are checked against the catalogue's `laws`."""
    assumptions_path = root / "assumptions.yaml"
    assumptions = _load(assumptions_path, TypeAdapter(dict[str, AssumptionDefault]))
    if set(assumptions) != set(ASSUMPTION_FIELDS):
        missing = sorted(set(ASSUMPTION_FIELDS) ^ set(assumptions))
        raise ContentError(f"{assumptions_path}: give exactly {', '.join(ASSUMPTION_FIELDS)} ({missing})")
    try:
        CostAssumptions(**{name: d.value for name, d in assumptions.items()})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ContentError(f"{assumptions_path}: field '{first['loc'][0]}': {first['msg']}") from None
    presets = _load(root / "presets.yaml", TypeAdapter(dict[str, Preset]))
    rules_path = root / "rules.yaml"
    rules = _load(rules_path, TypeAdapter(dict[str, Rule]))
    known = set(laws)
    for rule_id, rule in rules.items():
        for text in [*rule.references, *(r for refs in rule.sector_references.values() for r in refs)]:
            try:
                Reference.parse(text, known)
            except ValueError as exc:
                raise ContentError(f"{rules_path}: field '{rule_id}.references': {exc}") from None
    return FlowContent(assumptions=assumptions, presets=presets, rules=rules)
