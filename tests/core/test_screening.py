"""DPIA screening: every rule of content/screening.yaml gives its verdict with its reasons.

Also the legal review's C.5 scenarios (../shared/reference/legal-review-2026-11.md) and old scans.
The cases against the government's pre-scan are in test_screening_cases.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from pia_core import CONTENT_DIR
from pia_core.analysis.evaluation import evaluate
from pia_core.analysis.screening import (
    RISK_SCORE_ID,
    Basis,
    Route,
    ScreeningContent,
    Verdict,
    screen,
    verdict_text,
)
from pia_core.content.bundle import shipped_content
from pia_core.content.loader import ContentError
from pia_core.content.screening import load_screening
from pia_core.demos import load_demo
from pia_core.i18n import t
from pia_core.importing import import_data
from pia_core.scan.model import LANGUAGES, Answer, Language, NoHighRisk, Sector
from pia_core.wording.screening import companion_lines, reason_lines, risk_score_line

from ..conftest import write_yaml


@pytest.fixture(scope="module")
def content() -> ScreeningContent:
    return shipped_content().screening


# A written "no high risk" assessment (who, when, why), as the DPIA check's fields keep it.
WRITTEN = NoHighRisk(
    by="J. Bakker (FG)", date=dt.date(2026, 3, 1), reason="Eigen personeel, geen profilering."
)


def ticks(*ids: str) -> dict[str, bool]:
    return dict.fromkeys(ids, True)


def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CONTENT_DIR / "screening.yaml").read_text(encoding="utf-8"))
    return data


def load_changed(tmp_path: Path, data: dict[str, Any]) -> ScreeningContent:
    path = tmp_path / "screening.yaml"
    write_yaml(path, data)
    return load_screening(path)


# -- the shipped lists -------------------------------------------------------------------------------


def test_shipped_lists_are_complete(content: ScreeningContent) -> None:
    assert len(content.criteria) == 9  # EDPB (WP248 rev.01)
    assert len(content.ap_list) == 17  # the AP's list
    assert [i.id for i in content.statutory] == ["art35_3a", "art35_3b", "art35_3c", "other_high_risk"]
    assert [i.id for i in content.other_required] == ["new_legislation"]
    assert content.risk_score is not None and content.risk_score.threshold == 4  # prescan.yaml: "> 4"
    assert len(content.risk_score.factors) == 10
    assert {c.id for c in content.companions} == {
        "transfer_impact",
        "iama",
        "fria",
        "childrens_rights",
        "prior_consultation",
    }
    for item in content.all_items:
        for lang in LANGUAGES:
            assert item.text[lang].strip() and item.name(lang).strip()
        assert item.text["nl"] != item.text["en"]


def test_ids_the_rest_of_the_product_uses_are_kept(content: ScreeningContent) -> None:
    """content/facts.yaml, the demos and the enforcement cases tick these ids."""
    ids = {item.id for item in content.all_items}
    assert {"health", "biometric", "genetic", "sensitive", "large_scale", "vulnerable", "camera"} <= ids
    assert {"communication_data", "cooperation", "fraud_prevention", "new_legislation"} <= ids


@pytest.mark.parametrize("item_id", ["communication_data", "health", "observation", "art35_3b"])
def test_over_inclusive_items_say_what_is_not_meant(content: ScreeningContent, item_id: str) -> None:
    item = next(i for i in content.all_items if i.id == item_id)
    assert item.note is not None
    assert "niet bedoeld" in item.note["nl"].lower() and "not meant" in item.note["en"].lower()


def test_communication_data_is_not_plain_email_use(content: ScreeningContent) -> None:
    """A49: the AP item is large-scale or systematic processing, not using e-mail."""
    item = next(i for i in content.ap_list if i.id == "communication_data")
    assert "op grote schaal of stelselmatig" in item.text["nl"]
    assert item.note is not None and "gewoon e-mail" in item.note["nl"]


def test_review_fixes_are_in_the_wording(content: ScreeningContent) -> None:
    by_id = {item.id: item for item in content.all_items}
    # A47: decisions based on a score a person adopts
    assert "Ook als een medewerker de uitkomst overneemt" in by_id["automated_decision"].text["nl"]
    # A48: the BSN and the content of messages are sensitive
    assert (
        "het BSN" in by_id["sensitive"].text["nl"] and "inhoud van berichten" in by_id["sensitive"].text["nl"]
    )
    # A50: cooperation covers sensitive data such as debts, not only special data
    assert "schulden" in by_id["cooperation"].text["nl"] and "gemeente" in by_id["cooperation"].text["nl"]
    # A51: publicly accessible places incl. drones; workplace cameras under employee monitoring
    assert "drones" in by_id["camera"].text["nl"] and "werkplek" not in by_id["camera"].text["nl"]
    assert "camera's" in by_id["employee_monitoring"].text["nl"]
    assert "dashcams" in by_id["flexible_monitoring"].text["nl"]
    # A52 / C.2: "op grote schaal ... of stelselmatig" in the AP's scope
    for item_id in (
        "fraud_prevention",
        "financial_situation",
        "credit_scoring",
        "genetic",
        "iot",
        "biometric",
    ):
        assert "stelselmatig" in by_id[item_id].text["nl"], item_id
    assert "werkgever" in by_id["covert_investigation"].text["nl"]  # covert cameras by employers


# -- the verdict rules -------------------------------------------------------------------------------


def test_nothing_ticked_is_not_filled_in_until_the_check_is_confirmed(content: ScreeningContent) -> None:
    """Issue 19: a check nobody opened never says "niet verplicht"."""
    result = screen({}, content)
    assert result.verdict is Verdict.NOT_FILLED and not result.filled and result.basis is Basis.NONE
    assert verdict_text(result, content, "nl") == "DPIA-check nog niet ingevuld"
    assert verdict_text(result, content, "en") == "DPIA check not filled in yet"
    result = screen({}, content, checked=True)
    assert result.verdict is Verdict.NOT_REQUIRED and result.route is Route.NONE and result.filled
    assert result.reasons == [] and result.companions == []


def test_one_criterion_is_recommended_with_that_reason(content: ScreeningContent) -> None:
    result = screen(ticks("vulnerable"), content)
    assert result.verdict is Verdict.RECOMMENDED and result.route is Route.ONE_CRITERION
    assert [r.id for r in result.reasons] == ["vulnerable"]
    assert result.companions == []  # no art. 36 note below verplicht


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_criteria_are_required_unless_documented(content: ScreeningContent, lang: Language) -> None:
    result = screen({"sensitive": True, "large_scale": True, "matching": False}, content)
    assert result.verdict is Verdict.REQUIRED and result.route is Route.CRITERIA and result.rebuttable
    assert {r.id for r in result.reasons} == {"sensitive", "large_scale"}
    assert verdict_text(result, content, lang) == content.required_unless[lang]
    assert reason_lines(result, lang)[-1] == t("screening.reason_rebuttable", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_documented_no_high_risk_makes_two_criteria_recommended(
    content: ScreeningContent, lang: Language
) -> None:
    result = screen(ticks("sensitive", "large_scale", "documented_no_high_risk"), content, rebuttal=WRITTEN)
    assert result.verdict is Verdict.RECOMMENDED and result.route is Route.DOCUMENTED
    assert [r.id for r in result.reasons] == ["sensitive", "large_scale", "documented_no_high_risk"]
    assert verdict_text(result, content, lang) == content.verdicts[Verdict.RECOMMENDED][lang]
    item = result.documented[0]
    lines = reason_lines(result, lang)
    assert lines[-2] == t("screening.reason_documented", lang, item=item.name(lang))
    # Who, when and why are shown with the verdict (on screen and in the PDF alike).
    assert "J. Bakker (FG)" in lines[-1] and "01-03-2026" in lines[-1] and "geen profilering" in lines[-1]


def test_the_no_high_risk_tick_counts_only_with_its_written_reason(content: ScreeningContent) -> None:
    ticked = ticks("sensitive", "large_scale", "documented_no_high_risk")
    for rebuttal in (None, NoHighRisk(by="FG", date=dt.date(2026, 3, 1), reason="  ")):
        result = screen(ticked, content, rebuttal=rebuttal)
        assert result.route is Route.CRITERIA and result.verdict is Verdict.REQUIRED
        assert result.rebuttal_incomplete


def test_a_written_no_high_risk_also_rebuts_the_risk_score(content: ScreeningContent) -> None:
    result = screen(ticks(*FIVE, "documented_no_high_risk"), content, rebuttal=WRITTEN)
    assert result.route is Route.DOCUMENTED and result.verdict is Verdict.RECOMMENDED


@pytest.mark.parametrize(("always", "route"), [("camera", Route.AP_LIST), ("art35_3a", Route.STATUTORY)])
def test_documented_no_high_risk_does_not_lift_other_routes(
    content: ScreeningContent, always: str, route: Route
) -> None:
    result = screen(
        ticks(always, "sensitive", "large_scale", "documented_no_high_risk"), content, rebuttal=WRITTEN
    )
    assert result.verdict is Verdict.REQUIRED and not result.rebuttable and result.route is route
    assert "documented_no_high_risk" not in {r.id for r in result.reasons}


def test_documented_no_high_risk_does_not_lift_new_legislation(content: ScreeningContent) -> None:
    ticked = ticks("central_government", "new_legislation", "documented_no_high_risk")
    result = screen(ticked, content, rebuttal=WRITTEN)
    assert result.route is Route.POLICY and result.verdict is Verdict.REQUIRED


def test_documented_alone_or_with_one_criterion_changes_nothing(content: ScreeningContent) -> None:
    assert screen(ticks("documented_no_high_risk"), content, rebuttal=WRITTEN).verdict is Verdict.NOT_REQUIRED
    result = screen(ticks("vulnerable", "documented_no_high_risk"), content, rebuttal=WRITTEN)
    assert result.verdict is Verdict.RECOMMENDED and [r.id for r in result.reasons] == ["vulnerable"]


@pytest.mark.parametrize(
    ("item_id", "nl", "en"),
    [
        ("art35_3a", "AVG art. 35 lid 3 onder a", "GDPR Art. 35(3)(a)"),
        ("art35_3b", "AVG art. 35 lid 3 onder b", "GDPR Art. 35(3)(b)"),
        ("art35_3c", "AVG art. 35 lid 3 onder c", "GDPR Art. 35(3)(c)"),
        ("other_high_risk", "AVG art. 35 lid 1", "GDPR Art. 35(1)"),
    ],
)
def test_each_statutory_item_alone_is_required_and_names_its_article(
    content: ScreeningContent, item_id: str, nl: str, en: str
) -> None:
    result = screen(ticks(item_id), content)
    assert result.verdict is Verdict.REQUIRED and result.route is Route.STATUTORY
    assert [r.id for r in result.always] == [item_id] and result.criteria == []
    assert nl in reason_lines(result, "nl")[0] and en in reason_lines(result, "en")[0]


@pytest.mark.parametrize("item_id", [item.id for item in shipped_content().screening.ap_list])
def test_any_ap_item_alone_is_required_and_cites_the_list(content: ScreeningContent, item_id: str) -> None:
    result = screen(ticks(item_id), content)
    assert result.verdict is Verdict.REQUIRED and result.route is Route.AP_LIST
    assert [r.id for r in result.always] == [item_id] and result.criteria == []
    assert "AVG art. 35 lid 4" in reason_lines(result, "nl")[0]
    assert "GDPR Art. 35(4)" in reason_lines(result, "en")[0]


def test_new_legislation_is_central_government_policy_not_the_ap_list(content: ScreeningContent) -> None:
    """A53, N2: its own reason, not the AP list's; binding only on central government."""
    result = screen(ticks("central_government", "new_legislation"), content)
    assert (
        result.verdict is Verdict.REQUIRED and result.route is Route.POLICY and result.basis is Basis.POLICY
    )
    assert not result.legally_required
    assert verdict_text(result, content, "nl").startswith("DPIA verplicht volgens rijksbeleid")
    nl, en = reason_lines(result, "nl")[0], reason_lines(result, "en")[0]
    assert "Rijksbeleid" in nl and "geen punt van de AP-lijst" in nl and "AVG art. 35 lid 10" in nl
    assert "central-government policy" in en and "not an item of the AP's list" in en
    assert "Autoriteit Persoonsgegevens" not in nl  # not the AP-list line


