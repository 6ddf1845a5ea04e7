"""Pupils on each school's roll: year groups, classes, dates, needs, habits, contacts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from shared.simulator.calibration import PROFILES
from shared.simulator.contacts import build_contacts
from shared.simulator.habits import assign_habits
from shared.simulator.identifiers import LA_CODES, UpnAllocator
from shared.simulator.model import Habits, Pupil, School, SenStatus
from shared.simulator.names import FAMILY_NAMES, GIVEN_NAMES
from shared.simulator.school_year import academic_year_of

PHASE_SIZE = {"primary": 1, "secondary": 3}  # relative roll sizes
YEAR_GROUPS = {"primary": range(0, 7), "secondary": range(7, 12)}
CLASS_SIZE = {"primary": 30, "secondary": 28}
JOINER_SHARE = 0.025  # admitted during the simulated weeks
LEAVER_SHARE = 0.015  # leave during the simulated weeks


@dataclass(frozen=True)
class _Place:
    """Where a pupil sits before names, needs and habits are drawn."""

    year_group: int
    reg_group: str
    admission_date: date
    leaving_date: date | None
    joiner: bool


def roll_sizes(schools: tuple[School, ...], pupils: int) -> list[int]:
    """Split the trust's pupils over its schools; secondaries are about three times larger."""
    weights = [PHASE_SIZE[school.phase] for school in schools]
    sizes = [pupils * weight // sum(weights) for weight in weights]
    for index in range(pupils - sum(sizes)):
        sizes[index % len(sizes)] += 1
    return sizes


def build_roll(school: School, size: int, first: date, last: date,
               upns: UpnAllocator, rng: random.Random) -> list[Pupil]:
    """`size` pupils of one school, some joining or leaving between first and last."""
    places = _places(school, size, first, last, rng)
    needs = [_needs(school, rng) for _ in places]
    habits = assign_habits(needs, PROFILES[school.phase], rng)
    return [_pupil(school, place, need, habit, first, upns, rng, serial)
            for serial, (place, need, habit) in enumerate(zip(places, needs, habits,
                                                              strict=True))]


def _places(school: School, size: int, first: date, last: date,
            rng: random.Random) -> list[_Place]:
    school_days = school.calendar.school_days(first, last)
    years = list(YEAR_GROUPS[school.phase])
    places = []
    for index in range(size):
        year_group = years[index % len(years)]
        forms = max(1, -(-size // len(years) // CLASS_SIZE[school.phase]))
        reg_group = _reg_group(school, year_group, rng.randrange(forms))
        joiner = len(school_days) > 10 and rng.random() < JOINER_SHARE
        admitted = (rng.choice(school_days[5:]) if joiner
                    else _usual_admission(school, year_group, first, rng))
        leaving = None
        if len(school_days) > 10 and rng.random() < LEAVER_SHARE:
            later = [day for day in school_days[3:] if day > admitted]
            leaving = rng.choice(later) if later else None
        places.append(_Place(year_group, reg_group, admitted, leaving, joiner))
    return places


def _reg_group(school: School, year_group: int, form: int) -> str:
    if school.phase == "primary":
        return f"{'R' if year_group == 0 else year_group}{'BGHKMPSTWY'[form % 10]}"
    return f"{year_group}{'RS'[form % 2]}{form // 2 + 1}"


def _usual_admission(school: School, year_group: int, first: date,
                     rng: random.Random) -> date:
    entry_year = YEAR_GROUPS[school.phase][0]
    if year_group == entry_year:
        # This year's intake starts on the school's first pupil day.
        term_start = date(academic_year_of(first), 9, 1)
        return school.calendar.school_days(term_start, term_start + timedelta(days=30))[0]
    start_of_entry = date(academic_year_of(first) - (year_group - entry_year), 9, 3)
    if rng.random() < 0.85:
        return start_of_entry
    return start_of_entry + timedelta(days=rng.randrange((first - start_of_entry).days - 7))


def _needs(school: School, rng: random.Random) -> tuple[bool, SenStatus]:
    sen: SenStatus = rng.choices(("none", "sen_support", "ehcp"), weights=(845, 130, 25))[0]
    return rng.random() < 0.25, sen


def _pupil(school: School, place: _Place, need: tuple[bool, SenStatus], habits: Habits,
           first: date, upns: UpnAllocator, rng: random.Random, serial: int) -> Pupil:
    fsm, sen = need
    family_name = rng.choice(FAMILY_NAMES)
    struggling = habits.absence_rate > 0.15
    return Pupil(
        school_urn=school.urn,
        upn=_upn(school, place, first, upns, rng),
        given_name=rng.choice(GIVEN_NAMES), family_name=family_name,
        date_of_birth=_date_of_birth(place.year_group, first, rng),
        year_group=place.year_group, reg_group=place.reg_group,
        admission_date=place.admission_date, leaving_date=place.leaving_date,
        sen=sen, fsm=fsm,
        independent_travel=rng.random() < {5: 0.2, 6: 0.45}.get(
            place.year_group, 0.85 if place.year_group >= 7 else 0.0),
        medical_evidence_required=rng.random() < (0.2 if struggling else 0.005),
        social_worker=rng.random() < (0.12 if struggling else 0.015),
        safeguarding=rng.random() < (0.08 if struggling else 0.01),
        contacts=build_contacts(family_name, f"{school.urn}-{serial:05d}", rng),
        habits=habits,
    )


def _date_of_birth(year_group: int, first: date, rng: random.Random) -> date:
    # Reception children turn 5 during the academic year starting in September of A.
    born_from = date(academic_year_of(first) - 5 - year_group, 9, 1)
    return born_from + timedelta(days=rng.randrange(365))


def _upn(school: School, place: _Place, first: date, upns: UpnAllocator,
         rng: random.Random) -> str:
    # A UPN is allocated by the first school a child joins, usually in Reception.
    reception_year = academic_year_of(first) - place.year_group
    if school.phase == "primary" and not place.joiner:
        return upns.allocate(school.la_code, school.establishment, reception_year)
    la_code = school.la_code if rng.random() < 0.8 else rng.choice(LA_CODES)
    feeder = f"{rng.randint(2000, 2011)}"
    temporary = place.joiner and rng.random() < 0.15
    return upns.allocate(la_code, feeder, reception_year, temporary)
