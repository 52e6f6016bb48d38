"""Issue 20 (1, 2): a fold-out panel stays open while the user answers inside it.

The FG panel's title counts the answers ("3 van 8 vragen beantwoord") and the DPIA check grows a
question above its sub-sections after the first tick: both used to fold the panel the user was
working in, so every answer meant opening it again.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.ui.panels import PREFIX
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import main

FG_STEP = 0


def panel(page: Page, key: str) -> Locator:
    """The fold-out panel with this key (pia_core/ui/panels.py); Streamlit marks it st-key-<key>."""
    return main(page).locator(f".st-key-{PREFIX}{key}").locator("[data-testid=stExpander]").first


def is_open(panel: Locator) -> bool:
    return bool(panel.locator("details").first.evaluate("d => d.open"))


def unfold(page: Page, panel: Locator) -> None:
    panel.locator("summary").first.click()
    wait_idle(page)
    assert is_open(panel)


def test_the_fg_panel_stays_open_through_every_new_answer(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    fg = panel(page, "fg")
    unfold(page, fg)
    questions = fg.get_by_role("radiogroup")
    count = len(shipped_content().catalogue.step(FG_STEP).questions)
    assert questions.count() == count
    yes = t("common.answer.yes", "nl")
    for index in range(count):
        questions.nth(index).get_by_text(yes, exact=True).click()
        wait_idle(page)
        assert is_open(fg), f"the panel folded after answer {index + 1}"
        assert questions.nth(index).get_by_role("radio", name=yes).is_checked()
    answered = t("step.answered", "nl", answered=count, applicable=count)
    assert answered in main(page).inner_text()  # the count beside the panel


def test_a_dpia_check_section_stays_open_through_three_ticks(app: App, new_page: Callable[[], Page]) -> None:
    page = open_app(new_page(), app.base)
    check = panel(page, "screening")
    unfold(page, check)
    signs = panel(page, "screening_criteria_heading")
    unfold(page, signs)
    boxes = signs.get_by_role("checkbox")
    labels = signs.locator("[data-testid=stCheckbox] label")
    for index in range(3):
        labels.nth(index).click()  # the label, as a user clicks it
        wait_idle(page)
        assert is_open(check) and is_open(signs), f"a panel folded after tick {index + 1}"
        assert boxes.nth(index).is_checked()
