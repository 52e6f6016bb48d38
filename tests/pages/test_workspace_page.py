"""AppTest of the consultants' workspace (issue 22) and of the hand-over on the summary page.

Sign-in is simulated as Streamlit's AppTest allows: an [auth] section in `at.secrets` (so sign-in
is configured) and the identity provider's claims in `at.user`. The store is each test's own
SQLite file (tests/conftest.py); the allow-list comes from the environment, as in production.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from pia_core import REPO_DIR
from pia_core.content.bundle import shipped_content
from pia_core.formatting import date_text
from pia_core.i18n import t
from pia_core.scan.dossier import Dossier
from pia_core.scan.model import Answer, Organisation
from pia_core.scan.serialization import dossier_to_json
from pia_core.storage import WorkspaceStore, new_token, open_workspace
from pia_core.storage.base import token_key, utc_now
from pia_core.storage.workspace import (
    AccessAction,
    Author,
    DossierStatus,
    HandOver,
    Role,
    Target,
    TargetKind,
)
from pia_core.ui.handover import CONSENT_VERSION
from pia_core.ui.workspace_page import LOG_TOGGLE_KEY, NEW_SCAN_PANEL_PREFIX, PANEL_PREFIX
from pia_core.vocabulary import Language
from pia_core.workspace.access import ADMINS_ENV, ALLOW_ENV

from ..apptest import goto, set_language, state

ANNA = "anna@adviesbureau.example"  # admin
CARLA = "carla@adviesbureau.example"  # a consultant
BRAM = "bram@elders.example"  # signed in, not on the list
WORKSPACE = "app_pages/workspace.py"
SUMMARY = "app_pages/summary.py"
SECRET_ANSWER = "GEHEIM-ANTWOORD-7731"
SECRET_COMMENT = "GEHEIM-OPMERKING-4410"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-that-is-long-enough",
    "client_id": "pia-workspace",
    "client_secret": "test-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
LANGUAGES: list[Language] = ["nl", "en"]


@pytest.fixture(autouse=True)
def allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ENV, "@adviesbureau.example")
    monkeypatch.setenv(ADMINS_ENV, ANNA)


@pytest.fixture
def store() -> Iterator[WorkspaceStore]:
    yield open_workspace()


def stored_scan(store: WorkspaceStore, organisation: str) -> str:
    """A stored scan with an answer text of its own; its key."""
    token = new_token()
    scan = Dossier(organisation=Organisation(name=organisation), assessor=SECRET_ANSWER)
    store.save(token, dossier_to_json(scan, compact=True))
    return token_key(token)


def seeded(store: WorkspaceStore) -> dict[str, str]:
    """Two clients, one with a received self-scan (a comment on it), one with a scan in review."""
    sudwest = store.create_client("Gemeente Súdwest")
    bakkerij = store.create_client("Bakkerij Jansen & Zn.")
    review = stored_scan(store, "Gemeente Súdwest")
    store.add_dossier(review, sudwest.id, consultant=CARLA, title="Jaarscan 2026")
    received = stored_scan(store, "Bakkerij Jansen")
    store.hand_over(
        received,
        HandOver("Piet Jansen", "piet@bakkerij.example", CONSENT_VERSION, utc_now()),
        client_id=bakkerij.id,
        title="Zelfscan bakkerij",
    )
    store.add_comment(received, Target("", TargetKind.QUESTION, "s0_q1"), Author.link("Piet"), SECRET_COMMENT)
    return {"review": review, "received": received}


def app(user: dict[str, object], page: str = WORKSPACE, language: Language = "nl") -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if language != "nl":
        set_language(at, language)
    return goto(at, page)


def opened_in_new_tab(email: str, token: str) -> AppTest:
    """What the workspace's link button opens: a new session of the signed-in consultant."""
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.query_params["scan"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["_scan_token"] == token
    return at


def consultant(email: str, page: str = WORKSPACE, language: Language = "nl") -> AppTest:
    return app({"is_logged_in": True, "email": email, "email_verified": True}, page, language)


def signed_out(page: str = WORKSPACE, language: Language = "nl") -> AppTest:
    return app({"is_logged_in": False}, page, language)


def shown(at: AppTest) -> str:
    """Every text the page shows, tables included."""
    parts: list[object] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "success",
        "error",
        "info",
        "warning",
    ):
        parts += [element.value for element in getattr(at, kind)]
    parts += [element.label for element in at.expander]
    parts += [element.label for element in at.button]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(str(part) for part in parts)


