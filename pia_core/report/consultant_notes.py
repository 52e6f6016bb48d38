"""The consultant's notes in the PDF: per step, only when the consultant chose to include them."""

from __future__ import annotations

from pia_core.i18n import t
from pia_core.report.brand import MUTED
from pia_core.report.context import ReportContext


def consultant_note(ctx: ReportContext, step: int) -> None:
    """Print the consultant's note on `step` under its own label, or nothing (the default)."""
    current = ctx.assessment
    if not current.presentation.include_consultant_notes:
        return
    note = current.consultant_notes.get(step, "")
    if not note.strip():
        return
    ctx.pdf.ensure_space(14)
    ctx.pdf.para(t("presentation.report_note", ctx.lang), style="B", colour=MUTED, after=0.5)
    ctx.pdf.para(note, style="I", indent=4)
