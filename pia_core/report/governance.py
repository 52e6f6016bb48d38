"""Report sections on governance: the DPIA screening verdict and the sign-off block."""

from __future__ import annotations

from pia_core.analysis.dpia_duty import asked
from pia_core.analysis.screening import screen_assessment, verdict_text
from pia_core.formatting import date_text as format_date
from pia_core.i18n import t
from pia_core.report.brand import MUTED
from pia_core.report.context import ReportContext
from pia_core.wording.screening import companion_lines, dpia_answer_text, reason_lines, risk_score_line

LABEL_WIDTH = 58.0  # mm: room for "Datum van vaststelling" in bold


def screening_section(ctx: ReportContext) -> None:
    """Is a DPIA needed: the verdict and every reason that led to it."""
    pdf, lang = ctx.pdf, ctx.lang
    content = ctx.content.screening
    result = screen_assessment(ctx.assessment, content)
    pdf.heading(t("screening.heading", lang), size=13)
    verdict = verdict_text(result, content, lang)
    pdf.para(t("screening.verdict_label", lang, verdict=verdict), size=11, style="B", colour=pdf.accent)
    if not result.filled:
        pdf.para(t("screening.not_filled_note", lang))
    else:
        pdf.para(t("screening.reasons", lang), style="B", after=0.5)
        for reason in reason_lines(result, lang) or [t("screening.no_reasons", lang)]:
            pdf.para(f"• {reason}", indent=4, after=0.8)
    risk_status = risk_score_line(result, lang)
    if risk_status and result.risk and result.risk.total:
        pdf.para(risk_status, size=8.5, colour=MUTED, after=0.8)
    companions = companion_lines(result, lang)
    if companions:
        pdf.ln(1)
        pdf.para(t("screening.companions", lang), style="B", after=0.5)
        for line in companions:
            pdf.para(f"• {line}", indent=4, after=0.8)
    if asked(result):
        status = ctx.assessment.dpia
        pdf.ln(1)
        for question, answer in (
            (t("dpia.question_done", lang), status.done),
            (t("dpia.question_fg", lang), status.fg_advice),
            (t("dpia.question_quality", lang), status.quality),
        ):
            pdf.para(f"{question} {dpia_answer_text(answer, lang)}", after=0.8)
    pdf.ln(1)
    pdf.para(t("dpia.not_a_dpia", lang), size=8.5, style="B")
    pdf.para(t("screening.basis", lang), size=8, colour=MUTED)


def sign_off_section(ctx: ReportContext) -> None:
    """Reviewed by, the FG's advice, the decision and the date, with room to sign."""
    pdf, lang, sign = ctx.pdf, ctx.lang, ctx.assessment.sign_off
    empty = t("report.not_filled", lang)
    pdf.ensure_space(80)
    pdf.heading(t("sign_off.heading", lang), size=13)
    pdf.label_value(t("sign_off.reviewed_by", lang), sign.reviewed_by or empty, width=LABEL_WIDTH)
    date = format_date(sign.date, lang) if sign.date else empty
    pdf.label_value(t("sign_off.date", lang), date, width=LABEL_WIDTH)
    for label, text in (
        (t("sign_off.fg_advice", lang), sign.fg_advice),
        (t("sign_off.decision", lang), sign.decision),
    ):
        pdf.para(label, style="B", after=0.5)
        pdf.para(text or empty, after=2)
    pdf.ln(4)
    pdf.para(t("sign_off.signature", lang), style="B", after=12)
    pdf.rule(MUTED, 0.2)
