"""The DPIA verdict, the sign-off block and the branding, on screen and in the PDF."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pia_core import REPO_DIR
from pia_core.analysis.screening import Verdict, screen
from pia_core.content.branding import ENV_VAR, load_branding
from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.report import build_report
from pia_core.scan.model import Answer, Assessment, DpiaStatus, Language, Organisation, Sector, SignOff
from pia_core.wording.screening import companion_lines, reason_lines

from ..apptest import goto, new_app, state
from .test_branding import valid as valid_branding
from .test_report import flat, pdf_text

LANGS: tuple[Language, ...] = ("nl", "en")


def first_page(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def images_on_cover(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(path)], capture_output=True, text=True, check=True
    )
    rows = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    return len([row for row in rows if row[2] == "image"])  # not the transparency masks


@pytest.mark.parametrize("lang", LANGS)
def test_report_gives_the_dpia_verdict_with_its_reasons(lang: Language, tmp_path: Path) -> None:
    content = shipped_content().screening
    scan = Assessment(screening={"camera": True, "vulnerable": True})
    text = flat(pdf_text(build_report(scan, shipped_content(), lang), tmp_path))
    assert t("screening.verdict_label", lang, verdict=content.verdicts[Verdict.REQUIRED][lang]) in text
    camera = next(i for i in content.ap_list if i.id == "camera")
    assert t("screening.reason_always", lang, item=camera.name(lang)) in text
    vulnerable = next(i for i in content.criteria if i.id == "vulnerable")
    assert t("screening.reason_criterion", lang, item=vulnerable.name(lang)) in text


@pytest.mark.parametrize("lang", LANGS)
def test_report_names_the_route_and_the_companion_assessments(lang: Language, tmp_path: Path) -> None:
    content = shipped_content().screening
    ticks = {"sensitive": True, "large_scale": True, "transfer_no_adequacy": True, "high_risk_ai": True}
    scan = Assessment(screening=ticks, dpia=DpiaStatus(done=Answer.YES))
    result = screen(scan.screening, content)
    text = flat(pdf_text(build_report(scan, shipped_content(), lang), tmp_path))
    assert t("screening.verdict_label", lang, verdict=content.required_unless[lang]) in text
    for line in [*reason_lines(result, lang), *companion_lines(result, lang)]:
        assert flat(line) in text
    assert {c.id for c in result.companions} == {"transfer_impact", "iama", "fria", "prior_consultation"}
    assert t("dpia.question_done", lang) in text  # the DPIA lines stay


def test_report_gives_the_risk_score_route(tmp_path: Path) -> None:
    ticks = {
        i: True for i in ("rs_sensitive", "rs_volume", "rs_frequency", "rs_retention", "rs_base_registry")
    }
    text = flat(pdf_text(build_report(Assessment(screening=ticks), shipped_content(), "nl"), tmp_path))
    # Policy, not law: an organisation outside central government is advised, and told so.
    assert flat(shipped_content().screening.policy_verdicts["other"]["nl"]) in text
    assert "5 punten, meer dan 4" in text
    assert flat(t("screening.policy_scope_other", "nl")) in text
    central = Assessment(organisation=Organisation(sector=Sector.GOVERNMENT), screening=ticks)
    central.screening["central_government"] = True
    text = flat(pdf_text(build_report(central, shipped_content(), "nl"), tmp_path))
    assert flat(shipped_content().screening.policy_verdicts["central"]["nl"]) in text


def test_report_without_screening_says_it_is_not_filled_in(tmp_path: Path) -> None:
    """Issue 19: a DPIA check nobody opened never reads "niet verplicht" in the PDF."""
    text = flat(pdf_text(build_report(Assessment(), shipped_content(), "nl"), tmp_path))
    verdicts = shipped_content().screening.verdicts
    assert verdicts[Verdict.NOT_FILLED]["nl"] in text
    assert verdicts[Verdict.NOT_REQUIRED]["nl"] not in text
    assert flat(t("screening.not_filled_note", "nl")) in text


@pytest.mark.parametrize("lang", LANGS)
def test_report_has_the_sign_off_block(lang: Language, tmp_path: Path) -> None:
    scan = Assessment(
        sign_off=SignOff(
            reviewed_by="M. de Vries, directeur",
            fg_advice="Akkoord, mits tweestapsverificatie vóór 1 maart.",
            decision="De verwerking gaat door met het actieplan.",
            date=dt.date(2026, 12, 1),
        )
    )
    text = flat(pdf_text(build_report(scan, shipped_content(), lang), tmp_path))
    for expected in (
        t("sign_off.heading", lang),
        "M. de Vries, directeur",
        "Akkoord, mits tweestapsverificatie vóór 1 maart.",
        "De verwerking gaat door met het actieplan.",
        t("sign_off.signature", lang),
    ):
        assert expected in text
    assert "2026" in text.split(t("sign_off.date", lang))[1][:40]


def test_branding_file_changes_the_cover(tmp_path: Path) -> None:
    scan = Assessment(organisation=Organisation(name="Gemeente Ede"))
    neutral = build_report(scan, shipped_content(), "nl")
    branded = build_report(
        scan, replace(shipped_content(), branding=load_branding(valid_branding(tmp_path))), "nl"
    )
    cover = first_page(branded, tmp_path)
    assert "Privacy & Co" in cover
    assert "Plan een adviesgesprek: https://example.nl/afspraak" in cover
    assert "info@example.nl" in cover
    assert "Privacy & Co" not in first_page(neutral, tmp_path)
    assert images_on_cover(branded, tmp_path) == images_on_cover(neutral, tmp_path) + 1  # the logo
    assert "Privacy & Co · https://example.nl" in pdf_text(branded, tmp_path)  # every page's footer


def test_broken_branding_file_gives_the_neutral_cover_with_a_warning(tmp_path: Path) -> None:
    path = valid_branding(tmp_path)
    path.write_text("name: Privacy & Co\ncolours: {primary: red}\n", encoding="utf-8")
    brand = load_branding(path)
    assert brand.warning
    cover = first_page(build_report(Assessment(), replace(shipped_content(), branding=brand), "nl"), tmp_path)
    assert "Privacy & Co" not in cover
    assert t("common.app_title", "nl") in cover


def cli_report(tmp_path: Path, branding_file: Path) -> subprocess.CompletedProcess[str]:
    scan = tmp_path / "scan.json"
    scan.write_text(json.dumps({"schema_version": 1}), encoding="utf-8")
    env = {**os.environ, ENV_VAR: str(branding_file)}
    return subprocess.run(
        [sys.executable, "-m", "pia_core", "report", str(scan), "-o", str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=env,
        timeout=120,
    )


def test_report_command_reads_the_branding_file_named_by_the_environment(tmp_path: Path) -> None:
    result = cli_report(tmp_path, valid_branding(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Privacy & Co" in first_page((tmp_path / "out.pdf").read_bytes(), tmp_path)


def test_report_command_warns_once_and_still_writes_with_a_missing_branding_file(tmp_path: Path) -> None:
    result = cli_report(tmp_path, tmp_path / "nope.yaml")
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1 and "warning: branding not used" in result.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


# -- on screen ------------------------------------------------------------------------------------


@pytest.fixture
def branded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app process sees a branding file (the content is built once per process: reset around)."""
    path = valid_branding(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(path))
    shipped_content.cache_clear()
    yield path
    monkeypatch.delenv(ENV_VAR)
    shipped_content.cache_clear()


