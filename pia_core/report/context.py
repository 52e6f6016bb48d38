"""What every section of the reports draws from: the content a report cites (`CitesContent`), one
activity's facts computed once (`ActivityFacts`, read by the PDF's and the Word file's sections
alike), the PDF being drawn with them (`ReportContext`), and the shape of a PDF section (`Section`).

Its own module, below the builder and the sections: the builder runs the sections, and each
section takes the context, so neither has to import the other's module to get it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from pia_core.analysis.action_plan import ActionRow, action_rows
from pia_core.analysis.evaluation import Evaluation
from pia_core.analysis.findings import Finding
from pia_core.analysis.scoring import ScoreReport
from pia_core.content.branding import Branding
from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue
from pia_core.content.risk import RiskRules
from pia_core.i18n import t
from pia_core.report.document import ReportPDF
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language


class CitesContent:
    """The parts of the content a report cites, for a context that holds the `content`."""

    content: Content

    @property
    def catalogue(self) -> Catalogue:
        return self.content.catalogue

    @property
    def rules(self) -> RiskRules:
        return self.content.risk

    @property
    def brand(self) -> Branding:
        return self.content.branding


@dataclass(kw_only=True)
class ActivityFacts(CitesContent):
    """One activity's report without a page to draw on: what its PDF and its Word file both say."""

    assessment: Assessment
    content: Content  # everything the report cites: catalogue, risk rules, precedents, branding
    lang: Language
    evaluation: Evaluation  # the verdict: the same object the app's pages show
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


@dataclass(kw_only=True)
class ReportContext(ActivityFacts):
    """An activity's facts and the PDF they are drawn on."""

    pdf: ReportPDF


Section = Callable[[ReportContext], None]
