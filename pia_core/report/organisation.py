"""The organisation report: every processing activity of a dossier in one PDF.

Cover, the overview (one row per activity), the heat map with its numbers, the actions for the whole
organisation, the register of processing activities (pia_core/report/register_section.py), then a
short part per activity (its verdict and what to do first; the full detail is that activity's own
report), and the disclaimer. The whole dossier is attached under the single report's name, so the
app reopens this PDF with every activity.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from fpdf.enums import XPos, YPos

from pia_core import media_types
from pia_core.analysis.action_plan import action_rows
from pia_core.analysis.findings import TOP_ACTIONS
from pia_core.analysis.organisation import ActivityResult, evaluate_organisation
from pia_core.charts import chart_png
from pia_core.content.bundle import Content
from pia_core.i18n import t, tn
from pia_core.organisation_charts import heat_map_chart, heat_table
from pia_core.report.activity_facts import place_and_risk
from pia_core.report.brand import MUTED, brand_name
from pia_core.report.builder import ATTACHMENT_NAME, new_report_pdf
from pia_core.report.document import MARGIN, ReportPDF
from pia_core.report.organisation_facts import (
    OrganisationFacts,
    cover_rows,
    gap_meta,
    heat_colours,
    heat_fills,
    legend,
    overview_table,
    step_names_line,
    summary_line,
)
from pia_core.report.register_section import render_register
from pia_core.scan.dossier import Dossier, is_organisation_key
from pia_core.scan.serialization import dossier_to_json
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name, dpia_text, shared_action, where_text
from pia_core.wording.register import register_row
from pia_core.wording.verdict import format_score, level_name, place_label, reason_lines

HEAT_NAME_WIDTH = 48.0  # mm: the activity column of the heat map's table; the steps share the rest
# Activities the heat map shows as a chart: 30 rows of 24 px and the axes fill a page at full size.
# Beyond, the chart would shrink until nobody could read it: its table shows the colours instead.
HEAT_MAP_ROWS = 30
LEGEND_GAP = 5.0  # mm between one level's name and the next swatch
COVER_LABEL_WIDTH = 52.0  # mm: "Processing activities" in bold at 10.5 pt, with room to spare
MM_PER_PX = 25.4 / 96  # the chart's CSS pixels at print size: its type then matches the body's


@dataclass(kw_only=True)
class OrganisationContext(OrganisationFacts):
    """The organisation's facts and the PDF they are drawn on."""

    pdf: ReportPDF


OrganisationSection = Callable[[OrganisationContext], None]


