"""The leaders' pages in a real browser with JavaScript turned off, and every form field
on them labelled: the risk register filtered through its form, a pupil added to the
vulnerable register by writing their narrative, a meeting recorded, a role noted from
the transition and mentoring lists, and the trust view's drill-down to a school."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser import school
from tests.browser.staff import (
    ATTENDANCE_LEAD,
    HEAD_TEACHER,
    TRUST_CENTRAL,
    UNLABELLED_FIELDS,
    SignedInAs,
    screenshot,
)

SCHOOL = f"/schools/{school.URN}"
LEADERS_PAGES = {
    "risk register": f"{SCHOOL}/risk-register",
    "risk register filtered": f"{SCHOOL}/risk-register?year=4&class=4L&band=meeting",
    "vulnerable register": f"{SCHOOL}/vulnerable",
    "narrative form": f"{SCHOOL}/vulnerable/{school.DELPHINE.upn}",
    "meetings": f"{SCHOOL}/meetings",
    "transition and mentoring": f"{SCHOOL}/transition",
    "roles form": f"{SCHOOL}/pupils/{school.DELPHINE.upn}/roles",
    "trust view": "/trust",
}


def assert_every_field_labelled(page: Page, where: str) -> None:
    unlabelled = page.evaluate(UNLABELLED_FIELDS)
    assert unlabelled == [], f"unlabelled form fields on the {where}: {unlabelled}"


def test_every_form_field_on_the_leaders_pages_has_a_label(signed_in_as: SignedInAs) -> None:
    page = signed_in_as(HEAD_TEACHER)
    for name, path in LEADERS_PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, f"the {name} did not open"
        assert_every_field_labelled(page, name)
    page.goto(LEADERS_PAGES["risk register"])
    filters = page.get_by_role("main").aria_snapshot()
    for label in ("Year group", "Class", "Pupil group", "Band"):
        assert f'combobox "{label}"' in filters, f"the {label} filter has no name"
    page.goto(LEADERS_PAGES["meetings"])
    expect(page.get_by_label("Date of the meeting")).to_have_attribute("type", "date")
    expect(page.get_by_label("Actions agreed (who, by when)")).to_be_editable()


def test_the_risk_register_is_filtered_through_its_form_without_javascript(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(HEAD_TEACHER, javascript=False)
    page.goto(SCHOOL)
    page.get_by_role("link", name="Risk register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    pupils = page.locator("table", has=page.locator("caption", has_text="Risk register,"))
    expect(pupils.locator("tbody th[scope=row]")).to_have_count(len(school.PUPILS))
    page.get_by_label("Year group").select_option(label="Year 4")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"risk-register\?.*year=4"))
    expect(page.get_by_label("Year group")).to_have_value("4")
    lowest_first = [school.BILAL.name, school.AMARA.name]  # 91.7% then 100.0%
    expect(pupils.locator("tbody th[scope=row]")).to_have_text(lowest_first)
    expect(page.get_by_role("heading", name="Year 4: attendance week by week")).to_be_visible()
    expect(page.get_by_role("img", name="Weekly attendance of Year 4")).to_be_visible()
    assert_every_field_labelled(page, "filtered risk register")
    screenshot(page, "risk-register-year-4-without-javascript")


def test_a_narrative_written_without_javascript_adds_the_pupil_to_the_register(
        signed_in_as: SignedInAs) -> None:
    pupil, barriers, strategies = (school.BILAL, "Older sibling's illness keeps him home",
                                   "Breakfast club place; call home on any N mark")
    page = signed_in_as(ATTENDANCE_LEAD, javascript=False)
    page.goto(f"{SCHOOL}/vulnerable")
    page.get_by_role("link", name=re.compile(f"^Add to the register\\W+{pupil.name}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Vulnerable register narrative: {pupil.name}")
    assert_every_field_labelled(page, "narrative form")
    page.get_by_label("Barriers to attendance").fill(barriers)
    page.get_by_label("Strategies to improve attendance").fill(strategies)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    page.get_by_role("link", name="The vulnerable pupil register").click()
    row = page.locator(f"#pupil-{pupil.upn}")
    expect(row).to_contain_text(barriers)
    expect(row).to_contain_text("added")
    expect(row).not_to_have_class("missing-narrative")
    screenshot(page, "vulnerable-register-without-javascript")
    row.get_by_role("link", name=pupil.name, exact=True).click()
    timeline = page.get_by_role("region", name="What has been done")
    narrative = timeline.get_by_role("row").filter(has_text="Narrative")
    expect(narrative).to_contain_text(f"version 1, written by {ATTENDANCE_LEAD.display_name}")
    expect(narrative).to_contain_text(f"Barriers: {barriers}")


def test_a_meeting_is_recorded_without_javascript(signed_in_as: SignedInAs) -> None:
    actions = "EWO to visit the Okoro family by Friday 25 Sep"
    page = signed_in_as(HEAD_TEACHER, javascript=False)
    page.goto(f"{SCHOOL}/meetings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Half-termly meetings")
    lowest = page.locator("table", has=page.locator("caption", has_text="Ten lowest"))
    expect(lowest).to_contain_text(school.DELPHINE.name)
    assert_every_field_labelled(page, "meetings page")
    page.get_by_label("Date of the meeting").fill("2026-09-18")
    page.get_by_label("Who attended").fill("Head teacher, attendance lead, EWO")
    page.get_by_label("What was discussed").fill("The ten lowest and the round-up list")
    page.get_by_label("Actions agreed (who, by when)").fill(actions)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting was recorded.")
    meeting = page.get_by_role("article").filter(has_text="Meeting of 2026-09-18")
    expect(meeting).to_contain_text(actions)
    expect(meeting).to_contain_text(HEAD_TEACHER.display_name)
    screenshot(page, "meetings-without-javascript")


def test_a_role_is_noted_from_the_mentoring_groups_without_javascript(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(ATTENDANCE_LEAD, javascript=False)
    page.goto(SCHOOL)
    page.get_by_role("link", name="Transition watch-list and mentoring groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Transition watch-list and mentoring groups")
    watch = page.locator("table", has=page.locator("caption", has_text="Transition watch-list"))
    expect(watch.locator("tbody th[scope=row]")).to_have_text([school.DELPHINE.name])
    mentoring = page.locator("table", has=page.locator("caption", has_text="Year 4, group 1"))
    expect(mentoring.locator("tbody th[scope=row]")).to_have_text([school.BILAL.name])
    mentoring.get_by_role("link", name=f"for {school.BILAL.name}").click()
    assert_every_field_labelled(page, "roles form")
    page.get_by_label("Roles and teams").fill("School council; football team")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    page.get_by_role("link", name="Transition and mentoring").click()
    expect(mentoring).to_contain_text("School council; football team")
    screenshot(page, "transition-and-mentoring-without-javascript")


def test_the_trust_view_drills_down_to_a_school_without_javascript(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(TRUST_CENTRAL, javascript=False)
    page.goto("/trust")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trust view")
    assert_every_field_labelled(page, "trust view")
    row = page.get_by_role("row", name=school.SCHOOL_NAME)
    expect(row).to_contain_text("89.2%")
    row.get_by_role("link", name=school.SCHOOL_NAME).click()
    expect(page).to_have_url(re.compile(f"{SCHOOL}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(school.SCHOOL_NAME)
    expect(page.locator("dl.headline")).to_contain_text("89.2%")
    screenshot(page, "trust-view-drill-down-without-javascript")
