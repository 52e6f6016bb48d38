from pia_core.ui.summary_page import render_summary

render_summary()
