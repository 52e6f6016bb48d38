"""The register of processing activities (AVG art. 30(1)): filled from what the scan knows, the
user's text first, what is missing listed; XLSX, CSV, PDF section, command line and the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from benchmarks.bench_large_dossier import large_dossier
from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError
from pia_core.content.register import REGISTER_FILE, load_register_content
from pia_core.exports.register import register_csv, register_file_name, register_xlsx
from pia_core.exports.spreadsheet import MISSING_FILL
from pia_core.formatting import CELL_MAX, cell_text
from pia_core.i18n import t, tn
from pia_core.report.document import ReportPDF
from pia_core.report.register_section import render_register
from pia_core.scan.dossier import Dossier, from_assessment
from pia_core.scan.flow_model import Channel, Flow, Processor, Recipient
from pia_core.scan.model import (
    TEXT_MAX,
    Activity,
    Answer,
    Assessment,
    Language,
    Organisation,
    RegisterEntry,
    Sector,
)
from pia_core.scan.serialization import dossier_to_json
from pia_core.ui.panels import PREFIX as PANEL_PREFIX
from pia_core.wording.register import (
    ENTRY_KEYS,
    Origin,
    RegisterRow,
    missing_text,
    register_row,
    register_rows,
)

from ..apptest import goto, new_app

LANGS: list[Language] = ["nl", "en"]
ORGANISATION_FIELDS = sorted(
    ["register_org_name", "register_org_contact", "register_fg_name", "register_fg_contact"]
)
HOSTILE = "=cmd|' /C calc'!A0 😀\nregel 2; met \"aanhalingstekens\"\x07"
REGISTER_PAGE = "app_pages/register.py"


def results_flow() -> Flow:
    """Test results with health data, sent by an outside mail service (a processor)."""
    return Flow(
        name="Uitslagen van onderzoek",
        recipients=Recipient.PATIENTS,
        channel=Channel.SECURE_EMAIL,
        special_data=True,
        processor=Processor.AGREEMENT,
        volume=1200,
    )


def clinic() -> Assessment:
    return Assessment(
        organisation=Organisation(name="Zorggroep Noord", sector=Sector.HEALTHCARE, contact="Dorpsstraat 1"),
        activity=Activity(name="Uitslagen", description="Uitslagen van onderzoek naar patiënten sturen."),
        flows=[results_flow(), Flow(name="Afspraakbrieven", recipients=Recipient.PATIENTS)],
    )


# -- filled from the scan ------------------------------------------------------------------------
def test_flow_to_outside_processor_with_health_data_shows_in_recipients_and_categories() -> None:
    row = register_row(clinic(), "nl", shipped_content())
    recipients, categories = row.field("recipients"), row.field("data_categories")
    assert recipients.origin is Origin.SCAN and categories.origin is Origin.SCAN
    assert recipients.text.startswith("Verwerkers") and "(bij: Uitslagen van onderzoek)" in recipients.text
    assert "Afspraakbrieven" not in recipients.text, "sent in-house: no recipient"
    assert categories.text == "Bijzondere persoonsgegevens (AVG art. 9)."
    assert 'communicatiestroom "Uitslagen van onderzoek"' in recipients.sources
    assert 'communicatiestroom "Uitslagen van onderzoek"' in categories.sources
    assert row.field("data_subjects").text == "Patiënten of cliënten."
    assert recipients.complete and categories.complete


def test_outside_eea_shows_in_transfers_and_recipients_and_asks_for_the_country() -> None:
    a = clinic()
    a.screening = {"rs_transfer": True}
    row = register_row(a, "en", shipped_content())
    transfers = row.field("transfers")
    assert transfers.origin is Origin.SCAN
    assert "outside the EEA" in transfers.text
    assert transfers.missing == ("which country or international organisation",)
    assert "recipients outside the EEA" in row.field("recipients").text
    a.screening["transfer_no_adequacy"] = True
    assert "standard contractual clauses" in register_row(a, "en", shipped_content()).field("transfers").text


def test_no_transfer_when_step_6_says_not_applicable() -> None:
    a = clinic()
    a.set_answer("s6_outside_eea", Answer.NA)
    transfers = register_row(a, "nl", shipped_content()).field("transfers")
    assert transfers.text == "Geen doorgifte buiten de EER."
    assert transfers.complete
    assert transfers.sources == ('uw antwoord "N.v.t." bij stap 6',)


def test_the_sector_alone_fills_nothing() -> None:
    """A care provider's sector makes special data a fact for the verdict, not a register entry."""
    a = Assessment(organisation=Organisation(name="Zorggroep Noord", sector=Sector.HEALTHCARE))
    row = register_row(a, "nl", shipped_content())
    assert row.field("data_categories").origin is Origin.MISSING
    assert row.field("data_categories").text == ""