def test_start_page_verdict_changes_live_with_the_ticks() -> None:
    at = new_app()
    verdicts = shipped_content().screening.verdicts
    assert verdicts[Verdict.NOT_FILLED]["nl"] in at.info[0].value
    at.checkbox(key="scr_checked").check().run()  # gone through, nothing applies
    assert verdicts[Verdict.NOT_REQUIRED]["nl"] in at.success[0].value
    at.checkbox(key="scr_vulnerable").check().run()
    assert verdicts[Verdict.RECOMMENDED]["nl"] in at.info[0].value
    at.checkbox(key="scr_camera").check().run()
    assert any(verdicts[Verdict.REQUIRED]["nl"] in box.value for box in at.warning)
    assert state(at).screening == {"vulnerable": True, "camera": True}
    at.checkbox(key="scr_camera").uncheck().run()
    assert state(at).screening == {"vulnerable": True}


def test_start_page_gives_the_unless_wording_the_risk_score_and_the_companions() -> None:
    at = new_app()
    content = shipped_content().screening
    at.checkbox(key="scr_sensitive").check().run()
    at.checkbox(key="scr_large_scale").check().run()
    assert any(content.required_unless["nl"] in box.value for box in at.warning)
    at.checkbox(key="scr_documented_no_high_risk").check().run()
    # The tick alone does not count: who, when and why are asked, and the verdict waits for why.
    assert any(content.required_unless["nl"] in box.value for box in at.warning)
    assert any(t("screening.rebuttal_missing", "nl") in box.value for box in at.warning)
    at.text_input(key="rebuttal_by").input("J. Bakker, FG").run()
    at.text_area(key="rebuttal_reason").input("Alleen eigen personeel; geen profilering.").run()
    assert content.verdicts[Verdict.RECOMMENDED]["nl"] in at.info[0].value
    assert "J. Bakker, FG" in at.info[0].value and "geen profilering" in at.info[0].value
    assert state(at).dpia.no_high_risk.reason == "Alleen eigen personeel; geen profilering."
    for item in ("rs_volume", "rs_frequency", "rs_retention", "rs_base_registry", "rs_sensitive"):
        at.checkbox(key=f"scr_{item}").check().run()
    # The written assessment also answers the risk score, a rule of thumb: still aanbevolen.
    assert any("Risicoscore van de pre-scan DPIA" in box.value for box in at.info)
    assert any(m.value.startswith("**Risicoscore volgens de pre-scan: 5 punten") for m in at.markdown)
    at.checkbox(key="scr_rs_minors_primary").check().run()
    kia = next(c for c in content.companions if c.id == "childrens_rights")
    assert any(kia.name["nl"] in box.value for box in at.info)
    assert any("niet bedoeld is" in c.value.lower() for c in at.caption)  # communication data, health, ...


