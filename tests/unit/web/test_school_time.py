"""Staff read every recorded moment in the school's time, summer and winter alike."""

from __future__ import annotations

from datetime import UTC, datetime

from services.web.pages import build_templates


def shown(moment: datetime, pattern: str = "%-d %b %Y %H:%M") -> str:
    template = build_templates().env.from_string("{{ moment | school_time(pattern) }}")
    return template.render(moment=moment, pattern=pattern)


def test_a_call_recorded_at_0830_utc_in_september_reads_0930_school_time() -> None:
    assert shown(datetime(2026, 9, 14, 8, 30, tzinfo=UTC)) == "14 Sep 2026 09:30"


def test_a_call_recorded_at_0830_utc_in_december_reads_0830_school_time() -> None:
    assert shown(datetime(2026, 12, 3, 8, 30, tzinfo=UTC)) == "3 Dec 2026 08:30"


def test_a_time_without_a_zone_is_shown_as_it_is() -> None:
    assert shown(datetime(2026, 9, 14, 8, 30), "%H:%M") == "08:30"
