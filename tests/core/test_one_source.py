"""Each fact stated once (architecture issue, point 4): the rest derive from it or are held to it."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.content.flows import SIZE_FACTORS
from pia_core.content.loader import ContentError, check_step_count, load_catalogue
from pia_core.content.schema import STEP_COUNT
from pia_core.formatting import DATE_PATTERN, DATE_WIDGET_FORMAT
from pia_core.scan import flow_model, model
from pia_core.scan.base import ScanModel
from pia_core.scan.dossier import ORGANISATION_STEP, is_organisation_key
from pia_core.ui.state import DATE_FIELD
from pia_core.vocabulary import Size, step_of

from ..conftest import TINY_STEPS, write_yaml

# --- 1. one pydantic base for the scan file ----------------------------------------------------


def test_every_scan_model_has_the_one_base() -> None:
    for module in (model, flow_model):
        assert not hasattr(module, "_Model"), f"{module.__name__} states its own base again"
    for cls in (flow_model.Flow, flow_model.CostAssumptions, model.Organisation, model.Assessment):
        assert issubclass(cls, ScanModel), cls
        for name in ("extra", "validate_assignment", "allow_inf_nan"):
            assert cls.model_config.get(name) == ScanModel.model_config[name], (cls, name)
    assert ScanModel.model_config["extra"] == "ignore"
    assert ScanModel.model_config["validate_assignment"] is True
    assert ScanModel.model_config["allow_inf_nan"] is False


def test_the_base_keeps_what_both_old_bases_did() -> None:
    flow = flow_model.Flow(name="Nieuwsbrief", unknown_key="dropped")
    assert not hasattr(flow, "unknown_key")
    with pytest.raises(ValidationError):
        flow.digital_share = math.nan  # validated on assignment, NaN refused
    with pytest.raises(ValidationError):
        model.Organisation(name=" x ", sector="other").size = "enormous"  # type: ignore[assignment]


# --- 2. the number of steps: the catalogue's ---------------------------------------------------


def test_step_count_is_the_catalogues() -> None:
    assert [step.number for step in shipped_content().catalogue.steps] == list(range(STEP_COUNT + 1))


def test_a_step_page_for_every_step_of_the_catalogue() -> None:
    pages = sorted(path.name for path in (REPO_DIR / "app_pages").glob("step_*.py"))
    steps = [step.number for step in shipped_content().catalogue.steps if step.number != ORGANISATION_STEP]
    assert pages == [f"step_{number:02d}.py" for number in steps]


def test_the_agenda_plans_every_step_of_the_catalogue() -> None:
    planned = sorted(part for part in shipped_content().agenda.plan if part.startswith("step_"))
    steps = [step.number for step in shipped_content().catalogue.steps if step.number != ORGANISATION_STEP]
    assert planned == sorted(f"step_{number}" for number in steps)


def test_a_catalogue_of_other_steps_is_refused(tiny_content: Path) -> None:
    tiny = load_catalogue(tiny_content)  # steps 0-2: valid content, not the app's ten steps
    with pytest.raises(ContentError, match=rf"steps run to 2, the app has pages for 1 to {STEP_COUNT}"):
        check_step_count(tiny, tiny_content)
    assert check_step_count(shipped_content().catalogue) is shipped_content().catalogue


# --- 3. an id's step digit ---------------------------------------------------------------------


def test_step_of_reads_the_id() -> None:
    assert [step_of(i) for i in ("s0_fg", "s3_dpia", "s10_review")] == [0, 3, 10]
    assert [step_of(i) for i in ("flow:a:b", "check:s0_fg", "s00_x", "s3dpia", "x3_a")] == [None] * 5


def test_every_shipped_id_names_its_step() -> None:
    assert all(step_of(q.id) == q.step for q in shipped_content().catalogue.questions.values())


def test_the_loader_refuses_an_id_of_another_step(tiny_content: Path) -> None:
    moved = {"id": "s2_moved", "weight": 1, "fine_tier": "none", "references": ["AVG 24"]}
    questions = [*TINY_STEPS[1], moved]
    write_yaml(tiny_content / "steps" / "step_01.yaml", {"number": 1, "questions": questions})
    for lang in ("nl", "en"):
        text_path = tiny_content / "text" / lang / "step_01.yaml"
        text = {"text": "Question moved?", "do": "Keep it up.", "action": "Fix it now."}
        write_yaml(
            text_path,
            {
                "title": f"Step 1 {lang}",
                "intro": f"Introduction to step 1 in {lang}.",
                "questions": {q["id"]: text for q in questions},
            },
        )
    with pytest.raises(ContentError) as caught:
        load_catalogue(tiny_content)
    message = str(caught.value)
    assert str(tiny_content / "steps" / "step_01.yaml") in message
    assert "questions.3.id" in message and "s2_moved is in step 1" in message and "s1_" in message


def test_the_organisation_part_is_step_0_of_the_catalogue() -> None:
    for question in shipped_content().catalogue.questions.values():
        is_org = question.step == ORGANISATION_STEP
        assert is_organisation_key(question.id) is is_org, question.id
        assert is_organisation_key(f"check:{question.id}") is is_org, question.id
    assert not is_organisation_key("flow:abc:bsn") and not is_organisation_key("dpia:missing")


# --- 4. one date format ------------------------------------------------------------------------


def test_date_fields_use_the_written_date_format() -> None:
    assert DATE_WIDGET_FORMAT == "DD-MM-YYYY"
    assert DATE_FIELD["format"] == DATE_WIDGET_FORMAT
    day = dt.date(2027, 1, 15)
    widget = DATE_WIDGET_FORMAT.replace("DD", "15").replace("MM", "01").replace("YYYY", "2027")
    assert widget == day.strftime(DATE_PATTERN), "the fields and the written dates read alike"


# --- 5. organisation-size factors --------------------------------------------------------------


def test_a_size_factor_for_every_size() -> None:
    assert set(SIZE_FACTORS) == set(Size)
    assert all(isinstance(size, Size) for size in SIZE_FACTORS)
    assert SIZE_FACTORS[Size.MEDIUM] == 1.0, "the presets are for a mid-sized organisation"


def test_the_flows_page_uses_the_one_mapping() -> None:
    from pia_core.ui import flows_page

    assert vars(flows_page)["SIZE_FACTORS"] is SIZE_FACTORS


def test_no_module_writes_a_date_format_of_its_own() -> None:
    """The action plan's due-date column once carried its own "DD-MM-YYYY" beside DATE_FIELD's."""
    package = REPO_DIR / "pia_core"
    own = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "formatting.py"
        and any(pattern in path.read_text(encoding="utf-8") for pattern in ("DD-MM-YYYY", "%d-%m-%Y"))
    ]
    assert own == []
