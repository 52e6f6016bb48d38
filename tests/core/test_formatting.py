"""The one formatting module (screen, PDF, CSV) and the action plan's CSV for Dutch Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import pytest

from pia_core.analysis.action_plan import ActionRow, action_rows
from pia_core.analysis.evaluation import evaluate
from pia_core.content.bundle import shipped_content
from pia_core.demos import load_demo
from pia_core.formatting import (
    cell_text,
    csv_bytes,
    date_text,
    decimal,
    download_name,
    local_moment,
    minutes_text,
    moment_text,
    money,
    number,
    scan_file_name,
    share,
    slug,
    source_date,
)
from pia_core.scan.model import Answer, Assessment, Language
from pia_core.wording.action_plan import action_plan_csv

from ..shipped import content_with

LANGS: list[Language] = ["nl", "en"]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (12345.5, "nl", 1, "12.345,5"),
        (12345.5, "en", 1, "12,345.5"),
        (1.4, "nl", 2, "1,40"),
        (1.4, "en", 2, "1.40"),
        (-0.001, "nl", 0, "0"),
        (1_000_000, "nl", 0, "1.000.000"),
    ],
)
def test_number_uses_the_languages_marks(value: float, lang: Language, decimals: int, expected: str) -> None:
    assert number(value, lang, decimals) == expected


def test_money_decimal_and_share() -> None:
    assert money(64800, "nl") == "€ 64.800"
    assert money(64800, "en") == "€64,800"
    assert money(-7000, "nl") == "-€ 7.000"
    assert money(1.4, "nl", 2) == "€ 1,40"
    assert decimal(1.4, "nl") == "1,40"
    assert decimal(1.4, "en") == "1.40"
    assert share(12.5, "nl") == "12,5" and share(100, "nl") == "100"


def test_one_date_format_in_both_languages() -> None:
    day = dt.date(2027, 1, 15)
    assert date_text(day, "nl") == date_text(day, "en") == "15-01-2027"
    assert date_text(None, "nl") == "" and date_text(None, "nl", "—") == "—"
    assert source_date("2026-01-01", "nl") == "01-01-2026"
    assert source_date("2022", "nl") == "2022"


def test_minutes_never_read_like_a_clock() -> None:
    assert minutes_text(16 / 60, "nl") == "0 min 16 s"
    assert minutes_text(12, "nl") == "12 min"
    assert minutes_text(61.5, "en") == "61 min 30 s"
    assert minutes_text(-1, "nl") == "0 min"


def test_file_names_carry_organisation_and_date() -> None:
    day = dt.date(2026, 11, 28)
    assert slug("Zorggroep De Lindehorst / Café Ü") == "zorggroep-de-lindehorst-cafe-u"
    assert download_name("actieplan", "Tuinhuis Groenrijk B.V.", day, "csv") == (
        "actieplan-tuinhuis-groenrijk-b-v-2026-11-28.csv"
    )
    assert download_name("actieplan", "", day, ".csv") == "actieplan-2026-11-28.csv"
    assert scan_file_name("pdf", "Gemeente Lindewaard", day, "nl") == (
        "privacy-impact-analyse-gemeente-lindewaard-2026-11-28.pdf"
    )
    assert scan_file_name("csv", "Gemeente Lindewaard", day, "en").startswith(
        "action-plan-gemeente-lindewaard"
    )


def test_csv_bytes_semicolons_bom_and_quotes() -> None:
    raw = csv_bytes(["a", "b"], [["1,5", 'x;"y"']])
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "a;b"
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [["a", "b"], ["1,5", 'x;"y"']]


def _plan(lang: Language, assessment: Assessment) -> list[list[str]]:
    rows = action_rows(
        evaluate(assessment, shipped_content()).findings, assessment, lang, shipped_content().risk
    )
    raw = action_plan_csv(rows, lang)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("lang", LANGS)
def test_action_plan_csv_for_dutch_excel(lang: Language) -> None:
    demo = load_demo("zorg-patientbrieven", shipped_content()).assessment
    table = _plan(lang, demo)
    header, first = table[0], table[1]
    assert len(header) > 5 and all(len(row) == len(header) for row in table)
    assert first[0] == "1", "the priority comes first"
    assert first[1] and not first[1].startswith("flow:"), "the action text, not an internal id, comes second"
    ids = [row[-1] for row in table[1:]]
    assert any(i.startswith("flow:") for i in ids), "internal ids are kept, in the last column"
    assert not any(cell.startswith("flow:") for row in table[1:] for cell in row[:-1])
    dates = [row[header.index(header[6])] for row in table[1:] if row[6]]
    assert dates and all(len(d) == 10 and d[2] == "-" and d[5] == "-" for d in dates), dates


def test_action_plan_csv_defuses_formulas_and_writes_dates_day_first() -> None:
    cat = shipped_content().catalogue
    a = Assessment()
    for question in cat.questions.values():
        a.set_answer(question.id, Answer.NO)
    found = evaluate(a, content_with(cat)).findings
    a.set_action(found[0].id, '=HYPERLINK("http://x")', dt.date(2026, 1, 2))
    for lang in LANGS:
        table = _plan(lang, a)
        assert len(table) == len(found) + 1
        assert table[1][5] == '\'=HYPERLINK("http://x")'
        assert table[1][6] == "02-01-2026"


@pytest.mark.parametrize("owner", ["＝1+1", "\n=1+1", '=HYPERLINK("http://x";"klik")', "@SUM(A1)", "－2+3"])
def test_every_formula_start_in_an_action_owner_reads_back_as_text(owner: str) -> None:
    """One guard for every CSV writer (pia_core.formatting.csv_cell): the action plan used to
    guard 6 leading characters and the register 11, so "＝1+1" as an owner reached Excel as a formula."""
    row = ActionRow("s1_a", 1, 1, False, "Hoog", "Titel", "Actie", "AVG 28", owner, None)
    text = action_plan_csv([row], "nl").decode("utf-8-sig")
    cell = list(csv.reader(io.StringIO(text), delimiter=";"))[1][5]
    assert cell.startswith("'"), cell
    assert cell[1:] == cell_text(owner)


def test_a_time_is_written_one_way_on_the_firms_clock_unless_another_is_given() -> None:
    """Comments, links, the history and the workspace's log all write a stored (UTC) moment so."""
    winter = dt.datetime(2027, 1, 15, 13, 5, tzinfo=dt.UTC)
    assert moment_text(winter, "nl") == moment_text(winter, "en") == "15-01-2027 14:05"
    assert moment_text(winter.replace(tzinfo=None), "nl") == "15-01-2027 14:05"  # naive: stored UTC
    assert moment_text(winter, "en", zoneinfo.ZoneInfo("America/New_York")) == "15-01-2027 08:05"
    assert local_moment(dt.datetime(2027, 7, 1, 22, 30, tzinfo=dt.UTC)).date() == dt.date(2027, 7, 2)
