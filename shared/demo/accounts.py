"""Demo staff accounts: one per role, so every view of the front-end can be tried.

School roles see the trust's first school; the trust central team sees every school.
Passwords are made afresh on each run, printed once and stored only as hashes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from shared.infra.staff_accounts import (
    ALL_SCHOOLS,
    Role,
    StaffAccountEntry,
    hash_password,
    load_accounts,
    save_accounts,
    upsert_account,
)

DEMO_ROLES: tuple[tuple[str, str, Role], ...] = (
    ("office", "Office (demo)", "office"),
    ("teacher", "Class teacher (demo)", "teacher"),
    ("attendance.lead", "Attendance lead (demo)", "attendance_lead"),
    ("slt", "Deputy head (demo)", "slt"),
    ("safeguarding", "Safeguarding lead (demo)", "safeguarding_lead"),
    ("head", "Head teacher (demo)", "head_teacher"),
    ("governor", "Governor (demo)", "governor"),
    ("trust", "Trust central team (demo)", "trust_central"),
)


@dataclass(frozen=True)
class DemoLogin:
    user: str
    role: Role
    schools: str
    password: str


def create_demo_accounts(path: Path, school_urns: list[str]) -> list[DemoLogin]:
    """Add (or renew) one account per role in the accounts file; return their sign-ins."""
    accounts = load_accounts(path) if path.exists() else []
    logins = []
    for user, name, role in DEMO_ROLES:
        password = secrets.token_urlsafe(12)
        schools = ALL_SCHOOLS if role == "trust_central" else [school_urns[0]]
        accounts = upsert_account(accounts, StaffAccountEntry(
            user=user, display_name=name, role=role, schools=schools,
            password_hash=hash_password(password)))
        logins.append(DemoLogin(user, role, schools if isinstance(schools, str)
                                else ",".join(schools), password))
    save_accounts(path, accounts)
    return logins
