"""Publishing the signals a crashed worker left in pupils' outboxes.

A worker stores a pupil's new state and its signals in one document write, publishes
the signals, then clears them from the outbox. Killed in between, it leaves entries
behind. The sweep publishes entries older than a grace period (so it never races a live
worker's own publishing), skipping any the signals topic already holds.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Protocol

from services.risk.ownership import Owns, everyone
from services.risk.ports import OutboxEntry, PupilStore, SignalPublisher

log = logging.getLogger(__name__)

# Producer timestamps come from another worker's clock: read back a little earlier.
CLOCK_MARGIN = timedelta(seconds=60)


class SignalLog(Protocol):
    """What the signals topic already holds."""

    async def published_ids(self, since: datetime, wanted: set[str]) -> set[str]:
        """The ids among `wanted` published at or after `since`."""
        ...


def _in_staged_order(stale: dict[str, dict[str, OutboxEntry]],
                     ) -> list[tuple[str, str, OutboxEntry]]:
    entries = [(key, signal, entry) for key, pupil in stale.items()
               for signal, entry in pupil.items()]
    return sorted(entries, key=lambda item: (item[0], item[2]["staged_at"],
                                             item[2].get("sequence", 0)))


async def sweep_outbox(pupils: PupilStore, publisher: SignalPublisher, signal_log: SignalLog,
                       now: datetime, grace: timedelta, in_flight: Collection[str] = (),
                       owns: Owns = everyone) -> int:
    """Publish outbox entries staged before now - grace that are not on the topic yet, for
    the pupils this worker owns, leaving alone those it is writing and publishing now.

    Returns how many signals were published; every swept entry is cleared.
    """
    stale = {key: entries for key, entries in (await pupils.staged_before(now - grace)).items()
             if key not in in_flight and owns(key)}
    if not stale:
        return 0
    wanted = {signal for entries in stale.values() for signal in entries}
    since = min(e["staged_at"] for entries in stale.values() for e in entries.values())
    already = await signal_log.published_ids(since - CLOCK_MARGIN, wanted)
    unpublished = [(key, entry["message"]) for key, signal, entry in _in_staged_order(stale)
                   if signal not in already]
    await publisher.publish(unpublished)
    await pupils.clear_outbox({key: list(entries) for key, entries in stale.items()})
    log.info("outbox sweep: %d signals published, %d were already on the topic",
             len(unpublished), len(wanted) - len(unpublished))
    return len(unpublished)
