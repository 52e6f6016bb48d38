"""The flows section of the PDF report and the flags as action-plan findings."""

from __future__ import annotations

import io

from pypdf import PdfReader

from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.findings import FindingKind
from pia_core.analysis.flow_findings import flow_findings
from pia_core.content.bundle import shipped_content
from pia_core.flows.savings import savings
from pia_core.formatting import money
from pia_core.report import build_report
from pia_core.report.builder import default_sections
from pia_core.report.flows_facts import savings_charts
from pia_core.report.flows_section import flows_section
from pia_core.scan.flow_model import Channel, Flow, Recipient
from pia_core.scan.model import Assessment, Language, Organisation, Sector


def municipality() -> Assessment:
    return Assessment(
        organisation=Organisation(name="Gemeente Voorbeeld", sector=Sector.GOVERNMENT),
        flows=[
            Flow(name="WOZ-beschikking", recipients=Recipient.CITIZENS, volume=40_000),
            Flow(
                name="Loonstroken",
                recipients=Recipient.EMPLOYEES,
                volume=7_200,
                channel=Channel.EMAIL,
                bsn=True,
            ),
        ],
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_flags_become_critical_findings_first_in_the_plan() -> None:
    current = municipality()
    extra = flow_findings(current, shipped_content())
    assert [f.id for f in extra] == [f"flow:{current.flows[1].id}:bsn_by_email"]
    plan = evaluate(current, shipped_content()).findings
    first = plan[0]
    assert first.kind is FindingKind.FLOW and first.critical and first.step == 8
    assert "AVG art. 32 lid 1 sub a" in first.references["nl"]


def test_report_has_the_flows_section_in_both_languages() -> None:
    current = municipality()
    languages: tuple[Language, ...] = ("nl", "en")
    for lang in languages:
        language: Language = lang
        text = pdf_text(build_report(current, shipped_content(), lang=language))
        assert "WOZ-beschikking" in text and "Loonstroken" in text
        assert money(savings(current, shipped_content().flows).annual, language) in text
        # The critical flag is in the action plan too, with its action.
        flag = flow_findings(current, shipped_content())[0]
        assert " ".join(flag.action[language].split()[:6]) in " ".join(text.split())


def test_no_flows_no_section() -> None:
    assert flows_section in default_sections()
    without = tuple(s for s in default_sections() if s is not flows_section)
    plain = build_report(Assessment(), shipped_content(), sections=without)
    with_section = build_report(Assessment(), shipped_content())
    assert len(PdfReader(io.BytesIO(plain)).pages) == len(PdfReader(io.BytesIO(with_section)).pages)


def test_the_savings_charts_are_valid_vega_lite_in_both_languages() -> None:
    """The report reads each chart's description without validating its spec (a tenth of a
    report's build time): the schema check is here instead, once, for both charts."""
    result = savings(municipality(), shipped_content().flows)
    languages: list[Language] = ["nl", "en"]
    for language in languages:
        for chart, description, rows in savings_charts(result, language):
            spec = chart.to_dict()  # validates against Vega-Lite's JSON Schema; raises if invalid
            assert description and description == spec["description"]
            assert rows