def button(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]


def open_panel(at: AppTest, key: str) -> AppTest:
    """Open a panel of the page (a tracked expander: drawn only while open), as a click on it does."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_dossier(at: AppTest, scan_key: str) -> AppTest:
    """A dossier's panel: its status, responsible consultant and open button."""
    return open_panel(at, PANEL_PREFIX + scan_key)


def client_names(at: AppTest) -> list[str]:
    return [element.value.replace("\\", "") for element in at.subheader]


def log_frame_text(at: AppTest, language: Language) -> str:
    heading = t("workspace.log_column.consultant", language)
    frames = [frame.value for frame in at.dataframe if heading in frame.value.columns]
    assert len(frames) == 1
    return str(frames[0].to_csv())


# -- who sees what -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_out_sees_sign_in_and_no_client(store: WorkspaceStore, language: Language) -> None:
    seeded(store)
    at = signed_out(language=language)
    text = shown(at)
    assert t("workspace.signed_out", language) in text
    assert [b.label for b in at.main.button] == [t("workspace.sign_in", language)]
    assert "Súdwest" not in text and "Bakkerij" not in text and "Jaarscan" not in text
    assert not at.subheader and not at.dataframe and not at.main.text_input


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_but_not_listed_sees_nothing_of_the_firm(store: WorkspaceStore, language: Language) -> None:
    seeded(store)
    at = consultant(BRAM, language=language)
    (refusal,) = at.error
    assert refusal.value == t("workspace.no_access", language, email="bram\\@elders\\.example")
    text = shown(at)
    assert "Súdwest" not in text and "Bakkerij" not in text
    assert not at.subheader and not at.dataframe and not at.main.text_input and not at.main.selectbox
    assert t("workspace.log_heading", language) not in text


def test_unverified_address_is_refused_too(store: WorkspaceStore) -> None:
    seeded(store)
    at = app({"is_logged_in": True, "email": CARLA, "email_verified": False})
    assert at.error and not at.subheader and not at.dataframe


@pytest.mark.parametrize("language", LANGUAGES)
def test_consultant_sees_clients_with_their_scans(store: WorkspaceStore, language: Language) -> None:
    keys = seeded(store)
    at = consultant(CARLA, language=language)
    assert client_names(at) == ["Bakkerij Jansen & Zn.", "Gemeente Súdwest"]  # by name
    tables = [frame.value for frame in at.dataframe]
    assert len(tables) == 2  # one per client; no access log for a consultant who is not admin
    bakkerij, sudwest = tables
    column = "workspace.column."
    assert bakkerij[t(column + "title", language)].tolist() == ["Zelfscan bakkerij"]
    assert bakkerij[t(column + "status", language)].tolist() == [t("workspace.status.received", language)]
    assert bakkerij[t(column + "consultant", language)].tolist() == [t("workspace.nobody", language)]
    assert bakkerij[t(column + "comments", language)].tolist() == [1]
    assert sudwest[t(column + "status", language)].tolist() == [t("workspace.status.in_review", language)]
    assert sudwest[t(column + "consultant", language)].tolist() == [CARLA]
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", sudwest[t(column + "changed", language)][0])  # 15-01-2027
    text = shown(at)
    assert t("workspace.log_heading", language) not in text
    assert SECRET_ANSWER not in text and SECRET_COMMENT not in text
    # A dossier's fields are drawn only while its panel is open.
    assert [box.key for box in at.main.selectbox] == ["ws_sort"]
    assert not [b for b in at.button if b.label == t("workspace.open_button", language)]
    # Who handed the self-scan over, and to which consent text: in its panel.
    text = shown(open_dossier(at, keys["received"]))
    assert "piet\\@bakkerij\\.example" in text and CONSENT_VERSION.replace("-", "\\-") in text
    assert SECRET_ANSWER not in text and SECRET_COMMENT not in text


