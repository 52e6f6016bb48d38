"""The DPIA screening against the Rijksoverheid's Pre-scan DPIA v2.0 (MinBZK par-dpia-form prescan.yaml).

Each case is answered twice: as the pre-scan asks it (`Prescan`, applied by `prescan_outcome`, a
re-statement of the pre-scan's `assessments:` rules and risk-score calculations as written in the
YAML) and as this tool asks it (the ticks). Both verdicts are asserted. Where they differ, the test
asserts this tool's verdict and the case's `why` says why the tool differs on purpose.

The pre-scan as written, not as its engine runs: reading packages/assessment-core/src/stores/calculations.ts,
`weightedCountMap` matches option values exactly, while prescan.yaml's values carry a prefix
("Categorie betrokkenen: ...", "Basisregistratie: ..."), and the minors calculation sits inside a
`dependencies` entry where the engine does not look. Here those factors count as the YAML intends.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pia_core.analysis.screening import Route, Verdict, screen
from pia_core.content.bundle import shipped_content
from pia_core.scan.model import NoHighRisk

R, A, N = Verdict.REQUIRED, Verdict.RECOMMENDED, Verdict.NOT_REQUIRED
# A case that ticks "documented no high risk" has written down why (who, when, why).
REBUTTAL = NoHighRisk(by="FG", reason="Alleen eigen personeel, korte bewaartermijn, geen profilering.")

# prescan.yaml 1.4.1: weights of the groups of people; 5.1.2: base registries that count.
SUBJECT_WEIGHTS = {"staff": 1, "public": 1, "children": 3, "vulnerable": 3}
COUNTING_REGISTRIES = {"BRI", "BRK", "BRP", "BRV", "WOZ", "HR"}
MONTHLY_OR_MORE = {"Continu", "Vaker dan maandelijks", "Minstens maandelijks"}
YEAR_OR_MORE = {"Jaar", "Aantal jaren"}


@dataclass(frozen=True)
class Prescan:
    """The pre-scan's answers that decide its outcome (question numbers of prescan.yaml)."""

    new_legislation: bool = False  # 0.1
    ordinary_kinds: int = 0  # 1.1.2
    special_kinds: int = 0  # 1.2.2
    sensitive_kinds: int = 0  # 1.3.2
    subjects: frozenset[str] = frozenset()  # 1.4.1
    volume_10k: bool = False  # 1.5.1
    frequency: str = "Eenmalig"  # 1.5.3
    retention: str = "Minder dan 1 maand"  # 1.5.4
    transfer: bool = False  # 2.1.1
    outside_eea: bool = False  # 2.1.3 or 2.1.4 "Buiten EER"
    mechanism: str = ""  # 2.1.6
    transfer_special: bool = False  # 2.1.8
    ap_items: int = 0  # 3.1
    edpb_items: int = 0  # 4.1
    registries: frozenset[str] = frozenset()  # 5.1.2
    high_risk_ai: bool = False  # 6.1.2
    impactful_algorithm: bool = False  # 6.1.3
    digital_service: bool = False  # 7.1.1
    minors_primary: bool = False  # 7.1.2
    shows_no_minors: bool = False  # 7.1.3


def _kinds(count: int) -> int:
    return 0 if count == 0 else 1 if count <= 6 else 2


def prescan_risk_score(p: Prescan) -> int:
    subjects = sum(SUBJECT_WEIGHTS[s] for s in p.subjects)
    minors = 2 if p.minors_primary else 1 if p.digital_service and not p.shows_no_minors else 0
    # 2.1.8: 2 with special data; the cloud clause reads question '0.4.1', which does not exist.
    transfer = (2 if p.transfer_special else 1) if p.transfer else 0
    return (
        (1 if p.ordinary_kinds >= 6 else 0)
        + _kinds(p.special_kinds)
        + _kinds(p.sensitive_kinds)
        + (0 if subjects <= 2 else 1 if subjects == 3 else 2)
        + (1 if p.volume_10k else 0)
        + (1 if p.frequency in MONTHLY_OR_MORE else 0)
        + (1 if p.retention in YEAR_OR_MORE else 0)
        + transfer
        + (1 if p.registries & COUNTING_REGISTRIES else 0)
        + (minors if p.digital_service else 0)
    )


