"""The savings model: what each flow costs now and when its digital share goes secure-digital.

Per paper item: postage + production + handling minutes x hourly rate. Per digital message: the
digital cost. Only paper moves: a flow already sent digitally keeps costing the digital rate (its
privacy gain is in the flags, not here). The share that moves is the flow's digital share, and for
a government body writing to citizens also the opt-in share (Awb art. 2:8: digital only for
citizens who chose it). All amounts in EUR per year unless said otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from pia_core.content.flows import FlowContent
from pia_core.formatting import number
from pia_core.i18n import t
from pia_core.scan.flow_model import Channel, CostAssumptions, Flow, Recipient
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language, Sector

YEARS = 5


@dataclass(frozen=True)
class FlowSavings:
    number: int  # 1-based position in the inventory
    name: str
    volume: int
    moved_share: float  # 0..1: the part of the volume that goes digital
    current: float
    digital: float

    @property
    def saving(self) -> float:
        return self.current - self.digital


@dataclass(frozen=True)
class Savings:
    flows: tuple[FlowSavings, ...]
    implementation: float

    @property
    def current(self) -> float:
        return sum(f.current for f in self.flows)

    @property
    def digital(self) -> float:
        return sum(f.digital for f in self.flows)

    @property
    def annual(self) -> float:
        return sum(f.saving for f in self.flows)

    @property
    def five_year_gross(self) -> float:
        return YEARS * self.annual

    @property
    def five_year(self) -> float:
        """Cumulative saving after five years, net of the one-off implementation cost."""
        return self.five_year_gross - self.implementation

    @property
    def payback_months(self) -> float | None:
        """Months until the saving covers the one-off cost; None if it never does."""
        if self.implementation <= 0:
            return 0.0
        if self.annual <= 0:
            return None
        return round(self.implementation / (self.annual / 12), 1)

    def cumulative(self) -> list[tuple[int, float]]:
        """(year, gross cumulative saving) for years 0..5, to set against the one-off cost."""
        return [(year, year * self.annual) for year in range(YEARS + 1)]


def paper_unit_cost(a: CostAssumptions) -> float:
    return a.postage + a.production + a.handling_minutes / 60 * a.hourly_rate


def moved_share(flow: Flow, a: CostAssumptions, sector: Sector) -> float:
    if flow.channel.digital:
        return 0.0
    share = flow.digital_share / 100
    if sector is Sector.GOVERNMENT and flow.recipients is Recipient.CITIZENS:
        share *= a.opt_in / 100
    return share


def flow_savings(number: int, flow: Flow, a: CostAssumptions, sector: Sector) -> FlowSavings:
    unit_now = paper_unit_cost(a) if flow.channel is Channel.PAPER else a.digital
    share = moved_share(flow, a, sector)
    current = flow.volume * unit_now
    digital = flow.volume * share * a.digital + flow.volume * (1 - share) * unit_now
    return FlowSavings(
        number=number, name=flow.name, volume=flow.volume, moved_share=share, current=current, digital=digital
    )


def compute_savings(flows: list[Flow], a: CostAssumptions, sector: Sector) -> Savings:
    """Complete flows only (an incomplete one has no channel yet); numbers as in the inventory."""
    return Savings(
        flows=tuple(
            flow_savings(n, flow, a, sector) for n, flow in enumerate(flows, start=1) if flow.complete
        ),
        implementation=a.implementation,
    )


def assumptions_of(assessment: Assessment, content: FlowContent) -> CostAssumptions:
    """The assessment's own assumptions, or the shipped defaults if the user changed none."""
    return assessment.cost_assumptions or content.default_assumptions()


def savings(assessment: Assessment, content: FlowContent) -> Savings:
    return compute_savings(
        assessment.flows, assumptions_of(assessment, content), assessment.organisation.sector
    )


def payback_text(result: Savings, lang: Language) -> str:
    """ "Never", "Not filled in" or "4,3 months": the same words on the page and in the PDF (kept
    beside `Savings`: pia_core.formatting sits below the flows and does not know them)."""
    months = result.payback_months
    if months is None:
        return t("flows.savings.payback_never", lang)
    if result.implementation <= 0:
        return t("flows.savings.payback_unknown", lang)
    return t("flows.savings.payback_value", lang, months=number(months, lang, 1))


def savings_as_data(result: Savings) -> dict[str, float | None]:
    """The `savings` object of `python -m pia_core score FILE --json`."""
    return {
        "annual": round(result.annual, 2),
        "five_year": round(result.five_year, 2),
        "payback_months": result.payback_months,
    }
