"""The Word report's sections, in the PDF's order and with the PDF's words (pia_core/report/sections.py):
cover, management summary with the DPIA check, charts, the steps question by question, the flows,
the action plan with the sign-off, the appendix.

Where the PDF is a finished document, the Word file is the consultant's draft of the advice: under
every finding an empty field "Advies van de adviseur", and the action plan as an ordinary Word table
(owner, deadline, status) to fill in. Each section is a function `(WordContext) -> None`; the
organisation's Word report runs the same sections per activity one heading level down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pia_core.analysis.dpia_duty import asked
from pia_core.analysis.evaluation import Evaluation, evaluate, precedents_of
from pia_core.analysis.findings import TOP_ACTIONS, Finding, FindingKind
from pia_core.analysis.scoring import applicable_questions
from pia_core.analysis.screening import screen_assessment, verdict_text
from pia_core.charts import PLAIN_SPECS, chart_png, risk_heatmap, step_scores
from pia_core.content.branding import Branding
from pia_core.content.bundle import Content
from pia_core.content.loader import Step
from pia_core.flows.flags import flow_flags
from pia_core.flows.savings import savings
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.report import activity_facts as facts
from pia_core.report.brand import MUTED, brand_name
from pia_core.report.context import ActivityFacts
from pia_core.report.flows_facts import (
    current_total_line,
    flag_heading,
    inventory_table,
    savings_charts,
    savings_values,
    table_of,
)
from pia_core.report.word_document import TEXT_WIDTH_CM, WordDocument
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Answer, Language
from pia_core.wording.screening import companion_lines, dpia_answer_text, risk_score_line
from pia_core.wording.screening import reason_lines as screening_reasons
from pia_core.wording.steps import hidden_note, quick_note
from pia_core.wording.verdict import (
    format_score,
    level_name,
    precedent_source,
    precedent_text,
    reason_lines,
)

MARKER = "■ "  # before a critical point; its text always says "Kritiek" too
SMALL, SMALLER = 8.5, 8.0


@dataclass(kw_only=True)
class WordContext(ActivityFacts):
    """An activity's facts (context.py: the verdict, the action rows and the report's texts, read
    from the one place the PDF reads them, so the two reports cannot tell different stories) and
    the Word document they are written into."""

    word: WordDocument
    level: int = 1  # a section's heading level: 1 in an activity's report, 2 in the organisation's
    shown: set[str] = field(default_factory=set)  # findings whose adviser's field is in the document

    def heading(self, text: str, depth: int = 0, new_page: bool = False) -> None:
        """A section's heading (`depth` 0) or a part of it (1), at this report's level."""
        self.word.heading(text, self.level + depth, new_page=new_page)


WordSection = Callable[[WordContext], None]


def word_context(
    word: WordDocument,
    assessment: Assessment,
    content: Content,
    lang: Language,
    level: int = 1,
    evaluation: Evaluation | None = None,
) -> WordContext:
    """The context of one activity's sections; `evaluation` if the caller has judged it already."""
    return WordContext(
        word=word,
        assessment=assessment,
        content=content,
        lang=lang,
        evaluation=evaluation or evaluate(assessment, content),
        level=level,
    )


def _caption(ctx: WordContext, text: str) -> None:
    ctx.word.para(text, style="Caption", after=8)


def advice(ctx: WordContext, finding: Finding) -> None:
    """The empty field under a finding where the consultant writes their advice."""
    ctx.word.advice_field(t("word.advice", ctx.lang), t("word.advice_hint", ctx.lang))
    ctx.shown.add(finding.id)


def finding_block(ctx: WordContext, finding: Finding, with_title: bool = False) -> None:
    """A finding as in the PDF ("Bevinding (Hoog): <action>", its law), then the adviser's field."""
    w, lang = ctx.word, ctx.lang
    paragraph = w.para(indent=0.6, after=1, keep_with_next=True)
    if finding.critical:
        w.run(paragraph, MARKER, colour=facts.critical_colour(ctx))
    if with_title:
        w.run(paragraph, finding.title[lang] + " ", bold=True)
    w.run(paragraph, facts.finding_line(ctx, finding))
    refs = "; ".join(finding.references[lang])
    w.para(
        t("step.references", lang, refs=refs),
        size=SMALLER,
        colour=MUTED,
        indent=0.6,
        after=3,
        keep_with_next=True,
    )
    advice(ctx, finding)


