"""The PDF's section "Sinds de vorige scan" (issue 23, item 4), after the action plan and "Na het
actieplan": the comparison of pia_core/analysis/progress.py between the activity as it was at the
summary's moment and as it is now. The summary hands the earlier state to the PDF worker as plain
data (`Since`, pickled with the snapshot, like `planned`); without it the section draws nothing. Its
chart is drawn as shapes (bars on the level bands), not rendered as an image: it costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.progress import Progress, Since, compare, level_word
from pia_core.analysis.projection import action_ids
from pia_core.formatting import moment_text
from pia_core.i18n import t
from pia_core.report.brand import INK, MUTED
from pia_core.report.context import ActivityFacts, ReportContext
from pia_core.report.document import ReportPDF, hex_rgb
from pia_core.vocabulary import Language
from pia_core.wording.progress import count_lines
from pia_core.wording.projection import score_text
from pia_core.wording.verdict import format_score, level_name, place_label

# --- the report's section "Sinds de vorige scan" ------------------------------------------------------

EXTRA_KEY = "since"  # ReportContext.extras: a Since
THEN_COLOUR = "#A9B0BB"  # the bar of "then": grey; "now" is the brand's accent
BAND_TINT = 0.82  # a level's colour mixed this far with white behind the bars
CHART_LABEL = 70.0  # mm for the step's name left of the bars
CHART_VALUE = 9.0  # mm for the score right of a bar
CHART_ROW = 6.4  # mm per step: two bars and the gap below them
BAR = 2.2  # mm, one bar's height


def _difference(before: float | None, after: float | None, lang: Language) -> str:
    """The difference of two scores as shown (whole numbers): "+3", "gelijk", or "" (no score)."""
    if before is None or after is None:
        return ""
    diff = round(after) - round(before)
    return f"{diff:+d}" if diff else t("history.progress.unchanged", lang)


def _count_difference(before: int, after: int, lang: Language) -> str:
    return f"{after - before:+d}" if after != before else t("history.progress.unchanged", lang)


def since_of(ctx: ActivityFacts) -> Since | None:
    found = ctx.extras.get(EXTRA_KEY)
    return found if isinstance(found, Since) else None


def _tint(colour: str, share: float) -> str:
    red, green, blue = hex_rgb(colour)
    mixed = (round(part + (255 - part) * share) for part in (red, green, blue))
    return "#" + "".join(f"{part:02X}" for part in mixed)


def _fitted(pdf: ReportPDF, text: str, width: float) -> str:
    """`text` on one line of `width`, shortened with "…" where it is longer."""
    lines = pdf.wrap(pdf.clean(text, single_line=True), width)
    if len(lines) <= 1:
        return lines[0] if lines else ""
    first = lines[0]
    while first and pdf.get_string_width(first + "…") > width:
        first = first[:-1]
    return first.rstrip() + "…"


def _chart(ctx: ReportContext, progress: Progress) -> None:
    """Per step a grey bar (then) above a bar in the accent colour (now), on a scale of 0 to 100
    with the levels as bands behind them: drawn as shapes, no chart image to render."""
    pdf, lang = ctx.pdf, ctx.lang
    changes = progress.step_changes
    levels = ctx.catalogue.scoring.levels
    top_gap, legend = 5.0, 7.0
    height = top_gap + CHART_ROW * len(changes) + 4 + legend
    pdf.ensure_space(height + 8)
    pdf.para(t("history.progress.chart_title", lang), style="B", after=1)
    left = pdf.l_margin + CHART_LABEL
    width = pdf.epw - CHART_LABEL - CHART_VALUE
    top = pdf.get_y()
    rows_top = top + top_gap
    rows_height = CHART_ROW * len(changes)
    for i, level in enumerate(levels):  # the bands, each named at its top
        end = levels[i + 1].min if i + 1 < len(levels) else 100
        x, band = left + width * level.min / 100, width * (end - level.min) / 100
        pdf.swatch(_tint(level.colour, BAND_TINT), x, rows_top - 1, band, rows_height)
        pdf.body(6.5, "", MUTED)
        pdf.text_line(x, top, band, top_gap - 1, _fitted(pdf, level.name[lang], band - 2), "L")
    then_colour, now_colour = THEN_COLOUR, pdf.accent
    for row, change in enumerate(changes):
        y = rows_top + row * CHART_ROW
        pdf.body(7.5)
        label = f"{change.number}. {ctx.catalogue.step(change.number).title(lang)}"
        pdf.text_line(pdf.l_margin, y, CHART_LABEL - 1, 2 * BAR, _fitted(pdf, label, CHART_LABEL - 3), "L")
        for offset, score, colour in ((0.0, change.today, then_colour), (BAR, change.planned, now_colour)):
            if score is None:
                continue
            bar = width * max(0.0, min(100.0, score)) / 100
            pdf.swatch(colour, left, y + offset, max(bar, 0.4), BAR)
            pdf.body(6.5, "B" if colour == now_colour else "", INK if colour == now_colour else MUTED)
            pdf.text_line(left + bar, y + offset - 0.4, CHART_VALUE, BAR + 0.8, score_text(score, lang), "L")
    axis = rows_top + rows_height
    pdf.set_draw_color(*hex_rgb(MUTED))
    pdf.set_line_width(0.2)
    pdf.line(left, axis, left + width, axis)
    pdf.body(6.5, "", MUTED)
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        pdf.line(x, axis, x, axis + 0.8)
        pdf.text_line(x - 5, axis + 0.8, 10, 3, str(tick), "C")
    key_y = axis + 5
    x = left
    for text, colour in (
        (t("history.progress.then_label", lang), then_colour),
        (t("history.progress.now_label", lang), now_colour),
    ):
        pdf.swatch(colour, x, key_y + 0.6, 4, BAR)
        pdf.body(7.5)
        pdf.text_line(x + 4.5, key_y, 30, 3.4, text, "L")
        x += 6 + pdf.get_string_width(text) + 6
    pdf.set_xy(pdf.l_margin, key_y + legend)
    pdf.body()


def _numbers(ctx: ReportContext, progress: Progress) -> None:
    """Score, level, critical points and actions in the plan: then, now and the difference."""
    pdf, lang = ctx.pdf, ctx.lang
    then, now = progress.then, progress.now
    headers = [
        "",
        t("history.progress.then_label", lang),
        t("history.progress.now_label", lang),
        t("history.progress.change", lang),
    ]
    plan_then, plan_now = len(action_ids(then)), len(action_ids(now))
    rows = [
        [
            t("history.progress.score", lang),
            format_score(then.overall, lang),
            format_score(now.overall, lang),
            _difference(then.overall, now.overall, lang),
        ],
        [
            t("history.progress.level", lang),
            level_name(then, lang),
            level_name(now, lang),
            t(f"history.progress.{level_word(progress, ctx.catalogue.scoring.levels)}", lang),
        ],
        [
            t("history.progress.critical", lang),
            str(len(then.critical)),
            str(len(now.critical)),
            _count_difference(len(then.critical), len(now.critical), lang),
        ],
        [
            t("history.report.actions", lang),
            str(plan_then),
            str(plan_now),
            _count_difference(plan_then, plan_now, lang),
        ],
    ]
    pdf.grid(headers, rows, widths=(60, 40, 40, 30), aligns=("L", "R", "R", "R"))
    pdf.body()
    lines = count_lines(progress, lang)
    if lines:
        pdf.ln(2)
        pdf.para(" · ".join(lines), style="B")


def _steps(ctx: ReportContext, progress: Progress) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    pdf.ensure_space(30)
    pdf.para(t("history.report.steps", lang), style="B", after=1)
    rows = [
        [
            f"{change.number}. {ctx.catalogue.step(change.number).title(lang)}",
            score_text(change.today, lang),
            score_text(change.planned, lang),
            _difference(change.today, change.planned, lang),
        ]
        for change in progress.step_changes
    ]
    headers = [
        ctx.t("column.step"),
        t("history.progress.then_label", lang),
        t("history.progress.now_label", lang),
        t("history.progress.change", lang),
    ]
    pdf.grid(headers, rows, widths=(100, 22, 22, 26), aligns=("L", "R", "R", "R"))
    pdf.body()


def _findings(ctx: ReportContext, heading: str, ids: Sequence[str], judged: Evaluation) -> None:
    """The findings `ids` of `judged` as a list: where they sit and what they are about."""
    if not ids:
        return
    pdf, lang = ctx.pdf, ctx.lang
    by_id = {finding.id: finding for finding in judged.findings}
    pdf.ensure_space(16)
    pdf.ln(1)
    pdf.para(f"{heading} ({len(ids)})", style="B", after=1)
    for item in ids:
        finding = by_id.get(item)
        if finding is None:
            continue
        place = place_label(finding.id, finding.step, lang)
        text = f"{place} · {finding.title[lang]}" if place else finding.title[lang]
        pdf.para(f"• {text}", indent=2, after=0.6)


def progress_section(ctx: ReportContext) -> None:
    """ "Sinds de vorige scan", when the page handed in the moment its "Voortgang" compares with."""
    since = since_of(ctx)
    if since is None:
        return
    pdf, lang = ctx.pdf, ctx.lang
    progress = compare(since.then, ctx.assessment, ctx.content, now_judged=ctx.evaluation)
    when = moment_text(since.at, lang) if since.at is not None else ""
    pdf.new_section()
    pdf.heading(t("history.report.heading", lang), space_before=0)
    pdf.para(t("history.report.intro" if when else "history.report.intro_undated", lang, when=when))
    if not progress.changed:
        pdf.para(t("history.report.no_change", lang), style="B")
        return
    _numbers(ctx, progress)
    pdf.ln(2)
    _chart(ctx, progress)
    _steps(ctx, progress)
    _findings(ctx, t("history.report.closed", lang), progress.closed_critical, progress.then)
    _findings(ctx, t("history.report.new", lang), progress.new_critical, progress.now)
    _findings(ctx, t("history.report.done", lang), progress.done_actions, progress.then)
