"""The worker's own clock: once a school's register has closed, unmarked pupils are signalled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.risk.register import SCHOOL_TIME
from tests.integration.risk.harness import RiskDeployment, wait_for
from tests.unit.risk.builders import SCHOOL, make_upn, mark, message

pytestmark = pytest.mark.infra


def test_a_pupil_with_no_morning_mark_after_the_register_closed_is_signalled_today(
        deployment: RiskDeployment) -> None:
    today = datetime.now(UTC).astimezone(SCHOOL_TIME).date()
    deployment.settings.update({"RISK_REGISTER_CHECK_EVERY_S": "1",
                                "RISK_REGISTER_SETTLE_MINUTES": "0"})
    settings = {"school_urn": SCHOOL, "name": "Invented Primary", "phase": "primary",
                "register_close": {"AM": "00:00", "PM": "13:45"},
                "updated_at": datetime.now(UTC).isoformat()}
    deployment.produce(deployment.schools, [(SCHOOL, settings)])
    present, absent = make_upn(1), make_upn(2)
    deployment.produce_marks([message(mark(today - timedelta(days=1), "AM", "/", upn=absent)),
                              message(mark(today, "AM", "/", upn=present))])
    deployment.start_worker("clock")

    def absent_signalled() -> bool:
        return any(s["kind"] == "absent_without_reason_today" and s["upn"] == absent
                   for s in deployment.signals_published())

    wait_for(absent_signalled, 40, "the register check to signal the unmarked pupil")
    signal = next(s for s in deployment.signals_published() if s["upn"] == absent
                  and s["kind"] == "absent_without_reason_today")
    assert signal["occurred_on"] == today.isoformat() and signal["caused_by"] is None
    assert not [s for s in deployment.signals_published() if s["upn"] == present
                and s["kind"] == "absent_without_reason_today"]
