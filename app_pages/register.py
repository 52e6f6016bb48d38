from pia_core.ui.register_page import render_register

render_register()
