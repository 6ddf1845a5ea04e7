"""The staff pages: never open, and showing the same figures as the read API."""

from __future__ import annotations

import re

from tests.unit.web import records
from tests.unit.web.conftest import WebUnderTest
from tests.unit.web.records import ADA, BEN, URN
from tests.unit.web.store_behaviour import TOPICS, feed


async def test_pages_redirect_to_sign_in_when_not_signed_in(web: WebUnderTest) -> None:
    for path in ("/schools", f"/schools/{URN}", f"/schools/{URN}/pupils",
                 f"/schools/{URN}/pupils/{ADA}"):
        answer = await web.client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/sign-in?next=")


async def test_signing_in_returns_to_the_page_asked_for(web: WebUnderTest) -> None:
    answer = await web.sign_in(next_path=f"/schools/{URN}/pupils")
    assert (answer.status_code, answer.headers["location"]) == (303, f"/schools/{URN}/pupils")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")


async def test_a_wrong_password_is_refused_with_a_plain_message(web: WebUnderTest) -> None:
    answer = await web.sign_in(password="not-the-password")
    assert answer.status_code == 401
    assert "user name or password is not right" in answer.text
    assert (await web.client.get("/schools")).status_code == 303


async def test_a_sign_in_without_the_forms_csrf_token_is_refused(web: WebUnderTest) -> None:
    await web.client.get("/sign-in")
    answer = await web.client.post("/sign-in", data={
        "username": "office", "password": "unit-test-only-password", "csrf_token": "forged"})
    assert answer.status_code == 400 and "not sent from this site" in answer.text


async def test_sign_in_never_redirects_to_another_site(web: WebUnderTest) -> None:
    answer = await web.sign_in(next_path="//evil.example/steal")
    assert answer.headers["location"] == "/schools"


async def test_signing_out_needs_the_sessions_csrf_token(web: WebUnderTest) -> None:
    await web.sign_in()
    refused = await web.client.post("/sign-out", data={"csrf_token": "forged"})
    assert refused.status_code == 400
    page = await web.client.get("/schools")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    out = await web.client.post("/sign-out", data={"csrf_token": token.group(1)})
    assert out.status_code == 303
    assert (await web.client.get("/schools")).status_code == 303


async def test_the_trust_page_lists_the_schools(web: WebUnderTest) -> None:
    await feed(web.store, (TOPICS.schools, records.school_settings(
        records.OTHER_URN, "Rowan Hill Academy")))
    await web.sign_in()
    page = await web.client.get("/schools")
    assert page.status_code == 200
    assert "Juniper Lane Primary" in page.text and "Rowan Hill Academy" in page.text
    assert f'href="/schools/{URN}"' in page.text


async def test_the_school_overview_shows_attendance_pa_window_and_as_of(
        web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}")
    assert page.status_code == 200
    text = page.text
    assert "77.8%" in text and "100.0%" in text  # attendance; PA 2 of 2 of compulsory age
    assert "year to date, 1 Sep 2026 to 8 Sep 2026" in text
    assert "Tuesday 8 September 2026" in text
    assert "<svg" in text and "Week of 31 Aug: 81.8%" in text and "Week of 7 Sep: 71.4%" in text
    assert "Year 3" in text and "Reception" in text
    assert "<script" not in text and "http" not in text.split("<body>")[0]  # no CDN


async def test_the_pupil_list_links_to_pupils_and_sorts_by_unauthorised(
        web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/pupils", params={"sort": "unauthorised"})
    assert page.status_code == 200
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page.text)
    assert names[0] == "Ben Okafor"
    assert f'href="/schools/{URN}/pupils/{BEN}?as_of=2026-09-08"' in page.text
    assert 'aria-sort="descending"' in page.text


async def test_the_pupil_page_shows_each_window_the_calendar_and_signals(
        web: WebUnderTest) -> None:
    await feed(web.store, (TOPICS.signals, records.signal(
        ADA, "persistent_absence_entered", "2026-09-08")))
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/pupils/{ADA}")
    assert page.status_code == 200
    text = page.text
    assert "Ada Lovelace" in text and "87.5%" in text
    for window in ("Year to date", "This term", "This half-term", "This week"):
        assert window in text
    assert 'class="session authorised" title="PM: I (authorised)"' in text
    assert "no school" in text  # Friday 4 September, INSET
    assert "Persistent absence entered" in text


async def test_school_days_after_the_as_of_date_read_not_yet_never_no_school(
        web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/pupils/{ADA}")  # as of Tuesday 8 September
    text = page.text
    for later_day in ("9 Sep", "10 Sep", "11 Sep"):
        assert f'<td class="not-yet"><span class="visually-hidden">{later_day}: not yet' in text
        assert f"{later_day}: </span>no school" not in text
    assert "4 Sep: </span>no school" in text  # the INSET day is still no school


async def test_an_unknown_school_page_says_so(web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get("/schools/999999")
    assert page.status_code == 404 and "No school 999999" in page.text


async def test_a_bad_as_of_on_a_page_explains_itself(web: WebUnderTest) -> None:
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}", params={"as_of": "yesterday"})
    assert page.status_code == 422 and "YYYY-MM-DD" in page.text
