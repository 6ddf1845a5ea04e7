"""The risk register views staff move between on a school morning, for the page bench.

Staff do not reload page 1 of the unfiltered register: they page through it, open each
year group, a class, the severe and persistent bands, the SEN and FSM pupils. Each view
is one URL with the register's own query parameters (`page`, `year`, `class`, `band`,
`group`; services/web/leadership/filters.py), so each is its own cached page body in
the web service. The register has no sort parameter (it is always most concerning
first), so no view sorts.

Pure: the school's pupils in, views out.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from shared.simulator.model import Pupil

# The web's register page size (services/web/leadership/filters.PAGE_SIZE; the unit
# tests hold the two equal, as shared code may not import a service).
REGISTER_PAGE_SIZE = 100
# The bands leaders act on first, and the pupil groups the register filters by.
WATCHED_BANDS = ("severe", "persistent")
PUPIL_GROUPS = ("sen", "fsm")
CLASSES_VISITED = 2
View = TypeVar("View")


@dataclass(frozen=True)
class RegisterView:
    """One view of a school's risk register: a label for the results and its query."""

    label: str
    query: tuple[tuple[str, str], ...] = ()

    def path(self, urn: str) -> str:
        base = f"/schools/{urn}/risk-register"
        return f"{base}?{urlencode(self.query)}" if self.query else base


def register_views(pupils: Sequence[Pupil], page_size: int = REGISTER_PAGE_SIZE
                   ) -> list[RegisterView]:
    """Every page of the unfiltered register, each year group the school has, two
    classes, the watched bands and the pupil groups."""
    if not pupils:
        raise ValueError("the school has no pupils, so its register has no views to load")
    if page_size < 1:
        raise ValueError(f"page size must be at least 1, got {page_size}")
    pages = -(-len(pupils) // page_size)
    views = [RegisterView(f"page {n}", (("page", str(n)),) if n > 1 else ())
             for n in range(1, pages + 1)]
    views += [RegisterView(f"year {year or 'R'}", (("year", str(year)),))
              for year in sorted({p.year_group for p in pupils})]
    views += [RegisterView(f"class {name}", (("class", name),))
              for name in _spread(sorted({p.reg_group for p in pupils}), CLASSES_VISITED)]
    views += [RegisterView(f"band {band}", (("band", band),)) for band in WATCHED_BANDS]
    views += [RegisterView(f"group {group}", (("group", group),)) for group in PUPIL_GROUPS]
    return views


def staff_orders(views: Sequence[View], staff: int, seed: int) -> list[list[View]]:
    """The order each member of staff visits the views in: one shuffled round, each
    starting at a different point of it, so at any moment staff are spread over the
    views (not all on the same one) and over a run every view is asked for alike."""
    if staff < 1:
        raise ValueError(f"staff must be at least 1, got {staff}")
    shuffled = list(views)
    random.Random(seed).shuffle(shuffled)
    orders = []
    for member in range(staff):
        start = member * len(shuffled) // staff
        orders.append(shuffled[start:] + shuffled[:start])
    return orders


def _spread(names: Sequence[str], count: int) -> list[str]:
    """`count` names spread across the list (a younger and an older class, say)."""
    if len(names) <= count:
        return list(names)
    step = len(names) / count
    return [names[int(n * step)] for n in range(count)]