def test_security_from_yes_answers_and_the_step_8_note_retention_from_the_step_9_note() -> None:
    a = clinic()
    a.set_answer("s8_two_factor", Answer.YES)
    a.set_answer("s8_access_rights", Answer.PARTLY)  # not (fully) in place: not a measure
    a.set_note(8, "Werkplekken worden na 5 minuten vergrendeld.")
    a.set_note(9, "Uitslagen: 20 jaar.")
    row = register_row(a, "nl", shipped_content())
    security = row.field("security")
    assert "inloggen met een sterk wachtwoord en een tweede stap" in security.text.lower()
    assert "eigen account" not in security.text
    assert security.text.endswith("Werkplekken worden na 5 minuten vergrendeld.")
    assert security.sources == ('uw antwoord "Ja" bij stap 8', "uw notitie bij stap 8")
    assert row.field("retention").text == "Uitslagen: 20 jaar."


def test_user_text_wins_over_what_the_scan_knows() -> None:
    a = clinic()
    a.register_entry = RegisterEntry(purpose="Uitslagen bezorgen", recipients="Mailbureau X (verwerker)")
    row = register_row(a, "nl", shipped_content())
    assert row.field("purpose").text == "Uitslagen bezorgen"
    assert row.field("purpose").origin is Origin.OWN
    assert row.field("recipients").text == "Mailbureau X (verwerker)"
    assert row.field("recipients").sources == ("uw eigen tekst in het register",)


def test_an_empty_scan_lists_every_part_as_to_be_completed() -> None:
    row = register_row(Assessment(), "nl", shipped_content())
    assert [item.letter for item in row.fields] == ["a", "b", "c", "c", "d", "e", "f", "g"]
    assert all(item.text == "" and item.origin is Origin.MISSING for item in row.fields)
    assert row.incomplete == row.fields
    listed = missing_text(row)
    assert listed.startswith("(a) de naam van uw organisatie; (a) de contactgegevens van uw organisatie")
    for key in ENTRY_KEYS:
        assert t(f"register.field.{key}.missing", "nl") in listed
    assert [part[1] for part in listed.split("; ") if part.startswith("(")] == sorted(
        part[1] for part in listed.split("; ") if part.startswith("(")
    ), "in the order of art. 30(1)"


@pytest.mark.parametrize(
    ("appointed", "fg_name", "fg_contact", "text", "missing"),
    [
        (Answer.NO, "", "", "Geen functionaris gegevensbescherming (FG)", ()),
        (Answer.YES, "", "", "", ("de naam en contactgegevens van de FG",)),
        (
            None,
            "",
            "",
            "",
            ("de naam en contactgegevens van de FG (of beantwoord bij stap 0 dat er geen FG is)",),
        ),
        (
            Answer.YES,
            "J. Jansen",
            "",
            "Functionaris gegevensbescherming (FG): J. Jansen",
            ("de contactgegevens van de FG",),
        ),
        (
            Answer.YES,
            "J. Jansen",
            "fg@noord.example",
            "Functionaris gegevensbescherming (FG): J. Jansen, fg@noord.example",
            (),
        ),
    ],
)
def test_controller_and_fg(
    appointed: Answer | None, fg_name: str, fg_contact: str, text: str, missing: tuple[str, ...]
) -> None:
    a = clinic()
    a.organisation.fg_name, a.organisation.fg_contact = fg_name, fg_contact
    if appointed is not None:
        a.set_answer("s0_fg_appointed", appointed)
    controller = register_row(a, "nl", shipped_content()).field("controller")
    lines = controller.text.split("\n")
    assert lines[0] == "Zorggroep Noord, Dorpsstraat 1"
    assert lines[1:] == ([text] if text else [])
    assert controller.missing == missing


