"""The report's sections, in order. Each draws one part on `ctx.pdf`; see builder.SECTIONS use."""

from __future__ import annotations

import io

from fpdf.enums import XPos, YPos

from pia_core.analysis.evaluation import precedents_of
from pia_core.analysis.findings import TOP_ACTIONS, Finding
from pia_core.analysis.scoring import applicable_questions
from pia_core.charts import (
    PLAIN_SPECS,
    chart_png,
    risk_heatmap,
    step_scores,
)
from pia_core.content.loader import Step
from pia_core.formatting import date_text as format_date
from pia_core.i18n import t, tn
from pia_core.report.activity_facts import (
    action_meta,
    answer_line,
    counts_line,
    cover_rows,
    critical_colour,
    critical_line,
    finding_line,
    law_lines,
    level_table,
    risk_cell_table,
    risk_matrix_table,
    risk_method_text,
    scoring_text,
    step_line,
    step_score_table,
)
from pia_core.report.brand import INK, MUTED, brand_name
from pia_core.report.consultant_notes import consultant_note
from pia_core.report.context import ReportContext, Section
from pia_core.report.document import BODY_SIZE, MARGIN, PANEL
from pia_core.report.flows_section import flows_section
from pia_core.report.governance import screening_section, sign_off_section
from pia_core.vocabulary import Answer
from pia_core.wording.steps import hidden_note, quick_note
from pia_core.wording.verdict import (
    format_score,
    level_name,
    precedent_source,
    precedent_text,
    reason_lines,
)

CRITICAL_ON_SUMMARY = 6  # more would push the management summary past one page


def _subheading(ctx: ReportContext, text: str, size: float = 12) -> None:
    ctx.pdf.ensure_space(22)
    ctx.pdf.ln(2)
    ctx.pdf.bookmark(text, 1)
    ctx.pdf.para(text, size=size, style="B", colour=ctx.pdf.accent, after=1)


