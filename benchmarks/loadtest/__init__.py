"""`make loadtest`: many browser sessions against one app server, the way Streamlit's own
server load tests work (e2e_playwright/load_testing in the streamlit repository).

One `streamlit run serve.py` (server.py) on a fresh data folder; N worker processes
(runner.py), each with its own headless Chromium driven by Playwright (browser.py);
each worker plays one trainee (desk_script.py) or one visitor of the gallery
(gallery_script.py); psutil samples the server's RSS and CPU meanwhile (sampler.py);
report.py prints p50/p95/max per kind of action, errors, lost attempts and the
server's peaks.  Timings are measurements, never assertions: the 3-session smoke run
in tests/e2e/test_loadtest_smoke.py (part of `make test`) asserts only no errors and no lost attempts.
"""
