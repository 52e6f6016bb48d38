"""The report as an editable Word file (.docx), for the consultant's written advice after the session.

`build_word_report(assessment, content, lang)`: one activity, the same content as its PDF
(pia_core/report/builder.py) in the same order, with real headings, the charts as pictures, the
action plan as a Word table and an empty field "Advies van de adviseur" under every finding
(pia_core/report/word_sections.py). `build_organisation_word_report(dossier, content, lang)`: the
organisation's overview, then every activity's parts one heading level down
(pia_core/report/word_organisation.py).

Built with python-docx from the same data as the PDF, in code: no template file to keep in step
with the sections. python-docx is imported on the first build, not with the app's pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pia_core.i18n import t

if TYPE_CHECKING:
    from pia_core.content.bundle import Content
    from pia_core.scan.dossier import Dossier
    from pia_core.scan.model import Assessment
    from pia_core.vocabulary import Language


def build_word_report(assessment: Assessment, content: Content, lang: Language | None = None) -> bytes:
    """The activity's report as .docx bytes, in `lang` (default: the assessment's language), in the
    content's branding."""
    from pia_core.report.word_document import new_word_document
    from pia_core.report.word_sections import WORD_SECTIONS, word_context

    lang = lang or assessment.language
    word = new_word_document(content.branding, lang, t("common.app_title", lang))
    ctx = word_context(word, assessment, content, lang)
    for section in WORD_SECTIONS:
        section(ctx)
    return word.save()


def build_organisation_word_report(dossier: Dossier, content: Content, lang: Language | None = None) -> bytes:
    """The organisation's report as .docx bytes, in `lang` (default: the dossier's language)."""
    from pia_core.report.word_organisation import build_organisation_word

    return build_organisation_word(dossier, content, lang)
