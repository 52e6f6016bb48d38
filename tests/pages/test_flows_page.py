"""AppTest of the communication flows page: the table, its validation, flags and the live saving."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from pia_core.content.bundle import shipped_content
from pia_core.flows.savings import savings
from pia_core.formatting import money
from pia_core.i18n import t
from pia_core.scan.model import Language, Sector
from pia_core.ui.flows_page import scaled_volume

from ..apptest import goto, new_app, set_language, state


def metric(at: AppTest, key: str, language: Language = "nl") -> str:
    label = t(key, language)
    return next(m.value for m in at.metric if m.label == label)


def refusals(at: AppTest) -> list[str]:
    heading = t("flows.error.heading", "nl")
    return [e.value for e in at.error if e.value.startswith(heading)]


def edit(at: AppTest, edits: dict[str, Any]) -> AppTest:
    """What the browser sends: the editor's cumulative edit state, then a rerun."""
    full = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    at.session_state[at.data_editor[0].key] = full  # type: ignore[index]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def add_examples(at: AppTest, size: str = "medium", language: Language = "nl") -> None:
    """Choose the organisation's size (the button waits for it), then add the example flows."""
    at.selectbox(key=f"flows_preset_size_{language}").set_value(size).run()
    at.button(key="flows_preset_add").click().run()


def with_municipality() -> AppTest:
    at = new_app()
    state(at).organisation.sector = Sector.GOVERNMENT
    goto(at, "app_pages/flows.py")
    add_examples(at)
    assert len(state(at).flows) == len(shipped_content().flows.presets["municipality"].flows)
    return at


def test_editing_a_volume_changes_the_saving() -> None:
    at = with_municipality()
    before = metric(at, "flows.savings.annual")
    assert before == money(savings(state(at), shipped_content().flows).annual, "nl")
    edit(at, {"edited_rows": {"0": {"volume": "80.000"}}})
    assert state(at).flows[0].volume == 80_000
    after = metric(at, "flows.savings.annual")
    assert after != before and after == money(savings(state(at), shipped_content().flows).annual, "nl")
    assert not refusals(at)


def test_bad_cell_is_refused_with_a_message_and_other_rows_stay() -> None:
    at = with_municipality()
    names = [f.name for f in state(at).flows]
    volumes = [f.volume for f in state(at).flows]
    edit(at, {"edited_rows": {"1": {"volume": "-5"}, "2": {"volume": "2.500"}}})
    [error] = refusals(at)
    assert t("flows.error.negative", "nl", value="-5") in error
    assert "Rij 2" in error
    flows = state(at).flows
    assert [f.name for f in flows] == names
    assert flows[1].volume == volumes[1]  # refused: old value kept
    assert flows[2].volume == 2_500  # the good cell in the same edit is taken over
    # The table is rebuilt from what was kept, not from what was typed.
    shown = at.data_editor[0].value
    assert shown["volume"].tolist()[1] == f"{volumes[1]:,}".replace(",", ".")
    # The next edit starts from the kept table; the message goes away.
    edit(at, {"edited_rows": {"0": {"digital_share": "150"}}})
    assert t("flows.error.share_range", "nl", value="150") in refusals(at)[0]
    edit(at, {"edited_rows": {"0": {"digital_share": "50"}}})
    assert not refusals(at) and state(at).flows[0].digital_share == 50


def test_flags_show_with_article_and_step_link() -> None:
    at = with_municipality()
    # The example "Loonstroken" goes by ordinary email with a BSN: a critical flag.
    critical = [e.value for e in at.error]
    assert any("Loonstroken" in text and "AVG art. 32 lid 1" in text for text in critical)
    links = [getattr(link, "label", "") for link in at.get("page_link")]
    assert t("flows.flags.step_link", "nl", step=6) in links


