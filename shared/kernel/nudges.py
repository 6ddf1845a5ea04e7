"""The golden-hour nudge cohort (action 1.1) and the weekday patterns behind it and the
Thursday-evening text (7.4): one rule, so the office's list is exactly who comms texts.

Pure: the school's calendar, its rule and each pupil's facts arrive as plain data; the
web's list and the comms job each gather the facts from their own copy of the registers
and ask these functions who is in.

Rule, with the action plan's defaults (each school may set its own: nudge_settings):
- The cohort for a school day: pupils on roll whose attendance this school year, up to
  the previous school day, is below 95%; or who were absent on the previous school day;
  or who show a Monday or Friday pattern: absent on 2 or more of the last 6 school
  Mondays (or Fridays) up to the previous school day.
- Left out: a pupil marked with an approved educational activity (K, V, P, W or B: a
  trip, sport, work experience, provision elsewhere) in either session of the day
  itself. They are expected somewhere the school arranged, so nobody nudges them: no
  text and no call, and they make no call for their brothers or sisters either.
- Text or call, decided per family (pupils sharing a contact phone): the family gets a
  call when any of its pupils in the cohort is below 90%, was rung by the office in the
  10 school days before the day without anyone being reached, or has no contact who may
  be texted (shared.kernel.texting: texts allowed, a phone number, and that number has
  not replied STOP, or has replied START since). Every other family gets a text; a
  family that gets a call gets no text.
- The Thursday-evening text (7.4) goes to families whose child shows the Friday pattern
  above, counted up to the day before the text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.kernel.calendar import SchoolCalendar
from shared.kernel.codes import Category, category_of, counts_as_possible
from shared.kernel.thresholds import attendance_below
from shared.kernel.windows import academic_year_start

MONDAY, FRIDAY = 0, 4
WEEKDAY_NAMES = {MONDAY: "Monday", FRIDAY: "Friday"}
TEXT, CALL = "text", "call"
SIBLING_CALL = "the family gets a call about a brother or sister"
UNREACHED_SCHOOL_DAYS = 10
# Weeks looked back beyond the pattern's own: half-terms and closures hold no school day.
PATTERN_SLACK_WEEKS = 4
# How far back the previous school day is looked for (a summer holiday is shorter).
PREVIOUS_DAY_SEARCH = timedelta(days=400)
_ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)
_ATTENDED = (Category.PRESENT, Category.AEA)


@dataclass(frozen=True)
class PatternRule:
    """A weekday pattern: absent on `absences` or more of the last `weeks` school days
    falling on that weekday."""

    absences: int = 2
    weeks: int = 6

    @property
    def lookback(self) -> timedelta:
        return timedelta(weeks=self.weeks + PATTERN_SLACK_WEEKS)

    def shown(self, weekday: int, absent_days: Collection[date],
              school_days: Sequence[date]) -> bool:
        """Whether the pattern shows on `weekday` among `school_days` (oldest first)."""
        days = [day for day in school_days if day.weekday() == weekday][-self.weeks:]
        return sum(1 for day in days if day in absent_days) >= self.absences

    def stated(self, weekday: int) -> str:
        return (f"absent on {self.absences} or more of the last {self.weeks} school "
                f"{WEEKDAY_NAMES[weekday]}s")


@dataclass(frozen=True)
class NudgeRule:
    """Who is in the golden-hour cohort and which families get a call instead of a text."""

    below_pct: float = 95
    absent_yesterday: bool = True
    weekday_pattern: bool = True
    call_below_pct: float = 90
    pattern: PatternRule = field(default_factory=PatternRule)

    def cohort_stated(self) -> str:
        """Who is on the list, as staff read it."""
        clauses = [f"attendance below {self.below_pct:g}% this school year (up to the "
                   "previous school day)"]
        if self.absent_yesterday:
            clauses.append("absent on the previous school day")
        if self.weekday_pattern:
            clauses.append(f"a Monday or Friday pattern ({self.pattern.stated(MONDAY)}, or "
                           f"of the last {self.pattern.weeks} school Fridays)")
        listed = clauses[0] if len(clauses) == 1 else (
            ", ".join(clauses[:-1]) + ", or " + clauses[-1])
        return (f"Pupils on roll with {listed}. A pupil marked with an approved "
                "educational activity that day (a trip, sport, work experience: K, V, P, W "
                "or B) is left out.")

    def channel_stated(self) -> str:
        """Who gets a call rather than a text, as staff read it."""
        return (f"A family (pupils sharing a contact phone) gets a call, and no text, when "
                f"any of its pupils on the list is below {self.call_below_pct:g}%, was rung "
                f"by the office in the {UNREACHED_SCHOOL_DAYS} school days before without "
                "anyone being reached, or has no contact who may be texted (texts allowed "
                "and the number has not replied STOP); every other family gets a nudge "
                "text.")


def friday_text_stated(pattern: PatternRule) -> str:
    """The Thursday-evening text's rule (7.4), as staff read it."""
    return ("Thursday evening texts go to families whose child missed "
            f"{pattern.absences} or more of the last {pattern.weeks} school Fridays.")


def expects_pupils(calendar: SchoolCalendar, day: date) -> bool:
    """Whether `day` is a school day. A calendar inferred from marks knows a day only
    once its registers arrive, so there a weekday after the last marked day counts: the
    golden hour comes before this morning's registers."""
    if calendar.is_school_day(day):
        return True
    marked = calendar.marked_days
    if not marked:
        return False
    return day.weekday() < 5 and day > max(marked)