# -- cover ---------------------------------------------------------------------------------------
def cover_top(w: WordDocument, brand: Branding, lang: Language, title: str, subtitle: str) -> None:
    """The brand line, the logo, the title: the top of both reports' covers."""
    w.band(brand_name(brand, lang), w.accent)
    if brand.logo_bytes:
        w.image(brand.logo_bytes, 5.0, brand_name(brand, lang), height_cm=2.0, align="right")
    w.para(after=60)
    w.para(title, style="Title")
    w.para(subtitle, style="Subtitle", after=24)
    w.rule()


def cover_contact(w: WordDocument, brand: Branding, lang: Language) -> None:
    """The running firm's contact details and call to action, when branding gives them."""
    settings = brand.settings
    lines = settings.contact.lines()
    cta = settings.call_to_action
    if not lines and cta is None:
        return
    w.para(after=24)
    if brand.name:
        w.para(brand.name, bold=True, after=1)
    if lines:
        w.para(" · ".join(lines), size=9, colour=MUTED, after=3)
    if cta is not None:
        text = cta.text[lang] + (f": {cta.url}" if cta.url else "")
        w.para(text, bold=True, colour=w.accent)


def cover(ctx: WordContext) -> None:
    w, lang = ctx.word, ctx.lang
    cover_top(w, ctx.brand, lang, t("common.app_title", lang), ctx.t("subtitle"))
    for label, value in facts.cover_rows(ctx):
        w.label_value(label, value)
    w.rule()
    cover_contact(w, ctx.brand, lang)
    w.para(after=36)
    w.para(ctx.t("disclaimer_short"), size=SMALL, colour=MUTED)


# -- management summary --------------------------------------------------------------------------
def _critical_list(ctx: WordContext, critical: list[Finding]) -> None:
    """Every critical point (the PDF names the first six on its one-page summary; here is room)."""
    w = ctx.word
    ctx.heading(ctx.t("critical_heading", count=len(critical)), 1)
    if not critical:
        w.para(ctx.t("no_critical"))
        return
    w.para(ctx.t("critical_intro"), size=SMALL, colour=MUTED)
    for finding in critical:
        paragraph = w.para(after=2, keep_with_next=True)
        w.run(paragraph, MARKER, colour=facts.critical_colour(ctx))
        w.run(paragraph, facts.critical_line(ctx, finding), bold=True)
        _precedents(ctx, finding)


def _precedents(ctx: WordContext, finding: Finding) -> None:
    """Up to two published decisions on the same duty, each with its reference and web address."""
    shown = precedents_of(ctx.evaluation, finding.id, ctx.content.precedents)
    if not shown:
        return
    w = ctx.word
    w.para(t("precedent.heading", ctx.lang), italic=True, size=SMALL, colour=MUTED, indent=0.6, after=1)
    for precedent in shown:
        w.bullet(precedent_text(precedent, ctx.lang), level=2, size=SMALL)
        w.para(precedent_source(precedent, ctx.lang), size=7.5, colour=MUTED, indent=1.9, after=3)


def _top_actions(ctx: WordContext) -> None:
    w = ctx.word
    ctx.heading(ctx.t("top_actions"), 1)
    if not ctx.actions:
        w.para(ctx.t("no_actions"))
        return
    for row in ctx.actions[:TOP_ACTIONS]:
        paragraph = w.numbered(f"{row.priority}.", row.action)
        paragraph.paragraph_format.keep_with_next = True
        w.para(facts.action_meta(ctx, row), size=SMALLER, colour=MUTED, indent=0.7, after=4)


def management_summary(ctx: WordContext) -> None:
    w, result, lang = ctx.word, ctx.score, ctx.lang
    ctx.heading(ctx.t("summary_heading"), new_page=ctx.level == 1)
    level = ctx.evaluation.level
    w.score_box(
        (ctx.t("overall_score"), format_score(result.overall, lang)),
        (ctx.t("level"), level_name(ctx.evaluation, lang)),
        level.meaning[lang] if level else ctx.t("no_answers"),
        level.colour if level else MUTED,
    )
    for line in reason_lines(ctx.evaluation, lang):
        w.para(line, bold=True, after=2)
    if ctx.evaluation.open_critical:
        w.para(t("verdict.provisional_explain", lang), size=SMALL, colour=MUTED)
    w.para(facts.counts_line(ctx), colour=MUTED)
    _critical_list(ctx, ctx.evaluation.critical)
    _top_actions(ctx)


