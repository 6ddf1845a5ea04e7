"""The small synthetic school the browser tests see (invented names, drama-range phones).

Larkfield Primary (URN 100777) starts its autumn term on Wed 2 Sep 2026 with Fri 4 Sep an
INSET day; marks run to Fri 18 Sep: 12 school days, 24 possible sessions per pupil.

| Pupil | Year | Absences | Attendance |
|---|---|---|---|
| Amara Quinton | 4 | none | 100.0% |
| Bilal Hartwell | 4 | N all day Tue 15 Sep (the first-day call) | 91.7% |
| Corin Ashdown | 2 | I on 8 Sep AM, PM and 9 Sep AM | 87.5% |
| Delphine Okoro | 6 | N on 3, 10, 17 Sep all day and O on 11 Sep PM | 70.8% |
| Ezra Pemberton | 0 (Reception) | M on 16 Sep AM | 95.8% |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.contracts.marks_v1 import NormalisedMarkV1
from shared.contracts.pupils_v1 import PupilMessageV1
from shared.contracts.schools_v1 import SchoolSettingsMessageV1
from shared.simulator.identifiers import make_upn

URN = "100777"
SCHOOL_NAME = "Larkfield Primary"
TERM_START, INSET_DAY, LAST_MARKED_DAY = date(2026, 9, 2), date(2026, 9, 4), date(2026, 9, 18)
FIRST_DAY_ABSENCE = date(2026, 9, 15)  # Bilal's: the lists' tests only read it
DELPHINE_CALL_DAY = date(2026, 9, 17)  # Delphine's: a call outcome is recorded for it
_PRESENT = {"AM": "/", "PM": "\\"}
_REGISTER_TIME = {"AM": "09:05:00+01:00", "PM": "13:50:00+01:00"}


@dataclass(frozen=True)
class Pupil:
    serial: int
    given_name: str
    family_name: str
    year_group: int
    absences: dict[tuple[str, str], str]  # (ISO day, session) -> absence code
    attendance: str  # as the pages print it

    @property
    def upn(self) -> str:
        return make_upn("801", "2468", 26, self.serial)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def phone(self) -> str:
        return f"07700 900{400 + self.serial:03d}"


def _all_day(code: str, *days: str) -> dict[tuple[str, str], str]:
    return {(day, session): code for day in days for session in ("AM", "PM")}


AMARA = Pupil(1, "Amara", "Quinton", 4, {}, "100.0%")
BILAL = Pupil(2, "Bilal", "Hartwell", 4, _all_day("N", "2026-09-15"), "91.7%")
CORIN = Pupil(3, "Corin", "Ashdown", 2, {**_all_day("I", "2026-09-08"),
                                         ("2026-09-09", "AM"): "I"}, "87.5%")
DELPHINE = Pupil(4, "Delphine", "Okoro", 6, {
    **_all_day("N", "2026-09-03", "2026-09-10", "2026-09-17"), ("2026-09-11", "PM"): "O"},
    "70.8%")
EZRA = Pupil(5, "Ezra", "Pemberton", 0, {("2026-09-16", "AM"): "M"}, "95.8%")
PUPILS = (AMARA, BILAL, CORIN, DELPHINE, EZRA)


def school_days() -> list[date]:
    days = [TERM_START + timedelta(days=offset)
            for offset in range((LAST_MARKED_DAY - TERM_START).days + 1)]
    return [day for day in days if day.weekday() < 5 and day != INSET_DAY]


def settings_message() -> dict[str, Any]:
    """The school's settings as published on the schools topic."""
    return SchoolSettingsMessageV1.model_validate({
        "school_urn": URN, "name": SCHOOL_NAME, "phase": "primary",
        "head_teacher": "Mrs Invented",
        "terms": [{"name": "Autumn 2026", "start": "2026-09-02", "end": "2026-12-18",
                   "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}],
        "closures": [{"date": INSET_DAY.isoformat(), "reason": "INSET"}],
        "updated_at": "2026-08-20T10:00:00+01:00"}).model_dump(mode="json")


def pupil_message(pupil: Pupil) -> dict[str, Any]:
    """A roster entry as published on the pupils topic, with one parent to ring."""
    born = date(2022 - pupil.year_group, 3, pupil.serial)  # right age for the year group
    return PupilMessageV1.model_validate({
        "school_urn": URN, "upn": pupil.upn, "given_name": pupil.given_name,
        "family_name": pupil.family_name, "date_of_birth": born.isoformat(),
        "year_group": pupil.year_group, "reg_group": f"{pupil.year_group or 'R'}L",
        "admission_date": TERM_START.isoformat(),
        "contacts": [{"contact_id": f"{pupil.upn}-1", "name": f"Parent {pupil.family_name}",
                      "relationship": "parent", "phone": pupil.phone, "priority": 1,
                      "parental_responsibility": True, "may_receive_texts": True}],
        "updated_at": "2026-09-01T08:00:00+01:00"}).model_dump(mode="json")


def mark_messages(pupil: Pupil) -> list[dict[str, Any]]:
    """Every register mark of the pupil, as the intake publishes them on the marks topic."""
    ingested = datetime(2026, 9, 18, 16, 0, tzinfo=UTC).isoformat()
    return [NormalisedMarkV1.model_validate({
        "school_urn": URN, "upn": pupil.upn, "date": day.isoformat(), "session": session,
        "code": pupil.absences.get((day.isoformat(), session), _PRESENT[session]),
        "minutes_late": None, "recorded_at": f"{day.isoformat()}T{_REGISTER_TIME[session]}",
        "comment": None, "source": "http", "ingested_at": ingested}).model_dump(mode="json")
        for day in school_days() for session in ("AM", "PM")]
