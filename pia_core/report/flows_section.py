"""The report's section on communication flows: the inventory, its privacy flags and the saving.

One of pia_core.report.sections.SECTIONS; the flags also join the action plan through the verdict
(pia_core/analysis/evaluation.py). Lives with the other report sections, so report/ and flows/ no longer
import each other.
"""

from __future__ import annotations

import io

from pia_core.charts import chart_png
from pia_core.flows.flags import flow_flags
from pia_core.flows.savings import savings
from pia_core.i18n import t
from pia_core.report.brand import MUTED
from pia_core.report.context import ReportContext
from pia_core.report.document import MARGIN
from pia_core.report.flows_facts import (
    current_total_line,
    flag_heading,
    inventory_table,
    savings_charts,
    savings_values,
    table_of,
)


def _inventory(ctx: ReportContext) -> None:
    pdf = ctx.pdf
    headers, rows = inventory_table(ctx.assessment, ctx.lang)
    pdf.grid(headers, rows, widths=(48, 22, 22, 28, 22, 12, 16), aligns=("L", "L", "R", "L", "L", "L", "R"))
    pdf.body()


def _flags(ctx: ReportContext) -> None:
    lang, pdf = ctx.lang, ctx.pdf
    pdf.heading(t("flows.flags.heading", lang), size=12)
    flags = flow_flags(ctx.assessment, ctx.content.flows)
    if not flags:
        pdf.para(t("flows.flags.none", lang))
        return
    for flag in flags:
        pdf.ensure_space(18)
        pdf.para(flag_heading(flag, lang), style="B", after=0.5)
        pdf.para(f"{flag.title[lang]} {flag.advice[lang]}", indent=4, after=0.5)
        refs = ctx.catalogue.reference_text(flag.references, lang)
        pdf.para(t("flows.flags.references", lang, refs=refs), size=8, colour=MUTED, indent=4, after=2)


def _table(ctx: ReportContext, rows: list[dict[str, str]], widths: tuple[float, ...]) -> None:
    if rows:
        headers, cells = table_of(rows)
        aligns = ("L", *("R" for _ in headers[1:]))
        ctx.pdf.grid(headers, cells, widths=widths, aligns=aligns)
        ctx.pdf.body()


def _savings(ctx: ReportContext) -> None:
    lang, pdf = ctx.lang, ctx.pdf
    result = savings(ctx.assessment, ctx.content.flows)
    pdf.heading(t("flows.savings.heading", lang), size=12)
    for label, value in savings_values(result, lang):
        pdf.label_value(label, value, width=55)
    pdf.para(t("flows.savings.five_year_help", lang), size=8, colour=MUTED)
    pdf.para(current_total_line(result, lang))
    charts = savings_charts(result, lang)
    for (chart, description, rows), widths in zip(charts, ((70, 33, 33, 33), (20, 50, 50)), strict=True):
        pdf.ensure_space(95)
        pdf.image(io.BytesIO(chart_png(chart)), x=MARGIN, w=pdf.epw * 0.9, alt_text=description)
        pdf.para(description, size=8, style="I", colour=MUTED, after=2)
        _table(ctx, rows, widths)
        pdf.ln(3)


def flows_section(ctx: ReportContext) -> None:
    """Nothing when the scan has no flows: the report stays about the 10 steps only."""
    if not ctx.assessment.flows:
        return
    ctx.pdf.new_section()
    ctx.pdf.heading(t("flows.nav_title", ctx.lang), space_before=0)
    _inventory(ctx)
    _flags(ctx)
    _savings(ctx)
