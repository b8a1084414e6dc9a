"""Download buttons: the result (CSV, JSON) and the inputs (policy and scenario YAML)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from formats.policy import Policy
from rules.whatif import whatif_id, whatif_yaml
from simulator.catalog import to_yaml
from simulator.runs.result_types import SimulationResult
from ui.simulate import catalog as lab_catalog
from ui.simulate.run_inputs import RunInputs

EDITED = "_edited"


def file_base(inputs: RunInputs) -> str:
    """The stem of every downloaded file: which scenario, seed and runs it comes from."""
    return f"{inputs.scenario_id}_seed{inputs.seed}_runs{inputs.runs}"


def download_row(inputs: RunInputs, files: list[tuple[str, str | Callable[[], str], str, str, str]]) -> None:
    """One download button per (label, data, file name, mime, key suffix), side by side.

    ``data`` may be a callable: the file is then made when it is asked for, not on every rerun.
    """
    for col, (label, data, name, mime, key) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            label,
            data,
            file_name=name,
            mime=mime,
            icon=":material/download:",
            key=f"{inputs.prefix}.dl_{key}",
        )


def exported_policy(policy: Policy, shipped: dict[str, Policy]) -> Policy:
    """The policy as it will be saved: an edited copy of a shipped file gets a name and title of its
    own, so that it neither passes for the original nor overwrites it when saved beside it."""
    original = shipped.get(policy.name)
    if original is None or original == policy:
        return policy
    title = policy.title or policy.name
    return policy.model_copy(update={"name": policy.name + EDITED, "title": f"{title[:71]} (edited)"})


def rulebook_file(inputs: RunInputs) -> tuple[str, str, str, str, str] | None:
    """A download of the limits changed in the lab, as a rulebook that extends the shipped one
    (None when the rulebook in force is a shipped one as it is, or an upload)."""
    edited = inputs.rulebook
    try:
        base = lab_catalog.rulebook(edited.id)
    except (RulebookError, FileNotFoundError, OSError):
        return None
    if base == edited:
        return None
    text = whatif_yaml(base, edited)
    return ("Rulebook (YAML)", text, f"{whatif_id(base.id)}.yaml", "application/x-yaml", "rulebook")


def download_section(inputs: RunInputs, result: SimulationResult) -> None:
    base = file_base(inputs)
    yaml_mime = "application/x-yaml"
    policy = exported_policy(inputs.policy, lab_catalog.policies())
    rulebook = rulebook_file(inputs)
    download_row(
        inputs,
        [
            (
                "Results (CSV)",
                lambda: pd.DataFrame(result.daily).to_csv(index=False),
                f"{base}_daily.csv",
                "text/csv",
                "csv",
            ),
            (
                "Results (JSON)",
                lambda: json.dumps(result.to_dict(), indent=2, sort_keys=True),
                f"{base}.json",
                "application/json",
                "json",
            ),
            # The inputs are a few lines each: made with the page, so their buttons need no
            # round trip to the server when pressed (a deferred one never came, once, under load).
            ("Policy (YAML)", to_yaml(policy), f"{policy.name}.yaml", yaml_mime, "policy"),
            (
                "Scenario (YAML)",
                to_yaml(inputs.scenario),
                f"{inputs.scenario_id}.yaml",
                yaml_mime,
                "scenario",
            ),
            *([rulebook] if rulebook else []),
        ],
    )
    st.caption("The CSV has one row per day: orders, counted cancellations and each rolling rate.")
