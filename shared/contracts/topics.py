"""Kafka topic names: the public, versioned streams of the product.

Keys: everything about a pupil is keyed "{school_urn}:{upn}" so that one pupil's
events stay in order on one partition; school-wide events are keyed by URN.
"""

from __future__ import annotations

# Raw marks produced by MIS integrators (same JSON as the HTTP intake).
MIS_MARKS = "mis.marks.v1"
# Accepted, normalised register marks, keyed "{school_urn}:{upn}".
MARKS = "attendance.marks.v1"
# Roster: pupil details and contacts, keyed "{school_urn}:{upn}".
PUPILS = "attendance.pupils.v1"
# School settings (calendar, thresholds, schedule), keyed by URN.
SCHOOLS = "attendance.schools.v1"
# Records refused at intake, with the reason, keyed by URN when known.
REJECTS = "attendance.rejects.v1"
# Accepted records with something to fix (e.g. an unknown field), keyed by URN when known.
WARNINGS = "attendance.warnings.v1"
# Threshold-crossing and daily signals from the risk service, keyed by pupil.
SIGNALS = "attendance.signals.v1"

# What staff did: call outcomes, concerns, home visits, holiday requests; keyed by pupil.
OFFICE_RECORDS = "office.records.v1"
# What comms did (texts and their delivery, replies, letters, call tasks); keyed by URN.
COMMS_EVENTS = "comms.events.v1"
# Staff decisions for comms (letter reviews, unknown sends); keyed by URN.
COMMS_COMMANDS = "comms.commands.v1"

ALL_TOPICS = (MIS_MARKS, MARKS, PUPILS, SCHOOLS, REJECTS, WARNINGS, SIGNALS, OFFICE_RECORDS,
              COMMS_EVENTS, COMMS_COMMANDS)


def pupil_key(school_urn: str, upn: str) -> str:
    return f"{school_urn}:{upn}"
