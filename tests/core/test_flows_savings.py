"""The savings model against figures worked out by hand."""

from __future__ import annotations

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.flows.savings import compute_savings, paper_unit_cost, savings, savings_as_data
from pia_core.scan.flow_model import Channel, CostAssumptions, Flow, Recipient
from pia_core.scan.model import Assessment, Organisation, Sector

# Round figures so every result below can be checked on paper.
A = CostAssumptions(
    postage=1.0,
    production=0.5,
    digital=0.1,
    handling_minutes=3,
    hourly_rate=40,
    opt_in=50,
    implementation=6000,
)


def test_paper_unit_cost_adds_postage_production_and_staff_time() -> None:
    # 1.00 + 0.50 + 3/60 h x 40 = 3.50
    assert paper_unit_cost(A) == pytest.approx(3.5)


def test_company_paper_flow_by_hand() -> None:
    flow = Flow(name="Facturen", volume=10_000, channel=Channel.PAPER, digital_share=80)
    result = compute_savings([flow], A, Sector.COMPANY)
    # now 10,000 x 3.50 = 35,000; digital 8,000 x 0.10 + 2,000 x 3.50 = 7,800; saving 27,200
    assert result.current == pytest.approx(35_000)
    assert result.digital == pytest.approx(7_800)
    assert result.annual == pytest.approx(27_200)
    assert result.five_year == pytest.approx(5 * 27_200 - 6_000)
    # 6,000 / (27,200 / 12) = 2.647... -> 2.6 months
    assert result.payback_months == pytest.approx(2.6)
    assert result.cumulative()[0] == (0, 0) and result.cumulative()[5][1] == pytest.approx(136_000)


def test_zero_flows() -> None:
    result = compute_savings([], A, Sector.COMPANY)
    assert (result.current, result.digital, result.annual) == (0, 0, 0)
    assert result.five_year == pytest.approx(-6_000)
    assert result.payback_months is None


def test_zero_flows_without_implementation_cost_pays_back_at_once() -> None:
    result = compute_savings([], A.model_copy(update={"implementation": 0}), Sector.COMPANY)
    assert result.payback_months == 0


@pytest.mark.parametrize(("opt_in", "moved"), [(100, 1.0), (0, 0.0), (50, 0.5)])
def test_government_to_citizens_depends_on_opt_in(opt_in: float, moved: float) -> None:
    a = A.model_copy(update={"opt_in": opt_in})
    flow = Flow(name="WOZ", volume=1_000, recipients=Recipient.CITIZENS, digital_share=100)
    result = compute_savings([flow], a, Sector.GOVERNMENT)
    assert result.flows[0].moved_share == pytest.approx(moved)
    # each moved item saves 3.50 - 0.10 = 3.40
    assert result.annual == pytest.approx(1_000 * moved * 3.4)
    if opt_in == 0:
        assert result.payback_months is None  # nothing moves, the one-off cost never comes back


def test_opt_in_applies_only_to_government_and_citizens() -> None:
    a = A.model_copy(update={"opt_in": 0})
    employees = Flow(name="Loonstroken", volume=100, recipients=Recipient.EMPLOYEES)
    citizens = Flow(name="WOZ", volume=100, recipients=Recipient.CITIZENS)
    assert compute_savings([employees], a, Sector.GOVERNMENT).annual == pytest.approx(340)
    assert compute_savings([citizens], a, Sector.COMPANY).annual == pytest.approx(340)


def test_digital_flow_saves_nothing_and_cost_never_pays_back() -> None:
    flow = Flow(name="Uitslagen", volume=5_000, channel=Channel.EMAIL, digital_share=100)
    result = compute_savings([flow], A, Sector.HEALTHCARE)
    assert result.current == pytest.approx(500) and result.digital == pytest.approx(500)
    assert result.annual == 0
    assert result.payback_months is None
    assert result.five_year == pytest.approx(-6_000)


def test_digital_dearer_than_paper_is_a_negative_saving() -> None:
    a = A.model_copy(update={"postage": 0, "production": 0.05, "handling_minutes": 0})
    result = compute_savings([Flow(name="x", volume=100)], a, Sector.COMPANY)
    assert result.annual == pytest.approx(100 * (0.05 - 0.1))
    assert result.payback_months is None


def test_assessment_uses_shipped_defaults_until_the_user_changes_one() -> None:
    flow = Flow(name="Facturen", volume=1_000, digital_share=100)
    current = Assessment(organisation=Organisation(sector=Sector.COMPANY), flows=[flow])
    d = shipped_content().flows.default_assumptions()
    expected = 1_000 * (d.postage + d.production + d.handling_minutes / 60 * d.hourly_rate - d.digital)
    assert savings(current, shipped_content().flows).annual == pytest.approx(expected)
    current.cost_assumptions = d.model_copy(update={"postage": d.postage + 1})
    assert savings(current, shipped_content().flows).annual == pytest.approx(expected + 1_000)


def test_savings_as_data_shape() -> None:
    flow = Flow(name="Facturen", volume=12_000, digital_share=100)
    data = savings_as_data(compute_savings([flow], A, Sector.COMPANY))
    assert data == {"annual": 40_800.0, "five_year": 198_000.0, "payback_months": 1.8}


def test_older_file_without_flows_still_loads() -> None:
    old = {"schema_version": 1, "organisation": {"name": "Gemeente Ede", "sector": "government"}}
    loaded = Assessment.model_validate(old)
    assert loaded.flows == [] and loaded.cost_assumptions is None
    round_trip = Assessment.model_validate_json(
        Assessment(flows=[Flow(name="WOZ", volume=3)], cost_assumptions=A).model_dump_json()
    )
    assert round_trip.flows[0].name == "WOZ" and round_trip.cost_assumptions == A
