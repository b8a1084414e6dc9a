"""The account-health gauge: the 7-day Cancellation Rate against its limit (pure)."""

from __future__ import annotations

import altair as alt
import pandas as pd

LIMIT_COLOUR = "#d62728"
HEIGHT = 70


def rate_gauge(account: dict) -> alt.LayerChart:
    """A bullet bar: the rate now, the rate before the trainee acted, and the limit line."""
    rate = account["rate"] or 0.0
    limit = account["limit"]
    top = max(limit * 2, rate * 1.25)
    bar = pd.DataFrame(
        [{"what": "Now", "rate": rate, "colour": LIMIT_COLOUR if account["breach"] else "#2e7d32"}]
    )
    base = pd.DataFrame([{"rate": account["background_rate"] or 0.0}])
    scale = alt.Scale(domain=[0, top])
    axis = alt.Axis(format=".1%", title=f"{account['label']} ({account['window_days']} days)", tickCount=5)
    track = (
        alt.Chart(pd.DataFrame([{"rate": top}]))
        .mark_bar(color="#eceff1", height=26)
        .encode(x=alt.X("rate:Q", scale=scale, axis=axis))
    )
    now = (
        alt.Chart(bar)
        .mark_bar(height=26)
        .encode(
            x=alt.X("rate:Q", scale=scale),
            color=alt.Color("colour:N", scale=None),
            tooltip=[alt.Tooltip("rate:Q", format=".2%")],
        )
    )
    before = (
        alt.Chart(base)
        .mark_tick(color="#455a64", thickness=2, size=30)
        .encode(x=alt.X("rate:Q", scale=scale))
    )
    line = alt.Chart(pd.DataFrame([{"rate": limit, "label": f"Limit {limit:.1%}"}]))
    # ticks, not rules: with no y channel a rule is drawn with no length; the white halo keeps the
    # limit visible when the bar behind it is red too
    halo = line.mark_tick(color="white", thickness=7, size=40).encode(x=alt.X("rate:Q", scale=scale))
    rule = line.mark_tick(color=LIMIT_COLOUR, thickness=3, size=40).encode(x=alt.X("rate:Q", scale=scale))
    text = line.mark_text(color=LIMIT_COLOUR, dy=-28, fontSize=11).encode(
        x=alt.X("rate:Q", scale=scale), text="label:N"
    )
    return (track + now + before + halo + rule + text).properties(height=HEIGHT)
