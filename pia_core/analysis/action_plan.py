"""The action plan as rows: one per finding, with the owner and due date from the assessment.

The same rows feed the summary page's editor, the PDF table and the CSV download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pia_core.analysis.findings import Finding
from pia_core.analysis.risk import RiskRules, risk_rules
from pia_core.formatting import csv_bytes, date_text
from pia_core.i18n import t
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language

# What a reader needs first; the internal reference (e.g. "flow:15e2f591d01e:special_by_email") last.
CSV_COLUMNS = ("priority", "action", "step", "critical", "risk", "owner", "due", "references", "id")


@dataclass(frozen=True)
class ActionRow:
    finding_id: str
    priority: int
    step: int | None
    critical: bool
    risk: str
    title: str
    action: str
    references: str
    owner: str
    due: dt.date | None


def action_rows(
    found: list[Finding], assessment: Assessment, lang: Language, rules: RiskRules | None = None
) -> list[ActionRow]:
    rules = rules or risk_rules()
    rows = []
    for finding in found:
        entry = assessment.actions.get(finding.id)
        rows.append(
            ActionRow(
                finding_id=finding.id,
                priority=finding.priority,
                step=finding.step,
                critical=finding.critical,
                risk=rules.level(finding.risk).name[lang],
                title=finding.title[lang],
                action=finding.action[lang],
                references="; ".join(finding.references[lang]),
                owner=entry.owner if entry else "",
                due=entry.due if entry else None,
            )
        )
    return rows


def action_plan_csv(rows: list[ActionRow], lang: Language) -> bytes:
    """For Dutch Excel: semicolons, UTF-8 with a byte-order mark (accents and €), dates 15-01-2027;
    csv_bytes defuses user text for spreadsheets. Built on every summary run, so plain lists, no pandas."""
    yes, no = t("report.yes", lang), t("report.no", lang)
    cells = [
        [
            str(row.priority),
            row.action,
            "" if row.step is None else str(row.step),
            yes if row.critical else no,
            row.risk,
            row.owner,
            date_text(row.due, lang),
            row.references,
            row.finding_id,
        ]
        for row in rows
    ]
    return csv_bytes([t(f"report.column.{column}", lang) for column in CSV_COLUMNS], cells)
