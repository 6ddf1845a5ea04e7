"""The risk register, transition page and trust view as staff see them (in-memory parts).

The small school of tests.unit.web.records, as of Tue 8 Sep 2026: Ada 87.5% and Ben
57.1% (Year 3, persistently absent), Cleo 100% (Reception, below compulsory school age).
"""

from __future__ import annotations

from tests.unit.web import records
from tests.unit.web.leadership.conftest import Staff

REGISTER = f"/schools/{records.URN}/risk-register"


async def test_the_risk_register_shows_each_pupil_in_their_band_with_window_and_as_of(
        staff: Staff) -> None:
    await staff.sign_in("teacher")
    page = await staff.client.get(REGISTER)
    assert page.status_code == 200
    text = page.text
    assert "year to date, 1 Sep 2026 to 8 Sep 2026" in text and "Tuesday 8 September 2026" in text
    assert text.index("Ben Okafor") < text.index("Ada Lovelace") < text.index("Cleo Marsh")
    assert "90% or below (persistent absence)" in text and "96% or above" in text
    assert "Improving means attendance over the last 4 school weeks" in text


async def test_the_register_filters_by_year_group_class_and_pupil_group(staff: Staff) -> None:
    await staff.sign_in("lead")
    reception = (await staff.client.get(REGISTER, params={"year": "0"})).text
    assert "Cleo Marsh" in reception and "Ada Lovelace" not in reception
    in_3b = (await staff.client.get(REGISTER, params={"class": "3B"})).text
    assert "Ada Lovelace" in in_3b and "Cleo Marsh" not in in_3b
    fsm = await staff.client.get(f"/api/v1/schools/{records.URN}/risk-register",
                                 params={"group": "fsm"})
    assert sorted(p["given_name"] for p in fsm.json()["pupils"]) == ["Ada", "Ben"]


async def test_the_json_register_gives_bands_trends_and_the_rule(staff: Staff) -> None:
    await staff.sign_in("lead")
    answer = await staff.client.get(f"/api/v1/schools/{records.URN}/risk-register")
    body = answer.json()
    bands = {p["given_name"]: p["band"] for p in body["pupils"]}
    assert bands == {"Ben": "persistent", "Ada": "persistent", "Cleo": "fine"}
    assert body["as_of"] == "2026-09-08" and body["window"]["start"] == "2026-09-01"
    # The first weeks of the year have no 4 school weeks before them to compare with.
    assert {p["trend"] for p in body["pupils"]} == {"not_enough_data"}
    assert body["band_counts"] == {"persistent": 2, "fine": 1}


async def test_a_bad_filter_is_a_422_naming_the_parameter(staff: Staff) -> None:
    await staff.sign_in("lead")
    answer = await staff.client.get(f"/api/v1/schools/{records.URN}/risk-register",
                                    params={"group": "tall"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "group"
    page = await staff.client.get(REGISTER, params={"year": "Y3"})
    assert page.status_code == 422 and "year must be a year group" in page.text


async def test_a_governor_is_refused_the_register_but_sees_the_trust_view(staff: Staff) -> None:
    await staff.sign_in("governor")
    refused = await staff.client.get(REGISTER)
    assert refused.status_code == 403 and "Lovelace" not in refused.text
    assert (await staff.client.get(f"/schools/{records.URN}/vulnerable")).status_code == 403
    trust = await staff.client.get("/trust")
    assert trust.status_code == 200
    assert "Juniper Lane Primary" in trust.text and "77.8%" in trust.text
    assert "Lovelace" not in trust.text and "Primary schools" in trust.text


async def test_staff_of_another_school_are_refused_its_register(staff: Staff) -> None:
    await staff.sign_in("other.lead")
    assert (await staff.client.get(REGISTER)).status_code == 403
    trust = await staff.client.get("/api/v1/trust")
    assert trust.json()["schools"] == []


async def test_the_trust_view_compares_each_school_with_national_figures(staff: Staff) -> None:
    await staff.sign_in("central")
    body = (await staff.client.get("/api/v1/trust")).json()
    (school,) = body["schools"]
    assert school["attendance_pct"] == 77.8 and school["pa_pct"] == 100.0
    assert school["national"]["attendance_pct"] == 94.72  # primary: 100 - 5.28
    assert school["as_of"] == "2026-09-08"


async def test_the_transition_page_lists_mentoring_and_watch_groups(staff: Staff) -> None:
    await staff.sign_in("lead")
    page = await staff.client.get(f"/schools/{records.URN}/transition")
    assert page.status_code == 200
    assert "No pupil is on the watch-list." in page.text  # nobody in Year 6 or 11
    assert "No pupil is in the mentoring band." in page.text  # Ada and Ben are PA


async def test_the_school_page_links_leaders_to_the_registers_and_governors_to_the_trust_view(
        staff: Staff) -> None:
    await staff.sign_in("lead")
    page = (await staff.client.get(f"/schools/{records.URN}")).text
    assert f'href="/schools/{records.URN}/risk-register"' in page and 'href="/trust"' in page
    await staff.sign_in("governor")
    page = (await staff.client.get(f"/schools/{records.URN}")).text
    assert "risk-register" not in page and 'href="/trust"' in page


async def test_choosing_a_year_group_draws_its_weekly_trend(staff: Staff) -> None:
    await staff.sign_in("lead")
    page = (await staff.client.get(REGISTER, params={"year": "3"})).text
    assert "Year 3: attendance week by week (year to date)" in page
    assert "<svg" in page and "Week of 31 Aug:" in page
