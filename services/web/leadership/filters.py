"""The risk register's filters (year group, class, pupil group, band) and its pages.

Parsed from query parameters with errors a member of staff can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

from services.web.leadership.bands import BandName
from services.web.leadership.register import RegisterEntry
from services.web.params import BadParameterError

PupilGroup = Literal["sen", "fsm"]
PUPIL_GROUPS: dict[PupilGroup, str] = {"sen": "SEN (support or EHC plan)",
                                       "fsm": "Free school meals"}
BAND_NAMES: tuple[BandName, ...] = ("severe", "persistent", "meeting", "letter", "leaflet",
                                    "fine", "none")
# 2,000 rows are too many to read (and to send on every reload); pages of 100 are not.
PAGE_SIZE = 100


@dataclass(frozen=True)
class RegisterFilter:
    """What a member of staff chose to see; None means every value."""

    year_group: int | None = None
    reg_group: str | None = None
    group: PupilGroup | None = None
    band: BandName | None = None

    def keeps(self, entry: RegisterEntry) -> bool:
        return ((self.year_group is None or entry.year_group == self.year_group)
                and (self.reg_group is None or entry.reg_group == self.reg_group)
                and (self.group != "sen" or entry.sen)
                and (self.group != "fsm" or entry.fsm)
                and (self.band is None or entry.band == self.band))

    def query(self) -> dict[str, str]:
        """The filter as query parameters (for links that keep it)."""
        values = {"year": self.year_group, "class": self.reg_group, "group": self.group,
                  "band": self.band}
        return {key: str(value) for key, value in values.items() if value is not None}


def parse_filter(year: str | None, reg_group: str | None, group: str | None,
                 band: str | None) -> RegisterFilter:
    """The filter from query parameters; empty values mean "all"."""
    return RegisterFilter(_year(year), (reg_group or "").strip() or None, _group(group),
                          _band(band))


def _year(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if text.lower() in ("r", "reception"):
        return 0
    if not text.isdigit() or int(text) > 14:
        raise BadParameterError("year", f"year must be a year group from 0 (Reception) to "
                                        f"14, not '{text}'")
    return int(text)


def _group(value: str | None) -> PupilGroup | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    if text not in PUPIL_GROUPS:
        raise BadParameterError("group", f"group must be one of {', '.join(PUPIL_GROUPS)}, "
                                         f"not '{text}'")
    return cast(PupilGroup, text)


def _band(value: str | None) -> BandName | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    if text not in BAND_NAMES:
        raise BadParameterError("band", f"band must be one of {', '.join(BAND_NAMES)}, "
                                        f"not '{text}'")
    return cast(BandName, text)


def parse_page(value: str | None) -> int:
    text = (value or "1").strip()
    if not text.isdigit() or int(text) < 1:
        raise BadParameterError("page", f"page must be a whole number from 1, not '{text}'")
    return int(text)


@dataclass(frozen=True)
class RegisterPage:
    """One page of the filtered register."""

    entries: Sequence[RegisterEntry]
    number: int
    count: int  # pages in all
    total: int  # matching entries in all


def page_of(entries: Sequence[RegisterEntry], number: int, size: int = PAGE_SIZE
            ) -> RegisterPage:
    count = max(1, -(-len(entries) // size))
    chosen = min(number, count)
    start = (chosen - 1) * size
    return RegisterPage(entries[start:start + size], chosen, count, len(entries))
