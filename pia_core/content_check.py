"""Load every content file the app needs, so a broken edit is reported before anything renders.

Above the packages whose files it loads (the catalogue, texts, risk, screening, flows, agenda,
demos, register, precedents): a check of the whole content, called by the app and its server.
"""

from __future__ import annotations

from collections.abc import Callable

from pia_core import agenda, demos, i18n
from pia_core.analysis import precedents, register_content, risk, screening
from pia_core.content.loader import ContentError, catalogue
from pia_core.flows import content as flows_content


def _loaders() -> tuple[Callable[[], object], ...]:
    # Looked up on each call, not bound at import: a test replaces one loader to see its error.
    return (
        i18n.texts,
        catalogue,
        risk.risk_rules,
        screening.screening_content,
        flows_content.flow_content,
        agenda.agenda_plan,
        demos.demos,
        register_content.register_content,
        precedents.precedents,
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
