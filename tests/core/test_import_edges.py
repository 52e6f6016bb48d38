"""The edges of what a scan may hold: numbers JSON cannot keep, a PDF that inflates without end,
control characters in texts, maps keyed by made-up ids, and the size of a whole dossier."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tracemalloc
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pypdf  # noqa: F401  (loaded before memory is measured: importing it is no cost of the upload)
import pytest
from pydantic import ValidationError

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.importing import PDF_ATTACHMENT, ImportResult, import_bytes
from pia_core.scan.dossier import MAX_FILE_BYTES, Dossier, DossierFull, from_assessment
from pia_core.scan.flow_model import Flow
from pia_core.scan.model import TEXT_MAX, AgendaTimer, Assessment
from pia_core.scan.serialization import AssessmentFileError, check_size, dossier_to_json
from pia_core.storage import open_store
from pia_core.ui.activities import NEW_NAME_KEY

from ..apptest import START_PAGE, goto, new_app, state
from ..pages.test_activities_ui import STEP_1, add, errors, whole
from ..shipped import content_with

CAT = shipped_content().catalogue
Q1, Q2 = (q.id for q in CAT.step(1).questions[:2])
UPLOADER = "scan_upload_0"
SCREENING_ITEM = shipped_content().screening.ap_list[0].id
OLD_QUESTION, NEW_QUESTION = next(iter(CAT.successors.items()))


def scan_file(**fields: Any) -> dict[str, Any]:
    """A version-2 file of one activity, as the app writes it, with `fields` in that activity."""
    view = Assessment(language="nl")
    view.set_answer(Q1, "yes")  # type: ignore[arg-type]
    data: dict[str, Any] = json.loads(dossier_to_json(from_assessment(view)))
    data["activities"][0].update(fields)
    return data


def encode(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def refused(raw: bytes) -> AssessmentFileError:
    with pytest.raises(AssessmentFileError) as caught:
        import_bytes(raw, content_with(CAT))
    return caught.value


# -- PDFs written byte by byte, so a test can give the attachment any filter ----------------------
def deflated(payload_size: int) -> bytes:
    """`payload_size` spaces, compressed in pieces: the payload itself never exists in memory."""
    compressor, out, left = zlib.compressobj(9), bytearray(), payload_size
    piece = b" " * 1_000_000
    while left > 0:
        out += compressor.compress(piece[: min(left, len(piece))])
        left -= len(piece)
    return bytes(out + compressor.flush())


def pdf_with_stream(stream: bytes, filters: str) -> bytes:
    """A one-page PDF with `stream` attached as assessment.json, /Filter `filters`."""
    name = PDF_ATTACHMENT.encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(" + name + b") 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Filespec /F (" + name + b") /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Filter %s /Length %d >>\nstream\n%s\nendstream"
        % (filters.encode(), len(stream), stream),
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- 1. a number too long for Python ---------------------------------------------------------------
def test_a_5000_digit_number_gives_the_dutch_not_json_message_and_the_scan_stays() -> None:
    at = goto(new_app(), START_PAGE)
    at.text_input(key="org_name").input("Gemeente Ede")
    goto(at, START_PAGE)
    before = state(at).model_copy(deep=True)
    raw = b'{"schema_version": 2, "activities": [{"flows": [{"name": "Brief", "volume": %s}]}]}' % (
        b"9" * 5000
    )
    at.file_uploader(key=UPLOADER).upload("scan.json", raw)
    goto(at, START_PAGE)
    expected = t("scan.import_failed", "nl", reason=t("scan.error.not_json", "nl"))
    assert [e.value for e in at.error] == [expected]
    assert state(at) == before


# -- 2. a PDF whose attachment is compressed twice ---------------------------------------------------
def test_a_twice_compressed_attachment_opens_when_small_and_is_refused_unread_when_huge() -> None:
    small = encode(scan_file())
    fine = pdf_with_stream(zlib.compress(zlib.compress(small)), "[/FlateDecode /FlateDecode]")
    assert import_bytes(fine, content_with(CAT)).dossier.answer_count == 1
    # 60 MB of spaces in a PDF of about a kilobyte (pypdf's own limit is 75 MB per stage).
    bomb = pdf_with_stream(zlib.compress(deflated(60_000_000), 9), "[/FlateDecode /FlateDecode]")
    assert len(bomb) < 2_000
    tracemalloc.start()
    try:
        error = refused(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too_large"
    assert peak < 4 * MAX_FILE_BYTES, f"{peak:,} bytes allocated to refuse a {len(bomb)}-byte file"


# -- 3. NaN, Infinity and 1e999 ------------------------------------------------------------------
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_refused_on_upload_as_not_json(number: str) -> None:
    data = encode(scan_file())
    raw = data.replace(b'"spent":{}', b'"spent":{"start":%s}' % number.encode())
    assert raw != data
    error = refused(raw)
    assert error.kind == "not_json" and number.lstrip("-") in error.detail


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_the_model_refuses_nan_and_infinity_which_json_would_store_as_null(value: float) -> None:
    with pytest.raises(ValidationError):
        AgendaTimer(spent={"start": value})
    timer = AgendaTimer()
    with pytest.raises(ValidationError):
        timer.last_seen = value


# -- 4. control and bidi characters ---------------------------------------------------------------
ESC, NUL, RLO, LRI, PDI, BEL = "\x1b", "\x00", "\u202e", "\u2066", "\u2069", "\x07"
HOSTILE = f"A{ESC}[31m{NUL}B{RLO}C{LRI}D{PDI}E{BEL}\x85\x9b"
SHOWN = "A[31mBCDE"
# Kept as typed: Arabic, Chinese, accented Dutch, emoji (with ZWJ sequences and a flag), RLM.
SCRIPTS = "مرحبا 你好 ç é ë ĳ 👩\u200d💻 👨\u200d👩\u200d👧 🇳🇱 ✔️ a\u200fb"


def hostile_file() -> dict[str, Any]:
    text = f"{HOSTILE}\nregel 2\r\n\tregel 3"
    data = scan_file(
        activity={"name": HOSTILE, "description": text},
        notes={"1": text},
        consultant_notes={"2": text},
        na_reasons={Q2: HOSTILE},
        actions={Q1: {"owner": HOSTILE}},
        sign_off={"reviewed_by": HOSTILE, "fg_advice": text, "decision": text},
        register_entry={"joint_controller": HOSTILE, "purpose": text, "security": text},
        dpia={"no_high_risk": {"by": HOSTILE, "reason": text}},
        flows=[{"name": HOSTILE}, {"name": f"{RLO}{ESC}"}],
    )
    data["assessor"] = HOSTILE
    data["organisation"] = {"name": HOSTILE, "contact": HOSTILE, "fg_name": SCRIPTS, "fg_contact": HOSTILE}
    return data


def test_control_and_bidi_characters_leave_every_text_on_import_and_scripts_stay() -> None:
    dossier = import_bytes(encode(hostile_file()), content_with(CAT)).dossier
    item = dossier.activity()
    lines = [
        dossier.assessor,
        dossier.organisation.name,
        dossier.organisation.contact,
        dossier.organisation.fg_contact,
        item.activity.name,
        item.na_reasons[Q2],
        item.actions[Q1].owner,
        item.sign_off.reviewed_by,
        item.register_entry.joint_controller,
        item.dpia.no_high_risk.by,
        item.flows[0].name,
    ]
    assert lines == [SHOWN] * len(lines)
    texts = [
        item.activity.description,
        item.notes[1],
        item.consultant_notes[2],
        item.sign_off.fg_advice,
        item.sign_off.decision,
        item.register_entry.purpose,
        item.register_entry.security,
        item.dpia.no_high_risk.reason,
    ]
    assert texts == [f"{SHOWN}\nregel 2\n\tregel 3"] * len(texts), "line breaks and tabs stay in texts"
    assert item.flows[1].name == "?", "a flow keeps a name"
    assert dossier.organisation.fg_name == SCRIPTS


def test_typed_text_is_cleaned_too_also_when_set_by_a_copy_that_skips_validation() -> None:
    view = Assessment()
    view.organisation.name = HOSTILE
    view.set_note(3, f"{HOSTILE}\nnog een regel")
    view.set_action(Q1, HOSTILE, None)
    # As the DPIA check's "no high risk" fields are written (pia_core/ui/screening_panel.py).
    rebuttal = view.dpia.no_high_risk.model_copy(update={"reason": HOSTILE})
    view.dpia = view.dpia.model_copy(update={"no_high_risk": rebuttal})
    view.activity.name = SCRIPTS
    assert (view.organisation.name, view.actions[Q1].owner, view.dpia.no_high_risk.reason) == (SHOWN,) * 3
    assert view.notes[3] == f"{SHOWN}\nnog een regel"
    assert view.activity.name == SCRIPTS
    whole_scan = from_assessment(view)
    whole_scan.rename(whole_scan.current, HOSTILE)
    assert whole_scan.activity().activity.name == SHOWN


def test_score_prints_no_terminal_escape(tmp_path: Path) -> None:
    path = tmp_path / "scan.json"
    path.write_bytes(encode(hostile_file()))
    result = subprocess.run(
        [sys.executable, "-m", "pia_core", "score", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"{SHOWN}:" in result.stdout
    assert not any(ch in result.stdout for ch in (ESC, NUL, RLO, LRI, PDI, BEL))


# -- 5. maps keyed by ids nobody defined, and the size of a dossier ---------------------------------
def test_entries_under_unknown_ids_are_left_out_and_named_known_ones_kept() -> None:
    flow = {"id": "brief", "name": "Brief"}
    junk_plan: dict[str, Any] = {f"p{n}": {} for n in range(30_000)}
    data = scan_file(
        flows=[flow],
        actions={
            **junk_plan,
            Q1: {"owner": "Piet"},
            f"check:{Q2}": {"owner": "Ans"},
            "dpia:missing": {"owner": "FG"},
            "flow:brief:special_by_email": {"owner": "ICT"},
            "flow:deleted-flow:special_by_email": {"owner": "ICT"},  # its flow is gone: no word about it
        },
        screening={SCREENING_ITEM: True, **{f"t{n}": True for n in range(40_000)}},
        na_reasons={Q2: "Geen post", "s99_gone": "weg"},
        consultant_notes={"2": "Vragen", "42": "weg"},
    )
    result = import_bytes(encode(data), content_with(CAT))
    item = result.dossier.activity()
    assert set(item.actions) == {Q1, f"check:{Q2}", "dpia:missing", "flow:brief:special_by_email"}
    assert item.screening == {SCREENING_ITEM: True}
    assert item.na_reasons == {Q2: "Geen post"}
    assert item.consultant_notes == {2: "Vragen"}
    assert result.dropped == 30_000 + 40_000 + 2
    assert {"actions.p7", "screening.t7", "na_reasons.s99_gone", "consultant_notes.42"} <= set(
        result.unknown_ids
    )


def test_plan_entries_and_reasons_of_a_merged_question_move_to_its_successor() -> None:
    data = scan_file(
        actions={OLD_QUESTION: {"owner": "Piet"}, f"check:{OLD_QUESTION}": {"owner": "Ans"}},
        na_reasons={OLD_QUESTION: "Niet van toepassing"},
    )
    result = import_bytes(encode(data), content_with(CAT))
    item = result.dossier.activity()
    assert item.actions[NEW_QUESTION].owner == "Piet" and item.actions[f"check:{NEW_QUESTION}"].owner == "Ans"
    assert item.na_reasons == {NEW_QUESTION: "Niet van toepassing"}
    assert result.dropped == 0


def test_a_timer_with_thousands_of_parts_is_refused() -> None:
    data = scan_file()
    data["presentation"] = {"timer": {"spent": {f"page-{n}": 1.0 for n in range(5_000)}}}
    assert refused(encode(data)).kind == "invalid"


def test_a_small_file_that_grows_past_the_limit_as_a_dossier_is_refused() -> None:
    # 200 activities of 200 one-word flows: 0.6 MB on disk, 8 MB once every flow has its fields.
    data = scan_file()
    data["activities"] = [{"flows": [{"name": "x"}] * 200} for _ in range(200)]
    raw = encode(data)
    assert len(raw) < MAX_FILE_BYTES
    error = refused(raw)
    assert error.kind == "too_large"


def big_activity_dossier(text: str = "é" * TEXT_MAX) -> Dossier:
    """One activity with every long text full: about 0.6 MB as JSON (é is two bytes)."""
    view = Assessment()
    view.activity.description = text
    for step in range(1, 11):
        view.set_note(step, text)
        view.set_consultant_note(step, text)
    for name in ("purpose", "data_subjects", "data_categories", "recipients", "transfers", "retention"):
        setattr(view.register_entry, name, text)
    view.sign_off.fg_advice = view.sign_off.decision = text
    return from_assessment(view)


def test_a_copy_that_would_pass_the_size_is_refused_and_nothing_changes() -> None:
    dossier = big_activity_dossier()
    before = dossier.model_copy(deep=True)
    with pytest.raises(DossierFull) as caught:
        dossier.add("Kopie", template=dossier.current)
    assert caught.value.kind == "too_large"
    assert dossier == before
    dossier.add("Nieuw")  # an empty one still fits
    assert len(dossier.activities) == 2


def test_a_dossier_near_the_limit_downloads_as_a_file_that_opens_again() -> None:
    view = Assessment()
    view.flows = [Flow(name=f"Brief {n}") for n in range(200)]
    dossier = from_assessment(view)
    for n in range(22):
        dossier.add(f"Verwerking {n}", template=dossier.ids[0])
    assert len(dossier.model_dump_json(indent=2).encode()) > MAX_FILE_BYTES > len(dossier.model_dump_json())
    result: ImportResult = import_bytes(dossier_to_json(dossier).encode("utf-8"), content_with(CAT))
    assert result.dossier == dossier


def test_check_size_refuses_a_scan_larger_than_an_upload_may_be() -> None:
    check_size("x" * MAX_FILE_BYTES)
    with pytest.raises(AssessmentFileError) as caught:
        check_size("é" * (MAX_FILE_BYTES // 2 + 1))  # counted in bytes, as a file holds it
    assert caught.value.kind == "too_large"


def test_copying_an_activity_past_the_size_is_refused_in_dutch_and_nothing_is_lost() -> None:
    at = goto(new_app(), STEP_1)
    big = big_activity_dossier()
    at.session_state["dossier"] = big
    at.session_state["assessment"] = big.assessment()
    add(at, "Kopie", copy=True)
    assert t("activities.error.too_large", "nl", limit="1 MB") in errors(at)
    assert whole(at) == big
    assert at.sidebar.text_input(key=NEW_NAME_KEY).value == "Kopie", "what was typed stays"


def test_a_change_that_makes_the_scan_too_large_is_kept_on_screen_not_saved() -> None:
    """The autosave holds a dossier past the file limit (it could never be opened again from a
    download): the user is told in Dutch, the text stays, the stored scan is the last one that fit."""
    at = goto(new_app(), STEP_1)
    big = big_activity_dossier()
    big.add("Tweede")  # and chosen
    second = big.assessment()
    long_text = "é" * TEXT_MAX
    # Fill the second activity until one more long note would not fit; step 1's note stays empty.
    fields: list[Callable[[], None]] = [
        *(
            partial(write, step, long_text)
            for step in range(2, 11)
            for write in (second.set_note, second.set_consultant_note)
        ),
        *(
            partial(setattr, second.register_entry, name, long_text)
            for name in ("purpose", "data_subjects", "recipients")
        ),
    ]
    for fill in fields:
        if len(dossier_to_json(big, compact=True).encode()) + len(long_text.encode()) < MAX_FILE_BYTES:
            fill()
            big.absorb(second)
    assert len(dossier_to_json(big, compact=True).encode()) + len(long_text.encode()) > MAX_FILE_BYTES
    at.session_state["dossier"] = big
    at.session_state["assessment"] = big.assessment()
    at.run()
    token = str(at.session_state["_scan_token"])
    stored = open_store().load(token)
    assert stored is not None and len(stored.data.encode()) < MAX_FILE_BYTES

    grown = "ë" * TEXT_MAX
    at.text_area(key="notes_1").set_value(grown).run()
    at.run()
    message = t("scan.save_too_large", "nl", limit="1 MB")
    assert message in [str(w.value) for w in at.warning]
    assert at.session_state["assessment"].notes[1] == grown
    assert open_store().load(token) == stored  # nothing larger was written

    at.text_area(key="notes_1").set_value("Kort.").run()  # made shorter: saved again, message gone
    assert message not in [str(w.value) for w in at.warning]
    saved = open_store().load(token)
    assert saved is not None and Dossier.model_validate_json(saved.data).assessment().notes[1] == "Kort."
