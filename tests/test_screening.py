"""DPIA screening: every rule of content/screening.yaml gives its verdict with its reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_core.content.loader import ContentError
from pia_core.screening import ScreeningContent, Verdict, load_screening, screen, screening_content

from .conftest import write_yaml


@pytest.fixture(scope="module")
def content() -> ScreeningContent:
    return screening_content()


def test_shipped_lists_are_complete(content: ScreeningContent) -> None:
    assert len(content.criteria) == 9  # EDPB
    assert len(content.ap_list) == 17  # the AP's list
    for item in content.all_items:
        assert item.text["nl"].strip() and item.text["en"].strip() and item.text["nl"] != item.text["en"]


def test_nothing_ticked_is_not_required(content: ScreeningContent) -> None:
    result = screen({}, content)
    assert result.verdict is Verdict.NOT_REQUIRED
    assert result.reasons == []


def test_one_criterion_is_recommended_with_that_reason(content: ScreeningContent) -> None:
    result = screen({"vulnerable": True}, content)
    assert result.verdict is Verdict.RECOMMENDED
    assert [r.id for r in result.reasons] == ["vulnerable"]


def test_two_criteria_are_required_with_both_reasons(content: ScreeningContent) -> None:
    result = screen({"sensitive": True, "large_scale": True, "matching": False}, content)
    assert result.verdict is Verdict.REQUIRED
    assert {r.id for r in result.reasons} == {"sensitive", "large_scale"}


@pytest.mark.parametrize("item", ["camera", "biometric", "health", "new_legislation"])
def test_any_always_item_alone_is_required(content: ScreeningContent, item: str) -> None:
    result = screen({item: True}, content)
    assert result.verdict is Verdict.REQUIRED
    assert [r.id for r in result.always] == [item]
    assert result.criteria == []


def test_always_items_come_first_among_reasons(content: ScreeningContent) -> None:
    result = screen({"evaluation": True, "credit_scoring": True}, content)
    assert [r.id for r in result.reasons] == ["credit_scoring", "evaluation"]


def test_unticked_and_unknown_items_do_not_count(content: ScreeningContent) -> None:
    assert screen({"camera": False, "no_such_item": True}, content).verdict is Verdict.NOT_REQUIRED


def test_thresholds_come_from_the_content(tmp_path: Path) -> None:
    import yaml

    from pia_core import CONTENT_DIR

    data = yaml.safe_load((CONTENT_DIR / "screening.yaml").read_text(encoding="utf-8"))
    data["rules"]["required_min_criteria"] = 3
    path = tmp_path / "screening.yaml"
    write_yaml(path, data)
    stricter = load_screening(path)
    assert screen({"sensitive": True, "large_scale": True}, stricter).verdict is Verdict.RECOMMENDED
    assert (
        screen({"sensitive": True, "large_scale": True, "matching": True}, stricter).verdict
        is Verdict.REQUIRED
    )


def test_broken_screening_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "screening.yaml"
    write_yaml(path, {"rules": {"required_min_criteria": 2}})
    with pytest.raises(ContentError, match=r"screening\.yaml: field"):
        load_screening(path)
