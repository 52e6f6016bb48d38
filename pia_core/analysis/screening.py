"""DPIA screening: is a formal DPIA (AVG art. 35) required, recommended or not, and why.

The items, the thresholds and the risk-score rule live in content/screening.yaml; this module only
applies them. A verdict rests on law or on policy, never on both, and says which (`Basis`):
- law: the law itself (art. 35(3)(a)-(c)) and the catch-all "another reason for a high risk"
  (35(1)); the AP's list (art. 35(4)); two or more EDPB criteria (WP248 rev.01), required unless
  the organisation documents with reasons (who, when, why) that there is no high risk;
- policy: the Rijksoverheid's pre-scan (new legislation, and its risk score above the threshold).
  For central government that is policy it must follow ("verplicht volgens rijksbeleid"); for
  everyone else a recommendation. The risk score, a rule of thumb, yields to a documented "no
  high risk" as the criteria do; new legislation does not.
One criterion: recommended. A check that nobody filled in says so ("nog niet ingevuld"), never
"niet verplicht". Companion assessments (transfer impact, IAMA / FRIA, children's rights) and the
prior-consultation note (art. 36) come with the verdict, each with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Strict
from pia_core.scan.model import Assessment, NoHighRisk
from pia_core.vocabulary import LANGUAGES, Language, Sector

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


@dataclass(frozen=True)
class RiskScore:
    total: int
    threshold: int
    factors: list[tuple[RiskFactor, int]]  # factors that give points, with their points

    @property
    def above(self) -> bool:
        return self.total > self.threshold


@dataclass(frozen=True)
class ScreeningResult:
    verdict: Verdict
    criteria: list[ScreeningItem]  # EDPB criteria that apply
    statutory: list[ScreeningItem] = field(default_factory=list)  # art. 35(3) and 35(1) items that apply
    ap: list[ScreeningItem] = field(default_factory=list)  # AP-list items that apply
    policy: list[ScreeningItem] = field(default_factory=list)  # Rijksbeleid items that apply
    risk: RiskScore | None = None
    risk_reason: ScreeningItem | None = None  # the risk-score route as a reason, when above the threshold
    documented: list[ScreeningItem] = field(default_factory=list)  # documented "no high risk", when it counts
    companions: list[Companion] = field(default_factory=list)
    route: Route = Route.NONE
    central: bool = False  # the organisation said it is part of central government
    # The "no high risk" tick without a written reason: asked for, and not yet counted.
    rebuttal_incomplete: bool = False
    rebuttal: NoHighRisk | None = None  # the written assessment, when it decides the verdict
    may_be_central: bool = False  # sector government: central government is asked, not assumed

    @property
    def basis(self) -> Basis:
        if self.route in LAW_ROUTES:
            return Basis.LAW
        if self.route in POLICY_ROUTES:
            return Basis.POLICY
        return Basis.NONE

    @property
    def legally_required(self) -> bool:
        """A DPIA the AVG itself requires: only then is a missing one a breach (art. 35(1))."""
        return self.verdict is Verdict.REQUIRED and self.basis is Basis.LAW

    @property
    def filled(self) -> bool:
        return self.route is not Route.NOT_FILLED

    @property
    def always(self) -> list[ScreeningItem]:
        """Items that each alone make a DPIA verplicht."""
        return [*self.statutory, *self.ap, *self.policy]

    @property
    def reasons(self) -> list[ScreeningItem]:
        risk = [self.risk_reason] if self.risk_reason else []
        return [*self.always, *risk, *self.criteria, *self.documented]

    @property
    def rebuttable(self) -> bool:
        """Required or recommended only through the criteria or the risk score: the organisation may
        document that there is no high risk."""
        return self.route in (Route.CRITERIA, Route.RISK_SCORE)


def load_screening(path: Path = CONTENT_DIR / "screening.yaml") -> ScreeningContent:
    return validate_file(path, ScreeningContent)


@cache
def screening_content() -> ScreeningContent:
    return load_screening()


def risk_score(answers: Mapping[str, bool], rule: RiskScoreRule) -> RiskScore:
    scored = [(factor, factor.points(answers)) for factor in rule.factors]
    given = [(factor, points) for factor, points in scored if points]
    return RiskScore(total=sum(points for _, points in given), threshold=rule.threshold, factors=given)


def _route(
    statutory: list[ScreeningItem],
    ap: list[ScreeningItem],
    policy: list[ScreeningItem],
    risk: RiskScore | None,
    criteria: int,
    documented: bool,
    rules: ScreeningRules,
) -> Route:
    """Law first, then policy; a documented "no high risk" yields to neither the law's own items
    nor the AP's list, nor to new legislation, but rebuts the criteria and the risk score."""
    risk_above = risk is not None and risk.above
    enough = criteria >= rules.required_min_criteria
    for route, applies in (
        (Route.STATUTORY, bool(statutory)),
        (Route.AP_LIST, bool(ap)),
        (Route.CRITERIA, enough and not documented),
        (Route.POLICY, bool(policy)),
        (Route.RISK_SCORE, risk_above and not documented),
        (Route.DOCUMENTED, documented and (enough or risk_above)),
        (Route.ONE_CRITERION, criteria >= rules.recommended_min_criteria),
    ):
        if applies:
            return route
    return Route.NONE


