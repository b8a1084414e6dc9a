"""Issue 22, phone (390 × 844): the policy lab's rate chart keeps its width (its legend was on the
right and left the plot about 110 px and one date tick), and every tab of the lab's tab bars is in
view (Sweep and Download hid behind the bar's arrow)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page


def test_on_a_phone_the_rate_chart_keeps_its_width_and_every_lab_tab_is_in_view(browser, app_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, app_server, "lab")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        expect(chart).to_be_visible(timeout=120_000)
        frame = chart.locator("svg path.background").first.get_attribute("d")  # the plot's own area
        width, height = map(float, re.match(r"M0,0h([\d.]+)v([\d.]+)", frame or "").groups())
        assert width >= 250 and height == 300, frame  # the legend went below and took no height
        dates = chart.locator('g[aria-label^="X-axis"] g.role-axis-label text')
        assert dates.count() >= 4
        tablists = page.get_by_role("tablist").all()
        assert len(tablists) == 2  # the inputs' tabs and the results' tabs
        for tablist in tablists:
            bar = tablist.bounding_box()
            for tab in tablist.get_by_role("tab").all():
                box = tab.bounding_box()
                assert box["x"] + box["width"] <= bar["x"] + bar["width"] + 0.5, tab.inner_text()
    finally:
        context.close()
