"""Issue 22's whole story in the browser, through the real OpenID Connect flow (tools/oidc.py) and
the app as it is served (web.py behind pia_core/http_guard.py), each person in a browser context
of their own:

1. A prospect (A, not signed in) answers two questions of step 1, opens the summary and hands the
   scan to the firm with a name, an address, the organisation and consent; downloads the PDF.
2. Anna (B) signs in (authorization code with PKCE), finds the scan in the workspace as
   "Zelfscan ontvangen" under the organisation, opens it through her labelled edit link and
   places a comment on a question.
3. The prospect's own link (A, reloaded) shows Anna's comment and answers it.
4. A read link, made in A's share panel, opens in C: both comments, no field to write in, and
   the answers disabled. A change of an answer sent anyway, as a rerun request written onto the
   page's own websocket (Streamlit's BackMsg, the session's widget states with the answer set to
   "Nee"), is run by the server and changes nothing: the answer stays, and the store's file (read
   here with SQLiteStore) holds the same data and revision. Streamlit 1.67 itself drops the value
   of a disabled widget; the app's own put-back behind it is tested with AppTest
   (tests/pages/test_links_with_rights.py).
5. Anna revokes the read link in her tab; C reloads and reads "Deze link werkt niet meer", with
   none of the scan's answers or comments.
6. Bram (D), not on the allow-list, signs in and sees no client at all.
7. A signed-out browser (E) at /werkruimte sees only the sign-in button and no client. A's PDF by
   its /media/ address: the address names the file by a 128-bit hash of its bytes (not to be
   guessed), a made-up one gives 404, and once A's session has run on the real one gives 404 too.
   Until then Streamlit serves it to any browser that has the address (its media route knows no
   session): the address is the secret, as with a scan's link.

Every wait is for a condition (a locator, a URL, a checked radio), never a fixed time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t, tn
from pia_core.scan.model import Answer
from pia_core.storage.base import StoredScan, token_key
from pia_core.storage.sqlite_store import SQLiteStore
from pia_core.vocabulary import Language
from tools.oidc import oidc_provider, write_secrets
from tools.served_app import free_port, served_app

from .helpers import token_in
from .test_client_ready import AXE_OPTIONS
from .test_sign_in import (
    ANNA,
    BRAM,
    NL,
    TIMEOUT_MS,
    Workspace,
    main,
    only_button,
    open_workspace,
    ready,
    sign_in,
)
from .workspace_helpers import (
    NO,
    YES,
    answer,
    answer_radio,
    click_until,
    go,
    open_comments,
    open_share_panel,
    post,
    question,
    sidebar,
    step_heading,
    threads,
)

ORGANISATION = "Zorggroep Het Anker"
PROSPECT, PROSPECT_EMAIL = "Petra Prospect", "petra@hetanker.example"
Q1, Q2 = (q.id for q in shipped_content().catalogue.step(1).questions[:2])
ANNAS_COMMENT = "Wie is hier eigenaar: de afdeling of een persoon?"
REPLY = "De teamleider Zorgadministratie is eigenaar."
READ_LABEL = "Directeur"
ANSWERS = list(Answer)
RECEIVED = t("workspace.status.received", NL)
SUMMARY_HEADING = t("summary.heading", NL)
# Records the bytes the page sends on Streamlit's websocket, and the socket, so that a message can
# be sent again straight from the page, past the widgets (see step 4).
SOCKET_TAP = """
(() => {
  const Native = window.WebSocket;
  window.piaSent = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.piaSocket = this; }
    send(data) {
      const copy = data instanceof ArrayBuffer ? data.slice(0)
        : ArrayBuffer.isView(data) ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
        : data;
      window.piaSent.push(copy);
      return super.send(data);
    }
  };
})();
"""


@dataclass(frozen=True)
class Story:
    workspace: Workspace
    store: Path

    @property
    def base(self) -> str:
        return self.workspace.base


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    tmp = tmp_path_factory.mktemp("workspace_flow")
    port = free_port()
    base = f"http://localhost:{port}"
    store = tmp / "store" / "scans.sqlite3"
    with oidc_provider(redirect_uri=f"{base}/oauth2callback") as provider:
        secrets_file = write_secrets(tmp, provider)
        env = {
            "PIA_STORE_PATH": str(store),
            "PIA_PDF_WORKERS": "1",
            "PIA_WORKSPACE_ALLOW": "@adviesbureau.example",
            "PIA_WORKSPACE_ADMINS": ANNA,
        }
        with served_app(env=env, port=port, options=["--secrets.files", str(secrets_file)]):
            yield Story(Workspace(base, provider), store)


def stored(story: Story, token: str) -> StoredScan:
    """The scan as the store's file holds it, read beside the app (SQLite in WAL mode)."""
    found = SQLiteStore(story.store).load(token)
    assert found is not None
    return found


