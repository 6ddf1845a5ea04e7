"""Loading the schools' settings for `attendance stats --schools SCHOOLS.json`.

The file holds what each school sent to `PUT /v1/schools/{urn}` (a JSON list of those
bodies, as `attendance simulate` writes schools.json, or one body). A school that set
terms is measured over its own calendar, and its marks on days with no sessions are
refused, exactly as the intake and the staff pages do; a school that set none has its
calendar inferred from its marked days.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.kernel import SchoolCalendar


class SchoolsFileError(Exception):
    """The schools file cannot be used; the message names the entry, the field and the fix."""


def _entries(path: Path) -> list[Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SchoolsFileError(f"{path}: no such file; check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SchoolsFileError(f"{path}: cannot be read ({error}); give the JSON file of "
                               "the schools' settings") from None
    except ValueError as error:
        raise SchoolsFileError(f"{path}: is not valid JSON ({error}); give the schools' "
                               "settings as sent to PUT /v1/schools/{urn}") from None
    entries = document if isinstance(document, list) else [document]
    if not entries:
        raise SchoolsFileError(f"{path}: lists no schools; give each school's settings as "
                               "sent to PUT /v1/schools/{urn}, or leave out --schools")
    return entries


def _settings(path: Path, position: int, entry: Any) -> SchoolSettingsV1:
    try:
        return SchoolSettingsV1.model_validate(entry)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the entry"
        message = "is required" if first["type"] == "missing" else first["msg"]
        raise SchoolsFileError(f"{path}: school {position + 1} in the file: {where}: "
                               f"{message}; correct it as for PUT /v1/schools/{{urn}}") from None


def load_calendars(path: Path) -> dict[str, SchoolCalendar]:
    """The calendars the schools in the file set; the latest updated_at wins per school.
    A school without terms has none (its calendar is inferred from its marks)."""
    latest: dict[str, SchoolSettingsV1] = {}
    for position, entry in enumerate(_entries(path)):
        settings = _settings(path, position, entry)
        held = latest.get(settings.school_urn)
        if held is None or held.updated_at < settings.updated_at:
            latest[settings.school_urn] = settings
    calendars = {urn: settings.calendar() for urn, settings in latest.items()}
    return {urn: calendar for urn, calendar in calendars.items() if calendar is not None}
