"""The staff front-end and the read API, served from read models fed by Kafka topics."""
