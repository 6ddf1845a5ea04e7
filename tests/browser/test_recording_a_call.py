"""The office's first-day call from the list to the record: the outcome recorded in the
browser shows on the pupil's page and the list shows the call as done."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, expect

from tests.browser import school
from tests.browser.staff import screenshot
from tests.browser.test_office_calls import first_day_row

RECORD_SHOWN_TIMEOUT_S = 20.0
REASON = "A stomach bug overnight"
NOTE = "Parent expects Delphine back tomorrow"
# Delphine's N on Thursday 17 Sep: a day of her own, so the list of Bilal's Tuesday that
# other tests read stays untouched by this record.
CALL_DAY = school.DELPHINE_CALL_DAY
FIRST_DAY_LIST = f"/schools/{school.URN}/office/first-day-calls?day={CALL_DAY.isoformat()}"


def reload_until_visible(page: Page, wanted: Locator) -> None:
    """Reload until `wanted` shows: a record reaches the pages through Kafka, a moment
    after the form is saved."""
    deadline = time.monotonic() + RECORD_SHOWN_TIMEOUT_S
    while not wanted.is_visible():
        if time.monotonic() > deadline:
            expect(wanted).to_be_visible(timeout=1)  # fails, showing the page as it is
        time.sleep(0.5)
        page.reload()


def test_records_a_call_outcome_on_the_first_day_list_and_sees_it_on_the_pupil_page(
        signed_in_page: Page) -> None:
    page = signed_in_page
    page.goto(FIRST_DAY_LIST)
    row = first_day_row(page, school.DELPHINE)
    expect(row.get_by_role("cell").first).to_have_text("Overdue")
    row.get_by_role("link", name=f"Record the call about {school.DELPHINE.name}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Call outcome: {school.DELPHINE.name}")
    expect(page.get_by_label("School day")).to_have_value(CALL_DAY.isoformat())
    expect(page.get_by_label("Call", exact=True)).to_have_value("first_day")
    page.get_by_label("Reached", exact=True).check()
    page.get_by_label("Reason given").fill(REASON)
    page.get_by_label("Barrier").select_option("illness")
    page.get_by_label("Note").fill(NOTE)
    screenshot(page, "record-call-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(school.DELPHINE.name)
    timeline = page.locator("section", has=page.get_by_role("heading",
                                                            name="What has been done"))
    call = timeline.get_by_role("row").filter(has_text=REASON)
    reload_until_visible(page, call)
    expect(call).to_contain_text("first day call about 17 Sep: reached; barrier illness")
    expect(call).to_contain_text(NOTE)
    screenshot(page, "pupil-page-with-call")

    page.goto(FIRST_DAY_LIST)
    row = first_day_row(page, school.DELPHINE)
    expect(row.get_by_role("cell").first).to_have_text("Done")
    expect(row).to_contain_text("first day: reached")
    screenshot(page, "office-first-day-calls-done")
