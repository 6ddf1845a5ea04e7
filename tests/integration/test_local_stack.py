"""The local stack answers: the broker serves metadata and the store answers a ping."""

from shared.infra.localstack.ferretdb import mongo_answers
from shared.infra.localstack.kafka import kafka_answers
from shared.infra.localstack.stack import Endpoints


def test_the_broker_answers_a_metadata_request(infra: Endpoints) -> None:
    assert kafka_answers(infra.kafka_bootstrap)


def test_the_store_answers_a_ping(infra: Endpoints) -> None:
    assert mongo_answers(infra.mongodb_uri)
