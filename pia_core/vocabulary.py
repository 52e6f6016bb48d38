"""The words every layer shares: languages, answers, sectors, organisation sizes.

They sit at the bottom of pia_core and import nothing of it, so the content catalogue, the scan
file format, the analysis and the outputs can all speak them without depending on each other
(the scan model re-exports them: `pia_core.scan.model.Answer` is this `Answer`). The values are
what scan files and content files hold: changing one changes the file formats.
"""

from __future__ import annotations

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