def test_search_ignores_case_and_accents_and_sort_by_status(store: WorkspaceStore) -> None:
    seeded(store)
    store.create_client("Zorggroep Noord")  # no scans: last when sorted by status
    at = consultant(CARLA)
    at.text_input(key="ws_search").set_value("SUDWEST").run()
    assert client_names(at) == ["Gemeente Súdwest"]
    at.text_input(key="ws_search").set_value("niemand-heet-zo").run()
    assert not at.subheader and t("workspace.no_match", "nl") in shown(at)
    at.text_input(key="ws_search").set_value("").run()
    assert client_names(at) == ["Bakkerij Jansen & Zn.", "Gemeente Súdwest", "Zorggroep Noord"]
    at.selectbox(key="ws_sort").set_value("changed").run()
    assert client_names(at)[0] == "Zorggroep Noord"  # created last
    store.update_dossier(seeded_key(store, "Gemeente Súdwest"), status=DossierStatus.IN_REVIEW)
    at.run()
    assert client_names(at)[0] == "Gemeente Súdwest"  # its scan changed just now
    at.selectbox(key="ws_sort").set_value("status").run()
    assert client_names(at) == ["Bakkerij Jansen & Zn.", "Gemeente Súdwest", "Zorggroep Noord"]


def seeded_key(store: WorkspaceStore, client: str) -> str:
    (overview,) = [o for o in store.list_clients() if o.client.name == client]
    return overview.dossiers[0].scan_key


@pytest.mark.parametrize("language", LANGUAGES)
def test_consultant_creates_a_client_and_a_scan_for_it(store: WorkspaceStore, language: Language) -> None:
    at = consultant(CARLA, language=language)
    assert t("workspace.no_clients", language) in shown(at)
    hostile = "Stichting **Ωmega** <script>alert(1)</script> 🛡️"
    at.text_input(key="ws_new_client").set_value(hostile)
    button(at, t("workspace.new_client_button", language))
    assert client_names(at) == [hostile]  # as typed: no markup made from it
    (client,) = store.list_clients()
    assert client.client.name == hostile and not client.dossiers
    open_panel(at, f"{NEW_SCAN_PANEL_PREFIX}{client.client.id}")  # the form is drawn once open
    at.text_input(key=f"ws_new_scan_{client.client.id}").set_value("Intake 🚀")
    button(at, t("workspace.new_scan_button", language))
    (overview,) = store.list_clients()
    (dossier,) = overview.dossiers
    assert dossier.title == "Intake 🚀" and dossier.consultant == CARLA
    assert dossier.status is DossierStatus.IN_REVIEW and dossier.handover is None
    # The scan is stored, for the client, and opens at once (its own link, in a new tab).
    stored = store.load_key(dossier.scan_key)
    assert stored is not None and hostile in stored.data
    (link,) = at.get("link_button")
    token = link.proto.url.removeprefix("./?scan=")
    assert token_key(token) == dossier.scan_key
    assert [e.action for e in store.access_log(scan_key=dossier.scan_key)] == [AccessAction.CHANGED]
    opened = opened_in_new_tab(CARLA, token)
    assert state(opened).organisation.name == hostile