def prescan_outcome(p: Prescan) -> tuple[Verdict, frozenset[str]]:
    """The pre-scan's DPIA level and its other assessments (DTIA, KIA, IAMA)."""
    if p.new_legislation or prescan_risk_score(p) > 4 or p.ap_items >= 1 or p.edpb_items >= 2:
        verdict = R
    elif p.edpb_items == 1:
        verdict = A
    else:
        verdict = N
    others = set()
    if (
        p.transfer
        and p.outside_eea
        and p.mechanism in ("Standaard contractsbepaling (SCC)", "Overig mechanisme")
    ):
        others.add("DTIA")
    if p.digital_service and p.minors_primary:
        others.add("KIA")
    if p.high_risk_ai or p.impactful_algorithm:
        others.add("IAMA")
    return verdict, frozenset(others)


@dataclass(frozen=True)
class Case:
    id: str
    prescan: Prescan
    ticks: tuple[str, ...]
    prescan_verdict: Verdict
    tool_verdict: Verdict
    prescan_others: frozenset[str] = frozenset()
    companions: frozenset[str] = frozenset()  # this tool's companion ids, besides the art. 36 note
    why: str = ""  # where the verdicts or the other assessments differ: why this tool differs
    route: Route | None = None


SCC = "Standaard contractsbepaling (SCC)"
BCR = "binding corporate rules/bindend bedrijfsvoorschrift (bcr)"
EVERY_MONTH, YEARS = "Minstens maandelijks", "Aantal jaren"