def test_summary_shows_the_verdict_and_keeps_the_sign_off() -> None:
    at = new_app()
    current = state(at).model_copy(deep=True)
    current.screening = {"biometric": True}
    at.session_state["assessment"] = current
    goto(at, "app_pages/summary.py")
    assert any(shipped_content().screening.verdicts[Verdict.REQUIRED]["nl"] in w.value for w in at.warning)
    assert any("Voorafgaande raadpleging van de AP" in box.value for box in at.info)  # art. 36 note
    at.text_input(key="sign_off_reviewed_by").input("J. Jansen").run()
    at.text_area(key="sign_off_decision").input("Doorgaan.").run()
    goto(at, "app_pages/step_03.py")
    goto(at, "app_pages/summary.py")
    assert at.text_input(key="sign_off_reviewed_by").value == "J. Jansen"
    assert state(at).sign_off.decision == "Doorgaan."


@pytest.mark.usefixtures("branded")
def test_app_shows_the_firm_and_its_call_to_action() -> None:
    at = goto(new_app(), "app_pages/summary.py")
    assert any("Privacy &amp; Co" in m.value for m in at.sidebar.markdown)
    (button,) = at.get("link_button")
    assert button.proto.label == "Plan een adviesgesprek"
    assert button.proto.url == "https://example.nl/afspraak"


def test_app_warns_about_a_broken_branding_file(branded: Path) -> None:
    branded.write_text("colours: {primary: blue}\n", encoding="utf-8")
    shipped_content.cache_clear()
    at = new_app()
    (box,) = at.sidebar.warning
    assert "colours.primary" in box.value
    assert any(t("common.app_title", "nl") in m.value for m in at.sidebar.markdown)
