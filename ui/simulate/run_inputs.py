"""What a result depends on (RunInputs), and the main run with its progress bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from simulator.runs.budget import weigh_request
from ui.shared.problems import show_problems
from ui.shared.progress import progress_bar
from ui.shared.run_gate import GateRefusal
from ui.simulate import runs as lab_runs


@dataclass(frozen=True)
class RunInputs:
    """Everything a result depends on, plus the names shown to people."""

    scenario: BaseModel
    policy: BaseModel
    rulebook: BaseModel
    seed: int
    runs: int
    prefix: str  # session-state / widget key prefix of the calling page
    scenario_id: str = "scenario"


def run_main(inputs: RunInputs) -> dict | None:
    """Run (or fetch from the cache) the main result, with a progress bar."""
    try:
        with progress_bar(f"Simulating {inputs.runs} run(s)") as report:
            return lab_runs.run(
                inputs.scenario,
                inputs.policy,
                inputs.rulebook,
                seed=inputs.seed,
                runs=inputs.runs,
                progress=report,
            )
    except RulebookError as exc:
        show_problems("The simulator refused these inputs", exc)
        return None
    except GateRefusal as exc:
        st.warning(str(exc), icon=":material/hourglass_top:")
        return None


def held_for_run(inputs: RunInputs, release: Callable[[], None]) -> bool:
    """For a run a link asked for: over the small budget, show what it would cost and a Run
    button instead of starting it (True); a link never starts a large run by itself."""
    try:
        weight = weigh_request(inputs.scenario, inputs.rulebook, inputs.runs)
    except (RulebookError, ValueError, TypeError, AttributeError):
        return False  # run_main says what is wrong with these inputs
    if weight.small:
        return False
    st.info(
        f"This link asks for a large simulation: {weight.words()}. The settings are above; "
        "it starts when you press **Run**.",
        icon=":material/link:",
    )
    st.button(
        "Run", type="primary", icon=":material/play_arrow:", key=f"{inputs.prefix}-link-run", on_click=release
    )
    return True
