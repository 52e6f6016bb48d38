"""The one script of our own the page runs, as a constant: the server's Content-Security-Policy
allows it by its hash (pia_core/http_guard.py), so it must not change with the page.

What varies (the scan's language, the current page) travels in data attributes of the element
just before it. It sets the page's `lang` for screen readers (WCAG 3.1.1) and scrolls a newly
opened page to its title (Streamlit now and then kept the previous page's scroll position).
"""

from __future__ import annotations

PAGE_SCRIPT = (
    "(() => {"
    " const data = document.currentScript && document.currentScript.previousElementSibling;"
    " if (!data || !data.dataset.piaLang) { return; }"
    " document.documentElement.lang = data.dataset.piaLang;"
    " const page = data.dataset.piaPage;"
    " if (window.piaPage !== page) {"
    " window.piaPage = page;"
    " const main = document.querySelector('[data-testid=stMain]');"
    " if (main) { main.scrollTo(0, 0); }"
    " window.scrollTo(0, 0); }"
    " })();"
)
