"""`attendance stats MARKS.csv`: attendance figures from register exports, offline.

No Kafka, no store: the kernel computes each pupil's and school's figures from a marks
CSV (and, optionally, a pupils CSV), exactly as the read API would show them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from shared.cli.stats_analysis import analyse
from shared.cli.stats_input import MARK_COLUMNS, load_marks, load_roster
from shared.cli.stats_schools import SchoolsFileError, load_calendars
from shared.cli.stats_table import render_rejects, render_table, render_warnings
from shared.kernel import WINDOW_NAMES, parse_date
from shared.mis_csv import CsvFileError

_FROM_FILE = "latest mark date in the file"
_DESCRIPTION = f"""\
Attendance figures per school and pupil from a CSV of register marks (columns
{", ".join(MARK_COLUMNS)}; optional minutes_late, comment). With --pupils (school_urn,
upn and optionally date_of_birth, admission_date, leaving_date) pupils are measured from
admission to leaving and marks off their roll are rejected; without it a pupil is on roll
from their first mark. With --schools (the settings sent to PUT /v1/schools/{{urn}}, such
as the schools.json of `attendance simulate`) a school that set terms is measured over
its own calendar and its marks on days with no sessions are rejected, as the intake and
the staff pages do; otherwise a school's school days are the days holding its marks.
Weekend marks are always rejected. Bad rows are listed with their line number and never
counted, among them a line that is not UTF-8 (save the file as 'CSV UTF-8'); the other
rows are still read. A column that is not a field of a mark is a warning."""


def _iso_date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers: Any) -> None:
    """Add `stats` to the `attendance` command."""
    parser = subparsers.add_parser(
        "stats", help="attendance figures from a marks CSV, offline", description=_DESCRIPTION)
    parser.add_argument("marks", type=Path, metavar="MARKS.csv", help="canonical marks")
    parser.add_argument("--pupils", type=Path, metavar="PUPILS.csv", help="the roster")
    parser.add_argument("--schools", type=Path, metavar="SCHOOLS.json",
                        help="the schools' settings (terms and closures), as sent to "
                             "PUT /v1/schools/{urn}")
    parser.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD",
                        help=f"the day figures run to (default: the {_FROM_FILE})")
    parser.add_argument("--window", choices=WINDOW_NAMES, default="ytd",
                        help="ytd (from 1 September, default), term, half_term or week")
    parser.add_argument("--format", choices=("json", "table"), default="table",
                        help="table for people (default) or one JSON object")
    parser.set_defaults(handler=run)


def _nothing_accepted(report: dict[str, Any], output_format: str) -> int:
    if output_format == "json":
        print(json.dumps({**report, "window": None, "pupils": [], "schools": []}, indent=2))
    else:
        print("\n".join([*render_warnings(report), *render_rejects(report)]).lstrip("\n"))
    print("attendance stats: no mark was accepted, so there is no as-of date; correct the "
          "rejected rows or pass --as-of", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Load, analyse and print; 2 when a file cannot be used at all."""
    try:
        calendars = load_calendars(args.schools) if args.schools is not None else {}
        roster = load_roster(args.pupils) if args.pupils is not None else None
        marks = load_marks(args.marks, roster, today=date.today(), calendars=calendars)
    except (CsvFileError, SchoolsFileError) as error:
        print(f"attendance stats: {error}", file=sys.stderr)
        return 2
    as_of = args.as_of or marks.latest_date
    head = {"as_of": as_of.isoformat() if as_of else None,
            "as_of_source": "--as-of" if args.as_of else _FROM_FILE,
            "marks_file": str(args.marks),
            "pupils_file": str(args.pupils) if args.pupils is not None else None,
            "schools_file": str(args.schools) if args.schools is not None else None,
            "marks_read": marks.rows, "marks_rejected": len(marks.rejected)}
    rejected = {"rejected": marks.rejected, "warnings": marks.warnings,
                "rejected_pupils": roster.rejected if roster is not None else []}
    if as_of is None:
        return _nothing_accepted({**head, **rejected}, args.format)
    report = {**head, "warnings": marks.warnings,
              **analyse(marks, roster, as_of, args.window, calendars)}
    if args.format == "json":
        print(json.dumps(report, indent=2))
    else:
        note = "" if args.as_of else f" (the {_FROM_FILE}; choose another with --as-of)"
        print(render_table(report, note))
    return 0
