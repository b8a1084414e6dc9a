"""The policy search (simulator/search): a true front, compliance by default, the known best, resume."""

from __future__ import annotations

import itertools
import os
import signal

import numpy as np
import optuna
import pytest

from formats.errors import ArgumentError, RulebookError
from simulator.runs.compliance import COMPLIANT, compliance_block
from simulator.runs.executor import Executor
from simulator.search.api import evaluate_policy, question, search, searching
from simulator.search.evaluate import Task, chunks, joined, run_task
from simulator.search.objectives import OBJECTIVES, interval, weighted
from simulator.search.result import dominates
from simulator.search.study import held_interrupts, open_study, storage_of

SMALL = {"runs": 8, "seed": 5}


def test_the_front_holds_no_dominated_point_and_dominates_the_rest():
    q = question("starter_shop", objectives="breach,lost_revenue,feedback", **SMALL)
    res = search(q, trials=30)
    assert res.trials == 30 and len(res.all_trials) == 30
    front = [p.means() for p in res.front]
    everyone = [p.means() for p in res.all_trials]
    assert front
    for m in front:
        assert not any(dominates(other, m) for other in everyone)
    for m in everyone:  # every other trial is beaten by (or equal to) a point of the front
        assert m in front or any(dominates(f, m) or f == m for f in front)
    for p in res.front:  # each point is a whole policy with the one judgement's verdict
        assert p.policy_yaml.startswith("name: trial_")
        assert p.status == COMPLIANT and p.label == "Compliant"
        for f in p.figures.values():
            assert f.low <= f.mean <= f.high


def test_ties_are_the_points_whose_intervals_overlap_on_every_objective():
    q = question("starter_shop", objectives="breach,lost_revenue,feedback", **SMALL)
    res = search(q, trials=30)
    assert len(res.front) >= 2
    by = {p.trial: p for p in res.front}
    for p in res.front:
        for other in by.values():
            if other is p:
                continue
            overlap = all(p.figures[o].overlaps(other.figures[o]) for o in p.figures)
            assert (other.trial in p.tied_with) == overlap


def test_only_compliant_handlings_are_searched_by_default():
    q = question("holiday_stockout", objectives="lost_revenue", **SMALL)
    assert all(c.status == COMPLIANT for cs in q.space.situations.values() for c in cs)
    res = search(q, trials=20)
    assert {p.status for p in res.all_trials} == {COMPLIANT}


def test_include_risky_searches_violations_too_and_marks_them():
    safe = question("holiday_stockout", objectives="lost_revenue", **SMALL)
    risky = question("holiday_stockout", objectives="lost_revenue", include_risky=True, **SMALL)
    statuses = {c.status for cs in risky.space.situations.values() for c in cs}
    assert "violation" in statuses and COMPLIANT in statuses
    assert risky.space.size() > safe.space.size()
    res = search(risky, trials=20)
    flagged = [p for p in res.all_trials if p.status == "violation"]
    assert flagged
    for p in [*res.all_trials, *res.front]:  # each mark is the one judgement's, on the whole policy
        verdict = compliance_block(risky.rulebook, risky.space.policy(p.params))
        assert p.status == verdict.status
    for p in res.front:
        assert p.label == compliance_block(risky.rulebook, risky.space.policy(p.params)).label


def test_a_known_best_is_found_on_a_space_small_enough_to_search_exhaustively():
    sids = ["out_of_stock", "defect_damage"]
    q = question(
        "holiday_stockout",
        objectives="lost_revenue,feedback",
        weights={"lost_revenue": 1.0, "feedback": 20.0},
        situations=sids,
        wait_bounds=(48.0, 48.0),
        **SMALL,
    )
    keys = [[c.key for c in q.space.situations[s]] for s in sids]
    assert len(keys[0]) * len(keys[1]) == q.space.size() <= 40
    scores = []
    for combo in itertools.product(*keys):
        params = {f"handling.{s}": k for s, k in zip(sids, combo, strict=True)}
        params |= {f"wait_hours.{s}": 48.0 for s in sids}
        pol = q.space.policy(params)
        parts = [run_task(Task(q.scenario, pol, q.rulebook, c, None, q.objectives)) for c in chunks(5, 8)]
        figs = joined(parts, q.objectives)
        means = {o: interval(figs[o], OBJECTIVES[o].proportion)[0] for o in q.objectives}
        scores.append(weighted(means, q.weights))
    best = min(scores)
    assert max(scores) > best  # the space has a worse choice to avoid
    res = search(q, trials=60)
    assert res.best is not None and res.best.score == pytest.approx(best, abs=1e-6)


def test_the_same_inputs_and_seed_give_a_byte_identical_result():
    q = question("holiday_stockout", objectives="breach,lost_revenue", **SMALL)
    assert search(q, trials=20).to_json() == search(q, trials=20).to_json()
    other = question("holiday_stockout", objectives="breach,lost_revenue", runs=8, seed=6)
    assert search(other, trials=20).to_json() != search(q, trials=20).to_json()


