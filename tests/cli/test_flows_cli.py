"""`python -m pia_core score FILE --json` reports the savings; the presets are valid flows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.scan.flow_model import Flow
from pia_core.scan.model import Sector

from .test_cli import cli, write

ASSUMPTIONS = {
    "postage": 1.0,
    "production": 0.5,
    "digital": 0.1,
    "handling_minutes": 0,
    "hourly_rate": 0,
    "opt_in": 50,
    "implementation": 7000,
}


def test_score_json_has_savings(tmp_path: Path) -> None:
    data = {
        "schema_version": 1,
        "organisation": {"name": "Gemeente Ede", "sector": "government"},
        "flows": [
            {
                "name": "WOZ",
                "recipients": "citizens",
                "volume": 10000,
                "channel": "paper",
                "digital_share": 100,
            },
            {
                "name": "Loonstroken",
                "recipients": "employees",
                "volume": 1000,
                "channel": "email",
                "bsn": True,
            },
        ],
        "cost_assumptions": ASSUMPTIONS,
    }
    result = cli("score", str(write(tmp_path, data)), "--json")
    assert result.returncode == 0, result.stderr
    # 10,000 x 50 % opt-in x (1.50 - 0.10) = 7,000 a year; 5 x 7,000 - 7,000; 12 months
    assert json.loads(result.stdout)["savings"] == {
        "annual": 7000.0,
        "five_year": 28000.0,
        "payback_months": 12.0,
    }
    text = cli("score", str(write(tmp_path, data)))
    assert "€ 7.000" in text.stdout


def test_score_json_without_flows_never_pays_back_a_cost(tmp_path: Path) -> None:
    data = {"schema_version": 1, "cost_assumptions": ASSUMPTIONS}
    result = cli("score", str(write(tmp_path, data)), "--json")
    assert json.loads(result.stdout)["savings"] == {"annual": 0, "five_year": -7000.0, "payback_months": None}


def test_absurd_volume_in_file_is_refused(tmp_path: Path) -> None:
    data = {"schema_version": 1, "flows": [{"name": "x", "volume": 5_000_000_000}]}
    result = cli("score", str(write(tmp_path, data)), "--json")
    assert result.returncode == 2 and "flows.0.volume" in result.stderr


@pytest.mark.parametrize("preset_id", sorted(shipped_content().flows.presets))
def test_presets_are_valid_flows_in_both_languages(preset_id: str) -> None:
    preset = shipped_content().flows.presets[preset_id]
    assert preset.sector in set(Sector)
    for lang in ("nl", "en"):
        flows = [Flow(name=p.name[lang], **p.model_dump(exclude={"name"})) for p in preset.flows]
        assert len({f.name for f in flows}) == len(flows)
