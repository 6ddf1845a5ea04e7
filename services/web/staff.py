"""Staff accounts as the web service sees them: roles, what each may do, and sign-in.

Accounts come from the staff accounts file (WEB_ACCOUNTS_FILE, written by `attendance
account add`) plus the configured administrator (WEB_ADMIN_USER / WEB_ADMIN_PASSWORD),
who is trust central staff over every school. Every query is scoped on the server by
the account's schools and role; a governor sees aggregate figures only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shared.contracts.office_v1 import ConcernRoute
from shared.infra.staff_accounts import (
    ALL_SCHOOLS,
    Role,
    StaffAccountEntry,
    hash_password_unchecked,
    load_accounts,
    password_matches,
)

logger = logging.getLogger(__name__)

ROLE_TITLES: dict[Role, str] = {
    "office": "Office", "teacher": "Teacher", "attendance_lead": "Attendance lead",
    "slt": "Senior leadership", "safeguarding_lead": "Safeguarding lead",
    "head_teacher": "Head teacher", "governor": "Governor",
    "trust_central": "Trust central team",
}
# Who may see named pupils: everyone but governors, who see aggregates only.
_SEES_PUPILS = frozenset(ROLE_TITLES) - {"governor"}
# Who records calls, concerns, home visits and holiday requests (any member of staff
# may raise a concern; the office and leaders record the rest).
_RECORDS = _SEES_PUPILS
# Who reviews, edits, approves and issues head teachers' letters, and writes
# vulnerable-register narratives, meeting records and pupils' roles.
_LEADS = frozenset({"attendance_lead", "slt", "safeguarding_lead", "head_teacher"})
# Who decides what becomes of a text whose outcome is unknown (send again, treat as
# sent, cancel): the office, who send the texts, and leaders; not teachers or governors.
_DECIDES_TEXTS = _LEADS | {"office"}
# Who reads the audit log of who viewed or changed which pupil's record.
_AUDITORS = frozenset({"head_teacher", "trust_central"})
# Whom a concern reaches (action 2.2), by where the member of staff who raised it sent
# it: the SLT attendance lead's concerns to the attendance lead, senior leaders and the
# head teacher; the safeguarding team's to the safeguarding lead and the head teacher
# only. Each answers the concerns of their own routes.
CONCERN_ROUTES_BY_ROLE: dict[Role, tuple[ConcernRoute, ...]] = {
    "attendance_lead": ("attendance_lead",), "slt": ("attendance_lead",),
    "safeguarding_lead": ("safeguarding",),
    "head_teacher": ("attendance_lead", "safeguarding")}


@dataclass(frozen=True)
class StaffMember:
    """A signed-in member of staff: their role and the schools they may see."""

    user: str
    display_name: str
    role: Role
    schools: frozenset[str] | None  # None: every school of the trust

    @property
    def role_title(self) -> str:
        return ROLE_TITLES[self.role]

    @property
    def sees_pupils(self) -> bool:
        return self.role in _SEES_PUPILS

    @property
    def records_actions(self) -> bool:
        return self.role in _RECORDS

    @property
    def leads(self) -> bool:
        return self.role in _LEADS

    @property
    def decides_texts(self) -> bool:
        return self.role in _DECIDES_TEXTS

    @property
    def reads_audit(self) -> bool:
        return self.role in _AUDITORS

    @property
    def concern_routes(self) -> tuple[ConcernRoute, ...]:
        """The routes whose concerns reach this member of staff (none for most roles)."""
        return CONCERN_ROUTES_BY_ROLE.get(self.role, ())


def _member(entry: StaffAccountEntry) -> StaffMember:
    schools = None if entry.schools == ALL_SCHOOLS else frozenset(entry.schools)
    return StaffMember(entry.user, entry.display_name, entry.role, schools)


class StaffDirectory:
    """Every account that may sign in, by lower-case user name.

    With an accounts file, a change to the file (`attendance account add`) takes
    effect at the next request, without a restart; a file that has become unreadable
    keeps the accounts last read and says why in the log.
    """

    def __init__(self, entries: Iterable[StaffAccountEntry],
                 accounts_file: Path | None = None) -> None:
        self._fixed = list(entries)
        self._file = accounts_file
        self._file_stamp: float | None = None
        self._entries: dict[str, StaffAccountEntry] = {}
        self._index(self._fixed)
        self._refresh()

    @classmethod
    def from_settings(cls, admin_user: str, admin_password: str,
                      accounts_file: Path | None) -> StaffDirectory:
        admin = StaffAccountEntry(
            user=admin_user, display_name="Administrator", role="trust_central",
            schools=ALL_SCHOOLS, password_hash=hash_password_unchecked(admin_password))
        return cls([admin], accounts_file)

    def _index(self, entries: Iterable[StaffAccountEntry]) -> None:
        self._entries = {entry.user: entry for entry in entries if entry.active}

    def _refresh(self) -> None:
        if self._file is None:
            return
        try:
            stamp = self._file.stat().st_mtime
        except FileNotFoundError:
            stamp = None
        if stamp == self._file_stamp:
            return
        self._file_stamp = stamp
        try:
            from_file = load_accounts(self._file) if stamp is not None else []
        except ValueError as error:
            logger.error("staff accounts not reloaded: %s", error)
            return
        # The configured administrator keeps their account whatever the file says.
        self._index([*from_file, *self._fixed])

    def check(self, user: str, password: str) -> StaffMember | None:
        """The member whose password this is; None otherwise (same work either way)."""
        self._refresh()
        entry = self._entries.get(user.strip().lower())
        if not password_matches(entry.password_hash if entry else None, password):
            return None
        assert entry is not None
        return _member(entry)

    def member(self, user: str) -> StaffMember | None:
        """The member signed in as `user`, or None once the account is gone or inactive."""
        self._refresh()
        entry = self._entries.get(user.strip().lower())
        return _member(entry) if entry else None

    def by_email(self, email: str) -> StaffMember | None:
        """The member an identity provider vouched for (matched by e-mail)."""
        self._refresh()
        wanted = email.strip().lower()
        for entry in self._entries.values():
            if entry.email and entry.email.strip().lower() == wanted:
                return _member(entry)
        return None
