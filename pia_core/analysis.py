"""The action plan's findings of an assessment: a shortcut into the verdict (pia_core/evaluation)."""

from __future__ import annotations

from pia_core.content.loader import Catalogue
from pia_core.evaluation import evaluate
from pia_core.findings import Finding
from pia_core.model import Assessment
from pia_core.risk import RiskRules


def all_findings(
    assessment: Assessment, catalogue: Catalogue, rules: RiskRules | None = None
) -> list[Finding]:
    """Every finding (questions, flows, DPIA duty, checks) in action-plan order."""
    return evaluate(assessment, catalogue, rules).findings