def test_an_empty_client_name_is_refused(store: WorkspaceStore) -> None:
    at = consultant(CARLA)
    at.text_input(key="ws_new_client").set_value("   ")
    button(at, t("workspace.new_client_button", "nl"))
    assert t("workspace.name_invalid", "nl", limit=200) in [e.value for e in at.error]
    assert store.list_clients() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_consultant_changes_the_status(store: WorkspaceStore, language: Language) -> None:
    keys = seeded(store)
    at = open_dossier(consultant(CARLA, language=language), keys["received"])
    at.selectbox(key=f"ws_status_{keys['received']}").set_value(DossierStatus.PLAN_AGREED.value).run()
    assert not at.exception
    found = store.dossier(keys["received"])
    assert found is not None and found.status is DossierStatus.PLAN_AGREED
    assert t("workspace.status.plan_agreed", language) in shown(at)
    (entry,) = store.access_log(scan_key=keys["received"])
    assert (entry.consultant, entry.action) == (CARLA, AccessAction.CHANGED)
    # Its panel stays open after the change (its label, with the status, is a new one).
    assert at.selectbox(key=f"ws_status_{keys['received']}").value == DossierStatus.PLAN_AGREED.value


def test_consultant_assigns_herself_a_colleague_or_nobody(store: WorkspaceStore) -> None:
    keys = seeded(store)
    key = keys["received"]
    at = open_dossier(consultant(CARLA), key)
    button(at, t("workspace.assign_me", "nl"))  # the only open dossier's form: the bakkerij's
    assert store.dossier(key).consultant == CARLA  # type: ignore[union-attr]
    at.text_input(key=f"ws_assign_{key}").set_value(BRAM)
    next(b for b in at.button if b.label == t("workspace.assign_button", "nl")).click().run()
    assert t("workspace.assign_refused", "nl") in [e.value for e in at.error]
    assert store.dossier(key).consultant == CARLA  # type: ignore[union-attr]
    at.text_input(key=f"ws_assign_{key}").set_value("  Anna@AdviesBureau.example ")
    next(b for b in at.button if b.label == t("workspace.assign_button", "nl")).click().run()
    assert store.dossier(key).consultant == ANNA  # type: ignore[union-attr]
    at.text_input(key=f"ws_assign_{key}").set_value("")
    next(b for b in at.button if b.label == t("workspace.assign_button", "nl")).click().run()
    assert store.dossier(key).consultant is None  # type: ignore[union-attr]
    actions = [e.action for e in reversed(store.access_log(scan_key=key))]
    assert actions == [AccessAction.CHANGED, AccessAction.SHARED, AccessAction.CHANGED]


def test_consultant_opens_a_scan_through_an_edit_link_of_her_own(store: WorkspaceStore) -> None:
    keys = seeded(store)
    key = keys["review"]
    at = consultant(CARLA)
    for each in keys.values():
        open_dossier(at, each)
    open_buttons = [b for b in at.button if b.label == t("workspace.open_button", "nl")]
    assert len(open_buttons) == 2
    at.button(key=f"ws_open_{key}").click().run()
    (link_button,) = at.get("link_button")
    token = link_button.proto.url.removeprefix("./?scan=")
    grant = store.resolve(token)
    assert grant is not None and (grant.scan_key, grant.role) == (key, Role.EDIT)
    (link,) = store.list_links(key)
    assert link.label == f"Adviseur {CARLA}"  # the client sees whose link it is
    assert store.access_log(scan_key=key) == []  # made, not opened yet
    opened = opened_in_new_tab(CARLA, token)
    assert state(opened).assessor == SECRET_ANSWER  # the client's scan, to work on
    (entry,) = store.access_log(scan_key=key)
    assert (entry.consultant, entry.action) == (CARLA, AccessAction.OPENED)
    # In another session she gets a new link; at most two of hers stay live.
    for _ in range(2):
        other = open_dossier(consultant(CARLA), key)
        other.button(key=f"ws_open_{key}").click().run()
    assert len(store.list_links(key)) == 2


