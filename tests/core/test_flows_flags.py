"""Each privacy flag of a communication flow, with its article, per language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pia_core.content.bundle import shipped_content
from pia_core.content.flows import FLOWS_DIR, load_flow_content
from pia_core.content.loader import ContentError
from pia_core.content.schema import Impact
from pia_core.flows.flags import DIGITAL_CHOICE_QUESTION, PROCESSOR_QUESTION, _flag, flow_flags, flow_rules
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import Answer, Assessment, Organisation, Sector


def scan(
    *flows: Flow, sector: Sector = Sector.COMPANY, answers: dict[str, Answer] | None = None
) -> Assessment:
    return Assessment(organisation=Organisation(sector=sector), flows=list(flows), answers=answers or {})


def rules(flow: Flow, **kwargs: object) -> list[str]:
    return flow_rules(flow, scan(flow, **kwargs))  # type: ignore[arg-type]


def test_safe_flow_has_no_flags() -> None:
    flow = Flow(name="Facturen", channel=Channel.PAPER, processor=Processor.AGREEMENT)
    assert flow_flags(scan(flow), shipped_content().flows) == []


def test_special_data_by_ordinary_email_is_critical_with_nta_7516_in_healthcare() -> None:
    flow = Flow(
        name="Uitslagen", channel=Channel.EMAIL, special_data=True, bsn=True, recipients=Recipient.PATIENTS
    )
    [flag] = flow_flags(scan(flow, sector=Sector.HEALTHCARE), shipped_content().flows)
    assert flag.rule == "special_by_email" and flag.critical and flag.step == 8
    assert flag.id == f"flow:{flow.id}:special_by_email"
    # Security in transit (review A38): art. 32(1)(a) and 5(1)(f), not the art. 9 ban itself.
    assert "AVG 32(1)(a)" in flag.references and "NTA 7516" in flag.references
    assert not any(ref.startswith("AVG 9") for ref in flag.references)
    assert "GDPR Art. 32(1)(a)" in flag.formatted_references(shipped_content().catalogue, "en")
    assert "AVG art. 32 lid 1 sub a" in flag.formatted_references(shipped_content().catalogue, "nl")
    assert "Uitslagen" in flag.title["nl"] and "Uitslagen" in flag.title["en"]
    assert flag.action["nl"] != flag.action["en"]
    # Outside healthcare the healthcare norm is not cited.
    [company] = flow_flags(scan(flow, sector=Sector.COMPANY), shipped_content().flows)
    assert "NTA 7516" not in company.references


def test_bsn_by_ordinary_email_is_critical() -> None:
    flow = Flow(name="Loonstroken", channel=Channel.EMAIL, bsn=True, recipients=Recipient.EMPLOYEES)
    [flag] = flow_flags(scan(flow), shipped_content().flows)
    assert (flag.rule, flag.critical, flag.impact) == ("bsn_by_email", True, Impact.HIGH)
    # How the BSN is sent is a security duty (review A39); whether it may be used at all (UAVG 46)
    # is the rule bsn_without_law.
    assert "AVG 32(1)(a)" in flag.references and "AVG 87" in flag.references
    assert "UAVG 46" not in flag.references


def test_government_special_data_by_email_cites_bio2_and_nta_7516() -> None:
    flow = Flow(name="Wmo", channel=Channel.EMAIL, special_data=True, recipients=Recipient.CITIZENS)
    [flag] = [
        f
        for f in flow_flags(scan(flow, sector=Sector.GOVERNMENT), shipped_content().flows)
        if f.rule == "special_by_email"
    ]
    assert "BIO2" in flag.references and "NTA 7516" in flag.references


def test_bsn_without_law_keeps_uavg_46() -> None:
    [flag] = flow_flags(
        scan(Flow(name="Offertes", bsn=True, recipients=Recipient.CUSTOMERS)), shipped_content().flows
    )
    assert flag.rule == "bsn_without_law" and "UAVG 46" in flag.references


@pytest.mark.parametrize("channel", [Channel.SECURE_EMAIL, Channel.PORTAL])
def test_secure_channels_raise_no_email_flag(channel: Channel) -> None:
    flow = Flow(name="x", channel=channel, special_data=True, bsn=True, recipients=Recipient.EMPLOYEES)
    assert rules(flow) == []


def test_special_data_on_paper_needs_tracked_delivery() -> None:
    untracked = Flow(name="Wmo", channel=Channel.PAPER, special_data=True)
    assert rules(untracked) == ["special_paper_untracked"]
    [flag] = flow_flags(scan(untracked), shipped_content().flows)
    assert not flag.critical and flag.impact is Impact.HIGH
    assert rules(untracked.model_copy(update={"tracked": True})) == []


def test_processor_without_agreement_links_to_step_6() -> None:
    flow = Flow(name="Drukwerk", processor=Processor.NO_AGREEMENT)
    [flag] = flow_flags(scan(flow), shipped_content().flows)
    assert (flag.rule, flag.critical, flag.step) == ("no_processor_agreement", True, 6)
    assert "AVG 28(3)" in flag.references


def test_unknown_processor_follows_the_step_6_answer() -> None:
    flow = Flow(name="Loonstroken", processor=Processor.UNKNOWN)
    assert rules(flow) == ["processor_unknown"]
    # "Weet ik niet" stays unknown: the warning never claims there is no agreement.
    assert rules(flow, answers={PROCESSOR_QUESTION: Answer.NO}) == ["processor_unknown"]
    assert rules(flow.model_copy(update={"processor": Processor.NO_AGREEMENT})) == ["no_processor_agreement"]
    assert rules(flow, answers={PROCESSOR_QUESTION: Answer.YES}) == []


def test_government_digital_to_citizens_needs_their_choice() -> None:
    flow = Flow(name="WOZ", channel=Channel.PORTAL, recipients=Recipient.CITIZENS)
    assert rules(flow, sector=Sector.GOVERNMENT) == ["digital_needs_choice"]
    [flag] = flow_flags(scan(flow, sector=Sector.GOVERNMENT), shipped_content().flows)
    assert flag.references == ("Awb 2:8",)
    assert rules(flow, sector=Sector.GOVERNMENT, answers={DIGITAL_CHOICE_QUESTION: Answer.YES}) == []
    assert rules(flow, sector=Sector.COMPANY) == []
    assert rules(flow.model_copy(update={"channel": Channel.PAPER}), sector=Sector.GOVERNMENT) == []


def test_company_bsn_to_customers_needs_a_law() -> None:
    flow = Flow(name="Offertes", bsn=True, recipients=Recipient.CUSTOMERS)
    assert rules(flow) == ["bsn_without_law"]
    assert rules(flow.model_copy(update={"recipients": Recipient.EMPLOYEES})) == []
    assert rules(flow, sector=Sector.HEALTHCARE) == []


def test_critical_flags_come_first_and_ids_are_unique() -> None:
    quiet = Flow(name="A", channel=Channel.PAPER, special_data=True)
    loud = Flow(name="B", channel=Channel.EMAIL, special_data=True)
    flags = flow_flags(scan(quiet, loud), shipped_content().flows)
    assert [f.flow_name for f in flags] == ["B", "A"]
    assert [f.flow_number for f in flags] == [2, 1]
    assert len({f.id for f in flags}) == len(flags)


def test_every_rule_has_texts_and_valid_references() -> None:
    content = load_flow_content(shipped_content().catalogue.laws)
    for rule_id in content.rules:
        flow = Flow(name="x")
        flag = _flag(1, flow, rule_id, Sector.HEALTHCARE, content)
        assert flag.title["nl"] and flag.title["en"] and flag.action["nl"] and flag.action["en"]
        assert flag.formatted_references(shipped_content().catalogue, "en")


def test_unknown_law_in_rules_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "flows"
    root.mkdir()
    for name in ("assumptions.yaml", "presets.yaml"):
        (root / name).write_text((FLOWS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    rules_data = yaml.safe_load((FLOWS_DIR / "rules.yaml").read_text(encoding="utf-8"))
    rules_data["special_by_email"]["references"] = ["Wbp 13"]  # the old law: not in laws.yaml
    (root / "rules.yaml").write_text(yaml.safe_dump(rules_data), encoding="utf-8")
    with pytest.raises(ContentError, match=r"rules\.yaml.*special_by_email.*Wbp"):
        load_flow_content(shipped_content().catalogue.laws, root)


def test_assumption_without_source_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "flows"
    root.mkdir()
    for name in ("presets.yaml", "rules.yaml"):
        (root / name).write_text((FLOWS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((FLOWS_DIR / "assumptions.yaml").read_text(encoding="utf-8"))
    del data["postage"]["source"]
    (root / "assumptions.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match=r"assumptions\.yaml.*postage\.source"):
        load_flow_content(shipped_content().catalogue.laws, root)
