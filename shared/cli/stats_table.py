"""`attendance stats --format table`: the report laid out for a person to read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Column = tuple[str, Callable[[dict[str, Any]], Any]]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(name)


def format_table(columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> list[str]:
    """Aligned lines: a header, then one line per row (text left, numbers right)."""
    cells = [[_cell(value(row)) for _title, value in columns] for row in rows]
    widths = [max([len(title), *(len(line[i]) for line in cells)])
              for i, (title, _value) in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(text.ljust(width) if i < 2 else text.rjust(width)
                         for i, (text, width) in enumerate(zip(values, widths, strict=True)))

    return [line([title for title, _value in columns]).rstrip(),
            *(line(values).rstrip() for values in cells)]


_SESSIONS: list[Column] = [
    ("possible", _key("possible")), ("present", _key("present")), ("aea", _key("aea")),
    ("auth", _key("authorised")), ("unauth", _key("unauthorised")),
    ("missing", _key("missing")), ("attend%", _key("attendance_pct")),
    ("absence%", _key("absence_pct")),
]
SCHOOL_COLUMNS: list[Column] = [
    ("school", _key("school_urn")),
    ("from", lambda row: row["window"]["start"]),
    ("pupils", _key("pupil_count")), *_SESSIONS, ("CSA pupils", _key("csa_pupil_count")),
    ("PA", _key("pa_count")), ("PA%", _key("pa_pct")), ("SA", _key("sa_count")),
]
PUPIL_COLUMNS: list[Column] = [
    ("school", _key("school_urn")), ("upn", _key("upn")), *_SESSIONS,
    ("PA", _key("persistent_absence")), ("SA", _key("severe_absence")),
    ("unauth 10wk", _key("unauthorised_last_10_school_weeks")),
    ("CSA", _key("compulsory_school_age")),
]


def _rejects(title: str, rejected: Sequence[dict[str, Any]]) -> list[str]:
    lines = ["", f"{title} ({len(rejected)}, not counted)"]
    for reject in rejected:
        for error in reject["errors"]:
            lines.append(f"  line {reject['row']}: {error['field']}: {error['message']}")
    return lines


def render_rejects(report: dict[str, Any]) -> list[str]:
    """The rejected rows of each file, under a heading naming the file."""
    lines: list[str] = []
    if report["rejected"]:
        lines += _rejects(f"Rejected rows of the marks file {report['marks_file']}",
                          report["rejected"])
    if report["rejected_pupils"]:
        lines += _rejects(f"Rejected rows of the pupils file {report['pupils_file']}",
                          report["rejected_pupils"])
    return lines


def render_warnings(report: dict[str, Any]) -> list[str]:
    """What the marks file should still fix though its marks were counted (an unknown
    column, say), by line."""
    if not report.get("warnings"):
        return []
    lines = ["", f"Warnings about the marks file {report['marks_file']} (marks still counted)"]
    for warned in report["warnings"]:
        for warning in warned["warnings"]:
            lines.append(f"  line {warned['row']}: {warning['field']}: {warning['message']}")
    return lines


def render_table(report: dict[str, Any], as_of_note: str) -> str:
    """The whole report: heading, schools, pupils, then warnings and rejected rows."""
    window = report["window"]
    lines = [f"Attendance as of {report['as_of']}{as_of_note}",
             f"Window: {window['name']} from {window['start']} to {window['end']}",
             "", "Schools", *format_table(SCHOOL_COLUMNS, report["schools"]),
             "", "Pupils", *format_table(PUPIL_COLUMNS, report["pupils"]),
             *render_warnings(report), *render_rejects(report),
             "", "PA and SA count pupils of compulsory school age (unknown age counts); "
             "rates are sums of sessions."]
    return "\n".join(lines)
