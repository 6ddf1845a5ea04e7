"""In-memory twins of the intake's ports, for tests and trying the service out."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from services.ingest.ports import Outgoing, UnavailableError
from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.contracts.topics import pupil_key
from shared.infra.tokens import TokenGrant
from shared.kernel import Enrolment, SchoolCalendar


class MemoryPublisher:
    """Keeps published messages in order; `fail_next` simulates a broker outage."""

    def __init__(self) -> None:
        self.messages: list[Outgoing] = []
        self.fail_next = False

    async def publish(self, messages: Sequence[Outgoing]) -> None:
        if self.fail_next:
            self.fail_next = False
            raise UnavailableError("the broker did not acknowledge the messages")
        self.messages.extend(messages)

    async def healthy(self) -> bool:
        return True

    def on(self, topic: str) -> list[Outgoing]:
        return [message for message in self.messages if message.topic == topic]


class MemoryRoster:
    """Roll dates by pupil key, newest updated_at wins."""

    def __init__(self) -> None:
        self.pupils: dict[str, tuple[datetime, Enrolment]] = {}

    async def enrolments(self, pupil_keys: Collection[str]) -> dict[str, Enrolment]:
        return {key: self.pupils[key][1] for key in pupil_keys if key in self.pupils}

    async def record(self, pupils: Sequence[PupilV1]) -> None:
        for pupil in pupils:
            key = pupil_key(pupil.school_urn, pupil.upn)
            held = self.pupils.get(key)
            if held is None or held[0] < pupil.updated_at:
                self.pupils[key] = (pupil.updated_at, Enrolment(
                    pupil.admission_date, pupil.leaving_date, pupil.date_of_birth))

    async def healthy(self) -> bool:
        return True


class MemoryCalendars:
    """School calendars by URN, newest updated_at wins."""

    def __init__(self) -> None:
        self.schools: dict[str, tuple[datetime, SchoolCalendar | None]] = {}

    async def calendars(self, urns: Collection[str]) -> dict[str, SchoolCalendar]:
        found = {urn: self.schools[urn][1] for urn in urns if urn in self.schools}
        return {urn: calendar for urn, calendar in found.items() if calendar is not None}

    async def record(self, settings: SchoolSettingsV1) -> None:
        held = self.schools.get(settings.school_urn)
        if held is None or held[0] < settings.updated_at:
            self.schools[settings.school_urn] = (settings.updated_at, settings.calendar())


class MemoryGrants:
    """Tokens held in a dict: raw token -> grant."""

    def __init__(self, grants: dict[str, TokenGrant] | None = None) -> None:
        self.grants = dict(grants or {})

    async def grant_for(self, raw_token: str) -> TokenGrant | None:
        return self.grants.get(raw_token)
