"""Flow flags as findings of the action plan (pia_core.analysis.findings), ready for `extra=`.

Here, not in pia_core.flows: a finding is the analysis' type, scored with its risk rules, so the
analysis reads the flows' flags and the flows know nothing of findings.
"""

from __future__ import annotations

from pia_core.analysis.findings import Finding, FindingKind
from pia_core.content.bundle import Content
from pia_core.flows.flags import flow_flags
from pia_core.scan.model import Assessment
from pia_core.vocabulary import LANGUAGES

# How much a flag counts next to the questions (weights 1-5): a critical flag as much as the
# heaviest question, another flag as an average one. The whole measure is missing: gap 1.
CRITICAL_WEIGHT = 5.0
FLAG_WEIGHT = 3.0


def flow_findings(assessment: Assessment, content: Content) -> list[Finding]:
    catalogue, rules = content.catalogue, content.risk
    return [
        Finding(
            id=flag.id,
            kind=FindingKind.FLOW,
            step=flag.step,
            title=flag.title,
            action=flag.action,
            references={lang: tuple(flag.formatted_references(catalogue, lang)) for lang in LANGUAGES},
            critical=flag.critical,
            impact=flag.impact,
            likelihood=flag.likelihood,
            risk=rules.matrix[flag.impact][flag.likelihood],
            weight=CRITICAL_WEIGHT if flag.critical else FLAG_WEIGHT,
            gap=1.0,
            raw_references=flag.references,
            covers=flag.same_duty_as,
        )
        for flag in flow_flags(assessment, content.flows)
    ]