@dataclass(frozen=True)
class NudgeDays:
    """The days the cohort for `day` looks at."""

    day: date
    previous: date
    recent: tuple[date, ...]  # school days over the pattern's look-back, to `previous`

    @property
    def year_start(self) -> date:
        """Attendance "this school year" runs from here to `previous`."""
        return academic_year_start(self.previous)

    @property
    def history_start(self) -> date:
        """The first day whose registers the cohort reads."""
        return min(self.year_start, self.recent[0] if self.recent else self.previous)

    def unreached_window(self) -> tuple[date, date]:
        """The school days whose unanswered calls make a family a call."""
        days = self.recent[-UNREACHED_SCHOOL_DAYS:]
        return (days[0] if days else self.previous), self.previous


def nudge_days(calendar: SchoolCalendar, day: date, pattern: PatternRule) -> NudgeDays | None:
    """The days behind the cohort for `day`; None when there is no golden hour that day
    (not a school day, or no school day before it to go by)."""
    if not expects_pupils(calendar, day):
        return None
    earlier = calendar.school_days(day - PREVIOUS_DAY_SEARCH, day - timedelta(days=1))
    if not earlier:
        return None
    previous = earlier[-1]
    recent = calendar.school_days(previous - pattern.lookback, previous)
    return NudgeDays(day, previous, tuple(recent))


@dataclass(frozen=True)
class NudgeFacts:
    """What the rule needs to know about one pupil on roll."""

    upn: str
    family: str
    attended: int  # present and approved-activity sessions, this school year to `previous`
    possible: int
    absent_days: frozenset[date]  # school days with an absence in either session
    may_be_texted: bool  # some contact may be texted: shared.kernel.texting.may_text
    unreached: bool  # rung lately and never reached: see unreached_lately
    approved_activity: bool  # an AEA code on the day itself: see on_approved_activity


@dataclass(frozen=True)
class Nudge:
    """One pupil in the cohort: why, and whether their family gets a text or a call."""

    upn: str
    family: str
    reasons: tuple[str, ...]
    channel: str  # TEXT or CALL
    channel_reason: str


@dataclass(frozen=True)
class CallMade:
    """One call the office recorded: which pupil, the school day, what happened."""

    upn: str
    day: date
    outcome: str  # "reached", "no_answer", "wrong_number", "message_left"


def unreached_lately(calls: Iterable[CallMade], days: NudgeDays) -> set[str]:
    """UPNs rung in the last school days before the day without anyone reached once."""
    first, last = days.unreached_window()
    outcomes: dict[str, set[str]] = {}
    for call in calls:
        if first <= call.day <= last:
            outcomes.setdefault(call.upn, set()).add(call.outcome)
    return {upn for upn, seen in outcomes.items() if "reached" not in seen}


def day_absent(codes: Iterable[str]) -> bool:
    """Absent (authorised or unauthorised) in at least one session of the day."""
    return any(category_of(code) in _ABSENT for code in codes)


def on_approved_activity(codes: Iterable[str]) -> bool:
    """Marked with an approved educational activity (AEA) in at least one session."""
    return any(category_of(code) is Category.AEA for code in codes)


def sessions_attended(day_codes: Mapping[date, Sequence[str]],
                      school_days: Iterable[date]) -> tuple[int, int]:
    """(attended, possible) sessions over `school_days` from each day's latest codes:
    as the kernel's pupil figures count them (no mark is neither)."""
    attended = possible = 0
    for day in school_days:
        for code in day_codes.get(day, ()):
            category = category_of(code)
            possible += counts_as_possible(category)
            attended += category in _ATTENDED
    return attended, possible


def nudge_cohort(pupils: Iterable[NudgeFacts], days: NudgeDays,
                 rule: NudgeRule) -> list[Nudge]:
    """The golden-hour cohort for `days.day`, in the order the pupils came."""
    found = [(pupil, reasons) for pupil in pupils
             if (reasons := cohort_reasons(pupil, days, rule))]
    own_call = {pupil.upn: _call_reason(pupil, rule) for pupil, _ in found}
    called_families = {pupil.family for pupil, _ in found if own_call[pupil.upn]}
    nudges = []
    for pupil, reasons in found:
        why = own_call[pupil.upn]
        if why:
            channel = CALL
        elif pupil.family in called_families:
            channel, why = CALL, SIBLING_CALL
        else:
            channel, why = TEXT, "nudge text"
        nudges.append(Nudge(pupil.upn, pupil.family, reasons, channel, why))
    return nudges


def cohort_reasons(pupil: NudgeFacts, days: NudgeDays, rule: NudgeRule) -> tuple[str, ...]:
    """Why the pupil is in the cohort (empty: they are not)."""
    if pupil.approved_activity:
        return ()
    reasons = []
    if attendance_below(pupil.attended, pupil.possible, rule.below_pct):
        reasons.append(f"attendance below {rule.below_pct:g}% this year")
    if rule.absent_yesterday and days.previous in pupil.absent_days:
        previous = days.previous
        reasons.append(f"absent on {previous:%A} {previous.day} {previous:%B}")
    if rule.weekday_pattern:
        reasons += [f"{name} pattern" for weekday, name in WEEKDAY_NAMES.items()
                    if rule.pattern.shown(weekday, pupil.absent_days, days.recent)]
    return tuple(reasons)


def _call_reason(pupil: NudgeFacts, rule: NudgeRule) -> str | None:
    if attendance_below(pupil.attended, pupil.possible, rule.call_below_pct):
        return f"attendance below {rule.call_below_pct:g}%"
    if pupil.unreached:
        return "not reached by recent calls"
    if not pupil.may_be_texted:
        return "no contact may receive texts"
    return None