# -- the DPIA check (pia_core/report/governance.py) ----------------------------------------------
def screening_section(ctx: WordContext) -> None:
    """Is a DPIA needed: the verdict, every reason, and the findings on the DPIA duty."""
    w, lang = ctx.word, ctx.lang
    content = ctx.content.screening
    result = screen_assessment(ctx.assessment, content)
    ctx.heading(t("screening.heading", lang), 1)
    verdict = verdict_text(result, content, lang)
    w.para(t("screening.verdict_label", lang, verdict=verdict), bold=True, size=11, colour=w.accent)
    if not result.filled:
        w.para(t("screening.not_filled_note", lang))
    else:
        w.para(t("screening.reasons", lang), bold=True, after=1, keep_with_next=True)
        for reason in screening_reasons(result, lang) or [t("screening.no_reasons", lang)]:
            w.bullet(reason)
    risk_status = risk_score_line(result, lang)
    if risk_status and result.risk and result.risk.total:
        w.para(risk_status, size=SMALL, colour=MUTED)
    companions = companion_lines(result, lang)
    if companions:
        w.para(t("screening.companions", lang), bold=True, after=1, keep_with_next=True)
        for line in companions:
            w.bullet(line)
    if asked(result):
        status = ctx.assessment.dpia
        for question, answer in (
            (t("dpia.question_done", lang), status.done),
            (t("dpia.question_fg", lang), status.fg_advice),
            (t("dpia.question_quality", lang), status.quality),
        ):
            w.para(f"{question} {dpia_answer_text(answer, lang)}", after=2)
    w.para(t("dpia.not_a_dpia", lang), bold=True, size=SMALL, after=1)
    w.para(t("screening.basis", lang), size=SMALLER, colour=MUTED)
    duty = [finding for finding in ctx.findings if finding.kind is FindingKind.DPIA]
    if duty:
        w.para(t("word.findings_heading", lang), bold=True, after=2, keep_with_next=True)
        for finding in duty:
            finding_block(ctx, finding, with_title=True)


# -- charts --------------------------------------------------------------------------------------
def charts(ctx: WordContext) -> None:
    w, lang = ctx.word, ctx.lang
    ctx.heading(ctx.t("charts_heading"), new_page=True)
    steps_png = chart_png(PLAIN_SPECS.spec(step_scores(ctx.score, ctx.catalogue, lang)))
    w.image(steps_png, 13.0, ctx.t("chart_steps_description"))
    _caption(ctx, ctx.t("chart_steps_description"))
    headers, step_rows = facts.step_score_table(ctx)
    w.table(headers, step_rows, widths=(11.0, 2.5, 3.5), aligns="LRL")
    heat_png = chart_png(PLAIN_SPECS.spec(risk_heatmap(ctx.findings, ctx.rules, lang)))
    chart, numbers = w.side_by_side((8.6, 8.4))  # as in the PDF: the matrix and its numbers
    w.image(heat_png, 8.2, ctx.t("chart_risk_description"), into=chart)
    headers, cells = facts.risk_cell_table(ctx)
    w.table(headers, cells, widths=(2.0, 2.0, 1.5, 2.7), aligns="LLRL", into=numbers)
    _caption(ctx, ctx.t("chart_risk_description"))


# -- the steps, question by question ------------------------------------------------------------
def _by_question(findings: list[Finding]) -> dict[str, Finding]:
    """The finding on each question: a weak answer, or a check of an N.v.t. ("check:<question>")."""
    found: dict[str, Finding] = {}
    for finding in findings:
        if finding.kind is FindingKind.QUESTION:
            found[finding.id] = finding
        elif finding.kind is FindingKind.CHECK:
            found[finding.id.split(":", 1)[1]] = finding
    return found


def _question_block(ctx: WordContext, text: str, answer: Answer | None, found: Finding | None) -> None:
    w = ctx.word
    w.para(text, bold=True, after=1, keep_with_next=True)
    w.para(facts.answer_line(ctx, answer), indent=0.6, after=1 if found else 6, keep_with_next=bool(found))
    if found is not None:
        finding_block(ctx, found, with_title=found.kind is FindingKind.CHECK)


