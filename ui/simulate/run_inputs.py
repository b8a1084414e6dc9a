"""What a result depends on (RunInputs), and the main run with its progress bar."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from formats.errors import RulebookError
from ui.shared.problems import show_problems
from ui.shared.progress import progress_bar
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
