"""Topic messages become read-model writes; unreadable ones are skipped, never fatal."""

from __future__ import annotations

import logging

import pytest

from services.web.projection import BatchBuilder, FeedMessage
from services.web.settings import FeedTopics
from tests.unit.web import records
from tests.unit.web.records import ADA

TOPICS = FeedTopics()


def build(*messages: tuple[str, bytes | None]) -> BatchBuilder:
    builder = BatchBuilder(TOPICS)
    for offset, (topic, value) in enumerate(messages):
        builder.add(FeedMessage(topic, 3, offset, value))
    return builder


def test_each_topic_feeds_its_own_read_model() -> None:
    builder = build((TOPICS.marks, records.encoded(records.present(ADA, "2026-09-02", "AM"))),
                    (TOPICS.pupils, records.encoded(records.school_pupils()[0])),
                    (TOPICS.schools, records.encoded(records.school_settings())),
                    (TOPICS.signals, records.encoded(records.signal(
                        ADA, "attendance_below_96", "2026-09-03"))))
    batch = builder.batch
    assert [m.code for m in batch.marks] == ["/"]
    assert batch.pupils[0].details["family_name"] == "Lovelace"
    assert batch.pupils[0].updated_at == "2026-09-01T07:00:00.000000+00:00"
    assert batch.schools[0].settings["name"] == "Juniper Lane Primary"
    assert batch.signals[0].kind == "attendance_below_96"
    assert builder.skipped == 0


def test_poison_messages_are_skipped_and_logged_without_pupil_details(
        caplog: pytest.LogCaptureFixture) -> None:
    bad_mark = records.mark(ADA, "2026-09-02", "AM", "ZZ")
    with caplog.at_level(logging.WARNING):
        builder = build((TOPICS.marks, b"not json"), (TOPICS.marks, None),
                        (TOPICS.marks, b"[1, 2]"), (TOPICS.marks, records.encoded(bad_mark)),
                        (TOPICS.pupils, records.encoded({"school_urn": "1", "upn": ADA})),
                        (TOPICS.marks, records.encoded(records.present(ADA, "2026-09-02",
                                                                       "PM"))))
    assert builder.skipped == 5
    assert len(builder.batch.marks) == 1
    assert "attendance.marks.v1[3]@3: bad fields: code" in caplog.text
    assert ADA not in caplog.text and "Lovelace" not in caplog.text
