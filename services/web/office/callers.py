"""Families and their caller: the same member of staff rings the same family every day.

A family is the pupils sharing a contact phone (shared.kernel.families). The caller is chosen by
rendezvous hashing of the family key over the school's callers: the same family keeps
the same caller across days, and adding or removing a caller moves only the families
that caller gains or loses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from services.web.office.inputs import OfficePupil
from shared.kernel.families import families as kernel_families


def families(pupils: Iterable[OfficePupil]) -> dict[str, str]:
    """Each pupil's family key (UPN -> key), linking pupils through shared phones (the
    kernel's grouping, which comms uses too)."""
    return kernel_families({pupil.upn: [c.phone for c in pupil.contacts]
                            for pupil in pupils})


def caller_for(family_key: str, callers: Sequence[str]) -> str:
    """The caller with the highest hash of (caller, family): stable across days."""
    def weight(caller: str) -> bytes:
        return hashlib.sha256(f"{caller}\x1f{family_key}".encode()).digest()

    return max(callers, key=weight)
