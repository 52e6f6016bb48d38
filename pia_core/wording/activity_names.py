"""How an activity is named wherever it is listed: its own name, or "Verwerking 3 (nog zonder naam)".

Still here, not in pia_core.wording, while the register (pia_core.wording.register) builds its own
sentences; pia_core.wording.organisation re-uses it."""

from __future__ import annotations

from pia_core.i18n import t
from pia_core.vocabulary import Language


def activity_label(name: str, number: int, lang: Language) -> str:
    """`number` is the activity's position in the dossier, from 1."""
    return " ".join(name.split()) or t("activities.unnamed", lang, number=number)
