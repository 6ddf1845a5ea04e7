"""Where a family stands in the legal process (5.3), as far as the read model tells.

The legal service (support-first ladder, notices, cases) does not exist yet, so the
stage is derived from the pupil's signals from the risk service: the latest signal of
a kind that starts or marks a legal step.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.web.readmodel import SignalRecord

LEGAL_STAGES: dict[str, str] = {
    "penalty_threshold_reached": "Penalty notice threshold reached: a notice must be "
                                 "considered",
    "term_time_holiday": "Term-time holiday (G): the penalty notice route",
    "consecutive_unauthorised_days": "10 or more school days absent without permission: "
                                     "tell the local authority",
}
NO_LEGAL_SERVICE = ("Legal stages come from the risk service's signals only: the legal "
                    "service (support-first ladder, notices to improve, cases) is not in "
                    "place yet, so a stage recorded outside this product does not show here.")


def legal_stage(signals: Sequence[SignalRecord]) -> str | None:
    """The stage named by the pupil's latest legal signal (signals come newest first)."""
    for signal in signals:
        if signal.kind in LEGAL_STAGES:
            return f"{LEGAL_STAGES[signal.kind]} ({signal.occurred_on:%-d %b %Y})"
    return None
