"""Download buttons: the result (CSV, JSON) and the inputs (policy and scenario YAML)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

from simulator.catalog import to_yaml
from simulator.runs.result_types import SimulationResult
from ui.simulate.run_inputs import RunInputs


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


def download_section(inputs: RunInputs, result: SimulationResult) -> None:
    base = file_base(inputs)
    yaml_mime = "application/x-yaml"
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
            ("Policy (YAML)", lambda: to_yaml(inputs.policy), "policy.yaml", yaml_mime, "policy"),
            (
                "Scenario (YAML)",
                lambda: to_yaml(inputs.scenario),
                f"{inputs.scenario_id}.yaml",
                yaml_mime,
                "scenario",
            ),
        ],
    )
    st.caption("The CSV has one row per day: orders, counted cancellations and each rolling rate.")
