"""The letters queue's actions for staff: edit a draft, approve it, issue it as a PDF.

Each action loads the letter, applies the pure transition (services.comms.letters) and
saves it only if nobody changed it meanwhile; issuing renders the PDF (in a thread: it
is CPU work) and keeps it before the letter is marked issued.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from services.comms.documents import letter_html, pdf_bytes
from services.comms.letters import Letter, LetterError, approve, edit, issue, withdraw
from services.comms.mongo_letters import MongoLetters, issue_letter


async def _load(letters: MongoLetters, letter_id: str) -> Letter:
    letter = await letters.get(letter_id)
    if letter is None:
        raise LetterError(f"no letter {letter_id}; reload the letters queue")
    return letter


async def _save(letters: MongoLetters, before: Letter, after: Letter,
                now: datetime) -> Letter:
    after = replace(after, updated_at=now)
    if not await letters.replace(before, after):
        raise LetterError(f"letter {before.letter_id} was changed by someone else; reload "
                          "it and try again")
    return after


async def edit_letter(letters: MongoLetters, letter_id: str, note: str,
                      now: datetime) -> Letter:
    """Set the family-specific paragraph of a letter (back to draft if it was approved)."""
    letter = await _load(letters, letter_id)
    return await _save(letters, letter, edit(letter, note), now)


async def approve_letter(letters: MongoLetters, letter_id: str, by: str,
                         now: datetime) -> Letter:
    letter = await _load(letters, letter_id)
    return await _save(letters, letter, approve(letter, by), now)


async def withdraw_letter(letters: MongoLetters, letter_id: str, now: datetime) -> Letter:
    """Take a letter that was not issued out of the queue."""
    letter = await _load(letters, letter_id)
    return await _save(letters, letter, withdraw(letter), now)


async def issue_letter_now(letters: MongoLetters, letter_id: str,
                           now: datetime) -> tuple[Letter, bytes]:
    """Issue an approved letter: its PDF is kept, then the letter is marked issued."""
    letter = await _load(letters, letter_id)
    issued = replace(issue(letter, now), updated_at=now)
    pdf = await asyncio.to_thread(pdf_bytes, letter_html(issued))
    if not await issue_letter(letters, letter, pdf, issued, now):
        raise LetterError(f"letter {letter_id} was changed by someone else; reload it")
    return issued, pdf