@pytest.mark.parametrize(
    ("answer", "joint", "line", "asked"),
    [
        (None, "", None, False),  # not answered: the register does not ask
        (Answer.NA, "", None, False),  # "we decide alone"
        (Answer.NO, "", None, True),  # joint control without arrangement: name the other party
        (Answer.YES, "", None, True),
        (
            Answer.YES,
            "  GGD Noord,\n  Postbus 1 ",
            "Samen verantwoordelijk met (gezamenlijk verwerkingsverantwoordelijke, AVG art. 26): GGD Noord,"
            " Postbus 1",
            False,
        ),
        (
            None,
            "GGD Noord",
            "Samen verantwoordelijk met (gezamenlijk verwerkingsverantwoordelijke, AVG art. 26): GGD Noord",
            False,
        ),
    ],
)
def test_joint_controller_in_part_a(answer: Answer | None, joint: str, line: str | None, asked: bool) -> None:
    """Art. 30(1)(a) names the joint controller where there is one; step 1's answer says whether."""
    a = clinic()
    a.organisation.fg_name, a.organisation.fg_contact = "J. Jansen", "fg@noord.example"
    a.set_answer("s0_fg_appointed", Answer.YES)
    if answer is not None:
        a.set_answer("s1_joint_controllers", answer)
    a.register_entry.joint_controller = joint
    controller = register_row(a, "nl", shipped_content()).field("controller")
    lines = controller.text.split("\n")
    assert lines[:2] == [
        "Zorggroep Noord, Dorpsstraat 1",
        "Functionaris gegevensbescherming (FG): J. Jansen, fg@noord.example",
    ]
    assert lines[2:] == ([line] if line else [])
    wanted = t("register.controller.joint_missing", "nl")
    assert (wanted in controller.missing) is asked
    assert controller.origin is Origin.OWN  # typed by the user, not taken from an answer
    assert ("(a) " + wanted in missing_text(register_row(a, "nl", shipped_content()))) is asked


def test_joint_controller_reaches_the_spreadsheet_and_the_pdf(tmp_path: Path) -> None:
    """Only the second activity is run together with another organisation: its own part (a)."""
    dossier = from_assessment(clinic())
    dossier.add("Wijkteam")
    dossier.activity().register_entry.joint_controller = "GGD Noord, Postbus 1"
    rows = register_rows(dossier, "en", shipped_content())
    assert "GGD Noord" not in rows[0].field("controller").text
    sheet = openpyxl.load_workbook(io.BytesIO(register_xlsx(rows, "en", shipped_content()))).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Joint controller (Article 26 GDPR): GGD Noord, Postbus 1" in c for c in cells)
    pdf = ReportPDF("x", "{page}", "#1F4E79")
    pdf.add_page()
    render_register(pdf, rows, "en")
    assert "GGD Noord, Postbus 1" in pdf_text(bytes(pdf.output()), tmp_path)


@pytest.mark.parametrize(
    ("lang", "reference"), [("nl", "AVG art. 30 lid 1 sub b"), ("en", "GDPR Art. 30(1)(b)")]
)
def test_rows_per_activity_in_order_with_the_article(lang: Language, reference: str) -> None:
    dossier = from_assessment(clinic())
    dossier.add("Nieuwsbrief")
    dossier.activity().register_entry.purpose = "Nieuws sturen"
    rows = register_rows(dossier, lang, shipped_content())
    assert [row.activity_id for row in rows] == dossier.ids
    assert [row.activity for row in rows] == ["Uitslagen", "Nieuwsbrief"]
    assert rows[0].field("purpose").reference == reference
    assert rows[1].field("purpose").text == "Nieuws sturen"
    assert rows[1].field("recipients").origin is Origin.MISSING, "the first activity's flows are its own"
    assert rows[1].field("controller").text == rows[0].field("controller").text, "one organisation"


