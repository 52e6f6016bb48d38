"""AppTest of several processing activities in one scan: the switcher, the manage panel, and every
page showing (and writing to) the chosen activity only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from pia_core import REPO_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import NAME_MAX, Answer, Language, Sector, Size
from pia_core.scan.serialization import dossier_from_data
from pia_core.storage import open_store
from pia_core.ui.activities import NEW_NAME_KEY, PANEL_KEY, PANEL_ROUND_KEY, RENAME_PREFIX, SWITCH_PREFIX

from ..apptest import START_PAGE, goto, new_app, set_language, state

STEP_1 = "app_pages/step_01.py"
SUMMARY = "app_pages/summary.py"
FLOWS = "app_pages/flows.py"
Q1 = shipped_content().catalogue.step(1).questions[0].id
CRITICAL_2 = next(q.id for q in shipped_content().catalogue.step(2).questions if q.spec.critical)
FG = next(q.id for q in shipped_content().catalogue.step(0).questions)
AP_ITEM = shipped_content().screening.ap_list[0].id


def switcher(at: AppTest) -> Selectbox[Any]:
    return next(s for s in at.sidebar.selectbox if str(s.key).startswith(SWITCH_PREFIX))


def whole(at: AppTest) -> Dossier:
    value = at.session_state["dossier"]
    assert isinstance(value, Dossier)
    return value


def open_panel(at: AppTest) -> AppTest:
    """Open the manage panel, as a click on "Beheren" does: its fields are drawn only while open."""
    state_ = at.session_state  # AppTest's proxy has no .get()
    round_number = state_[PANEL_ROUND_KEY] if PANEL_ROUND_KEY in state_ else 0  # noqa: SIM401
    at.session_state[f"{PANEL_KEY}_{round_number}"] = True
    return at.run()


def add(at: AppTest, name: str, page: str = STEP_1, *, copy: bool = False) -> AppTest:
    """Type a name in the panel and press Add (or Copy), as a user does on `page`. (`set_value`:
    also past the field's limit, as a client that ignores it could send.)"""
    open_panel(at).sidebar.text_input(key=NEW_NAME_KEY).set_value(name)
    at.sidebar.button(key="activity_copy" if copy else "activity_add").click()
    return goto(at, page)


def choose(at: AppTest, activity_id: str, page: str = STEP_1) -> AppTest:
    switcher(at).set_value(activity_id)
    return goto(at, page)


def rename(at: AppTest, name: str, page: str = STEP_1) -> AppTest:
    field = next(f for f in open_panel(at).sidebar.text_input if str(f.key).startswith(RENAME_PREFIX))
    field.input(name)
    at.sidebar.button(key="activity_rename").click()
    return goto(at, page)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar.error]


def toasts(at: AppTest) -> list[str]:
    return [item.value for item in at.toast]


def two_activities(page: str = STEP_1) -> tuple[AppTest, str, str]:
    """A scan with 'Verhuizing' (answered nothing yet) and 'Nieuwsbrief', the first one chosen."""
    at = goto(new_app(), page)
    first = whole(at).current
    rename(at, "Verhuizing", page)
    add(at, "Nieuwsbrief", page)
    second = whole(at).current
    choose(at, first, page)
    return at, first, second


