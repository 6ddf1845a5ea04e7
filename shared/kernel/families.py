"""Families: the pupils who share a contact phone, so the office rings each family once.

A family is the pupils linked through any shared number (a brother and sister sharing
their father's phone are one family even if only one of them lists their mother's).
Its key is its smallest phone number, so it does not change from day to day; a pupil
without a phone number is a family on their own, keyed by UPN. Pure: the web's lists
and the comms jobs both group families with these functions, so they agree on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping


def phone_key(phone: str | None) -> str | None:
    """The phone as national digits only: "07700 900123", "07700900123" and
    "+447700900123" are one number."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return None
    return "0" + digits[2:] if digits.startswith("44") else digits


def families(phones_by_upn: Mapping[str, Iterable[str | None]]) -> dict[str, str]:
    """Each pupil's family key (UPN -> key), from the phones of their contacts."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    keys_of: dict[str, list[str]] = {}
    for upn, phones in phones_by_upn.items():
        keys = sorted({key for phone in phones if (key := phone_key(phone))})
        keys_of[upn] = keys
        for key in keys:
            parent[root(key)] = root(keys[0])
    smallest: dict[str, str] = {}
    for key in list(parent):
        top = root(key)
        smallest[top] = min(smallest.get(top, key), key)
    return {upn: f"tel:{smallest[root(keys[0])]}" if keys else f"upn:{upn}"
            for upn, keys in keys_of.items()}
