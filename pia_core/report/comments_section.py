"""The report's optional section "Opmerkingen van uw adviseur": the comments on a scan, open first,
then resolved, each thread with its replies.

The comments live in the workspace store, which a PDF worker never reads: the page hands them in
as plain records (`ThreadRecord`, pickled with the snapshot to the worker), already worded in the
report's language where they sit ("3. Rechtmatigheid · Is er een verwerkersovereenkomst?").
`build_report(..., comments=...)` puts them in the context; without any, the section draws nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from pia_core.formatting import DATE_PATTERN
from pia_core.i18n import t, tn
from pia_core.report.brand import INK, MUTED
from pia_core.report.context import ReportContext
from pia_core.vocabulary import Language

EXTRA_KEY = "comments"  # ReportContext.extras: a tuple of ThreadRecord
TIME_PATTERN = f"{DATE_PATTERN} %H:%M"  # 15-01-2027 14:05, in both languages like every date
TIME_ZONE = "Europe/Amsterdam"  # the firm's and its clients' clock; the store keeps UTC
REPLY_INDENT = 6.0  # mm


@dataclass(frozen=True)
class CommentRecord:
    """One comment as printed: who, when, what. Plain data, nothing of the store."""

    author: str
    adviser: bool  # written by a consultant of the firm (signed in), not by someone with a link
    created: dt.datetime
    text: str


@dataclass(frozen=True)
class ThreadRecord:
    """A thread: its first comment, the replies (oldest first), and whether it is resolved."""

    place: str  # where it sits in the scan, worded in the report's language
    first: CommentRecord
    replies: tuple[CommentRecord, ...] = ()
    resolved: dt.datetime | None = None
    resolved_by: str = ""

    @property
    def is_open(self) -> bool:
        return self.resolved is None


def _zone() -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(TIME_ZONE)
    except zoneinfo.ZoneInfoNotFoundError:  # a system without time-zone data: UTC, still correct
        return dt.UTC


def moment_text(moment: dt.datetime, lang: Language) -> str:
    """A comment's time on the Dutch clock: "15-01-2027 14:05" (the app's one date format)."""
    del lang  # the same in both languages, like every date of the app
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_zone()).strftime(TIME_PATTERN)


def author_line(comment: CommentRecord, lang: Language) -> str:
    """ "Anna de Vries (adviseur) · 15-01-2027 14:05"."""
    who = f"{comment.author} ({t('comments.adviser', lang)})" if comment.adviser else comment.author
    return f"{who} · {moment_text(comment.created, lang)}"


def resolved_line(thread: ThreadRecord, lang: Language) -> str:
    assert thread.resolved is not None
    return t("comments.resolved_by", lang, name=thread.resolved_by, when=moment_text(thread.resolved, lang))


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
