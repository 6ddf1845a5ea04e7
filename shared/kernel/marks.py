"""The canonical register mark: validation of wire/CSV records and amendment order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.kernel.calendar import SchoolCalendar
from shared.kernel.codes import LEGACY_CUTOFF, Category, category_of, normalise_code
from shared.kernel.errors import FieldError, MarkError
from shared.kernel.fields import (
    SESSIONS,
    Session,
    clean_text,
    parse_comment,
    parse_date,
    parse_minutes_late,
    parse_recorded_at,
    parse_session,
    parse_urn,
)
from shared.kernel.mark_fields import REQUIRED_MARK_FIELDS, rename_hint
from shared.kernel.pupils import Enrolment
from shared.kernel.upn import normalise_upn

__all__ = [
    "SESSIONS",
    "Mark",
    "Session",
    "check_mark_context",
    "latest_marks",
    "parse_date",
    "parse_mark",
    "supersedes",
]


_SATURDAY = 5


@dataclass(frozen=True)
class Mark:
    """One session's register code for one pupil, as recorded at `recorded_at`."""

    school_urn: str
    upn: str
    date: dt.date
    session: Session
    code: str
    recorded_at: dt.datetime
    minutes_late: int | None = None
    comment: str | None = None

    @property
    def key(self) -> tuple[dt.date, str]:
        """The session this mark is for (per pupil): AM and PM never collide."""
        return (self.date, self.session)


def _field(raw: Mapping[str, Any], name: str, parse: Callable[[Any], Any],
           errors: list[FieldError]) -> Any:
    try:
        return parse(raw.get(name))
    except MarkError as error:
        errors.extend(error.errors)
    except ValueError as error:
        errors.append(FieldError(name, str(error)))
    return None


def _parse_code(day: dt.date) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        # An empty code is "no mark" ("-"); an absent one is a mistake, often a misspelt
        # field name, which must not turn into a silent no-mark.
        if value is None:
            raise ValueError("the code is missing; give the session's DfE register code, "
                             "or '-' for no mark")
        return normalise_code(clean_text(value), day)
    return parse


def _with_rename_hints(errors: list[FieldError], raw: Mapping[str, Any]) -> list[FieldError]:
    # A required field that is absent may be there under a misspelt name: say which.
    return [FieldError(error.field, error.message + rename_hint(error.field, raw))
            if error.field in REQUIRED_MARK_FIELDS and raw.get(error.field) is None
            else error for error in errors]


def parse_mark(raw: Mapping[str, Any]) -> Mark:
    """Validate and normalise a wire or CSV record into a Mark.

    Values may be strings. Raises MarkError listing every bad field at once; a missing
    required field's error names the unknown field the sender probably meant. Fields
    that are not fields of a mark are ignored here (see `unknown_field_warnings`). The
    pupil's roll, the school's calendar and the future are not checked here: see
    `check_mark_context`.
    """
    errors: list[FieldError] = []
    urn = _field(raw, "school_urn", parse_urn, errors)
    upn = _field(raw, "upn", lambda v: normalise_upn(clean_text(v)), errors)
    day = _field(raw, "date", parse_date, errors)
    # Without a valid date the code can only be checked for being a known code at all.
    code_day = day if day is not None else LEGACY_CUTOFF - dt.timedelta(days=1)
    code = _field(raw, "code", _parse_code(code_day), errors)
    session = _field(raw, "session", parse_session, errors)
    minutes_late = _field(raw, "minutes_late", parse_minutes_late, errors)
    recorded_at = _field(raw, "recorded_at", parse_recorded_at, errors)
    comment = _field(raw, "comment", parse_comment, errors)
    if errors:
        raise MarkError(_with_rename_hints(errors, raw))
    return Mark(school_urn=urn, upn=upn, date=day, session=session, code=code,
                recorded_at=recorded_at, minutes_late=minutes_late, comment=comment)


def check_mark_context(mark: Mark, enrolment: Enrolment | None, today: dt.date,
                       calendar: SchoolCalendar | None = None) -> list[FieldError]:
    """Problems with a valid mark in context: a future date, a day that is not a school
    day, or a date off the pupil's roll.

    `enrolment` None means the roll is unknown. `calendar` is the calendar the school
    set (terms and closures), or None when it has set none; weekends are never school
    days either way.
    """
    errors: list[FieldError] = []
    if mark.date > today:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is in the future (today is {today.isoformat()}); "
            "registers can only be marked for today or earlier")))
    errors.extend(_school_day_errors(mark, calendar))
    if enrolment is None:
        return errors
    admitted, left = enrolment.admission_date, enrolment.leaving_date
    if admitted is not None and mark.date < admitted:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is before the pupil's admission on "
            f"{admitted.isoformat()}; correct the mark's date or the admission date")))
    if left is not None and mark.date > left:
        errors.append(FieldError("date", (
            f"{mark.date.isoformat()} is after the pupil left on {left.isoformat()}; "
            "correct the mark's date or the leaving date")))
    return errors


def _school_day_errors(mark: Mark, calendar: SchoolCalendar | None) -> list[FieldError]:
    """A weekend mark, or a mark that would count on a day the school's calendar says has
    no sessions (DOMAIN.md sections 1 and 6).

    A not-possible code ('#' planned closure, 'Y4' site closed...) on a calendar's
    non-school weekday agrees with the calendar and never counts, so it is accepted.
    """
    day = mark.date
    if day.weekday() >= _SATURDAY:
        return [FieldError("date", (
            f"{day.isoformat()} is a {day:%A}: schools have no sessions at weekends, so a "
            "weekend mark can never count; check the mark's date"))]
    if calendar is None or calendar.is_school_day(day):
        return []
    if category_of(mark.code) is Category.NOT_POSSIBLE:
        return []
    return [FieldError("date", (
        f"{day.isoformat()} is not a school day in school {mark.school_urn}'s calendar "
        f"({_why_not(day, calendar)}); check the mark's date, code a closure '#', or if "
        f"pupils were expected in school that day correct the calendar with "
        f"PUT /v1/schools/{mark.school_urn}"))]


def _why_not(day: dt.date, calendar: SchoolCalendar) -> str:
    if day in calendar.closures:
        return "it is a closure day"
    term = next((term for term in calendar.terms if term.start <= day <= term.end), None)
    if term is None:
        return "it is outside the school's terms"
    return f"it is in the {term.name} half-term"


def supersedes(new: Mark, old: Mark | None) -> bool:
    """True iff `new` replaces `old`: no earlier mark, or a strictly later recorded_at.

    An equal or older recorded_at is a no-op (a re-send or a late-arriving old version).
    """
    return old is None or new.recorded_at > old.recorded_at


def _precedence(mark: Mark) -> tuple[dt.datetime, str, int, str]:
    # Ties on recorded_at are broken on content so the winner never depends on arrival order.
    late = -1 if mark.minutes_late is None else mark.minutes_late
    return (mark.recorded_at, mark.code, late, mark.comment or "")


def latest_marks(marks: Iterable[Mark]) -> dict[tuple[dt.date, str], Mark]:
    """Per session key, the mark with the latest recorded_at (one pupil's marks)."""
    latest: dict[tuple[dt.date, str], Mark] = {}
    for mark in marks:
        held = latest.get(mark.key)
        if held is None or _precedence(mark) > _precedence(held):
            latest[mark.key] = mark
    return latest