# --- 1. the prospect ----------------------------------------------------------------------------


def prospect_hands_over(story: Story, page: Page) -> None:
    page.goto(f"{story.base}/stap-1")
    expect(main(page).get_by_role("heading", name=step_heading(1))).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)
    answer(page, Q1, YES)
    answer(page, Q2, NO)
    go(page, "samenvatting", SUMMARY_HEADING)
    form = (
        main(page)
        .locator("[data-testid=stForm]")
        .filter(has=page.get_by_role("button", name=t("handover.send", NL)))
    )
    expect(form).to_be_visible(timeout=TIMEOUT_MS)
    form.get_by_label(t("handover.name", NL), exact=True).fill(PROSPECT)
    form.get_by_label(t("handover.email", NL), exact=True).fill(PROSPECT_EMAIL)
    form.get_by_label(t("handover.organisation", NL), exact=True).fill(ORGANISATION)
    form.locator("[data-testid=stCheckbox] label").click()
    expect(form.get_by_role("checkbox")).to_be_checked()
    form.get_by_role("button", name=t("handover.send", NL)).click()
    firm = t("handover.firm", NL)
    expect(main(page).get_by_text(t("handover.sent", NL, firm=firm))).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)


def prospect_downloads_the_pdf(page: Page) -> str:
    """The report's PDF, as A's browser fetched it; its address."""
    button = main(page).get_by_role("button", name=t("summary.download_pdf", NL))
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    saved = download.value.path()
    assert Path(saved).read_bytes().startswith(b"%PDF-")
    return download.value.url


# --- 2. Anna --------------------------------------------------------------------------------------


def anna_opens_the_handed_over_scan(story: Story, page: Page) -> Page:
    open_workspace(page, story.workspace)
    sign_in(page, story.workspace, ANNA)
    client = (
        main(page)
        .locator("[data-testid=stVerticalBlock]")
        .filter(has=page.get_by_role("heading", name=ORGANISATION, exact=True))
        .filter(has=page.locator("[data-testid=stExpander]"))
        .last
    )
    dossier = client.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary", has_text=f"· {RECEIVED}")
    )
    expect(dossier).to_have_count(1, timeout=TIMEOUT_MS)
    dossier.locator("summary").click()
    expect(dossier.get_by_text(PROSPECT_EMAIL)).to_be_visible(timeout=TIMEOUT_MS)  # who handed it over
    dossier.get_by_role("button", name=t("workspace.open_button", NL)).click()
    opener = dossier.get_by_role("link", name=t("workspace.open_link", NL))
    expect(opener).to_be_visible(timeout=TIMEOUT_MS)
    with page.context.expect_page(timeout=TIMEOUT_MS) as opened:
        opener.click()
    tab = opened.value
    tab.wait_for_url(re.compile(r"\?scan="), timeout=TIMEOUT_MS)
    ready(tab)
    go(tab, "stap-1", step_heading(1))
    expect(answer_radio(tab, Q1, YES)).to_be_checked()  # the prospect's answers
    open_comments(tab, Q1)
    post(tab, Q1, ANNAS_COMMENT)
    return tab


# --- 4. the read link -----------------------------------------------------------------------------


def prospect_makes_a_read_link(story: Story, page: Page) -> str:
    go(page, "samenvatting", SUMMARY_HEADING)
    panel = open_share_panel(page)
    # The client sees whom the scan was opened for: Anna's edit link, labelled with her address.
    expect(panel.get_by_text(t("workspace.link_label", NL, email=ANNA))).to_be_visible()
    role = panel.get_by_role("radiogroup").get_by_role("radio", name=t("share.role.read", NL))
    expect(role).to_be_checked()  # the least is the default
    panel.get_by_label(t("share.label_label", NL), exact=True).fill(READ_LABEL)
    made = t("share.created_label", NL, role=t("share.role.read", NL), label=READ_LABEL)
    create = panel.get_by_role("button", name=t("share.create", NL))
    click_until(page, create, panel.get_by_text(made.replace("**", "")))
    url = panel.locator("[data-testid=stCode] code").inner_text().strip()
    assert url.startswith(f"{story.base}/?scan="), url
    ready(page)
    return url


