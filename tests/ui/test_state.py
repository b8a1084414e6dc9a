from ui.shared.state import DEFAULT_RUNS, Link, data_dir, read_link


def test_link_round_trips_through_query_params():
    link = Link(scenario="starter_shop", policy="by_the_book", seed=7, runs=50)
    assert read_link(link.to_params()) == link


def test_a_comparison_round_trips_and_odd_names_are_dropped():
    link = Link(scenario="starter_shop", policy="by_the_book", compare=("by_the_book", "cancel_first"))
    assert link.to_params()["compare"] == "by_the_book,cancel_first"
    assert read_link(link.to_params()) == link
    odd = read_link({"compare": "a,<img src=x>,b,c,d,e"})
    assert odd.compare == ("a", "b", "c")  # of the first four, only the names
    assert "compare" not in Link().to_params()


def test_odd_link_values_fall_back_to_defaults():
    link = read_link({"scenario": "../../etc/passwd", "seed": "abc", "runs": "999999", "policy": ["a", "b"]})
    assert link.scenario is None
    assert link.seed == 0
    assert link.runs == 2000
    assert link.policy == "b"
    assert read_link({}).runs == DEFAULT_RUNS


def test_data_dir_follows_environment(tmp_path, monkeypatch):
    target = tmp_path / "nested" / "data"
    monkeypatch.setenv("CANCEL_DESK_DATA", str(target))
    assert data_dir() == target.resolve()
    assert target.is_dir()
