"""The office feed reads records and events, and skips a poison message saying where it is
and which field is wrong, never what it held."""

from __future__ import annotations

import logging

import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from services.web.records.feed import read_batch
from services.web.records.settings import OfficeFeedSettings
from tests.unit.web.office_records import samples

SETTINGS = OfficeFeedSettings(office_records_topic="records", comms_events_topic="events")


def message(topic: str, offset: int, value: bytes) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(topic=topic, partition=0, offset=offset, timestamp=0,
                          timestamp_type=0, key=b"", value=value, checksum=None,
                          serialized_key_size=0, serialized_value_size=len(value),
                          headers=())


def test_a_poison_message_is_skipped_and_logged_by_place_and_field_without_its_values(
        caplog: pytest.LogCaptureFixture) -> None:
    good = samples.call()
    bad = good.model_dump_json().replace('"reached"', '"Called Mrs Lovelace"').encode()
    polled = {TopicPartition("records", 0): [
        message("records", 7, bad), message("records", 8, good.model_dump_json().encode()),
        message("records", 9, b"not json")],
        TopicPartition("events", 0): [message("events", 3,
                                              samples.delivery().model_dump_json().encode())]}
    with caplog.at_level(logging.WARNING):
        batch = read_batch(polled, SETTINGS)
    assert [r.record_id for r in batch.records] == ["call-0001"]
    assert [e.kind for e in batch.events] == ["delivery"] and batch.skipped == 2
    assert "records[0]@7: call_outcome.outcome: literal_error" in caplog.text
    assert "records[0]@9" in caplog.text
    assert "Lovelace" not in caplog.text and good.upn not in caplog.text
