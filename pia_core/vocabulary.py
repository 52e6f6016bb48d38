"""The words every layer shares: languages, answers, sectors, organisation sizes, question ids.

They sit at the bottom of pia_core and import nothing of it, so the content catalogue, the scan
file format, the analysis and the outputs can all speak them without depending on each other
(the scan model re-exports them: `pia_core.scan.model.Answer` is this `Answer`). The values are
what scan files and content files hold: changing one changes the file formats.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")


class Answer(StrEnum):
    """Stable machine words for an answer; labels live in the UI texts."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    UNKNOWN = "unknown"
    NA = "na"


class Sector(StrEnum):
    COMPANY = "company"
    HEALTHCARE = "healthcare"
    GOVERNMENT = "government"  # municipality or other government body
    EDUCATION = "education"
    OTHER = "other"


class Size(StrEnum):
    """Staff numbers as the AVG counts them: below 250 a register duty may be narrower (art. 30(5))."""

    SMALL = "small"  # fewer than 50
    MEDIUM = "medium"  # 50 to 249
    LARGE = "large"  # 250 or more


# A question id names its step: "s3_dpia" is in step 3 (content/steps/step_03.yaml). The loader
# refuses an id whose number is not its file's step, so the id alone tells the step.
_STEP_OF_ID = re.compile(r"s(0|[1-9][0-9]*)_")


def step_of(question_id: str) -> int | None:
    """The step a question id names ("s3_dpia" -> 3), None for an id of no step ("flow:...")."""
    match = _STEP_OF_ID.match(question_id)
    return int(match.group(1)) if match else None