def _step(ctx: WordContext, step: Step, by_question: dict[str, Finding]) -> None:
    w, lang = ctx.word, ctx.lang
    ctx.heading(ctx.t("step_title", number=step.number, title=step.title(lang)), 1)
    w.para(facts.step_line(ctx, step.number), colour=MUTED, after=6)
    for question in applicable_questions(step, ctx.assessment):
        answer = ctx.assessment.answer(question.id)
        _question_block(ctx, question.text(lang).text, answer, by_question.get(question.id))
    for note in (hidden_note(step, ctx.assessment, lang), quick_note(step, ctx.assessment, lang)):
        if note:
            w.para(note, italic=True, size=SMALLER, colour=MUTED)
    note = ctx.assessment.notes.get(step.number, "")
    if note.strip():
        w.para(ctx.t("notes"), bold=True, after=1, keep_with_next=True)
        w.para(note, indent=0.6)
    _consultant_note(ctx, step.number)


def _consultant_note(ctx: WordContext, step: int) -> None:
    """The consultant's note on a step, only when they chose to include notes in the report."""
    current = ctx.assessment
    note = current.consultant_notes.get(step, "")
    if not current.presentation.include_consultant_notes or not note.strip():
        return
    ctx.word.para(t("presentation.report_note", ctx.lang), bold=True, colour=MUTED, after=1)
    ctx.word.para(note, italic=True, indent=0.6)


def steps(ctx: WordContext) -> None:
    w = ctx.word
    ctx.heading(ctx.t("steps_heading"), new_page=True)
    description = ctx.assessment.activity.description
    if description.strip():
        w.para(ctx.t("activity_description"), bold=True, after=1, keep_with_next=True)
        w.para(description)
    by_question = _by_question(ctx.findings)
    for step in ctx.catalogue.steps:
        _step(ctx, step, by_question)


# -- flows (pia_core/report/flows_section.py) ----------------------------------------------------
def _inventory(ctx: WordContext) -> None:
    headers, rows = inventory_table(ctx.assessment, ctx.lang)
    ctx.word.table(headers, rows, widths=(4.6, 2.3, 2.2, 2.8, 2.2, 1.3, 1.6), aligns="LLRLLLR")


def _flags(ctx: WordContext) -> None:
    w, lang = ctx.word, ctx.lang
    ctx.heading(t("flows.flags.heading", lang), 1)
    flags = flow_flags(ctx.assessment, ctx.content.flows)
    if not flags:
        w.para(t("flows.flags.none", lang))
        return
    by_id = {finding.id: finding for finding in ctx.findings}
    for flag in flags:
        paragraph = w.para(after=1, keep_with_next=True)
        if flag.critical:
            w.run(paragraph, MARKER, colour=facts.critical_colour(ctx))
        w.run(paragraph, flag_heading(flag, lang), bold=True)
        w.para(f"{flag.title[lang]} {flag.advice[lang]}", indent=0.6, after=1, keep_with_next=True)
        refs = ctx.catalogue.reference_text(flag.references, lang)
        w.para(
            t("flows.flags.references", lang, refs=refs),
            size=SMALLER,
            colour=MUTED,
            indent=0.6,
            after=3,
            keep_with_next=True,
        )
        if flag.id in by_id:
            advice(ctx, by_id[flag.id])


def _savings(ctx: WordContext) -> None:
    w, lang = ctx.word, ctx.lang
    result = savings(ctx.assessment, ctx.content.flows)
    ctx.heading(t("flows.savings.heading", lang), 1)
    for label, value in savings_values(result, lang):
        w.label_value(label, value, tab=5.5)
    w.para(t("flows.savings.five_year_help", lang), size=SMALLER, colour=MUTED)
    w.para(current_total_line(result, lang))
    charts = savings_charts(result, lang)
    for (chart, description, rows), widths in zip(
        charts, ((7.0, 3.3, 3.3, 3.3), (2.0, 5.0, 5.0)), strict=True
    ):
        w.image(chart_png(chart), TEXT_WIDTH_CM * 0.9, description)
        _caption(ctx, description)
        if rows:
            headers, cells = table_of(rows)
            w.table(headers, cells, widths, "L" + "R" * (len(headers) - 1))


def flows_section(ctx: WordContext) -> None:
    """Nothing when the scan has no flows: the report stays about the 10 steps only."""
    if not ctx.assessment.flows:
        return
    ctx.heading(t("flows.nav_title", ctx.lang), new_page=True)
    _inventory(ctx)
    _flags(ctx)
    _savings(ctx)


