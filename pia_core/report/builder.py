"""Build the PDF report: a context with everything computed once, then an ordered list of sections.

A section is a function `(ReportContext) -> None` that draws on `ctx.pdf`; new parts of the report
(a screening verdict, a sign-off block, flows) plug in by adding a function to the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pia_core.analysis.action_plan import ActionRow, action_rows
from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.findings import Finding
from pia_core.analysis.risk import RiskRules, risk_rules
from pia_core.analysis.scoring import ScoreReport
from pia_core.branding import Branding, branding
from pia_core.content.loader import Catalogue, catalogue
from pia_core.i18n import t
from pia_core.report.brand import brand_name, footer_text
from pia_core.report.document import ReportPDF
from pia_core.scan.dossier import from_assessment
from pia_core.scan.model import Assessment, Language
from pia_core.scan.serialization import dossier_to_json

ATTACHMENT_NAME = "assessment.json"  # the import feature reads this name back


@dataclass
class ReportContext:
    pdf: ReportPDF
    assessment: Assessment
    catalogue: Catalogue
    lang: Language
    evaluation: Evaluation  # the verdict: the same object the app's pages show
    rules: RiskRules
    brand: Branding
    extras: dict[str, object] = field(default_factory=dict)  # room for later sections' inputs

    @property
    def score(self) -> ScoreReport:
        return self.evaluation.score

    @property
    def findings(self) -> list[Finding]:
        return self.evaluation.findings

    def t(self, key: str, **values: object) -> str:
        return t(f"report.{key}", self.lang, **values)

    @cached_property
    def actions(self) -> list[ActionRow]:
        return action_rows(self.findings, self.assessment, self.lang, self.rules)


Section = Callable[[ReportContext], None]


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
    from pia_core.report import sections

    return sections.SECTIONS


def build_report(
    assessment: Assessment,
    lang: Language | None = None,
    cat: Catalogue | None = None,
    sections: Sequence[Section] | None = None,
    brand: Branding | None = None,
) -> bytes:
    """The report as PDF bytes, in `lang` (default: the assessment's language)."""
    lang = lang or assessment.language
    cat = cat or catalogue()
    rules = risk_rules()
    brand = brand or branding()
    pdf = new_report_pdf(brand, lang, t("common.app_title", lang))
    ctx = ReportContext(
        pdf=pdf,
        assessment=assessment,
        catalogue=cat,
        lang=lang,
        evaluation=evaluate(assessment, cat, rules),
        rules=rules,
        brand=brand,
    )
    for section in sections if sections is not None else default_sections():
        section(ctx)
    pdf.embed_file(
        # This activity with its organisation only: the report carries no data it is not about.
        bytes=dossier_to_json(from_assessment(assessment)).encode("utf-8"),
        basename=ATTACHMENT_NAME,
        desc=t("report.attachment", lang),
        mime_type="application/json",
    )
    return bytes(pdf.output())
