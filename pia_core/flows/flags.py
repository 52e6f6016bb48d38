"""Privacy flags per communication flow: findings with an article, joining the action plan.

The rules' facts (step, critical, impact, likelihood, references) are in content/flows/rules.yaml,
their texts in content/ui/<lang>/flows.yaml under `flag.<rule>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_core.content.flows import FlowContent
from pia_core.content.loader import Catalogue
from pia_core.content.schema import Impact, Reference
from pia_core.i18n import t
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import Assessment
from pia_core.vocabulary import LANGUAGES, Answer, Language, Sector

# Step 6 asks whether every processor has a processor agreement; the flows page links to it.
PROCESSOR_QUESTION = "s6_processor_agreement"
# Step 6 asks (government only) whether digital sending follows the citizen's choice.
DIGITAL_CHOICE_QUESTION = "s6_digital_by_choice"
# A BSN may be used only where a law prescribes it (AVG art. 87, UAVG art. 46); pay slips have one,
# a company's letters to customers or suppliers usually do not.
BSN_QUESTIONABLE_SECTORS = frozenset({Sector.COMPANY, Sector.OTHER})
BSN_QUESTIONABLE_RECIPIENTS = frozenset({Recipient.CUSTOMERS, Recipient.SUPPLIERS})


@dataclass(frozen=True)
class FlowFlag:
    id: str  # "flow:<flow id>:<rule>", stable while the flow exists
    flow_id: str
    flow_number: int  # 1-based position in the inventory, for display
    flow_name: str
    rule: str
    step: int
    critical: bool
    impact: Impact
    likelihood: Impact
    references: tuple[str, ...]  # laws.yaml format: "AVG 32(1)", "NTA 7516"
    title: dict[Language, str]
    action: dict[Language, str]  # names the flow: the action plan lists actions without their flow
    advice: dict[Language, str]  # the same action without the name, under a heading that has it
    same_duty_as: str | None = None  # the question asking the same duty for the whole processing

    def formatted_references(self, catalogue: Catalogue, lang: Language) -> list[str]:
        return [
            Reference.parse(text, catalogue.laws).format(catalogue.laws, lang) for text in self.references
        ]


def flow_rules(flow: Flow, assessment: Assessment) -> list[str]:
    """The ids of the rules this flow breaks, in the order of content/flows/rules.yaml."""
    sector = assessment.organisation.sector
    found: list[str] = []
    if flow.channel is Channel.EMAIL and flow.special_data:
        found.append("special_by_email")
    elif flow.channel is Channel.EMAIL and flow.bsn:
        found.append("bsn_by_email")
    if flow.channel is Channel.PAPER and flow.special_data and not flow.tracked:
        found.append("special_paper_untracked")
    # Only what the user said: "Weet ik niet" is an unknown processor, never "without agreement".
    if flow.processor is Processor.NO_AGREEMENT:
        found.append("no_processor_agreement")
    elif flow.processor is Processor.UNKNOWN and assessment.answer(PROCESSOR_QUESTION) is not Answer.YES:
        found.append("processor_unknown")
    if (
        sector is Sector.GOVERNMENT
        and flow.recipients is Recipient.CITIZENS
        and flow.channel.digital
        and assessment.answer(DIGITAL_CHOICE_QUESTION) is not Answer.YES
    ):
        found.append("digital_needs_choice")
    if flow.bsn and sector in BSN_QUESTIONABLE_SECTORS and flow.recipients in BSN_QUESTIONABLE_RECIPIENTS:
        found.append("bsn_without_law")
    return found


def _flag(number: int, flow: Flow, rule_id: str, sector: Sector, content: FlowContent) -> FlowFlag:
    rule = content.rules[rule_id]
    references = (*rule.references, *rule.sector_references.get(sector, ()))
    return FlowFlag(
        id=f"flow:{flow.id}:{rule_id}",
        flow_id=flow.id,
        flow_number=number,
        flow_name=flow.name,
        rule=rule_id,
        step=rule.step,
        critical=rule.critical,
        impact=rule.impact,
        likelihood=rule.likelihood,
        references=references,
        title={lang: t(f"flows.flag.{rule_id}.title", lang, flow=flow.name) for lang in LANGUAGES},
        # The action plan lists actions without their flow: name the flow in the action itself.
        action={
            lang: f"{flow.name}: {t(f'flows.flag.{rule_id}.action', lang, flow=flow.name)}"
            for lang in LANGUAGES
        },
        advice={lang: t(f"flows.flag.{rule_id}.action", lang, flow=flow.name) for lang in LANGUAGES},
        same_duty_as=rule.same_duty_as,
    )


def flow_flags(assessment: Assessment, content: FlowContent) -> list[FlowFlag]:
    """Every flag of every flow, critical ones first, then in inventory order."""
    sector = assessment.organisation.sector
    flags = [
        _flag(number, flow, rule, sector, content)
        for number, flow in enumerate(assessment.flows, start=1)
        if flow.complete  # an incomplete row has no channel or processor yet: nothing to judge
        for rule in flow_rules(flow, assessment)
    ]
    return sorted(flags, key=lambda f: not f.critical)
