"""The summary page offers the report as Word (.docx) next to the PDF, in the page's language."""

from __future__ import annotations

import pytest

from pia_core.content.bundle import shipped_content
from pia_core.i18n import t
from pia_core.scan.model import Answer, Language

from ..apptest import goto, new_app, state


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_summary_offers_the_word_report_beside_the_pdf(language: Language) -> None:
    at = new_app()
    current = state(at).model_copy(deep=True)
    current.language = language
    question = next(iter(shipped_content().catalogue.questions.values()))
    current.set_answer(question.id, Answer.NO)
    at.session_state["assessment"] = current
    goto(at, "app_pages/summary.py")
    buttons = at.get("download_button")
    labels = [str(getattr(button, "label", button.proto.label)) for button in buttons]
    pdf, word = t("summary.download_pdf", language), t("word.download", language)
    assert word in labels
    assert labels.index(word) == labels.index(pdf) + 1  # right next to the PDF
    button = buttons[labels.index(word)].proto
    assert button.help == t("word.download_help", language)
    assert button.deferred_file_id and not button.url  # built on click, not on every run
