"""The in-memory office log behaves as the real one (the same behaviours run on both)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from services.web.records.log import InMemoryOfficeLog, OfficeLog
from tests.unit.web.office_records.log_behaviour import BEHAVIOURS


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
async def test_the_in_memory_office_log(behaviour: Callable[[OfficeLog], Awaitable[None]]
                                        ) -> None:
    await behaviour(InMemoryOfficeLog())
