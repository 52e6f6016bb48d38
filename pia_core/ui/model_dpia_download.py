"""The summary page's Model DPIA download: a file for the government's DPIA tool.

Offered only when the activity's DPIA check says verplicht or aanbevolen (pia_core/exports/
model_dpia.py says what it fills in). A light build (a few milliseconds): made on each run and
handed over as bytes, like the CSV.
"""

from __future__ import annotations

import functools

from pia_core import media_types
from pia_core.exports.model_dpia import DUE, model_dpia_file_name, model_dpia_json
from pia_core.i18n import t
from pia_core.scan.model import Assessment
from pia_core.ui.downloads import download_button
from pia_core.ui.state import content, evaluation
from pia_core.vocabulary import Language

SLOT = "model_dpia"


def render_model_dpia_download(current: Assessment, language: Language) -> None:
    """The "Model DPIA (JSON)" button, or nothing when the DPIA check says no DPIA is due."""
    if evaluation().screening.verdict not in DUE:
        return
    download_button(
        t("model_dpia.download", language),
        functools.partial(model_dpia_json, current.model_copy(deep=True), content(), lang=language),
        file_name=model_dpia_file_name(current),
        mime=media_types.JSON,
        slot=SLOT,
        icon=":material/assignment:",
        help=t("model_dpia.download_help", language),
    )
