"""The synthetic trust, measured with the attendance kernel, looks like England.

National figures are DfE's (DOMAIN.md section 7). Tolerances are what a trust of
1,500 pupils over twelve weeks can honestly promise: with only ~320 primary pupils of
compulsory school age, the primary PA share alone moves by about +-2 points (one
standard error) from seed to seed, so a phase's PA share gets +-5 points and the
trust's (over ~1,300 pupils) +-4. Every tolerance below held for seeds 1 to 14 when
it was set.
"""

from __future__ import annotations

from datetime import date

import pytest

from shared.kernel import Mark
from shared.simulator import Trust
from tests.unit.simulator.kernel_view import Measured

# National figures, % of possible sessions (absence) or of pupils (PA, SA).
NATIONAL = {
    "primary": {"absence": 5.28, "authorised": 3.74, "unauthorised": 1.50, "pa": 13.8},
    "secondary": {"absence": 8.49, "authorised": 5.14, "unauthorised": 3.30, "pa": 23.8},
}
SEVERE_SHARE = 2.0
TOLERANCE = {"absence": 1.0, "authorised": 0.8, "unauthorised": 0.8, "pa": 5.0}
TRUST_PA_TOLERANCE = 4.0
SEVERE_TOLERANCE = 1.5
PHASE_GAP_TOLERANCE = {"absence": 1.2, "pa": 5.0}
# Code shares, % of possible sessions: national value and tolerance.
CODE_MIX = {
    "primary": {"I": (2.9, 0.8), "O": (0.73, 0.4), "L": (1.1, 0.5), "G": (0.56, 0.4)},
    "secondary": {"I": (3.6, 0.8), "O": (2.59, 0.8), "L": (2.9, 0.8), "E": (0.31, 0.25)},
}
PHASES = ("primary", "secondary")


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("measure", ["absence", "authorised", "unauthorised", "pa"])
def test_each_phase_matches_the_national_figure(measured: Measured, phase: str,
                                                measure: str) -> None:
    simulated = measured.phase_summary(phase)[measure]
    assert simulated == pytest.approx(NATIONAL[phase][measure], abs=TOLERANCE[measure])


def test_the_trusts_persistent_absence_share_matches_its_mix_of_phases(
        measured: Measured) -> None:
    # National PA shares weighted by the trust's pupils of compulsory school age.
    phases = {phase: measured.phase_summary(phase) for phase in PHASES}
    pupils = sum(summary["csa_pupils"] for summary in phases.values())
    expected = sum(NATIONAL[phase]["pa"] * summary["csa_pupils"]
                   for phase, summary in phases.items()) / pupils
    assert measured.phase_summary()["pa"] == pytest.approx(expected, abs=TRUST_PA_TOLERANCE)


def test_secondary_schools_have_more_absence_and_more_persistent_absence(
        measured: Measured) -> None:
    primary, secondary = (measured.phase_summary(phase) for phase in PHASES)
    for measure, tolerance in PHASE_GAP_TOLERANCE.items():
        national_gap = NATIONAL["secondary"][measure] - NATIONAL["primary"][measure]
        gap = secondary[measure] - primary[measure]
        assert gap == pytest.approx(national_gap, abs=tolerance)


def test_about_two_percent_of_pupils_are_severely_absent(measured: Measured) -> None:
    assert measured.phase_summary()["sa"] == pytest.approx(SEVERE_SHARE, abs=SEVERE_TOLERANCE)


@pytest.mark.parametrize("phase", PHASES)
def test_the_code_mix_matches_the_national_mix(measured: Measured, phase: str) -> None:
    shares = measured.code_shares(phase)
    for code, (national, tolerance) in CODE_MIX[phase].items():
        assert shares.get(code, 0.0) == pytest.approx(national, abs=tolerance), code


def test_friday_is_worse_than_wednesday_and_friday_afternoon_is_the_worst(
        measured: Measured) -> None:
    by_session = measured.absence_by(lambda _key, mark: (mark.date.weekday(), mark.session))
    by_day = measured.absence_by(lambda _key, mark: mark.date.weekday())
    assert by_day[4] - by_day[2] >= 0.5
    assert max(by_session, key=by_session.__getitem__) == (4, "PM")


def test_free_school_meal_pupils_are_away_about_twice_as_often(
        calibration_trust: Trust, measured: Measured) -> None:
    fsm = {(p.school_urn, p.upn): p.fsm for p in calibration_trust.pupils}
    rates = measured.absence_by(lambda key, _mark: fsm[key])
    assert 1.5 <= rates[True] / rates[False] <= 2.8


def test_pupils_with_sen_are_away_more(calibration_trust: Trust, measured: Measured) -> None:
    sen = {(p.school_urn, p.upn): p.sen for p in calibration_trust.pupils}
    rates = measured.absence_by(lambda key, _mark: sen[key])
    assert rates["sen_support"] > rates["none"] and rates["ehcp"] > rates["none"]


def test_absence_climbs_towards_half_term(calibration_trust: Trust, measured: Measured) -> None:
    first_weeks = {s.urn: s.calendar.terms[0].start for s in calibration_trust.schools}
    breaks = {s.urn: s.calendar.terms[0].half_term_start for s in calibration_trust.schools}

    def stage(key: tuple[str, str], mark: Mark) -> str:
        day = mark.date
        if (day - first_weeks[key[0]]).days < 14:
            return "first two weeks"
        return "week before half-term" if 0 < (breaks[key[0]] - day).days <= 7 else "other"

    rates = measured.absence_by(stage)
    assert rates["week before half-term"] > rates["first two weeks"] + 1.0


def test_illness_rises_into_late_autumn(measured: Measured) -> None:
    def period(_key: tuple[str, str], mark: Mark) -> str:
        if mark.date.month == 9:
            return "september"
        return "late autumn" if mark.date >= date(2026, 11, 9) else "october"

    illness = measured.absence_by(period, codes=frozenset({"I"}))
    assert illness["late autumn"] > illness["september"] + 0.3


def test_part_time_pupils_miss_their_agreed_afternoons_as_c2(
        calibration_trust: Trust, measured: Measured) -> None:
    part_time = {(p.school_urn, p.upn): p.habits.part_time_weekdays
                 for p in calibration_trust.pupils if p.part_time_timetable}
    assert part_time
    for key, sessions in measured.settled.items():
        agreed = part_time.get(key, ())
        for (day, session), mark in sessions.items():
            if mark.code == "C2":
                assert session == "PM" and day.weekday() in agreed
