"""What every OfficeLog adapter does, run against the in-memory twin and the real store."""

from __future__ import annotations

import base64
from datetime import date

from services.web.records.log import OfficeLog
from tests.unit.web.office_records import samples
from tests.unit.web.office_records.samples import DAY
from tests.unit.web.records import ADA, BEN, URN


async def a_record_stored_twice_is_kept_once(log: OfficeLog) -> None:
    await log.store_records([samples.call()])
    await log.store_records([samples.call(), samples.call(note="a second submit")])
    calls = await log.calls(URN, DAY)
    assert [(c.record_id, c.note) for c in calls] == [("call-0001", "")]


async def calls_are_those_of_the_day_oldest_first(log: OfficeLog) -> None:
    await log.store_records([samples.call("call-0002", BEN, minutes=9), samples.call(),
                             samples.call("call-0003", day=date(2026, 9, 7), minutes=-1440),
                             samples.concern()])
    assert [c.record_id for c in await log.calls(URN, DAY)] == ["call-0001", "call-0002"]
    between = await log.records_between(URN, date(2026, 9, 7), DAY)
    assert [r.record_id for r in between] == ["call-0003", "call-0001", "concern-01",
                                              "call-0002"]
    assert [r.record_id for r in await log.pupil_records(URN, BEN)] == ["concern-01",
                                                                        "call-0002"]


async def a_pupils_calls_are_read_for_the_days_asked_oldest_first(log: OfficeLog) -> None:
    await log.store_records([samples.call("call-0002", minutes=30), samples.call(),
                             samples.call("call-0003", BEN, minutes=5),
                             samples.call("call-0004", day=date(2026, 9, 7), minutes=-1440),
                             samples.call("call-0005", day=date(2026, 9, 9), minutes=1440),
                             samples.concern(upn=ADA)])
    found = await log.pupil_calls_between(URN, {ADA}, DAY, DAY)
    assert [c.record_id for c in found] == ["call-0001", "call-0002"]
    both = await log.pupil_calls_between(URN, {ADA, BEN}, date(2026, 9, 7), DAY)
    assert [c.record_id for c in both] == ["call-0004", "call-0001", "call-0003", "call-0002"]
    assert await log.pupil_calls_between(URN, set(), DAY, DAY) == []
    assert await log.pupil_calls_between("100002", {ADA}, DAY, DAY) == []


async def a_higher_version_replaces_a_lower_and_a_replayed_lower_changes_nothing(
        log: OfficeLog) -> None:
    await log.store_events([samples.delivery(version=1, state="sending")])
    await log.store_events([samples.delivery(version=3, state="delivered")])
    await log.store_events([samples.delivery(version=2, state="failed"),
                            samples.delivery(version=1, state="sending")])
    shown = await log.deliveries(URN, DAY)
    assert [(d.delivery_id, d.version, d.state) for d in shown] == [("text-0001", 3,
                                                                     "delivered")]


async def replies_and_tasks_are_read_by_day(log: OfficeLog) -> None:
    await log.store_events([samples.reply(), samples.reply("reply-0002", minutes=-600)])
    assert [r.message_id for r in await log.replies(URN, DAY)] == ["reply-0001"]
    assert await log.replies(URN, date(2026, 9, 9)) == []


async def stop_and_start_replies_are_read_for_the_school_of_any_day(log: OfficeLog) -> None:
    stop = samples.reply("reply-stop", minutes=-1440).model_copy(
        update={"body": "STOP", "opted_out": True})
    start = samples.reply("reply-start", minutes=60).model_copy(
        update={"body": "Start", "opted_out": False})
    elsewhere = stop.model_copy(update={"message_id": "reply-other", "school_urn": "100002"})
    await log.store_events([start, samples.reply(), stop, elsewhere])
    found = await log.opt_out_replies(URN)
    assert [(r.message_id, r.opted_out) for r in found] == [("reply-stop", True),
                                                            ("reply-start", False)]


async def a_letter_keeps_its_pdf_but_lists_leave_it_out(log: OfficeLog) -> None:
    await log.store_events([samples.letter(version=1)])
    await log.store_events([samples.letter(version=2, state="issued", pdf=samples.PDF)])
    listed = await log.letters(URN)
    assert [(x.letter_id, x.state, x.pdf_base64) for x in listed] == [
        ("letter-0001", "issued", None)]
    issued = await log.letter(URN, "letter-0001")
    assert issued is not None and issued.pdf_base64 is not None
    assert base64.b64decode(issued.pdf_base64) == samples.PDF
    assert await log.letter("100002", "letter-0001") is None


async def a_letters_whole_wording_is_kept_and_listed(log: OfficeLog) -> None:
    wording = "Dear Parent/Carer,\n\n5 days missed = 5 English lessons\n\n• 5 maths lessons"
    await log.store_events([samples.letter(full_text=wording)])
    [listed] = await log.letters(URN)
    held = await log.letter(URN, "letter-0001")
    assert listed.full_text == wording and held is not None and held.full_text == wording


async def a_pupils_events_are_their_texts_replies_and_letters(log: OfficeLog) -> None:
    await log.store_events([samples.delivery(), samples.reply(), samples.letter(upn=ADA),
                            samples.delivery("text-0002", upn=BEN)])
    events = await log.pupil_events(URN, ADA)
    assert sorted(event.kind for event in events) == ["delivery", "letter", "reply"]


async def a_schools_concerns_and_the_answers_to_them_are_read_oldest_first(
        log: OfficeLog) -> None:
    await log.store_records([samples.answer(minutes=60), samples.call(),
                             samples.concern("concern-02", ADA, minutes=30),
                             samples.concern(minutes=5),
                             samples.concern("concern-03").model_copy(
                                 update={"school_urn": "100002"})])
    found = await log.concern_records(URN)
    assert [(r.kind, r.record_id) for r in found] == [
        ("concern", "concern-01"), ("concern", "concern-02"),
        ("concern_response", "answer-0001")]


BEHAVIOURS = [a_record_stored_twice_is_kept_once, calls_are_those_of_the_day_oldest_first,
              a_pupils_calls_are_read_for_the_days_asked_oldest_first,
              a_higher_version_replaces_a_lower_and_a_replayed_lower_changes_nothing,
              replies_and_tasks_are_read_by_day,
              stop_and_start_replies_are_read_for_the_school_of_any_day,
              a_letter_keeps_its_pdf_but_lists_leave_it_out,
              a_letters_whole_wording_is_kept_and_listed,
              a_pupils_events_are_their_texts_replies_and_letters,
              a_schools_concerns_and_the_answers_to_them_are_read_oldest_first]