def read_link_changes_nothing(story: Story, page: Page, url: str, owner_token: str) -> None:
    before = stored(story, owner_token)
    page.add_init_script(SOCKET_TAP)
    page.goto(url)
    expect(main(page).get_by_text(t("share.banner.read", NL).split("**")[1])).to_be_visible(
        timeout=TIMEOUT_MS
    )
    ready(page)
    go(page, "stap-1", step_heading(1))
    expect(answer_radio(page, Q1, YES)).to_be_checked()
    open_comments(page, Q1)
    expect(threads(page, Q1)).to_have_count(1)
    expect(threads(page, Q1)).to_contain_text(ANNAS_COMMENT)
    expect(threads(page, Q1)).to_contain_text(REPLY)
    expect(question(page, Q1).locator("textarea")).to_have_count(0)

    # The answers cannot be clicked here: the radios are disabled (a courtesy) ...
    expect(question(page, Q1).get_by_role("radio")).to_have_count(len(ANSWERS))
    for radio in question(page, Q1).get_by_role("radio").all():
        expect(radio).to_be_disabled()
    # ... so the change goes straight onto the page's own websocket (its session), as Streamlit's
    # client sends one: the rerun request the comments' toggle sent, once more, with the
    # question's state set to "Nee".
    sent = page.evaluate(
        "window.piaSent.filter(m => typeof m !== 'string').map(m => Array.from(new Uint8Array(m)))"
    )
    forged = forged_answer([bytes(message) for message in sent], Q1, NO)
    page.evaluate("(bytes) => window.piaSocket.send(new Uint8Array(bytes))", list(forged))
    # The server ran it (the toggle folded the comments away) and the answer stayed: Streamlit
    # 1.67 drops a disabled widget's value before any callback; the app's own put-back behind
    # it is tested with AppTest (tests/pages/test_links_with_rights.py).
    expect(question(page, Q1).get_by_text(t("comments.read_only", NL))).to_have_count(0, timeout=TIMEOUT_MS)
    ready(page)
    expect(answer_radio(page, Q1, YES)).to_be_checked()
    expect(answer_radio(page, Q1, NO)).not_to_be_checked()
    expect(question(page, Q1).get_by_text(t("step.good", NL))).to_be_visible()
    assert stored(story, owner_token) == before


def forged_answer(sent: list[bytes], question_id: str, label: str) -> bytes:
    """The last rerun request among `sent` (BackMsg bytes), with the question's widget state set
    to the answer `label`."""
    reruns = [
        message for message in map(BackMsg.FromString, sent) if message.WhichOneof("type") == "rerun_script"
    ]
    assert reruns, "the page sent a rerun request"
    message = reruns[-1]
    found = [
        state
        for state in message.rerun_script.widget_states.widgets
        if state.id.endswith(f"-q_{question_id}")
    ]
    assert len(found) == 1, [state.id for state in message.rerun_script.widget_states.widgets]
    assert found[0].WhichOneof("value") == "string_value" and found[0].string_value != label
    found[0].string_value = label
    forged: bytes = message.SerializeToString()
    return forged


# --- 5. revoking -----------------------------------------------------------------------------------


def anna_revokes_the_read_link(tab: Page) -> None:
    go(tab, "samenvatting", SUMMARY_HEADING)
    panel = open_share_panel(tab)
    row = panel.locator("[data-testid=stHorizontalBlock]").filter(has_text=READ_LABEL)
    expect(row).to_have_count(1, timeout=TIMEOUT_MS)
    click_until(
        tab, row.get_by_role("button", name=t("share.revoke", NL)), panel.get_by_text(t("share.revoked", NL))
    )
    expect(panel.locator("[data-testid=stHorizontalBlock]").filter(has_text=READ_LABEL)).to_have_count(0)
    ready(tab)


def revoked_link_shows_nothing(page: Page) -> None:
    page.reload()
    expect(main(page).get_by_text(t("share.link_gone", NL).split("**")[1])).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)
    expect(main(page).get_by_role("heading", name=step_heading(1))).to_be_visible()
    expect(main(page).get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.get_by_text(ANNAS_COMMENT)).to_have_count(0)
    expect(page.get_by_text(REPLY)).to_have_count(0)
    assert ORGANISATION not in page.content()


# --- the story --------------------------------------------------------------------------------------


