from pia_core.ui.history_page import render_history

render_history()
