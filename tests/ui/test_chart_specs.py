"""Chart specs are built once per distinct input and handed out as fresh copies."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.shared import chart_specs

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
    assert again == bars([1, 2], title="a").to_dict()  # the very spec altair makes


def test_other_inputs_build_their_own_spec():
    BUILT.clear()
    a = chart_specs.spec(bars, [1, 2], title="a")
    b = chart_specs.spec(bars, [1, 3], title="a")
    c = chart_specs.spec(bars, [1, 2], title="c")
    assert len(BUILT) >= 2 and a != b and a["title"] != c["title"]
