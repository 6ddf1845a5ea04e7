"""Schools, pupils and contacts of the synthetic trust look like a real trust's roster."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from stdnum.gb import upn as stdnum_upn

from shared.kernel import normalise_upn
from shared.simulator import Trust
from shared.simulator.identifiers import is_drama_phone, make_upn

DRAMA_PHONE = re.compile(r"^07700 900\d{3}$")


def test_every_phone_number_is_in_the_drama_range(calibration_trust: Trust) -> None:
    phones = [c.phone for p in calibration_trust.pupils for c in p.contacts]
    assert len(phones) > 2000
    assert all(DRAMA_PHONE.match(phone) and is_drama_phone(phone) for phone in phones)


def test_the_drama_range_check_refuses_real_looking_numbers() -> None:
    assert is_drama_phone("07700900000") and is_drama_phone("07700 900999")
    assert not is_drama_phone("07700 901000") and not is_drama_phone("07711 900123")


def test_every_upn_is_valid_and_unique(calibration_trust: Trust) -> None:
    upns = [pupil.upn for pupil in calibration_trust.pupils]
    assert len(set(upns)) == len(upns)
    assert all(normalise_upn(upn) == upn and stdnum_upn.is_valid(upn) for upn in upns)
    # Some in-year joiners arrive with a temporary UPN (a letter in place of the last digit).
    assert any(upn[-1].isalpha() for upn in upns)


def test_the_check_letter_follows_the_dfe_rule() -> None:
    assert make_upn("801", "2000", 2005, 1) == "B801200005001"


def test_schools_have_urns_names_and_head_teachers(calibration_trust: Trust) -> None:
    schools = calibration_trust.schools
    assert len({s.urn for s in schools}) == len({s.name for s in schools}) == 4
    assert all(re.fullmatch(r"\d{6}", s.urn) for s in schools)
    assert all(s.head_teacher.split()[0] in {"Mr", "Mrs", "Ms", "Miss", "Dr"} for s in schools)
    assert [s.phase for s in schools] == ["primary", "primary", "secondary", "secondary"]


def test_dates_of_birth_match_year_groups(calibration_trust: Trust) -> None:
    # In 2026/27 Reception children were born from 1 September 2021 to 31 August 2022.
    for pupil in calibration_trust.pupils:
        born_from = date(2021 - pupil.year_group, 9, 1)
        assert born_from <= pupil.date_of_birth <= date(born_from.year + 1, 8, 31)


def test_year_groups_and_registration_groups_follow_the_phase(
        calibration_trust: Trust) -> None:
    phases = {s.urn: s.phase for s in calibration_trust.schools}
    for pupil in calibration_trust.pupils:
        expected = range(0, 7) if phases[pupil.school_urn] == "primary" else range(7, 12)
        assert pupil.year_group in expected
        assert pupil.reg_group.startswith("R" if pupil.year_group == 0 else
                                          str(pupil.year_group))


def test_contacts_are_ranked_and_some_must_not_be_contacted(calibration_trust: Trust) -> None:
    contacts = [c for p in calibration_trust.pupils for c in p.contacts]
    for pupil in calibration_trust.pupils:
        assert [c.priority for c in pupil.contacts] == list(range(1, len(pupil.contacts) + 1))
        assert not pupil.contacts[0].do_not_contact
    assert all(not c.may_receive_texts for c in contacts if c.do_not_contact)
    assert 0 < sum(c.do_not_contact for c in contacts) < len(contacts) * 0.05
    assert 0 < sum(not c.may_receive_texts for c in contacts) < len(contacts) * 0.2
    relationships = Counter(c.relationship for c in contacts if c.priority == 1)
    assert relationships.most_common(1)[0][0] == "Mother"


def test_independent_travellers_are_some_older_primary_and_most_secondary_pupils(
        calibration_trust: Trust) -> None:
    by_year: dict[int, list[bool]] = {}
    for pupil in calibration_trust.pupils:
        by_year.setdefault(pupil.year_group, []).append(pupil.independent_travel)
    assert not any(any(by_year[year]) for year in range(0, 5))
    assert 0 < sum(by_year[5] + by_year[6]) < len(by_year[5] + by_year[6]) / 2
    secondary = [t for year in range(7, 12) for t in by_year[year]]
    assert sum(secondary) > 0.7 * len(secondary)


def test_some_pupils_join_and_some_leave_during_the_weeks(calibration_trust: Trust) -> None:
    first, last = calibration_trust.first_day, calibration_trust.last_day
    # This year's intake starts on each school's first pupil day, in the first week.
    joiners = [p for p in calibration_trust.pupils
               if first + timedelta(days=7) < p.admission_date <= last]
    leavers = [p for p in calibration_trust.pupils
               if p.leaving_date is not None and first <= p.leaving_date <= last]
    assert 10 <= len(joiners) <= 80 and 5 <= len(leavers) <= 60
    assert all(p.leaving_date is None or p.leaving_date >= p.admission_date
               for p in calibration_trust.pupils)


def test_needs_are_flagged_in_national_proportions(calibration_trust: Trust) -> None:
    pupils = calibration_trust.pupils
    share = {
        "fsm": sum(p.fsm for p in pupils) / len(pupils),
        "sen": sum(p.sen != "none" for p in pupils) / len(pupils),
        "ehcp": sum(p.sen == "ehcp" for p in pupils) / len(pupils),
    }
    assert 0.2 < share["fsm"] < 0.3 and 0.11 < share["sen"] < 0.2 and share["ehcp"] < 0.05
    assert 0 < sum(p.part_time_timetable for p in pupils) < 30
