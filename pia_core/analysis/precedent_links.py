"""Which published decisions stand behind a critical finding (content/precedents)."""

from __future__ import annotations

from pia_core.analysis.findings import Finding, FindingKind
from pia_core.content.precedents import SHOWN, Precedents, duty_key
from pia_core.vocabulary import Sector


def _duties(finding: Finding) -> list[str]:
    """The duty a finding is about: its own id (a flow flag as its rule), then the question it covers."""
    keys = [duty_key(finding.id)]
    if finding.covers:
        keys.append(finding.covers)
    if finding.kind is FindingKind.CHECK:
        keys.append(finding.id.split(":", 1)[1])
    return keys


def precedent_ids(finding: Finding, sector: Sector, library: Precedents) -> tuple[str, ...]:
    """Up to two decisions on the same duty, the organisation's own sector first, then the newest."""
    found: list[str] = []
    for duty in _duties(finding):
        for precedent in library.for_duty(duty, sector):
            if precedent.id not in found:
                found.append(precedent.id)
    return tuple(found[:SHOWN])
