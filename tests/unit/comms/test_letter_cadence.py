"""When leaflets and head teacher's letters are drafted, as the attendance lead plans it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from services.comms.cadence import (
    blanket_drop_day,
    leaflet_run,
    letter_batch,
    year_to_date,
)
from services.comms.documents import letter_html, pdf_bytes, wording_text
from services.comms.letter_cadence import CadenceDeps, run_letter_cadence
from services.comms.letters import Letter, LetterKind, LetterState
from services.comms.memory import MemoryDirectory
from services.comms.model import Subject
from services.comms.rules import at_school_time
from tests.unit.comms.builders import SCHOOL, UPN_AMY, UPN_BEN, policy, pupil
from tests.unit.comms.fakes import MemoryCohorts
from tests.unit.comms.pdf_text import pdf_text

AUTUMN = {"name": "Autumn", "start": "2026-09-03", "end": "2026-12-18",
          "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}
SCHOOL_WITH_TERMS = policy(raw={"terms": [AUTUMN]},
                           subjects=(Subject("English", 5), Subject("maths", 5)))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """School-local time (the policy's zone handles BST and GMT)."""

    return at_school_time(day, time(hour, minute))


@dataclass
class CadenceCohorts(MemoryCohorts):
    """The jobs' cohorts, plus what the letter cadence reads."""

    async def below_letter_threshold(self, school_urn: str) -> set[str]:
        return set()

    async def has_run(self, run_id: str) -> bool:
        return run_id in self.runs

    def attend(self, upn: str, first: date, days: int, absent_days: int = 0) -> None:
        """`days` school days from `first`, the last `absent_days` of them ill."""
        school_days = [first + timedelta(days=n) for n in range(days * 2)
                       if (first + timedelta(days=n)).weekday() < 5][:days]
        for index, day in enumerate(school_days):
            ill = index >= days - absent_days
            self.codes.setdefault(upn, {})[day] = ["I", "I"] if ill else ["/", "\\"]


@dataclass
class MemoryLetters:
    letters: dict[str, Letter] = field(default_factory=dict)

    async def add(self, letter: Letter) -> bool:
        if letter.letter_id in self.letters:
            return False
        self.letters[letter.letter_id] = letter
        return True


@dataclass
class School:
    cohorts: CadenceCohorts = field(default_factory=CadenceCohorts)
    letters: MemoryLetters = field(default_factory=MemoryLetters)
    directory: MemoryDirectory = field(default_factory=MemoryDirectory)

    def __post_init__(self) -> None:
        self.directory.policies[SCHOOL] = SCHOOL_WITH_TERMS
        self.cohorts.pupils = [pupil(), pupil(UPN_BEN, "Ben")]

    async def run(self, now: datetime) -> int:
        deps = CadenceDeps(self.cohorts, self.cohorts, self.directory, self.letters)
        return await run_letter_cadence(deps, now)

    def of_kind(self, kind: LetterKind) -> list[Letter]:
        return [x for x in self.letters.letters.values() if x.kind is kind]


def test_the_leaflet_drop_is_on_the_first_day_of_the_autumn_half_term() -> None:
    assert blanket_drop_day(SCHOOL_WITH_TERMS, date(2026, 10, 1)) == date(2026, 10, 26)
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 10, 23), 16)) is None
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 10, 26), 7)) == "2026-10-26"


def test_without_term_dates_the_drop_is_the_last_monday_of_october() -> None:
    assert blanket_drop_day(policy(), date(2026, 9, 8)) == date(2026, 10, 26)
    assert blanket_drop_day(policy(), date(2027, 2, 1)) == date(2026, 10, 26)


def test_after_the_drop_leaflets_go_weekly_after_school_on_friday() -> None:
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 11, 5), 18)) is None
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 11, 6), 15, 0)) is None
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 11, 6), 15, 31)) == "2026-11-02"
    assert leaflet_run(SCHOOL_WITH_TERMS, at(date(2026, 11, 7), 9)) == "2026-11-02"


