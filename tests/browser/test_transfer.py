"""A downloaded JSON opens in a fresh session with the same scores; no request leaves the app's host."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page

from pia_core.i18n import t
from tools.screenshots import wait_idle

from .conftest import App, open_app
from .helpers import choose, chosen, go, main, open_scan_controls, overall_score, type_text, upload

YES, PARTLY, NO, UNKNOWN = (t(f"common.answer.{a}", "nl") for a in ("yes", "partly", "no", "unknown"))


def test_json_downloaded_in_one_session_gives_the_same_scores_in_another(
    app: App, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    page = open_app(new_page(), app.base)
    type_text(page, t("start.org_name", "nl"), "Kliniek De Linde")
    go(page, "stap-2")
    choose(page, 0, YES)
    choose(page, 1, NO)
    go(page, "stap-5")
    choose(page, 0, PARTLY)
    choose(page, 1, UNKNOWN)
    score = overall_score(page)
    steps = [link.inner_text() for link in page.locator("[data-testid=stSidebar] a").all()]
    go(page, "")
    open_scan_controls(page)
    with page.expect_download() as download:
        main(page).get_by_role("button", name=t("scan.export_button", "nl")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".json"

    fresh = open_app(new_page(), app.base)
    assert overall_score(fresh) == t("common.no_score", "nl")
    open_scan_controls(fresh)
    upload(fresh, saved.name, saved.read_bytes())
    main(fresh).get_by_role("button", name=t("scan.import_confirm", "nl")).click()
    wait_idle(fresh)
    assert overall_score(fresh) == score
    assert [link.inner_text() for link in fresh.locator("[data-testid=stSidebar] a").all()] == steps
    go(fresh, "stap-5")
    assert chosen(fresh, 0, PARTLY) and chosen(fresh, 1, UNKNOWN)


def test_no_request_to_any_other_host_while_a_scan_is_filled_in(
    app: App, new_page: Callable[[], Page]
) -> None:
    page = new_page()
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda socket: seen.append(socket.url))
    open_app(page, app.base)
    type_text(page, t("start.org_name", "nl"), "Gemeente Ede")
    # The FG questions (step 0) are folded away under the start button: open them, then answer.
    fg = t("start.fg_heading", "nl", title="").split("—")[0].strip()
    box = main(page).locator("[data-testid=stExpander]", has=page.locator("summary", has_text=fg))
    box.locator("summary").click()
    wait_idle(page)
    box.get_by_role("radiogroup").first.get_by_text(YES, exact=True).click()
    wait_idle(page)
    open_scan_controls(page)
    for step in (1, 3, 8):
        go(page, f"stap-{step}")
        choose(page, 0, NO)
    go(page, "samenvatting")
    page.reload()
    wait_idle(page)
    own = urlparse(app.base).netloc
    assert seen, "requests were recorded"
    assert any(url.startswith("ws") for url in seen), "the websocket was recorded too"
    strangers = sorted({urlparse(url).netloc for url in seen if not url.startswith("data:")} - {own})
    assert strangers == []
