"""Errors a user can act on: which field of which record is wrong, and what to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a record, worded for the person who must fix it."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The wire shape used in rejects: {"field": ..., "message": ...}."""
        return {"field": self.field, "message": self.message}


class MarkError(ValueError):
    """A record was refused; `errors` lists every bad field at once."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))
