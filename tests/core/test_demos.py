"""Demo scenarios (content/demos): complete, valid, scored with critical findings, a PDF in both
languages, and loaded in one click from the start page (after confirmation over a filled scan).

Three demos hold one processing activity each and show one level each; the municipality's dossier
(gemeente-organisatie, schema version 2) holds six activities at different levels, with step 0 (the
FG) answered once for the whole municipality and one gap shared by several activities."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from pia_core import REPO_DIR
from pia_core.analysis.evaluation import Evaluation, evaluate
from pia_core.analysis.screening import Verdict, screen
from pia_core.content.bundle import shipped_content
from pia_core.content.demos import DEMO_DIR, INDEX_FILE, Demo, find_demo, load_index
from pia_core.content.loader import ContentError
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.dossier import ORGANISATION_STEP, Dossier, is_organisation_key
from pia_core.scan.flow_model import Processor
from pia_core.scan.model import LANGUAGES, SCHEMA_VERSION, Answer, Assessment, Language, Sector
from pia_core.scan.serialization import AssessmentFileError
from pia_core.storage import open_store

from ..apptest import goto, new_app, set_language, state
from ..pages.test_scan_controls import answer, on_start, stored, token_of

DEMO_IDS = [item.id for item in shipped_content().demos]
ORGANISATION_DEMO = "gemeente-organisatie"  # a whole municipality: several activities in one dossier
# Demos of one processing activity: each shows one level, for one truthful reason.
SINGLE_IDS = [
    demo_id for demo_id in DEMO_IDS if len(load_demo(demo_id, shipped_content()).dossier.activities) == 1
]
# Every activity of every demo, as (demo id, activity id).
ACTIVITIES = [
    (demo_id, item.id)
    for demo_id in DEMO_IDS
    for item in load_demo(demo_id, shipped_content()).dossier.activities
]
ACTIVITY_IDS = [f"{demo_id}/{activity_id}" for demo_id, activity_id in ACTIVITIES]
Q1 = shipped_content().catalogue.step(1).questions[0].id


def view(demo_id: str, activity_id: str) -> Assessment:
    """One activity of a demo with its organisation, as every page and the report see it."""
    return load_demo(demo_id, shipped_content()).dossier.assessment(activity_id)


def organisation_demo() -> tuple[Dossier, dict[str, Evaluation]]:
    whole = load_demo(ORGANISATION_DEMO, shipped_content()).dossier
    return whole, {
        item.id: evaluate(whole.assessment(item.id), shipped_content()) for item in whole.activities
    }


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=120
    )


def pdf_text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


# --- the shipped demos --------------------------------------------------------------------------


def test_the_three_sectors_of_the_brief_each_have_a_demo() -> None:
    sectors = {load_demo(demo_id, shipped_content()).assessment.organisation.sector for demo_id in DEMO_IDS}
    assert {Sector.GOVERNMENT, Sector.HEALTHCARE, Sector.COMPANY} <= sectors
    for item in shipped_content().demos:
        for language in LANGUAGES:
            assert item.title[language].strip() and item.description[language].strip()


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_validates_without_unknown_ids(demo_id: str) -> None:
    result = load_demo(demo_id, shipped_content())
    assert result.dropped == 0, (result.unknown_questions, result.unknown_note_steps)
    done = cli("validate", str(DEMO_DIR / find_demo(demo_id, shipped_content().demos).file))
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout and "unknown" not in done.stdout


@pytest.mark.parametrize(("demo_id", "activity_id"), ACTIVITIES, ids=ACTIVITY_IDS)
def test_every_applicable_question_is_answered_and_no_other(demo_id: str, activity_id: str) -> None:
    current = view(demo_id, activity_id)
    applicable = {
        q.id
        for step in shipped_content().catalogue.steps
        for q in step.applicable(current.organisation.sector)
    }
    assert set(current.answers) == applicable


@pytest.mark.parametrize(("demo_id", "activity_id"), ACTIVITIES, ids=ACTIVITY_IDS)
def test_every_activity_scores_with_a_final_level(demo_id: str, activity_id: str) -> None:
    current = view(demo_id, activity_id)
    judged = evaluate(current, shipped_content())
    assert judged.overall is not None and judged.level is not None
    assert not judged.provisional, f"every critical question is answered: open {judged.open_critical}"
    assert all(step.score is not None for step in judged.score.steps.values())
    for question_id in judged.critical_ids:
        assert current.answer(question_id) is not None, question_id
        if current.answer(question_id) is Answer.NA:
            assert current.na_reason(question_id).strip(), f"N.v.t. on critical {question_id} needs a reason"
    assert not [f.id for f in judged.findings if f.id.startswith("check:")], "no N.v.t. the scan contradicts"


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_answers_with_a_mix_of_answers(demo_id: str) -> None:
    whole = load_demo(demo_id, shipped_content()).dossier
    given = set(whole.answers.values()) | {
        value for item in whole.activities for value in item.answers.values()
    }
    assert {Answer.YES, Answer.PARTLY} <= given and given & {Answer.NO, Answer.UNKNOWN}


def test_demos_show_flow_flags_in_the_action_plan() -> None:
    """The municipality and the care group each have a flow the privacy rules flag."""
    flagged = {
        demo_id
        for demo_id in DEMO_IDS
        if any(
            f.id.startswith("flow:")
            for f in evaluate(load_demo(demo_id, shipped_content()).assessment, shipped_content()).findings
        )
    }
    assert len(flagged) >= 2, flagged


def test_the_three_demos_show_three_different_levels() -> None:
    """A consultant shows what Goed, Voldoende and Onvoldoende look like, each for a truthful reason."""
    assert len(SINGLE_IDS) == 3, SINGLE_IDS
    levels = {
        demo_id: evaluate(load_demo(demo_id, shipped_content()).assessment, shipped_content())
        for demo_id in SINGLE_IDS
    }
    assert {j.level.id for j in levels.values() if j.level} == {"good", "sufficient", "insufficient"}
    for judged in levels.values():
        assert judged.level is not None
        assert (judged.level.id == "insufficient") == bool(judged.critical)


@pytest.mark.parametrize("demo_id", SINGLE_IDS)
def test_demo_fills_every_part_a_consultant_shows(demo_id: str) -> None:
    current = load_demo(demo_id, shipped_content()).assessment
    assert current.organisation.name and current.activity.name and current.activity.description
    assert current.assessor
    assert len(current.notes) >= 3
    assert len(current.flows) >= 3 and all(flow.volume > 0 for flow in current.flows)
    found = evaluate(current, shipped_content()).findings
    assert current.actions and set(current.actions) <= {f.id for f in found}, "actions keyed by finding id"
    assert all(entry.owner and entry.due and entry.due > current.date for entry in current.actions.values())
    known_items = {item.id for item in shipped_content().screening.all_items}
    assert current.screening and set(current.screening) <= known_items
    sign_off = current.sign_off
    assert sign_off.reviewed_by and sign_off.fg_advice and sign_off.decision
    assert sign_off.date is not None and sign_off.date >= current.date
    assert current.presentation.enabled is False and not current.consultant_notes


def test_screening_verdicts_differ_per_demo() -> None:
    """The healthcare demo needs a DPIA (health data at scale); the company's newsletter does not."""
    verdicts = {
        load_demo(demo_id, shipped_content()).assessment.organisation.sector: screen(
            load_demo(demo_id, shipped_content()).assessment.screening, shipped_content().screening
        ).verdict
        for demo_id in SINGLE_IDS
    }
    assert verdicts[Sector.HEALTHCARE] is Verdict.REQUIRED
    assert verdicts[Sector.COMPANY] is Verdict.NOT_REQUIRED


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_renders_a_pdf_naming_the_organisation(demo_id: str, language: Language, tmp_path: Path) -> None:
    current = load_demo(demo_id, shipped_content()).assessment
    pdf = build_report(current, shipped_content(), lang=language)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path, demo_id)
    assert current.organisation.name in text
    assert current.activity.name in text


