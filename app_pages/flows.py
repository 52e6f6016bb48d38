from pia_core.ui.flows_page import render_flows

render_flows()