# -- the rules file ------------------------------------------------------------------------------
def broken_rules(tmp_path: Path, change: str) -> Path:
    data = yaml.safe_load(REGISTER_FILE.read_text(encoding="utf-8"))
    signal = data["fields"]["data_subjects"]["signals"][0]
    if change == "tick":
        signal["screening"] = ["no_such_tick"]
    elif change == "separator":
        signal["label"]["nl"] = "inwoners; kinderen"
    else:
        signal["label"] = {"nl": "bij {flows}", "en": "for {flows}"}
        signal["answers"] = {"s6_outside_eea": ["yes"]}
    path = tmp_path / "register.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("tick", "unknown screening id no_such_tick"),
        ("separator", "no ';'"),
        ("placeholder", "only with flows or recipients"),
    ],
)
def test_a_broken_rule_names_the_file_and_the_field(tmp_path: Path, change: str, message: str) -> None:
    with pytest.raises(
        ContentError, match=r"register\.yaml: field 'fields\.data_subjects\.signals\.0"
    ) as info:
        load_register_content(
            shipped_content().catalogue, shipped_content().screening, broken_rules(tmp_path, change)
        )
    assert message in str(info.value)


# -- XLSX and CSV --------------------------------------------------------------------------------
def hostile_rows(lang: Language) -> list[RegisterRow]:
    dossier = from_assessment(clinic())
    dossier.activity().register_entry.purpose = HOSTILE
    dossier.add("Lang")
    dossier.activity().register_entry.security = "x" * TEXT_MAX
    return register_rows(dossier, lang, shipped_content())


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_reads_back_with_articles_marks_and_safe_text(lang: Language) -> None:
    rows = hostile_rows(lang)
    sheet = openpyxl.load_workbook(io.BytesIO(register_xlsx(rows, lang, shipped_content()))).active
    assert sheet is not None
    table = [list(r) for r in sheet.iter_rows()]
    header = [str(c.value) for c in table[0]]
    assert len(table) == 3, "a heading row and one row per activity"
    assert header[0] == t("register.column.activity", lang)
    assert header[-2:] == [t("register.column.missing", lang), t("register.column.sources", lang)]
    article = "AVG art. 30 lid 1 sub" if lang == "nl" else "GDPR Art. 30(1)("
    assert [h[0] for h in header[1:9]] == ["a", "b", "c", "c", "d", "e", "f", "g"]
    assert all(article in h for h in header[1:9])
    first = table[1]
    purpose = first[2]
    assert purpose.value == cell_text(HOSTILE) and "\x07" not in str(purpose.value)
    assert purpose.data_type == "s" and purpose.quotePrefix, "kept as text, never a formula"
    retention = first[header.index(next(h for h in header if h.startswith("f)")))]
    assert retention.value == t(
        "register.to_complete_what", lang, what=t("register.field.retention.missing", lang)
    )
    assert retention.fill.fgColor.rgb.endswith(MISSING_FILL)
    assert not purpose.fill.fgColor.rgb.endswith(MISSING_FILL)
    assert first[-2].value == missing_text(rows[0])
    assert "2) " not in str(first[-1].value) and str(first[-1].value).startswith("a) ")
    assert table[2][header.index(next(h for h in header if h.startswith("g)")))].value == "x" * TEXT_MAX


@pytest.mark.parametrize("lang", LANGS)
def test_csv_for_dutch_excel_reads_back_with_the_csv_module(lang: Language) -> None:
    rows = hostile_rows(lang)
    raw = register_csv(rows, lang, shipped_content())
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    xlsx = openpyxl.load_workbook(io.BytesIO(register_xlsx(rows, lang, shipped_content()))).active
    assert xlsx is not None
    assert table[0] == [str(c.value) for c in next(xlsx.iter_rows())], "the same columns in both files"
    assert len(table) == 3
    assert table[1][2] == "'" + cell_text(HOSTILE), "a formula start is defused with an apostrophe"
    assert "😀" in table[1][2] and "\n" in table[1][2]
    assert table[1][-2] == missing_text(rows[0])


