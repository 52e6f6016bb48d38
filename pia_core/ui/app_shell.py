"""What every run does before the page: page config, style, navigation and the sidebar."""

from __future__ import annotations

import streamlit as st

from pia_core.content_check import content_problem
from pia_core.i18n import t
from pia_core.pdf_pool import pool
from pia_core.ui.navigation import all_pages
from pia_core.ui.page_language import render_page_language
from pia_core.ui.persistence import begin_run, end_run
from pia_core.ui.presentation import is_on, record_agenda
from pia_core.ui.sidebar import render_sidebar
from pia_core.ui.state import lang, refresh_evaluation
from pia_core.ui.workspace_page import land_after_sign_in, note_how_the_session_arrived, render_workspace_link

# Shown when the content itself cannot be loaded, so it cannot come from the content files.
CONTENT_BROKEN = (
    "**De inhoud van de app kan niet worden geladen. / The app's content cannot be loaded.**\n\n"
    "Herstel het genoemde bestand en start de app opnieuw. / "
    "Repair the file named below and restart the app."
)


def stop_if_content_broken() -> None:
    """A consultant's broken edit of content/ gives a message naming the file and field, not a crash."""
    problem = content_problem()
    if problem is not None:
        st.set_page_config(page_title="Privacy Impact Analyse", page_icon="🛡️")
        st.error(CONTENT_BROKEN, icon=":material/error:")
        st.code(problem, language=None, wrap_lines=True)
        st.stop()


def run_app() -> None:
    stop_if_content_broken()
    note_how_the_session_arrived()  # before begin_run puts the scan's token into the address
    begin_run()  # load or refresh the stored scan first: everything below shows it
    try:
        # An emoji icon becomes an inline data: URL; a ":material/..." favicon is fetched from
        # fonts.gstatic.com by the browser, a request to a third party (tests/browser/test_transfer.py).
        # Presentation mode uses the width of the shared screen; a self-scan reads best centred.
        st.set_page_config(
            page_title=t("common.app_title", lang()), page_icon="🛡️", layout="wide" if is_on() else "centered"
        )
        refresh_evaluation()
        pool().warm()  # the PDF workers start (again) while the user walks the steps, and stay while used
        page = st.navigation(all_pages(lang()), position="hidden")
        land_after_sign_in(page)  # a consultant back from the identity provider goes on to the workspace
        record_agenda(page.url_path)  # in presentation mode; before the sidebar shows it and end_run saves it
        render_sidebar()
        render_workspace_link(lang())
        render_page_language(lang(), page.url_path)
        page.run()
    finally:
        # The run's one save: what its callbacks and the page changed, also when the run stops
        # early (st.rerun, st.switch_page, a newer run interrupting this one).
        end_run()
