"""Signals from the risk service as the office expects them to reach families."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.comms.dispatch import send_due
from services.comms.handlers import SignalDeps, on_signal
from services.comms.letters import Letter
from services.comms.model import Subject
from tests.unit.comms.builders import (
    DAD_E164,
    DAY,
    MUM_E164,
    SCHOOL,
    UPN_AMY,
    london,
    policy,
    pupil,
)
from tests.unit.comms.fakes import Office


@dataclass
class MemoryLetters:
    letters: dict[str, Letter] = field(default_factory=dict)

    async def add(self, letter: Letter) -> bool:
        if letter.letter_id in self.letters:
            return False
        self.letters[letter.letter_id] = letter
        return True


@dataclass
class MemoryFlags:
    below: set[str] = field(default_factory=set)

    async def set_below_letter_threshold(self, school_urn: str, upn: str, below: bool,
                                         occurred_on: date) -> None:
        (self.below.add if below else self.below.discard)(upn)


@dataclass
class Comms:
    office: Office = field(default_factory=lambda: Office(
        policy(subjects=(Subject("English", 5), Subject("maths", 5)))))
    letters: MemoryLetters = field(default_factory=MemoryLetters)
    flags: MemoryFlags = field(default_factory=MemoryFlags)

    def deps(self) -> SignalDeps:
        o = self.office
        return SignalDeps(o.deliveries, self.letters, o.directory, o.marks, o.opt_outs,
                          self.flags)

    async def signal(self, kind: str, at: Any, day: date = DAY,
                     detail: dict[str, Any] | None = None, signal_id: str = "s1") -> str:
        message = {"schema_version": 1, "signal_id": signal_id, "school_urn": SCHOOL,
                   "upn": UPN_AMY, "kind": kind, "occurred_on": day.isoformat(),
                   "detail": detail or {}}
        return await on_signal(self.deps(), message, at)

    async def texts_at(self, at: Any) -> list[tuple[str, str]]:
        await send_due(self.office.deps(), at)
        return self.office.sender.sent


async def test_a_u_mark_texts_the_family_at_the_end_of_the_day() -> None:
    comms = Comms()
    comms.office.mark(comms.office.enrol(pupil()), DAY, "U")
    assert await comms.signal("unauthorised_late_today", london(DAY, 9, 35)) == "planned_2"
    assert await comms.texts_at(london(DAY, 12)) == []
    sent = await comms.texts_at(london(DAY, 15, 30))
    assert (MUM_E164, sent[0][1]) in sent
    assert "Looking forward to seeing Amy on time tomorrow" in sent[0][1]


async def test_a_pupil_absent_today_is_welcomed_back_by_text_after_school() -> None:
    comms = Comms()
    comms.office.mark(comms.office.enrol(pupil()), DAY, "N", "N")
    assert await comms.signal("absent_without_reason_today", london(DAY, 9, 35)) == \
        "planned_2"
    assert await comms.texts_at(london(DAY, 12)) == []
    sent = await comms.texts_at(london(DAY, 15, 30))
    assert {to for to, _ in sent} == {MUM_E164, DAD_E164}
    assert sent[0][1].startswith("We missed Amy today and are looking forward to welcoming")


async def test_a_replayed_signal_sends_no_second_text() -> None:
    comms = Comms()
    comms.office.mark(comms.office.enrol(pupil()), DAY, "U")
    await comms.signal("unauthorised_late_today", london(DAY, 9, 35))
    await comms.texts_at(london(DAY, 15, 30))
    await comms.signal("unauthorised_late_today", london(DAY, 15, 40))
    assert len(await comms.texts_at(london(DAY, 15, 45))) == 2


async def test_a_late_year_6_independent_traveller_s_parents_are_told_at_once() -> None:
    comms = Comms()
    comms.office.enrol(pupil(year_group=6, independent_travel=True))
    await comms.signal("late_independent_traveller", london(DAY, 8, 58))
    sent = await comms.texts_at(london(DAY, 8, 58))
    assert len(sent) == 2 and "arrived late today" in sent[0][1]


async def test_a_late_year_3_pupil_is_not_texted_as_an_independent_traveller() -> None:
    comms = Comms()
    comms.office.enrol(pupil(year_group=3, independent_travel=True))
    assert await comms.signal("late_independent_traveller", london(DAY, 8, 58)) == \
        "not_in_an_independent_traveller_year"


async def test_a_full_week_is_congratulated_on_friday_after_school() -> None:
    comms, friday = Comms(), date(2026, 9, 11)
    comms.office.enrol(pupil())
    await comms.signal("full_attendance_week", london(friday, 13, 50), day=friday)
    assert await comms.texts_at(london(friday, 15, 0)) == []
    sent = await comms.texts_at(london(friday, 15, 30))
    assert "Congratulations! Amy had 100% attendance this week." in sent[0][1]


async def test_a_pupil_on_a_school_trip_gets_no_absence_text() -> None:
    comms = Comms()
    amy = comms.office.enrol(pupil())
    comms.office.mark(amy, DAY, "V", "V")
    assert await comms.signal("absent_without_reason_today", london(DAY, 9, 35)) == \
        "approved_activity"
    assert await comms.texts_at(london(DAY, 15, 30)) == []


async def test_falling_below_96_sends_no_leaflet_at_once_it_waits_for_the_leaflet_run(
        ) -> None:
    comms = Comms()
    comms.office.enrol(pupil())
    detail = {"attendance_pct": 95.8, "authorised": 5, "unauthorised": 0, "threshold_pct": 96}
    assert await comms.signal("attendance_below_96", london(DAY, 10), detail=detail) == \
        "not_for_comms"
    assert comms.letters.letters == {}


async def test_falling_below_95_drafts_no_letter_at_once_it_waits_for_the_termly_batch(
        ) -> None:
    comms = Comms()
    comms.office.enrol(pupil())
    detail = {"attendance_pct": 94.4, "authorised": 8, "unauthorised": 2, "threshold_pct": 95}
    assert await comms.signal("attendance_below_95", london(DAY, 10), detail=detail) == \
        "flag_updated"
    assert comms.letters.letters == {}
    assert comms.flags.below == {UPN_AMY}  # in the golden-hour nudge cohort from now


async def test_a_signal_before_the_roster_arrives_texts_nobody() -> None:
    comms = Comms()
    assert await comms.signal("unauthorised_late_today", london(DAY, 9, 35)) == \
        "roster_or_settings_unknown"


async def test_signals_comms_does_not_act_on_are_ignored() -> None:
    assert await Comms().signal("persistent_absence_entered", london(DAY, 9)) == "not_for_comms"


async def test_the_nudge_cohort_follows_the_letter_threshold_signals() -> None:
    comms = Comms()
    comms.office.enrol(pupil())
    await comms.signal("attendance_below_95", london(DAY, 10), detail={"threshold_pct": 95})
    assert comms.flags.below == {UPN_AMY}
    assert await comms.signal("attendance_back_above_95", london(DAY, 11)) == "flag_updated"
    assert comms.flags.below == set()
