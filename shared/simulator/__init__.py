"""A realistic, deterministic synthetic multi-academy trust for demos, tests and load.

Generation (trust, roster, calendars, registers) is pure and driven only by
random.Random(seed); writing files (`files`) and streaming to the product
(`stream`: HTTP intake or Kafka) are separate modules.
"""

from shared.simulator.files import Written, write_trust
from shared.simulator.model import Contact, Pupil, School, SyntheticMark, Trust
from shared.simulator.registers import RegisterDay, register_days, trust_school_days
from shared.simulator.sending import SimulatedClock, StreamReport, count_marks
from shared.simulator.trust import generate_trust
from shared.simulator.wire import mark_record, pupil_record, school_settings

__all__ = [
    "Contact",
    "Pupil",
    "RegisterDay",
    "School",
    "SimulatedClock",
    "StreamReport",
    "SyntheticMark",
    "Trust",
    "Written",
    "count_marks",
    "generate_trust",
    "mark_record",
    "pupil_record",
    "register_days",
    "school_settings",
    "trust_school_days",
    "write_trust",
]
