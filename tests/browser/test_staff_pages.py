"""The staff pages in a real browser: signing in, the school overview, the sortable pupil
list and a pupil's calendar, by mouse, by keyboard alone and without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser import school
from tests.browser.staff import (
    STAFF_PASSWORD,
    STAFF_USER,
    UNLABELLED_FIELDS,
    WebUnderTest,
    screenshot,
    sign_in,
)

OVERVIEW = f"/schools/{school.URN}"
PUPIL_LIST = f"/schools/{school.URN}/pupils"
# 5 pupils x 24 sessions, 13 of them absences: 107 / 120.
SCHOOL_ATTENDANCE = "89.2%"


def pupil_names_in_order(page: Page) -> list[str]:
    return page.locator("table.pupils tbody th[scope=row]").all_inner_texts()


def sort_by(page: Page, column: str) -> None:
    """Select a column heading of the pupil list (its name grows "(sorted ...)")."""
    page.locator("table.pupils thead").get_by_role("link", name=column).click()


def test_signing_in_through_the_form_shows_the_school_overview(page: Page) -> None:
    page.goto(OVERVIEW)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "sign-in")
    page.get_by_label("User name").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(f"{OVERVIEW}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(school.SCHOOL_NAME)
    expect(page.locator("dl.headline")).to_contain_text(SCHOOL_ATTENDANCE)
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Signed in as")
    expect(page.get_by_role("img", name="Weekly attendance, year to date")).to_be_visible()
    screenshot(page, "school-overview")


def test_a_wrong_password_is_refused_with_a_message(page: Page) -> None:
    sign_in(page, STAFF_USER, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("The user name or password is not right.")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.goto(OVERVIEW)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "sign-in-refused")


def test_the_pupil_list_sorts_by_attendance_both_ways_and_back_by_name(
        signed_in_page: Page) -> None:
    page = signed_in_page
    page.goto(PUPIL_LIST)
    by_name = sorted(school.PUPILS, key=lambda pupil: pupil.family_name)
    assert pupil_names_in_order(page) == [pupil.name for pupil in by_name]
    screenshot(page, "pupil-list")
    lowest_first = sorted(school.PUPILS, key=lambda pupil: float(pupil.attendance[:-1]))
    sort_by(page, "Attendance")
    expect(page.locator("table.pupils tbody th[scope=row]").first).to_have_text(
        lowest_first[0].name)
    assert pupil_names_in_order(page) == [pupil.name for pupil in lowest_first]
    expect(page.get_by_role("columnheader", name="Attendance")).to_have_attribute(
        "aria-sort", "ascending")
    sort_by(page, "Attendance")
    expect(page.get_by_role("columnheader", name="Attendance")).to_have_attribute(
        "aria-sort", "descending")
    assert pupil_names_in_order(page) == [pupil.name for pupil in reversed(lowest_first)]
    sort_by(page, "Name")
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute(
        "aria-sort", "ascending")
    assert pupil_names_in_order(page) == [pupil.name for pupil in by_name]


def test_the_pupil_page_shows_the_calendar_of_marks(signed_in_page: Page) -> None:
    page = signed_in_page
    page.goto(PUPIL_LIST)
    page.get_by_role("link", name=school.BILAL.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(school.BILAL.name)
    calendar = page.locator("table.calendar")
    expect(calendar.locator("caption")).to_contain_text("morning (AM) and afternoon (PM)")
    week = calendar.get_by_role("row").filter(has=page.get_by_role("rowheader", name="14 Sep"))
    tuesday = week.get_by_role("cell").nth(1)
    expect(tuesday).to_contain_text("15 Sep: AM N unauthorised")
    expect(tuesday).to_contain_text("PM N unauthorised")
    expect(calendar.get_by_role("rowheader")).to_have_text(["14 Sep", "7 Sep", "31 Aug"])
    expect(page.get_by_role("cell", name="4 Sep: no school")).to_have_count(1)
    expect(page.locator("section", has=page.get_by_role("heading", name="Figures as of"))
           ).to_contain_text(school.BILAL.attendance)
    screenshot(page, "pupil-page")


def test_a_member_of_staff_signs_in_with_the_keyboard_alone(page: Page) -> None:
    page.goto(f"/sign-in?next={OVERVIEW}")
    for _ in range(6):  # skip link and site name come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "username":
            break
    expect(page.get_by_label("User name")).to_be_focused()
    page.keyboard.type(STAFF_USER)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(school.SCHOOL_NAME)


def test_every_form_field_on_the_staff_pages_has_a_label(page: Page) -> None:
    page.goto("/sign-in")
    assert page.evaluate(UNLABELLED_FIELDS) == [], "on the sign-in page"
    sign_in(page, STAFF_USER, STAFF_PASSWORD)
    for path in ("/schools", OVERVIEW, PUPIL_LIST, f"{PUPIL_LIST}/{school.DELPHINE.upn}",
                 f"{OVERVIEW}/office/first-day-calls",
                 f"{PUPIL_LIST}/{school.BILAL.upn}/records/new?kind=call_outcome"):
        page.goto(path)
        assert page.evaluate(UNLABELLED_FIELDS) == [], f"on {path}"
    page.goto(OVERVIEW)
    snapshot = page.get_by_role("main").aria_snapshot()
    assert 'combobox "Window"' in snapshot and 'textbox "As of"' in snapshot


def test_the_pages_work_with_javascript_disabled(browser: Browser, web: WebUnderTest) -> None:
    context = browser.new_context(base_url=web.url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, STAFF_USER, STAFF_PASSWORD, OVERVIEW)
        expect(page.get_by_role("heading", level=1)).to_have_text(school.SCHOOL_NAME)
        page.get_by_role("link", name="See every pupil").click()
        sort_by(page, "Unauthorised")
        expect(page.locator("table.pupils tbody th[scope=row]").first).to_have_text(
            school.DELPHINE.name)
        page.get_by_label("Window").select_option("week")
        page.get_by_role("button", name="Show").click()
        expect(page.locator("p.period")).to_contain_text("week")
        expect(page.get_by_role("columnheader", name="Unauthorised", exact=False).first
               ).to_have_attribute("aria-sort", "descending")
        page.get_by_role("link", name=school.DELPHINE.name).click()
        expect(page.locator("table.calendar")).to_contain_text("17 Sep: AM N unauthorised")
        screenshot(page, "pupil-page-without-javascript")
    finally:
        context.close()
