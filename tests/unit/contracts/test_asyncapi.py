"""The AsyncAPI document describes every topic and matches the contracts in the code."""

from pathlib import Path

import yaml

from shared.contracts import topics
from shared.contracts.asyncapi import REGENERATE, asyncapi_document, render
from shared.contracts.registry import REGISTRY

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"


def test_the_committed_asyncapi_document_matches_the_contracts() -> None:
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert committed == render(), (
        f"docs/asyncapi.yaml is out of date with shared/contracts; regenerate it: {REGENERATE}")


def test_every_topic_of_the_product_is_described_once() -> None:
    assert sorted(c.topic for c in REGISTRY) == sorted(topics.ALL_TOPICS)
    addresses = [channel["address"] for channel in asyncapi_document()["channels"].values()]
    assert sorted(addresses) == sorted(topics.ALL_TOPICS)


def test_each_message_names_its_key_and_has_a_payload_schema() -> None:
    document = yaml.safe_load(render())
    schemas = document["components"]["schemas"]
    for message in document["components"]["messages"].values():
        assert message["bindings"]["kafka"]["key"]["description"]
        schema_name = message["payload"]["$ref"].rsplit("/", 1)[-1]
        assert schema_name in schemas


def test_the_normalised_mark_schema_lists_the_wire_fields() -> None:
    schema = asyncapi_document()["components"]["schemas"]["NormalisedMarkV1"]
    assert set(schema["properties"]) == {
        "schema_version", "school_urn", "upn", "date", "session", "code", "minutes_late",
        "recorded_at", "comment", "source", "ingested_at"}
