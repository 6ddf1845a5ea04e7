"""A pupil's time on roll and compulsory school age (DOMAIN.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

_FRIDAY = 4


@dataclass(frozen=True)
class Enrolment:
    """When a pupil is on a school's roll; None means open-ended or unknown."""

    admission_date: date | None = None
    leaving_date: date | None = None
    date_of_birth: date | None = None

    def on_roll(self, day: date) -> bool:
        """True from admission to leaving, both inclusive."""
        if self.admission_date is not None and day < self.admission_date:
            return False
        return self.leaving_date is None or day <= self.leaving_date


def _birthday(date_of_birth: date, age: int) -> date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # born 29 February: the birthday falls on 1 March
        return date(date_of_birth.year + age, 3, 1)


def compulsory_school_age_starts(date_of_birth: date) -> date:
    """The first 31 Dec, 31 Mar or 31 Aug on or after the fifth birthday."""
    fifth = _birthday(date_of_birth, 5)
    prescribed = [date(fifth.year, 3, 31), date(fifth.year, 8, 31), date(fifth.year, 12, 31)]
    return next(day for day in prescribed if day >= fifth)


def compulsory_school_age_ends(date_of_birth: date) -> date:
    """The last Friday in June of the school year (Sept-Aug) in which the pupil turns 16."""
    sixteenth = _birthday(date_of_birth, 16)
    year = sixteenth.year + (1 if sixteenth.month >= 9 else 0)
    june_30 = date(year, 6, 30)
    return june_30 - timedelta(days=(june_30.weekday() - _FRIDAY) % 7)


def is_compulsory_school_age(date_of_birth: date, on: date) -> bool:
    """Whether a pupil born on `date_of_birth` is of compulsory school age on `on`.

    From the first 31 Dec, 31 Mar or 31 Aug on or after the fifth birthday until the
    last Friday in June of Year 11, both inclusive.
    """
    return (compulsory_school_age_starts(date_of_birth) <= on
            <= compulsory_school_age_ends(date_of_birth))