def test_a_handed_over_scan_is_commented_shared_read_revoked_and_kept_from_others(
    story: Story, new_page: Callable[[], Page]
) -> None:
    # 1. The prospect answers, hands the scan over and downloads the report.
    prospect = new_page()
    prospect_hands_over(story, prospect)
    owner_token = token_in(prospect.url)
    pdf_url = prospect_downloads_the_pdf(prospect)
    assert urlsplit(pdf_url).path.startswith("/media/"), pdf_url
    file_id = urlsplit(pdf_url).path.removeprefix("/media/").split(".")[0]
    assert re.fullmatch(r"[0-9a-f]{32,}", file_id), file_id  # a 128-bit hash of the file: not guessable
    # Her session runs on (a full run drops its hold on the built file; see step 7).
    go(prospect, "stap-1", step_heading(1))

    # 2. Anna signs in, finds it under the organisation, opens it and comments on a question.
    anna = anna_opens_the_handed_over_scan(story, new_page())

    # 3. The prospect's own link, reloaded, shows her comment and answers it.
    prospect.reload()
    expect(main(prospect).get_by_role("heading", name=step_heading(1))).to_be_visible(timeout=TIMEOUT_MS)
    one_open = tn("comments.open_count", NL, 1)
    expect(sidebar(prospect).get_by_role("link", name=one_open)).to_be_visible(timeout=TIMEOUT_MS)
    ready(prospect)
    open_comments(prospect, Q1)
    expect(threads(prospect, Q1)).to_contain_text(ANNAS_COMMENT)
    question(prospect, Q1).get_by_role("button", name=t("comments.reply", NL)).click()
    reply_to = t("comments.reply_label", NL, name="Anna de Vries")
    expect(question(prospect, Q1).get_by_role("textbox", name=reply_to)).to_be_visible(timeout=TIMEOUT_MS)
    ready(prospect)
    post(prospect, Q1, REPLY, name=PROSPECT)
    expect(threads(prospect, Q1)).to_have_count(1)  # a reply in the thread, not a new one

    # 4. A read link from the prospect's share panel reads both and changes nothing.
    read_url = prospect_makes_a_read_link(story, prospect)
    reader = new_page()
    read_link_changes_nothing(story, reader, read_url, owner_token)

    # 5. Anna revokes the read link; the reader's reload opens nothing of the scan.
    anna_revokes_the_read_link(anna)
    revoked_link_shows_nothing(reader)

    # 6. Bram signs in and sees no client.
    bram = new_page()
    open_workspace(bram, story.workspace)
    sign_in(bram, story.workspace, BRAM)
    expect(main(bram).get_by_text("U heeft geen toegang tot deze werkruimte")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    only_button(bram, t("workspace.sign_out", NL))
    expect(bram.get_by_text(ORGANISATION)).to_have_count(0)
    expect(bram.get_by_text(RECEIVED)).to_have_count(0)
    assert ORGANISATION not in bram.content()

    # 7. A signed-out browser: only the sign-in button, and no download by its address.
    stranger = new_page()
    open_workspace(stranger, story.workspace)
    only_button(stranger, t("workspace.sign_in", NL))
    assert ORGANISATION not in stranger.content()
    made_up = stranger.request.get(f"{story.base}/media/{'0' * 56}.pdf")
    assert made_up.status == 404
    # A's session has run on since the download: Streamlit's sweeps at the end of the runs since
    # have deleted the built file. (Until then, any browser that has the address gets the file:
    # Streamlit's /media/ route asks for no session; the address is the secret.)
    gone = stranger.request.get(pdf_url)
    assert gone.status == 404, gone.status
    assert not gone.body().startswith(b"%PDF-")
    assert token_key(owner_token) not in stranger.content()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_signed_in_workspace_and_the_history_have_no_serious_accessibility_violations(
    story: Story, new_page: Callable[[], Page], language: Language
) -> None:
    """axe-core (shipped inside its PyPI package: nothing is fetched), WCAG 2.1 A and AA, on the
    two pages this issue added: the workspace of a signed-in consultant and the history page."""
    page = new_page()
    open_workspace(page, story.workspace)
    sign_in(page, story.workspace, ANNA)
    if language == "en":
        sidebar(page).get_by_text("English", exact=True).click()
    heading = t("workspace.heading", language)
    expect(main(page).get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)
    pages = [("werkruimte", heading), ("geschiedenis", None)]
    for path, expected in pages:
        if expected is None:
            page.goto(f"{story.base}/{path}")
            expected = t("history.heading", language, name="").strip(" :")
            if language == "en":
                sidebar(page).get_by_text("English", exact=True).click()
            expect(main(page).get_by_role("heading").first).to_contain_text(expected, timeout=TIMEOUT_MS)
            ready(page)
        page.mouse.move(0, 0)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=stTooltipContent], .stTooltipContent')"
        )
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        bad = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, (path, language, bad)
