"""Switch a page's results tabs under AppTest, as a click would: only the open tab is drawn."""

from ui.simulate.results import TABS


def open_tab(at, name: str, prefix: str = "gallery"):
    """``name`` is a key of ``ui.simulate.results.TABS`` ("orders", "compare", "sweep", ...).

    The open tab is part of the page's state (its ``ResultsView``), which the tabs only show.
    """
    assert name in TABS
    at.session_state[prefix].results.tab = name
    return at.run()
