"""The projection of the action plan in words: "Nu 64, Onvoldoende, 3 kritieke punten → na het plan
86, Goed, 0", the same sentence for the CLI, and later the summary page and the PDF."""

from __future__ import annotations

from pia_core.analysis.projection import Assumed, Projection
from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.wording.verdict import critical_count, level_name


def score_text(score: float | None, lang: Language) -> str:
    """ "64", or "—" when there is nothing to score."""
    return t("common.no_score", lang) if score is None else f"{score:.0f}"


def projection_line(projection: Projection, lang: Language) -> str:
    today, planned = projection.today, projection.evaluation
    return t(
        "projection.line",
        lang,
        score=score_text(today.overall, lang),
        level=level_name(today, lang),
        critical=critical_count(today, lang),
        planned_score=score_text(planned.overall, lang),
        planned_level=level_name(planned, lang),
        planned_critical=len(planned.critical),
    )


def marked_resolved_line(projection: Projection, lang: Language) -> str | None:
    """Which done actions were only taken as resolved, since no change of the scan resolves them."""
    titles = {finding.id: finding.title[lang] for finding in projection.today.findings}
    marked = [
        f"“{titles.get(item, item)}”"
        for item in projection.done
        if projection.how[item] is Assumed.MARKED_RESOLVED
    ]
    return t("projection.marked_resolved", lang, actions="; ".join(marked)) if marked else None
