"""All content as one value: `load_content(root)` reads and cross-checks every content file once.

The app builds it once per process (pia_core/ui/state.py, `st.cache_resource`), the command line
once per command (pia_core/cli.py), and both pass it explicitly to the analysis, the reports, the
exports and the commands: nothing below them loads content of its own or falls back to a hidden
default, so a test builds a small `Content` (or `dataclasses.replace`s one part) and hands it in.
The order of loading is the order of the checks: the flow rules cite the catalogue's laws, the
register names the DPIA check's items, a precedent names questions and flow rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pia_core import CONTENT_DIR
from pia_core.content.agenda import AgendaPlan, load_agenda_plan
from pia_core.content.branding import Branding, configured_branding_file, load_branding
from pia_core.content.demos import Demo, load_index
from pia_core.content.flows import FlowContent, load_flow_content
from pia_core.content.loader import Catalogue, check_step_count, load_catalogue
from pia_core.content.precedents import Precedents, load_precedents
from pia_core.content.register import RegisterContent, load_register_content
from pia_core.content.risk import RiskRules, load_risk_rules
from pia_core.content.screening import ScreeningContent, load_screening
from pia_core.content.texts import Texts, load_texts


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one value per process
class Content:
    """Everything the app knows that is not a user's scan; read-only, shared by every session."""

    catalogue: Catalogue  # the ten steps: questions, laws, scoring, facts
    texts: Texts  # UI texts per language
    risk: RiskRules  # the risk matrix and the levels
    screening: ScreeningContent  # the DPIA check
    flows: FlowContent  # flow rules, presets, cost assumptions
    register: RegisterContent  # how the art. 30 register is filled
    precedents: Precedents  # enforcement decisions behind critical points
    agenda: AgendaPlan  # the consultant's planned hour
    demos: tuple[Demo, ...]  # the demo index, in its order
    demo_dir: Path  # where the demo files are
    branding: Branding  # the firm's name, colours, logo and contact (neutral when none is set)


def load_content(root: Path = CONTENT_DIR, branding_file: Path | None = None) -> Content:
    """Every content file under `root`, validated and cross-checked (ContentError on the first fault)."""
    catalogue = check_step_count(load_catalogue(root), root)
    screening = load_screening(root / "screening.yaml")
    flows = load_flow_content(catalogue.laws, root / "flows")
    return Content(
        catalogue=catalogue,
        texts=load_texts(root / "ui"),
        risk=load_risk_rules(root / "risk.yaml"),
        screening=screening,
        flows=flows,
        register=load_register_content(catalogue, screening, root / "register.yaml"),
        precedents=load_precedents(catalogue, flows.rules, root / "precedents"),
        agenda=load_agenda_plan(root / "agenda.yaml"),
        demos=tuple(load_index(root / "demos")),
        demo_dir=root / "demos",
        branding=load_branding(branding_file),
    )


@cache
def shipped_content() -> Content:
    """The content this app ships, with the deployment's branding: built once per process.

    Only the composition roots call this (the app's state, the command line, tests' fixtures);
    everything else is handed the value.
    """
    return load_content(CONTENT_DIR, configured_branding_file())