# -- the access log ------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_sees_the_access_log_without_what_the_scans_say(
    store: WorkspaceStore, language: Language
) -> None:
    keys = seeded(store)
    store.log_access(keys["review"], CARLA, AccessAction.OPENED)
    store.log_access(keys["received"], CARLA, AccessAction.CHANGED)
    at = consultant(ANNA, language=language)
    assert t("workspace.log_heading", language) in [h.value for h in at.header]
    assert len(at.dataframe) == 2  # read and drawn only when asked for
    at.toggle(key=LOG_TOGGLE_KEY).set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    log = log_frame_text(at, language)
    lines = [line for line in log.strip().splitlines()[1:] if CARLA in line]
    assert len(lines) == 2
    # Newest first: the change to the bakkerij's scan, then the opening of Súdwest's.
    assert CARLA in lines[0] and t("workspace.log_action.changed", language) in lines[0]
    assert "Bakkerij Jansen & Zn. · Zelfscan bakkerij" in lines[0]
    assert t("workspace.log_action.opened", language) in lines[1] and "Jaarscan 2026" in lines[1]
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d", lines[0])
    assert SECRET_ANSWER not in text and SECRET_COMMENT not in text
    assert "piet@bakkerij.example" not in log


# -- the hand-over on the summary page ---------------------------------------------------------------
def answered(at: AppTest) -> AppTest:
    """One answer in the prospect's scan, so that it is stored (an untouched scan never is)."""
    current = state(at).model_copy(deep=True)
    question = next(iter(shipped_content().catalogue.step(1).questions))
    current.set_answer(question.id, Answer.YES)
    at.session_state["assessment"] = current
    return goto(at, SUMMARY)


def fill_in(at: AppTest, name: str, email: str, organisation: str, consent: bool) -> None:
    at.text_input(key="handover_name").set_value(name)
    at.text_input(key="handover_email").set_value(email)
    at.text_input(key="handover_organisation").set_value(organisation)
    at.checkbox(key="handover_consent").set_value(consent)


