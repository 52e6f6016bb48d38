"""The note under a step on the questions its sector hides: the same words on screen and in the PDF."""

from __future__ import annotations

from pia_core.content.loader import Step
from pia_core.i18n import t, tn
from pia_core.scan.model import Assessment
from pia_core.vocabulary import Language


def hidden_note(step: Step, assessment: Assessment, lang: Language) -> str | None:
    """How many questions another sector's law brings, and whether answers to them are kept."""
    hidden = [q for q in step.questions if not q.spec.applies_to(assessment.organisation.sector)]
    if not hidden:
        return None
    text = t("step.hidden_one" if len(hidden) == 1 else "step.hidden_many", lang, count=len(hidden))
    if any(q.id in assessment.answers for q in hidden):
        text += " " + t("step.hidden_kept", lang)
    return text


def quick_note(step: Step, assessment: Assessment, lang: Language) -> str | None:
    """In a quick scan: how many of this step's questions wait for the full scan."""
    if assessment.scan_mode != "quick":
        return None
    waiting = [q for q in step.applicable(assessment.organisation.sector) if not q.quick]
    if not waiting:
        return None
    return tn("scan_mode.step_note", lang, len(waiting))
