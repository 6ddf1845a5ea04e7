"""Query parameters of the pages and the read API, checked with errors people can act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, cast

from shared.kernel import WINDOW_NAMES, WindowName, parse_date

SortKey = Literal["name", "year", "attendance", "unauthorised"]
SORT_KEYS: tuple[SortKey, ...] = ("name", "year", "attendance", "unauthorised")


class BadParameterError(ValueError):
    """A query parameter a caller can correct: which one, and what is wrong with it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_window(value: str | None) -> WindowName:
    text = (value or "ytd").strip()
    if text not in WINDOW_NAMES:
        raise BadParameterError("window", f"window must be one of {', '.join(WINDOW_NAMES)}, "
                                          f"not '{text}'")
    return cast(WindowName, text)


def parse_as_of(value: str | None) -> date | None:
    """None (the default: the school's latest day with marks) or a YYYY-MM-DD date."""
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value.strip())
    except ValueError as error:
        raise BadParameterError("as_of", f"as_of: {error}") from None


@dataclass(frozen=True)
class Sort:
    """How the pupil list is ordered; each key has the order staff usually want first."""

    key: SortKey
    descending: bool

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "order": "desc" if self.descending else "asc"}


# Lowest attendance and most unauthorised sessions first: who needs attention.
_DEFAULT_DESCENDING = {"name": False, "year": False, "attendance": False, "unauthorised": True}


def parse_sort(key: str | None, order: str | None) -> Sort:
    text = (key or "name").strip()
    if text not in SORT_KEYS:
        raise BadParameterError("sort", f"sort must be one of {', '.join(SORT_KEYS)}, "
                                        f"not '{text}'")
    sort_key = cast(SortKey, text)
    if order is None or not order.strip():
        return Sort(sort_key, _DEFAULT_DESCENDING[sort_key])
    if order.strip() not in ("asc", "desc"):
        raise BadParameterError("order", f"order must be asc or desc, not '{order.strip()}'")
    return Sort(sort_key, order.strip() == "desc")
