"""The office's first-day calls in a real browser: who to ring about an unexplained
absence, and recording the call's outcome."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser import school
from tests.browser.staff import screenshot

ABSENCE_DAY = school.FIRST_DAY_ABSENCE.isoformat()
FIRST_DAY_LIST = f"/schools/{school.URN}/office/first-day-calls?day={ABSENCE_DAY}"


def first_day_row(page: Page, pupil: school.Pupil) -> Locator:
    return page.locator("table tbody tr").filter(
        has=page.get_by_role("link", name=pupil.name, exact=True))


def test_the_first_day_list_shows_the_pupil_absent_with_n_as_overdue_and_the_number_to_ring(
        signed_in_page: Page) -> None:
    page = signed_in_page
    page.goto(FIRST_DAY_LIST)
    expect(page.get_by_role("heading", level=1)).to_have_text("First-day absence calls")
    expect(page.locator("p.period")).to_contain_text("Tuesday 15 September 2026")
    expect(page.locator("table tbody tr")).to_have_count(1)
    bilal = first_day_row(page, school.BILAL)
    expect(bilal.get_by_role("cell").first).to_have_text("Overdue")
    expect(bilal).to_contain_text("N (no reason yet) in the morning register")
    ring = bilal.get_by_role("link", name=school.BILAL.phone)
    expect(ring).to_have_attribute("href", f"tel:{school.BILAL.phone.replace(' ', '')}")
    expect(bilal).to_contain_text(f"Parent {school.BILAL.family_name} (parent)")
    expect(bilal.get_by_role("link", name=f"Record the call about {school.BILAL.name}")
           ).to_be_visible()
    screenshot(page, "office-first-day-calls")


