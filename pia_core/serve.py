"""Start the app with what its first visitor would wait for already done: `python -m pia_core.serve
[streamlit options]` is `streamlit run web.py [options]` (app.py behind the HTTP guard of
pia_core/http_guard.py) after a warm-up.

Streamlit runs app.py only when a browser connects, so the first visitor paid for importing every
page's libraries (pandas, Altair, fpdf2), loading and checking the content, and starting the PDF
workers: seconds, while a freshly started server already answered its health check. Here that
happens before the server starts listening, so the health check says ready only once it is done.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from pia_core import REPO_DIR


def warm() -> None:
    import pia_core.ui as ui_package
    from pia_core.content_check import content_problem
    from pia_core.pdf_pool import pool

    for module in pkgutil.iter_modules(ui_package.__path__, f"{ui_package.__name__}."):
        importlib.import_module(module.name)  # every page's code and the libraries it needs
    content_problem()  # every content file, loaded and cross-checked once (each loader caches)
    pool().warm()  # the PDF workers start in the background, as the first page would start them


def main(options: list[str]) -> None:
    from streamlit.web import cli

    warm()
    sys.argv = ["streamlit", "run", str(REPO_DIR / "web.py"), *options]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