CASES = [
    Case(
        "newsletter_company",  # demo: 8,500 subscribers, US mailer under the DPF
        Prescan(
            ordinary_kinds=4,
            subjects=frozenset({"public"}),
            frequency=EVERY_MONTH,
            retention=YEARS,
            transfer=True,
            outside_eea=True,
            mechanism="Adequaatheidsbesluit",
        ),
        ("rs_subjects_public", "rs_frequency", "rs_retention", "rs_transfer"),
        N,
        N,
    ),
    Case(
        "municipality_change_of_address",  # demo, v2 wording (BSN is sensitive)
        Prescan(
            ordinary_kinds=4,
            sensitive_kinds=1,
            subjects=frozenset({"public"}),
            volume_10k=True,
            frequency="Continu",
            retention=YEARS,
            registries=frozenset({"BRP"}),
            edpb_items=2,
        ),
        (
            "sensitive",
            "large_scale",
            "rs_sensitive",
            "rs_subjects_public",
            "rs_volume",
            "rs_frequency",
            "rs_retention",
            "rs_base_registry",
        ),
        R,
        R,
        # Two criteria decide it in law before the risk score, a policy rule, is looked at.
        route=Route.CRITERIA,
    ),
    Case(
        "care_group_patient_letters",  # demo "Zorg: patiëntbrieven": health data at scale, BSN
        Prescan(
            ordinary_kinds=4,
            special_kinds=1,
            sensitive_kinds=1,
            subjects=frozenset({"public", "vulnerable"}),
            volume_10k=True,
            frequency="Continu",
            retention=YEARS,
            ap_items=1,
            edpb_items=3,
        ),
        (
            "health",
            "art35_3b",
            "sensitive",
            "large_scale",
            "vulnerable",
            "rs_special",
            "rs_sensitive",
            "rs_subjects_public",
            "rs_subjects_vulnerable",
            "rs_volume",
            "rs_frequency",
            "rs_retention",
        ),
        R,
        R,
        route=Route.STATUTORY,
    ),
    Case(
        "small_firm_office_365",  # C.5: 20 staff on Microsoft 365, data in the EU; e-mail use is no AP item
        Prescan(ordinary_kinds=3, subjects=frozenset({"staff"}), frequency="Continu", retention=YEARS),
        ("rs_subjects_staff", "rs_frequency", "rs_retention"),
        N,
        N,
    ),
    Case(
        "sports_club_with_youth_members",  # 12,000 members, a third under 16: the risk score decides
        Prescan(
            ordinary_kinds=6,
            subjects=frozenset({"public", "children"}),
            volume_10k=True,
            frequency=EVERY_MONTH,
            retention=YEARS,
            edpb_items=1,
        ),
        (
            "vulnerable",
            "rs_ordinary_many",
            "rs_subjects_public",
            "rs_subjects_children",
            "rs_volume",
            "rs_frequency",
            "rs_retention",
        ),
        R,
        A,
        route=Route.RISK_SCORE,
        why="The pre-scan's risk score is central-government policy (legal review N1): for a body outside "
        "the Rijksoverheid it recommends a DPIA; the law (art. 35(1), (3), the AP list, two WP248 "
        "criteria) does not require one on one criterion.",
    ),
    Case(
        "risk_score_exactly_at_the_threshold",  # 4 points is not more than 4; one criterion: recommended
        Prescan(ordinary_kinds=6, sensitive_kinds=2, frequency=EVERY_MONTH, retention=YEARS, edpb_items=1),
        ("large_scale", "rs_ordinary_many", "rs_sensitive", "rs_frequency", "rs_retention"),
        A,
        A,
        route=Route.ONE_CRITERION,
    ),
    Case(
        "educational_app_for_pupils",  # an app for primary-school pupils: risk score 7, KIA
        Prescan(
            ordinary_kinds=6,
            subjects=frozenset({"children"}),
            volume_10k=True,
            frequency="Continu",
            retention="Jaar",
            digital_service=True,
            minors_primary=True,
            edpb_items=1,
        ),
        (
            "vulnerable",
            "rs_ordinary_many",
            "rs_subjects_children",
            "rs_volume",
            "rs_frequency",
            "rs_retention",
            "rs_minors_primary",
        ),
        R,
        A,
        frozenset({"KIA"}),
        frozenset({"childrens_rights"}),
        route=Route.RISK_SCORE,
        why="The pre-scan's risk score is central-government policy (legal review N1): for a body outside "
        "the Rijksoverheid it recommends a DPIA; the law (art. 35(1), (3), the AP list, two WP248 "
        "criteria) does not require one on one criterion.",
    ),
    Case(
        "telecare_app_us_cloud_with_sccs",  # 2,000 patients, health data on a US cloud under SCCs
        Prescan(
            ordinary_kinds=3,
            special_kinds=1,
            subjects=frozenset({"public", "vulnerable"}),
            frequency="Continu",
            retention=YEARS,
            transfer=True,
            outside_eea=True,
            mechanism=SCC,
            transfer_special=True,
            edpb_items=2,
        ),
        (
            "sensitive",
            "vulnerable",
            "rs_special",
            "rs_subjects_public",
            "rs_subjects_vulnerable",
            "rs_frequency",
            "rs_retention",
            "rs_transfer",
            "rs_transfer_special",
            "transfer_no_adequacy",
        ),
        R,
        R,
        frozenset({"DTIA"}),
        frozenset({"transfer_impact"}),
        route=Route.CRITERIA,
        why="Same outcome; the pre-scan calls the DTIA 'verplicht', this tool recommends it and names the "
        "duty behind it (SCC clause 14, Schrems II).",
    ),
    Case(
        "hr_saas_with_bcr_support_from_india",  # staff data, support from outside the EEA under BCRs
        Prescan(
            ordinary_kinds=5,
            sensitive_kinds=1,
            subjects=frozenset({"staff"}),
            frequency="Continu",
            retention=YEARS,
            transfer=True,
            outside_eea=True,
            mechanism=BCR,
        ),
        (
            "rs_sensitive",
            "rs_subjects_staff",
            "rs_frequency",
            "rs_retention",
            "rs_transfer",
            "transfer_no_adequacy",
        ),
        N,
        N,
        frozenset(),
        frozenset({"transfer_impact"}),
        why="Other assessments differ: the pre-scan asks a DTIA only for SCCs or 'overig mechanisme', "
        "although "
        "its own begrippenkader says BCRs and art. 49 derogations do not make a DTIA unnecessary; this tool "
        "recommends the TIA for every transfer without an adequacy decision.",
    ),
    Case(
        "personnel_files_documented_no_high_risk",  # 60 staff: BSN and sick-leave dates; FG note on file
        Prescan(
            ordinary_kinds=5,
            sensitive_kinds=2,
            subjects=frozenset({"staff"}),
            frequency=EVERY_MONTH,
            retention=YEARS,
            edpb_items=2,
        ),
        (
            "sensitive",
            "vulnerable",
            "documented_no_high_risk",
            "rs_sensitive",
            "rs_subjects_staff",
            "rs_frequency",
            "rs_retention",
        ),
        R,
        A,
        route=Route.DOCUMENTED,
        why="WP248 rev.01 lets a controller document why a processing meeting two criteria is not high risk; "
        "the pre-scan has no such answer. This tool then says 'aanbevolen' "
        "(the DPIA question stays, not critical).",
    ),
    Case(
        "personnel_files_not_documented",  # the same without the documented reasons
        Prescan(
            ordinary_kinds=5,
            sensitive_kinds=2,
            subjects=frozenset({"staff"}),
            frequency=EVERY_MONTH,
            retention=YEARS,
            edpb_items=2,
        ),
        ("sensitive", "vulnerable", "rs_sensitive", "rs_subjects_staff", "rs_frequency", "rs_retention"),
        R,
        R,
        route=Route.CRITERIA,
        why="Same verdict; this tool words it "
        "'verplicht, tenzij u gemotiveerd vastlegt dat er geen hoog risico is'.",
    ),
    Case(
        "insurer_premium_score_adopted_by_staff",  # 3,000 policies; the underwriter adopts the model's score
        Prescan(
            ordinary_kinds=5,
            sensitive_kinds=1,
            subjects=frozenset({"public"}),
            frequency="Continu",
            retention=YEARS,
            edpb_items=1,
        ),
        (
            "evaluation",
            "automated_decision",
            "rs_sensitive",
            "rs_subjects_public",
            "rs_frequency",
            "rs_retention",
        ),
        A,
        R,
        route=Route.CRITERIA,
        why="The pre-scan's label 'Geautomatiseerde besluitvorming' reads as fully automated, "
        "so a user whose "
        "staff adopt the score ticks only 'evaluatie'. This tool's criterion says 'ook als een medewerker de "
        "uitkomst overneemt' (WP248 criterion 2 and art. 35(3)(a) are not limited to solely automated "
        "decisions; CJEU C-634/21 SCHUFA): two criteria.",
    ),
    Case(
        "municipal_benefit_fraud_model",  # C.5: a risk model ranks 6,000 claimants for home visits
        Prescan(
            ordinary_kinds=6,
            sensitive_kinds=3,
            subjects=frozenset({"public", "vulnerable"}),
            frequency=EVERY_MONTH,
            retention=YEARS,
            registries=frozenset({"BRP", "BRI"}),
            ap_items=2,
            edpb_items=3,
            impactful_algorithm=True,
        ),
        (
            "art35_3a",
            "fraud_prevention",
            "profiling",
            "evaluation",
            "automated_decision",
            "vulnerable",
            "sensitive",
            "impactful_algorithm",
            "rs_ordinary_many",
            "rs_sensitive",
            "rs_subjects_public",
            "rs_subjects_vulnerable",
            "rs_frequency",
            "rs_retention",
            "rs_base_registry",
        ),
        R,
        R,
        frozenset({"IAMA"}),
        frozenset({"iama"}),
        route=Route.STATUTORY,
        why="Same verdict; this tool names the statutory ground (AVG art. 35 lid 3 onder a) first.",
    ),
    Case(
        "cv_screening_high_risk_ai",  # 400 applicants ranked by AI (AI Act Annex III point 4)
        Prescan(
            ordinary_kinds=5,
            subjects=frozenset({"public"}),
            frequency=EVERY_MONTH,
            retention="Jaar",
            high_risk_ai=True,
            edpb_items=2,
        ),
        ("evaluation", "innovative", "high_risk_ai", "rs_subjects_public", "rs_frequency", "rs_retention"),
        R,
        R,
        frozenset({"IAMA"}),
        frozenset({"iama", "fria"}),
        route=Route.CRITERIA,
        why="Other assessments: this tool adds the FRIA (AI Act art. 27) "
        "next to the IAMA for a high-risk AI system.",
    ),
    Case(
        "protected_addresses_small_foundation",  # 150 hidden addresses of people fleeing violence
        Prescan(ordinary_kinds=3, subjects=frozenset({"public"}), frequency=EVERY_MONTH, retention=YEARS),
        ("other_high_risk", "rs_subjects_public", "rs_frequency", "rs_retention"),
        N,
        R,
        route=Route.STATUTORY,
        why="The pre-scan has no catch-all; art. 35(1) requires a DPIA for any likely high risk, and a leak "
        "here endangers lives. This tool asks it ('andere reden voor een hoog risico').",
    ),
    Case(
        "neighbourhood_team_debt_counselling",  # AP item 8: sensitive, not only special data
        Prescan(
            ordinary_kinds=4,
            sensitive_kinds=1,
            subjects=frozenset({"public", "vulnerable"}),
            frequency="Continu",
            retention=YEARS,
            ap_items=1,
            edpb_items=2,
        ),
        (
            "cooperation",
            "sensitive",
            "vulnerable",
            "rs_sensitive",
            "rs_subjects_public",
            "rs_subjects_vulnerable",
            "rs_frequency",
            "rs_retention",
        ),
        R,
        R,
        route=Route.AP_LIST,
    ),
    Case(
        "ministry_bill_with_a_new_register",  # new legislation: Rijksbeleid, not the AP list
        Prescan(new_legislation=True, ordinary_kinds=2, subjects=frozenset({"public"})),
        ("central_government", "new_legislation", "rs_subjects_public"),
        R,
        R,
        route=Route.POLICY,
        why="Same verdict for a ministry (central government); the reason says Rijksbeleid (and art. "
        "35(10), 36(4)), not the AP list, and the verdict says it is policy, not the AVG.",
    ),
    Case(
        "city_centre_cameras",  # a municipality watches its nightlife area
        Prescan(
            ordinary_kinds=2,
            subjects=frozenset({"public"}),
            volume_10k=True,
            frequency="Continu",
            retention="Minder dan 1 maand",
            ap_items=1,
            edpb_items=2,
        ),
        (
            "art35_3c",
            "camera",
            "monitoring",
            "large_scale",
            "rs_subjects_public",
            "rs_volume",
            "rs_frequency",
        ),
        R,
        R,
        route=Route.STATUTORY,
    ),
    Case(
        "customer_satisfaction_profile",  # one criterion only
        Prescan(
            ordinary_kinds=3,
            subjects=frozenset({"public"}),
            frequency="Minstens jaarlijks",
            retention="Jaar",
            edpb_items=1,
        ),
        ("evaluation", "rs_subjects_public", "rs_retention"),
        A,
        A,
        route=Route.ONE_CRITERION,
    ),
]


