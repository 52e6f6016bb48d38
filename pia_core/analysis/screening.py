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

from pia_core.content.screening import (
    LAW_ROUTES as LAW_ROUTES,
)
from pia_core.content.screening import (
    POLICY_ROUTES as POLICY_ROUTES,
)
from pia_core.content.screening import (  # the content's schema, re-exported where the rules use it
    RISK_SCORE_ID as RISK_SCORE_ID,
)
from pia_core.content.screening import (
    Band as Band,
)
from pia_core.content.screening import (
    Basis as Basis,
)
from pia_core.content.screening import (
    Companion as Companion,
)
from pia_core.content.screening import (
    CompanionKind as CompanionKind,
)
from pia_core.content.screening import (
    RiskFactor as RiskFactor,
)
from pia_core.content.screening import (
    RiskItem as RiskItem,
)
from pia_core.content.screening import (
    RiskScoreRule as RiskScoreRule,
)
from pia_core.content.screening import (
    Route as Route,
)
from pia_core.content.screening import (
    ScreeningContent as ScreeningContent,
)
from pia_core.content.screening import (
    ScreeningItem as ScreeningItem,
)
from pia_core.content.screening import (
    ScreeningRules as ScreeningRules,
)
from pia_core.content.screening import (
    Verdict as Verdict,
)
from pia_core.scan.model import Assessment, NoHighRisk
from pia_core.vocabulary import Language, Sector


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


def screen_assessment(assessment: Assessment, content: ScreeningContent) -> ScreeningResult:
    """The DPIA check of one activity: its ticks, its sector, and its DPIA block."""
    return screen(
        assessment.screening,
        content,
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
