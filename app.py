"""Entry point of the Privacy Impact Analyse: `streamlit run app.py`."""

from pia_core.ui.app_shell import run_app

run_app()
