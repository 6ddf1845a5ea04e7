"""The `attendance` command: one entry point, one module per subcommand.

Every module in this package named `*_command.py` is a subcommand: it exposes
`register(subparsers)`, which adds its parser and sets `handler` to a function
taking the parsed arguments and returning an exit code. Modules are found by name,
so adding a subcommand never means editing this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import shared.cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attendance",
        description="Run a school's attendance action plan on live register data.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(shared.cli.__path__), key=lambda m: m.name):
        if info.name.endswith("_command"):
            module = importlib.import_module(f"shared.cli.{info.name}")
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
