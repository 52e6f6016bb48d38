"""The report's optional section "Opmerkingen van uw adviseur": the comments on a scan, open first,
then resolved, each thread with its replies.

The comments live in the workspace store, which a PDF worker never reads: the page hands them in
as plain records (`ThreadRecord`, pickled with the snapshot to the worker), already worded in the
report's language where they sit ("3. Rechtmatigheid · Is er een verwerkersovereenkomst?").
`build_report(..., comments=...)` puts them in the context; without any, the section draws nothing.
"""

from __future__ import annotations

from pia_core.i18n import t, tn
from pia_core.report.brand import INK, MUTED
from pia_core.report.context import ReportContext
from pia_core.wording.comments import CommentRecord, ThreadRecord, author_line, resolved_line

EXTRA_KEY = "comments"  # ReportContext.extras: a tuple of ThreadRecord
REPLY_INDENT = 6.0  # mm


def _comment(ctx: ReportContext, comment: CommentRecord, indent: float, colour: str) -> None:
    pdf = ctx.pdf
    pdf.ensure_space(12)  # the author line stays with the first line of its text
    pdf.para(author_line(comment, ctx.lang), size=8, style="B", colour=MUTED, indent=indent, after=0.3)
    pdf.para(comment.text, colour=colour, indent=indent, after=1.2)


def _thread(ctx: ReportContext, thread: ThreadRecord) -> None:
    pdf = ctx.pdf
    colour = MUTED if thread.resolved is not None else INK
    pdf.ensure_space(20)
    pdf.para(thread.place, style="B", after=0.8)
    _comment(ctx, thread.first, 0, colour)
    for reply in thread.replies:
        _comment(ctx, reply, REPLY_INDENT, colour)
    if thread.resolved is not None:
        pdf.para(resolved_line(thread, ctx.lang), size=8, style="I", colour=MUTED, after=0.5)
    pdf.ln(2)


def comments_of(ctx: ReportContext) -> tuple[ThreadRecord, ...]:
    found = ctx.extras.get(EXTRA_KEY, ())
    if not isinstance(found, tuple):
        return ()
    return tuple(item for item in found if isinstance(item, ThreadRecord))


def comments_section(ctx: ReportContext) -> None:
    """The adviser's comments, when the page handed any in (the user ticked the choice)."""
    threads = comments_of(ctx)
    if not threads:
        return
    pdf, lang = ctx.pdf, ctx.lang
    pdf.new_section()
    pdf.heading(t("comments.pdf.heading", lang), space_before=0)
    pdf.para(t("comments.pdf.intro", lang), colour=MUTED)
    for heading, part in (
        ("comments.pdf.open", [thread for thread in threads if thread.is_open]),
        ("comments.pdf.resolved", [thread for thread in threads if not thread.is_open]),
    ):
        if not part:
            continue
        count = sum(1 + len(thread.replies) for thread in part)
        pdf.heading(f"{t(heading, lang)} ({tn('comments.pdf.count', lang, count)})", size=12)
        for thread in part:
            _thread(ctx, thread)
