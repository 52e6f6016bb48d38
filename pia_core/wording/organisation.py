"""An organisation's activities and shared gaps in words: the overview page, the PDF and the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from pia_core.analysis.organisation import ActivityResult, OrganisationResult, SharedGap
from pia_core.analysis.screening import Basis
from pia_core.i18n import t
from pia_core.vocabulary import Language
from pia_core.wording.activity_names import activity_label


def activity_name(item: ActivityResult, lang: Language) -> str:
    return activity_label(item.name, item.number, lang)


def activity_names(result: OrganisationResult, ids: Sequence[str], lang: Language) -> list[str]:
    return [activity_name(result.activity(activity_id), lang) for activity_id in ids]


def dpia_text(item: ActivityResult, lang: Language) -> str:
    """The DPIA check's outcome in a word ("niet ingevuld" while nobody went through it)."""
    if item.evaluation.screening.basis is Basis.POLICY:
        return t(f"overview.dpia.policy_{item.dpia.value}", lang)
    return t(f"overview.dpia.{item.dpia.value}", lang)


def shared_action(gap: SharedGap, lang: Language) -> str:
    """What to do about a shared gap; a flow's flag without the flow's name (the flows differ)."""
    if gap.action is not None:
        return gap.action[lang]
    rule = gap.key.split(":", 1)[1]
    return t(f"flows.flag.{rule}.action", lang)


def lowest_name(result: OrganisationResult, lang: Language) -> str:
    """ "Onvoldoende", "Matig (voorlopig)", or "—" while no activity has a level."""
    if result.lowest is None:
        return t("common.no_score", lang)
    name = result.lowest.name[lang]
    return t("verdict.level_provisional", lang, level=name) if result.lowest_provisional else name


def where_text(gap: SharedGap, result: OrganisationResult, lang: Language) -> str:
    """ "bij 4 van 7 verwerkingen: A, B, C en D", "bij alle 7 verwerkingen", or that it is the whole
    organisation's own (step 0)."""
    if gap.organisation_wide:
        return t("overview.shared.organisation_wide", lang)
    if gap.count == result.count:
        return t("overview.shared.everywhere", lang, total=result.count)
    names = activity_names(result, gap.activity_ids, lang)
    listed = t("common.and_list", lang, head=", ".join(names[:-1]), last=names[-1])
    return t("overview.shared.where", lang, count=gap.count, total=result.count, names=listed)
