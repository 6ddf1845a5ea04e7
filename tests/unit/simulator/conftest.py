"""Trusts shared by the simulator tests: generated once per run (generation is pure)."""

from __future__ import annotations

from datetime import date

import pytest

from shared.simulator import RegisterDay, Trust, generate_trust, register_days
from tests.unit.simulator.kernel_view import Measured, measure

START = date(2026, 9, 2)


@pytest.fixture(scope="session")
def small_trust() -> Trust:
    """Two primaries and a secondary over nine weeks: across October half-term and the
    end of British Summer Time."""
    return generate_trust(11, 3, 300, 9, START, secondary_schools=1)


@pytest.fixture(scope="session")
def small_days(small_trust: Trust) -> list[RegisterDay]:
    return list(register_days(small_trust))


@pytest.fixture(scope="session")
def calibration_trust() -> Trust:
    """Two primary and two secondary schools, 1,500 pupils, twelve weeks from September."""
    return generate_trust(7, 4, 1500, 12, START, secondary_schools=2)


@pytest.fixture(scope="session")
def measured(calibration_trust: Trust) -> Measured:
    return measure(calibration_trust)
