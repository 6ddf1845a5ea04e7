"""The action plan's thresholds: the seed plan's defaults, school settings, exact comparisons."""

from __future__ import annotations

import pytest

from shared.kernel.errors import MarkError
from shared.kernel.thresholds import (
    Thresholds,
    absence_at_least,
    attendance_below,
    illness_sessions,
)


def test_the_defaults_are_the_seed_plans_thresholds() -> None:
    thresholds = Thresholds()
    assert [(level.name, level.below_pct) for level in thresholds.attendance_levels()] == [
        ("leaflet", 96), ("letter", 95), ("meeting", 92)]
    assert (thresholds.persistent_absence_pct, thresholds.severe_absence_pct) == (10, 50)
    assert (thresholds.penalty_unauthorised_sessions, thresholds.penalty_window_school_weeks,
            thresholds.consecutive_unauthorised_days, thresholds.illness_days,
            thresholds.unresolved_n_school_days) == (10, 10, 10, 15, 3)


def test_a_school_states_only_the_thresholds_where_it_differs() -> None:
    thresholds = Thresholds.from_settings({"letter_below_pct": 94.5, "illness_days": 10,
                                           "leaflet_below_pct": None})
    assert thresholds.letter_below_pct == 94.5 and thresholds.illness_days == 10
    assert thresholds.leaflet_below_pct == 96
    assert Thresholds.from_settings(None) == Thresholds()


def test_unusable_thresholds_are_refused_naming_each_bad_setting() -> None:
    with pytest.raises(MarkError) as refused:
        Thresholds.from_settings({"letter_below_pct": 120, "illness_days": 2.5,
                                  "penalty_unauthorised_sessions": "ten"})
    fields = {error.field for error in refused.value.errors}
    assert fields == {"thresholds.letter_below_pct", "thresholds.illness_days",
                      "thresholds.penalty_unauthorised_sessions"}


def test_exactly_96_percent_is_not_below_96_but_one_session_less_is() -> None:
    assert not attendance_below(96, 100, 96)
    assert attendance_below(95, 100, 96)
    assert attendance_below(191, 200, 96)  # 95.5%


def test_a_fractional_threshold_is_compared_exactly() -> None:
    assert not attendance_below(191, 200, 95.5)
    assert attendance_below(190, 199, 95.5)  # 95.48%, which rounds to 95.5


def test_exactly_90_percent_attendance_is_persistent_absence() -> None:
    assert absence_at_least(10, 100, 10)
    assert not absence_at_least(9, 100, 10)
    assert absence_at_least(1, 2, 50)


def test_no_possible_session_crosses_no_threshold() -> None:
    assert not attendance_below(0, 0, 96)
    assert not absence_at_least(0, 0, 10)


def test_the_illness_threshold_counts_two_sessions_a_day() -> None:
    assert illness_sessions(Thresholds(illness_days=15)) == 30
