"""Who the clock-driven nudge texts go to, by the kernel's one rule (shared.kernel.nudges):
the golden-hour cohort's "text" families (1.1) and the Friday pattern (7.4).

Pure: this module only turns comms' own copies (roster, day codes, the numbers that
replied STOP, the office's calls) into the plain facts the kernel's rule reads, as the
office's golden-hour list does from the web's read model, so the families texted are
exactly the list's "text" families and a family the list gives a call gets no text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from services.comms.model import Pupil
from services.comms.rules import may_text
from shared.kernel import SchoolCalendar
from shared.kernel.families import families
from shared.kernel.nudges import (
    FRIDAY,
    TEXT,
    CallMade,
    Nudge,
    NudgeDays,
    NudgeFacts,
    NudgeRule,
    PatternRule,
    day_absent,
    nudge_cohort,
    on_approved_activity,
    sessions_attended,
    unreached_lately,
)
from shared.kernel.texting import OptedOut

DayCodes = Mapping[date, Sequence[str]]


def contact_phones(pupil: Pupil) -> list[str]:
    """Phones of the contacts the school may use (never a do-not-contact one)."""
    return [c.phone for c in pupil.contacts if c.phone and not c.do_not_contact]


def may_be_texted(pupil: Pupil, opted_out: OptedOut) -> bool:
    """Some contact may be texted (the rule the texts themselves are sent by)."""
    return any(may_text(contact, opted_out) for contact in pupil.contacts)


def absent_days(days: DayCodes, school_days: Iterable[date]) -> frozenset[date]:
    return frozenset(day for day in school_days if day_absent(days.get(day, ())))


def golden_hour_cohort(pupils: Sequence[Pupil], history: Mapping[str, DayCodes],
                       calendar: SchoolCalendar, days: NudgeDays,
                       calls: Iterable[CallMade], rule: NudgeRule,
                       opted_out: OptedOut) -> list[Nudge]:
    """The golden-hour cohort of the pupils on roll, with each family's text or call;
    `opted_out` holds the numbers that replied STOP (and not START since)."""
    family_of = families({pupil.upn: contact_phones(pupil) for pupil in pupils})
    unreached = unreached_lately(calls, days)
    year = calendar.school_days(days.year_start, days.previous)
    facts = []
    for pupil in pupils:
        codes = history.get(pupil.upn, {})
        attended, possible = sessions_attended(codes, year)
        facts.append(NudgeFacts(pupil.upn, family_of[pupil.upn], attended, possible,
                                absent_days(codes, days.recent),
                                may_be_texted(pupil, opted_out), pupil.upn in unreached,
                                on_approved_activity(codes.get(days.day, ()))))
    return nudge_cohort(facts, days, rule)


def to_text(cohort: Iterable[Nudge]) -> set[str]:
    """UPNs whose family gets the nudge text (never those whose family gets a call)."""
    return {nudge.upn for nudge in cohort if nudge.channel == TEXT}


def friday_pattern(days: DayCodes, calendar: SchoolCalendar, today: date,
                   pattern: PatternRule) -> bool:
    """The Friday pattern (7.4) over the school's Fridays before `today`."""
    school_days = calendar.school_days(today - pattern.lookback, today - timedelta(days=1))
    return pattern.shown(FRIDAY, absent_days(days, school_days), school_days)
