"""The DPIA check's content (content/screening.yaml): items, thresholds, the risk-score rule and
the verdict texts, validated at load. pia_core/analysis/screening.py applies it."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Strict
from pia_core.vocabulary import LANGUAGES, Language

RISK_SCORE_ID = "risk_score"  # the reason id of the risk-score route (score --json: screening.reasons)


class Verdict(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    NOT_REQUIRED = "not_required"
    NOT_FILLED = "not_filled"  # nothing ticked and the check not marked as gone through


class Basis(StrEnum):
    """What a verdict rests on (score --json: screening.basis)."""

    LAW = "law"  # AVG art. 35(1), (3), (4) and the EDPB criteria
    POLICY = "policy"  # the Rijksoverheid's pre-scan: binding on central government only
    NONE = "none"  # no duty: a recommendation on one criterion, a rebutted one, or nothing


class Route(StrEnum):
    """Why the verdict is what it is; the first route that applies decides."""

    STATUTORY = "statutory"  # art. 35(3)(a)-(c) or 35(1)
    AP_LIST = "ap_list"  # art. 35(4)
    POLICY = "policy"  # Rijksbeleid (new legislation)
    RISK_SCORE = "risk_score"  # the pre-scan's risk score (policy, rebuttable)
    CRITERIA = "criteria"  # two or more EDPB criteria (law, rebuttable)
    DOCUMENTED = "documented"  # criteria or risk score, documented as not high risk: recommended
    ONE_CRITERION = "one_criterion"
    NONE = "none"
    NOT_FILLED = "not_filled"


LAW_ROUTES = frozenset({Route.STATUTORY, Route.AP_LIST, Route.CRITERIA})
POLICY_ROUTES = frozenset({Route.POLICY, Route.RISK_SCORE})


Text = dict[Language, str]


def _complete(text: Text | None, where: str) -> None:
    if text is None:
        return
    for lang in LANGUAGES:
        if not text.get(lang, "").strip():
            raise ValueError(f"{where}: give a text in '{lang}'")


class ScreeningItem(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Text  # the tick box
    label: Text | None = None  # short name in the reasons (default: the tick box text)
    note: Text | None = (
        None  # shown under the tick box: what is meant, and what is not ("niet bedoeld is ...")
    )
    ground: Text | None = None  # the legal or policy ground named in the reason

    def name(self, lang: Language) -> str:
        return (self.label or self.text)[lang]

    def check(self) -> None:
        for key, text in (
            ("text", self.text),
            ("label", self.label),
            ("note", self.note),
            ("ground", self.ground),
        ):
            _complete(text, f"{self.id}.{key}")


class RiskItem(ScreeningItem):
    weight: int = Field(default=1, ge=1)  # how much one tick counts (the number of kinds it stands for)


class Band(Strict):
    min: int = Field(ge=1)  # from this weighted count ...
    points: int = Field(ge=1)  # ... the factor gives these points


class RiskFactor(Strict):
    """One factor of the pre-scan's risk score: the weighted count of its ticks, turned into points."""

    id: str = Field(pattern=r"^[a-z_]+$")
    name: Text
    prescan: str  # where the pre-scan asks it (question number in sources/prescan.yaml)
    items: list[RiskItem] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)

    def points(self, answers: Mapping[str, bool]) -> int:
        count = sum(item.weight for item in self.items if answers.get(item.id))
        return max((band.points for band in self.bands if count >= band.min), default=0)

    @property
    def max_points(self) -> int:
        return max(band.points for band in self.bands)


class RiskScoreRule(Strict):
    threshold: int = Field(ge=0)  # required when the total is above this (the pre-scan: "> 4")
    label: Text  # the route's name in the reasons
    factors: list[RiskFactor] = Field(min_length=1)


class CompanionKind(StrEnum):
    RECOMMENDED = "recommended"
    NOTE = "note"


