"""The comms service: parent texts (Twilio or an outbox), letters and leaflets as PDFs.

It reacts to risk signals, the roster, school settings and the clock; it talks to other
services only through topics and keeps its own database.
"""
