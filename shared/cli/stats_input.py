"""Loading a marks CSV and an optional pupils CSV for `attendance stats`.

Bad rows are kept with their line number and reasons, never counted; good rows are.
Marks are checked as the intake checks them (the kernel's `parse_mark` and
`check_mark_context`): a weekend, or a day with no sessions in a calendar the school
set, is refused, and a column that is not a field of a mark is a warning at line 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shared.kernel import (
    Enrolment,
    FieldError,
    Mark,
    MarkError,
    SchoolCalendar,
    check_mark_context,
    normalise_upn,
    parse_date,
    parse_mark,
    unknown_field_warnings,
)
from shared.kernel.fields import parse_urn
from shared.mis_csv import CsvFileError, CsvRow, read_csv

PupilKey = tuple[str, str]

MARK_COLUMNS = ("school_urn", "upn", "date", "session", "code", "recorded_at")
PUPIL_COLUMNS = ("school_urn", "upn")
OPTIONAL_MARK_COLUMNS = ("minutes_late", "comment")
OPTIONAL_PUPIL_COLUMNS = ("date_of_birth", "admission_date", "leaving_date")


def rejected_row(line: int, errors: Any) -> dict[str, Any]:
    """The reject shape of the intake API: {"row": line, "errors": [{field, message}]}."""
    return {"row": line, "errors": [error.to_dict() for error in errors]}


@dataclass
class Roster:
    """Pupils from a pupils CSV: their enrolments and the rows that were refused."""

    enrolments: dict[PupilKey, Enrolment] = field(default_factory=dict)
    refused: set[PupilKey] = field(default_factory=set)
    rejected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MarkSet:
    """Accepted marks grouped per pupil once, the rejected rows of the marks CSV, and
    the warnings about its header (the intake answer's shape)."""

    by_pupil: dict[PupilKey, list[Mark]] = field(default_factory=lambda: defaultdict(list))
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0

    @property
    def latest_date(self) -> date | None:
        """The latest date holding an accepted mark, if any."""
        return max((max(m.date for m in marks) for marks in self.by_pupil.values()),
                   default=None)


def _optional_date(values: Mapping[str, str], name: str, errors: list[FieldError]) -> date | None:
    text = (values.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        errors.append(FieldError(name, str(error)))
        return None


def _pupil_key(values: Mapping[str, str], errors: list[FieldError]) -> PupilKey | None:
    urn = upn = None
    try:
        urn = parse_urn(values.get("school_urn"))
    except ValueError as error:
        errors.append(FieldError("school_urn", str(error)))
    try:
        upn = normalise_upn(values.get("upn") or "")
    except MarkError as error:
        errors.extend(error.errors)
    return (urn, upn) if urn is not None and upn is not None else None


def _enrolment(values: Mapping[str, str], errors: list[FieldError]) -> Enrolment:
    enrolment = Enrolment(admission_date=_optional_date(values, "admission_date", errors),
                          leaving_date=_optional_date(values, "leaving_date", errors),
                          date_of_birth=_optional_date(values, "date_of_birth", errors))
    admitted, left = enrolment.admission_date, enrolment.leaving_date
    if admitted and left and left < admitted:
        errors.append(FieldError("leaving_date", "the leaving date is before the admission "
                                 "date; correct one of them"))
    return enrolment


def _refuse_unreadable(roster: Roster, row: CsvRow, problem: FieldError) -> None:
    # The line could not be read whole, but its pupil is usually still plain: their
    # marks then say the pupil's row was refused, not that the pupil is unknown.
    roster.rejected.append(rejected_row(row.line, [problem]))
    key = _pupil_key(row.values, [])
    if key is not None and key not in roster.enrolments:
        roster.refused.add(key)


def load_roster(path: Path) -> Roster:
    """Read a pupils CSV (school_urn, upn; optional date_of_birth, admission_date,
    leaving_date; other columns ignored). Raises CsvFileError for an unusable file."""
    roster = Roster()
    for row in read_csv(path, PUPIL_COLUMNS, OPTIONAL_PUPIL_COLUMNS):
        if row.problem is not None:
            _refuse_unreadable(roster, row, row.problem)
            continue
        errors: list[FieldError] = []
        key = _pupil_key(row.values, errors)
        enrolment = _enrolment(row.values, errors)
        if key is not None and (key in roster.enrolments or key in roster.refused):
            errors.append(FieldError("upn", "this pupil is listed twice for the school; "
                                     "keep one row"))
        if errors:
            roster.rejected.append(rejected_row(row.line, errors))
            if key is not None and key not in roster.enrolments:
                roster.refused.add(key)
        elif key is not None:
            roster.enrolments[key] = enrolment
    if not roster.enrolments and not roster.rejected:
        raise CsvFileError(f"{path} lists no pupils, only its header line; export the "
                           "pupils again, or leave out --pupils")
    return roster


def _roster_errors(mark: Mark, roster: Roster | None, today: date,
                   calendar: SchoolCalendar | None) -> list[FieldError]:
    if roster is None:
        return check_mark_context(mark, None, today, calendar)
    key = (mark.school_urn, mark.upn)
    enrolment = roster.enrolments.get(key)
    if enrolment is not None:
        return check_mark_context(mark, enrolment, today, calendar)
    if key in roster.refused:
        return [FieldError("upn", "the pupil's row in the pupils file was rejected; "
                           "correct that row first")]
    return [FieldError("upn", f"the pupil is not in the pupils file for school "
                       f"{mark.school_urn}; add them to the roster or correct the UPN")]


def _header_warnings(values: Mapping[str, str]) -> list[dict[str, Any]]:
    # Every row has the header's columns: an unknown one is one warning, at line 1.
    warnings = unknown_field_warnings(values)
    return [{"row": 1, "warnings": [w.to_dict() for w in warnings]}] if warnings else []


def load_marks(path: Path, roster: Roster | None, today: date,
               calendars: Mapping[str, SchoolCalendar] | None = None) -> MarkSet:
    """Read a marks CSV of canonical marks, checking each against the roster (if any),
    the real date `today` (no future marks) and the school's calendar when `calendars`
    holds the one it set (weekends are refused either way). Raises CsvFileError for an
    unusable file."""
    marks = MarkSet()
    calendars = calendars or {}
    header_read = False
    for row in read_csv(path, MARK_COLUMNS, OPTIONAL_MARK_COLUMNS):
        marks.rows += 1
        if row.problem is not None:
            marks.rejected.append(rejected_row(row.line, [row.problem]))
            continue
        if not header_read:
            marks.warnings, header_read = _header_warnings(row.values), True
        try:
            mark = parse_mark(row.values)
        except MarkError as error:
            marks.rejected.append(rejected_row(row.line, error.errors))
            continue
        errors = _roster_errors(mark, roster, today, calendars.get(mark.school_urn))
        if errors:
            marks.rejected.append(rejected_row(row.line, errors))
        else:
            marks.by_pupil[(mark.school_urn, mark.upn)].append(mark)
    if not marks.rows:
        raise CsvFileError(f"{path} holds no marks, only its header line; export the "
                           "register marks again")
    return marks
