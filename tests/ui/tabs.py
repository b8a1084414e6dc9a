"""Switch a page's results tabs under AppTest, as a click would: only the open tab is drawn."""

from ui.simulate.results import TABS, tab_key


def open_tab(at, name: str, prefix: str = "gallery"):
    """``name`` is a key of ``ui.simulate.results.TABS`` ("orders", "compare", "sweep", ...)."""
    at.session_state[tab_key(prefix)] = TABS[name]
    return at.run()