def test_cli_score_and_report_read_a_demo_file(tmp_path: Path) -> None:
    item = shipped_content().demos[0]
    path = DEMO_DIR / item.file
    scored = cli("score", str(path))
    assert scored.returncode == 0, scored.stderr
    name = json.loads(path.read_text(encoding="utf-8"))["organisation"]["name"]
    assert name in scored.stdout
    out = tmp_path / "demo.pdf"
    made = cli("report", str(path), "-o", str(out), "--lang", "en")
    assert made.returncode == 0, made.stderr
    assert name in pdf_text(out.read_bytes(), tmp_path, "cli")


# --- the municipality's dossier: several activities -----------------------------------------------


def test_the_municipality_holds_six_activities_at_three_levels_that_follow_from_the_answers() -> None:
    whole, judged = organisation_demo()
    assert whole.schema_version == SCHEMA_VERSION and whole.organisation.sector is Sector.GOVERNMENT
    assert len(whole.activities) >= 6 and len(set(whole.ids)) == len(whole.ids)
    levels = {activity_id: j.level.id for activity_id, j in judged.items() if j.level}
    assert set(levels) == set(whole.ids)
    counts = Counter(levels.values())
    assert len(counts) >= 3, levels
    assert counts.get("good", 0) >= 2 and counts.get("insufficient", 0) >= 2, levels
    assert 1 <= counts.get("sufficient", 0) <= 2, levels
    for activity_id, result in judged.items():
        assert not result.provisional, (activity_id, result.open_critical)
        assert (result.level is not None and result.level.id == "insufficient") == bool(result.critical), (
            activity_id
        )
        assert result.level == result.band or result.critical, (
            "a level differs from its band only by critical points"
        )


