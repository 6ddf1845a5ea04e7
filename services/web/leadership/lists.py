"""Leaders' working lists, built from the register (pure: entries, thresholds, notes in).

- the vulnerable pupil register (4.9): every PA pupil, with a narrative or marked as
  missing one, plus pupils added in the 90-92% band;
- the half-termly meetings (5.1, 5.2): the ten lowest of compulsory school age, and the
  round-up of pupils below the meeting threshold who are not improving;
- the transition watch-list (5.6) and mentoring groups (6.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from services.web.leadership.notes import Note
from services.web.leadership.register import RegisterEntry, lowest_first
from shared.kernel import Thresholds, attendance_below

TEN_LOWEST = 10
# The plan's priority in the round-up: the 4 points under the meeting threshold (88-92%).
PRIORITY_BAND_POINTS = 4
TRANSITION_YEARS = frozenset({6, 11})
MENTORING_GROUP_SIZE = 8
_PA_BANDS = frozenset({"persistent", "severe"})


@dataclass(frozen=True)
class VulnerableEntry:
    """A pupil on the vulnerable register with their narrative's versions, newest first."""

    entry: RegisterEntry
    versions: Sequence[Note]
    required: bool  # PA: a narrative is required, not optional

    @property
    def latest(self) -> Note | None:
        return self.versions[0] if self.versions else None


@dataclass(frozen=True)
class VulnerableRegister:
    entries: list[VulnerableEntry]
    candidates: list[RegisterEntry]  # 90-92%, not yet on the register

    @property
    def missing(self) -> int:
        return sum(1 for item in self.entries if item.latest is None)


def current_roll(entries: Sequence[RegisterEntry], as_of: date) -> list[RegisterEntry]:
    """Pupils still on roll on as_of (leavers drop out of current lists)."""
    return [entry for entry in entries if entry.on_roll(as_of)]


def vulnerable_register(entries: Sequence[RegisterEntry], narratives: dict[str, list[Note]],
                        as_of: date) -> VulnerableRegister:
    """PA pupils and pupils with a narrative; 90-92% pupils without one are candidates."""
    on_roll = current_roll(entries, as_of)
    listed = [VulnerableEntry(e, narratives.get(e.upn, []), e.band in _PA_BANDS)
              for e in on_roll if e.band in _PA_BANDS or e.upn in narratives]
    candidates = [e for e in on_roll if e.band == "meeting" and e.upn not in narratives]
    return VulnerableRegister(listed, candidates)


def ten_lowest(entries: Sequence[RegisterEntry], as_of: date) -> list[RegisterEntry]:
    """The ten lowest-attending pupils of compulsory school age on roll (5.1)."""
    of_age = [e for e in current_roll(entries, as_of) if e.compulsory_school_age]
    return lowest_first(of_age)[:TEN_LOWEST]


def round_up(entries: Sequence[RegisterEntry], thresholds: Thresholds, as_of: date
             ) -> tuple[list[RegisterEntry], list[RegisterEntry]]:
    """Pupils below the meeting threshold and not improving (5.2): the priority band
    (within PRIORITY_BAND_POINTS under the threshold) first, then everyone lower."""
    floor = Fraction(str(thresholds.meeting_below_pct)) - PRIORITY_BAND_POINTS
    priority: list[RegisterEntry] = []
    lower: list[RegisterEntry] = []
    for entry in lowest_first(current_roll(entries, as_of)):
        figures = entry.figures
        below = attendance_below(figures.present + figures.aea, figures.possible,
                                 thresholds.meeting_below_pct)
        if not below or entry.trend == "improving":
            continue
        in_priority = entry.attendance is not None and entry.attendance * 100 >= floor
        (priority if in_priority else lower).append(entry)
    return priority, lower


def joined_mid_year(entry: RegisterEntry, first_school_day: date | None) -> bool:
    admitted = entry.admission_date
    return admitted is not None and first_school_day is not None and admitted > first_school_day


def transition_watch(entries: Sequence[RegisterEntry], thresholds: Thresholds, as_of: date,
                     first_school_day: date | None) -> list[RegisterEntry]:
    """Year 6 and Year 11 pupils, and pupils who joined mid-year, below the letter
    threshold (5.6), lowest first."""
    return [e for e in lowest_first(current_roll(entries, as_of))
            if (e.year_group in TRANSITION_YEARS or joined_mid_year(e, first_school_day))
            and _below(e, thresholds.letter_below_pct)]


def mentoring_groups(entries: Sequence[RegisterEntry], thresholds: Thresholds, as_of: date
                     ) -> list[tuple[str, list[RegisterEntry]]]:
    """Pupils not PA but below the letter threshold (90-95%), in groups of up to
    MENTORING_GROUP_SIZE per year group (6.1), each group lowest first."""
    by_year: dict[int | None, list[RegisterEntry]] = {}
    for entry in lowest_first(current_roll(entries, as_of)):
        if entry.band not in _PA_BANDS and _below(entry, thresholds.letter_below_pct):
            by_year.setdefault(entry.year_group, []).append(entry)
    groups = []
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        pupils = by_year[year]
        chunks = [pupils[i:i + MENTORING_GROUP_SIZE]
                  for i in range(0, len(pupils), MENTORING_GROUP_SIZE)]
        for number, chunk in enumerate(chunks, start=1):
            groups.append((f"{_year_label(year)}, group {number} of {len(chunks)}", chunk))
    return groups


def _below(entry: RegisterEntry, pct: float) -> bool:
    figures = entry.figures
    return attendance_below(figures.present + figures.aea, figures.possible, pct)


def _year_label(year: int | None) -> str:
    if year is None:
        return "Year group not known"
    return "Reception" if year == 0 else f"Year {year}"