# -- cover ---------------------------------------------------------------------------------------
def cover(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    pdf.add_page()
    pdf.swatch(pdf.accent, 0, 0, pdf.w, 16)
    pdf.set_xy(MARGIN, 5)
    pdf.body(11, "B", "#FFFFFF")
    pdf.cell(0, 6, pdf.clean(brand_name(ctx.brand, ctx.lang), single_line=True))
    if ctx.brand.logo_bytes:
        # Top right under the band, at most 50 x 20 mm, proportions kept.
        pdf.image(
            io.BytesIO(ctx.brand.logo_bytes), x=pdf.w - MARGIN - 50, y=22, w=50, h=20, keep_aspect_ratio=True
        )
    pdf.set_y(60)
    pdf.body(28, "B", pdf.accent)
    pdf.multi_cell(
        0, 13, pdf.clean(t("common.app_title", ctx.lang)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.body(13, colour=MUTED)
    pdf.multi_cell(0, 7, pdf.clean(ctx.t("subtitle")), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.rule()
    pdf.ln(2)
    for label, value in cover_rows(ctx):
        pdf.label_value(label, value)
    pdf.ln(2)
    pdf.rule()
    _cover_contact(ctx)
    pdf.set_y(pdf.h - 48)
    pdf.para(ctx.t("disclaimer_short"), size=8.5, colour=MUTED)


def _cover_contact(ctx: ReportContext) -> None:
    """The running firm's contact details and call to action, when branding gives them."""
    pdf, settings = ctx.pdf, ctx.brand.settings
    lines = settings.contact.lines()
    cta = settings.call_to_action
    if not lines and cta is None:
        return
    pdf.set_y(pdf.h - 78)
    if ctx.brand.name:
        pdf.para(ctx.brand.name, size=10, style="B", after=0.5)
    if lines:
        pdf.para(" · ".join(lines), size=9, colour=MUTED, after=1.5)
    if cta is not None:
        text = cta.text[ctx.lang] + (f": {cta.url}" if cta.url else "")
        pdf.para(text, size=10, style="B", colour=pdf.accent)


# -- management summary --------------------------------------------------------------------------
def _score_box(ctx: ReportContext) -> None:
    pdf, result = ctx.pdf, ctx.score
    level = ctx.evaluation.level
    top, height = pdf.get_y(), 34.0
    pdf.swatch(PANEL, MARGIN, top, pdf.epw, height)
    pdf.swatch(level.colour if level else MUTED, MARGIN, top, 5, height)
    pdf.set_xy(MARGIN + 10, top + 4)
    pdf.body(9, "B", MUTED)
    pdf.cell(60, 5, pdf.clean(ctx.t("overall_score")))
    pdf.set_xy(MARGIN + 10, top + 10)
    pdf.body(26, "B", INK)
    pdf.cell(60, 14, format_score(result.overall, ctx.lang))
    pdf.set_xy(MARGIN + 75, top + 4)
    pdf.body(9, "B", MUTED)
    pdf.cell(0, 5, pdf.clean(ctx.t("level")))
    pdf.set_xy(MARGIN + 75, top + 10)
    pdf.body(15, "B", INK)
    pdf.cell(0, 8, pdf.clean(level_name(ctx.evaluation, ctx.lang)))
    pdf.set_xy(MARGIN + 75, top + 19)
    pdf.body(8.5)
    meaning = level.meaning[ctx.lang] if level else ctx.t("no_answers")
    pdf.multi_cell(pdf.epw - 80, 4.2, pdf.clean(meaning), align="L")
    pdf.set_y(top + height + 3)


def _marker(ctx: ReportContext, colour: str, size: float = 2.6) -> None:
    """A small filled square in front of a line; the line's text always says what it means."""
    pdf = ctx.pdf
    pdf.swatch(colour, pdf.l_margin, pdf.get_y() + 1.1, size, size)


def _critical_list(ctx: ReportContext, critical: list[Finding]) -> None:
    pdf = ctx.pdf
    _subheading(ctx, ctx.t("critical_heading", count=len(critical)))
    if not critical:
        pdf.para(ctx.t("no_critical"))
        return
    pdf.para(ctx.t("critical_intro"), size=8.5, colour=MUTED)
    for finding in critical[:CRITICAL_ON_SUMMARY]:
        pdf.ensure_space(14)  # the marker and its first line stay on one page
        _marker(ctx, critical_colour(ctx))
        pdf.para(critical_line(ctx, finding), style="B", indent=5, after=1)
        _precedents(ctx, finding)
    more = len(critical) - CRITICAL_ON_SUMMARY
    if more > 0:
        pdf.para(tn("report.critical_more", ctx.lang, more), style="I", indent=5)


def _precedents(ctx: ReportContext, finding: Finding) -> None:
    """Up to two published decisions on the same duty, each with its reference and web address."""
    shown = precedents_of(ctx.evaluation, finding.id, ctx.content.precedents)
    if not shown:
        return
    pdf = ctx.pdf
    pdf.para(t("precedent.heading", ctx.lang), size=8.5, style="I", colour=MUTED, indent=9, after=0.3)
    for precedent in shown:
        pdf.para(f"• {precedent_text(precedent, ctx.lang)}", size=8.5, indent=9, after=0.2)
        pdf.para(precedent_source(precedent, ctx.lang), size=7.5, colour=MUTED, indent=12, after=0.6)
    pdf.ln(0.6)


def _top_actions(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    _subheading(ctx, ctx.t("top_actions"))
    if not ctx.actions:
        pdf.para(ctx.t("no_actions"))
        return
    for row in ctx.actions[:TOP_ACTIONS]:
        pdf.body(BODY_SIZE, "B", pdf.accent)
        pdf.cell(6, 4.6, f"{row.priority}.")
        pdf.para(row.action, indent=6, after=0.5)
        pdf.para(action_meta(ctx, row), size=8, colour=MUTED, indent=6, after=2)


def management_summary(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    pdf.add_page()
    pdf.heading(ctx.t("summary_heading"), space_before=0)
    _score_box(ctx)
    for line in reason_lines(ctx.evaluation, ctx.lang):
        pdf.para(line, style="B", after=0.5)
    if ctx.evaluation.open_critical:
        pdf.para(t("verdict.provisional_explain", ctx.lang), size=8.5, colour=MUTED)
    pdf.para(counts_line(ctx), colour=MUTED)
    _critical_list(ctx, ctx.evaluation.critical)
    _top_actions(ctx)


# -- charts --------------------------------------------------------------------------------------
def _caption(ctx: ReportContext, text: str) -> None:
    ctx.pdf.para(text, size=8, style="I", colour=MUTED, after=2)


def charts(ctx: ReportContext) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    pdf.new_section()
    pdf.ensure_space(120)  # the heading, the chart and its caption together
    pdf.heading(ctx.t("charts_heading"), space_before=0)
    steps_png = chart_png(PLAIN_SPECS.spec(step_scores(ctx.score, ctx.catalogue, lang)))
    pdf.image(io.BytesIO(steps_png), x=MARGIN, w=pdf.epw * 0.76, alt_text=ctx.t("chart_steps_description"))
    _caption(ctx, ctx.t("chart_steps_description"))
    headers, step_rows = step_score_table(ctx)
    pdf.grid(headers, step_rows, widths=(110, 25, 35), aligns=("L", "R", "L"))
    pdf.body()
    pdf.ensure_space(78)
    pdf.ln(4)
    top = pdf.get_y()
    heat_png = chart_png(PLAIN_SPECS.spec(risk_heatmap(ctx.findings, ctx.rules, lang)))
    image = pdf.image(io.BytesIO(heat_png), x=MARGIN, y=top, w=80, alt_text=ctx.t("chart_risk_description"))
    image_bottom = top + float(image.rendered_height)  # an image placed at y does not move the cursor
    pdf.set_y(top)
    headers, cells = risk_cell_table(ctx)
    pdf.grid(headers, cells, widths=(20, 20, 14, 24), aligns=("L", "L", "R", "L"), x=pdf.w - MARGIN - 78)
    pdf.set_y(max(image_bottom, pdf.get_y()) + 2)
    _caption(ctx, ctx.t("chart_risk_description"))


# -- the steps, question by question ------------------------------------------------------------
def _question_block(
    ctx: ReportContext, question_text: str, answer: Answer | None, found: Finding | None
) -> None:
    pdf = ctx.pdf
    pdf.ensure_space(16)
    pdf.para(question_text, style="B", after=0.5)
    pdf.para(answer_line(ctx, answer), indent=4, after=0.5)
    if found is not None:
        if found.critical:
            _marker(ctx, critical_colour(ctx))
        pdf.para(finding_line(ctx, found), indent=4, after=0.5)
        refs = ctx.catalogue.reference_text(found.raw_references, ctx.lang)
        pdf.para(t("step.references", ctx.lang, refs=refs), size=8, colour=MUTED, indent=4, after=0.5)
    pdf.ln(1.5)


def _step(ctx: ReportContext, step: Step, by_id: dict[str, Finding]) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    pdf.ensure_space(40)
    _subheading(ctx, ctx.t("step_title", number=step.number, title=step.title(lang)), size=13)
    pdf.para(step_line(ctx, step.number), colour=MUTED)
    pdf.rule(width=0.2)
    shown = applicable_questions(step, ctx.assessment)
    for question in shown:
        answer = ctx.assessment.answer(question.id)
        _question_block(ctx, question.text(lang).text, answer, by_id.get(question.id))
    for note in (hidden_note(step, ctx.assessment, lang), quick_note(step, ctx.assessment, lang)):
        if note:
            pdf.para(note, size=8, style="I", colour=MUTED)
    note = ctx.assessment.notes.get(step.number, "")
    if note.strip():
        pdf.ensure_space(14)
        pdf.para(ctx.t("notes"), style="B", after=0.5)
        pdf.para(note, indent=4)
    consultant_note(ctx, step.number)
    pdf.ln(3)


def steps(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    pdf.new_section()
    pdf.heading(ctx.t("steps_heading"), space_before=0)
    description = ctx.assessment.activity.description
    if description.strip():
        pdf.para(ctx.t("activity_description"), style="B", after=0.5)
        pdf.para(description)
    by_id = {f.id: f for f in ctx.findings}
    for step in ctx.catalogue.steps:
        _step(ctx, step, by_id)


# -- action plan ---------------------------------------------------------------------------------
def action_plan(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    pdf.new_section()
    pdf.heading(ctx.t("plan_heading"), space_before=0)
    pdf.para(ctx.t("plan_intro"))
    if not ctx.actions:
        pdf.para(ctx.t("no_actions"))
        return
    headers = [
        ctx.t("column.priority"),
        ctx.t("column.action"),
        ctx.t("column.step"),
        ctx.t("column.risk"),
        ctx.t("column.owner"),
        ctx.t("column.due"),
    ]
    rows = [
        [
            str(row.priority),
            row.action,
            "" if row.step is None else str(row.step),
            f"{row.risk}\n{ctx.t('critical')}" if row.critical else row.risk,
            " ".join(row.owner.split()) or "—",
            format_date(row.due, ctx.lang) if row.due else "—",
        ]
        for row in ctx.actions
    ]
    # Owner and date wide enough for "Contractmanager" and "31-01-2027" on one line.
    pdf.grid(headers, rows, widths=(8, 74, 11, 25, 30, 22), aligns=("R", "L", "C", "L", "L", "L"))
    pdf.body()


# -- appendix: method, scoring, risk matrix, laws, disclaimer ------------------------------------
def appendix(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    pdf.new_section()
    pdf.heading(ctx.t("appendix_heading"), space_before=0)
    _subheading(ctx, ctx.t("method_heading"))
    pdf.para(ctx.t("method"))
    _subheading(ctx, ctx.t("scoring_heading"))
    pdf.para(scoring_text(ctx))
    headers, levels = level_table(ctx)
    pdf.grid(headers, levels, widths=(30, 22, 118), aligns=("L", "R", "L"))
    pdf.ln(2)
    pdf.para(ctx.t("critical_rule"))
    _subheading(ctx, ctx.t("risk_heading"))
    pdf.para(risk_method_text(ctx))
    headers, matrix = risk_matrix_table(ctx)
    pdf.grid(headers, matrix, widths=(44, 42, 42, 42), aligns=("L", "C", "C", "C"))
    pdf.ln(2)
    pdf.para(ctx.t("priority_rule"))
    _subheading(ctx, ctx.t("laws_heading"))
    pdf.para(ctx.t("laws_intro"))
    for line in law_lines(ctx):
        pdf.para(line, size=8.5, after=0.8)
    _subheading(ctx, ctx.t("disclaimer_heading"))
    pdf.para(ctx.t("disclaimer"))


SECTIONS: tuple[Section, ...] = (
    cover,
    management_summary,
    screening_section,
    charts,
    steps,
    flows_section,
    action_plan,
    sign_off_section,
    appendix,
)