# -- the panel ------------------------------------------------------------------------------------
def test_add_trims_the_name_keeps_emoji_and_chooses_the_new_activity() -> None:
    at = goto(new_app(), STEP_1)
    add(at, "   Nieuwsbrief \t voor  klanten 📰  ")
    assert len(whole(at).activities) == 2
    assert state(at).activity.name == "Nieuwsbrief voor klanten 📰"
    assert switcher(at).value == whole(at).current == state(at).id
    assert "Nieuwsbrief voor klanten 📰" in switcher(at).options
    assert t("activities.done.added", "nl", name="Nieuwsbrief voor klanten 📰") in toasts(at)
    assert not any(f.key == NEW_NAME_KEY for f in at.sidebar.text_input), "done: the panel closes"
    assert open_panel(at).sidebar.text_input(key=NEW_NAME_KEY).value == "", "empty for the next one"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_empty_or_taken_name_is_refused_in_the_users_language(language: Language) -> None:
    at = goto(new_app(), STEP_1)
    set_language(at, language)
    add(at, "Verhuizing")
    add(at, "   ")
    assert t("activities.error.empty", language) in errors(at)
    add(at, "  verhuizing ")  # the same name in other case and spacing
    assert t("activities.error.duplicate", language, name="verhuizing") in errors(at)
    assert len(whole(at).activities) == 2
    assert at.sidebar.text_input(key=NEW_NAME_KEY).value == "  verhuizing ", "what was typed stays"
    rename(at, "")
    assert t("activities.error.empty", language) in errors(at)
    assert state(at).activity.name == "Verhuizing"


def test_a_very_long_hostile_name_is_capped_and_shown_as_typed() -> None:
    at = goto(new_app(), STEP_1)
    hostile = "**vet** [klik](javascript:alert(1)) :red[rood] <script>x</script> 🛡️ " * 20
    add(at, hostile)
    name = state(at).activity.name
    assert len(name) == NAME_MAX and name == " ".join(hostile.split())[:NAME_MAX]
    (toast,) = toasts(at)
    assert "\\*\\*vet\\*\\* \\[klik\\]" in toast, "Markdown in a name is shown, not applied"
    assert toast.count("…") == 1 and len(toast) < 120, "a long name is shortened in the three-line toast"
    assert not at.exception


def test_rename_changes_the_name_in_the_list_and_on_the_start_page() -> None:
    at = goto(new_app(), STEP_1)
    rename(at, "  Personeelsdossier ")
    assert state(at).activity.name == "Personeelsdossier"
    assert switcher(at).options == ["Personeelsdossier"]
    assert t("activities.done.renamed", "nl", name="Personeelsdossier") in toasts(at)
    goto(at, START_PAGE)
    assert at.text_input(key="activity_name").value == "Personeelsdossier"
    at.text_input(key="activity_name").input("Personeelsdossiers")
    goto(at, START_PAGE)
    assert switcher(at).options == ["Personeelsdossiers"]


def test_two_activities_given_the_same_name_on_the_start_page_stay_apart() -> None:
    at, first, second = two_activities(START_PAGE)
    at.text_input(key="activity_name").input("Nieuwsbrief")
    goto(at, START_PAGE)
    assert switcher(at).options == ["Nieuwsbrief (1)", "Nieuwsbrief (2)"]
    choose(at, second, START_PAGE)
    assert state(at).id == second and switcher(at).value == second
    choose(at, first, START_PAGE)
    assert state(at).id == first


def test_copy_takes_answers_notes_and_flows_but_not_the_sign_off() -> None:
    at = goto(new_app(), SUMMARY)
    at.text_input(key="sign_off_reviewed_by").input("J. de Vries")
    goto(at, FLOWS)
    at.button(key="flows_add").click()
    goto(at, STEP_1)
    at.radio(key=f"q_{Q1}").set_value(Answer.PARTLY)
    at.text_area(key="notes_1").input("Navragen bij ICT")
    goto(at, STEP_1)
    source = whole(at).current
    add(at, "Nieuwsbrief zakelijk", copy=True)
    copied = state(at)
    assert copied.id != source and copied.activity.name == "Nieuwsbrief zakelijk"
    assert at.radio(key=f"q_{Q1}").value is Answer.PARTLY
    assert at.text_area(key="notes_1").value == "Navragen bij ICT"
    assert len(copied.flows) == 1
    assert copied.sign_off.reviewed_by == ""
    goto(at, SUMMARY)
    assert at.text_input(key="sign_off_reviewed_by").value == ""
    assert whole(at).activity(source).sign_off.reviewed_by == "J. de Vries"