def _verdict(route: Route, central: bool) -> Verdict:
    if route in LAW_ROUTES:
        return Verdict.REQUIRED
    if route in POLICY_ROUTES:
        return Verdict.REQUIRED if central else Verdict.RECOMMENDED
    if route in (Route.DOCUMENTED, Route.ONE_CRITERION):
        return Verdict.RECOMMENDED
    if route is Route.NOT_FILLED:
        return Verdict.NOT_FILLED
    return Verdict.NOT_REQUIRED


def screen(
    answers: Mapping[str, bool],
    content: ScreeningContent,
    *,
    sector: Sector | None = None,
    checked: bool = False,
    rebuttal: NoHighRisk | None = None,
) -> ScreeningResult:
    """Apply the rules to the ticked items; unknown ids in `answers` are ignored.

    `checked`: the check was gone through even if nothing is ticked. `rebuttal`: the written "no
    high risk" assessment; the tick counts only with its reason. `sector`: only government can be
    central government (None: take the tick as it is).
    """

    def ticked(items: list[ScreeningItem]) -> list[ScreeningItem]:
        return [item for item in items if answers.get(item.id)]

    central = bool(answers.get(content.central_government.id)) and sector in (None, Sector.GOVERNMENT)
    statutory, ap, policy = ticked(content.statutory), ticked(content.ap_list), ticked(content.other_required)
    criteria = ticked(content.criteria)
    documented_ticks = ticked(content.documented)
    written = rebuttal is not None and rebuttal.given
    documented = bool(documented_ticks) and written
    risk = risk_score(answers, content.risk_score) if content.risk_score else None
    filled = checked or any(answers.get(item.id) for item in content.all_items)
    route = (
        _route(statutory, ap, policy, risk, len(criteria), documented, content.rules)
        if filled
        else Route.NOT_FILLED
    )
    verdict = _verdict(route, central)
    risk_reason = None
    if risk is not None and risk.above and content.risk_score is not None:
        label = content.risk_score.label
        risk_reason = ScreeningItem(id=RISK_SCORE_ID, text=label, label=label)
    ticked_ids = {item_id for item_id, value in answers.items() if value}
    companions = [
        companion
        for companion in content.companions
        if ticked_ids & set(companion.triggers) or (companion.when_required and verdict is Verdict.REQUIRED)
    ]
    return ScreeningResult(
        verdict=verdict,
        criteria=criteria,
        statutory=statutory,
        ap=ap,
        policy=policy,
        risk=risk,
        risk_reason=risk_reason,
        documented=documented_ticks if route is Route.DOCUMENTED else [],
        companions=companions,
        route=route,
        central=central,
        rebuttal_incomplete=bool(documented_ticks) and not written,
        rebuttal=rebuttal if route is Route.DOCUMENTED else None,
        may_be_central=sector in (None, Sector.GOVERNMENT),
    )


def screen_assessment(assessment: Assessment, content: ScreeningContent | None = None) -> ScreeningResult:
    """The DPIA check of one activity: its ticks, its sector, and its DPIA block."""
    return screen(
        assessment.screening,
        content or screening_content(),
        sector=assessment.organisation.sector,
        checked=assessment.dpia.checked,
        rebuttal=assessment.dpia.no_high_risk,
    )


def verdict_text(result: ScreeningResult, content: ScreeningContent, lang: Language) -> str:
    """The verdict's words; on the criteria path "verplicht, tenzij u gemotiveerd vastlegt ..." (WP248);
    on a policy route "verplicht volgens rijksbeleid" or "aanbevolen (rijksbeleid)"."""
    if result.route is Route.CRITERIA:
        return content.required_unless[lang]
    if result.basis is Basis.POLICY:
        return content.policy_verdicts["central" if result.central else "other"][lang]
    return content.verdicts[result.verdict][lang]
