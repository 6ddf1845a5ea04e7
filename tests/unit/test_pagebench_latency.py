"""The page bench's figures: percentiles, the share of slow pages, and each view's own."""

from __future__ import annotations

import pytest

from shared.bench.latency import Timing, load_figures, spread_of


def test_the_share_of_requests_slower_than_300_ms_counts_only_those_above_it() -> None:
    timings = [Timing("page 1", ms) for ms in (100, 200, 300, 301, 900)]
    spread = spread_of(timings)
    assert spread.slower_than_target == 2
    assert spread.to_dict()["share_slower_than_300_ms"] == 0.4
    assert spread.max_ms == 900


def test_each_view_has_its_own_figures_in_the_mix_order_and_failures_count() -> None:
    timings = [Timing("year 3", 50), Timing("page 1", 400, failed=True), Timing("page 1", 20)]
    figures = load_figures(timings, seconds=2.0, views=["page 1", "page 2", "year 3"])
    report = figures.to_dict()
    assert list(figures.by_view) == ["page 1", "year 3"]  # page 2 was never reached
    assert figures.by_view["page 1"].requests == 2 and figures.by_view["page 1"].failures == 1
    assert figures.by_view["year 3"].p95_ms == 50  # one request is its own percentile
    assert report["requests"] == 3 and report["failures"] == 1
    assert report["requests_per_s"] == 1.5 and report["views"] == 2


def test_a_run_where_no_request_finished_is_an_error_not_a_figure() -> None:
    with pytest.raises(ValueError, match="no request finished"):
        load_figures([], seconds=1.0)
