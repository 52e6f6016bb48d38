"""Dossiers with several processing activities, built from the shipped demos for tests and screenshots."""

from __future__ import annotations

from pia_core.content.bundle import shipped_content
from pia_core.content.demos import DEMO_DIR
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer
from pia_core.scan.serialization import read_dossier

PROCESSOR_QUESTION = "s6_processor_agreement"  # critical: a processor without an agreement (AVG art. 28)
NAMES = (
    "Wmo-aanvraag",
    "Parkeervergunning",
    "Bijstandsuitkering",
    "Klachtenafhandeling",
    "Leerlingenvervoer",
    "Cameratoezicht stadhuis",
    "Nieuwsbrief inwoners",
    "Personeelsdossiers",
    "Subsidieaanvragen",
    "Schuldhulpverlening",
    "Evenementenvergunning",
    "Burgerpeiling",
)


def municipality(count: int = 7, without_agreement: tuple[int, ...] = (1, 3, 4, 6)) -> Dossier:
    """Gemeente Lindewaard's moving demo plus copies of it, `count` activities in all.

    Activities at the positions in `without_agreement` (from 0) answer the processor question Nee;
    the rest say Ja. Every third copy has step 8 only partly answered, so levels and heat map differ.
    """
    dossier = read_dossier(
        DEMO_DIR / "gemeente-verhuizen.json", successors=shipped_content().catalogue.successors
    )
    first = dossier.current
    for index in range(1, count):
        name = NAMES[(index - 1) % len(NAMES)] + ("" if index <= len(NAMES) else f" {index}")
        dossier.add(name, template=first)
    for index, activity_id in enumerate(dossier.ids):
        view = dossier.assessment(activity_id)
        agreement = Answer.NO if index in without_agreement else Answer.YES
        view.set_answer(PROCESSOR_QUESTION, agreement)
        if index % 3 == 2:
            for question_id in [q for q in view.answers if q.startswith("s8_")][::2]:
                view.set_answer(question_id, Answer.PARTLY)
        dossier.absorb(view, activity_id)
    dossier.choose(first)
    return dossier