def test_head_teacher_letters_are_batched_in_september_january_and_april() -> None:
    assert letter_batch(policy(), at(date(2026, 9, 8), 9)) is None
    assert letter_batch(policy(), at(date(2026, 9, 30), 9)) == date(2026, 9, 30)
    assert letter_batch(policy(), at(date(2026, 10, 13), 9)) == date(2026, 9, 30)
    assert letter_batch(policy(), at(date(2026, 10, 14), 9)) is None
    assert letter_batch(policy(), at(date(2027, 1, 31), 9)) == date(2027, 1, 31)
    assert letter_batch(policy(), at(date(2027, 4, 30), 9)) == date(2027, 4, 30)
    own = policy(raw={"message_schedule": {"head_teacher_letter_batches": ["09-20"]}})
    assert letter_batch(own, at(date(2026, 9, 20), 9)) == date(2026, 9, 20)


def test_exactly_96_percent_is_not_below_96_but_one_session_less_is() -> None:
    assert not year_to_date({date(2026, 9, d): ["/"] * 2 for d in range(1, 13)}
                            | {date(2026, 9, 13): ["I", "#"]}).below(96)  # 24 of 25
    ytd = year_to_date({date(2026, 9, 1): ["/", "O"], date(2026, 9, 2): ["V", "#"]})
    assert (ytd.attended, ytd.possible, ytd.unauthorised) == (2, 3, 1)
    assert ytd.below(96)


async def test_the_blanket_drop_gives_each_pupil_below_96_one_leaflet_then_only_newcomers(
        ) -> None:
    school = School()
    school.cohorts.attend(UPN_AMY, date(2026, 9, 3), 35, absent_days=3)  # 91.4%
    school.cohorts.attend(UPN_BEN, date(2026, 9, 3), 35)
    assert await school.run(at(date(2026, 10, 23), 16)) == 0  # before the drop
    assert await school.run(at(date(2026, 10, 26), 8)) == 1
    [amy] = school.of_kind(LetterKind.LEAFLET)
    assert (amy.upn, amy.state) == (UPN_AMY, LetterState.APPROVED)
    assert amy.context["attendance_pct"] == 91.4 and amy.context["threshold_pct"] == "96"
    school.cohorts.attend(UPN_BEN, date(2026, 11, 2), 5, absent_days=5)  # now 87.5%
    assert await school.run(at(date(2026, 11, 6), 12)) == 0  # the weekly run is after school
    assert await school.run(at(date(2026, 11, 6), 15, 45)) == 1
    assert await school.run(at(date(2026, 11, 13), 15, 45)) == 0  # nobody twice a year
    assert sorted(x.upn for x in school.of_kind(LetterKind.LEAFLET)) == [UPN_BEN, UPN_AMY]


async def test_a_batch_drafts_one_letter_per_pupil_below_95_for_the_head_to_review(
        ) -> None:
    school = School()
    school.cohorts.attend(UPN_AMY, date(2026, 9, 3), 20, absent_days=2)  # 90%
    school.cohorts.attend(UPN_BEN, date(2026, 9, 3), 20)
    assert await school.run(at(date(2026, 9, 30), 16)) == 1
    assert await school.run(at(date(2026, 10, 1), 16)) == 0  # the batch ran
    [letter] = school.of_kind(LetterKind.HEAD_TEACHER)
    assert (letter.upn, letter.state) == (UPN_AMY, LetterState.DRAFT)
    context: dict[str, Any] = letter.context
    assert context["days_missed"] == "2 days"
    assert context["lessons_sentence"] == "2 days missed = 2 English lessons and 2 maths lessons"
    assert context["letter_date"] == "30 September 2026"


async def test_a_drafted_letter_says_the_window_and_as_of_date_of_its_figures() -> None:
    school = School()
    school.cohorts.attend(UPN_AMY, date(2026, 9, 3), 20, absent_days=2)  # 90%
    await school.run(at(date(2026, 9, 30), 16))
    [letter] = school.of_kind(LetterKind.HEAD_TEACHER)
    window = "3 September and 30 September 2026"  # 20 school days of marks, as of 30 Sep
    assert letter.context["window"] == window
    text = pdf_text(pdf_bytes(letter_html(letter)))
    assert f"Between {window}, " in text and "attended 90.0% of sessions" in text
    assert window in wording_text(letter.kind, letter.context, letter.note)
