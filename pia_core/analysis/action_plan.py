"""The action plan as rows: one per finding, with the owner and due date from the assessment.

The same rows feed the summary page's editor, the PDF table and the CSV download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pia_core.analysis.findings import Finding
from pia_core.content.risk import RiskRules
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language


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
    found: list[Finding], assessment: Assessment, lang: Language, rules: RiskRules
) -> list[ActionRow]:
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