@pytest.mark.parametrize("sector", [Sector.GOVERNMENT, Sector.COMPANY, Sector.HEALTHCARE])
def test_policy_routes_only_advise_an_organisation_outside_central_government(
    content: ScreeningContent, sector: Sector
) -> None:
    """N1, N2: a municipality or a company that ticks new legislation or passes the risk score is
    advised, not obliged; a company cannot make itself central government by a stray tick."""
    for ticked in (ticks("new_legislation"), ticks(*FIVE), ticks("central_government", *FIVE)):
        result = screen(ticked, content, sector=sector)
        central = sector is Sector.GOVERNMENT and "central_government" in ticked
        assert result.basis is Basis.POLICY and not result.legally_required
        assert result.verdict is (Verdict.REQUIRED if central else Verdict.RECOMMENDED)
        wording = verdict_text(result, content, "nl")
        assert ("verplicht volgens rijksbeleid" if central else "aanbevolen (rijksbeleid") in wording
        assert "geen wettelijke plicht" in wording
        assert (t("screening.policy_scope_ask", "nl") in reason_lines(result, "nl")) == (
            sector is Sector.GOVERNMENT and not central
        )


def test_the_law_comes_before_policy(content: ScreeningContent) -> None:
    result = screen(ticks("sensitive", "large_scale", *FIVE), content, sector=Sector.COMPANY)
    assert result.route is Route.CRITERIA and result.basis is Basis.LAW and result.legally_required


