"""Load test of the app over Streamlit's websocket (make load)."""
