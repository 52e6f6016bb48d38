"""Build the PDF report: a context with everything computed once, then an ordered list of sections.

A section is a function `(ReportContext) -> None` that draws on `ctx.pdf` (both in context.py);
new parts of the report (a screening verdict, a sign-off block, flows) plug in by adding a
function to the list in sections.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from pia_core import media_types
from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.progress import Since
from pia_core.content.branding import Branding
from pia_core.content.bundle import Content
from pia_core.i18n import t
from pia_core.report.brand import brand_name, footer_text
from pia_core.report.comments_section import EXTRA_KEY as COMMENTS_KEY
from pia_core.report.comments_section import comments_section
from pia_core.report.context import ReportContext, Section
from pia_core.report.document import ReportPDF
from pia_core.report.progress_section import EXTRA_KEY as SINCE_KEY
from pia_core.report.progress_section import progress_section
from pia_core.report.projection_section import EXTRA_KEY as PLANNED_KEY
from pia_core.report.projection_section import projection_section
from pia_core.report.sections import SECTIONS, action_plan, appendix
from pia_core.scan.dossier import HistoryEntry, from_assessment, with_history
from pia_core.scan.model import Assessment
from pia_core.scan.serialization import dossier_to_json
from pia_core.vocabulary import Language
from pia_core.wording.comments import ThreadRecord

ATTACHMENT_NAME = "assessment.json"  # the import feature reads this name back


def new_report_pdf(brand: Branding, lang: Language, title: str) -> ReportPDF:
    """An empty report in the brand's look: footer, page label, accent colour and document info."""
    pdf = ReportPDF(
        footer_text=footer_text(brand, lang),
        page_label=t("report.page", lang),
        accent=brand.settings.colours.primary,
    )
    pdf.set_lang(lang)
    pdf.set_title(title)
    pdf.set_creator(brand_name(brand, lang))
    return pdf


def default_sections() -> tuple[Section, ...]:
    at = SECTIONS.index(appendix)  # the adviser's comments (when handed in) come before the appendix
    plan = SECTIONS.index(action_plan) + 1  # "Na het actieplan" (when actions are planned) follows the plan
    # then "Sinds de vorige scan" (when the summary compares with an earlier moment)
    return (
        *SECTIONS[:plan],
        projection_section,
        progress_section,
        *SECTIONS[plan:at],
        comments_section,
        *SECTIONS[at:],
    )


def attached_scan(assessment: Assessment, history: Sequence[HistoryEntry] = ()) -> bytes:
    """The scan file the PDF carries: this activity with its organisation only (the report carries
    no data it is not about), with the edit log of the two (newest first, as many as fit), so a
    report opened again keeps its history."""
    own = {"", assessment.id}
    kept = [entry for entry in history if entry.activity in own]
    file = from_assessment(assessment)
    return dossier_to_json(with_history(file, kept) if kept else file).encode("utf-8")


def build_report(
    assessment: Assessment,
    content: Content,
    lang: Language | None = None,
    sections: Sequence[Section] | None = None,
    comments: Sequence[ThreadRecord] = (),
    planned: Sequence[str] = (),
    since: Since | None = None,
    history: Sequence[HistoryEntry] = (),
) -> bytes:
    """The report as PDF bytes, in `lang` (default: the assessment's language), in the content's
    branding; with `comments` (plain records, pia_core/report/comments_section.py) the section
    "Opmerkingen van uw adviseur"; with `planned` (finding ids of the action plan) the block "Na het
    actieplan" (pia_core/report/projection_section.py); with `since` (the activity at an earlier
    moment) the section "Sinds de vorige scan" (pia_core/report/progress_section.py). `history`: the
    edit log the attached scan file carries (`attached_scan`)."""
    lang = lang or assessment.language
    pdf = new_report_pdf(content.branding, lang, t("common.app_title", lang))
    ctx = ReportContext(
        pdf=pdf,
        assessment=assessment,
        content=content,
        lang=lang,
        evaluation=evaluate(assessment, content),
        extras={
            **({COMMENTS_KEY: tuple(comments)} if comments else {}),
            **({PLANNED_KEY: tuple(planned)} if planned else {}),
            **({SINCE_KEY: since} if since is not None else {}),
        },
    )
    for section in sections if sections is not None else default_sections():
        section(ctx)
    pdf.embed_file(
        bytes=attached_scan(assessment, history),
        basename=ATTACHMENT_NAME,
        desc=t("report.attachment", lang),
        mime_type=media_types.JSON,
    )
    return bytes(pdf.output())