def test_assumption_change_and_opt_in_are_live() -> None:
    at = with_municipality()
    before = metric(at, "flows.savings.annual")
    at.text_input(key="flows_assumption_opt_in_nl").input("100").run()
    changed = state(at).cost_assumptions
    assert changed is not None and changed.opt_in == 100
    assert metric(at, "flows.savings.annual") != before
    at.text_input(key="flows_assumption_implementation_nl").input("1.000.000").run()
    assert metric(at, "flows.savings.five_year").startswith(("€", "-€"))
    assert state(at).cost_assumptions.implementation == 1_000_000  # type: ignore[union-attr]
    # Amounts read and show the Dutch way; a bad one is refused with a reason, the old value stays.
    at.text_input(key="flows_assumption_postage_nl").input("0,95").run()
    assert state(at).cost_assumptions.postage == 0.95  # type: ignore[union-attr]
    assert at.text_input(key="flows_assumption_postage_nl").value == "0,95"
    at.text_input(key="flows_assumption_postage_nl").input("veel").run()
    assert any('"veel"' in e.value for e in at.error)
    assert state(at).cost_assumptions.postage == 0.95  # type: ignore[union-attr]
    reset = next(b for b in at.button if b.label == t("flows.assumptions.reset", "nl"))
    reset.click().run()
    assert state(at).cost_assumptions is None
    assert metric(at, "flows.savings.annual") == before


def test_flows_survive_other_pages_and_a_language_switch() -> None:
    at = with_municipality()
    edit(at, {"edited_rows": {"0": {"name": "WOZ 2026"}}})
    goto(at, "app_pages/step_03.py")
    set_language(at, "en")
    goto(at, "app_pages/flows.py")
    assert state(at).flows[0].name == "WOZ 2026"
    table = at.data_editor[0].value
    assert table["name"].tolist()[0] == "WOZ 2026"
    assert table["channel"].tolist()[0] == t("flows.channel.paper", "en")
    assert at.title[0].value == t("flows.nav_title", "en")
    assert metric(at, "flows.savings.annual", "en") == money(
        savings(state(at), shipped_content().flows).annual, "en"
    )


def test_a_new_row_is_kept_incomplete_until_its_choices_are_made() -> None:
    at = with_municipality()
    count, annual = len(state(at).flows), metric(at, "flows.savings.annual")
    at.button(key="flows_add").click().run()
    flows = state(at).flows
    assert len(flows) == count + 1 and flows[-1].missing == ["recipients", "channel", "processor"]
    warning = t("flows.table.incomplete", "nl", number=count + 1, name=flows[-1].name, columns="")
    assert any(warning.split(":")[0] in w.value for w in at.warning)
    assert metric(at, "flows.savings.annual") == annual  # an incomplete row counts nowhere yet
    row = str(count)
    edit(at, {"edited_rows": {row: {"name": "Herinneringen", "volume": "1.000", "channel": "Gewone e-mail"}}})
    kept = state(at).flows[-1]
    assert (kept.name, kept.volume, kept.missing) == ("Herinneringen", 1000, ["recipients", "processor"])
    assert not refusals(at)
    cells = {"name": "Herinneringen", "volume": "1.000", "channel": "Gewone e-mail"}
    edit(at, {"edited_rows": {row: {**cells, "recipients": "Inwoners", "processor": "Weet ik niet"}}})
    assert state(at).flows[-1].complete
    at.multiselect(key="flows_remove_choice").set_value([state(at).flows[-1].id]).run()
    at.button(key="flows_remove").click().run()
    assert len(state(at).flows) == count


def test_examples_are_scaled_to_the_organisations_size() -> None:
    at = new_app()
    state(at).organisation.sector = Sector.HEALTHCARE
    goto(at, "app_pages/flows.py")
    assert at.button(key="flows_preset_add").disabled  # the size is asked first
    add_examples(at, "small")
    preset = shipped_content().flows.presets["healthcare"].flows
    assert [f.volume for f in state(at).flows] == [scaled_volume(p.volume, 0.1) for p in preset]
    assert scaled_volume(24_000, 0.1) == 2_400 and scaled_volume(1_300, 0.1) == 130