def test_always_items_come_first_among_reasons(content: ScreeningContent) -> None:
    result = screen(ticks("evaluation", "credit_scoring", "art35_3b", "new_legislation"), content)
    assert [r.id for r in result.reasons] == ["art35_3b", "credit_scoring", "new_legislation", "evaluation"]


def test_unticked_and_unknown_items_do_not_count(content: ScreeningContent) -> None:
    assert not screen({"camera": False, "no_such_item": True}, content).filled


# -- the risk score ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("factor_id", "ticked", "points"),
    [
        ("ordinary", (), 0),
        ("ordinary", ("rs_ordinary_many",), 1),
        ("special", ("rs_special",), 1),
        ("special", ("rs_special_many",), 2),
        ("special", ("rs_special", "rs_special_many"), 2),
        ("sensitive", ("rs_sensitive",), 1),
        ("sensitive", ("rs_sensitive_many",), 2),
        ("subjects", ("rs_subjects_staff", "rs_subjects_public"), 0),  # 1 + 1 <= 2
        ("subjects", ("rs_subjects_children",), 1),  # 3
        ("subjects", ("rs_subjects_vulnerable",), 1),
        ("subjects", ("rs_subjects_children", "rs_subjects_staff"), 2),  # 4
        ("subjects", ("rs_subjects_children", "rs_subjects_vulnerable"), 2),
        ("volume", ("rs_volume",), 1),
        ("frequency", ("rs_frequency",), 1),
        ("retention", ("rs_retention",), 1),
        ("transfer", ("rs_transfer",), 1),
        ("transfer", ("rs_transfer_special",), 2),
        ("transfer", ("rs_transfer", "rs_transfer_special"), 2),
        ("base_registry", ("rs_base_registry",), 1),
        ("minors", ("rs_minors_possible",), 1),
        ("minors", ("rs_minors_primary",), 2),
        ("minors", ("rs_minors_possible", "rs_minors_primary"), 2),
    ],
)
def test_each_risk_factor_gives_the_prescans_points(
    content: ScreeningContent, factor_id: str, ticked: tuple[str, ...], points: int
) -> None:
    assert content.risk_score is not None
    factor = next(f for f in content.risk_score.factors if f.id == factor_id)
    assert factor.points(ticks(*ticked)) == points


