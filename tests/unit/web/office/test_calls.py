"""First-day absence calls by 10:30 and second calls later in the day."""

from __future__ import annotations

from services.web.office.calls import first_day_calls, second_calls
from services.web.office.inputs import OfficePupil
from tests.unit.web.office.builders import (
    TUESDAY,
    call,
    mark,
    office_day,
    parent,
    present_days,
    pupil,
    school_days_before,
)

UPN = "A801100026001"


def absent_with_n(**flags: bool) -> list[OfficePupil]:
    return [pupil(UPN, [mark(UPN, TUESDAY, "AM", "N")], [parent("mum")], "3B", **flags)]


def test_the_1030_list_shows_a_call_as_not_yet_due_at_1029_and_overdue_at_1031() -> None:
    assert [r.status for r in first_day_calls(absent_with_n(), office_day(at="10:29"), [])] \
        == ["not_yet_due"]
    assert [r.status for r in first_day_calls(absent_with_n(), office_day(at="10:31"), [])] \
        == ["overdue"]


def test_a_recorded_first_day_call_marks_the_pupil_done() -> None:
    rows = first_day_calls(absent_with_n(), office_day(at="11:00"), [call(UPN, "no_answer")])
    assert [r.status for r in rows] == ["done"]


def test_a_do_not_contact_parent_is_never_on_the_call_list() -> None:
    pupils = [pupil(UPN, [mark(UPN, TUESDAY, "AM", "N")],
                    [parent("court-order", "07700 900111", do_not_contact=True),
                     parent("dad", "07700 900222", priority=2)])]
    rows = first_day_calls(pupils, office_day(), [])
    assert [c.contact_id for c in rows[0].contacts] == ["dad"]
    assert "900111" not in str(rows[0].to_dict())


def test_contacts_are_rung_in_priority_order() -> None:
    pupils = [pupil(UPN, [mark(UPN, TUESDAY, "AM", "N")],
                    [parent("gran", "07700 900333", priority=3),
                     parent("mum", "07700 900444", priority=1)])]
    assert [c.contact_id for c in first_day_calls(pupils, office_day(), [])[0].contacts] == [
        "mum", "gran"]


def test_no_morning_mark_counts_only_once_the_register_has_closed() -> None:
    unmarked = [pupil(UPN, contacts=[parent("mum")])]
    assert first_day_calls(unmarked, office_day(at="09:04"), []) == []
    rows = first_day_calls(unmarked, office_day(at="09:06"), [])
    assert rows[0].why == "no morning mark after the register closed at 09:05"


def test_a_present_or_ill_pupil_is_not_on_the_first_day_list() -> None:
    pupils = [pupil("A801100026002", present_days("A801100026002", [TUESDAY])),
              pupil("A801100026003", [mark("A801100026003", TUESDAY, "AM", "I")])]
    assert first_day_calls(pupils, office_day(at="10:00"), []) == []


def test_a_pupil_flagged_for_medical_evidence_says_so_on_the_list() -> None:
    rows = first_day_calls(absent_with_n(medical_evidence_required=True), office_day(), [])
    assert rows[0].medical_evidence == "medical evidence required (on the roster)"


def test_a_persistently_absent_pupil_needs_medical_evidence_for_illness() -> None:
    earlier = school_days_before(TUESDAY)
    marks = [mark(UPN, d, s, "I") for d in earlier[:1] for s in ("AM", "PM")]
    marks += [*present_days(UPN, earlier[1:]), mark(UPN, TUESDAY, "AM", "N")]
    rows = first_day_calls([pupil(UPN, marks, [parent("mum")])], office_day(), [])
    assert "persistently absent" in (rows[0].medical_evidence or "")


def test_nothing_is_listed_on_a_day_that_is_not_a_school_day() -> None:
    saturday = TUESDAY.replace(day=12)
    assert first_day_calls([pupil(UPN)], office_day(day=saturday, at="11:00"), []) == []


def test_an_unanswered_first_call_goes_on_the_second_call_list() -> None:
    first = first_day_calls(absent_with_n(), office_day(at="13:00"), [call(UPN, "no_answer")])
    assert [r.pupil.upn for r in second_calls(first)] == [UPN]


def test_a_first_call_that_reached_a_parent_needs_no_second_call() -> None:
    first = first_day_calls(absent_with_n(), office_day(at="13:00"), [call(UPN, "reached")])
    assert second_calls(first) == []


def test_a_pupil_not_called_by_the_deadline_needs_a_second_call() -> None:
    assert len(second_calls(first_day_calls(absent_with_n(), office_day(at="10:31"), []))) == 1
    assert second_calls(first_day_calls(absent_with_n(), office_day(at="10:00"), [])) == []


def test_a_pupil_on_a_school_trip_is_not_on_the_first_day_call_list() -> None:
    on_trip = [pupil(UPN, [mark(UPN, TUESDAY, "AM", "V")], [parent("mum")])]
    assert first_day_calls(on_trip, office_day(at="10:31"), []) == []


def test_a_trip_day_whose_afternoon_register_still_says_n_needs_no_call() -> None:
    # The class teacher marked the empty seat N; the pupil is at the match (P).
    on_trip = [pupil(UPN, [mark(UPN, TUESDAY, "AM", "P"), mark(UPN, TUESDAY, "PM", "N")],
                     [parent("mum")])]
    first = first_day_calls(on_trip, office_day(at="14:00"), [])
    assert first == []
    assert second_calls(first) == []


def test_work_experience_entered_for_the_afternoon_only_keeps_the_pupil_off_the_list() -> None:
    # W is entered ahead for the afternoon; the morning is still unmarked after 09:05.
    planned = [pupil(UPN, [mark(UPN, TUESDAY, "PM", "W")], [parent("mum")])]
    assert first_day_calls(planned, office_day(at="10:31"), []) == []
