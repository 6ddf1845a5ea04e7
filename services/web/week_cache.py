"""Decoded school-week documents, kept by (document, version) between requests.

A page about a school needs every mark of the school, but between two requests
usually only the current week has changed: that week alone is read and decoded
again. Bounded by the number of marks held, least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict

from shared.kernel import Mark

WeekMarks = dict[str, tuple[Mark, ...]]  # upn -> that pupil's marks of the week

DEFAULT_MAX_MARKS = 1_000_000


class DecodedWeeks:
    def __init__(self, max_marks: int = DEFAULT_MAX_MARKS) -> None:
        self._max_marks = max_marks
        self._weeks: OrderedDict[str, tuple[int, WeekMarks, int]] = OrderedDict()
        self._held = 0

    def get(self, doc_id: str, version: int | None) -> WeekMarks | None:
        """The week's marks if held at exactly this version."""
        held = self._weeks.get(doc_id)
        if held is None or version is None or held[0] != version:
            return None
        self._weeks.move_to_end(doc_id)
        return held[1]

    def put(self, doc_id: str, version: int, marks: WeekMarks) -> None:
        size = sum(len(pupil_marks) for pupil_marks in marks.values())
        old = self._weeks.pop(doc_id, None)
        if old is not None:
            self._held -= old[2]
        self._weeks[doc_id] = (version, marks, size)
        self._held += size
        while self._held > self._max_marks and len(self._weeks) > 1:
            _, (_, _, evicted) = self._weeks.popitem(last=False)
            self._held -= evicted
