"""Text wording: the plan's default templates, editable per school.

Templates are jinja2 with StrictUndefined, so a missing value fails loudly instead of
sending "Dear ,". A school's own wording (settings: message_schedule.texts.<purpose>)
replaces the default; it is rendered in jinja2's sandbox because staff write it.
Rendering is pure: the same purpose, context and wording always give the same text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from services.comms.model import Purpose

log = logging.getLogger(__name__)
_DEFAULTS = Environment(loader=PackageLoader("services.comms", "templates/texts"),
                        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_OVERRIDES = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@dataclass(frozen=True)
class TextContext:
    """What a text may mention: the school, the children it is about and the day."""

    school_name: str
    children: tuple[str, ...]
    day: date
    head_teacher: str = ""

    def variables(self) -> dict[str, str]:
        return {"school_name": self.school_name, "children": children_text(self.children),
                "day": f"{self.day:%A} {self.day.day} {self.day:%B}",
                "head_teacher": self.head_teacher}


def children_text(names: Sequence[str]) -> str:
    """'Amy', 'Amy and Ben', 'Amy, Ben and Cal'."""
    ordered = list(dict.fromkeys(names))
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " and " + ordered[-1]


def default_text(purpose: Purpose, context: TextContext) -> str:
    """The plan's default wording for `purpose`."""
    template = _DEFAULTS.get_template(f"{purpose}.txt.j2")
    return template.render(context.variables()).strip()


def override_problem(purpose: Purpose, wording: str) -> str | None:
    """What is wrong with a school's own wording for `purpose`, or None when it renders."""
    sample = TextContext("Sample School", ("Sam",), date(2026, 9, 7), "Head")
    try:
        _OVERRIDES.from_string(wording).render(sample.variables())
    except TemplateError as error:
        return (f"the school's wording for {purpose} does not render ({error}); use only "
                "{{ school_name }}, {{ children }}, {{ day }} and {{ head_teacher }}")
    return None


def render_text(purpose: Purpose, context: TextContext,
                school_texts: Mapping[str, str]) -> str:
    """The text to send: the school's own wording when it has one, else the default.

    A school wording that no longer renders falls back to the default (logged without
    personal data), so a typo in settings never stops a text.
    """
    wording = school_texts.get(str(purpose))
    if wording:
        problem = override_problem(purpose, wording)
        if problem is None:
            return _OVERRIDES.from_string(wording).render(context.variables()).strip()
        log.warning("school wording for %s ignored: %s", purpose, problem)
    return default_text(purpose, context)
