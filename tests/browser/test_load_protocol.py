"""`make load` measures what a user gets: its simulated browser reruns the page it shows.

Until 2026-11-29 a rerun sent no page, so Streamlit ran the start page after every simulated
answer and the load test's "answer" figures were the start page's. A real server tells.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.load.journeys import LABELS, STEP_URL, expected_overall, shown_overall, still_shown
from benchmarks.load.protocol import ProtocolError, Session, string_value
from benchmarks.load.server import Server

from .conftest import App


def test_an_answer_reruns_the_step_page_it_was_given_on(app: App) -> None:
    async def journey() -> None:
        server = Server(app.base, None)
        async with Session(server.ws_url, server.base) as session:
            page = await session.run(page=STEP_URL)
            radio = page.of_kind("radio")[0]
            label = radio.options[0]
            rerun = await session.run(changes={radio.id: string_value(radio.id, label)})
            still_shown(rerun, radio.id)  # the same radio again, so the same page
            assert session.current_page[0] == STEP_URL
            question = str(radio.id).rsplit("q_", 1)[1]
            assert shown_overall(rerun) == expected_overall({question: LABELS[label]})
            start = await session.run(page="")  # the check can fail: the start page has other radios
            with pytest.raises(ProtocolError):
                still_shown(start, radio.id)

    asyncio.run(journey())
