"""The organisation's Word report: every processing activity of a dossier in one editable file.

As the organisation PDF (pia_core/report/organisation.py): cover, the overview (one row per
activity), the heat map with its numbers, the actions for the whole organisation and the register
of processing activities. Then, where the PDF gives each activity a short part, the Word file gives
each its whole report one heading level down (pia_core/report/word_sections.py: verdict, DPIA
check, charts, steps, flows, action plan, sign-off), so the adviser has a field under every finding
of every activity. The disclaimer closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pia_core.analysis.organisation import evaluate_organisation
from pia_core.charts import chart_png
from pia_core.content.bundle import Content
from pia_core.i18n import t
from pia_core.organisation_charts import heat_map_chart, heat_table
from pia_core.report import organisation_facts as facts
from pia_core.report.brand import MUTED
from pia_core.report.organisation import HEAT_MAP_ROWS, MM_PER_PX, png_size
from pia_core.report.register_section import field_cells, register_headers
from pia_core.report.word_document import TEXT_WIDTH_CM, WordDocument, new_word_document
from pia_core.report.word_sections import ACTIVITY_PARTS, cover_contact, cover_top, word_context
from pia_core.scan.dossier import Dossier
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name, shared_action, where_text
from pia_core.wording.register import register_row

HEAT_MAP_MAX_HEIGHT_CM = 22.0  # a tall heat map shrinks to fit a page with its heading and caption


@dataclass(kw_only=True)
class OrganisationWordContext(facts.OrganisationFacts):
    """The organisation's facts and the Word document they are written into."""

    word: WordDocument


OrganisationWordSection = Callable[[OrganisationWordContext], None]


def cover(ctx: OrganisationWordContext) -> None:
    w, lang, brand = ctx.word, ctx.lang, ctx.brand
    cover_top(w, brand, lang, ctx.t("report.title"), ctx.t("report.subtitle"))
    for label, value in facts.cover_rows(ctx):
        w.label_value(label, value, tab=5.2)
    w.rule()
    cover_contact(w, brand, lang)
    w.para(after=36)
    w.para(t("report.disclaimer_short", lang), size=8.5, colour=MUTED)


def overview(ctx: OrganisationWordContext) -> None:
    w = ctx.word
    w.heading(ctx.t("report.summary_heading"), 1, new_page=True)
    w.para(facts.summary_line(ctx), bold=True, size=11)
    w.para(ctx.t("report.summary_note"), size=8.5, colour=MUTED, after=6)
    headers, rows = facts.overview_table(ctx)
    w.table(headers, rows, widths=(0.9, 6.1, 2.0, 3.4, 1.8, 2.8), aligns="RLRLRL")


def heat_map(ctx: OrganisationWordContext) -> None:
    """The heat map as a picture with its numbers; for many activities its table only, every score
    cell in its level's colour, under a legend of those colours (as the PDF does)."""
    w, lang, catalogue = ctx.word, ctx.lang, ctx.catalogue
    w.heading(ctx.t("heatmap.heading"), 2)
    fills = None
    if ctx.result.count > HEAT_MAP_ROWS:
        w.para(t("pdf.heat_table", lang, count=ctx.result.count), size=8, italic=True, colour=MUTED)
        entries = facts.legend(ctx)
        w.table(
            None,
            [[name for name, _ in entries]],
            widths=[TEXT_WIDTH_CM / len(entries)] * len(entries),
            fills=[[colour for _, colour in entries]],
        )
        fills = facts.heat_fills(facts.heat_colours(ctx), len(catalogue.steps), ctx.result.count)
    else:
        png = chart_png(heat_map_chart(ctx.result, catalogue, lang))
        width_px, height_px = png_size(png)
        width_cm = width_px * MM_PER_PX / 2 / 10  # rendered at twice its CSS size
        height_cm = height_px * MM_PER_PX / 2 / 10
        shrink = min(1.0, TEXT_WIDTH_CM / width_cm, HEAT_MAP_MAX_HEIGHT_CM / height_cm)
        w.image(png, width_cm * shrink, ctx.t("heatmap.description"))
        w.para(ctx.t("heatmap.description"), style="Caption", after=6)
    headers, rows = heat_table(ctx.result, catalogue, lang)
    steps = len(headers) - 1
    name_width = 4.8
    w.table(
        headers,
        rows,
        widths=(name_width, *([(TEXT_WIDTH_CM - name_width) / steps] * steps)),
        aligns="L" + "R" * steps,
        fills=fills,
    )
    w.para(facts.step_names_line(ctx), size=8, colour=MUTED)


def shared_actions(ctx: OrganisationWordContext) -> None:
    w, lang = ctx.word, ctx.lang
    w.heading(ctx.t("shared.heading"), 1, new_page=True)
    if not ctx.result.shared:
        w.para(ctx.t("shared.none"))
        return
    w.para(ctx.t("shared.intro"))
    for number, gap in enumerate(ctx.result.shared, start=1):
        w.numbered(f"{number}.", shared_action(gap, lang)).paragraph_format.keep_with_next = True
        w.para(facts.gap_meta(ctx, gap), size=8, colour=MUTED, indent=0.7, after=0)
        w.para(where_text(gap, ctx.result, lang), size=8, bold=True, indent=0.7, after=4)


def register(ctx: OrganisationWordContext) -> None:
    """The register of processing activities (AVG art. 30(1)): per activity its parts (a)-(g)."""
    w, lang = ctx.word, ctx.lang
    w.heading(t("register.pdf.heading", lang), 1, new_page=True)
    w.para(t("register.pdf.intro", lang), size=8.5, colour=MUTED)
    for item in ctx.result.activities:
        row = register_row(item.assessment, lang, ctx.content, item.id, item.number)
        w.heading(row.activity, 2)
        cells = [field_cells(part, lang) for part in row.fields]
        w.table(register_headers(lang), cells, widths=(4.4, 9.8, 2.8))


def per_activity(ctx: OrganisationWordContext) -> None:
    """Each activity's whole report (without cover and appendix), one heading level down."""
    for item in ctx.result.activities:
        ctx.word.heading(f"{item.number}. {activity_name(item, ctx.lang)}", 1, new_page=True)
        activity = word_context(
            ctx.word, item.assessment, ctx.content, ctx.lang, level=2, evaluation=item.evaluation
        )
        for part in ACTIVITY_PARTS:
            part(activity)


def closing(ctx: OrganisationWordContext) -> None:
    ctx.word.heading(t("report.disclaimer_heading", ctx.lang), 1, new_page=True)
    ctx.word.para(t("report.disclaimer", ctx.lang))


ORGANISATION_WORD_SECTIONS: tuple[OrganisationWordSection, ...] = (
    cover,
    overview,
    heat_map,
    shared_actions,
    register,
    per_activity,
    closing,
)


def build_organisation_word(dossier: Dossier, content: Content, lang: Language | None = None) -> bytes:
    """The organisation's report as .docx bytes, in `lang` (default: the dossier's language)."""
    lang = lang or dossier.language
    word = new_word_document(content.branding, lang, t("overview.report.title", lang))
    ctx = OrganisationWordContext(
        word=word, dossier=dossier, result=evaluate_organisation(dossier, content), content=content, lang=lang
    )
    for section in ORGANISATION_WORD_SECTIONS:
        section(ctx)
    return word.save()
