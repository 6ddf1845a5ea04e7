"""The local staff sign-in for `attendance up` and the demo.

A password is generated once per local stack and kept in a git-ignored,
owner-only file, so the pages are never open and the password is never a
placeholder. WEB_ADMIN_USER / WEB_ADMIN_PASSWORD in the environment win.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass

from shared.infra.localstack.paths import LocalPaths


@dataclass(frozen=True)
class StaffLogin:
    user: str
    password: str
    accounts_file: str = ""  # more staff accounts, with roles (`attendance account add`)

    def as_env(self) -> dict[str, str]:
        env = {"WEB_ADMIN_USER": self.user, "WEB_ADMIN_PASSWORD": self.password}
        return {**env, "WEB_ACCOUNTS_FILE": self.accounts_file} if self.accounts_file else env


def local_accounts_file(paths: LocalPaths) -> str:
    """The staff accounts file: WEB_ACCOUNTS_FILE, or one beside the local stack's data."""
    return os.environ.get("WEB_ACCOUNTS_FILE") or str(paths.run / "staff-accounts.json")


def local_staff_login(paths: LocalPaths) -> StaffLogin:
    if os.environ.get("WEB_ADMIN_PASSWORD"):
        return StaffLogin(os.environ.get("WEB_ADMIN_USER", "admin"),
                          os.environ["WEB_ADMIN_PASSWORD"], local_accounts_file(paths))
    store = paths.run / "staff-login.json"
    if store.exists():
        saved = json.loads(store.read_text())
        return StaffLogin(saved["user"], saved["password"], local_accounts_file(paths))
    login = StaffLogin("admin", secrets.token_urlsafe(12), local_accounts_file(paths))
    paths.ensure()
    store.touch(mode=0o600)
    store.write_text(json.dumps({"user": login.user, "password": login.password}))
    return login
