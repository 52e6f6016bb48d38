"""The flow inventory and the cost assumptions as they live in the assessment.

Part of the scan file format, so it sits in pia_core.scan below the flows package (whose flags and
savings read an Assessment): pia_core.scan.model imports this module, so it imports nothing from
pia_core.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field

from pia_core.scan.base import ScanModel

# Over a billion messages a year is a typing error for any Dutch organisation.
MAX_VOLUME = 1_000_000_000
FLOW_NAME_MAX = 200
MAX_FLOWS = 200
# Bounds that keep a typo from producing an absurd estimate (EUR per item, minutes, EUR).
MAX_UNIT_COST = 100.0
MAX_MINUTES = 600.0
MAX_HOURLY_RATE = 1_000.0
MAX_IMPLEMENTATION = 1_000_000_000.0


class Recipient(StrEnum):
    CUSTOMERS = "customers"
    CITIZENS = "citizens"
    PATIENTS = "patients"
    EMPLOYEES = "employees"
    SUPPLIERS = "suppliers"


class Channel(StrEnum):
    PAPER = "paper"
    EMAIL = "email"  # ordinary, unencrypted email
    SECURE_EMAIL = "secure_email"
    PORTAL = "portal"  # portal or message box (e.g. MijnOverheid Berichtenbox)

    @property
    def digital(self) -> bool:
        return self is not Channel.PAPER


class Processor(StrEnum):
    """Whether an outside party (print house, mail or portal provider, payroll) handles the flow."""

    NONE = "none"  # sent in-house
    AGREEMENT = "agreement"
    NO_AGREEMENT = "no_agreement"
    UNKNOWN = "unknown"


CHOICE_COLUMNS = ("recipients", "channel", "processor")


def new_flow_id() -> str:
    return uuid.uuid4().hex[:12]


class Flow(ScanModel):
    # Stable across edits and reordering: findings and action-plan entries are keyed by it.
    id: str = Field(default_factory=new_flow_id, pattern=r"^[A-Za-z0-9_-]{1,40}$")
    name: str = Field(min_length=1, max_length=FLOW_NAME_MAX)
    recipients: Recipient = Recipient.CUSTOMERS
    volume: int = Field(default=0, ge=0, le=MAX_VOLUME)  # messages per year
    channel: Channel = Channel.PAPER
    special_data: bool = False  # special categories, AVG art. 9
    bsn: bool = False
    tracked: bool = False  # paper sent registered or with track and trace
    processor: Processor = Processor.NONE
    digital_share: float = Field(default=100.0, ge=0, le=100)  # percent that can go digital
    # Choices a new row does not have yet ("recipients", "channel", "processor"): the row is kept
    # and shown as incomplete, and counts in no flag and no saving until they are chosen.
    missing: list[str] = Field(default_factory=list, max_length=len(CHOICE_COLUMNS))

    @property
    def complete(self) -> bool:
        return not self.missing


class CostAssumptions(ScanModel):
    """Every number the savings estimate rests on; defaults live in content/flows/assumptions.yaml."""

    postage: float = Field(ge=0, le=MAX_UNIT_COST)  # EUR per paper item
    production: float = Field(ge=0, le=MAX_UNIT_COST)  # EUR per paper item: print, envelope, processing
    digital: float = Field(ge=0, le=MAX_UNIT_COST)  # EUR per digital message
    handling_minutes: float = Field(ge=0, le=MAX_MINUTES)  # staff minutes a paper item costs extra
    hourly_rate: float = Field(ge=0, le=MAX_HOURLY_RATE)  # EUR per staff hour
    opt_in: float = Field(ge=0, le=100)  # percent of citizens who chose digital (government only)
    implementation: float = Field(ge=0, le=MAX_IMPLEMENTATION)  # EUR, one-off


ASSUMPTION_FIELDS: tuple[str, ...] = tuple(CostAssumptions.model_fields)
