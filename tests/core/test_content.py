"""The content catalogue: the shipped one is complete and correct, a broken one is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pia_core.content.bundle import shipped_content
from pia_core.content.loader import Catalogue, ContentError, load_catalogue
from pia_core.scan.model import LANGUAGES, Sector

from ..conftest import write_yaml


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


def test_shipped_catalogue_has_step_zero_and_ten_plan_steps(shipped: Catalogue) -> None:
    assert [s.number for s in shipped.steps] == list(range(11))


def test_shipped_catalogue_size(shipped: Catalogue) -> None:
    assert len(shipped.questions) >= 60
    for step in shipped.steps:
        # At most ten questions that one organisation sees per step (README: per step and sector).
        for sector in Sector:
            asked = len(step.applicable(sector))
            assert 5 <= asked <= 10, f"step {step.number} asks {asked} questions of {sector.value}"


def test_every_text_exists_in_both_languages(shipped: Catalogue) -> None:
    for step in shipped.steps:
        for lang in LANGUAGES:
            assert step.title(lang).strip() and step.intro(lang).strip()
        for q in step.questions:
            for lang in LANGUAGES:
                text = q.text(lang)
                assert text.text.strip() and text.do.strip() and text.action.strip()
            assert q.text("nl").text != q.text("en").text, f"{q.id} is not translated"


def test_every_reference_formats_in_both_languages(shipped: Catalogue) -> None:
    for q in shipped.questions.values():
        nl, en = shipped.references(q, "nl"), shipped.references(q, "en")
        assert nl and len(nl) == len(en)


@pytest.mark.parametrize(
    ("sector", "needle"),
    [
        (Sector.GOVERNMENT, "BRP"),
        (Sector.HEALTHCARE, "NEN 7510"),
        (Sector.HEALTHCARE, "NTA 7516"),
        (Sector.HEALTHCARE, "7:454"),
        (Sector.EDUCATION, "Auteurswet art. 21"),
        (Sector.EDUCATION, "Convenant Digitale Onderwijsmiddelen en Privacy"),
        (Sector.EDUCATION, "Wet op het primair onderwijs"),
        (Sector.GOVERNMENT, "Algoritmeregister"),
    ],
)
def test_sector_questions_cite_the_sector_law(shipped: Catalogue, sector: Sector, needle: str) -> None:
    cited = [
        ref
        for q in shipped.questions.values()
        if q.spec.sectors and sector in q.spec.sectors
        for ref in shipped.references(q, "nl")
    ]
    assert any(needle in ref for ref in cited), f"no {sector.value} question cites {needle}"


def test_government_digital_channel_only_with_citizens_choice(shipped: Catalogue) -> None:
    refs = {ref for q in shipped.questions.values() for ref in shipped.references(q, "nl") if q.spec.sectors}
    assert "Awb art. 2:8" in refs


# The old method's errors (see the reference): none may appear in any text we ship.
OLD_ERRORS = [
    (r"\bGBA\b", "the GBA is the BRP since 2014"),
    (r"art(?:ikel|\.)\s*58\b", "art. 58 are the AP's powers, not the FG's"),
    (r"jaarverslag|annual report", "the GDPR has no FG annual-report duty"),
    (r"\b9 jaar|\bnine years|\b9 years", "tax retention is 7 years"),
    (r"zo breed mogelijk|as broadly as possible", "purposes must be specific"),
    (r"ontheffing|dispensation", "the AP grants no dispensation for special data"),
    (r"vrijstelling van (de )?melding|exempt(ion)? from notification", "notification no longer exists"),
]


def _all_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml")))


@pytest.mark.parametrize(("pattern", "why"), OLD_ERRORS)
def test_no_old_method_errors(pattern: str, why: str) -> None:
    from pia_core import CONTENT_DIR

    match = re.search(pattern, _all_text(CONTENT_DIR), flags=re.IGNORECASE)
    assert match is None, f"{why}: found {match.group(0)!r}"


def test_special_categories_cite_article_9_not_22(shipped: Catalogue) -> None:
    for q in shipped.questions.values():
        for ref in q.references:
            assert not (ref.law == "AVG" and ref.article == "22" and "bijzonder" in q.text("nl").text.lower())


# Broken content is reported with the file and the field.


def test_missing_field_names_file_and_field(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_01.yaml"
    data = yaml.safe_load(path.read_text())
    del data["questions"][0]["weight"]
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"step_01\.yaml: field 'questions\.0\.weight'"):
        load_catalogue(tiny_content)


def test_misspelt_key_is_an_error(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_02.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][1]["critcal"] = True
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"step_02\.yaml: field 'questions\.1\.critcal'"):
        load_catalogue(tiny_content)


def test_unknown_law_is_reported(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_02.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["references"] = ["Wbp 33"]
    write_yaml(path, data)
    with pytest.raises(
        ContentError, match=r"step_02\.yaml: field 'questions\.0\.references\.0': unknown law"
    ):
        load_catalogue(tiny_content)


def test_missing_translation_is_reported(tiny_content: Path) -> None:
    path = tiny_content / "text" / "en" / "step_01.yaml"
    data = yaml.safe_load(path.read_text())
    del data["questions"]["s1_b"]
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"en/step_01\.yaml: field 'questions': no text for s1_b"):
        load_catalogue(tiny_content)


def test_invalid_yaml_is_reported(tiny_content: Path) -> None:
    (tiny_content / "text" / "nl" / "step_02.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"nl/step_02\.yaml: not valid YAML"):
        load_catalogue(tiny_content)


def test_duplicate_question_id_is_reported(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_02.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["id"] = "s1_a"
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"s1_a also in"):
        load_catalogue(tiny_content)


def test_levels_must_rise(tiny_content: Path) -> None:
    path = tiny_content / "scoring.yaml"
    data = yaml.safe_load(path.read_text())
    data["levels"][1]["min"] = 90
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"scoring\.yaml: field 'levels'"):
        load_catalogue(tiny_content)


@pytest.mark.parametrize(
    ("text", "nl", "en"),
    [
        ("AVG 28(3)", "AVG art. 28 lid 3", "GDPR Art. 28(3)"),
        ("AVG 5(1)(b)", "AVG art. 5 lid 1 sub b", "GDPR Art. 5(1)(b)"),
        ("BW 7:454(3)", "BW art. 7:454 lid 3", "Dutch Civil Code Art. 7:454(3)"),
        ("Tw 11.7", "Telecommunicatiewet art. 11.7", "Dutch Telecommunications Act Art. 11.7"),
        ("NEN 7510", "NEN 7510", "NEN 7510 (information security in healthcare)"),
    ],
)
def test_reference_formatting(shipped: Catalogue, text: str, nl: str, en: str) -> None:
    from pia_core.content.schema import Reference

    ref = Reference.parse(text, shipped.laws)
    assert ref.format(shipped.laws, "nl") == nl
    assert ref.format(shipped.laws, "en") == en


def test_do_hints_do_not_repeat_the_good_label(shipped: Catalogue) -> None:
    # The app puts "Goed:" / "Good:" in front of every do-hint; the text must not say it again.
    from pia_core.i18n import t

    for q in shipped.questions.values():
        for lang in LANGUAGES:
            label = t("step.good", lang).rstrip(":")
            assert not q.text(lang).do.startswith(label), q.id


def test_impact_must_fit_the_fine_tier(tiny_content: Path) -> None:
    """A duty the AVG fines in its higher tier (art. 83(5)) cannot be entered as a small matter."""
    path = tiny_content / "steps" / "step_01.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0].update({"fine_tier": "83(5)", "impact": "low"})
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"step_01\.yaml.*fine tier 83\(5\) needs impact high"):
        load_catalogue(tiny_content)


def test_unknown_fact_is_reported(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_02.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["na_conflicts"] = ["special_dataa"]
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"step_02\.yaml.*na_conflicts.*unknown fact 'special_dataa'"):
        load_catalogue(tiny_content)


def test_a_replaced_question_cannot_still_be_asked(tiny_content: Path) -> None:
    path = tiny_content / "steps" / "step_02.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["replaces"] = ["s1_b"]
    write_yaml(path, data)
    with pytest.raises(ContentError, match=r"replaces.*s1_b"):
        load_catalogue(tiny_content)


def test_facts_name_real_screening_items_and_every_question_has_a_tier(shipped: Catalogue) -> None:

    items = {item.id for item in shipped_content().screening.all_items}
    for fact_id, fact in shipped.facts.items():
        assert set(fact.screening) <= items, fact_id
        assert fact.name["nl"] and fact.name["en"]
    higher = [q for q in shipped.questions.values() if q.spec.fine_tier.value == "83(5)"]
    assert higher and all(q.spec.impact.value == "high" for q in higher)


# Catalogue v2, steps 0-5 (issue 10): the review's corrections and the coverage questions.


def test_email_opt_in_applies_to_every_sender_and_cites_its_paragraphs(shipped: Catalogue) -> None:
    """Tw 11.7 binds every sender (schools, care providers, charities), not only companies (A22)."""
    question = shipped.questions["s5_email_optin"]
    assert set(question.spec.sectors or Sector) >= {
        Sector.COMPANY,
        Sector.HEALTHCARE,
        Sector.EDUCATION,
        Sector.OTHER,
    }
    refs = shipped.references(question, "nl")
    for paragraph in ("lid 1", "lid 3", "lid 4"):
        assert f"Telecommunicatiewet art. 11.7 {paragraph}" in refs


# id -> (sectors, how it may be critical); None = every sector.
COVERAGE_0_5: dict[str, tuple[set[Sector] | None, str]] = {
    "s0_fg_notified_ap": (None, "never"),
    "s1_ai_act": (None, "never"),
    "s1_education_covenant": ({Sector.EDUCATION}, "never"),
    "s1_parents_rights": ({Sector.EDUCATION}, "never"),
    "s1_algorithm_register": ({Sector.GOVERNMENT}, "never"),
    "s2_privacy_notice": (None, "facts"),
    "s2_automated_decision": (None, "facts"),
    "s2_pupil_photos": ({Sector.EDUCATION}, "never"),
    "s3_sensitive_by_email": (None, "facts"),
    "s3_sick_leave": (None, "never"),
    "s3_id_copy": (None, "never"),
    "s3_pupil_health": ({Sector.EDUCATION}, "never"),
    "s4_proportionality": (None, "never"),
    "s4_cookies": (None, "never"),
    "s4_pupil_access": ({Sector.EDUCATION}, "never"),
    "s5_marketing_objection": (None, "never"),
    "s5_telemarketing": (None, "never"),
}


@pytest.mark.parametrize("question_id", sorted(COVERAGE_0_5))
def test_coverage_questions_exist_with_their_sector_and_criticality(
    shipped: Catalogue, question_id: str
) -> None:
    sectors, critical = COVERAGE_0_5[question_id]
    spec = shipped.questions[question_id].spec
    assert (set(spec.sectors) if spec.sectors else None) == sectors
    # New questions are not critical on their own; some are, through facts (issue 19: transparency,
    # automated decisions).
    assert not spec.critical
    assert bool(spec.critical_when) == (critical == "facts")


def test_sensitive_data_by_email_is_critical_only_when_the_scan_knows_them(shipped: Catalogue) -> None:
    spec = shipped.questions["s3_sensitive_by_email"].spec
    assert set(spec.critical_when) == {"special_data", "bsn"}
    assert set(spec.na_conflicts) == {"special_data", "bsn"}


def test_education_is_a_real_sector(shipped: Catalogue) -> None:
    own = [q for q in shipped.questions.values() if q.spec.sectors == [Sector.EDUCATION]]
    assert len(own) >= 5
    # Every school board needs an FG: N.v.t. on the FG questions contradicts the sector (A2).
    assert "public_body" in shipped.questions["s0_fg_appointed"].spec.na_conflicts
    assert Sector.EDUCATION in shipped.facts["public_body"].sectors


def test_steps_0_to_5_stay_within_ten_questions_for_every_sector(shipped: Catalogue) -> None:
    for step in shipped.steps[:6]:
        for sector in Sector:
            assert 5 <= len(step.applicable(sector)) <= 10, (step.number, sector)


def test_compound_duty_questions_say_when_to_choose_partly(shipped: Catalogue) -> None:
    """A question that tests more than one element tells the user to choose Deels (review A5)."""
    for question_id in ("s0_fg_independent", "s1_parents_rights", "s2_privacy_notice"):
        question = shipped.questions[question_id]
        assert 'Kies "Deels"' in (question.text("nl").explanation or ""), question_id
        assert 'Choose "Partly"' in (question.text("en").explanation or ""), question_id


# The legal review's corrections for steps 6-10 (issue 10, review table A rows A23-A37 and A58).


def test_no_unverified_claims_ship() -> None:
    """The review marked points "(verify)"; nothing marked so may reach the product."""
    from pia_core import CONTENT_DIR

    assert "(verify" not in _all_text(CONTENT_DIR).lower()


def test_english_steps_6_to_10_use_one_term_for_the_notice_and_the_record() -> None:
    """Review A58 for steps 6-10: "privacy notice" and "record of processing activities"."""
    from pia_core import CONTENT_DIR

    files = [CONTENT_DIR / "text" / "en" / f"step_{n:02d}.yaml" for n in range(6, 11)]
    english = " ".join(re.sub(r"\s+", " ", f.read_text(encoding="utf-8")) for f in files)
    assert "privacy statement" not in english.lower()
    assert not re.search(r"record of processing(?! activities)", english)


def test_a_processor_is_a_recipient_not_a_third_party(shipped: Catalogue) -> None:
    q = shipped.questions["s6_flows_documented"]
    assert {"AVG 4(9)", "AVG 4(10)"} <= set(q.spec.references)
    assert "Een derde is elke partij" not in (q.text("nl").explanation or "")


def test_transfers_name_the_data_privacy_framework_and_the_transfer_assessment(shipped: Catalogue) -> None:
    transfer = shipped.questions["s6_outside_eea"]
    assert transfer.spec.critical
    assert {"AVG 46(1)", "AVG 47", "AVG 49(1)", "AVG 14(1)(f)"} <= set(transfer.spec.references)
    for lang in LANGUAGES:
        assert "Data Privacy Framework" in (transfer.text(lang).explanation or "")
    assessment = shipped.questions["s6_transfer_assessment"]
    assert "AVG 46(1)" in assessment.spec.references and not assessment.spec.sectors


@pytest.mark.parametrize(
    ("sector", "question", "law"),
    [
        (Sector.HEALTHCARE, "s6_medical_secrecy", "BW 7:457(1)"),
        (Sector.HEALTHCARE, "s10_patient_file_destruction", "BW 7:455(1)"),
        (Sector.GOVERNMENT, "s8_government_bio", "BIO2"),
        (Sector.GOVERNMENT, "s9_archiefwet", "Archiefwet 5"),
    ],
)
def test_sector_questions_of_steps_6_to_10(
    shipped: Catalogue, sector: Sector, question: str, law: str
) -> None:
    q = shipped.questions[question]
    assert q.spec.sectors == [sector] and law in q.spec.references


def test_monitoring_and_cameras_cannot_be_waved_away_when_the_dpia_check_says_so(shipped: Catalogue) -> None:
    assert shipped.questions["s7_employee_monitoring"].spec.na_conflicts == ["staff_monitoring"]
    assert shipped.questions["s9_camera_footage"].spec.na_conflicts == ["cameras"]
    assert {"WOR 27(1)(k)", "WOR 27(1)(l)"} <= set(shipped.questions["s7_works_council"].spec.references)


def test_knltb_example_tells_the_court_ruling(shipped: Catalogue) -> None:
    for question in ("s6_own_basis", "s7_original_purpose_only"):
        nl = shipped.questions[question].text("nl").explanation or ""
        en = shipped.questions[question].text("en").explanation or ""
        assert "2024" in nl and "250.000" in nl and "2024" in en and "250,000" in en


def test_cost_assumptions_cite_current_sources() -> None:

    sources = {name: d.source["nl"] for name, d in shipped_content().flows.assumptions.items()}
    assert "2018" not in sources["postage"]  # the unverifiable ACM 2018 bulk-mail figure is gone
    assert "Logius" in sources["digital"] and "2023" in sources["digital"]
    assert "1,13" in sources["production"] and "laag" in sources["production"]
    assert "Sinds 1 januari 2026 mag" not in sources["opt_in"]


def test_compound_questions_of_steps_6_to_10_say_when_to_choose_partly(shipped: Catalogue) -> None:
    """Review A5 for steps 6-10: a question with more than one element tells when Deels fits."""
    for question_id in (
        "s6_flows_documented",
        "s7_employee_monitoring",
        "s8_access_rights",
        "s8_devices_protected",
        "s8_breach_procedure",
        "s9_backups_secure",
    ):
        question = shipped.questions[question_id]
        assert 'Kies "Deels"' in (question.text("nl").explanation or ""), question_id
        assert 'Choose "Partly"' in (question.text("en").explanation or ""), question_id


def test_a_list_of_references_names_each_law_once_per_run(shipped: Catalogue) -> None:
    """Issue 20 (11): "UAVG art. 22; art. 23", not the law's full name before every article."""
    question = shipped.questions["s3_special_exception"]
    en = shipped.reference_text(question.references, "en")
    assert en.count("UAVG (Dutch GDPR Implementation Act)") == 1 and "; Art. 23" in en
    nl = shipped.reference_text(["AVG 32(1)(a)", "AVG 5(1)(f)", "NTA 7516", "AVG 9(1)"], "nl")
    assert nl == "AVG art. 32 lid 1 sub a; art. 5 lid 1 sub f; NTA 7516; AVG art. 9 lid 1"
