"""What comms does with each message it consumes: plain handlers over the ports.

Signals become text deliveries through the pure rules, and the letter-threshold
signals keep the golden-hour cohort; leaflets and head teacher's letters are not sent
per signal but on their own cadence (services.comms.cadence). Replays are harmless:
deliveries have deterministic ids and are recorded once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from services.comms.deliveries import DeliveryStore
from services.comms.letters import Letter
from services.comms.model import Pupil, Purpose, SchoolPolicy
from services.comms.planning import NotPlanned, plan_text
from services.comms.ports import DayMarks, Directory, OptOuts
from services.comms.rules import normalise_phone

log = logging.getLogger(__name__)

# Signals that become a text to the family, and the text's purpose.
TEXT_SIGNALS = {
    "unauthorised_late_today": Purpose.U_TODAY,
    "late_independent_traveller": Purpose.LATE_INDEPENDENT_TRAVELLER,
    "absent_without_reason_today": Purpose.ABSENT_EXPECTED_BACK,
    "full_attendance_week": Purpose.FULL_ATTENDANCE_WEEK,
}
# Signals that say whether a pupil is below the letter threshold (the nudge cohort).
FLAG_SIGNALS = {"attendance_below_95": True, "attendance_back_above_95": False}


class LetterStore(Protocol):
    async def add(self, letter: Letter) -> bool: ...


class ThresholdFlags(Protocol):
    async def set_below_letter_threshold(self, school_urn: str, upn: str, below: bool,
                                         occurred_on: date) -> None: ...


@dataclass(frozen=True)
class SignalDeps:
    deliveries: DeliveryStore
    letters: LetterStore
    directory: Directory
    day_marks: DayMarks
    opt_outs: OptOuts
    flags: ThresholdFlags


async def on_signal(deps: SignalDeps, signal: Mapping[str, Any], now: datetime) -> str:
    """Act on one signal; returns what was done (for logs and tests: no personal data)."""
    kind = str(signal.get("kind", ""))
    if kind not in TEXT_SIGNALS and kind not in FLAG_SIGNALS:
        return "not_for_comms"
    school, upn = str(signal["school_urn"]), str(signal["upn"])
    if kind in FLAG_SIGNALS:
        await deps.flags.set_below_letter_threshold(
            school, upn, FLAG_SIGNALS[kind], date.fromisoformat(str(signal["occurred_on"])))
        return "flag_updated"
    pupil, policy = await deps.directory.pupil(school, upn), await deps.directory.policy(school)
    if pupil is None or policy is None:
        log.warning("signal %s skipped: roster or school settings not known yet",
                    signal.get("signal_id"))
        return "roster_or_settings_unknown"
    return await _plan(deps, TEXT_SIGNALS[kind], pupil, policy,
                       date.fromisoformat(str(signal["occurred_on"])), now)


async def _plan(deps: SignalDeps, purpose: Purpose, pupil: Pupil, policy: SchoolPolicy,
                day: date, now: datetime) -> str:
    if (purpose is Purpose.LATE_INDEPENDENT_TRAVELLER
            and pupil.year_group not in policy.independent_traveller_year_groups):
        return "not_in_an_independent_traveller_year"
    codes = await deps.day_marks.day_codes(pupil.school_urn, pupil.upn, day)
    phones = [normalise_phone(c.phone) for c in pupil.contacts if c.phone]
    planned = plan_text(purpose, pupil, day, policy, day_codes=codes,
                        opted_out=await deps.opt_outs.opted_out(phones), now=now)
    if isinstance(planned, NotPlanned):
        return planned.reason
    for text in planned:
        await deps.deliveries.record(text, now)
    return f"planned_{len(planned)}"
