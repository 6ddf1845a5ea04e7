"""Bands, the trend rule and the working lists, from figures alone (pure)."""

from __future__ import annotations

from services.web.leadership.bands import band_of, school_thresholds, trend_of
from shared.kernel import Figures, Thresholds


def attended(present: int, possible: int) -> Figures:
    return Figures(possible, present, 0, possible - present, 0, 0, {})


def test_exactly_90_percent_is_persistent_absence_and_just_under_96_is_the_leaflet_band(
        ) -> None:
    plan = Thresholds()
    assert band_of(attended(90, 100), plan) == "persistent"
    assert band_of(attended(91, 100), plan) == "meeting"
    assert band_of(attended(94, 100), plan) == "letter"
    assert band_of(attended(2399, 2500), plan) == "leaflet"  # 95.96%: shown as 96.0
    assert band_of(attended(96, 100), plan) == "fine"
    assert band_of(attended(50, 100), plan) == "severe"
    assert band_of(Figures.empty(), plan) == "none"


def test_a_school_that_sets_its_own_thresholds_gets_its_own_bands() -> None:
    strict = school_thresholds({"meeting_below_pct": 93, "leaflet_below_pct": 97})
    assert band_of(attended(92, 100), strict) == "meeting"
    assert band_of(attended(96, 100), strict) == "leaflet"


def test_unreadable_thresholds_fall_back_to_the_plan() -> None:
    assert school_thresholds({"meeting_below_pct": 140}) == Thresholds()


def test_improving_means_the_last_four_weeks_beat_the_four_before() -> None:
    assert trend_of(attended(38, 40), attended(36, 40)) == "improving"
    assert trend_of(attended(36, 40), attended(36, 40)) == "not_improving"
    assert trend_of(attended(19, 20), attended(38, 40)) == "not_improving"  # equal rates
    assert trend_of(attended(36, 40), Figures.empty()) == "not_enough_data"