def test_the_fg_is_answered_once_for_the_whole_municipality() -> None:
    """Step 0 lives in the organisation part; every activity sees the same answers (AVG art. 37(1)(a):
    a public body must have an FG)."""
    whole, _ = organisation_demo()
    step_0 = {q.id for q in shipped_content().catalogue.step(ORGANISATION_STEP).applicable(Sector.GOVERNMENT)}
    assert set(whole.answers) == step_0
    assert whole.answers["s0_fg_required"] is Answer.YES and whole.answers["s0_fg_appointed"] is Answer.YES
    assert whole.notes.get(ORGANISATION_STEP, "").strip()
    assert whole.organisation.fg_name and whole.organisation.fg_contact and whole.organisation.contact
    for item in whole.activities:
        assert not [
            key for key in (*item.answers, *item.na_reasons, *item.actions) if is_organisation_key(key)
        ]
        assert ORGANISATION_STEP not in item.notes
        assert {k: v for k, v in whole.assessment(item.id).answers.items() if k in step_0} == whole.answers


def test_every_not_applicable_answer_in_the_municipality_has_its_reason() -> None:
    whole, _ = organisation_demo()
    for item in whole.activities:
        missing = [
            qid
            for qid, value in item.answers.items()
            if value is Answer.NA and not item.na_reason(qid).strip()
        ]
        assert not missing, (item.id, missing)
        assert set(item.na_reasons) <= {qid for qid, value in item.answers.items() if value is Answer.NA}


def test_one_gap_shows_in_several_activities_with_one_organisation_wide_action() -> None:
    """Processor agreements are missing with three suppliers: the same critical finding in three
    activities, one owner and one date for all, and a flow that names the supplier."""
    whole, judged = organisation_demo()
    with_gap = [a for a, j in judged.items() if "s6_processor_agreement" in {f.id for f in j.critical}]
    assert len(with_gap) >= 3, with_gap
    entries = [whole.activity(a).actions["s6_processor_agreement"] for a in with_gap]
    plans = {(entry.owner, entry.due) for entry in entries}
    assert len(plans) == 1, plans
    flows = [
        flow for item in whole.activities for flow in item.flows if flow.processor is Processor.NO_AGREEMENT
    ]
    assert flows, "a flow shows the missing agreement too"
    shared = {f.id for j in judged.values() for f in j.findings if not f.critical}
    everywhere = {fid for fid in shared if all(fid in {f.id for f in j.findings} for j in judged.values())}
    assert everywhere, "some gaps are the whole municipality's (the FG's time, BIO2)"


