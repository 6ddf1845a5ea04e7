"""Attendance bands and the four-week trend rule (pure: figures and thresholds in).

Bands follow the school's thresholds (DOMAIN.md section 3; the seed plan's by default)
and compare exact session counts, never rounded percentages, so 90.0% is persistent
absence and 95.99...% is below 96.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from shared.kernel import Figures, Thresholds, absence_at_least, attendance_below

BandName = Literal["severe", "persistent", "meeting", "letter", "leaflet", "fine", "none"]
Trend = Literal["improving", "not_improving", "not_enough_data"]
TREND_WEEKS = 4
TREND_LABELS: dict[Trend, str] = {"improving": "Improving", "not_improving": "Not improving",
                                  "not_enough_data": "Not enough weeks yet"}
TREND_RULE = (f"Improving means attendance over the last {TREND_WEEKS} school weeks is higher "
              f"than over the {TREND_WEEKS} school weeks before them; the same or lower is "
              "not improving. Weeks without a school day (holidays) are skipped.")


@dataclass(frozen=True)
class Band:
    """One band of the register: its key, its label (with the school's threshold)."""

    name: BandName
    label: str
    rank: int  # 0 is the most concerning


def bands(thresholds: Thresholds) -> tuple[Band, ...]:
    """Every band, most concerning first, labelled with this school's thresholds."""
    pa_floor = 100 - thresholds.persistent_absence_pct
    sa_floor = 100 - thresholds.severe_absence_pct
    return (
        Band("severe", f"{sa_floor:g}% or below (severe absence)", 0),
        Band("persistent", f"{pa_floor:g}% or below (persistent absence)", 1),
        Band("meeting", f"Below {thresholds.meeting_below_pct:g}%", 2),
        Band("letter", f"Below {thresholds.letter_below_pct:g}%", 3),
        Band("leaflet", f"Below {thresholds.leaflet_below_pct:g}%", 4),
        Band("fine", f"{thresholds.leaflet_below_pct:g}% or above", 5),
        Band("none", "No possible session yet", 6),
    )


def band_of(figures: Figures, thresholds: Thresholds) -> BandName:
    """The most concerning band the pupil's figures fall in."""
    attended, possible = figures.present + figures.aea, figures.possible
    if possible == 0:
        return "none"
    if absence_at_least(figures.absent, possible, thresholds.severe_absence_pct):
        return "severe"
    if absence_at_least(figures.absent, possible, thresholds.persistent_absence_pct):
        return "persistent"
    for level in reversed(thresholds.attendance_levels()):  # meeting, letter, leaflet
        if attendance_below(attended, possible, level.below_pct):
            return level.name  # type: ignore[return-value]  # names match BandName
    return "fine"


def trend_of(recent: Figures, before: Figures) -> Trend:
    """The trend rule (TREND_RULE), compared exactly as fractions of sessions."""
    if recent.possible == 0 or before.possible == 0:
        return "not_enough_data"
    recent_attended = recent.present + recent.aea
    before_attended = before.present + before.aea
    if recent_attended * before.possible > before_attended * recent.possible:
        return "improving"
    return "not_improving"


def school_thresholds(settings_thresholds: Mapping[str, Any] | None) -> Thresholds:
    """The school's thresholds; settings that cannot be read fall back to the plan's."""
    try:
        return Thresholds.from_settings(settings_thresholds)
    except ValueError:
        return Thresholds()
