"""The pure attendance kernel: codes, marks, pupils, calendars, windows and figures.

No I/O and no clock: the as-of date and the school calendar are always arguments.
"""

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
from shared.kernel.upn import normalise_upn

__all__ = [
    "ALL_CODES",
    "LEGACY_CUTOFF",
    "NO_MARK",
    "SESSIONS",
    "Category",
    "Enrolment",
    "FieldError",
    "Mark",
    "MarkError",
    "Session",
    "category_of",
    "check_mark_context",
    "compulsory_school_age_ends",
    "compulsory_school_age_starts",
    "counts_as_possible",
    "is_compulsory_school_age",
    "latest_marks",
    "normalise_code",
    "normalise_upn",
    "parse_date",
    "parse_mark",
    "supersedes",
]
