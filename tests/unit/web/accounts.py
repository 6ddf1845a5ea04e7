"""Staff accounts for the web tests: invented users of any role, one shared password."""

from __future__ import annotations

from shared.infra.staff_accounts import StaffAccountEntry, hash_password

PASSWORD = "a staff password for tests"
_HASH = hash_password(PASSWORD)  # Argon2id is slow on purpose: hash once


def account(user: str, role: str, schools: list[str] | str) -> StaffAccountEntry:
    return StaffAccountEntry.model_validate({
        "user": user, "display_name": user.title(), "role": role, "schools": schools,
        "password_hash": _HASH})