def test_an_interrupted_study_resumes_where_it_stopped(tmp_path):
    url = f"sqlite:///{tmp_path / 'search.sqlite3'}"
    q = question("holiday_stockout", objectives="lost_revenue,feedback", **SMALL)
    first = search(q, trials=30, storage=url, stop_after=1)  # interrupted after one population
    assert first.trials == q.population
    resumed = search(q, trials=30, storage=url)
    assert resumed.trials == 30
    assert [p.figures for p in resumed.all_trials[:10]] == [p.figures for p in first.all_trials]
    whole = search(q, trials=30)  # never interrupted, kept in memory
    assert resumed.to_json() == whole.to_json()


class _Crash(Executor):
    """Simulates the first batch, then dies in the middle of the second (as Ctrl-C would)."""

    def __init__(self) -> None:
        self.batches = 0

    def map(self, fn, tasks, done=None):
        self.batches += 1
        if self.batches == 2:
            raise KeyboardInterrupt
        return super().map(fn, tasks, done)


def test_a_search_cut_off_mid_batch_resumes_to_the_uninterrupted_answer(tmp_path):
    url = f"sqlite:///{tmp_path / 'search.sqlite3'}"
    q = question("holiday_stockout", objectives="lost_revenue,feedback", **SMALL)
    with pytest.raises(KeyboardInterrupt):
        search(q, trials=30, storage=url, executor=_Crash())
    states = [t.state for t in open_study(q, url, None).trials]
    assert states.count(optuna.trial.TrialState.RUNNING) == q.population  # asked, never told
    resumed = search(q, trials=30, storage=url)
    assert resumed.trials == 30
    assert {t.state for t in open_study(q, url, None).trials} == {optuna.trial.TrialState.COMPLETE}
    assert resumed.to_json() == search(q, trials=30).to_json()


def test_a_study_name_cannot_be_reused_for_another_question(tmp_path):
    url = f"sqlite:///{tmp_path / 'search.sqlite3'}"
    search(
        question("holiday_stockout", objectives="lost_revenue", **SMALL),
        trials=5,
        storage=url,
        study_name="s",
    )
    other = question("holiday_stockout", objectives="feedback", **SMALL)
    with pytest.raises(ArgumentError, match="another question"):
        search(other, trials=5, storage=url, study_name="s")


def test_work_over_one_machines_budget_is_refused_in_words_with_the_cluster_named():
    q = question("holiday_stockout", objectives="lost_revenue", runs=5000)
    with pytest.raises(ArgumentError) as err:
        search(q, trials=2000)
    text = str(err.value)
    assert "run-days" in text and "--scheduler" in text


def test_a_scenario_number_with_bounds_is_searched_and_reported():
    q = question(
        "holiday_stockout",
        objectives="breach,lost_revenue",
        params=["situations.out_of_stock.days_20-40=0:0.03"],
        **SMALL,
    )
    res = search(q, trials=20)
    values = [p.scenario_values["situations.out_of_stock.days_20-40"] for p in res.all_trials]
    assert all(0 <= v <= 0.03 for v in values) and len(set(values)) > 5
    assert "# scenario situations.out_of_stock.days_20-40:" in res.front[0].policy_yaml
    assert np.corrcoef(values, [p.figures["lost_revenue"].mean for p in res.all_trials])[0, 1] > 0.5


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"objectives": "breach,speed"}, "unknown objective speed"),
        ({"weights": {"odr": 1.0}}, "not one of the objectives searched"),
        ({"params": ["volume.mean_per_day=600:300"]}, "LOW must be under HIGH"),
        ({"params": ["volume.mean_per_dya=1:2"]}, "no number at"),
    ],
)
def test_bad_input_is_a_located_message(kwargs, words):
    with pytest.raises(RulebookError, match=words):
        question("holiday_stockout", **kwargs)


def test_the_front_grows_batch_by_batch_to_the_searchs_answer():
    q = question("starter_shop", objectives="breach,feedback", **SMALL)
    steps = list(searching(q, trials=25))
    assert [r.trials for r in steps] == [10, 20, 25]
    assert steps[-1].to_json() == search(q, trials=25).to_json()


def test_a_policy_evaluated_alone_has_the_figures_it_had_as_a_trial():
    q = question("starter_shop", objectives="breach,lost_revenue,feedback", **SMALL)
    res = search(q, trials=10)
    point = res.all_trials[7]
    alone = evaluate_policy(q, q.space.policy(point.params))
    assert alone == point.figures  # the same seeds: common random numbers


def test_a_study_in_postgresql_resumes_like_one_in_sqlite(postgres_url):
    storage = storage_of(postgres_url)
    assert storage is not None and storage.engine.dialect.name == "postgresql"
    q = question("holiday_stockout", objectives="lost_revenue,feedback", **SMALL)
    try:
        assert search(q, trials=20, storage=storage, stop_after=1).trials == q.population
        resumed = search(q, trials=20, storage=storage)
    finally:
        storage.engine.dispose()  # the test's database is dropped after it
    assert resumed.to_json() == search(q, trials=20).to_json()


def test_ctrl_c_while_a_batch_is_asked_waits_for_the_whole_batch():
    reached = []
    with pytest.raises(KeyboardInterrupt), held_interrupts():
        os.kill(os.getpid(), signal.SIGINT)
        reached.append("after the signal")
    assert reached == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