# -- cover ---------------------------------------------------------------------------------------
def cover(ctx: OrganisationContext) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    pdf.add_page()
    pdf.swatch(pdf.accent, 0, 0, pdf.w, 16)
    pdf.set_xy(MARGIN, 5)
    pdf.body(11, "B", "#FFFFFF")
    pdf.cell(0, 6, pdf.clean(brand_name(ctx.brand, lang), single_line=True))
    if ctx.brand.logo_bytes:
        pdf.image(
            io.BytesIO(ctx.brand.logo_bytes), x=pdf.w - MARGIN - 50, y=22, w=50, h=20, keep_aspect_ratio=True
        )
    pdf.set_y(60)
    pdf.body(28, "B", pdf.accent)
    pdf.multi_cell(0, 13, pdf.clean(ctx.t("report.title")), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.body(13, colour=MUTED)
    pdf.multi_cell(0, 7, pdf.clean(ctx.t("report.subtitle")), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.rule()
    pdf.ln(2)
    for label, value in cover_rows(ctx):
        pdf.label_value(label, value, width=COVER_LABEL_WIDTH)
    pdf.ln(2)
    pdf.rule()
    pdf.set_y(pdf.h - 48)
    pdf.para(t("report.disclaimer_short", lang), size=8.5, colour=MUTED)


# -- overview ------------------------------------------------------------------------------------
def overview(ctx: OrganisationContext) -> None:
    pdf = ctx.pdf
    pdf.add_page()
    pdf.heading(ctx.t("report.summary_heading"), space_before=0)
    pdf.para(summary_line(ctx), size=11, style="B")
    pdf.para(ctx.t("report.summary_note"), size=8.5, colour=MUTED, after=3)
    headers, rows = overview_table(ctx)
    pdf.grid(headers, rows, widths=(8, 62, 20, 34, 18, 28), aligns=("R", "L", "R", "L", "R", "L"))


def heat_map(ctx: OrganisationContext) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    if ctx.result.count > HEAT_MAP_ROWS:
        heat_map_table(ctx)
        return
    png = chart_png(heat_map_chart(ctx.result, ctx.catalogue, lang))
    width_px, height_px = png_size(png)
    scale = MM_PER_PX / 2  # PNGs are rendered at twice their CSS size
    width, height = width_px * scale, height_px * scale
    room = pdf.page_break_trigger - pdf.t_margin - 30  # the heading and the caption come along
    shrink = min(1.0, pdf.epw / width, room / height)
    pdf.ensure_space(height * shrink + 30)
    pdf.ln(4)
    pdf.heading(ctx.t("heatmap.heading"), size=13)
    pdf.image(
        io.BytesIO(png), x=MARGIN, w=width * shrink, h=height * shrink, alt_text=ctx.t("heatmap.description")
    )
    pdf.para(ctx.t("heatmap.description"), size=8, style="I", colour=MUTED, after=2)
    _heat_numbers(ctx)


def heat_map_table(ctx: OrganisationContext) -> None:
    """The heat map of many activities as its table, every cell in its level's colour: as a chart
    it would have to shrink to fit a page until nobody could read it (and rendering it took
    seconds)."""
    pdf, lang = ctx.pdf, ctx.lang
    pdf.ensure_space(50)
    pdf.ln(4)
    pdf.heading(ctx.t("heatmap.heading"), size=13)
    pdf.para(t("pdf.heat_table", lang, count=ctx.result.count), size=8, style="I", colour=MUTED, after=2)
    _legend(ctx)
    _heat_numbers(ctx, heat_colours(ctx))


def _legend(ctx: OrganisationContext) -> None:
    """A swatch and a name per level, and one for a step without a score, on one line."""
    pdf = ctx.pdf
    pdf.body(8)
    x, y = pdf.l_margin, pdf.get_y()
    for name, colour in legend(ctx):
        pdf.swatch(colour, x, y + 0.6, 3.2, 3.2)
        pdf.set_xy(x + 4.2, y)
        label = pdf.clean(name, single_line=True)
        pdf.cell(pdf.get_string_width(label) + 1, 4.4, label)
        x += 4.2 + pdf.get_string_width(label) + LEGEND_GAP
    pdf.set_xy(pdf.l_margin, y + 6)
    pdf.body()


def _heat_numbers(ctx: OrganisationContext, colours: list[str] | None = None) -> None:
    """The heat map's numbers as a table; `colours`: each score cell's, row by row."""
    pdf, lang = ctx.pdf, ctx.lang
    headers, rows = heat_table(ctx.result, ctx.catalogue, lang)
    steps = len(headers) - 1
    step_width = (pdf.epw - HEAT_NAME_WIDTH) / steps
    fills = None if colours is None else heat_fills(colours, steps, len(rows))
    pdf.ensure_space(20)
    pdf.grid(
        headers,
        rows,
        widths=(HEAT_NAME_WIDTH, *([step_width] * steps)),
        aligns=("L", *"R" * steps),
        fills=fills,
    )
    pdf.para(step_names_line(ctx), size=8, colour=MUTED)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR), without decoding the image."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def shared_actions(ctx: OrganisationContext) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    pdf.new_section()
    pdf.heading(ctx.t("shared.heading"), space_before=0)
    if not ctx.result.shared:
        pdf.para(ctx.t("shared.none"))
        return
    pdf.para(ctx.t("shared.intro"))
    for number, gap in enumerate(ctx.result.shared, start=1):
        pdf.ensure_space(14)
        pdf.body(9.5, "B", pdf.accent)
        pdf.cell(7, 4.6, f"{number}.")
        pdf.para(shared_action(gap, lang), indent=7, after=0.5)
        pdf.para(gap_meta(ctx, gap), size=8, colour=MUTED, indent=7, after=0.3)
        pdf.para(where_text(gap, ctx.result, lang), size=8, style="B", indent=7, after=2)


def register(ctx: OrganisationContext) -> None:
    """The register of processing activities (AVG art. 30(1)), from the views already composed."""
    rows = [
        register_row(item.assessment, ctx.lang, ctx.content, item.id, item.number)
        for item in ctx.result.activities
    ]
    render_register(ctx.pdf, rows, ctx.lang)


# -- per activity --------------------------------------------------------------------------------
def _activity(ctx: OrganisationContext, item: ActivityResult) -> None:
    pdf, lang = ctx.pdf, ctx.lang
    judged = item.evaluation
    pdf.ensure_space(40)
    pdf.ln(2)
    title = f"{item.number}. {activity_name(item, lang)}"
    pdf.bookmark(title, 1)
    pdf.para(title, size=12, style="B", colour=pdf.accent, after=1)
    line = [
        f"{t('report.overall_score', lang)}: {format_score(judged.overall, lang)}",
        f"{t('report.level', lang)}: {level_name(judged, lang)}",
        f"{ctx.t('column.dpia')}: {dpia_text(item, lang)}",
    ]
    pdf.para(" · ".join(line), style="B", after=0.8)
    for reason in reason_lines(judged, lang):  # "door 2 kritieke punten", "nog 1 kritieke vraag open"
        pdf.para(reason, size=8.5, colour=MUTED, after=0.5)
    rows = action_rows(judged.findings, item.assessment, lang, ctx.rules)
    # Step 0's actions are the organisation's own: listed once, with the shared actions.
    own = [row for row in rows if not is_organisation_key(row.finding_id)][:TOP_ACTIONS]
    if not rows:
        pdf.para(t("report.no_actions", lang), after=2)
        return
    if own:
        pdf.para(t("report.top_actions", lang), size=9, style="B", after=0.5)
    for row in own:
        place = place_label(row.finding_id, row.step, lang)
        meta = " · ".join(place_and_risk(place, row.risk, row.critical, lang))
        pdf.body(9, "B", pdf.accent)
        pdf.cell(6, 4.4, f"{row.priority}.")
        pdf.para(f"{row.action} ({meta})", size=9, indent=6, after=0.8)
    more = len(rows) - len(own)
    if more > 0:
        pdf.para(tn("overview.report.more_actions", lang, more), size=8.5, style="I", colour=MUTED, indent=6)
    pdf.ln(2)


def per_activity(ctx: OrganisationContext) -> None:
    ctx.pdf.new_section()
    ctx.pdf.heading(ctx.t("report.per_activity_heading"), space_before=0)
    for item in ctx.result.activities:
        _activity(ctx, item)


def closing(ctx: OrganisationContext) -> None:
    pdf = ctx.pdf
    pdf.ensure_space(40)
    pdf.heading(t("report.disclaimer_heading", ctx.lang), size=13)
    pdf.para(t("report.disclaimer", ctx.lang))


ORGANISATION_SECTIONS: tuple[OrganisationSection, ...] = (
    cover,
    overview,
    heat_map,
    shared_actions,
    register,
    per_activity,
    closing,
)


def build_organisation_report(
    dossier: Dossier,
    content: Content,
    lang: Language | None = None,
) -> bytes:
    """The organisation report as PDF bytes, in `lang` (default: the dossier's language), in the
    content's branding."""
    lang = lang or dossier.language
    pdf = new_report_pdf(content.branding, lang, t("overview.report.title", lang))
    ctx = OrganisationContext(
        pdf=pdf,
        dossier=dossier,
        result=evaluate_organisation(dossier, content),
        content=content,
        lang=lang,
    )
    for section in ORGANISATION_SECTIONS:
        section(ctx)
    pdf.embed_file(
        bytes=dossier_to_json(dossier).encode("utf-8"),
        basename=ATTACHMENT_NAME,
        desc=t("overview.report.attachment", lang),
        mime_type=media_types.JSON,
    )
    return bytes(pdf.output())
