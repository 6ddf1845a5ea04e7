"""Text wording: the plan's default templates, editable per school.

Templates are jinja2 with StrictUndefined, so a missing value fails loudly instead of
sending "Dear ,". A school's own wording (settings: message_schedule.texts.<wording>)
replaces the default; it is rendered in jinja2's sandbox because staff write it.
A wording is named after its purpose, except the golden-hour nudge sent in the
afternoon (the Thursday 15:30 slot), which looks ahead to the next school day:
`golden_hour_nudge_afternoon`. Texts that look ahead ("on time tomorrow", "welcoming
them back on Monday") name the next school day, from the school's calendar.
Rendering is pure: the same purpose, context and wording always give the same text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from services.comms.model import Purpose

log = logging.getLogger(__name__)
_DEFAULTS = Environment(loader=PackageLoader("services.comms", "templates/texts"),
                        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_OVERRIDES = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
AFTERNOON_NUDGE = "golden_hour_nudge_afternoon"
VARIABLES = ("school_name", "children", "day", "next_school_day", "head_teacher")


@dataclass(frozen=True)
class TextContext:
    """What a text may mention: the school, the children it is about, the day, and the
    school day after it (None: the school's calendar holds none yet)."""

    school_name: str
    children: tuple[str, ...]
    day: date
    head_teacher: str = ""
    next_school_day: date | None = None
    afternoon: bool = False  # sent after midday

    def variables(self) -> dict[str, str]:
        return {"school_name": self.school_name, "children": children_text(self.children),
                "day": f"{self.day:%A} {self.day.day} {self.day:%B}",
                "next_school_day": day_ahead(self.day, self.next_school_day),
                "head_teacher": self.head_teacher}


def day_ahead(day: date, following: date | None) -> str:
    """The next school day as a parent reads it on `day`: 'tomorrow', 'on Monday',
    'on Monday 2 November' (more than a week on), or 'next term' when not known."""
    if following is None:
        return "next term"
    if following == day + timedelta(days=1):
        return "tomorrow"
    if following < day + timedelta(days=7):
        return f"on {following:%A}"
    return f"on {following:%A} {following.day} {following:%B}"


def wording_name(purpose: Purpose, context: TextContext) -> str:
    """Which wording a text uses: its purpose's, or the afternoon nudge's."""
    if purpose is Purpose.GOLDEN_HOUR_NUDGE and context.afternoon:
        return AFTERNOON_NUDGE
    return str(purpose)


def children_text(names: Sequence[str]) -> str:
    """'Amy', 'Amy and Ben', 'Amy, Ben and Cal'."""
    ordered = list(dict.fromkeys(names))
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " and " + ordered[-1]


def default_text(purpose: Purpose, context: TextContext) -> str:
    """The plan's default wording for `purpose` (and the time of day it goes)."""
    template = _DEFAULTS.get_template(f"{wording_name(purpose, context)}.txt.j2")
    return template.render(context.variables()).strip()


def override_problem(name: Purpose | str, wording: str) -> str | None:
    """What is wrong with a school's own wording `name`, or None when it renders."""
    sample = TextContext("Sample School", ("Sam",), date(2026, 9, 7), "Head",
                         date(2026, 9, 8))
    try:
        _OVERRIDES.from_string(wording).render(sample.variables())
    except TemplateError as error:
        allowed = ", ".join("{{ " + variable + " }}" for variable in VARIABLES)
        return (f"the school's wording for {name} does not render ({error}); use only "
                f"{allowed}")
    return None


def render_text(purpose: Purpose, context: TextContext,
                school_texts: Mapping[str, str]) -> str:
    """The text to send: the school's own wording when it has one, else the default.

    A school wording that no longer renders falls back to the default (logged without
    personal data), so a typo in settings never stops a text.
    """
    name = wording_name(purpose, context)
    wording = school_texts.get(name)
    if wording:
        problem = override_problem(name, wording)
        if problem is None:
            return _OVERRIDES.from_string(wording).render(context.variables()).strip()
        log.warning("school wording for %s ignored: %s", name, problem)
    return default_text(purpose, context)