FIVE = ("rs_sensitive", "rs_volume", "rs_frequency", "rs_retention", "rs_base_registry")


def test_risk_score_above_the_threshold_is_required_and_names_the_route(content: ScreeningContent) -> None:
    at_threshold = screen(ticks(*FIVE[:4]), content)
    assert at_threshold.risk is not None and at_threshold.risk.total == 4
    assert at_threshold.verdict is Verdict.NOT_REQUIRED and at_threshold.reasons == []
    above = screen(ticks(*FIVE), content)
    assert above.verdict is Verdict.RECOMMENDED and above.route is Route.RISK_SCORE and above.rebuttable
    assert above.basis is Basis.POLICY
    assert [r.id for r in above.reasons] == [RISK_SCORE_ID]
    nl = reason_lines(above, "nl")[0]
    assert "pre-scan DPIA" in nl and "5 punten, meer dan 4" in nl and "basisregistratie" in nl
    assert "5 points, more than 4" in reason_lines(above, "en")[0]
    assert risk_score_line(above, "nl") == t("screening.risk_score_status", "nl", score=5, threshold=4)


def test_risk_score_comes_after_the_always_items_and_before_criteria(content: ScreeningContent) -> None:
    result = screen(ticks("camera", "vulnerable", *FIVE), content)
    assert [r.id for r in result.reasons] == ["camera", RISK_SCORE_ID, "vulnerable"]
    assert result.route is Route.AP_LIST


