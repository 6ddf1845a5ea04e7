"""`attendance infra up|down|status|build`: the local no-Docker Kafka and FerretDB."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.infra.localstack.build import BuildError
from shared.infra.localstack.stack import LocalStack, StackError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("infra", help="start, stop or inspect the local Kafka and store")
    actions = parser.add_subparsers(dest="action", required=True)
    up = actions.add_parser("up", help="build if needed, start, and wait until each answers")
    up.add_argument("--fresh", action="store_true", help="wipe the local data first")
    up.set_defaults(handler=_up)
    actions.add_parser("down", help="stop what `infra up` started").set_defaults(handler=_down)
    actions.add_parser("status", help="say what runs where").set_defaults(handler=_status)
    actions.add_parser("build", help="fetch and build the servers only").set_defaults(
        handler=_build)


def _build(args: argparse.Namespace) -> int:
    try:
        LocalStack().build()
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    print("local stack built (Kafka jars and FerretDB binary are cached)")
    return 0


def _up(args: argparse.Namespace) -> int:
    stack = LocalStack()
    try:
        timings = stack.up(fresh=args.fresh)
    except (BuildError, StackError) as error:
        print(error, file=sys.stderr)
        return 1
    for name, seconds in timings.items():
        print(f"started {name} in {seconds:.1f}s")
    _print_status(stack)
    return 0


def _down(args: argparse.Namespace) -> int:
    stopped = LocalStack().down()
    print("stopped " + ", ".join(stopped) if stopped else "nothing of ours was running")
    return 0


def _status(args: argparse.Namespace) -> int:
    stack = LocalStack()
    _print_status(stack)
    return 0 if all(server.running for server in stack.status()) else 3


def _print_status(stack: LocalStack) -> None:
    for server in stack.status():
        state = "running" if server.running else "not running"
        origin = f"local, pid {server.pid}" if server.pid else ("local" if server.managed
                                                               else "external, from environment")
        print(f"{server.name:9} {server.address:28} {state} ({origin})")
