from pia_core.ui.accessibility_page import render_accessibility

render_accessibility()