def test_flows_screening_and_dpia_tell_each_activity_s_story() -> None:
    whole, judged = organisation_demo()
    with_flows = [item for item in whole.activities if item.flows]
    assert len(with_flows) >= 5
    assert all(flow.volume > 0 and flow.complete for item in with_flows for flow in item.flows)
    critical_flags = {f.id for j in judged.values() for f in j.critical if f.id.startswith("flow:")}
    assert any(fid.endswith(":special_by_email") for fid in critical_flags), critical_flags
    known_items = {item.id for item in shipped_content().screening.all_items}
    verdicts = set()
    for item in whole.activities:
        assert item.screening and set(item.screening) <= known_items, item.id
        verdict = judged[item.id].screening.verdict
        verdicts.add(verdict)
        if verdict is Verdict.REQUIRED:
            assert item.dpia.done is not None, item.id
    assert {Verdict.REQUIRED, Verdict.NOT_REQUIRED} <= verdicts
    health = [item.id for item in whole.activities if item.screening.get("health")]
    cameras = [item.id for item in whole.activities if item.screening.get("camera")]
    assert health and cameras
    assert any("dpia:missing" in {f.id for f in judged[a].critical} for a in cameras), (
        "the cameras lack a DPIA"
    )


def test_every_activity_fills_what_a_consultant_shows_and_leaves_some_register_fields_open() -> None:
    whole, judged = organisation_demo()
    assert whole.organisation.name and whole.assessor
    filled = blank = 0
    for item in whole.activities:
        current = whole.assessment(item.id)
        assert item.activity.name and item.activity.description
        assert len(item.notes) >= 5, item.id
        assert 2 in item.notes, "step 2 names the legal basis"
        found = {f.id for f in judged[item.id].findings}
        assert current.actions and set(current.actions) <= found, (item.id, set(current.actions) - found)
        assert all(e.owner and e.due and e.due > whole.date for e in current.actions.values())
        sign_off = item.sign_off
        assert sign_off.reviewed_by and sign_off.fg_advice and sign_off.decision
        assert sign_off.date is not None and sign_off.date >= whole.date
        assert not item.consultant_notes and item.scan_mode == "full"
        fields = item.register_entry.model_dump().values()
        filled += sum(1 for value in fields if value.strip())
        blank += sum(1 for value in fields if not value.strip())
    assert whole.presentation.enabled is False and not whole.consultant_notes
    assert filled and blank >= 5, "the register shows some fields as 'aan te vullen'"


# Words of the old method's errors (avg-10-stappen.md): the GBA and the Wbp, "art. 58" for the FG,
# nine years of tax retention, "art. 22" for special data, an AP dispensation.
OLD_METHOD_ERRORS = (
    "GBA",
    "Wbp",
    "art. 58",
    "artikel 58",
    "negen jaar",
    " 9 jaar",
    "AVG art. 22 ",
    "dispensatie",
)


def test_the_municipality_s_notes_avoid_the_old_method_s_errors() -> None:
    """avg-10-stappen.md lists what the old Wbp-era text got wrong; none of it comes back here."""
    whole, _ = organisation_demo()
    texts = [*whole.notes.values()]
    for item in whole.activities:
        texts += [
            item.activity.description,
            *item.notes.values(),
            item.sign_off.fg_advice,
            *item.na_reasons.values(),
        ]
        texts += list(item.register_entry.model_dump().values())
    text = " ".join(texts)
    for wrong in OLD_METHOD_ERRORS:
        assert wrong not in text, wrong


def test_every_activity_of_the_municipality_renders_its_report(tmp_path: Path) -> None:
    whole, _ = organisation_demo()
    for item in whole.activities:
        pdf = build_report(whole.assessment(item.id), shipped_content(), lang="nl")
        text = pdf_text(pdf, tmp_path, item.id)
        assert whole.organisation.name in text and item.activity.name in text, item.id


def test_the_municipality_loads_in_one_click_with_all_its_activities() -> None:
    at = new_app()
    token = token_of(at)
    expected = load_demo(ORGANISATION_DEMO, shipped_content()).dossier
    at.button(key=f"demo_load_{ORGANISATION_DEMO}").click()
    on_start(at)
    assert state(at).organisation.name == expected.organisation.name
    assert state(at).activity.name == expected.activity().activity.name
    found = open_store().load(token)
    assert found is not None
    saved = Dossier.model_validate_json(found.data)
    assert saved.ids == expected.ids and saved.answers == expected.answers


# --- the index ----------------------------------------------------------------------------------


