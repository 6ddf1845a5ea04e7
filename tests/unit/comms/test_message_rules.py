"""The message rules as the office and parents expect them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from services.comms.model import Purpose, QuietHours
from services.comms.planning import NotPlanned, PlannedText, plan_text
from services.comms.rules import delivery_id, first_sendable, normalise_phone
from tests.unit.comms.builders import (
    DAD_E164,
    DAY,
    MUM,
    MUM_E164,
    SCHOOL,
    UPN_BEN,
    contact,
    london,
    policy,
    pupil,
)


def planned(result: list[PlannedText] | NotPlanned) -> list[PlannedText]:
    assert isinstance(result, list), result
    return result


def refused(result: list[PlannedText] | NotPlanned) -> str:
    assert isinstance(result, NotPlanned), result
    return result.reason


def test_only_contacts_allowed_texts_are_texted() -> None:
    family = (contact("c-mum", MUM, 1), contact("c-gran", "07700 900103", 2,
                                                may_receive_texts=False))
    texts = planned(plan_text(Purpose.U_TODAY, pupil(contacts=family), DAY, policy(),
                              day_codes=["U"], opted_out=(), now=london(DAY, 10)))
    assert [t.recipient for t in texts] == [MUM_E164]


def test_a_do_not_contact_parent_is_never_texted() -> None:
    family = (contact("c-dad", "07700 900102", 1, do_not_contact=True),)
    result = plan_text(Purpose.U_TODAY, pupil(contacts=family), DAY, policy(),
                       day_codes=["U"], opted_out=(), now=london(DAY, 10))
    assert refused(result) == "no_contact_may_be_texted"


def test_an_opted_out_number_is_never_texted() -> None:
    texts = planned(plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                              opted_out={MUM_E164}, now=london(DAY, 10)))
    assert [t.recipient for t in texts] == [DAD_E164]


def test_each_recipient_gets_its_own_delivery_record() -> None:
    texts = planned(plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                              opted_out=(), now=london(DAY, 10)))
    assert sorted(t.recipient for t in texts) == [MUM_E164, DAD_E164]
    assert len({t.delivery_id for t in texts}) == 2


def test_a_text_due_in_quiet_hours_waits_for_half_past_seven() -> None:
    late_evening = london(DAY, 21, 15)
    assert first_sendable(late_evening, QuietHours()) == london(DAY + timedelta(days=1), 7, 30)
    early_morning = london(DAY, 6, 45)
    assert first_sendable(early_morning, QuietHours()) == london(DAY, 7, 30)
    assert first_sendable(london(DAY, 12), QuietHours()) == london(DAY, 12)


def test_a_school_can_set_its_own_quiet_hours() -> None:
    quiet = QuietHours(start=time(19, 0), end=time(8, 0))
    assert first_sendable(london(DAY, 19, 30), quiet) == london(DAY + timedelta(days=1), 8)


def test_quiet_hours_follow_london_time_across_the_clock_change() -> None:
    # In November London keeps GMT, so quiet hours end at 07:30 UTC, not 06:30.
    winter_morning = datetime(2026, 11, 3, 6, 0, tzinfo=UTC)
    assert first_sendable(winter_morning, QuietHours()) == datetime(2026, 11, 3, 7, 30,
                                                                   tzinfo=UTC)


def test_a_pupil_on_a_school_trip_gets_no_absence_text() -> None:
    result = plan_text(Purpose.ABSENT_EXPECTED_BACK, pupil(), DAY, policy(),
                       day_codes=["N", "V"], opted_out=(), now=london(DAY, 10))
    assert refused(result) == "approved_activity"


def test_nothing_is_texted_on_a_closure_day() -> None:
    result = plan_text(Purpose.LATE_INDEPENDENT_TRAVELLER, pupil(), DAY,
                       policy(closures=frozenset({DAY})), day_codes=["L"], opted_out=(),
                       now=london(DAY, 9))
    assert refused(result) == "closure_day"


def test_an_absence_text_waits_until_the_register_has_settled() -> None:
    settle_late = policy(end_of_day=time(9, 0), absence_settle_minutes=45)
    texts = planned(plan_text(Purpose.ABSENT_EXPECTED_BACK, pupil(), DAY, settle_late,
                              day_codes=["N"], opted_out=(), now=london(DAY, 9, 5)))
    assert {t.due_at for t in texts} == {london(DAY, 9, 45)}


def test_the_u_today_text_goes_at_the_end_of_the_school_day() -> None:
    texts = planned(plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                              opted_out=(), now=london(DAY, 9, 20)))
    assert {t.due_at for t in texts} == {london(DAY, 15, 30)}


def test_a_late_traveller_text_goes_at_once() -> None:
    texts = planned(plan_text(Purpose.LATE_INDEPENDENT_TRAVELLER, pupil(), DAY, policy(),
                              day_codes=["L"], opted_out=(), now=london(DAY, 8, 55)))
    assert {t.due_at for t in texts} == {london(DAY, 8, 55)}


def test_a_signal_replayed_the_next_day_texts_nobody() -> None:
    result = plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                       opted_out=(), now=london(DAY + timedelta(days=1), 10))
    assert refused(result) == "too_late_for_that_day"


def test_an_evening_signal_is_not_texted_the_next_morning() -> None:
    result = plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                       opted_out=(), now=london(DAY, 20, 30))
    assert refused(result) == "too_late_for_that_day"


def test_a_family_is_texted_at_most_once_a_day_for_the_same_purpose() -> None:
    amy = planned(plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                            opted_out=(), now=london(DAY, 10)))
    ben = planned(plan_text(Purpose.U_TODAY, pupil(UPN_BEN, "Ben"), DAY, policy(),
                            day_codes=["U"], opted_out=(), now=london(DAY, 11)))
    assert {t.delivery_id for t in amy} == {t.delivery_id for t in ben}


def test_another_purpose_or_another_day_is_another_text() -> None:
    base = delivery_id(SCHOOL, "phone:" + MUM_E164, Purpose.U_TODAY, DAY, MUM)
    assert base == delivery_id(SCHOOL, "phone:" + MUM_E164, Purpose.U_TODAY, DAY, MUM_E164)
    assert base != delivery_id(SCHOOL, "phone:" + MUM_E164, Purpose.FULL_ATTENDANCE_WEEK,
                               DAY, MUM)
    assert base != delivery_id(SCHOOL, "phone:" + MUM_E164, Purpose.U_TODAY,
                               DAY + timedelta(days=1), MUM)


def test_uk_numbers_are_compared_in_international_form() -> None:
    assert normalise_phone("07700 900101") == "+447700900101"
    assert normalise_phone("+44 7700 900101") == "+447700900101"
    assert normalise_phone("0044 (7700) 900-101") == "+447700900101"


def test_a_signal_about_a_day_not_yet_reached_texts_nobody() -> None:
    result = plan_text(Purpose.U_TODAY, pupil(), DAY, policy(), day_codes=["U"],
                       opted_out=(), now=london(DAY - timedelta(days=1), 18))
    assert refused(result) == "about_a_day_not_yet_reached"
