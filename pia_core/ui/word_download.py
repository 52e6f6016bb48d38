"""The summary page's Word download: the report as an editable .docx, next to the PDF.

Built on click like the PDF (pia_core/ui/downloads.py): from a copy of the scan taken at this run,
in a report worker process (pia_core/pdf_pool.py) or, without workers, at most one per core in the
server, so the page stays responsive while it builds (0.3-0.8 s).
"""

from __future__ import annotations

import functools

from pia_core import media_types
from pia_core.formatting import scan_file_name
from pia_core.i18n import t
from pia_core.pdf_pool import activity_word
from pia_core.scan.model import Assessment
from pia_core.ui.downloads import download_button
from pia_core.vocabulary import Language

SLOT = "docx"


def render_word_download(current: Assessment, language: Language) -> None:
    """The "Rapport (Word)" button, with its file named like the PDF's (…-2026-11-28.docx)."""
    download_button(
        t("word.download", language),
        functools.partial(activity_word, current.model_copy(deep=True), language),
        file_name=scan_file_name("docx", current.organisation.name, current.date, language),
        mime=media_types.DOCX,
        slot=SLOT,
        heavy=True,
        icon=":material/description:",
        help=t("word.download_help", language),
    )
