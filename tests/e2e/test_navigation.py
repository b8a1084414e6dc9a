"""Every page from every other page, through the sidebar, forward and back (issue 22).

The pages are read from the sidebar itself, so a page added to ``app.py`` is walked too.
One walk covers every ordered pair of pages once (an Euler circuit of the complete
directed graph), and after each step the browser goes back and forward again.  Any
``stException`` on a page, or a ``Traceback`` in the server's log, fails the walk.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import StreamlitServer, wait_for_app
from tests.e2e.test_desk_helpers import go, sign_in


@pytest.fixture(scope="module")
def nav_server(tmp_path_factory) -> Iterator[StreamlitServer]:
    """A server of its own, so that its log holds only this walk."""
    server = StreamlitServer(tmp_path_factory.mktemp("navigation")).start()
    yield server
    server.stop()


def euler_circuit(nodes: list[str]) -> list[str]:
    """A walk that steps along every ordered pair (a, b), a != b, exactly once (Hierholzer)."""
    unused = {a: [b for b in reversed(nodes) if b != a] for a in nodes}
    stack, walk = [nodes[0]], []
    while stack:
        here = stack[-1]
        if unused[here]:
            stack.append(unused[here].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def test_the_circuit_covers_every_ordered_pair_once():
    nodes = ["a", "b", "c", "d"]
    walk = euler_circuit(nodes)
    steps = list(itertools.pairwise(walk))
    assert sorted(steps) == sorted((a, b) for a in nodes for b in nodes if a != b)


def sidebar_titles(page: Page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    # a link's text starts with its material icon's name, on a line of its own
    return [links.nth(i).inner_text().strip().splitlines()[-1] for i in range(links.count())]


def server_log(server: StreamlitServer) -> str:
    return Path(server.data_dir / f"streamlit-{server.port}.log").read_text(errors="replace")


def assert_clean(page: Page, server: StreamlitServer, where: str) -> None:
    expect(page.get_by_test_id("stException"), f"an exception on {where}").to_have_count(0)
    assert "Traceback" not in server_log(server), f"a traceback in the server's log at {where}"


def expect_at(page: Page, title: str) -> None:
    """The sidebar highlights TITLE (Streamlit marks it aria-current), and the page has run."""
    link = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
    expect(link).to_have_text(re.compile(rf"{re.escape(title)}\s*$"), timeout=15_000)
    wait_for_app(page)


def history_step(page: Page, step) -> None:
    """The browser's Back or Forward.  Where it lands is Streamlit's affair: a page that writes its
    settings into the address (gallery, lab, rulebook, desk) adds history entries of its own (a
    pushState whenever a page's parameters change), so the page is only required to draw whole."""
    step()
    page.wait_for_timeout(300)  # the popstate reaches the app
    wait_for_app(page)


def test_every_page_from_every_other_page_forward_and_back(page, nav_server):
    sign_in(page, nav_server, "Nadia Navigator", "trainer")  # the trainer's records draw in full
    titles = sidebar_titles(page)
    assert len(titles) >= 8, titles  # every page of app.py is in the sidebar
    walk = euler_circuit(titles)
    go(page, walk[0])
    for before, after in itertools.pairwise(walk):
        go(page, after)
        expect_at(page, after)
        assert_clean(page, nav_server, f"{before} -> {after}")
        history_step(page, page.go_back)
        assert_clean(page, nav_server, f"Back from {after} (to {before})")
        history_step(page, page.go_forward)
        assert_clean(page, nav_server, f"Forward again (to {after})")
        go(page, after)  # the walk goes on from AFTER, whatever history held
