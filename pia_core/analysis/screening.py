"""DPIA screening: is a formal DPIA (AVG art. 35) required, recommended or not, and why.

The items, the thresholds and the risk-score rule live in content/screening.yaml; this module only
applies them. The routes to "verplicht", each with its own reason:
- the law itself (art. 35(3)(a)-(c)) and the catch-all "another reason for a high risk" (35(1));
- the AP's list (art. 35(4));
- central-government policy (new legislation; not law, and said so);
- the risk score of the government's pre-scan (a total above its threshold);
- two or more EDPB criteria (WP248 rev.01): required unless the organisation documents with reasons
  that there is no high risk; ticking that it did makes the verdict "aanbevolen".
One criterion: recommended. Companion assessments (transfer impact, IAMA / FRIA, children's rights)
and the prior-consultation note (art. 36) come with the verdict, each with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from pia_core import CONTENT_DIR
from pia_core.content.loader import validate_file
from pia_core.content.schema import Strict
from pia_core.scan.model import LANGUAGES, Language

RISK_SCORE_ID = "risk_score"  # the reason id of the risk-score route (score --json: screening.reasons)


class Verdict(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    NOT_REQUIRED = "not_required"


class Route(StrEnum):
    """Why the verdict is what it is; the first route that applies decides."""

    STATUTORY = "statutory"  # art. 35(3)(a)-(c) or 35(1)
    AP_LIST = "ap_list"  # art. 35(4)
    POLICY = "policy"  # Rijksbeleid (new legislation)
    RISK_SCORE = "risk_score"  # the pre-scan's risk score
    CRITERIA = "criteria"  # two or more EDPB criteria (rebuttable)
    DOCUMENTED = "documented"  # two or more criteria, documented as not high risk: recommended
    ONE_CRITERION = "one_criterion"
    NONE = "none"


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
        """Required only through the criteria: the organisation may document that there is no high risk."""
        return self.route is Route.CRITERIA


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
    for route, applies in (
        (Route.STATUTORY, statutory),
        (Route.AP_LIST, ap),
        (Route.POLICY, policy),
        (Route.RISK_SCORE, risk is not None and risk.above),
    ):
        if applies:
            return route
    if criteria >= rules.required_min_criteria:
        return Route.DOCUMENTED if documented else Route.CRITERIA
    if criteria >= rules.recommended_min_criteria:
        return Route.ONE_CRITERION
    return Route.NONE


VERDICT_OF_ROUTE = {
    Route.STATUTORY: Verdict.REQUIRED,
    Route.AP_LIST: Verdict.REQUIRED,
    Route.POLICY: Verdict.REQUIRED,
    Route.RISK_SCORE: Verdict.REQUIRED,
    Route.CRITERIA: Verdict.REQUIRED,
    Route.DOCUMENTED: Verdict.RECOMMENDED,
    Route.ONE_CRITERION: Verdict.RECOMMENDED,
    Route.NONE: Verdict.NOT_REQUIRED,
}


def screen(answers: Mapping[str, bool], content: ScreeningContent) -> ScreeningResult:
    """Apply the rules to the ticked items; unknown ids in `answers` are ignored."""

    def ticked(items: list[ScreeningItem]) -> list[ScreeningItem]:
        return [item for item in items if answers.get(item.id)]

    statutory, ap, policy = ticked(content.statutory), ticked(content.ap_list), ticked(content.other_required)
    criteria = ticked(content.criteria)
    documented = ticked(content.documented)
    risk = risk_score(answers, content.risk_score) if content.risk_score else None
    route = _route(statutory, ap, policy, risk, len(criteria), bool(documented), content.rules)
    verdict = VERDICT_OF_ROUTE[route]
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
        documented=documented if route is Route.DOCUMENTED else [],
        companions=companions,
        route=route,
    )


def verdict_text(result: ScreeningResult, content: ScreeningContent, lang: Language) -> str:
    """The verdict's words; on the criteria path "verplicht, tenzij u gemotiveerd vastlegt ..." (WP248)."""
    if result.rebuttable:
        return content.required_unless[lang]
    return content.verdicts[result.verdict][lang]


def _risk_line(result: ScreeningResult, lang: Language) -> str:
    from pia_core.i18n import t

    assert result.risk is not None and result.risk_reason is not None
    factors = ", ".join(f"{factor.name[lang]} ({points})" for factor, points in result.risk.factors)
    return t(
        "screening.reason_risk_score",
        lang,
        item=result.risk_reason.name(lang),
        score=result.risk.total,
        threshold=result.risk.threshold,
        factors=factors,
    )


def reason_lines(result: ScreeningResult, lang: Language) -> list[str]:
    """One line per reason, the always-DPIA items first: the same words on screen and in the PDF."""
    from pia_core.i18n import t  # texts load lazily: the verdict itself needs no UI texts

    lines = [
        t("screening.reason_statutory", lang, item=i.name(lang), ground=_ground(i, lang))
        for i in result.statutory
    ]
    lines += [t("screening.reason_always", lang, item=item.name(lang)) for item in result.ap]
    lines += [
        t("screening.reason_policy", lang, item=i.name(lang), ground=_ground(i, lang)) for i in result.policy
    ]
    if result.risk_reason is not None:
        lines.append(_risk_line(result, lang))
    lines += [t("screening.reason_criterion", lang, item=item.name(lang)) for item in result.criteria]
    if result.route is Route.CRITERIA:
        lines.append(t("screening.reason_rebuttable", lang))
    lines += [t("screening.reason_documented", lang, item=item.name(lang)) for item in result.documented]
    return lines


def _ground(item: ScreeningItem, lang: Language) -> str:
    return item.ground[lang] if item.ground else ""


def companion_lines(result: ScreeningResult, lang: Language) -> list[str]:
    """The other assessments the answers call for, and the art. 36 note: one line each, with the reason."""
    from pia_core.i18n import t

    return [
        t(
            f"screening.companion_{companion.kind.value}",
            lang,
            name=companion.name[lang],
            reason=companion.reason[lang],
        )
        for companion in result.companions
    ]


def risk_score_line(result: ScreeningResult, lang: Language) -> str | None:
    """The risk score as a number against its threshold, whether or not it decides the verdict."""
    from pia_core.i18n import t

    if result.risk is None:
        return None
    return t("screening.risk_score_status", lang, score=result.risk.total, threshold=result.risk.threshold)
