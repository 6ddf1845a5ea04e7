"""The registers follow the thresholds a school sets in its settings."""

from __future__ import annotations

from services.web.leadership.loading import thresholds_of
from services.web.readmodel import SchoolRecord


def test_a_school_that_moves_its_leaflet_threshold_gets_its_own_bands() -> None:
    school = SchoolRecord("100001", settings={"thresholds": {"leaflet_below_pct": 97}})
    assert thresholds_of(school).leaflet_below_pct == 97
    assert thresholds_of(SchoolRecord("100002")).leaflet_below_pct == 96
