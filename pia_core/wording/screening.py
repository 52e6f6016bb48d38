"""The DPIA check's reasons, companions and risk score in words: the same on screen and in the PDF."""

from __future__ import annotations

from pia_core.analysis.screening import Basis, Route, ScreeningItem, ScreeningResult
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.scan.model import NoHighRisk
from pia_core.vocabulary import Answer, Language


def _risk_line(result: ScreeningResult, lang: Language) -> str:
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
    if result.basis is Basis.POLICY:
        lines.append(t(f"screening.policy_scope_{'central' if result.central else 'other'}", lang))
        if not result.central and result.may_be_central:
            lines.append(t("screening.policy_scope_ask", lang))
        if result.route is Route.RISK_SCORE:
            lines.append(t("screening.reason_risk_rebuttable", lang))
    lines += [t("screening.reason_documented", lang, item=item.name(lang)) for item in result.documented]
    if result.rebuttal is not None:
        lines.append(rebuttal_line(result.rebuttal, lang))
    return lines


def rebuttal_line(rebuttal: NoHighRisk, lang: Language) -> str:
    """Who documented "no high risk", when, and why: one line on screen and in the PDF."""
    unknown = t("report.not_filled", lang)
    return t(
        "screening.rebuttal_line",
        lang,
        by=rebuttal.by.strip() or unknown,
        date=date_text(rebuttal.date, lang, empty=unknown),
        reason=" ".join(rebuttal.reason.split()),
    )


def _ground(item: ScreeningItem, lang: Language) -> str:
    return item.ground[lang] if item.ground else ""


def companion_lines(result: ScreeningResult, lang: Language) -> list[str]:
    """The other assessments the answers call for, and the art. 36 note: one line each, with the reason."""
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
    if result.risk is None:
        return None
    return t("screening.risk_score_status", lang, score=result.risk.total, threshold=result.risk.threshold)


def dpia_answer_text(answer: Answer | None, lang: Language) -> str:
    """The words for an answer to the DPIA questions ("In uitvoering" for partly)."""
    if answer is None:
        return t("report.unanswered", lang)
    if answer is Answer.PARTLY:
        return t("dpia.answer_partly", lang)
    return t(f"common.answer.{answer.value}", lang)
