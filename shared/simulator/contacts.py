"""Contacts for a pupil: who to ring first, who holds parental responsibility, who
must never be contacted. Every phone number is in the drama range."""

from __future__ import annotations

import random

from shared.simulator.identifiers import drama_phone
from shared.simulator.model import Contact
from shared.simulator.names import (
    FAMILY_NAMES,
    MEN_GIVEN_NAMES,
    RELATIONSHIPS,
    WOMEN_GIVEN_NAMES,
)

_FIRST = (("Mother", 70), ("Father", 18), ("Carer", 6), ("Grandmother", 6))
_SECOND = {"Mother": ("Father", "Stepfather", "Grandmother"),
           "Father": ("Mother", "Stepmother", "Grandfather")}
_OTHERS = ("Grandmother", "Grandfather", "Aunt")


def build_contacts(family_name: str, id_prefix: str, rng: random.Random) -> tuple[Contact, ...]:
    """One to three contacts in ring order (priority 1 first)."""
    first = rng.choices([r for r, _ in _FIRST], weights=[w for _, w in _FIRST])[0]
    relationships = [first]
    count = rng.choices((1, 2, 3), weights=(15, 60, 25))[0]
    if count >= 2:
        relationships.append(rng.choice(_SECOND.get(first, _OTHERS)))
    if count == 3:
        relationships.append(rng.choice([r for r in _OTHERS if r not in relationships]))
    return tuple(_contact(relationship, priority, family_name, f"{id_prefix}-{priority}", rng)
                 for priority, relationship in enumerate(relationships, start=1))


def _contact(relationship: str, priority: int, family_name: str, contact_id: str,
             rng: random.Random) -> Contact:
    surname = family_name if rng.random() < 0.8 else rng.choice(FAMILY_NAMES)
    responsibility, woman = RELATIONSHIPS[relationship]
    if woman is None:
        woman = rng.random() < 0.5
    given_name = rng.choice(WOMEN_GIVEN_NAMES if woman else MEN_GIVEN_NAMES)
    # A court order keeps some second or third contacts out of all correspondence.
    barred = priority > 1 and rng.random() < 0.05
    return Contact(
        contact_id=contact_id,
        name=f"{given_name} {surname}",
        relationship=relationship,
        phone=drama_phone(rng),
        priority=priority,
        parental_responsibility=responsibility,
        may_receive_texts=not barred and rng.random() < 0.92,
        do_not_contact=barred,
    )
