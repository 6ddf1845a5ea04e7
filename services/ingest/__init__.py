"""The MIS-facing intake: HTTP (JSON and CSV) and the `mis.marks.v1` topic.

Validates every record with the attendance kernel, publishes accepted marks, pupils
and school settings on their topics, and every refused record, with its reasons, on
the rejects topic. Run with `python -m services.ingest`.
"""
