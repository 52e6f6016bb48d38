"""The dossier: one organisation, several processing activities, each with answers of its own."""

from __future__ import annotations

import json

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.scan.dossier import MAX_ACTIVITIES, Dossier, activity_id_for, from_assessment
from pia_core.scan.model import Activity, Answer, Assessment, Organisation, Sector
from pia_core.scan.serialization import dossier_from_data, dossier_to_json


def two_activities() -> Dossier:
    dossier = Dossier(organisation=Organisation(name="Gemeente Lindewaard", sector=Sector.GOVERNMENT))
    dossier.rename(dossier.current, "Verhuizing")
    dossier.add("Wmo-aanvraag")
    return dossier


def test_an_answer_in_one_activity_never_shows_in_another() -> None:
    dossier = two_activities()
    first, second = dossier.ids
    view = dossier.assessment(first)
    view.set_answer("s1_register", Answer.YES)
    view.set_note(2, "Grondslag: art. 6(1)(e)")
    view.flows = []
    dossier.absorb(view, first)
    assert dossier.assessment(first).answer("s1_register") is Answer.YES
    assert dossier.assessment(second).answer("s1_register") is None
    assert dossier.assessment(second).notes == {}


def test_step_0_and_the_organisation_are_shared_by_every_activity() -> None:
    dossier = two_activities()
    first, second = dossier.ids
    view = dossier.assessment(second)
    view.set_answer("s0_fg_appointed", Answer.NO)
    view.set_note(0, "FG wordt gedeeld met buurgemeente")
    view.organisation = view.organisation.model_copy(update={"name": "Gemeente Lindewaard-Oost"})
    view.language = "en"
    dossier.absorb(view, second)
    other = dossier.assessment(first)
    assert other.answer("s0_fg_appointed") is Answer.NO
    assert other.notes == {0: "FG wordt gedeeld met buurgemeente"}
    assert other.organisation.name == "Gemeente Lindewaard-Oost" and other.language == "en"
    assert all("s0_fg_appointed" not in item.answers for item in dossier.activities), "held once"


def test_a_view_shares_nothing_mutable_with_the_dossier_until_absorbed() -> None:
    dossier = two_activities()
    view = dossier.assessment()
    view.presentation.enabled = True
    view.register_entry.purpose = "Adres bijhouden in de BRP"
    assert not dossier.presentation.enabled and dossier.activity().register_entry.purpose == ""
    dossier.absorb(view)
    assert dossier.presentation.enabled and dossier.activity().register_entry.purpose.startswith("Adres")


def test_copy_as_template_takes_answers_and_notes_but_not_owners_or_sign_off() -> None:
    dossier = two_activities()
    source = dossier.current
    view = dossier.assessment()
    view.set_answer("s6_dpa_signed", Answer.PARTLY)
    view.set_action("s6_dpa_signed", "Inkoop", None)
    view.sign_off.reviewed_by = "Directeur"
    dossier.absorb(view)
    copy = dossier.add("Wmo-herindicatie", template=source)
    assert dossier.current == copy.id and copy.id == "wmo-herindicatie"
    assert copy.answers == {"s6_dpa_signed": Answer.PARTLY}
    assert copy.actions == {} and copy.sign_off.reviewed_by == ""
    copied_view = dossier.assessment(copy.id)
    copied_view.set_answer("s6_dpa_signed", Answer.YES)
    dossier.absorb(copied_view, copy.id)
    assert dossier.assessment(source).answer("s6_dpa_signed") is Answer.PARTLY, "independent after the copy"


def test_delete_keeps_one_and_moves_the_choice_to_a_neighbour() -> None:
    dossier = two_activities()
    first, second = dossier.ids
    dossier.delete(second)
    assert dossier.ids == [first] and dossier.current == first
    with pytest.raises(ValueError, match="at least one"):
        dossier.delete(first)


def test_ids_are_readable_unique_and_stable_through_a_rename() -> None:
    assert activity_id_for("Aanvraag verhuizen", ()) == "aanvraag-verhuizen"
    assert activity_id_for("Cameratoezicht ", ["cameratoezicht"]) == "cameratoezicht-2"
    assert activity_id_for("Zoë's 🚲 parkeren!", ()) == "zoe-s-parkeren"
    assert activity_id_for("🚲", ()) == "activiteit"
    dossier = two_activities()
    before = dossier.current
    dossier.rename(before, "Wmo: maatwerkvoorziening")
    assert dossier.current == before


def test_a_file_with_duplicate_or_missing_ids_or_an_unknown_choice_is_repaired_on_opening() -> None:
    dossier = two_activities()
    data = dossier.model_dump(mode="json")
    data["activities"][1]["id"] = data["activities"][0]["id"]
    data["current"] = "bestaat-niet"
    opened = dossier_from_data(data, successors=shipped_content().catalogue.successors)
    assert len(set(opened.ids)) == 2 and opened.current == opened.ids[0]


def test_the_number_of_activities_is_bounded() -> None:
    dossier = Dossier()
    for n in range(MAX_ACTIVITIES - 1):
        dossier.add(f"Verwerking {n}")
    with pytest.raises(ValueError, match=str(MAX_ACTIVITIES)):
        dossier.add("Een te veel")


def test_a_dossier_round_trips_through_json_and_from_a_single_assessment() -> None:
    single = Assessment(activity=Activity(name="Nieuwsbrief"), answers={"s0_fg_required": Answer.NO})
    dossier = from_assessment(single)
    assert dossier.answers == {"s0_fg_required": Answer.NO} and dossier.activities[0].answers == {}
    dossier.add("Facturen")
    again = dossier_from_data(
        json.loads(dossier_to_json(dossier)), successors=shipped_content().catalogue.successors
    )
    assert again == dossier
    assert dossier.only(dossier.ids[0]).ids == [dossier.ids[0]]
