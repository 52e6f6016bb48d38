"""The only part of pia_core that imports Streamlit: widgets and page renderers shared by app_pages/."""
