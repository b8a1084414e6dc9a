"""What a page's results show besides the result itself: the open tab and each tab's choices.

One :class:`ResultsView` is part of each page's own state (``GalleryState.results``,
``LabState.results``); the results' widgets only show it (``ui.shared.state.bound``),
so a tab, a comparison's policies or a sweep's range are still there after a visit to
another page or another tab, which Streamlit's widget keys alone forget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ui.shared.state import bound

SWEEP_POINTS = 11  # steps of a tenth of the range


@dataclass
class ResultsView:
    """The results' choices for one page; ``None`` means the default the tab works out."""

    tab: str = "rates"  # a key of ui.simulate.results.TABS
    compare_pick: list[str] | None = None  # policy ids, the baseline first
    compare_only_ok: bool = False
    compare_ok_first: bool = False
    compare_saved: dict[str, Any] | None = None  # {"key": inputs' fingerprint, "result": comparison}
    compare_shown: tuple[str, ...] = ()  # the policies of the comparison on screen, if it is current
    compare_requested: bool = False  # a link asked for compare_pick's comparison: run it once
    sweep_param: str | None = None  # the parameter's label
    sweep_range: dict[str, tuple[float, float]] = field(default_factory=dict)  # label -> (from, to), as shown
    sweep_n: int = SWEEP_POINTS
    sweep_saved: dict[str, Any] | None = None  # {"key", "points", "label", "percent"}
    sample_only: bool = False
    sample_page: int = 1
    sample_detail: tuple[str, str] | None = None  # (first order id of the page shown, order picked)

    def widget(self, prefix: str, attr: str, shown: Any = None) -> dict:
        """``key`` and ``on_change`` of the widget ``{prefix}.{attr}``, showing ``shown`` (default: the
        attribute) and keeping each change in the attribute."""
        value = getattr(self, attr) if shown is None else shown
        return bound(f"{prefix}.{attr}", value, lambda new: setattr(self, attr, new))
