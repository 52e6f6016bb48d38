"""Load every content file the app needs, so a broken edit is reported before anything renders."""

from __future__ import annotations

from collections.abc import Callable

from pia_core.content.loader import ContentError, catalogue


def _loaders() -> tuple[Callable[[], object], ...]:
    # Imported here: these modules build on the loader, and the check must see all of them.
    from pia_core.agenda import agenda_plan
    from pia_core.analysis.register_content import register_content
    from pia_core.analysis.risk import risk_rules
    from pia_core.analysis.screening import screening_content
    from pia_core.content.precedents import precedents
    from pia_core.demos import demos
    from pia_core.flows.content import flow_content
    from pia_core.i18n import texts

    return (
        texts,
        catalogue,
        risk_rules,
        screening_content,
        flow_content,
        agenda_plan,
        demos,
        register_content,
        precedents,
    )


def content_problem() -> str | None:
    """The first content error (naming the file and the field), or None when all content loads.

    Each loader caches its result once it succeeds, so this costs nothing after the first run.
    """
    for load in _loaders():
        try:
            load()
        except ContentError as exc:
            return str(exc)
    return None
