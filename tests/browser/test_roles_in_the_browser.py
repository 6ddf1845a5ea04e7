"""Staff roles in a real browser: each role signs in through the form and sees what it may
open and nothing more; a governor never sees a pupil's name; a refusal reaches the head
teacher's audit log; a leader's form without its CSRF token is refused; an attendance
lead writes a pupil's narrative and finds it on the register and the pupil page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser import school
from tests.browser.staff import (
    ATTENDANCE_LEAD,
    GOVERNOR,
    HEAD_TEACHER,
    OTHER_SCHOOL_TEACHER,
    ROLE_ACCOUNTS,
    STAFF_ACCOUNTS,
    TEACHER,
    TRUST_CENTRAL,
    StaffAccount,
    screenshot,
)

SignedInAs = Callable[[StaffAccount], Page]
SCHOOL = f"/schools/{school.URN}"
NAMED_PUPIL_PAGES = {
    "pupil list": f"{SCHOOL}/pupils",
    "pupil page": f"{SCHOOL}/pupils/{school.DELPHINE.upn}",
    "risk register": f"{SCHOOL}/risk-register",
    "vulnerable register": f"{SCHOOL}/vulnerable",
    "meetings": f"{SCHOOL}/meetings",
    "narrative": f"{SCHOOL}/vulnerable/{school.DELPHINE.upn}",
}
GOVERNOR_REFUSAL = "Governors see the school's aggregate figures only, never a pupil's record."
CSRF_REFUSAL = "This form was not sent from this site"
# Every piece of a pupil's identity the roster carries into the pages.
PUPIL_IDENTIFIERS = [text for pupil in school.PUPILS
                     for text in (pupil.given_name, pupil.family_name, pupil.upn)]


def narrative_path(pupil: school.Pupil) -> str:
    return f"{SCHOOL}/vulnerable/{pupil.upn}"


def open_refused(page: Page, path: str) -> str:
    """Open a page expecting the 403 page; its message, as the member of staff reads it."""
    response = page.goto(path)
    assert response is not None and response.status == 403, (
        f"{path} answered {response.status if response else 'nothing'}, not 403")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, this page cannot be shown")
    return page.get_by_role("alert").inner_text()


@pytest.mark.parametrize("account", STAFF_ACCOUNTS, ids=lambda account: account.user)
def test_each_member_of_staff_sees_their_name_and_role_in_the_header_after_signing_in(
        signed_in_as: SignedInAs, account: StaffAccount) -> None:
    page = signed_in_as(account)
    page.goto("/schools")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text(
        f"Signed in as {account.display_name} ({account.role_title})")
    audit_links = 1 if account.role in ("head_teacher", "trust_central") else 0
    expect(page.get_by_role("link", name="Audit log")).to_have_count(audit_links)


@pytest.mark.parametrize("account", [a for a in ROLE_ACCOUNTS if a is not GOVERNOR],
                         ids=lambda account: account.role)
def test_staff_who_see_pupils_open_the_pupil_list_and_a_pupil_page(
        signed_in_as: SignedInAs, account: StaffAccount) -> None:
    page = signed_in_as(account)
    page.goto(NAMED_PUPIL_PAGES["pupil list"])
    rows = page.locator("table.pupils tbody th[scope=row]")
    expect(rows).to_have_count(len(school.PUPILS))
    page.get_by_role("link", name=school.DELPHINE.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(school.DELPHINE.name)
    expect(page.get_by_text(school.DELPHINE.attendance).first).to_be_visible()


def test_the_governor_sees_the_school_figures_and_no_pupil_anywhere(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(GOVERNOR)
    page.goto(SCHOOL)
    expect(page.locator("dl.headline")).to_contain_text("89.2%")
    expect(page.get_by_role("link", name="See every pupil")).to_have_count(0)
    expect(page.get_by_role("link", name="Risk register")).to_have_count(0)
    screenshot(page, "governor-school-overview")
    for path in (SCHOOL, "/schools", "/trust"):
        page.goto(path)
        shown = page.content()
        leaked = [text for text in PUPIL_IDENTIFIERS if text in shown]
        assert not leaked, f"the governor's {path} shows {leaked}"
    expect(page.get_by_role("row", name=school.SCHOOL_NAME)).to_contain_text("89.2%")


def test_the_governor_is_refused_every_page_that_names_pupils(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(GOVERNOR)
    for name, path in NAMED_PUPIL_PAGES.items():
        assert open_refused(page, path) == GOVERNOR_REFUSAL, f"the {name} refused oddly"
        shown = page.content()
        assert not [text for text in PUPIL_IDENTIFIERS if text in shown], (
            f"the refused {name} shows a pupil")
    screenshot(page, "governor-refused")


def test_a_teacher_of_another_school_is_refused_the_pupil_and_the_head_sees_it_audited(
        signed_in_as: SignedInAs) -> None:
    outsider = signed_in_as(OTHER_SCHOOL_TEACHER)
    message = open_refused(outsider, NAMED_PUPIL_PAGES["pupil page"])
    assert message == (f"'{OTHER_SCHOOL_TEACHER.user}' is not allowed to see school "
                       f"{school.URN}; ask for access that includes it.")
    assert school.DELPHINE.name not in outsider.content()
    head = signed_in_as(HEAD_TEACHER)
    head.goto("/audit")
    refusal = head.get_by_role("row").filter(has_text=OTHER_SCHOOL_TEACHER.user)
    expect(refusal.first).to_contain_text("refused")
    expect(refusal.first).to_contain_text(school.DELPHINE.upn)
    expect(refusal.first).to_contain_text("/schools/{urn}/pupils/{upn}")
    screenshot(head, "audit-log")


def test_the_narrative_form_sent_without_its_csrf_token_is_refused_and_nothing_is_saved(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(ATTENDANCE_LEAD)
    page.goto(narrative_path(school.DELPHINE))
    page.get_by_label("Barriers to attendance").fill("Sent from another site")
    page.get_by_label("Strategies to improve attendance").fill("Must not be stored")
    page.evaluate("""() => document.querySelector('form.note-form input[name=csrf_token]')
                              .remove()""")
    with page.expect_response(lambda answer: answer.request.method == "POST") as answered:
        page.get_by_role("button", name="Save").click()
    assert answered.value.status == 403
    expect(page.get_by_role("alert")).to_contain_text(CSRF_REFUSAL)
    page.goto(narrative_path(school.DELPHINE))
    expect(page.get_by_text("Sent from another site")).to_have_count(0)


def test_a_teacher_reads_the_narrative_page_but_may_not_write_one(
        signed_in_as: SignedInAs) -> None:
    page = signed_in_as(TEACHER)
    page.goto(narrative_path(school.DELPHINE))
    expect(page.get_by_text("Only attendance leads, senior leaders, safeguarding leads "
                            "and head teachers write these.")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    token = page.locator("input[name=csrf_token]").first.get_attribute("value") or ""
    answer = page.request.post(narrative_path(school.DELPHINE), max_redirects=0, form={
        "csrf_token": token, "note_id": "teacher-try", "barriers": "Teacher's note",
        "strategies": "Teacher's plan"})
    assert answer.status == 403
    assert "Only attendance leads" in answer.text()


def test_the_attendance_lead_writes_a_narrative_seen_on_the_register_and_the_pupil_page(
        signed_in_as: SignedInAs) -> None:
    pupil, barriers, strategies = (school.CORIN, "Anxiety about the walk to school",
                                   "Walking bus from Monday; weekly check-in with Mrs Lark")
    page = signed_in_as(ATTENDANCE_LEAD)
    page.goto(f"{SCHOOL}/vulnerable")
    row = page.locator(f"#pupil-{pupil.upn}")
    expect(row).to_have_class("missing-narrative")
    row.get_by_role("link", name=f"Write the narrative for {pupil.name}").click()
    page.get_by_label("Barriers to attendance").fill(barriers)
    page.get_by_label("Strategies to improve attendance").fill(strategies)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    page.goto(f"{SCHOOL}/vulnerable")
    expect(row).not_to_have_class("missing-narrative")
    expect(row).to_contain_text(barriers)
    expect(row).to_contain_text(f"{ATTENDANCE_LEAD.display_name},")
    page.goto(f"{SCHOOL}/pupils/{pupil.upn}")
    plan = page.get_by_role("region", name="Barriers, strategies and legal stage")
    expect(plan).to_contain_text(barriers)
    expect(plan).to_contain_text(strategies)


UNREADABLE_TAGS = """() => [...document.querySelectorAll(".tag")]
    .filter(tag => getComputedStyle(tag).color === "rgb(255, 255, 255)"
                   && getComputedStyle(tag).backgroundColor === "rgba(0, 0, 0, 0)")
    .map(tag => tag.textContent.trim())"""


def test_the_leaders_pages_show_and_are_kept_as_screenshots(signed_in_as: SignedInAs) -> None:
    head = signed_in_as(HEAD_TEACHER)
    pages = {"school-overview-head": (SCHOOL, school.SCHOOL_NAME),
             "risk-register": (f"{SCHOOL}/risk-register", "Risk register"),
             "vulnerable-register": (f"{SCHOOL}/vulnerable",
                                     "Vulnerable pupil register: attendance"),
             "meetings": (f"{SCHOOL}/meetings", "Half-termly meetings"),
             "audit": ("/audit", "Audit log")}
    for name, (path, heading) in pages.items():
        head.goto(path)
        expect(head.get_by_role("heading", level=1)).to_have_text(heading)
        unreadable = head.evaluate(UNREADABLE_TAGS)
        assert unreadable == [], f"white text on no background at {path}: {unreadable}"
        screenshot(head, name)
    trust = signed_in_as(TRUST_CENTRAL)
    trust.goto("/trust")
    expect(trust.get_by_role("heading", level=1)).to_have_text("Trust view")
    expect(trust.get_by_role("row", name=school.SCHOOL_NAME)).to_be_visible()
    screenshot(trust, "trust-view")
