"""The message rules: who may be texted, when, about what, and each text's identity.

Pure functions: no I/O and no clock (the current time is always an argument). Times are
timezone-aware; school-local time is Europe/London.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta

from services.comms.model import (
    ABSENCE_PURPOSES,
    SCHOOL_TIME,
    Contact,
    Purpose,
    QuietHours,
    SchoolPolicy,
)
from shared.kernel import Category, category_of
from shared.kernel.nudges import on_approved_activity
from shared.kernel.texting import OptedOut
from shared.kernel.texting import may_text as kernel_may_text

_UK_MOBILE = re.compile(r"^0(7\d{9})$")


def normalise_phone(raw: str) -> str:
    """A UK number in E.164 ('07700 900123' -> '+447700900123'), as Twilio writes it."""
    digits = re.sub(r"[\s()-]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    local = _UK_MOBILE.match(digits)
    if local:
        return "+44" + local.group(1)
    return digits


def may_text(contact: Contact, opted_out: OptedOut) -> bool:
    """Only contacts allowed texts, never a do-not-contact, never an opted-out number:
    the kernel's rule, which the office's golden-hour list applies too."""
    return kernel_may_text(contact.phone, may_receive_texts=contact.may_receive_texts,
                           do_not_contact=contact.do_not_contact,
                           opted_out=contact.phone in opted_out)


def text_recipients(contacts: Iterable[Contact], opted_out: Collection[str]) -> list[Contact]:
    """The contacts to text, by priority, one per phone number."""
    chosen: dict[str, Contact] = {}
    numbers = OptedOut.of(opted_out)
    for contact in sorted(contacts, key=lambda c: (c.priority, c.contact_id)):
        if may_text(contact, numbers):
            chosen.setdefault(normalise_phone(contact.phone or ""), contact)
    return list(chosen.values())


def local(moment: datetime) -> datetime:
    return moment.astimezone(SCHOOL_TIME)


def at_school_time(day: date, clock_time: time) -> datetime:
    """The instant of a school-local time of day (BST/GMT handled by the zone)."""
    return datetime.combine(day, clock_time, tzinfo=SCHOOL_TIME)


def in_quiet_hours(moment: datetime, quiet: QuietHours) -> bool:
    now = local(moment).time()
    if quiet.start <= quiet.end:
        return quiet.start <= now < quiet.end
    return now >= quiet.start or now < quiet.end


def first_sendable(moment: datetime, quiet: QuietHours) -> datetime:
    """`moment`, or when quiet hours end if it falls inside them."""
    if not in_quiet_hours(moment, quiet):
        return moment
    day = local(moment).date()
    if local(moment).time() >= quiet.start and quiet.start > quiet.end:
        day += timedelta(days=1)
    return at_school_time(day, quiet.end)


def absence_settled_at(day: date, policy: SchoolPolicy) -> datetime:
    """When the day's register has settled: the morning close plus the settle delay."""
    closes = at_school_time(day, policy.register_close_am)
    return closes + timedelta(minutes=policy.absence_settle_minutes)


def earliest_send(purpose: Purpose, day: date, policy: SchoolPolicy) -> datetime:
    """The plan's time for a text about `day`, before quiet hours and the clock apply.

    End-of-day texts (U today, absent and expected back, a full week) go after school;
    a late independent traveller's parents are told at once; every absence text waits
    until the register has settled.
    """
    if purpose in (Purpose.U_TODAY, Purpose.ABSENT_EXPECTED_BACK,
                   Purpose.FULL_ATTENDANCE_WEEK):
        planned = at_school_time(day, policy.end_of_day)
    else:
        planned = at_school_time(day, time(0, 0))
    if purpose in ABSENCE_PURPOSES:
        planned = max(planned, absence_settled_at(day, policy))
    return planned


def send_time(purpose: Purpose, day: date, policy: SchoolPolicy,
              now: datetime) -> datetime | None:
    """When a text about `day` may go, or None when it can no longer go that day.

    Rule: a text about a school day is sent on that day or not at all (a replay of old
    signals, or a signal arriving in the evening, texts nobody the next morning).
    """
    sendable = first_sendable(max(now, earliest_send(purpose, day, policy)),
                              policy.quiet_hours)
    return sendable if local(sendable).date() == day else None


def suppression(purpose: Purpose, day: date, day_codes: Iterable[str],
                policy: SchoolPolicy) -> str | None:
    """Why nothing may be sent about a pupil's day, or None.

    Nothing on a closure day; no chase, nudge or late text for a pupil on an approved
    activity that day (a trip, work experience...: an AEA code in either session). A
    congratulation for a full week still goes: a trip day counts as attendance.
    """
    if day in policy.closures:
        return "closure_day"
    if purpose is Purpose.FULL_ATTENDANCE_WEEK:
        return None
    if on_approved_activity(day_codes):
        return "approved_activity"
    return None


def still_absent(day_codes: Iterable[str]) -> bool:
    """True unless the day's latest marks show the pupil attended after all."""
    codes = list(day_codes)
    return not codes or any(
        category_of(c) in (Category.AUTHORISED, Category.UNAUTHORISED, Category.MISSING)
        for c in codes)


def delivery_id(school_urn: str, family: str, purpose: Purpose, day: date,
                recipient: str) -> str:
    """The deterministic identity of one text to one recipient, recorded before sending.

    Same school, family, purpose, day and recipient: same id, so a replayed signal or a
    restarted process finds the existing record instead of texting again.
    """
    text = "|".join((school_urn, family, str(purpose), day.isoformat(),
                     normalise_phone(recipient)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def family_of(recipient: str) -> str:
    """The family a text goes to, as the texts see it: the household behind a number.

    Siblings who share a parent share that parent's text, so a family hears once per
    purpose per day however many of its children the signals are about.
    """
    return "phone:" + normalise_phone(recipient)
