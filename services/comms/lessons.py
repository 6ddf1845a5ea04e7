"""Days missed as lessons missed, from the school's timetable (action 4.3).

"5 days missed = 5 English lessons, 5 maths lessons...": a subject taught N lessons a
week is taught N/5 lessons a day. Pure arithmetic on exact fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from services.comms.model import Subject

SCHOOL_DAYS_PER_WEEK = 5


@dataclass(frozen=True)
class LessonsMissed:
    subject: str
    lessons: int


def days_missed(absent_sessions: int) -> Fraction:
    """Two sessions make a school day."""
    return Fraction(absent_sessions, 2)


def days_text(days: Fraction) -> str:
    """'5 days', '1 day', '3½ days'."""
    whole, half = divmod(days, 1)
    number = f"{int(whole)}½" if half else str(int(whole))
    if number.startswith("0½"):
        number = "½"
    return f"{number} day" if days == 1 else f"{number} days"


def lessons_missed(days: Fraction, subjects: Sequence[Subject]) -> list[LessonsMissed]:
    """Lessons of each subject missed in `days`, rounded to whole lessons (half up).

    Subjects with no lesson missed are left out; the timetable's order is kept.
    """
    missed = []
    for subject in subjects:
        exact = days * Fraction(subject.lessons_per_week, SCHOOL_DAYS_PER_WEEK)
        lessons = int(exact + Fraction(1, 2))
        if lessons > 0:
            missed.append(LessonsMissed(subject.name, lessons))
    return missed


def lessons_sentence(days: Fraction, subjects: Sequence[Subject]) -> str:
    """'5 days missed = 5 English lessons, 5 maths lessons and 2 science lessons'."""
    parts = [f"{m.lessons} {m.subject} lesson{'s' if m.lessons != 1 else ''}"
             for m in lessons_missed(days, subjects)]
    if not parts:
        return f"{days_text(days)} missed"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{days_text(days)} missed = {listed}"
