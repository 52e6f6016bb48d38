"""Steps of the workspace story (tests/browser/test_workspace_flow.py) on top of the sign-in test's
helpers (tests/browser/test_sign_in.py): a page reached through the sidebar, a question and its
comments, the share panel. Every wait is for a condition the server's run brings about (a text it
draws, a widget it puts back), never for a fixed time.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t

from .test_sign_in import NL, TIMEOUT_MS, main, ready

YES, NO = (t(f"common.answer.{a}", NL) for a in ("yes", "no"))


def sidebar(page: Page) -> Locator:
    return page.locator("[data-testid=stSidebar]")


def step_heading(number: int) -> str:
    step = shipped_content().catalogue.step(number)
    return t("step.heading", NL, number=number, title=step.title(NL))


def go(page: Page, url_path: str, heading: str) -> None:
    """Follow the sidebar's link to `url_path` (the session and its scan stay) until the page's
    heading is drawn and its run has ended."""
    sidebar(page).locator(f"a[href='{url_path}']").first.click()
    page.wait_for_url(re.compile(rf"/{re.escape(url_path)}\?"), timeout=TIMEOUT_MS)
    expect(main(page).get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)


def question(page: Page, question_id: str) -> Locator:
    """The bordered box of one question: its answers, its hint and its comments."""
    return (
        main(page)
        .locator("[data-testid=stVerticalBlock]")
        .filter(has=page.locator(f".st-key-q_{question_id}"))
        .last  # the innermost: document order puts a box after the boxes around it
    )


def answer_radio(page: Page, question_id: str, label: str) -> Locator:
    return question(page, question_id).get_by_role("radio", name=label, exact=True)


def answer(page: Page, question_id: str, label: str) -> None:
    """Click an answer; done when the server has drawn the question's hint for it."""
    box = question(page, question_id)
    box.get_by_role("radiogroup").get_by_text(label, exact=True).click()
    expect(box.locator("[data-testid=stAlert]")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(answer_radio(page, question_id, label)).to_be_checked()
    ready(page)


def threads(page: Page, question_id: str) -> Locator:
    return question(page, question_id).locator(".pia-comment-thread")


def open_comments(page: Page, question_id: str) -> None:
    """Unfold the comments under a question (reading needs no right); done when the panel is
    drawn: the field to write in, or the read-only line."""
    box = question(page, question_id)
    box.locator(f"[class*='st-key-cm_toggle_question-'][class*='-{question_id}']").get_by_role(
        "button"
    ).click()
    can_write = box.get_by_role("button", name=t("comments.post", NL))
    read_only = box.get_by_text(t("comments.read_only", NL))
    expect(can_write.or_(read_only)).to_be_visible(timeout=TIMEOUT_MS)
    ready(page)


def post(page: Page, question_id: str, text: str, *, name: str | None = None) -> None:
    """Post `text` in the question's open comment panel (with a name, for a link without sign-in);
    done when the thread shows it."""
    box = question(page, question_id)
    if name is not None:
        box.get_by_label(t("comments.name_label", NL), exact=True).fill(name)
    box.locator("textarea").fill(text)
    box.get_by_role("button", name=t("comments.post", NL)).click()
    expect(box.locator(".pia-comment-thread", has_text=text)).to_be_visible(timeout=TIMEOUT_MS)
    expect(box.locator("textarea")).to_have_value("", timeout=TIMEOUT_MS)
    ready(page)


def click_until(page: Page, button: Locator, outcome: Locator, tries: int = 2) -> None:
    """Click `button` once the app is idle, until `outcome` shows. A click can be dropped when it
    lands in the gap between a run and the rerun that run asked for (the page reads as idle there
    for a moment; seen once, in a CI run): a user clicks again, and so does this. A button
    that never works still fails, on every try."""
    for attempt in range(tries):
        ready(page)
        button.click()
        try:
            expect(outcome).to_be_visible(timeout=TIMEOUT_MS)
            return
        except AssertionError:
            if attempt == tries - 1 or not button.is_visible():
                raise


def open_share_panel(page: Page) -> Locator:
    """The summary's Delen panel, unfolded; the panel."""
    panel = (
        main(page)
        .locator("[data-testid=stExpander]")
        .filter(has=page.locator("summary").get_by_text(t("share.heading", NL), exact=True))
    )
    if not panel.get_by_role("button", name=t("share.create", NL)).is_visible():
        panel.locator("summary").click()
    expect(panel.get_by_role("button", name=t("share.create", NL))).to_be_visible(timeout=TIMEOUT_MS)
    return panel
