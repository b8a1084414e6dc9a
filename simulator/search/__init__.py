"""Find the best compliant policy for a shop: a multi-objective search on common random numbers.

``search(scenario, ...)`` builds the space from the rulebook and the scenario
(:mod:`.space`), lets Optuna propose policies (NSGA-II for a Pareto front, TPE when
weights make one objective; :mod:`.study`), simulates each on the same seeds through an
executor (this process or a Dask cluster; :mod:`simulator.runs.executor`, :mod:`.evaluate`),
and returns the front, the best for the weights and every trial's figures with their 95%
intervals (:mod:`.result`).  The objectives are defined once, in :mod:`.objectives`.

Layout: ``space`` what can be chosen; ``objectives`` what is minimised; ``evaluate`` one
trial's runs in chunks; ``study`` the Optuna loop and its storage; ``result`` the answer;
``api`` the function the CLI and the lab call.
"""
