"""Checks on the trust-shaping options of `attendance demo` and `attendance simulate`.

Both commands check these before they start or write anything, so a bad number is an
argparse-style usage error (exit 2) naming the option, never a traceback halfway through.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path


def at_least(lowest: int) -> Callable[[str], int]:
    """An argparse `type` accepting whole numbers from `lowest` up."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < lowest:
            raise argparse.ArgumentTypeError(f"must be at least {lowest}, got {value}")
        return value
    return parse


def positive_rate(text: str) -> float:
    """An argparse `type` for a marks-per-second rate above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 marks a second, got {text}")
    return value


def trust_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the options taken together, or None when they fit."""
    if args.pupils < args.schools:
        return (f"argument --pupils: must be at least --schools ({args.schools}) so every "
                f"school has a pupil, got {args.pupils}")
    secondary = getattr(args, "secondary_schools", None)
    if secondary is not None and not 0 <= secondary <= args.schools:
        return (f"argument --secondary-schools: must be between 0 and --schools "
                f"({args.schools}), got {secondary}")
    return None


def output_folder_problem(out: Path) -> str | None:
    """Why the simulated files cannot be written into `out`, or None when they can."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return output_error(out, error)
    if not os.access(out, os.W_OK):
        return f"cannot write the simulated files to {out}: permission denied; " + _FIX
    return None


_FIX = "choose a folder you can write to with --out DIR"


def output_error(out: Path, error: OSError) -> str:
    """One line naming the folder, what the system said and the fix."""
    reason = error.strerror or type(error).__name__
    return f"cannot write the simulated files to {out}: {reason}; {_FIX}"
