"""The pure attendance kernel: codes, marks, pupils, calendars, windows and figures.

No I/O and no clock: the as-of date and the school calendar are always arguments.
"""

from shared.kernel.calendar import SchoolCalendar, Term, week_start
from shared.kernel.codes import (
    ALL_CODES,
    LEGACY_CUTOFF,
    NO_MARK,
    Category,
    category_of,
    counts_as_possible,
    normalise_code,
)
from shared.kernel.errors import FieldError, MarkError
from shared.kernel.figures import (
    Figures,
    percentage,
    pupil_figures,
    unauthorised_in_last_school_weeks,
)
from shared.kernel.marks import (
    SESSIONS,
    Mark,
    Session,
    check_mark_context,
    latest_marks,
    parse_date,
    parse_mark,
    supersedes,
)
from shared.kernel.pupils import (
    Enrolment,
    compulsory_school_age_ends,
    compulsory_school_age_starts,
    is_compulsory_school_age,
)
from shared.kernel.report import pupil_report, school_reports, school_summary
from shared.kernel.upn import normalise_upn
from shared.kernel.windows import (
    WINDOW_NAMES,
    Window,
    WindowName,
    academic_year_start,
    last_school_weeks,
    window_for,
)

__all__ = [
    "ALL_CODES",
    "LEGACY_CUTOFF",
    "NO_MARK",
    "SESSIONS",
    "WINDOW_NAMES",
    "Category",
    "Enrolment",
    "FieldError",
    "Figures",
    "Mark",
    "MarkError",
    "SchoolCalendar",
    "Session",
    "Term",
    "Window",
    "WindowName",
    "academic_year_start",
    "category_of",
    "check_mark_context",
    "compulsory_school_age_ends",
    "compulsory_school_age_starts",
    "counts_as_possible",
    "is_compulsory_school_age",
    "last_school_weeks",
    "latest_marks",
    "normalise_code",
    "normalise_upn",
    "parse_date",
    "parse_mark",
    "percentage",
    "pupil_figures",
    "pupil_report",
    "school_reports",
    "school_summary",
    "supersedes",
    "unauthorised_in_last_school_weeks",
    "week_start",
    "window_for",
]
