"""Cell-by-cell validation of the flow table: bad cells are refused, the rest is kept."""

from __future__ import annotations

import pytest

from pia_core.flows.validation import CellError, apply_edits, parse_name, parse_share, parse_volume
from pia_core.scan.flow_model import MAX_FLOWS, MAX_VOLUME, Channel, Flow, Recipient


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12000", 12_000), ("12.000", 12_000), ("12,000", 12_000), ("1 250 000", 1_250_000), ("0", 0), (7.0, 7)],
)
def test_volume_accepts_dutch_and_english_grouping(raw: object, expected: int) -> None:
    assert parse_volume(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-5", "negative"),
        ("abc", "not_number"),
        ("12k", "not_number"),
        ("1e6", "not_number"),
        ("1.5", "not_whole"),
        (str(MAX_VOLUME + 1), "too_large"),
        ("99999999999999999999", "too_large"),
        (float("nan"), "not_number"),
        ("", "empty"),
        (None, "empty"),
        ("😀", "not_number"),
    ],
)
def test_volume_refuses_with_a_reason(raw: object, code: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_volume(raw)
    assert caught.value.code == code


def test_volume_limit_itself_is_allowed() -> None:
    assert parse_volume(str(MAX_VOLUME)) == MAX_VOLUME


@pytest.mark.parametrize(("raw", "expected"), [("12,5", 12.5), ("12.5 %", 12.5), ("100", 100.0), ("0", 0.0)])
def test_share_accepts_both_decimal_marks(raw: str, expected: float) -> None:
    assert parse_share(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"), [("101", "share_range"), ("-1", "negative"), ("veel", "not_number")]
)
def test_share_outside_0_to_100_is_refused(raw: str, code: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_share(raw)
    assert caught.value.code == code


def test_name_keeps_emoji_drops_control_characters_and_limits_length() -> None:
    assert parse_name("  Facturen 🧾\x00 ") == "Facturen 🧾"
    with pytest.raises(CellError, match="name_empty"):
        parse_name("   ")
    with pytest.raises(CellError, match="name_too_long"):
        parse_name("x" * 10_000)


FLOWS = [Flow(name="WOZ", volume=40_000), Flow(name="Wmo", volume=6_000, recipients=Recipient.CITIZENS)]


def test_bad_cell_is_refused_and_the_rest_of_the_table_is_kept() -> None:
    edits = {
        "edited_rows": {
            "0": {"volume": "-5", "channel": "Gewone e-mail"},
            "1": {"volume": "7.500", "digital_share": "250"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    result = apply_edits(FLOWS, edits, "Nieuwe stroom")
    assert [(r.row, r.column, r.code) for r in result.refused] == [
        (1, "volume", "negative"),
        (2, "digital_share", "share_range"),
    ]
    first, second = result.flows
    assert (first.volume, first.channel) == (40_000, Channel.EMAIL)  # bad volume kept, channel taken over
    assert (second.volume, second.digital_share) == (7_500, 100.0)
    assert FLOWS[0].volume == 40_000  # the input list is not changed


def test_added_row_with_bad_cell_is_kept_with_a_default_name() -> None:
    edits = {"added_rows": [{"volume": "abc", "recipients": "Patients", "bsn": True}]}
    result = apply_edits(FLOWS, edits, "New flow")
    assert [(r.row, r.code) for r in result.refused] == [(3, "not_number")]
    added = result.flows[2]
    assert (added.name, added.volume, added.recipients, added.bsn) == (
        "New flow 3",
        0,
        Recipient.PATIENTS,
        True,
    )


def test_deleted_rows_and_unknown_choices() -> None:
    edits = {"edited_rows": {1: {"channel": "Duivenpost"}}, "deleted_rows": [0]}
    result = apply_edits(FLOWS, edits, "x")
    assert [f.name for f in result.flows] == ["Wmo"]
    assert result.refused[0].code == "bad_choice" and result.refused[0].value == "Duivenpost"


def test_table_cannot_grow_beyond_the_limit() -> None:
    full = [Flow(name=f"f{i}") for i in range(MAX_FLOWS)]
    result = apply_edits(full, {"added_rows": [{"name": "one more"}]}, "x")
    assert len(result.flows) == MAX_FLOWS and result.refused[0].code == "too_many"


def test_no_edits_is_no_change() -> None:
    assert apply_edits(FLOWS, None, "x").flows == FLOWS
    assert apply_edits(FLOWS, {"edited_rows": {}, "added_rows": [], "deleted_rows": []}, "x").refused == []
