"""Staff accounts file: who may sign in to the staff pages, with which role and schools.

One JSON file (WEB_ACCOUNTS_FILE) shared by `attendance account` (which writes it)
and the web service (which reads it at start-up). Passwords are kept only as Argon2id
hashes; accounts that sign in through the school's identity provider (Microsoft Entra
ID, Google Workspace) carry their e-mail address instead and no password.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

Role = Literal["office", "teacher", "attendance_lead", "slt", "safeguarding_lead",
               "head_teacher", "governor", "trust_central"]
ROLES: tuple[Role, ...] = ("office", "teacher", "attendance_lead", "slt", "safeguarding_lead",
                           "head_teacher", "governor", "trust_central")
ALL_SCHOOLS: Literal["*"] = "*"

# Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): slow to guess,
# quick enough (tens of milliseconds) that signing in stays snappy on a small server.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# Compared against when a user name is unknown, so an unknown name costs as much time
# as a wrong password and the two cannot be told apart.
_UNKNOWN_USER_HASH = _HASHER.hash("no account has this password")


class StaffAccountEntry(BaseModel):
    """One member of staff. `schools` is a list of URNs, or "*" for every school."""

    model_config = ConfigDict(extra="forbid")

    user: str = Field(min_length=1, description="sign-in name, compared case-insensitively")
    display_name: str = Field(min_length=1)
    role: Role
    schools: list[str] | Literal["*"]
    password_hash: str | None = Field(default=None, description="Argon2id; None: SSO only")
    email: str | None = Field(default=None, description="matched to the identity provider")
    active: bool = True

    @field_validator("user")
    @classmethod
    def _normalised_user(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("schools")
    @classmethod
    def _urns(cls, value: list[str] | str) -> list[str] | str:
        if isinstance(value, list):
            bad = [urn for urn in value if not (len(urn) == 6 and urn.isdigit())]
            if bad:
                raise ValueError(f"schools {bad} are not six-digit URNs")
        return value


_ENTRIES = TypeAdapter(list[StaffAccountEntry])


def hash_password(password: str) -> str:
    """The Argon2id hash of a new password, refusing one too short to be safe."""
    if len(password) < 12:
        raise ValueError("a staff password needs at least 12 characters")
    return hash_password_unchecked(password)


def hash_password_unchecked(password: str) -> str:
    """The hash of a password already vetted elsewhere (the configured administrator's)."""
    return _HASHER.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; the same work is done for a missing hash."""
    try:
        return _HASHER.verify(password_hash or _UNKNOWN_USER_HASH, password) and (
            password_hash is not None)
    except (VerificationError, InvalidHashError):
        return False


def load_accounts(path: Path) -> list[StaffAccountEntry]:
    """The accounts in the file; a clear error naming the file when it cannot be read."""
    try:
        return _ENTRIES.validate_json(path.read_bytes())
    except FileNotFoundError:
        raise ValueError(f"staff accounts file {path} does not exist; create it with "
                         "`attendance account add`") from None
    except ValueError as error:
        raise ValueError(f"staff accounts file {path} is not valid: {error}") from None


def save_accounts(path: Path, accounts: list[StaffAccountEntry]) -> None:
    """Write the file owner-only (it holds password hashes), replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.touch(mode=0o600)
    partial.write_text(json.dumps([entry.model_dump() for entry in accounts], indent=2))
    os.replace(partial, path)


def upsert_account(accounts: list[StaffAccountEntry],
                   entry: StaffAccountEntry) -> list[StaffAccountEntry]:
    """The list with `entry` added, or replacing the account of the same user name."""
    return [existing for existing in accounts if existing.user != entry.user] + [entry]


def remove_account(accounts: list[StaffAccountEntry], user: str) -> list[StaffAccountEntry]:
    """The list without the account of `user` (compared case-insensitively).

    Raises LookupError when no account has that user name, so a typo never passes for
    a leaver locked out.
    """
    wanted = user.strip().lower()
    kept = [entry for entry in accounts if entry.user != wanted]
    if len(kept) == len(accounts):
        raise LookupError(f"no account has the user name {wanted!r}")
    return kept
