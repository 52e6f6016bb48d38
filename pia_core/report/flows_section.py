"""The report's section on communication flows: the inventory, its privacy flags and the saving.

One of pia_core.report.sections.SECTIONS; the flags also join the action plan through the verdict
(pia_core/analysis/evaluation.py). Lives with the other report sections, so report/ and flows/ no longer
import each other.
"""

from __future__ import annotations

import io

from pia_core.charts import chart_png
from pia_core.flow_charts import cost_chart, cost_table, cumulative_chart, cumulative_table
from pia_core.flows.flags import flow_flags
from pia_core.flows.savings import payback_text, savings
from pia_core.formatting import money, number, share
from pia_core.i18n import t
from pia_core.report.brand import MUTED
from pia_core.report.context import ReportContext
from pia_core.report.document import MARGIN


def _inventory(ctx: ReportContext) -> None:
    lang, pdf = ctx.lang, ctx.pdf
    headers = [
        t(f"flows.column.{c}", lang)
        for c in ("name", "recipients", "volume", "channel", "special_data", "bsn", "digital_share")
    ]
    yes, no = t("common.answer.yes", lang), t("common.answer.no", lang)
    rows = [
        [
            f"{n}. {flow.name}",
            t(f"flows.recipient.{flow.recipients.value}", lang),
            number(flow.volume, lang),
            t(f"flows.channel.{flow.channel.value}", lang),
            yes if flow.special_data else no,
            yes if flow.bsn else no,
            share(flow.digital_share, lang),
        ]
        for n, flow in enumerate(ctx.assessment.flows, start=1)
    ]
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
        heading = t("flows.flags.flow_number", lang, number=flag.flow_number)  # the title names it
        if flag.critical:
            heading = f"{heading} ({t('flows.flags.critical', lang)})"
        pdf.para(heading, style="B", after=0.5)
        pdf.para(f"{flag.title[lang]} {flag.advice[lang]}", indent=4, after=0.5)
        refs = ctx.catalogue.reference_text(flag.references, lang)
        pdf.para(t("flows.flags.references", lang, refs=refs), size=8, colour=MUTED, indent=4, after=2)


def _table(ctx: ReportContext, rows: list[dict[str, str]], widths: tuple[float, ...]) -> None:
    if rows:
        headers = list(rows[0])
        aligns = ("L", *("R" for _ in headers[1:]))
        ctx.pdf.grid(headers, [list(row.values()) for row in rows], widths=widths, aligns=aligns)
        ctx.pdf.body()


def _savings(ctx: ReportContext) -> None:
    lang, pdf = ctx.lang, ctx.pdf
    result = savings(ctx.assessment, ctx.content.flows)
    pdf.heading(t("flows.savings.heading", lang), size=12)
    for key, value in (
        ("annual", money(result.annual, lang)),
        ("five_year", money(result.five_year, lang)),
        ("payback", payback_text(result, lang)),
    ):
        pdf.label_value(t(f"flows.savings.{key}", lang), value, width=55)
    pdf.para(t("flows.savings.five_year_help", lang), size=8, colour=MUTED)
    pdf.para(
        t(
            "flows.savings.current_total",
            lang,
            current=money(result.current, lang),
            digital=money(result.digital, lang),
        )
    )
    for chart, rows, widths in (
        (cost_chart(result, lang), cost_table(result, lang), (70, 33, 33, 33)),
        (cumulative_chart(result, lang), cumulative_table(result, lang), (20, 50, 50)),
    ):
        pdf.ensure_space(95)
        description = str(chart.to_dict().get("description", ""))
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