def test_delete_asks_first_and_can_be_cancelled() -> None:
    at, _, second = two_activities()
    open_panel(at).sidebar.button(key="activity_delete").click()
    goto(at, STEP_1)
    warning = t("activities.delete_confirm_text", "nl", name="Verhuizing")
    assert warning in [w.value for w in at.sidebar.warning]
    assert len(whole(at).activities) == 2, "nothing deleted before the confirmation"
    at.sidebar.button(key="activity_delete_no").click()
    goto(at, STEP_1)
    assert not at.sidebar.warning and len(whole(at).activities) == 2
    at.sidebar.button(key="activity_delete").click()
    goto(at, STEP_1)
    at.sidebar.button(key="activity_delete_yes").click()
    goto(at, STEP_1)
    assert whole(at).ids == [second] and state(at).id == second
    assert switcher(at).options == ["Nieuwsbrief"]
    assert t("activities.done.deleted", "nl", name="Verhuizing") in toasts(at)


def test_the_last_activity_cannot_be_deleted_and_the_panel_says_why() -> None:
    at = open_panel(goto(new_app(), STEP_1))
    assert at.sidebar.button(key="activity_delete").disabled
    assert t("activities.last_one", "nl") in [c.value for c in at.sidebar.caption]
    assert len(whole(at).activities) == 1


# -- switching ------------------------------------------------------------------------------------
def test_an_answer_and_note_stay_with_their_activity() -> None:
    at, first, second = two_activities()
    at.radio(key=f"q_{Q1}").set_value(Answer.YES)
    at.text_area(key="notes_1").input("Alleen bij verhuizing")
    goto(at, STEP_1)
    choose(at, second)
    assert state(at).id == second and switcher(at).value == second
    assert at.radio(key=f"q_{Q1}").value is None
    assert at.text_area(key="notes_1").value == ""
    at.radio(key=f"q_{Q1}").set_value(Answer.NO)
    goto(at, STEP_1)
    choose(at, first)
    assert at.radio(key=f"q_{Q1}").value is Answer.YES
    assert at.text_area(key="notes_1").value == "Alleen bij verhuizing"
    choose(at, second)
    assert at.radio(key=f"q_{Q1}").value is Answer.NO
    assert whole(at).activity(first).answers[Q1] is Answer.YES
    assert whole(at).activity(second).answers[Q1] is Answer.NO
    assert whole(at).activity(second).notes == {}


def test_the_score_in_the_sidebar_follows_the_switch() -> None:
    at, first, second = two_activities()
    at.radio(key=f"q_{Q1}").set_value(Answer.YES)
    goto(at, STEP_1)
    assert at.sidebar.metric[0].value == "100 / 100"
    choose(at, second)
    assert at.sidebar.metric[0].value == "—"
    choose(at, first)
    assert at.sidebar.metric[0].value == "100 / 100"


def test_na_reason_stays_with_its_activity() -> None:
    page = "app_pages/step_02.py"
    at, first, second = two_activities(page)
    at.radio(key=f"q_{CRITICAL_2}").set_value(Answer.NA)
    goto(at, page)
    at.text_input(key=f"na_{CRITICAL_2}").input("Wij verwerken hier niets voor")
    goto(at, page)
    choose(at, second, page)
    assert at.radio(key=f"q_{CRITICAL_2}").value is None
    assert not [f for f in at.text_input if f.key == f"na_{CRITICAL_2}"]
    at.radio(key=f"q_{CRITICAL_2}").set_value(Answer.NA)
    goto(at, page)
    assert at.text_input(key=f"na_{CRITICAL_2}").value == ""
    choose(at, first, page)
    assert at.text_input(key=f"na_{CRITICAL_2}").value == "Wij verwerken hier niets voor"
    assert CRITICAL_2 not in whole(at).activity(second).na_reasons


