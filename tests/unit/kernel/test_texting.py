"""Who may be texted: the rule comms sends by and the office's golden-hour list shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.kernel.texting import OptedOut, OptOutReply, may_text

MORNING = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)


def stop(phone: str, minutes: int = 0) -> OptOutReply:
    return OptOutReply(phone, True, MORNING + timedelta(minutes=minutes))


def start(phone: str, minutes: int = 0) -> OptOutReply:
    return OptOutReply(phone, False, MORNING + timedelta(minutes=minutes))


def test_a_number_that_replied_stop_has_opted_out_however_it_is_written() -> None:
    opted_out = OptedOut.from_replies([stop("+447700900123")])
    assert "07700 900123" in opted_out
    assert "07700900123" in opted_out
    assert "07700 900456" not in opted_out
    assert None not in opted_out


def test_a_later_start_opts_the_number_back_in_whatever_order_the_replies_come() -> None:
    replies = [start("+447700900123", minutes=30), stop("+447700900123")]
    assert "07700 900123" not in OptedOut.from_replies(replies)
    assert "07700 900123" not in OptedOut.from_replies(reversed(replies))
    again = [*replies, stop("07700 900123", minutes=60)]
    assert "07700 900123" in OptedOut.from_replies(again)


def test_numbers_comms_holds_as_opted_out_are_opted_out() -> None:
    assert "07700 900123" in OptedOut.of(["+447700900123"])
    assert "07700 900123" not in OptedOut.of([])


def test_a_contact_may_be_texted_only_when_allowed_with_a_number_not_opted_out() -> None:
    assert may_text("07700 900123", may_receive_texts=True, do_not_contact=False,
                    opted_out=False)
    assert not may_text("07700 900123", may_receive_texts=True, do_not_contact=False,
                        opted_out=True)
    assert not may_text("07700 900123", may_receive_texts=False, do_not_contact=False,
                        opted_out=False)
    assert not may_text("07700 900123", may_receive_texts=True, do_not_contact=True,
                        opted_out=False)
    assert not may_text(None, may_receive_texts=True, do_not_contact=False,
                        opted_out=False)
