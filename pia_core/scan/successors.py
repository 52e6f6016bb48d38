"""Answers to questions the catalogue merged away, carried to the question that took over the duty.

A question's `replaces` (content/steps, handed in as the catalogue's `successors`) names the
removed ids it stands for; an answer to such an id moves to it unless it already has one. The old
DPIA question (`s3_dpia_large_scale`) became the DPIA block of the scan
(pia_core/analysis/dpia_duty.py): its answer says whether a DPIA was done.
Applied to every file the app reads (open, import, CLI, stored scans), so old scans keep their
answers instead of losing them as unknown ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OLD_DPIA_QUESTION = "s3_dpia_large_scale"
_DPIA_CARRIED = {"yes", "partly", "no", "unknown"}  # "na" said "no large-scale special data": no DPIA answer


def carry_forward(data: dict[str, Any], successors: Mapping[str, str]) -> dict[str, Any]:
    """`data` (a current-schema dict) with answers of merged questions on their successors
    (`successors`: removed id -> the id that took over, the catalogue's `successors`)."""
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return data
    moved = dict(answers)
    for old, new in successors.items():
        if old in moved:
            value = moved.pop(old)
            moved.setdefault(new, value)
    result = {**data, "answers": moved}
    if OLD_DPIA_QUESTION in moved:
        value = moved.pop(OLD_DPIA_QUESTION)
        dpia = data.get("dpia")
        dpia = dict(dpia) if isinstance(dpia, dict) else {}
        if value in _DPIA_CARRIED and dpia.get("done") is None:
            dpia["done"] = value
        result["dpia"] = dpia
    return result
