"""Chart specs are built once per distinct input and handed out as fresh copies."""

from __future__ import annotations

import threading

import altair as alt
import pandas as pd

from ui.shared import chart_specs
from ui.shared.charts import as_spec

BUILT: list[tuple] = []


def bars(values: list[int], *, title: str) -> alt.Chart:
    BUILT.append((tuple(values), title))
    return alt.Chart(pd.DataFrame({"v": values})).mark_bar().encode(x="v:Q").properties(title=title)


def test_the_same_inputs_build_once_and_each_caller_gets_its_own_copy():
    BUILT.clear()
    first = chart_specs.spec(bars, [1, 2], title="a")
    first["mark"] = "line"  # a session scribbling on its copy
    again = chart_specs.spec(bars, [1, 2], title="a")
    assert BUILT == [((1, 2), "a")]  # built once
    assert again["mark"] == {"type": "bar"} and again["title"] == "a"
    made = as_spec(bars([1, 2], title="a"))  # the very spec altair makes, its data as Arrow bytes
    assert {k: v for k, v in again.items() if k != "datasets"} == {
        k: v for k, v in made.items() if k != "datasets"
    }
    assert list(again["datasets"]) == list(made["datasets"])
    assert all(isinstance(v, bytes) for v in again["datasets"].values())


def test_other_inputs_build_their_own_spec():
    BUILT.clear()
    a = chart_specs.spec(bars, [1, 2], title="a")
    b = chart_specs.spec(bars, [1, 3], title="a")
    c = chart_specs.spec(bars, [1, 2], title="c")
    assert len(BUILT) >= 2 and a != b and a["title"] != c["title"]


def test_sessions_drawing_the_same_new_chart_at_once_build_it_once():
    """Twenty sessions pressing Run on one link all missed the cache and each built the chart."""
    BUILT.clear()
    gate = threading.Barrier(8)

    def draw() -> None:
        gate.wait()
        chart_specs.spec(bars, [7, 7, 7], title="herd")

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert BUILT.count(((7, 7, 7), "herd")) == 1
