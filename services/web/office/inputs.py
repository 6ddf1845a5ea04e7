"""What the office's lists are built from: pupils with their contacts, and the school's
office settings. Pure: read from the web read model's records, no I/O.

Whether a contact's number opted out of texts (a STOP reply, until a START) comes from
parents' replies on `comms.events.v1` (services.web.office.loading).

Contacts and the raw settings reach the read model's records as `details.contacts` and
`school.settings` (roster and settings messages); a record without them gives a pupil
with no contacts and the default settings, never an error page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.web.readmodel import PupilRecord, SchoolRecord
from shared.kernel import Enrolment, Mark
from shared.kernel.families import phone_key
from shared.kernel.texting import OptedOut, may_text

NOBODY_OPTED_OUT = OptedOut()


@dataclass(frozen=True)
class Contact:
    """A person the office may ring or text about a pupil (never a do-not-contact one)."""

    contact_id: str
    name: str
    relationship: str
    phone: str | None
    priority: int
    parental_responsibility: bool
    may_receive_texts: bool
    opted_out: bool = False  # the number replied STOP (and not START since)

    @property
    def phone_key(self) -> str | None:
        """The phone as digits only, so "07700 900123" and "07700900123" are one family."""
        return phone_key(self.phone)

    @property
    def may_be_texted(self) -> bool:
        """Whether comms may text this contact (the kernel's rule comms sends by)."""
        return may_text(self.phone, may_receive_texts=self.may_receive_texts,
                        do_not_contact=False, opted_out=self.opted_out)

    def to_dict(self) -> dict[str, Any]:
        return {"contact_id": self.contact_id, "name": self.name,
                "relationship": self.relationship, "phone": self.phone,
                "priority": self.priority,
                "parental_responsibility": self.parental_responsibility,
                "may_receive_texts": self.may_receive_texts, "opted_out": self.opted_out,
                "may_be_texted": self.may_be_texted}


@dataclass(frozen=True)
class OfficePupil:
    """One pupil as the office lists see them: who, which class, needs, contacts, marks."""

    upn: str
    name: str
    year_group: int | None
    reg_group: str | None
    flags: Mapping[str, Any]
    contacts: tuple[Contact, ...]
    marks: tuple[Mark, ...]
    enrolment: Enrolment

    def flag(self, name: str) -> bool:
        return bool(self.flags.get(name))

    def summary(self) -> dict[str, Any]:
        """How a pupil is named in every list's JSON."""
        return {"upn": self.upn, "name": self.name, "year_group": self.year_group,
                "reg_group": self.reg_group}


def contacts_from(raw: Iterable[Mapping[str, Any]],
                  opted_out: OptedOut = NOBODY_OPTED_OUT) -> tuple[Contact, ...]:
    """Contacts the office may use, in the order to ring them: priority, then those with
    parental responsibility, each saying whether their number opted out of texts.
    Do-not-contact contacts (court orders) are left out here, so no list can ever show
    them."""
    allowed = [Contact(str(c.get("contact_id") or ""), str(c.get("name") or ""),
                       str(c.get("relationship") or ""), c.get("phone") or None,
                       int(c.get("priority") or 1), bool(c.get("parental_responsibility")),
                       bool(c.get("may_receive_texts")), c.get("phone") in opted_out)
               for c in raw if isinstance(c, Mapping) and not c.get("do_not_contact")]
    return tuple(sorted(allowed, key=lambda c: (c.priority, not c.parental_responsibility,
                                                c.contact_id)))


def office_pupil(record: PupilRecord,
                 opted_out: OptedOut = NOBODY_OPTED_OUT) -> OfficePupil:
    """The office's view of a read-model pupil; `opted_out`: numbers that replied STOP."""
    details = record.details
    raw_contacts: Sequence[Mapping[str, Any]] = details.contacts if details else ()
    return OfficePupil(
        upn=record.upn, name=record.display_name,
        year_group=details.year_group if details else None,
        reg_group=details.reg_group if details else None,
        flags=dict(details.flags) if details else {},
        contacts=contacts_from(raw_contacts, opted_out), marks=record.marks,
        enrolment=record.enrolment)


def office_pupils(records: Iterable[PupilRecord],
                  opted_out: OptedOut = NOBODY_OPTED_OUT) -> list[OfficePupil]:
    return [office_pupil(record, opted_out) for record in records]


def raw_settings(school: SchoolRecord) -> Mapping[str, Any]:
    """The school's settings message as stored ({} until settings arrive)."""
    return school.settings


@dataclass(frozen=True)
class Family:
    """Pupils sharing a contact phone: one family, one caller, one call."""

    key: str
    upns: tuple[str, ...] = field(default_factory=tuple)
