"""Letters and leaflets as PDFs: jinja2 HTML templates rendered by WeasyPrint.

Rendering the HTML is pure (StrictUndefined: a missing value fails instead of printing a
gap); turning it into a PDF is CPU work, so callers in the event loop run it in a thread.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from weasyprint import HTML

from services.comms.lessons import days_text, lessons_missed, lessons_sentence
from services.comms.letter_text import html_to_text
from services.comms.letters import Letter, LetterKind
from services.comms.model import SchoolPolicy

_LETTERS = Environment(loader=PackageLoader("services.comms", "templates/letters"),
                       undefined=StrictUndefined, autoescape=select_autoescape(["j2"]))


def letter_html(letter: Letter) -> str:
    """The letter as HTML, from its kind's template, its context and the staff note."""
    return wording_html(letter.kind, letter.context, letter.note)


def wording_html(kind: LetterKind, context: dict[str, Any], note: str) -> str:
    template = _LETTERS.get_template(f"{kind}.html.j2")
    return template.render({**context, "note": note})


def wording_text(kind: LetterKind, context: dict[str, Any], note: str) -> str:
    """The letter's whole wording as plain text: what its PDF says, paragraph by paragraph."""
    return html_to_text(wording_html(kind, context, note))


def pdf_bytes(html: str) -> bytes:
    """A PDF of `html` (A4, fonts from the system)."""
    return HTML(string=html).write_pdf()


def common_context(policy: SchoolPolicy, child_name: str, letter_date: str) -> dict[str, Any]:
    return {"school_name": policy.name, "head_teacher": policy.head_teacher,
            "child_name": child_name, "letter_date": letter_date,
            "greeting": f"Dear Parent/Carer of {child_name}"}


def attendance_context(policy: SchoolPolicy, child_name: str, letter_date: str,
                       detail: dict[str, Any]) -> dict[str, Any]:
    """Context of the leaflet and the head-teacher letter from a signal's figures."""
    absent = int(detail.get("authorised", 0)) + int(detail.get("unauthorised", 0))
    days = Fraction(absent, 2)
    return {**common_context(policy, child_name, letter_date),
            "attendance_pct": detail.get("attendance_pct"),
            "threshold_pct": _number(detail.get("threshold_pct", 96)),
            "window": figures_window(detail.get("window_start"), detail.get("as_of")),
            "days_missed": days_text(days),
            "lessons_sentence": lessons_sentence(days, policy.subjects),
            "lessons": [{"subject": m.subject, "lessons": m.lessons}
                        for m in lessons_missed(days, policy.subjects)]}


def figures_window(start: str | None, as_of: str | None) -> str | None:
    """'2 September and 7 October 2026': the days the figures cover, as of the last.

    None for figures stored before they carried their window (the letter then says
    "this school year" without dates).
    """
    if not start or not as_of:
        return None
    first, last = date.fromisoformat(start), date.fromisoformat(as_of)
    first_text = f"{first.day} {first:%B}" + (f" {first.year}" if first.year != last.year else "")
    return f"{first_text} and {last.day} {last:%B %Y}"


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)