def test_cell_text_is_capped_and_clean() -> None:
    assert len(cell_text("y" * (CELL_MAX + 10))) == CELL_MAX
    assert cell_text("a\x00b\tc\r\nd\ud800") == "ab c\nd"


def test_file_names_carry_the_organisation_and_date() -> None:
    day = dt.date(2026, 11, 28)
    assert register_file_name("Gemeente Ëxample", day, "nl", "xlsx") == (
        "register-van-verwerkingen-gemeente-example-2026-11-28.xlsx"
    )
    assert register_file_name("", day, "en", "csv") == "record-of-processing-activities-2026-11-28.csv"


# -- PDF -----------------------------------------------------------------------------------------
def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_section_reads_back(lang: Language, tmp_path: Path) -> None:
    dossier = from_assessment(clinic())
    dossier.activity().register_entry.purpose = "Uitslagen bezorgen 😀"
    dossier.add("Tweede verwerking")
    dossier.activity().notes = {9: " ".join(["bewaren"] * 1200) + " EINDE"}
    rows = register_rows(dossier, lang, shipped_content())
    pdf = ReportPDF("Zorggroep Noord", t("report.page", lang), "#1F4E79")
    render_register(pdf, rows, lang)
    body = bytes(pdf.output())
    text = pdf_text(body, tmp_path)
    assert t("register.pdf.heading", lang) in text
    reader = PdfReader(io.BytesIO(body))
    top = [item for item in reader.outline if not isinstance(item, list)]
    (parts,) = [item for item in reader.outline if isinstance(item, list)]
    assert [item.title for item in top] == [t("register.pdf.heading", lang)]
    assert [item.title for item in parts if not isinstance(item, list)] == ["Uitslagen", "Tweede verwerking"]
    assert ("AVG art. 30 lid 1 sub b" if lang == "nl" else "GDPR Art. 30(1)(b)") in text
    assert "Uitslagen bezorgen" in text
    missing = t("register.to_complete_what", lang, what=t("register.field.security.missing", lang))
    assert missing in text
    assert text.count("bewaren") == 1200 and "EINDE" in text, "a long note is printed whole"
    # Every page but the last is well filled: a row that ran off its page once put one line per page.
    pages = [page.extract_text() or "" for page in reader.pages]
    assert 2 <= len(pages) <= 6
    assert all(len(page.split()) > 100 for page in pages[:-1])


# -- command line --------------------------------------------------------------------------------
def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pia_core", *args], capture_output=True, text=True, cwd=REPO_DIR, timeout=60
    )


@pytest.fixture
def scan_file(tmp_path: Path) -> Path:
    dossier = from_assessment(clinic())
    dossier.add("Nieuwsbrief")
    path = tmp_path / "scan.json"
    path.write_text(dossier_to_json(dossier), encoding="utf-8")
    return path


def test_cli_writes_xlsx_and_csv(scan_file: Path, tmp_path: Path) -> None:
    result = cli("register", str(scan_file), "-o", str(tmp_path / "r.xlsx"))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Uitslagen", "Nieuwsbrief"]
    result = cli("register", str(scan_file), "-o", str(tmp_path / "r.CSV"), "--lang", "en")
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "r.CSV").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + t("register.column.activity", "en").encode())


@pytest.mark.parametrize("name", ["r.txt", "r"])
def test_cli_unknown_format_exits_2_with_one_line(scan_file: Path, tmp_path: Path, name: str) -> None:
    result = cli("register", str(scan_file), "-o", str(tmp_path / name))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "use .xlsx or .csv" in result.stderr
    assert not (tmp_path / name).exists()


