"""What the organisation's report says, the same in its PDF (organisation.py) and its Word file
(word_organisation.py): its context without a page (`OrganisationFacts`), the cover's rows, the
summary sentence, the overview's table, a shared action's line and the heat map's colours."""

from __future__ import annotations

from dataclasses import dataclass

from pia_core.analysis.organisation import OrganisationResult, SharedGap
from pia_core.analysis.scoring import level_for
from pia_core.content.bundle import Content
from pia_core.formatting import date_text
from pia_core.i18n import t, tn
from pia_core.organisation_charts import NO_SCORE_FILL, heat_rows
from pia_core.report.activity_facts import Table, place_and_risk
from pia_core.report.context import CitesContent
from pia_core.scan.dossier import Dossier
from pia_core.vocabulary import Language
from pia_core.wording.organisation import activity_name, dpia_text, lowest_name
from pia_core.wording.verdict import format_score, level_name, place_label


@dataclass(kw_only=True)
class OrganisationFacts(CitesContent):
    dossier: Dossier
    result: OrganisationResult
    content: Content  # everything the report cites: catalogue, risk rules, register, branding
    lang: Language

    def t(self, key: str, **values: object) -> str:
        return t(f"overview.{key}", self.lang, **values)


def _or_dash(facts: OrganisationFacts, text: str) -> str:
    return text if text.strip() else t("report.not_filled", facts.lang)


def cover_rows(facts: OrganisationFacts) -> list[tuple[str, str]]:
    """The cover's labels and values: organisation, sector, activities, date, assessor."""
    dossier, lang = facts.dossier, facts.lang
    return [
        (t("report.organisation", lang), _or_dash(facts, dossier.organisation.name)),
        (t("report.sector", lang), t(f"common.sector.{dossier.organisation.sector.value}", lang)),
        (facts.t("report.activities"), str(facts.result.count)),
        (t("report.date", lang), date_text(dossier.date, lang)),
        (t("report.assessor", lang), _or_dash(facts, dossier.assessor)),
    ]


def summary_line(facts: OrganisationFacts) -> str:
    result = facts.result
    return facts.t(
        "report.summary",
        activities=tn("overview.count", facts.lang, result.count),
        level=lowest_name(result, facts.lang),
        critical=tn("verdict.count", facts.lang, result.critical_total),
    )


def overview_table(facts: OrganisationFacts) -> Table:
    """One row per activity: priority, name, score, level, critical points, DPIA."""
    lang = facts.lang
    headers = [
        t("report.column.priority", lang),
        facts.t("column.activity"),
        facts.t("column.score"),
        facts.t("column.level"),
        facts.t("column.critical"),
        facts.t("column.dpia"),
    ]
    rows = [
        [
            str(item.number),
            activity_name(item, lang),
            format_score(item.evaluation.overall, lang),
            level_name(item.evaluation, lang),
            str(item.critical_count),
            dpia_text(item, lang),
        ]
        for item in facts.result.activities
    ]
    return headers, rows


def legend(facts: OrganisationFacts) -> list[tuple[str, str]]:
    """The heat map's colours with their names: one per level, one for a step without a score."""
    entries = [(level.name[facts.lang], level.colour) for level in facts.catalogue.scoring.levels]
    entries.append((facts.t("heatmap.no_score"), NO_SCORE_FILL))
    return entries


def heat_colours(facts: OrganisationFacts) -> list[str]:
    """Each score cell's colour in the heat map's table, row by row."""
    rows = heat_rows(facts.result, facts.catalogue, facts.lang)
    levels = [level_for(score, facts.catalogue) for row in rows for score in row.scores]
    return [level.colour if level else NO_SCORE_FILL for level in levels]


def heat_fills(colours: list[str], steps: int, rows: int) -> list[list[str | None]]:
    """The heat map table's cell colours: none for the name, then each step's."""
    return [[None, *colours[n * steps : (n + 1) * steps]] for n in range(rows)]


def step_names_line(facts: OrganisationFacts) -> str:
    names = "; ".join(f"{s.number} {s.title(facts.lang)}" for s in facts.catalogue.steps)
    return facts.t("heatmap.step_names", steps=names)


def gap_meta(facts: OrganisationFacts, gap: SharedGap) -> str:
    """Under a shared action: its step, its risk, and "Kritiek" when critical."""
    place = place_label(gap.key, gap.step, facts.lang)
    return " · ".join(
        place_and_risk(place, facts.rules.level(gap.risk).name[facts.lang], gap.critical, facts.lang)
    )
