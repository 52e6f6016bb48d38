from pia_core.ui.workspace_page import render_workspace

render_workspace()