def test_cli_unreadable_scan_exits_2_with_one_line(tmp_path: Path) -> None:
    result = cli("register", str(tmp_path / "missing.json"), "-o", str(tmp_path / "r.xlsx"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:")


# -- the page ------------------------------------------------------------------------------------
def register_app(dossier: Dossier, lang: Language = "nl") -> AppTest:
    at = new_app()
    dossier.language = lang
    at.session_state["dossier"] = dossier
    at.session_state["assessment"] = dossier.assessment()
    return goto(at, REGISTER_PAGE)


def open_panel(at: AppTest, activity_id: str) -> AppTest:
    """Unfold an activity's panel, as a click on it does (that reruns the page)."""
    at.session_state[f"{PANEL_PREFIX}register_{activity_id}"] = True
    at.run()
    assert not at.exception
    return at


def two_activities() -> Dossier:
    dossier = from_assessment(clinic())
    first = dossier.current
    dossier.add("Nieuwsbrief")
    dossier.choose(first)
    return dossier


def shown(at: AppTest) -> str:
    frame = at.dataframe[0].value
    return "\n".join(str(v) for v in [*frame.columns, *frame.to_numpy().ravel()])


@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_the_register_of_every_activity(lang: Language) -> None:
    at = register_app(two_activities(), lang)
    assert at.title[0].value == t("register.title", lang)
    table = shown(at)
    assert "1. Uitslagen" in table and "2. Nieuwsbrief" in table
    assert t("register.to_complete_what", lang, what=t("register.field.purpose.missing", lang)) in table
    # Uitslagen: (a) lacks the FG, (e)-(g) are unknown; the new Nieuwsbrief knows nothing yet.
    # A panel per activity, titled by its name (a title that changed as fields were filled in
    # would fold the panel); its status stands beside it.
    assert [e.label for e in at.expander] == ["Uitslagen", "Nieuwsbrief"]
    captions = [c.value for c in at.caption]
    for name, count in (("Uitslagen", 4), ("Nieuwsbrief", 8)):
        assert t("register.expander", lang, name=name, status=tn("register.open", lang, count)) in captions


def test_only_an_open_panel_draws_its_fields() -> None:
    """A large dossier's page stays quick: each widget costs every run time in proportion to all
    widgets on the page, so 200 activities' 1,600 fields took seconds per run. A folded panel
    draws nothing; unfolded, it draws its fields."""
    dossier = large_dossier(200)
    at = register_app(dossier)
    assert len(at.expander) == 200 and "200. Verwerking 200" in shown(at)
    assert not at.text_area and sorted(str(i.key) for i in at.text_input) == ORGANISATION_FIELDS
    fifth = dossier.ids[4]
    open_panel(at, fifth)
    assert [a.key for a in at.text_area] == [f"register_{fifth}_{key}" for key in ENTRY_KEYS]
    assert sorted(str(i.key) for i in at.text_input) == sorted(
        [*ORGANISATION_FIELDS, f"register_{fifth}_joint_controller"]
    )


def test_editing_the_chosen_activity_changes_its_row() -> None:
    dossier = two_activities()
    at = register_app(dossier)
    chosen = dossier.current
    open_panel(at, chosen)
    at.text_area(key=f"register_{chosen}_retention").input("Uitslagen: 20 jaar na de laatste wijziging").run()
    assert not at.exception
    assert at.session_state["assessment"].register_entry.retention.startswith("Uitslagen: 20 jaar")
    whole = at.session_state["dossier"]
    row = register_rows(whole, "nl", shipped_content())[0]
    assert row.field("retention").origin is Origin.OWN
    assert "Uitslagen: 20 jaar na de laatste wijziging" in shown(at)


def test_editing_another_activity_changes_only_that_one() -> None:
    dossier = two_activities()
    at = register_app(dossier)
    other = dossier.ids[1]
    open_panel(at, other)
    at.text_area(key=f"register_{other}_purpose").input("Nieuws over de praktijk sturen").run()
    assert not at.exception
    whole = at.session_state["dossier"]
    assert whole.activity(other).register_entry.purpose == "Nieuws over de praktijk sturen"
    assert whole.activity(dossier.current).register_entry.purpose == ""
    assert "Nieuws over de praktijk sturen" in shown(at)
    goto(at, "app_pages/summary.py")
    goto(at, REGISTER_PAGE)  # the text survives a page where its field is not shown
    open_panel(at, other)
    assert at.text_area(key=f"register_{other}_purpose").value == "Nieuws over de praktijk sturen"


def test_the_joint_controller_is_typed_per_activity_on_the_page() -> None:
    dossier = two_activities()
    dossier.activity(dossier.ids[1]).answers["s1_joint_controllers"] = Answer.PARTLY
    at = register_app(dossier)
    other = dossier.ids[1]
    open_panel(at, other)
    asked = t("register.controller.joint_missing", "nl")
    assert t("register.now.missing", "nl", what=asked) in [c.value for c in at.caption]
    at.text_input(key=f"register_{other}_joint_controller").input("GGD Noord, Postbus 1").run()
    assert not at.exception
    whole = at.session_state["dossier"]
    assert whole.activity(other).register_entry.joint_controller == "GGD Noord, Postbus 1"
    assert whole.activity(dossier.current).register_entry.joint_controller == ""
    assert "GGD Noord, Postbus 1" in shown(at)
    assert t("register.now.missing", "nl", what=asked) not in [c.value for c in at.caption]


def test_presentation_mode_shows_an_html_table_with_every_cell_escaped() -> None:
    """On a shared screen the register grows with the page's type (an HTML table); a user's text
    is shown as typed, never applied (no tags, links or images from it)."""
    dossier = two_activities()
    dossier.activity().register_entry.purpose = '<img src="https://evil.example/x.png"> **vet** & co'
    at = register_app(dossier)
    at.sidebar.toggle(key="presentation_mode").set_value(True).run()
    assert not at.exception
    assert not at.dataframe, "no canvas grid in presentation mode"
    (table,) = [h.proto.body for h in at.get("html") if "pia-register" in h.proto.body]
    assert "<img" not in table and "&lt;img src=&quot;https://evil.example/x.png&quot;&gt;" in table
    assert "**vet** &amp; co" in table
    assert "1. Uitslagen" in table and "2. Nieuwsbrief" in table
    assert f'<td style="background-color: #{MISSING_FILL}">' in table, "what is to complete is amber"
    assert "<caption>" in table and '<th scope="row">' in table


def test_emptying_a_field_brings_back_what_the_scan_knows() -> None:
    dossier = two_activities()
    at = open_panel(register_app(dossier), dossier.current)
    key = f"register_{dossier.current}_recipients"
    scan_text = at.text_area(key=key).value
    assert scan_text and "Uitslagen van onderzoek" in scan_text, "the scan's text, ready to edit"
    at.text_area(key=key).input("Mailbureau X").run()
    assert at.session_state["assessment"].register_entry.recipients == "Mailbureau X"
    at.text_area(key=key).input("").run()
    assert at.session_state["assessment"].register_entry.recipients == ""
    assert at.text_area(key=key).value == scan_text


def test_organisation_contact_fills_part_a_of_every_activity() -> None:
    at = register_app(two_activities())
    at.text_input(key="register_org_contact").input("Postbus 12, 9400 AA Assen").run()
    at.text_input(key="register_fg_name").input("mr. P. de Haan").run()
    at.text_input(key="register_fg_contact").input("fg@noord.example").run()
    assert not at.exception
    rows = register_rows(at.session_state["dossier"], "nl", shipped_content())
    for row in rows:
        controller = row.field("controller")
        assert controller.complete
        assert controller.text.startswith("Zorggroep Noord, Postbus 12, 9400 AA Assen")
    assert "fg@noord.example" in shown(at)


def test_broken_rules_show_the_file_and_field_instead_of_an_error_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pia_core.ui.register_page as page

    def broken(*_: object) -> list[RegisterRow]:
        load_register_content(
            shipped_content().catalogue, shipped_content().screening, broken_rules(tmp_path, "tick")
        )  # raises ContentError
        raise AssertionError("the broken rules loaded")

    monkeypatch.setattr(page, "register_rows", broken)
    at = register_app(two_activities())
    assert [e.value for e in at.error] == [t("register.content_error", "nl")]
    assert "register.yaml: field 'fields.data_subjects.signals.0'" in at.code[0].value
    assert not at.dataframe


def test_many_activities_say_the_table_scrolls() -> None:
    dossier = two_activities()
    hint = t("register.scroll_hint", "nl")
    assert hint not in [c.value for c in register_app(dossier).caption]
    dossier.add("Personeelsdossiers")
    assert hint in [c.value for c in register_app(dossier).caption]
