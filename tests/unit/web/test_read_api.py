"""The read API answers with the kernel's figures, scoped to the caller's schools."""

from __future__ import annotations

from typing import Any

from shared.simulator.identifiers import make_upn
from tests.unit.web import records
from tests.unit.web.conftest import INGEST_TOKEN, READ_TOKEN, WebUnderTest
from tests.unit.web.records import ADA, BEN, CLEO, URN
from tests.unit.web.store_behaviour import TOPICS, feed

BEARER = {"Authorization": f"Bearer {READ_TOKEN}"}


async def get(web: WebUnderTest, path: str, **params: str) -> Any:
    return await web.client.get(path, params=params, headers=BEARER)


async def test_a_pupils_attendance_has_the_kernels_fields_window_and_as_of(
        web: WebUnderTest) -> None:
    answer = await get(web, f"/api/v1/schools/{URN}/pupils/{ADA}/attendance",
                       window="ytd", as_of="2026-09-08")
    assert answer.status_code == 200
    assert answer.json() == {
        "school_urn": URN, "upn": ADA, "as_of": "2026-09-08",
        "window": {"name": "ytd", "start": "2026-09-01", "end": "2026-09-08"},
        "possible": 8, "present": 7, "aea": 0, "authorised": 1, "unauthorised": 0,
        "missing": 0, "attendance_pct": 87.5, "absence_pct": 12.5,
        "persistent_absence": True, "severe_absence": False,
        "codes": {"/": 4, "I": 1, "\\": 3}, "unauthorised_last_10_school_weeks": 0,
        "compulsory_school_age": True,
    }


async def test_as_of_defaults_to_the_schools_latest_day_with_marks(web: WebUnderTest) -> None:
    answer = await get(web, f"/api/v1/schools/{URN}/pupils/{BEN}/attendance")
    figures = answer.json()
    assert figures["as_of"] == "2026-09-08"
    assert (figures["possible"], figures["present"], figures["unauthorised"],
            figures["missing"], figures["attendance_pct"]) == (7, 4, 3, 1, 57.1)


async def test_the_week_window_starts_on_monday(web: WebUnderTest) -> None:
    figures = (await get(web, f"/api/v1/schools/{URN}/pupils/{ADA}/attendance",
                         window="week")).json()
    assert figures["window"] == {"name": "week", "start": "2026-09-07", "end": "2026-09-08"}
    assert (figures["possible"], figures["present"], figures["authorised"]) == (4, 3, 1)


async def test_an_amended_mark_moves_a_session_from_unauthorised_to_authorised(
        web: WebUnderTest) -> None:
    await feed(web.store, (TOPICS.marks, records.mark(
        BEN, "2026-09-03", "AM", "I", "2026-09-03T11:30:00+01:00")))
    figures = (await get(web, f"/api/v1/schools/{URN}/pupils/{BEN}/attendance")).json()
    assert (figures["unauthorised"], figures["authorised"]) == (2, 1)
    assert figures["codes"] == {"/": 1, "G": 1, "I": 1, "L": 1, "O": 1, "\\": 2}


async def test_the_school_summary_sums_sessions_and_counts_pa_among_pupils_of_age(
        web: WebUnderTest) -> None:
    summary = (await get(web, f"/api/v1/schools/{URN}/summary")).json()
    assert summary["window"] == {"name": "ytd", "start": "2026-09-01", "end": "2026-09-08"}
    assert (summary["possible"], summary["present"], summary["authorised"],
            summary["unauthorised"], summary["missing"]) == (18, 14, 1, 3, 5)
    assert summary["attendance_pct"] == 77.8
    assert (summary["pupil_count"], summary["csa_pupil_count"], summary["pa_count"],
            summary["pa_pct"]) == (3, 2, 2, 100.0)
    by_year = {group["label"]: group for group in summary["by_year_group"]}
    assert list(by_year) == ["Reception", "Year 3"]
    assert (by_year["Year 3"]["possible"], by_year["Year 3"]["present"]) == (15, 11)
    assert by_year["Reception"]["attendance_pct"] == 100.0