def test_dpia_check_and_sign_off_stay_with_their_activity() -> None:
    at, first, second = two_activities(START_PAGE)
    at.checkbox(key=f"scr_{AP_ITEM}").check()
    goto(at, START_PAGE)
    at.radio(key="dpia_done").set_value(Answer.YES)
    goto(at, START_PAGE)
    goto(at, SUMMARY)
    at.text_input(key="sign_off_reviewed_by").input("J. de Vries")
    at.text_area(key="sign_off_decision").input("Doorgaan")
    goto(at, SUMMARY)
    choose(at, second, SUMMARY)
    assert at.text_input(key="sign_off_reviewed_by").value == ""
    assert at.text_area(key="sign_off_decision").value == ""
    goto(at, START_PAGE)
    assert at.checkbox(key=f"scr_{AP_ITEM}").value is False
    assert not [r for r in at.radio if r.key == "dpia_done"], "no DPIA question without a reason"
    at.checkbox(key=f"scr_{AP_ITEM}").check()
    goto(at, START_PAGE)
    assert at.radio(key="dpia_done").value is None
    choose(at, first, START_PAGE)
    assert at.radio(key="dpia_done").value is Answer.YES
    goto(at, SUMMARY)
    assert at.text_input(key="sign_off_reviewed_by").value == "J. de Vries"
    assert whole(at).activity(second).sign_off.reviewed_by == ""
    assert whole(at).activity(second).dpia.done is None