class Companion(Strict):
    """Another assessment the situation calls for, or a note that comes with a required DPIA."""

    id: str = Field(pattern=r"^[a-z_]+$")
    kind: CompanionKind = CompanionKind.RECOMMENDED
    name: Text
    reason: Text
    triggers: list[str] = Field(default_factory=list)  # item ids: any ticked one calls for it
    when_required: bool = False  # shown whenever the DPIA verdict is verplicht


class ScreeningRules(Strict):
    required_min_criteria: int = Field(ge=1)
    recommended_min_criteria: int = Field(ge=1)


class ScreeningContent(Strict):
    rules: ScreeningRules
    verdicts: dict[Verdict, Text]
    required_unless: Text  # the verdict on the criteria path (WP248: rebuttable with documented reasons)
    # The verdict on a policy route: for central government, and for every other organisation.
    policy_verdicts: dict[Literal["central", "other"], Text]
    # "We are part of central government": asked of sector government, which the sector alone
    # does not tell from a municipality; only central government is bound by the pre-scan.
    central_government: ScreeningItem
    statutory: list[ScreeningItem] = Field(default_factory=list)  # art. 35(3)(a)-(c), 35(1)
    criteria: list[ScreeningItem] = Field(min_length=1)  # the EDPB criteria
    documented: list[ScreeningItem] = Field(default_factory=list)  # "we documented: no high risk"
    ap_list: list[ScreeningItem] = Field(min_length=1)  # the AP list: always a DPIA
    other_required: list[ScreeningItem] = Field(default_factory=list)  # policy (Rijksbeleid)
    risk_score: RiskScoreRule | None = None
    companion_items: list[ScreeningItem] = Field(default_factory=list)  # ticks that only call for companions
    companions: list[Companion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ScreeningContent:
        ids = [item.id for item in self.all_items]
        if len(ids) != len(set(ids)):
            raise ValueError("screening item ids must be unique")
        if RISK_SCORE_ID in ids:
            raise ValueError(f"'{RISK_SCORE_ID}' is the risk-score route's reason id, not an item id")
        if set(self.verdicts) != set(Verdict):
            raise ValueError("give a text for every verdict")
        if self.rules.recommended_min_criteria > self.rules.required_min_criteria:
            raise ValueError("recommended_min_criteria cannot exceed required_min_criteria")
        for item in self.all_items:
            item.check()
        for item in [*self.statutory, *self.other_required]:
            if item.ground is None:
                raise ValueError(f"{item.id}: a statutory or policy item names its ground")
        for verdict, text in self.verdicts.items():
            _complete(text, f"verdicts.{verdict.value}")
        if set(self.policy_verdicts) != {"central", "other"}:
            raise ValueError("give policy_verdicts for 'central' and 'other'")
        for scope, text in self.policy_verdicts.items():
            _complete(text, f"policy_verdicts.{scope}")
        _complete(self.required_unless, "required_unless")
        known = set(ids)
        for companion in self.companions:
            _complete(companion.name, f"{companion.id}.name")
            _complete(companion.reason, f"{companion.id}.reason")
            unknown = set(companion.triggers) - known
            if unknown:
                raise ValueError(f"companion {companion.id}: unknown triggers {sorted(unknown)}")
            if not companion.triggers and not companion.when_required:
                raise ValueError(f"companion {companion.id}: give triggers or when_required")
        if self.risk_score:
            _complete(self.risk_score.label, "risk_score.label")
            for factor in self.risk_score.factors:
                _complete(factor.name, f"risk_score.{factor.id}.name")
        return self

    @property
    def risk_items(self) -> list[RiskItem]:
        return (
            [item for factor in self.risk_score.factors for item in factor.items] if self.risk_score else []
        )

    @property
    def all_items(self) -> list[ScreeningItem]:
        return [
            self.central_government,
            *self.statutory,
            *self.criteria,
            *self.documented,
            *self.ap_list,
            *self.other_required,
            *self.risk_items,
            *self.companion_items,
        ]


def load_screening(path: Path = CONTENT_DIR / "screening.yaml") -> ScreeningContent:
    return validate_file(path, ScreeningContent)