def test_there_are_at_least_fifteen_cases_and_their_ids_are_unique() -> None:
    assert len(CASES) >= 15
    assert len({case.id for case in CASES}) == len(CASES)


def test_every_tick_is_a_real_item() -> None:
    known = {item.id for item in shipped_content().screening.all_items}
    for case in CASES:
        assert set(case.ticks) <= known, case.id


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_against_the_prescan(case: Case) -> None:
    verdict, others = prescan_outcome(case.prescan)
    assert verdict is case.prescan_verdict, "pre-scan verdict"
    assert others == case.prescan_others, "pre-scan's other assessments"
    result = screen(dict.fromkeys(case.ticks, True), shipped_content().screening, rebuttal=REBUTTAL)
    assert result.verdict is case.tool_verdict, "this tool's verdict"
    if case.route is not None:
        assert result.route is case.route
    companions = {c.id for c in result.companions} - {"prior_consultation"}
    assert companions == case.companions
    assert ("prior_consultation" in {c.id for c in result.companions}) == (result.verdict is R)
    differs = case.prescan_verdict is not case.tool_verdict or bool(
        case.prescan_others ^ {PRESCAN_NAME.get(c, c) for c in case.companions}
    )
    assert not differs or case.why, "a difference needs its explanation"


# This tool's companion ids under the pre-scan's names (the FRIA has none there).
PRESCAN_NAME = {"transfer_impact": "DTIA", "childrens_rights": "KIA", "iama": "IAMA"}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_tool_risk_score_equals_the_prescan_risk_score(case: Case) -> None:
    """The risk-score ticks of each case add up to the pre-scan's own total."""
    result = screen(dict.fromkeys(case.ticks, True), shipped_content().screening)
    assert result.risk is not None
    assert result.risk.total == prescan_risk_score(case.prescan)
