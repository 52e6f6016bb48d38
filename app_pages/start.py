from pia_core.ui.start_page import render_start

render_start()