def test_risk_score_threshold_comes_from_the_content(tmp_path: Path) -> None:
    data = shipped_data()
    data["risk_score"]["threshold"] = 5
    stricter = load_changed(tmp_path, data)
    assert screen(ticks(*FIVE), stricter).verdict is Verdict.NOT_REQUIRED
    assert screen(ticks(*FIVE, "rs_transfer"), stricter).route is Route.RISK_SCORE


# -- companion assessments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        (("transfer_no_adequacy",), {"transfer_impact"}),
        (("rs_transfer",), set()),  # a transfer under an adequacy decision: no TIA
        (("impactful_algorithm",), {"iama"}),
        (("high_risk_ai",), {"iama", "fria"}),
        (("rs_minors_primary",), {"childrens_rights"}),
        (("rs_minors_possible",), set()),
        (("camera",), {"prior_consultation"}),
        (("vulnerable",), set()),
    ],
)
def test_companions_follow_their_triggers(
    content: ScreeningContent, ticked: tuple[str, ...], expected: set[str]
) -> None:
    assert {c.id for c in screen(ticks(*ticked), content).companions} == expected


def test_companion_ticks_do_not_change_the_verdict(content: ScreeningContent) -> None:
    items = [item.id for item in content.companion_items]
    assert screen(ticks(*items), content).verdict is Verdict.NOT_REQUIRED


@pytest.mark.parametrize("lang", LANGUAGES)
def test_companion_lines_give_name_and_reason(content: ScreeningContent, lang: Language) -> None:
    result = screen(ticks("transfer_no_adequacy", "high_risk_ai", "rs_minors_primary", "camera"), content)
    lines = companion_lines(result, lang)
    assert len(lines) == 5
    joined = " ".join(lines)
    for needle in {
        "nl": (
            "clausule 14",
            "C-311/18",
            "AI-verordening art. 27",
            "overweging 38",
            "AVG art. 36 lid 1",
            "IAMA",
        ),
        "en": ("clause 14", "C-311/18", "AI Act Art. 27", "recital 38", "GDPR Art. 36(1)", "IAMA"),
    }[lang]:
        assert needle in joined


# -- the content file --------------------------------------------------------------------------------


def test_thresholds_come_from_the_content(tmp_path: Path) -> None:
    data = shipped_data()
    data["rules"]["required_min_criteria"] = 3
    stricter = load_changed(tmp_path, data)
    assert screen(ticks("sensitive", "large_scale"), stricter).verdict is Verdict.RECOMMENDED
    assert screen(ticks("sensitive", "large_scale", "matching"), stricter).verdict is Verdict.REQUIRED


def test_broken_screening_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "screening.yaml"
    write_yaml(path, {"rules": {"required_min_criteria": 2}})
    with pytest.raises(ContentError, match=r"screening\.yaml: field"):
        load_screening(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["companions"][0].update(triggers=["nope"]), "unknown triggers"),
        (lambda d: d["statutory"][0].pop("ground"), "names its ground"),
        (lambda d: d["criteria"][0]["text"].pop("en"), "give a text in 'en'"),
        (lambda d: d["ap_list"].append(dict(d["ap_list"][0])), "unique"),
    ],
)
def test_content_mistakes_are_refused(tmp_path: Path, change: Any, message: str) -> None:
    data = shipped_data()
    change(data)
    with pytest.raises(ContentError, match=message):
        load_changed(tmp_path, data)


