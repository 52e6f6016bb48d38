"""Everything the summary and the report derive from an assessment, composed in one place."""

from __future__ import annotations

from pia_core.content.loader import Catalogue
from pia_core.findings import Finding, findings
from pia_core.flows.as_findings import flow_findings
from pia_core.model import Assessment
from pia_core.risk import RiskRules, risk_rules


def all_findings(
    assessment: Assessment, catalogue: Catalogue, rules: RiskRules | None = None
) -> list[Finding]:
    """The action plan's findings: weak answers and the privacy flags of the communication flows."""
    rules = rules or risk_rules()
    return findings(assessment, catalogue, rules, extra=flow_findings(assessment, catalogue, rules))
