"""The progress between two moments in words: the counts of what moved."""

from __future__ import annotations

from pia_core.analysis.progress import Progress
from pia_core.i18n import tn
from pia_core.vocabulary import Language


def count_lines(progress: Progress, lang: Language) -> list[str]:
    """ "2 kritieke punten opgelost", "1 nieuw kritiek punt", "5 acties afgerond": those not zero."""
    return [
        tn(key, lang, len(ids))
        for key, ids in (
            ("history.progress.closed", progress.closed_critical),
            ("history.progress.new", progress.new_critical),
            ("history.progress.done", progress.done_actions),
        )
        if ids
    ]
