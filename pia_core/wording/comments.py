"""Comment threads as the pages and the reports print them: plain records, their lines.

The comments live in the workspace store, which a PDF worker never reads: the page hands them to
the report as these records (pickled with the snapshot), already worded in the report's language
where they sit. Here, not in the report package, so that a page can word them without loading the
PDF code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pia_core.formatting import moment_text
from pia_core.i18n import t
from pia_core.vocabulary import Language


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


def author_line(comment: CommentRecord, lang: Language) -> str:
    """ "Anna de Vries (adviseur) · 15-01-2027 14:05"."""
    who = f"{comment.author} ({t('comments.adviser', lang)})" if comment.adviser else comment.author
    return f"{who} · {moment_text(comment.created, lang)}"


def resolved_line(thread: ThreadRecord, lang: Language) -> str:
    assert thread.resolved is not None
    return t("comments.resolved_by", lang, name=thread.resolved_by, when=moment_text(thread.resolved, lang))
