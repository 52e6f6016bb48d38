"""The one pydantic base of every model in a scan file (pia_core/scan/model.py, flow_model.py).

Its own module, so the flow model (which model.py imports) can use it without a cycle.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ScanModel(BaseModel):
    """Unknown keys of an older or newer file are dropped; every assignment is validated again;
    no NaN or infinity (the bounds do not catch NaN, and JSON cannot hold either: they would be
    written as null and never load again)."""

    model_config = ConfigDict(
        extra="ignore", validate_assignment=True, str_strip_whitespace=False, allow_inf_nan=False
    )