def test_flow_edits_of_one_activity_never_reach_another() -> None:
    at = goto(new_app(), FLOWS)
    at.button(key="flows_add").click()
    goto(at, FLOWS)
    at.session_state[at.data_editor[0].key] = {  # type: ignore[index]
        "edited_rows": {"0": {"name": "Aanslagen"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    goto(at, FLOWS)
    source = whole(at).current
    old_key = at.data_editor[0].key
    assert [flow.name for flow in state(at).flows] == ["Aanslagen"]
    add(at, "Herinneringen", FLOWS, copy=True)
    # The browser may still send the old table's edits once: they belong to the other activity.
    at.session_state[old_key] = {"edited_rows": {"0": {"name": "Fout"}}, "added_rows": [], "deleted_rows": []}  # type: ignore[index]
    goto(at, FLOWS)
    assert at.data_editor[0].key != old_key
    assert [flow.name for flow in state(at).flows] == ["Aanslagen"]
    assert [flow.name for flow in whole(at).activity(source).flows] == ["Aanslagen"]


def test_action_plan_edits_of_one_activity_never_reach_its_copy() -> None:
    steps = shipped_content().catalogue.step(8).applicable(Sector.OTHER)
    at = goto(new_app(), "app_pages/step_08.py")
    for question in steps:
        at.radio(key=f"q_{question.id}").set_value(Answer.NO)
    goto(at, SUMMARY)
    found = evaluate(state(at), shipped_content()).findings
    old_key = at.data_editor[0].key
    edits = {"edited_rows": {0: {"owner": "ICT-beheer"}}, "added_rows": [], "deleted_rows": []}
    at.session_state[old_key] = edits  # type: ignore[index]
    goto(at, SUMMARY)
    source = whole(at).current
    assert state(at).actions[found[0].id].owner == "ICT-beheer"
    add(at, "Kopie", SUMMARY, copy=True)  # the same answers: the same findings, in the same order
    at.session_state[old_key] = edits  # type: ignore[index]  # what the old table may send once more
    goto(at, SUMMARY)
    assert at.data_editor[0].key != old_key
    assert state(at).actions == {}
    assert "ICT-beheer" not in list(at.data_editor[0].value["owner"])
    assert whole(at).activity(source).actions[found[0].id].owner == "ICT-beheer"


def test_fg_answers_and_organisation_details_are_shared() -> None:
    at, first, second = two_activities(START_PAGE)
    at.radio(key=f"q_{FG}").set_value(Answer.YES)
    at.text_input(key="org_name").input("Gemeente Ede")
    at.text_input(key="org_fg_name").input("M. Jansen")
    at.text_input(key="org_contact").input("privacy@ede.nl")
    at.text_input(key="org_fg_contact").input("fg@ede.nl")
    at.selectbox(key="org_size_nl").set_value(Size.LARGE)
    goto(at, START_PAGE)
    choose(at, second, START_PAGE)
    assert at.radio(key=f"q_{FG}").value is Answer.YES
    assert at.text_input(key="org_name").value == "Gemeente Ede"
    assert at.text_input(key="org_fg_name").value == "M. Jansen"
    assert at.text_input(key="activity_name").value == "Nieuwsbrief"
    at.radio(key=f"q_{FG}").set_value(Answer.NO)
    goto(at, START_PAGE)
    choose(at, first, START_PAGE)
    assert at.radio(key=f"q_{FG}").value is Answer.NO
    assert at.text_input(key="activity_name").value == "Verhuizing"
    organisation = whole(at).organisation
    assert (organisation.name, organisation.size) == ("Gemeente Ede", Size.LARGE)
    assert (organisation.contact, organisation.fg_name, organisation.fg_contact) == (
        "privacy@ede.nl",
        "M. Jansen",
        "fg@ede.nl",
    )


def test_the_choice_survives_visiting_other_pages() -> None:
    at, _, second = two_activities()
    choose(at, second)
    for page in ("app_pages/step_05.py", FLOWS, SUMMARY, START_PAGE, "app_pages/step_10.py"):
        goto(at, page)
        assert switcher(at).value == second, page
        assert state(at).id == second, page
    set_language(at, "en")
    assert switcher(at).value == second
    assert switcher(at).options == ["Verhuizing", "Nieuwsbrief"]


def test_autosave_stores_every_activity_and_the_choice() -> None:
    at, first, second = two_activities()
    at.radio(key=f"q_{Q1}").set_value(Answer.YES)
    goto(at, STEP_1)
    choose(at, second)
    at.radio(key=f"q_{Q1}").set_value(Answer.NO)
    goto(at, STEP_1)
    found = open_store().load(at.session_state["_scan_token"])
    assert found is not None
    saved = dossier_from_data(json.loads(found.data), successors=shipped_content().catalogue.successors)
    assert saved.ids == [first, second] and saved.current == second
    assert [item.activity.name for item in saved.activities] == ["Verhuizing", "Nieuwsbrief"]
    assert saved.activity(first).answers[Q1] is Answer.YES
    assert saved.activity(second).answers[Q1] is Answer.NO


def test_a_refused_figure_on_the_flows_page_is_not_shown_for_another_activity() -> None:
    at, first, second = two_activities(FLOWS)
    at.text_input(key="flows_assumption_postage_nl").input("veel")
    goto(at, FLOWS)
    assert at.error, "the refused figure is explained"
    choose(at, second, FLOWS)
    assert not at.error
    assert whole(at).activity(first).cost_assumptions is None


def test_two_tabs_on_one_scan_each_keep_their_own_activity() -> None:
    """Tab A switching activity must not move tab B off the activity it is working on; what
    either writes still reaches the other (one scan, last write wins)."""
    tab_a, first, second = two_activities()
    token = tab_a.session_state["_scan_token"]
    tab_b = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    tab_b.query_params["scan"] = token
    goto(tab_b.run(), STEP_1)
    assert state(tab_b).id == first
    choose(tab_a, second)  # saved with A's choice
    tab_b.radio(key=f"q_{Q1}").set_value(Answer.YES)
    goto(tab_b, STEP_1)  # B's next run reads A's save first
    assert state(tab_b).id == first and switcher(tab_b).value == first, "B stays where it was"
    assert whole(tab_b).activity(first).answers[Q1] is Answer.YES
    goto(tab_a, STEP_1)
    assert state(tab_a).id == second, "A stays where it was too"
    assert whole(tab_a).activity(first).answers[Q1] is Answer.YES, "B's answer reached A"
    reload = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    reload.query_params["scan"] = token
    assert state(goto(reload.run(), STEP_1)).id in (first, second), "a reload opens a stored choice"