def _copy_demos(tmp_path: Path) -> Path:
    root = tmp_path / "demos"
    shutil.copytree(DEMO_DIR, root)
    return root


def test_index_with_a_missing_file_is_refused(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    (root / shipped_content().demos[0].file).unlink()
    with pytest.raises(ContentError, match="is missing"):
        load_index(root)


def test_index_with_duplicate_ids_or_a_path_as_file_is_refused(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    index = root / INDEX_FILE
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace(f"id: {DEMO_IDS[1]}", f"id: {DEMO_IDS[0]}"), encoding="utf-8")
    with pytest.raises(ContentError, match="unique"):
        load_index(root)
    index.write_text(
        text.replace(f"file: {shipped_content().demos[0].file}", "file: ../../etc/passwd"), encoding="utf-8"
    )
    with pytest.raises(ContentError, match="file"):
        load_index(root)


def test_a_broken_demo_file_fails_as_an_upload_would(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    first: Demo = shipped_content().demos[0]
    (root / first.file).write_text('{"schema_version": 1, "answers": ', encoding="utf-8")
    with pytest.raises(AssessmentFileError) as failed:
        load_demo(first.id, replace(shipped_content(), demos=tuple(load_index(root)), demo_dir=root))
    assert failed.value.kind == "not_json"
    with pytest.raises(KeyError):
        load_demo("no-such-demo", shipped_content())


# --- loading from the start page (AppTest) ------------------------------------------------------


def test_demo_loads_in_one_click_on_an_empty_scan_keeping_the_language() -> None:
    at = set_language(new_app(), "en")
    token = token_of(at)
    item = shipped_content().demos[1]
    expected = load_demo(item.id, shipped_content()).assessment
    at.button(key=f"demo_load_{item.id}").click()
    on_start(at)
    loaded = state(at)
    assert loaded.organisation.name == expected.organisation.name
    assert loaded.answers == expected.answers and loaded.flows == expected.flows
    assert loaded.language == "en", "the user keeps the language they work in"
    assert at.text_input(key="org_name").value == expected.organisation.name
    assert any(t("demo.loaded", "en", name=expected.organisation.name) in s.value for s in at.success)
    assert token_of(at) == token and at.query_params["scan"] == token
    saved = stored(token)
    assert saved is not None and saved.answers == expected.answers, "autosave keeps it under the scan's link"
    assert not [w for w in at.warning if t("demo.confirm", "en") in w.value]


def test_demo_over_a_filled_scan_asks_first_and_cancel_keeps_everything() -> None:
    at = goto(new_app(), "app_pages/step_01.py")
    answer(at, Q1, Answer.PARTLY)
    token = token_of(at)
    on_start(at)
    before = state(at).model_copy(deep=True)
    revision = open_store().revision(token)
    item = shipped_content().demos[0]
    at.button(key=f"demo_load_{item.id}").click()
    on_start(at)
    title = t("demo.confirm_text", "nl", title=item.title["nl"])
    assert any(title in w.value for w in at.warning), "asked before replacing"
    assert state(at) == before
    at.button(key="demo_cancel").click()
    on_start(at)
    assert state(at) == before
    assert not any(title in w.value for w in at.warning)
    assert open_store().revision(token) == revision, "nothing written on cancel"
    saved = stored(token)
    assert saved is not None and saved.answers == {Q1: Answer.PARTLY}

    at.button(key=f"demo_load_{item.id}").click()
    on_start(at)
    at.button(key="demo_confirm").click()
    on_start(at)
    expected = load_demo(item.id, shipped_content()).assessment
    assert state(at).answers == expected.answers
    assert state(at).organisation.name == expected.organisation.name
    saved = stored(token)
    assert saved is not None and saved.organisation.name == expected.organisation.name


def test_a_typed_organisation_name_alone_also_asks_first() -> None:
    at = new_app()
    at.text_input(key="org_name").input("Gemeente Oostervelde").run()
    on_start(at)
    item = shipped_content().demos[2]
    at.button(key=f"demo_load_{item.id}").click()
    on_start(at)
    assert state(at).organisation.name == "Gemeente Oostervelde"
    asked = t("demo.confirm_text", "nl", title=item.title["nl"])
    assert any(asked in w.value for w in at.warning)
