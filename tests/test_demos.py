"""Demo scenarios (content/demos): complete, valid, scored with critical findings, a PDF in both
languages, and loaded in one click from the start page (after confirmation over a filled scan)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pia_core import REPO_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.screening import Verdict, screen, screening_content
from pia_core.content.loader import ContentError, catalogue
from pia_core.demos import DEMO_DIR, INDEX_FILE, Demo, demos, find_demo, load_demo, load_index
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import LANGUAGES, Answer, Language, Sector
from pia_core.scan.serialization import AssessmentFileError
from pia_core.storage import open_store

from .apptest import goto, new_app, set_language, state
from .test_scan_controls import answer, on_start, stored, token_of

DEMO_IDS = [item.id for item in demos()]
Q1 = catalogue().step(1).questions[0].id


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
    sectors = {load_demo(demo_id).assessment.organisation.sector for demo_id in DEMO_IDS}
    assert {Sector.GOVERNMENT, Sector.HEALTHCARE, Sector.COMPANY} <= sectors
    for item in demos():
        for language in LANGUAGES:
            assert item.title[language].strip() and item.description[language].strip()


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_validates_without_unknown_ids(demo_id: str) -> None:
    result = load_demo(demo_id)
    assert result.dropped == 0, (result.unknown_questions, result.unknown_note_steps)
    done = cli("validate", str(DEMO_DIR / find_demo(demo_id).file))
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout and "unknown" not in done.stdout


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_applicable_question_is_answered_and_no_other(demo_id: str) -> None:
    current = load_demo(demo_id).assessment
    applicable = {q.id for step in catalogue().steps for q in step.applicable(current.organisation.sector)}
    assert set(current.answers) == applicable


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_scores_with_a_mix_of_answers_and_a_final_level(demo_id: str) -> None:
    current = load_demo(demo_id).assessment
    judged = evaluate(current, catalogue())
    assert judged.overall is not None and judged.level is not None
    assert not judged.provisional, f"every critical question is answered: open {judged.open_critical}"
    given = set(current.answers.values())
    assert {Answer.YES, Answer.PARTLY} <= given and given & {Answer.NO, Answer.UNKNOWN}
    assert all(step.score is not None for step in judged.score.steps.values())


def test_demos_show_flow_flags_in_the_action_plan() -> None:
    """The municipality and the care group each have a flow the privacy rules flag."""
    flagged = {
        demo_id
        for demo_id in DEMO_IDS
        if any(
            f.id.startswith("flow:") for f in evaluate(load_demo(demo_id).assessment, catalogue()).findings
        )
    }
    assert len(flagged) >= 2, flagged


def test_the_three_demos_show_three_different_levels() -> None:
    """A consultant shows what Goed, Voldoende and Onvoldoende look like, each for a truthful reason."""
    levels = {demo_id: evaluate(load_demo(demo_id).assessment, catalogue()) for demo_id in DEMO_IDS}
    assert {j.level.id for j in levels.values() if j.level} == {"good", "sufficient", "insufficient"}
    for judged in levels.values():
        assert judged.level is not None
        assert (judged.level.id == "insufficient") == bool(judged.critical)


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_fills_every_part_a_consultant_shows(demo_id: str) -> None:
    current = load_demo(demo_id).assessment
    assert current.organisation.name and current.activity.name and current.activity.description
    assert current.assessor
    assert len(current.notes) >= 3
    assert len(current.flows) >= 3 and all(flow.volume > 0 for flow in current.flows)
    found = evaluate(current, catalogue()).findings
    assert current.actions and set(current.actions) <= {f.id for f in found}, "actions keyed by finding id"
    assert all(entry.owner and entry.due and entry.due > current.date for entry in current.actions.values())
    known_items = {item.id for item in screening_content().all_items}
    assert current.screening and set(current.screening) <= known_items
    sign_off = current.sign_off
    assert sign_off.reviewed_by and sign_off.fg_advice and sign_off.decision
    assert sign_off.date is not None and sign_off.date >= current.date
    assert current.presentation.enabled is False and not current.consultant_notes


def test_screening_verdicts_differ_per_demo() -> None:
    """The healthcare demo needs a DPIA (health data at scale); the company's newsletter does not."""
    verdicts = {
        load_demo(demo_id).assessment.organisation.sector: screen(
            load_demo(demo_id).assessment.screening, screening_content()
        ).verdict
        for demo_id in DEMO_IDS
    }
    assert verdicts[Sector.HEALTHCARE] is Verdict.REQUIRED
    assert verdicts[Sector.COMPANY] is Verdict.NOT_REQUIRED


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_renders_a_pdf_naming_the_organisation(demo_id: str, language: Language, tmp_path: Path) -> None:
    current = load_demo(demo_id).assessment
    pdf = build_report(current, lang=language)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path, demo_id)
    assert current.organisation.name in text
    assert current.activity.name in text


