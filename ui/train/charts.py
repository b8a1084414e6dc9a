"""The account-health gauge: the 7-day Cancellation Rate against its limit (pure).

Written as a Vega-Lite spec, not with altair: the desk draws it on every click, and
building and validating the altair chart was a third of the desk's server time
(py-spy under benchmarks/loadtest).  ``st.vega_lite_chart`` draws the dict as it is.
"""

from __future__ import annotations

LIMIT_COLOUR = "#d62728"
HEIGHT = 70


def _layer(value: dict, mark: dict, scale: dict, **encoding) -> dict:
    return {
        "data": {"values": [value]},
        "mark": mark,
        "encoding": {"x": {"field": "rate", "type": "quantitative", "scale": scale, **encoding.pop("x", {})}}
        | encoding,
    }


def rate_gauge(account: dict) -> dict:
    """A bullet bar: the rate now, the rate before the trainee acted, and the limit line."""
    rate = account["rate"] or 0.0
    limit = account["limit"]
    scale = {"domain": [0, max(limit * 2, rate * 1.25)]}
    axis = {"format": ".1%", "title": f"{account['label']} ({account['window_days']} days)", "tickCount": 5}
    colour = LIMIT_COLOUR if account["breach"] else "#2e7d32"
    limit_row = {"rate": limit, "label": f"Limit {limit:.1%}"}
    layers = [
        _layer(
            {"rate": scale["domain"][1]},
            {"type": "bar", "color": "#eceff1", "height": 26},
            scale,
            x={"axis": axis},
        ),
        _layer(
            {"what": "Now", "rate": rate, "colour": colour},
            {"type": "bar", "height": 26},
            scale,
            color={"field": "colour", "type": "nominal", "scale": None},
            tooltip=[{"field": "rate", "type": "quantitative", "format": ".2%"}],
        ),
        _layer(
            {"rate": account["background_rate"] or 0.0},
            {"type": "tick", "color": "#455a64", "thickness": 2, "size": 30},
            scale,
        ),
        # ticks, not rules: with no y channel a rule is drawn with no length; the white halo keeps
        # the limit visible when the bar behind it is red too
        _layer(limit_row, {"type": "tick", "color": "white", "thickness": 7, "size": 40}, scale),
        _layer(limit_row, {"type": "tick", "color": LIMIT_COLOUR, "thickness": 3, "size": 40}, scale),
        _layer(
            limit_row,
            {"type": "text", "color": LIMIT_COLOUR, "dy": -28, "fontSize": 11},
            scale,
            text={"field": "label", "type": "nominal"},
        ),
    ]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "height": HEIGHT, "layer": layers}
