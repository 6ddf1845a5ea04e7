"""A whole school's morning register goes through the intake well within a second."""

from __future__ import annotations

import time

from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import make_upn, mark


def test_five_thousand_marks_take_well_under_a_second_of_cpu(intake: Intake) -> None:
    marks = [mark(upn=make_upn(i % 1000), date=f"2026-09-0{2 + i // 2000}",
                  session="AM" if i % 2 else "PM") for i in range(5000)]
    started = time.process_time()
    response = intake.post("/v1/marks", json={"marks": marks})
    spent = time.process_time() - started
    assert response.json() == {"accepted": 5000, "rejected": []}
    assert spent < 1.0, f"5,000 marks took {spent:.2f}s of CPU"
