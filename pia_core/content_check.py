"""Load every content file the app needs, so a broken edit is reported before anything renders."""

from __future__ import annotations

from collections.abc import Callable

from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError


def content_problem(load: Callable[[], object] = shipped_content) -> str | None:
    """The first content error (naming the file and the field), or None when all content loads.

    `load` builds the Content (the shipped one, cached once it succeeds, so this costs nothing
    after the first run); a test hands in a loader that fails.
    """
    try:
        load()
    except ContentError as exc:
        return str(exc)
    return None
