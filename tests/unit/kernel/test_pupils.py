from datetime import date

import pytest

from shared.kernel import Enrolment, is_compulsory_school_age


def test_a_pupil_is_on_roll_from_admission_to_leaving_inclusive() -> None:
    enrolment = Enrolment(admission_date=date(2024, 9, 4), leaving_date=date(2024, 9, 10))
    assert not enrolment.on_roll(date(2024, 9, 3))
    assert enrolment.on_roll(date(2024, 9, 4))
    assert enrolment.on_roll(date(2024, 9, 10))
    assert not enrolment.on_roll(date(2024, 9, 11))
    assert Enrolment().on_roll(date(1999, 1, 1))


@pytest.mark.parametrize(("born", "on", "of_age"), [
    # Five on 31 Dec 2024: of age that same day, the prescribed day on or after the birthday.
    (date(2019, 12, 31), date(2024, 12, 30), False),
    (date(2019, 12, 31), date(2024, 12, 31), True),
    # Five on 1 Jan 2025: not of age until the next prescribed day, 31 Mar 2025.
    (date(2020, 1, 1), date(2025, 3, 30), False),
    (date(2020, 1, 1), date(2025, 3, 31), True),
    # Five on 1 Apr 2025: of age from 31 Aug 2025.
    (date(2020, 4, 1), date(2025, 8, 30), False),
    (date(2020, 4, 1), date(2025, 8, 31), True),
    # Sixteen on 1 Sep 2025 (Year 11 in 2025/26): of age until Friday 26 June 2026.
    (date(2009, 9, 1), date(2026, 6, 26), True),
    (date(2009, 9, 1), date(2026, 6, 27), False),
    # Sixteen on 31 Aug 2026, the youngest of the same year group: the same last day.
    (date(2010, 8, 31), date(2026, 6, 26), True),
    (date(2010, 8, 31), date(2026, 6, 29), False),
    # Born 29 February: five on 1 March 2029, so of age from 31 March 2029.
    (date(2024, 2, 29), date(2029, 3, 30), False),
    (date(2024, 2, 29), date(2029, 3, 31), True),
])
def test_compulsory_school_age_starts_and_ends_on_the_statutory_days(
        born: date, on: date, of_age: bool) -> None:
    assert is_compulsory_school_age(born, on) is of_age
