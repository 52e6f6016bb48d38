"""The action plan as rows: one per finding, with the owner and due date from the assessment.

The same rows feed the summary page's editor, the PDF table and the CSV download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd  # type: ignore[import-untyped]

from pia_core.analysis.findings import Finding
from pia_core.analysis.risk import RiskRules, risk_rules
from pia_core.formatting import csv_bytes, date_text
from pia_core.i18n import t
from pia_core.scan.model import Assessment, Language

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def action_plan_frame(rows: list[ActionRow], lang: Language) -> pd.DataFrame:
    """The plan as a table with headings in `lang`; user text is defused for spreadsheets."""
    yes, no = t("report.yes", lang), t("report.no", lang)
    records = [
        {
            "priority": row.priority,
            "action": row.action,
            "step": "" if row.step is None else row.step,
            "critical": yes if row.critical else no,
            "risk": row.risk,
            "owner": _cell(row.owner),
            "due": date_text(row.due, lang),
            "references": row.references,
            "id": row.finding_id,
        }
        for row in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=list(CSV_COLUMNS))
    return frame.rename(columns={column: t(f"report.column.{column}", lang) for column in CSV_COLUMNS})


def action_plan_csv(rows: list[ActionRow], lang: Language) -> bytes:
    """For Dutch Excel: semicolons, UTF-8 with a byte-order mark (accents and €), dates 15-01-2027."""
    frame = action_plan_frame(rows, lang)
    cells = [
        ["" if pd.isna(value) else str(value) for value in record] for record in frame.itertuples(index=False)
    ]
    return csv_bytes([str(column) for column in frame.columns], cells)