def other_findings(ctx: WordContext) -> None:
    """Any finding no section above has shown with its adviser's field (a kind added later): every
    finding has its field, so no advice has nowhere to go."""
    rest = [finding for finding in ctx.findings if finding.id not in ctx.shown]
    if not rest:
        return
    ctx.heading(t("word.other_findings", ctx.lang), new_page=True)
    for finding in rest:
        finding_block(ctx, finding, with_title=True)


# -- action plan ---------------------------------------------------------------------------------
def action_plan(ctx: WordContext) -> None:
    """One row per finding: the finding, its action, where and how risky, and the owner, deadline
    and status for the consultant and the client to fill in, in Word."""
    w, lang = ctx.word, ctx.lang
    w.turn(landscape=True)  # the plan's seven columns need the width
    ctx.heading(ctx.t("plan_heading"))
    w.para(ctx.t("plan_intro"))
    if not ctx.actions:
        w.para(ctx.t("no_actions"))
        return
    w.para(t("word.plan_editable", lang), size=SMALL, colour=MUTED)
    headers = [
        ctx.t("column.priority"),
        t("word.column.finding", lang),
        ctx.t("column.action"),
        t("word.column.where", lang),
        ctx.t("column.owner"),
        ctx.t("column.due"),
        t("word.column.status", lang),
    ]
    rows = [
        [
            str(row.priority),
            row.title,
            row.action,
            facts.where_line(ctx, row),
            " ".join(row.owner.split()),
            date_text(row.due, lang),
            t("word.status_open", lang),
        ]
        for row in ctx.actions
    ]
    w.table(headers, rows, widths=(0.9, 6.6, 8.4, 2.9, 3.0, 2.1, 1.8), aligns="RLLLLLL")


# -- sign-off (pia_core/report/governance.py) ----------------------------------------------------
def sign_off_section(ctx: WordContext) -> None:
    """Reviewed by, the FG's advice, the decision and the date, with room to sign: on a page of
    its own, upright again after the plan's wide pages."""
    w, lang, sign = ctx.word, ctx.lang, ctx.assessment.sign_off
    empty = ctx.t("not_filled")
    w.turn(landscape=False)
    ctx.heading(t("sign_off.heading", lang), 1)
    w.label_value(t("sign_off.reviewed_by", lang), sign.reviewed_by or empty, tab=5.8)
    date = date_text(sign.date, lang) if sign.date else empty
    w.label_value(t("sign_off.date", lang), date, tab=5.8)
    for label, text in (
        (t("sign_off.fg_advice", lang), sign.fg_advice),
        (t("sign_off.decision", lang), sign.decision),
    ):
        w.para(label, bold=True, after=1, keep_with_next=True)
        w.para(text or empty, after=6)
    w.para(t("sign_off.signature", lang), bold=True, after=36, keep_with_next=True)
    w.rule(MUTED)


# -- appendix: method, scoring, risk matrix, laws, disclaimer ------------------------------------
def appendix(ctx: WordContext) -> None:
    w = ctx.word
    ctx.heading(ctx.t("appendix_heading"), new_page=True)
    ctx.heading(ctx.t("method_heading"), 1)
    w.para(ctx.t("method"))
    ctx.heading(ctx.t("scoring_heading"), 1)
    w.para(facts.scoring_text(ctx))
    headers, levels = facts.level_table(ctx)
    w.table(headers, levels, widths=(3.0, 2.2, 11.8), aligns="LRL")
    w.para(ctx.t("critical_rule"))
    ctx.heading(ctx.t("risk_heading"), 1)
    w.para(facts.risk_method_text(ctx))
    headers, matrix = facts.risk_matrix_table(ctx)
    w.table(headers, matrix, widths=(4.4, 4.2, 4.2, 4.2), aligns="LCCC")
    w.para(ctx.t("priority_rule"))
    ctx.heading(ctx.t("laws_heading"), 1)
    w.para(ctx.t("laws_intro"))
    for line in facts.law_lines(ctx):
        w.para(line, size=SMALL, after=2)
    ctx.heading(ctx.t("disclaimer_heading"), 1)
    w.para(ctx.t("disclaimer"))


# An activity's parts: in its own report after the cover, in the organisation's report per activity.
ACTIVITY_PARTS: tuple[WordSection, ...] = (
    management_summary,
    screening_section,
    charts,
    steps,
    flows_section,
    other_findings,
    action_plan,
    sign_off_section,
)
WORD_SECTIONS: tuple[WordSection, ...] = (cover, *ACTIVITY_PARTS, appendix)
