"""Families and their caller: the same member of staff rings the same family every day.

A family is the pupils sharing a contact phone (linked through any shared number).
Its key is its smallest phone number, so it does not change from day to day; a pupil
without a phone number is a family on their own, keyed by UPN. The caller is chosen by
rendezvous hashing of the family key over the school's callers: the same family keeps
the same caller across days, and adding or removing a caller moves only the families
that caller gains or loses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from services.web.office.inputs import OfficePupil


def families(pupils: Iterable[OfficePupil]) -> dict[str, str]:
    """Each pupil's family key (UPN -> key), linking pupils through shared phones."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    phones_of: dict[str, list[str]] = {}
    for pupil in pupils:
        phones = sorted({key for c in pupil.contacts if (key := c.phone_key)})
        phones_of[pupil.upn] = phones
        for phone in phones:
            parent[root(phone)] = root(phones[0])
    smallest: dict[str, str] = {}
    for phone in list(parent):
        top = root(phone)
        smallest[top] = min(smallest.get(top, phone), phone)
    return {upn: f"tel:{smallest[root(phones[0])]}" if phones else f"upn:{upn}"
            for upn, phones in phones_of.items()}


def caller_for(family_key: str, callers: Sequence[str]) -> str:
    """The caller with the highest hash of (caller, family): stable across days."""
    def weight(caller: str) -> bytes:
        return hashlib.sha256(f"{caller}\x1f{family_key}".encode()).digest()

    return max(callers, key=weight)
