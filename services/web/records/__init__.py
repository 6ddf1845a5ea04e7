"""What staff did and what comms did, in the staff pages.

Recording forms publish office records (`office.records.v1`); the office feed stores
those and comms events (`comms.events.v1`) in the web database; the pupil timeline,
the patterns page, the outbox and the letters queue read them back; staff decisions on
texts and letters go to comms as commands (`comms.commands.v1`).
"""