def scan_key(at: AppTest) -> str:
    return token_key(str(at.session_state["_scan_token"]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_hand_over_needs_consent_and_arrives_as_received(store: WorkspaceStore, language: Language) -> None:
    at = answered(signed_out(SUMMARY, language))
    assert t("handover.heading", language) in [h.value for h in at.header]
    consent = at.checkbox(key="handover_consent")
    # The consent says who sees what, for how long, why, and how to withdraw.
    assert "30" in consent.label and t("scan.delete_button", language) in consent.label
    name, organisation = "Zoë 🚀 [klik](https://evil.example) **vet**", "Stichting *Ωmega* <b>🛡️</b>"
    fill_in(at, name, "zoe@omega.example", organisation, consent=False)
    button(at, t("handover.send", language))
    assert t("handover.error.consent", language) in at.error[0].value
    assert store.list_clients() == [] and store.dossier(scan_key(at)) is None

    at.checkbox(key="handover_consent").set_value(True)
    button(at, t("handover.send", language))
    assert t("handover.sent", language, firm=t("handover.firm", language)) in [s.value for s in at.success]
    found = store.dossier(scan_key(at))
    assert found is not None and found.status is DossierStatus.RECEIVED and found.consultant is None
    assert found.handover is not None
    assert (found.handover.name, found.handover.email) == (name, "zoe@omega.example")
    assert found.handover.consent_version == CONSENT_VERSION
    (overview,) = store.list_clients()
    assert overview.client.name == organisation
    assert not [w for w in at.text_input if w.key == "handover_name"]  # the form is gone

    # The workspace shows it, as received.
    desk = consultant(CARLA, language=language)
    assert client_names(desk) == [organisation]
    (table,) = desk.dataframe
    assert table.value[t("workspace.column.status", language)].tolist() == [
        t("workspace.status.received", language)
    ]


def test_hand_over_said_once_the_scan_is_with_the_firm(store: WorkspaceStore) -> None:
    at = answered(signed_out(SUMMARY))
    fill_in(at, "Zoë", "zoe@omega.example", "Omega", consent=True)
    button(at, t("handover.send", "nl"))
    token = str(at.session_state["_scan_token"])
    # The same scan opened in a new session (its link): no form, it says the firm has it.
    later = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    later.secrets["auth"] = dict(AUTH)
    later.user = {"is_logged_in": False}
    later.query_params["scan"] = token
    later.run()
    goto(later, SUMMARY)
    today = date_text(utc_now().date(), "nl")
    assert t("handover.already", "nl", firm=t("handover.firm", "nl"), date=today) in [
        i.value for i in later.info
    ]
    assert not [w for w in later.text_input if w.key == "handover_name"]
    assert len(store.list_clients()) == 1


@pytest.mark.parametrize(
    ("name", "email", "organisation", "error"),
    [
        ("", "zoe@omega.example", "Omega", "handover.error.name"),
        ("Zoë", "geen-adres", "Omega", "handover.error.email"),
        ("Zoë", "zoe@localhost", "Omega", "handover.error.email"),
        ("Zoë", "zoe@omega.example", "  ", "handover.error.organisation"),
        ("Zo\x00ë", "zoe@omega.example", "Omega", "handover.error.name"),
        ("Zoë", "zoe@omega.example", "Om\x07ega", "handover.error.organisation"),
    ],
)
def test_hand_over_checks_what_is_typed(
    store: WorkspaceStore, name: str, email: str, organisation: str, error: str
) -> None:
    at = answered(signed_out(SUMMARY))
    fill_in(at, name, email, organisation, consent=True)
    button(at, t("handover.send", "nl"))
    limit = 254 if error == "handover.error.email" else 200
    assert t(error, "nl", limit=limit) in at.error[0].value
    assert store.list_clients() == []


def test_an_unsaved_scan_is_not_handed_over(store: WorkspaceStore) -> None:
    at = signed_out(SUMMARY)  # nothing answered: nothing stored
    fill_in(at, "Zoë", "zoe@omega.example", "Omega", consent=True)
    button(at, t("handover.send", "nl"))
    assert t("handover.not_saved", "nl") in [w.value for w in at.warning]
    assert store.list_clients() == []


def test_a_read_link_cannot_hand_over(store: WorkspaceStore) -> None:
    at = answered(signed_out(SUMMARY))
    at.session_state["_scan_role"] = Role.READ
    at.run()
    assert t("handover.only_editor", "nl") in [c.value for c in at.caption]
    assert not [w for w in at.text_input if w.key == "handover_name"]


def test_no_hand_over_without_a_workspace(store: WorkspaceStore) -> None:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    goto(at, SUMMARY)
    assert t("handover.heading", "nl") not in [h.value for h in at.header]
    assert not [w for w in at.text_input if w.key == "handover_name"]


def test_hand_over_through_an_edit_link_hands_over_the_linked_scan(store: WorkspaceStore) -> None:
    key = stored_scan(store, "Omega")
    _, token = store.create_link(key, Role.EDIT, "Directeur")
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.secrets["auth"] = dict(AUTH)
    at.user = {"is_logged_in": False}
    at.query_params["scan"] = token
    at.run()
    goto(at, SUMMARY)
    fill_in(at, "Zoë", "zoe@omega.example", "Omega", consent=True)
    button(at, t("handover.send", "nl"))
    found = store.dossier(key)
    assert found is not None and found.status is DossierStatus.RECEIVED


def test_a_consultant_is_not_asked_to_hand_over(store: WorkspaceStore) -> None:
    at = answered(consultant(CARLA))
    assert t("handover.heading", "nl") not in [h.value for h in at.header]
    assert not [w for w in at.text_input if w.key == "handover_name"]
