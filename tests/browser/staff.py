"""What a member of staff does in the browser, shared by the browser tests: sign in,
wait for the school to show, keep a screenshot of each main page; and one account for
each role (invented names), written to the web service's staff accounts file."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import urlencode

import httpx
from playwright.sync_api import Page

from shared.infra.staff_accounts import Role, StaffAccountEntry, hash_password
from tests.browser import school

STAFF_USER = "office.lead"
STAFF_PASSWORD = "browser-tests-not-a-real-secret"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SHOWN_TIMEOUT_S = 60.0
# Every visible form field with no label text, aria-label or aria-labelledby: what a
# screen reader would announce as just "edit text" or "combo box".
UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input, select, textarea")]
    .filter(field => field.type !== "hidden")
    .filter(field => ![...field.labels].some(label => label.textContent.trim())
                     && !field.getAttribute("aria-label")
                     && !field.getAttribute("aria-labelledby"))
    .map(field => `${field.tagName.toLowerCase()} name=${field.name} id=${field.id}`)"""


@dataclass(frozen=True)
class WebUnderTest:
    url: str
    log_file: Path


@dataclass(frozen=True)
class StaffAccount:
    """A member of staff of the accounts file, with the password they sign in with."""

    user: str
    display_name: str
    role: Role
    role_title: str  # as the header shows it
    schools: list[str] | Literal["*"]

    @property
    def password(self) -> str:
        return f"{self.user}-browser-tests-only"

    def entry(self) -> StaffAccountEntry:
        """The account as the file holds it (Argon2id: slow, so made once a session)."""
        return StaffAccountEntry(user=self.user, display_name=self.display_name,
                                 role=self.role, schools=self.schools,
                                 password_hash=hash_password(self.password))


class SignedInAs(Protocol):
    """The `signed_in_as` fixture: a browser window of the account, signed in."""

    def __call__(self, account: StaffAccount, javascript: bool = True) -> Page: ...


OTHER_SCHOOL_URN = "100888"  # a school the tests never feed
_LARKFIELD = [school.URN]
OFFICE = StaffAccount("office.larkfield", "Nell Brightwater", "office", "Office", _LARKFIELD)
TEACHER = StaffAccount("teacher.larkfield", "Owen Castleby", "teacher", "Teacher", _LARKFIELD)
ATTENDANCE_LEAD = StaffAccount("lead.larkfield", "Iris Marchbank", "attendance_lead",
                               "Attendance lead", _LARKFIELD)
SLT = StaffAccount("slt.larkfield", "Rufus Dellacourt", "slt", "Senior leadership",
                   _LARKFIELD)
SAFEGUARDING_LEAD = StaffAccount("dsl.larkfield", "Tamsin Orrell", "safeguarding_lead",
                                 "Safeguarding lead", _LARKFIELD)
HEAD_TEACHER = StaffAccount("head.larkfield", "Gwen Invented", "head_teacher",
                            "Head teacher", _LARKFIELD)
GOVERNOR = StaffAccount("governor.larkfield", "Alaric Fenmoor", "governor", "Governor",
                        _LARKFIELD)
TRUST_CENTRAL = StaffAccount("trust.central", "Saffron Weald", "trust_central",
                             "Trust central team", "*")
OTHER_SCHOOL_TEACHER = StaffAccount("teacher.elsewhere", "Jasper Holloway", "teacher",
                                    "Teacher", [OTHER_SCHOOL_URN])
ROLE_ACCOUNTS = (OFFICE, TEACHER, ATTENDANCE_LEAD, SLT, SAFEGUARDING_LEAD, HEAD_TEACHER,
                 GOVERNOR, TRUST_CENTRAL)
STAFF_ACCOUNTS = (*ROLE_ACCOUNTS, OTHER_SCHOOL_TEACHER)


def sign_in(page: Page, user: str, password: str, next_path: str = "/schools") -> None:
    """Fill in and send the sign-in form, as a member of staff would."""
    page.goto(f"/sign-in?{urlencode({'next': next_path})}")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> None:
    """Keep the whole page as test-artifacts/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_for_school(web: WebUnderTest) -> None:
    """Return once the pupil list shows every pupil with their final figure (the read
    models fill from Kafka in the background)."""
    expected = [school.SCHOOL_NAME, school.LAST_MARKED_DAY.strftime("%A %-d %B %Y"),
                *(pupil.name for pupil in school.PUPILS),
                *(pupil.attendance for pupil in school.PUPILS)]
    deadline = time.monotonic() + SHOWN_TIMEOUT_S
    with httpx.Client(base_url=web.url, timeout=10) as client:
        _sign_in_over_http(client)
        while True:
            shown = client.get(f"/schools/{school.URN}/pupils").text
            missing = [text for text in expected if text not in shown]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"after {SHOWN_TIMEOUT_S:.0f}s the pupil list still "
                                     f"lacks {missing}; see the web log {web.log_file}")
            time.sleep(0.5)


def _sign_in_over_http(client: httpx.Client) -> None:
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None, "the sign-in form carries no CSRF token"
    answer = client.post("/sign-in", data={"username": STAFF_USER, "password": STAFF_PASSWORD,
                                           "csrf_token": token.group(1), "next": "/schools"})
    assert answer.status_code == 303, f"sign-in over HTTP answered {answer.status_code}"
