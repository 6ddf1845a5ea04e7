"""`attendance up` / `attendance down`: the local stack and every service together."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from shared.config import WebSettings
from shared.infra.localstack.build import BuildError
from shared.infra.localstack.credentials import StaffLogin, local_staff_login
from shared.infra.localstack.services import LocalServices, ServiceError
from shared.infra.localstack.stack import LocalStack, StackError


def register(subparsers: Any) -> None:
    up = subparsers.add_parser(
        "up", help="start the local stack and every service; return once all are healthy")
    up.add_argument("--fresh", action="store_true", help="wipe the local data first")
    up.set_defaults(handler=_up)
    subparsers.add_parser("down", help="stop every service and the local stack").set_defaults(
        handler=_down)


def start_everything(fresh: bool = False, extra_env: dict[str, str] | None = None
                     ) -> tuple[LocalStack, LocalServices, StaffLogin]:
    """Start the stack, then the services (with `extra_env` on top of the environment);
    raise with a log tail if anything fails."""
    stack = LocalStack()
    services = LocalServices(stack.paths)
    if fresh:
        services.stop()
        stack.down()
    stack.up(fresh=fresh)
    login = local_staff_login(stack.paths)
    env = {**os.environ, **stack.endpoints.as_env(), **login.as_env(), **(extra_env or {})}
    services.start(env)
    return stack, services, login


def stop_everything() -> list[str]:
    stack = LocalStack()
    return LocalServices(stack.paths).stop() + stack.down()


def _up(args: argparse.Namespace) -> int:
    try:
        _, services, login = start_everything(fresh=args.fresh)
    except (BuildError, StackError, ServiceError) as error:
        print(error, file=sys.stderr)
        return 1
    for spec in services.specs:
        print(f"{spec.name:7} healthy at {spec.health_url}")
    print(f"staff pages: http://127.0.0.1:{WebSettings().port}/  "
          f"sign in as {login.user} / {login.password}")
    return 0


def _down(args: argparse.Namespace) -> int:
    stopped = stop_everything()
    print("stopped " + ", ".join(stopped) if stopped else "nothing of ours was running")
    return 0