# -- old scans ----------------------------------------------------------------------------------------


def test_an_old_scan_with_an_unknown_screening_id_still_loads_and_screens() -> None:
    data = {"schema_version": 1, "screening": {"dropped_in_v1": True, "vulnerable": True}}
    imported = import_data(data, shipped_content())
    assert imported.assessment.screening == {"vulnerable": True}  # the unknown tick left out, and named
    assert imported.unknown_ids == ["screening.dropped_in_v1"]
    result = evaluate(imported.assessment, shipped_content()).screening
    assert result.verdict is Verdict.RECOMMENDED and [r.id for r in result.reasons] == ["vulnerable"]


# -- the legal review's C.5 scenarios ---------------------------------------------------------------------


def test_c5_municipality_change_of_address_is_required_and_keeps_its_level() -> None:
    """BRP, BSN, ~9,000 changes a year: the v2 wording ticks `sensitive` (BSN) and the risk score is 5.

    The demo's DPIA is done, so its level stays Goed."""
    demo = load_demo("gemeente-verhuizen", shipped_content()).assessment
    before = evaluate(demo, shipped_content())
    v2 = ("sensitive", "rs_sensitive", "rs_subjects_public", "rs_volume", "rs_frequency", "rs_retention")
    demo.screening = {**demo.screening, **ticks(*v2, "rs_base_registry")}
    after = evaluate(demo, shipped_content())
    # Two criteria (BSN, 10,000+ people) decide it in law; the risk score is policy and comes after.
    assert after.screening.verdict is Verdict.REQUIRED and after.screening.route is Route.CRITERIA
    assert after.screening.risk is not None and after.screening.risk.total == 5
    assert demo.dpia.done is Answer.YES and after.level == before.level
    assert after.level is not None and after.level.id == "good"


def test_c5_company_newsletter_is_not_required() -> None:
    """8,500 subscribers, US sub-processor under the DPF (adequacy): no DPIA, no TIA."""
    demo = load_demo("bedrijf-nieuwsbrief", shipped_content()).assessment
    assert screen(demo.screening, shipped_content().screening).verdict is Verdict.NOT_REQUIRED
    result = screen(
        ticks("rs_subjects_public", "rs_frequency", "rs_retention", "rs_transfer"),
        shipped_content().screening,
    )
    assert result.verdict is Verdict.NOT_REQUIRED and result.risk is not None and result.risk.total == 3
    assert result.companions == []


def test_c5_care_group_patient_letters_is_required() -> None:
    demo = load_demo("zorg-patientbrieven", shipped_content()).assessment
    result = screen(demo.screening, shipped_content().screening)
    assert result.verdict is Verdict.REQUIRED and result.route is Route.AP_LIST
    assert "health" in {r.id for r in result.always}


def test_c5_small_firm_on_microsoft_365_is_not_required(content: ScreeningContent) -> None:
    """Using e-mail is not the AP's communication-data item: nothing to tick, no false 'verplicht'."""
    result = screen(ticks("rs_subjects_staff", "rs_frequency", "rs_retention"), content)
    assert result.verdict is Verdict.NOT_REQUIRED


def test_c5_benefit_fraud_model_with_staff_review_is_required(content: ScreeningContent) -> None:
    """Staff 'review' the scores: still 35(3)(a), and two criteria even without the AP list."""
    criteria_only = screen(ticks("evaluation", "automated_decision"), content)
    assert criteria_only.verdict is Verdict.REQUIRED
    full = screen(
        ticks("art35_3a", "fraud_prevention", "profiling", "evaluation", "automated_decision"), content
    )
    assert full.route is Route.STATUTORY
    assert "AVG art. 35 lid 3 onder a" in reason_lines(full, "nl")[0]
    assert {r.id for r in full.always} == {"art35_3a", "fraud_prevention", "profiling"}
