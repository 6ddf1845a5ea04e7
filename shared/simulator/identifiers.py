"""Identifiers for synthetic records: URNs, UPNs with a correct check letter, phones.

Phone numbers come only from Ofcom's drama range 07700 900000-900999, so a message
sent from synthetic data can never reach a real person.
"""

from __future__ import annotations

import random

_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# A trailing letter of a temporary UPN takes its value from this table (DOMAIN.md s.5).
_VALUES = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"
# Local-authority numbers that exist (python-stdnum checks them).
LA_CODES = ("330", "373", "380", "800", "801", "802", "803", "850", "873", "886")
DRAMA_RANGE_FIRST = 900000
DRAMA_RANGE_LAST = 900999


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for positions 2 to 13 of a UPN."""
    total = sum(position * _VALUES.index(char)
                for position, char in enumerate(last_twelve, start=2))
    return _CHECK_LETTERS[total % 23]


def make_upn(la_code: str, establishment: str, year: int, serial: int,
             temporary_letter: str | None = None) -> str:
    """A UPN from its parts; a temporary UPN ends in a letter instead of a digit."""
    body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
    if temporary_letter is not None:
        body = body[:-1] + temporary_letter
    return upn_check_letter(body) + body


def drama_phone(rng: random.Random) -> str:
    """A mobile number from the range reserved for drama and testing."""
    return f"07700 {rng.randint(DRAMA_RANGE_FIRST, DRAMA_RANGE_LAST)}"


def is_drama_phone(phone: str) -> bool:
    """True when the number lies in 07700 900000-900999 (spaces ignored)."""
    digits = phone.replace(" ", "")
    return (len(digits) == 11 and digits.startswith("07700") and digits[5:].isdigit()
            and DRAMA_RANGE_FIRST <= int(digits[5:]) <= DRAMA_RANGE_LAST)


class UpnAllocator:
    """Hands out unique UPNs, as the school where each pupil first joined would have.

    Serials step by small random gaps; when an establishment's serials for a year run
    out, allocation moves on to the next establishment number.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next_serial: dict[tuple[str, str, int, bool], int] = {}

    def allocate(self, la_code: str, establishment: str, year: int,
                 temporary: bool = False) -> str:
        # Temporary UPNs have a two-digit serial and a letter in place of the last digit.
        limit = 99 if temporary else 999
        key = (la_code, establishment, year, temporary)
        serial = self._next_serial.get(key, self._rng.randint(1, 9))
        if serial > limit:
            following = f"{(int(establishment) + 1) % 10000:04d}"
            return self.allocate(la_code, following, year, temporary)
        self._next_serial[key] = serial + self._rng.randint(1, 3)
        if temporary:
            return make_upn(la_code, establishment, year, serial * 10,
                            self._rng.choice(_CHECK_LETTERS))
        return make_upn(la_code, establishment, year, serial)