async def test_the_pupil_list_sorts_by_attendance_lowest_first(web: WebUnderTest) -> None:
    answer = (await get(web, f"/api/v1/schools/{URN}/pupils", sort="attendance")).json()
    assert [p["upn"] for p in answer["pupils"]] == [BEN, ADA, CLEO]
    assert answer["sort"] == {"key": "attendance", "order": "asc"}
    assert answer["pupils"][0]["family_name"] == "Okafor"
    by_name = (await get(web, f"/api/v1/schools/{URN}/pupils", sort="name")).json()
    assert [p["family_name"] for p in by_name["pupils"]] == ["Lovelace", "Marsh", "Okafor"]
    most_unauthorised = (await get(web, f"/api/v1/schools/{URN}/pupils",
                                   sort="unauthorised")).json()
    assert most_unauthorised["pupils"][0]["upn"] == BEN


async def test_a_bad_window_or_as_of_is_a_422_naming_the_parameter(web: WebUnderTest) -> None:
    path = f"/api/v1/schools/{URN}/pupils/{ADA}/attendance"
    bad_window = await get(web, path, window="year")
    assert bad_window.status_code == 422
    assert bad_window.json()["errors"][0]["field"] == "window"
    assert "ytd, term, half_term, week" in bad_window.json()["errors"][0]["message"]
    bad_date = await get(web, path, as_of="2026-02-30")
    assert bad_date.status_code == 422 and bad_date.json()["errors"][0]["field"] == "as_of"
    bad_sort = await get(web, f"/api/v1/schools/{URN}/pupils", sort="shoe_size")
    assert bad_sort.status_code == 422 and bad_sort.json()["errors"][0]["field"] == "sort"


async def test_an_unknown_pupil_is_404(web: WebUnderTest) -> None:
    other = make_upn("801", "1000", 26, 99)
    answer = await get(web, f"/api/v1/schools/{URN}/pupils/{other}/attendance")
    assert answer.status_code == 404 and "UPN" in answer.json()["detail"]


async def test_a_read_token_cannot_read_another_school(web: WebUnderTest) -> None:
    await feed(web.store, (TOPICS.marks, records.mark(ADA, "2026-09-02", "AM", "/",
                                                      urn=records.OTHER_URN)))
    answer = await get(web, f"/api/v1/schools/{records.OTHER_URN}/summary")
    assert answer.status_code == 403
    unknown = await get(web, "/api/v1/schools/999999/summary")
    assert unknown.status_code == 403  # never reveals whether another school exists
    schools = (await get(web, "/api/v1/schools")).json()["schools"]
    assert [s["school_urn"] for s in schools] == [URN]


async def test_the_api_needs_a_read_token_or_a_staff_session(web: WebUnderTest) -> None:
    path = f"/api/v1/schools/{URN}/summary"
    assert (await web.client.get(path)).status_code == 401
    wrong = await web.client.get(path, headers={"Authorization": "Bearer att_guess"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    ingest = await web.client.get(path, headers={"Authorization": f"Bearer {INGEST_TOKEN}"})
    assert ingest.status_code == 403 and "--scope read" in ingest.json()["detail"]
    await web.sign_in()
    assert (await web.client.get(path)).status_code == 200


async def test_reading_a_pupils_figures_is_recorded_for_audit(web: WebUnderTest) -> None:
    await get(web, f"/api/v1/schools/{URN}/pupils/{ADA}/attendance")
    assert [(entry.user, entry.action, entry.upn) for entry in web.audit.entries] == [
        ("reader-100001", "viewed", ADA)]


async def test_health_is_ok_when_the_feed_and_store_work(web: WebUnderTest) -> None:
    answer = await web.client.get("/healthz")
    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})


async def test_the_api_documentation_is_served_without_a_cdn(web: WebUnderTest) -> None:
    page = await web.client.get("/docs")
    assert page.status_code == 200
    assert "/api/v1/schools/{urn}/pupils/{upn}/attendance" in page.text
    assert "cdn" not in page.text.lower() and "<script" not in page.text
    schema = (await web.client.get("/openapi.json")).json()
    assert "/api/v1/schools/{urn}/summary" in schema["paths"]
