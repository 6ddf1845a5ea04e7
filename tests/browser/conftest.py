"""Browser tests: the staff pages in Debian's chromium, driven by Playwright.

The web service runs for real (`python -m services.web` on a free port) against the
real Kafka and store, with a database, consumer group and topics of this run's own.
A small synthetic school (tests/browser/school.py) is produced to its topics, and the
tests start once the pages show all of it. Playwright's own browser downloads are never
used: chromium is launched through its executable path.

The fixtures live as long as this package's tests, not the whole session: Playwright's
sync API keeps an event loop running in the main thread, and the suites after this one
run their own (asyncio.run) in that thread.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    StorageState,
    expect,
    sync_playwright,
)
from pymongo import MongoClient

from shared.config import KafkaSettings
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.services import LocalServices, ServiceSpec
from shared.infra.localstack.stack import Endpoints
from shared.infra.staff_accounts import save_accounts
from shared.infra.topics import ensure_topics
from tests.browser import school
from tests.browser.staff import (
    STAFF_ACCOUNTS,
    STAFF_PASSWORD,
    STAFF_USER,
    SignedInAs,
    StaffAccount,
    WebUnderTest,
    sign_in,
    wait_for_school,
)

CHROMIUM_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser")
MISSING_CHROMIUM = ("Debian's chromium is not installed, so the browser tests cannot run. "
                    "Install it with `bash deploy/system-packages-browser.sh` (as root), or "
                    "set BROWSER_CHROMIUM to a chromium executable.")


def chromium_executable() -> str | None:
    """BROWSER_CHROMIUM when set, else the first chromium on this machine."""
    configured = os.environ.get("BROWSER_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Where chromium is; on CI (CI=true) a missing chromium fails the run, never skips."""
    path = chromium_executable()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="package")
def accounts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The staff accounts file: one account for each role at the school, and a teacher of
    another school (each password hashed once a session: Argon2 is slow on purpose)."""
    path = tmp_path_factory.mktemp("browser-accounts") / "staff-accounts.json"
    save_accounts(path, [account.entry() for account in STAFF_ACCOUNTS])
    return path


@pytest.fixture(scope="package")
def web(infra: Endpoints, tmp_path_factory: pytest.TempPathFactory,
        accounts_file: Path) -> Iterator[WebUnderTest]:
    """The web service with the small school fed in and visible on its pages."""
    run = os.urandom(5).hex()
    topics = {name: f"browser.{name}.{run}" for name in ("marks", "pupils", "schools",
                                                         "signals")}
    database = f"browser_web_{run}"
    port = _free_port()
    env = {**os.environ, **infra.as_env(), "WEB_PORT": str(port), "WEB_DATABASE": database,
           "WEB_CONSUMER_GROUP": f"web-browser-{run}",
           "WEB_ADMIN_USER": STAFF_USER, "WEB_ADMIN_PASSWORD": STAFF_PASSWORD,
           "WEB_ACCOUNTS_FILE": str(accounts_file),
           **{f"WEB_{name.upper()}_TOPIC": topic for name, topic in topics.items()},
           # What the office records and comms does: topics of this run's own too.
           "WEB_OFFICE_CONSUMER_GROUP": f"web-office-browser-{run}",
           **{f"WEB_{name.upper()}_TOPIC": f"browser.{name}.{run}"
              for name in ("office_records", "comms_events", "comms_commands")}}
    paths = LocalPaths(tmp_path_factory.mktemp("browser-web"))
    services = LocalServices(paths, [ServiceSpec("web", "services.web", port)])
    try:
        services.start(env)
        _feed_school(infra.kafka_bootstrap, topics)
        running = WebUnderTest(f"http://127.0.0.1:{port}", paths.logs / "web.log")
        wait_for_school(running)
        yield running
    finally:
        services.stop()
        with MongoClient[dict[str, Any]](infra.mongodb_uri) as client:
            client.drop_database(database)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _feed_school(bootstrap: str, topics: dict[str, str]) -> None:
    """Produce the school's settings, roster and marks, keyed as the intake keys them."""
    ensure_topics(topics.values(), KafkaSettings(bootstrap_servers=bootstrap))
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")

    def send(topic: str, message: dict[str, Any], key: str) -> None:
        producer.send(topics[topic], json.dumps(message).encode(), key=key.encode())

    try:
        send("schools", school.settings_message(), school.URN)
        for pupil in school.PUPILS:
            key = f"{school.URN}:{pupil.upn}"
            send("pupils", school.pupil_message(pupil), key)
            for mark in school.mark_messages(pupil):
                send("marks", mark, key)
        producer.flush(timeout=30)
    finally:
        producer.close()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    """Headless chromium; no sandbox when running as root (containers, CI)."""
    arguments = ["--no-sandbox"] if os.geteuid() == 0 else []
    launched = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                          args=arguments)
    yield launched
    launched.close()


def _new_context(browser: Browser, web: WebUnderTest, **options: Any) -> BrowserContext:
    opened = browser.new_context(base_url=web.url, locale="en-GB", **options)
    opened.set_default_timeout(10_000)
    return opened


@pytest.fixture
def page(browser: Browser, web: WebUnderTest) -> Iterator[Page]:
    """A fresh browser window, nobody signed in."""
    context = _new_context(browser, web)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="package")
def staff_cookies(browser: Browser, web: WebUnderTest) -> StorageState:
    """The session cookie of a member of staff who signed in through the form once
    (each sign-in checks an Argon2 hash: worth doing once, not in every test)."""
    context = _new_context(browser, web)
    try:
        sign_in(context.new_page(), STAFF_USER, STAFF_PASSWORD)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def signed_in_page(browser: Browser, web: WebUnderTest,
                   staff_cookies: StorageState) -> Iterator[Page]:
    """A browser window whose member of staff has signed in."""
    context = _new_context(browser, web, storage_state=staff_cookies)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="package")
def role_cookies() -> dict[str, StorageState]:
    """Session cookies by user name, each from one sign-in through the form."""
    return {}


@pytest.fixture
def signed_in_as(browser: Browser, web: WebUnderTest, role_cookies: dict[str, StorageState]
                 ) -> Iterator[SignedInAs]:
    """Opens a browser window signed in as the given account: through the sign-in form
    the first time in the session, with that sign-in's cookie after; `javascript=False`
    opens one with JavaScript turned off, as some staff browse."""
    opened: list[BrowserContext] = []

    def open_as(account: StaffAccount, javascript: bool = True) -> Page:
        known = role_cookies.get(account.user)
        context = _new_context(browser, web, java_script_enabled=javascript,
                               **({"storage_state": known} if known else {}))
        opened.append(context)
        window = context.new_page()
        if known is None:
            sign_in(window, account.user, account.password)
            expect(window.get_by_role("navigation", name="Account")).to_contain_text(
                account.display_name)
            role_cookies[account.user] = context.storage_state()
        return window

    yield open_as
    for context in opened:
        context.close()
