"""Invented pupils, contacts and schools for the comms tests (phones in 07700 900xxx)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.comms.model import Contact, Pupil, SchoolPolicy

SCHOOL = "100001"
UPN_AMY = "N201401001001"
UPN_BEN = "C201401001002"
# Tuesday 8 September 2026 (BST: UTC+1).
DAY = date(2026, 9, 8)
MUM = "07700 900101"
DAD = "07700 900102"
MUM_E164 = "+447700900101"
DAD_E164 = "+447700900102"


def london(day: date, hour: int, minute: int = 0) -> datetime:
    """A school-local time on `day` in September (BST), as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=UTC)


def contact(contact_id: str, phone: str | None, priority: int = 1, **flags: Any) -> Contact:
    values = {"may_receive_texts": True, "do_not_contact": False, **flags}
    return Contact(contact_id, f"Parent {contact_id}", phone, priority, **values)


def pupil(upn: str = UPN_AMY, given_name: str = "Amy", year_group: int = 5,
          contacts: tuple[Contact, ...] | None = None, **extra: Any) -> Pupil:
    if contacts is None:
        contacts = (contact("c-mum", MUM, 1), contact("c-dad", DAD, 2))
    return Pupil(SCHOOL, upn, given_name, "Testwell", year_group, contacts, **extra)


def policy(**overrides: Any) -> SchoolPolicy:
    return SchoolPolicy(SCHOOL, name="Meadow Lane Primary", head_teacher="Ms Rowan Hart",
                        **overrides)
