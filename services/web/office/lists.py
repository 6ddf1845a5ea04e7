"""The office's lists by name: what each is called, shows, and says as JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.web.office.call_tasks import call_task_rows
from services.web.office.calls import first_day_calls, second_calls
from services.web.office.golden_hour import by_family, golden_hour, rule_stated
from services.web.office.greeting import gate_list, office_list
from services.web.office.home_visits import home_visit_decisions
from services.web.office.loading import OfficeInputs
from services.web.office.registers import incomplete_registers
from shared.contracts.comms_v1 import ReplyEventV1


@dataclass(frozen=True)
class OfficeList:
    """One of the office's daily lists."""

    slug: str
    title: str
    when: str
    build: Callable[[OfficeInputs], dict[str, Any]]


def _golden_hour(inputs: OfficeInputs) -> dict[str, Any]:
    """Each family once with its pupils ("families"), and each pupil ("nudges")."""
    nudges = golden_hour(inputs.pupils, inputs.office, inputs.recent_calls)
    return {"families": by_family(nudges), "nudges": nudges,
            "rule": rule_stated(inputs.office)}


def _first_day(inputs: OfficeInputs) -> dict[str, Any]:
    return {"calls": first_day_calls(inputs.pupils, inputs.office, inputs.calls)}


def _second(inputs: OfficeInputs) -> dict[str, Any]:
    first = first_day_calls(inputs.pupils, inputs.office, inputs.calls)
    by_upn = {pupil.upn: pupil for pupil in inputs.pupils}
    return {"calls": second_calls(first),
            "call_tasks": call_task_rows(inputs.tasks, inputs.task_calls, by_upn,
                                         inputs.office.day)}


def _gate(inputs: OfficeInputs) -> dict[str, Any]:
    return {"gate": gate_list(inputs.pupils, inputs.office),
            "office_list": office_list(inputs.pupils, inputs.office,
                                           inputs.recent_calls)}


def _visits(inputs: OfficeInputs) -> dict[str, Any]:
    return {"visits": home_visit_decisions(inputs.pupils, inputs.office, inputs.recent_calls)}


def _registers(inputs: OfficeInputs) -> dict[str, Any]:
    return {"classes": incomplete_registers(inputs.pupils, inputs.office)}


OFFICE_LISTS = {spec.slug: spec for spec in (
    OfficeList("golden-hour", "Golden hour: nudge texts and calls", "before school",
               _golden_hour),
    OfficeList("first-day-calls", "First-day absence calls", "by 10:30", _first_day),
    OfficeList("second-calls", "Second calls", "later in the day", _second),
    OfficeList("gate", "Gate list and office list", "as pupils arrive", _gate),
    OfficeList("home-visits", "Home-visit decisions", "SLT, each morning", _visits),
    OfficeList("registers", "Registers not complete", "at 15:00", _registers),
)}


def mask_phone(phone: str) -> str:
    """A phone number with all but its last 3 digits hidden."""
    digits = [ch for ch in phone if ch.isdigit()]
    return "•" * max(len(digits) - 3, 0) + "".join(digits[-3:])


def reply_dict(reply: ReplyEventV1) -> dict[str, Any]:
    return {"message_id": reply.message_id, "received_at": reply.received_at.isoformat(),
            "upns": reply.upns, "sender": mask_phone(reply.sender), "body": reply.body,
            "opted_out": reply.opted_out}


def to_json(value: Any) -> Any:
    """Rows and events as JSON: each row says itself with to_dict."""
    if isinstance(value, ReplyEventV1):
        return reply_dict(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def list_json(spec: OfficeList, inputs: OfficeInputs) -> dict[str, Any]:
    """A list's JSON: the day, the rules it used, its rows and the day's replies."""
    office = inputs.office
    return {"school_urn": inputs.school.school_urn, "list": spec.slug,
            "day": office.day.isoformat(), "now": office.local_now.isoformat(),
            "school_day": office.is_school_day, "rules": office.rules.to_dict(),
            **{key: to_json(value) for key, value in spec.build(inputs).items()},
            "replies": [reply_dict(reply) for reply in inputs.replies]}
