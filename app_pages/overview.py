from pia_core.ui.overview_page import render_overview

render_overview()
