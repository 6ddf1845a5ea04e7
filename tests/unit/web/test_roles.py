"""Roles and school scoping, enforced on the server: what each member of staff may see."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from services.web.memory_store import InMemoryReadModelStore
from services.web.staff import StaffDirectory
from shared.cli.main import main
from shared.infra.staff_accounts import (
    StaffAccountEntry,
    hash_password,
    load_accounts,
    save_accounts,
)
from tests.unit.web import records
from tests.unit.web.conftest import LOCAL_BASE_URL, web_app

PASSWORD = "a staff password for tests"
HASH = hash_password(PASSWORD)


def account(user: str, role: str, schools: list[str] | str) -> StaffAccountEntry:
    return StaffAccountEntry.model_validate({
        "user": user, "display_name": user.title(), "role": role, "schools": schools,
        "password_hash": HASH})


ACCOUNTS = [account("governor", "governor", [records.URN]),
            account("teacher", "teacher", [records.URN]),
            account("teacher.b", "teacher", [records.OTHER_URN]),
            account("head", "head_teacher", [records.URN]),
            account("office", "office", [records.URN])]


@pytest.fixture
async def client(store: InMemoryReadModelStore) -> AsyncIterator[httpx.AsyncClient]:
    app = web_app(store, StaffDirectory(ACCOUNTS))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as c:
            yield c


async def sign_in(client: httpx.AsyncClient, user: str,
                  password: str = PASSWORD) -> httpx.Response:
    form = await client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    return await client.post("/sign-in", data={"username": user, "password": password,
                                               "csrf_token": token.group(1)})


async def test_a_governor_sees_the_school_figures_but_never_a_pupil_name(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "governor")
    overview = await client.get(f"/schools/{records.URN}")
    assert overview.status_code == 200 and "Persistent absence" in overview.text
    assert "Ada" not in overview.text and "Lovelace" not in overview.text
    assert "fewer than 5 pupils: not shown" in overview.text  # Year 3 has two pupils
    summary = (await client.get(f"/api/v1/schools/{records.URN}/summary")).json()
    assert all("suppressed" in group for group in summary["by_year_group"])
    assert (await client.get(f"/schools/{records.URN}/pupils")).status_code == 403
    pupil = await client.get(f"/schools/{records.URN}/pupils/{records.ADA}")
    assert pupil.status_code == 403 and "Lovelace" not in pupil.text
    api = await client.get(f"/api/v1/schools/{records.URN}/pupils")
    assert api.status_code == 403


async def test_a_teacher_of_another_school_cannot_open_a_pupil_by_url_and_it_is_audited(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "teacher.b")
    refused = await client.get(f"/schools/{records.URN}/pupils/{records.ADA}")
    assert refused.status_code == 403 and "Lovelace" not in refused.text
    assert (await client.get(
        f"/api/v1/schools/{records.URN}/pupils/{records.ADA}/attendance")).status_code == 403
    trust = await client.get("/schools")
    assert f"/schools/{records.URN}\"" not in trust.text
    await client.post("/sign-out")  # the form needs its token; sign in afresh instead
    client.cookies.clear()
    await sign_in(client, "head")
    audit = await client.get("/audit")
    assert audit.status_code == 200
    assert re.search(r"teacher\.b</td>\s*<td>refused", audit.text)


async def test_the_office_may_open_a_pupil_and_the_view_is_audited_for_the_head(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "office")
    assert (await client.get(f"/schools/{records.URN}/pupils/{records.ADA}")).status_code == 200
    assert (await client.get("/audit")).status_code == 403
    client.cookies.clear()
    await sign_in(client, "head")
    audit = await client.get("/audit")
    assert re.search(r"office</td>\s*<td>viewed</td>\s*<td>100001</td>\s*<td>" + records.ADA,
                     audit.text)


async def test_a_teacher_refused_the_audit_log_or_a_narrative_shows_in_the_heads_audit_log(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "teacher")
    assert (await client.get("/audit")).status_code == 403
    narrative = f"/schools/{records.URN}/vulnerable/{records.ADA}"
    form = await client.get(narrative)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert form.status_code == 200 and token is not None
    refused = await client.post(narrative, data={
        "csrf_token": token.group(1), "note_id": "note-0001", "barriers": "Illness",
        "strategies": "Check-in"})
    assert refused.status_code == 403 and "Only attendance leads" in refused.text
    client.cookies.clear()
    await sign_in(client, "head")
    audit = (await client.get("/audit")).text
    refusals = re.findall(r"<td>teacher</td>\s*<td>refused</td>\s*<td>100001</td>\s*"
                          r"<td>([^<]*)</td>\s*<td>([^<]*)</td>", audit)
    assert sorted(refusals) == sorted([("–", "/audit"),
                                       (records.ADA, "/schools/{urn}/vulnerable/{upn}")])


async def test_sign_in_is_throttled_after_five_failures(client: httpx.AsyncClient) -> None:
    for _ in range(5):
        assert (await sign_in(client, "office", "not the password")).status_code == 401
    throttled = await sign_in(client, "office")
    assert throttled.status_code == 429 and "Too many failed sign-ins" in throttled.text
    # Colleagues at the same school address can still sign in.
    assert (await sign_in(client, "head")).status_code == 303


async def test_an_account_removed_from_the_directory_loses_its_session(
        store: InMemoryReadModelStore) -> None:
    app = web_app(store, StaffDirectory([account("office", "office", [records.URN])]))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL) as c:
            assert (await sign_in(c, "office")).status_code == 303
            assert (await c.get(f"/schools/{records.URN}")).status_code == 200
            cookies = c.cookies
    # The same signed session cookie, after the account left the accounts file.
    app = web_app(store, StaffDirectory([]))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL_BASE_URL,
                                     cookies=cookies) as c:
            assert (await c.get(f"/schools/{records.URN}")).status_code == 303


def test_the_accounts_file_keeps_only_hashes_and_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    save_accounts(path, ACCOUNTS)
    assert PASSWORD not in path.read_text()
    assert path.stat().st_mode & 0o077 == 0
    assert [entry.user for entry in load_accounts(path)] == [a.user for a in ACCOUNTS]
    with pytest.raises(ValueError, match="a staff password needs at least 12"):
        hash_password("short")


def test_an_account_added_with_the_command_can_sign_in_without_a_restart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "accounts.json"
    staff = StaffDirectory.from_settings("admin", "the administrator's password", path)
    assert staff.member("attendance.lead") is None
    assert main(["account", "--file", str(path), "add", "--user", "Attendance.Lead",
                 "--role", "attendance_lead", "--schools", records.URN]) == 0
    password = capsys.readouterr().out.split("password: ")[1].strip()
    member = staff.check("attendance.lead", password)
    assert member is not None and member.role_title == "Attendance lead"
    assert member.schools == frozenset({records.URN})
    assert staff.check("admin", "the administrator's password") is not None


def test_the_account_command_names_a_bad_school(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    assert main(["account", "--file", str(tmp_path / "a.json"), "add", "--user", "gov",
                 "--role", "governor", "--schools", "1234"]) == 2
    assert "schools: schools ['1234'] are not six-digit URNs" in (
        capsys.readouterr().err)
