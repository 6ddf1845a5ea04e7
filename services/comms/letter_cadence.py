"""The leaflet runs and the head teacher's letter batches, on the clock (rules in
services.comms.cadence).

A run is recorded only after its letters are stored, so a crash mid-run repeats the
run; letters have ids from the pupil and the run's basis (the school year for a leaflet,
the batch date for a letter), so a repeat adds nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.comms.cadence import leaflet_run, letter_batch, thresholds, year_to_date
from services.comms.documents import attendance_context
from services.comms.handlers import LetterStore
from services.comms.jobs import Cohorts
from services.comms.letter_jobs import academic_year_label
from services.comms.letters import LetterKind, new_letter
from services.comms.model import SchoolPolicy
from services.comms.ports import Directory
from services.comms.rules import local
from shared.kernel import academic_year_start

log = logging.getLogger(__name__)


class RunLog(Protocol):
    async def has_run(self, run_id: str) -> bool: ...

    async def claim_job(self, run_id: str, now: datetime) -> bool: ...


@dataclass(frozen=True)
class CadenceDeps:
    cohorts: Cohorts
    runs: RunLog
    directory: Directory
    letters: LetterStore


async def run_letter_cadence(deps: CadenceDeps, now: datetime) -> int:
    """Run every school's due leaflet run and letter batch; how many letters were added."""
    added = 0
    for school_urn in await deps.cohorts.school_urns():
        policy = await deps.directory.policy(school_urn)
        if policy is None:
            continue
        week, batch = leaflet_run(policy, now), letter_batch(policy, now)
        if week is not None:
            added += await _once(deps, policy, LetterKind.LEAFLET, f"leaflets:{week}", now)
        if batch is not None:
            added += await _once(deps, policy, LetterKind.HEAD_TEACHER,
                                 f"batch:{batch.isoformat()}", now)
    return added


async def _once(deps: CadenceDeps, policy: SchoolPolicy, kind: LetterKind, run: str,
                now: datetime) -> int:
    run_id = f"{policy.school_urn}:{run}"
    if await deps.runs.has_run(run_id):
        return 0
    added = await draft_for_pupils_below(deps, policy, kind, run, now)
    await deps.runs.claim_job(run_id, now)
    log.info("%s for school %s: %d added", run, policy.school_urn, added)
    return added


async def draft_for_pupils_below(deps: CadenceDeps, policy: SchoolPolicy, kind: LetterKind,
                                 run: str, now: datetime) -> int:
    """One letter of `kind` per pupil on roll below its threshold this school year."""
    today = local(now).date()
    limits = thresholds(policy)
    pct = limits.leaflet_below_pct if kind is LetterKind.LEAFLET else limits.letter_below_pct
    basis = f"leaflet:{academic_year_label(today)}" if kind is LetterKind.LEAFLET else run
    history = await deps.cohorts.codes_between(policy.school_urn, academic_year_start(today),
                                               today)
    added = 0
    for pupil in await deps.cohorts.pupils_on_roll(policy.school_urn, today):
        figures = year_to_date(history.get(pupil.upn, {}))
        if not figures.below(pct):
            continue
        context = attendance_context(policy, f"{pupil.given_name} {pupil.family_name}",
                                     f"{today.day} {today:%B %Y}", figures.detail(pct))
        added += await deps.letters.add(new_letter(policy.school_urn, pupil.upn, kind, basis,
                                                   context, now))
    return added
