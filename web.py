"""The app as it is served: app.py behind the HTTP guard (security headers, same-origin websockets,
no public metrics; pia_core/http_guard.py). `python -m pia_core.serve` runs this file with
`streamlit run`, which finds the `st.App` below; tests drive app.py directly."""

import streamlit as st
from starlette.middleware import Middleware

from pia_core.http_guard import HttpGuard

app = st.App("app.py", middleware=[Middleware(HttpGuard)])
