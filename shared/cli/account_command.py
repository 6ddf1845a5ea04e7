"""`attendance account add|list|remove`: staff accounts with a role and the schools they see.

Accounts live in the staff accounts file the web service reads (WEB_ACCOUNTS_FILE;
by default beside the local stack's data); the service picks up a change at the next
request, so a removed account can no longer sign in and its open sessions end. A new
password is generated, printed once and kept only as a hash. An account that signs in
through the school's identity provider gets `--email` and no password.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shared.infra.localstack.credentials import local_accounts_file
from shared.infra.localstack.paths import LocalPaths
from shared.infra.staff_accounts import (
    ALL_SCHOOLS,
    ROLES,
    StaffAccountEntry,
    hash_password,
    load_accounts,
    remove_account,
    save_accounts,
    upsert_account,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("account", help="staff accounts, roles and schools")
    parser.add_argument("--file", type=Path, help="the staff accounts file "
                        "(default: WEB_ACCOUNTS_FILE, or .local/run/staff-accounts.json)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add or replace an account; prints its password")
    add.add_argument("--user", required=True, help="sign-in name")
    add.add_argument("--name", help="the name shown on the pages (default: the user name)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--schools", required=True,
                     help="comma-separated URNs, or * for every school of the trust")
    add.add_argument("--email", help="sign in through the identity provider as this address "
                                     "(no password is made)")
    add.set_defaults(handler=_add)
    actions.add_parser("list", help="every account, without secrets").set_defaults(
        handler=_list)
    remove = actions.add_parser("remove", help="remove an account: it can no longer sign in "
                                               "and its open sessions end")
    remove.add_argument("user", help="the sign-in name to remove")
    remove.set_defaults(handler=_remove)


def accounts_path(args: argparse.Namespace) -> Path:
    return args.file or Path(local_accounts_file(LocalPaths.default()))


def _add(args: argparse.Namespace) -> int:
    problem = _sign_in_problem(args.user, args.email)
    if problem:
        print(f"attendance account add: {problem}", file=sys.stderr)
        return 2
    path = accounts_path(args)
    password = None if args.email else secrets.token_urlsafe(12)
    try:
        entry = StaffAccountEntry(
            user=args.user, display_name=args.name or args.user, role=args.role,
            schools=ALL_SCHOOLS if args.schools.strip() == ALL_SCHOOLS
            else [urn.strip() for urn in args.schools.split(",")],
            password_hash=hash_password(password) if password else None, email=args.email)
        existing = load_accounts(path) if path.exists() else []
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: "
                            f"{e['msg'].removeprefix('Value error, ')}" for e in error.errors())
        print(f"attendance account add: {reasons}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"attendance account add: {error}", file=sys.stderr)
        return 2
    replaced = any(account.user == entry.user for account in existing)
    save_accounts(path, upsert_account(existing, entry))
    print(f"{entry.user} ({entry.role}) {'replaced' if replaced else 'saved'} in {path}"
          + (": its old password no longer works" if replaced else ""))
    if password:
        print(f"password: {password}")
    return 0


def _sign_in_problem(user: str, email: str | None) -> str | None:
    """Why the sign-in name or address cannot be used, or None; checked before saving."""
    if any(character.isspace() for character in user.strip()):
        return (f"--user: {user.strip()!r} contains a space; a sign-in name is one word, "
                "such as j.smith")
    if email is not None and "@" not in email:
        return (f"--email: {email!r} has no '@'; give the address the identity provider "
                "signs the member of staff in with, such as head@school.example")
    return None


def _remove(args: argparse.Namespace) -> int:
    path = accounts_path(args)
    try:
        remaining = remove_account(load_accounts(path), args.user)
    except ValueError as error:
        print(f"attendance account remove: {error}", file=sys.stderr)
        return 2
    except LookupError as error:
        print(f"attendance account remove: {error} in {path}; see `attendance account list`",
              file=sys.stderr)
        return 2
    save_accounts(path, remaining)
    print(f"{args.user.strip().lower()} removed from {path}: it can no longer sign in")
    return 0


def _list(args: argparse.Namespace) -> int:
    path = accounts_path(args)
    try:
        accounts = load_accounts(path)
    except ValueError as error:
        print(f"attendance account list: {error}", file=sys.stderr)
        return 2
    for entry in accounts:
        schools = entry.schools if isinstance(entry.schools, str) else ",".join(entry.schools)
        sign_in = f"SSO {entry.email}" if entry.email else "password"
        print(f"{entry.user:24} {entry.role:18} {schools:20} {sign_in}")
    return 0
