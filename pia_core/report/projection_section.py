"""The report's optional block "Na het actieplan", right after the action plan: what the verdict
becomes when the actions the consultant ticked on the summary are done (issue 24, "Wat als").

The page hands the planned actions in as plain finding ids (`build_report(..., planned=...)`,
pickled with the snapshot to a PDF worker); without any, the block draws nothing. Ids that are not
(or no longer) in the scan's action plan are left out, never guessed at.
"""

from __future__ import annotations

from pia_core.analysis.projection import action_ids, project
from pia_core.formatting import money
from pia_core.i18n import t
from pia_core.report.context import ReportContext
from pia_core.wording.projection import marked_resolved_line, projection_line, score_text

EXTRA_KEY = "planned"  # ReportContext.extras: a tuple of finding ids


def planned_in_plan(ctx: ReportContext) -> tuple[str, ...]:
    """The handed-in ids that are in this scan's action plan, in the plan's order."""
    wanted = ctx.extras.get(EXTRA_KEY, ())
    chosen = {str(item) for item in wanted} if isinstance(wanted, tuple | list) else set()
    return tuple(item for item in action_ids(ctx.evaluation) if item in chosen)


def projection_section(ctx: ReportContext) -> None:
    planned = planned_in_plan(ctx)
    if not planned:
        return
    pdf, lang = ctx.pdf, ctx.lang
    projection = project(ctx.assessment, ctx.content, planned, today=ctx.evaluation)
    numbers = ", ".join(str(row.priority) for row in ctx.actions if row.finding_id in set(planned))
    heading = t("projection.report_heading", lang)
    pdf.ensure_space(60)  # the heading, the sentence and the start of the table together
    pdf.ln(4)
    pdf.bookmark(heading, 1)
    pdf.para(heading, size=12, style="B", colour=pdf.accent, after=1)
    pdf.para(t("projection.report_intro", lang, numbers=numbers))
    pdf.para(projection_line(projection, lang), size=11, style="B")
    marked = marked_resolved_line(projection, lang)
    if marked:
        pdf.para(marked, size=8.5)
    if ctx.assessment.flows:
        pdf.para(
            t(
                "projection.report_savings",
                lang,
                now=money(projection.savings_today.annual, lang),
                planned=money(projection.savings.annual, lang),
            )
        )
    pdf.para(t("projection.report_steps", lang), after=1)
    rows = []
    for change in projection.step_changes:
        if change.today is None or change.planned is None:
            diff = ""
        else:
            diff = f"{change.planned - change.today:+.0f}" if change.changed else "0"
        title = ctx.catalogue.step(change.number).title(lang)
        rows.append(
            [
                f"{change.number}. {title}",
                score_text(change.today, lang),
                score_text(change.planned, lang),
                diff,
            ]
        )
    headers = [
        ctx.t("column.step"),
        t("projection.now_label", lang),
        t("projection.planned_label", lang),
        t("projection.change", lang),
    ]
    pdf.grid(headers, rows, widths=(100, 22, 28, 20), aligns=("L", "R", "R", "R"))
    pdf.body()