def test_cli_score_and_report_read_a_demo_file(tmp_path: Path) -> None:
    item = demos()[0]
    path = DEMO_DIR / item.file
    scored = cli("score", str(path))
    assert scored.returncode == 0, scored.stderr
    name = json.loads(path.read_text(encoding="utf-8"))["organisation"]["name"]
    assert name in scored.stdout
    out = tmp_path / "demo.pdf"
    made = cli("report", str(path), "-o", str(out), "--lang", "en")
    assert made.returncode == 0, made.stderr
    assert name in pdf_text(out.read_bytes(), tmp_path, "cli")


# --- the index ----------------------------------------------------------------------------------


def _copy_demos(tmp_path: Path) -> Path:
    root = tmp_path / "demos"
    shutil.copytree(DEMO_DIR, root)
    return root


def test_index_with_a_missing_file_is_refused(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    (root / demos()[0].file).unlink()
    with pytest.raises(ContentError, match="is missing"):
        load_index(root)


def test_index_with_duplicate_ids_or_a_path_as_file_is_refused(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    index = root / INDEX_FILE
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace(f"id: {DEMO_IDS[1]}", f"id: {DEMO_IDS[0]}"), encoding="utf-8")
    with pytest.raises(ContentError, match="unique"):
        load_index(root)
    index.write_text(text.replace(f"file: {demos()[0].file}", "file: ../../etc/passwd"), encoding="utf-8")
    with pytest.raises(ContentError, match="file"):
        load_index(root)


def test_a_broken_demo_file_fails_as_an_upload_would(tmp_path: Path) -> None:
    root = _copy_demos(tmp_path)
    first: Demo = demos()[0]
    (root / first.file).write_text('{"schema_version": 1, "answers": ', encoding="utf-8")
    with pytest.raises(AssessmentFileError) as failed:
        load_demo(first.id, root=root)
    assert failed.value.kind == "not_json"
    with pytest.raises(KeyError):
        load_demo("no-such-demo")


# --- loading from the start page (AppTest) ------------------------------------------------------


def test_demo_loads_in_one_click_on_an_empty_scan_keeping_the_language() -> None:
    at = set_language(new_app(), "en")
    token = token_of(at)
    item = demos()[1]
    expected = load_demo(item.id).assessment
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
    at = goto(new_app(), "pages/step_01.py")
    answer(at, Q1, Answer.PARTLY)
    token = token_of(at)
    on_start(at)
    before = state(at).model_copy(deep=True)
    revision = open_store().revision(token)
    item = demos()[0]
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
    expected = load_demo(item.id).assessment
    assert state(at).answers == expected.answers
    assert state(at).organisation.name == expected.organisation.name
    saved = stored(token)
    assert saved is not None and saved.organisation.name == expected.organisation.name


def test_a_typed_organisation_name_alone_also_asks_first() -> None:
    at = new_app()
    at.text_input(key="org_name").input("Gemeente Oostervelde").run()
    on_start(at)
    item = demos()[2]
    at.button(key=f"demo_load_{item.id}").click()
    on_start(at)
    assert state(at).organisation.name == "Gemeente Oostervelde"
    asked = t("demo.confirm_text", "nl", title=item.title["nl"])
    assert any(asked in w.value for w in at.warning)
