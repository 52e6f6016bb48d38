"""What the scan already knows about the processing, and where it knows it from.

Facts (content/facts.yaml) come from other parts of the scan: the sector, the DPIA check's ticks
and the communication flows. They make some questions critical (`critical_when`) and show when
an N.v.t. answer cannot be right (`na_conflicts`). Each fact that holds carries its evidence, so
a finding can say *why* the scan thinks so ("communicatiestroom 'Wmo-beschikking'").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pia_core.content.bundle import Content
from pia_core.content.loader import Catalogue, Question
from pia_core.content.schema import FactSpec, FlowSignal
from pia_core.content.texts import say
from pia_core.scan.flow_model import Flow, Processor
from pia_core.scan.model import Assessment
from pia_core.vocabulary import LANGUAGES, Language


@dataclass(frozen=True)
class Evidence:
    """One place in the scan that shows a fact, as a short phrase per language."""

    text: dict[Language, str]


Facts = Mapping[str, tuple[Evidence, ...]]  # fact id -> its evidence; only facts that hold


def _flow_shows(flow: Flow, signal: FlowSignal) -> bool:
    if signal is FlowSignal.SPECIAL_DATA:
        return flow.special_data
    if signal is FlowSignal.BSN:
        return flow.bsn
    return flow.processor is not Processor.NONE


def _evidence(spec: FactSpec, assessment: Assessment, content: Content) -> list[Evidence]:
    def t(key: str, lang: Language, **values: object) -> str:  # the content's words, handed in
        return say(content.texts, key, lang, **values)

    found: list[Evidence] = []
    if spec.always:
        found.append(Evidence({lang: t("check.evidence.always", lang) for lang in LANGUAGES}))
    sector = assessment.organisation.sector
    if sector in spec.sectors:
        found.append(
            Evidence(
                {
                    lang: t("check.evidence.sector", lang, sector=t(f"common.sector.{sector.value}", lang))
                    for lang in LANGUAGES
                }
            )
        )
    items = {item.id: item for item in content.screening.all_items}
    for item_id in spec.screening:
        if assessment.screening.get(item_id) and item_id in items:
            item = items[item_id]
            found.append(
                Evidence(
                    {lang: t("check.evidence.screening", lang, item=item.text[lang]) for lang in LANGUAGES}
                )
            )
    for flow in assessment.flows:
        if any(_flow_shows(flow, signal) for signal in spec.flows):
            found.append(
                Evidence({lang: t("check.evidence.flow", lang, flow=flow.name) for lang in LANGUAGES})
            )
    return found


def known_facts(assessment: Assessment, content: Content) -> dict[str, tuple[Evidence, ...]]:
    """Every fact that holds for this scan, with the places that show it."""
    known: dict[str, tuple[Evidence, ...]] = {}
    for fact_id, spec in content.catalogue.facts.items():
        evidence = _evidence(spec, assessment, content)
        if evidence:
            known[fact_id] = tuple(evidence)
    return known


def explain(fact_ids: list[str], facts: Facts, catalogue: Catalogue, lang: Language) -> str:
    """ "er worden bijzondere persoonsgegevens verwerkt (sector Zorginstelling; ...)" for each fact."""
    parts = []
    for fact in fact_ids:
        places = "; ".join(evidence.text[lang] for evidence in facts[fact])
        parts.append(f"{catalogue.facts[fact].name[lang]} ({places})")
    return "; ".join(parts)


def critical_because(question: Question, facts: Facts) -> list[str]:
    """The facts that make a `critical_when` question critical in this scan."""
    return [fact for fact in question.spec.critical_when if fact in facts]


def is_critical(question: Question, facts: Facts) -> bool:
    """Critical always, or only while a fact of its `critical_when` holds."""
    spec = question.spec
    return spec.critical or any(fact in facts for fact in spec.critical_when)


def na_conflicts(question: Question, facts: Facts) -> list[str]:
    """The facts that an N.v.t. answer to this question contradicts."""
    return [fact for fact in question.spec.na_conflicts if fact in facts]
