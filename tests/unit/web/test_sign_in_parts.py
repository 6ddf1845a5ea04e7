"""The parts of the staff sign-in: settings that refuse open pages, hashes, signatures."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.web.auth import SessionCodec, Signer
from services.web.settings import StaffLoginSettings
from services.web.staff import StaffDirectory


def test_the_service_refuses_to_start_without_a_staff_password(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_ADMIN_PASSWORD", raising=False)
    with pytest.raises(ValidationError, match="WEB_ADMIN_PASSWORD is empty"):
        StaffLoginSettings()
    with pytest.raises(ValidationError, match="placeholder"):
        StaffLoginSettings(admin_password="changeme")


def test_the_password_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_ADMIN_USER", "attendance.lead")
    monkeypatch.setenv("WEB_ADMIN_PASSWORD", "a long local password")
    settings = StaffLoginSettings()
    staff = StaffDirectory.from_settings(settings.admin_user,
                                         settings.admin_password.get_secret_value(), None)
    member = staff.check("Attendance.Lead", "a long local password")
    assert member is not None and member.role == "trust_central" and member.schools is None
    assert staff.check("attendance.lead", "a long local passwore") is None
    assert staff.check("someone.else", "a long local password") is None


def test_a_signed_value_is_refused_when_altered_forged_or_stale() -> None:
    signer = Signer(b"k" * 32)
    token = signer.sign({"user": "office"}, now=1_000)
    assert signer.unsign(token, now=1_010, max_age_s=60) == {"user": "office", "iat": 1_000}
    body, _, signature = token.partition(".")
    assert signer.unsign(body[:-2] + "xx." + signature, now=1_010, max_age_s=60) is None
    assert Signer(b"z" * 32).unsign(token, now=1_010, max_age_s=60) is None
    assert signer.unsign(token, now=1_100, max_age_s=60) is None


def test_a_session_cookie_carries_the_user_and_a_csrf_token() -> None:
    codec = SessionCodec(StaffLoginSettings(admin_password="pw for tests only",
                                            session_secret="s" * 32))
    session = codec.session(codec.session_cookie("office", now=5_000), now=5_001)
    assert session is not None and session.user == "office" and len(session.csrf) > 20
    assert len(session.session_id) > 20 and codec.expires_at(session) == 5_000 + 12 * 3600
    assert codec.session("not a cookie", now=5_001) is None


def test_a_session_cookie_without_a_session_id_is_refused() -> None:
    """One made before sessions had ids: it could never be ended by signing out."""
    codec = SessionCodec(StaffLoginSettings(admin_password="pw for tests only",
                                            session_secret="s" * 32))
    without_id = Signer(b"s" * 32).sign({"user": "office", "csrf": "c" * 32}, now=5_000)
    assert codec.session(without_id, now=5_001) is None
