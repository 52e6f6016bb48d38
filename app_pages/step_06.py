from pia_core.ui.step_page import render_step

render_step(6)
