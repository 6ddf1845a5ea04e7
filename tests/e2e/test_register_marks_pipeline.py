"""Register marks sent by an MIS reach the staff's read API with the right figures,
whichever way they arrive: JSON, CSV, or produced to Kafka by a third-party client."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

import httpx

from tests.e2e.conftest import RunningProduct, School

# Monday 7 and Tuesday 8 September 2026, autumn term.
MONDAY, TUESDAY = "2026-09-07", "2026-09-08"


def mark(school: School, upn: str, day: str, session: str, code: str,
         recorded_at: str = "") -> dict[str, Any]:
    time_of_day = "09:05" if session == "AM" else "13:50"
    return {"school_urn": school.urn, "upn": upn, "date": day, "session": session,
            "code": code, "recorded_at": recorded_at or f"{day}T{time_of_day}:00+01:00"}


def post_marks(product: RunningProduct, school: School, marks: list[dict[str, Any]]) -> dict:
    answer = httpx.post(f"{product.ingest_url}/v1/marks", json={"marks": marks},
                        headers={"Authorization": f"Bearer {school.ingest_token}"}, timeout=30)
    assert answer.status_code == 202, answer.text
    return dict(answer.json())


def attendance(product: RunningProduct, school: School, upn: str) -> dict[str, Any]:
    answer = httpx.get(
        f"{product.web_url}/api/v1/schools/{school.urn}/pupils/{upn}/attendance",
        params={"window": "ytd", "as_of": TUESDAY},
        headers={"Authorization": f"Bearer {school.read_token}"}, timeout=30)
    return dict(answer.json()) if answer.status_code == 200 else {"status": answer.status_code}


def eventually(product: RunningProduct, school: School, upn: str, expected: dict[str, Any],
               timeout_s: float = 60.0) -> dict[str, Any]:
    """The pupil's figures once they show what is expected (the read model fills from Kafka)."""
    deadline = time.monotonic() + timeout_s
    while True:
        figures = attendance(product, school, upn)
        if all(figures.get(key) == value for key, value in expected.items()):
            return figures
        if time.monotonic() > deadline:
            raise AssertionError(f"read API shows {figures}, expected {expected}")
        time.sleep(0.5)


def test_marks_posted_as_json_appear_in_the_read_api_with_the_right_figures(
        product: RunningProduct, school: School) -> None:
    upn = school.upn(1)
    answer = post_marks(product, school, [
        mark(school, upn, MONDAY, "AM", "/"), mark(school, upn, MONDAY, "PM", "N"),
        mark(school, upn, TUESDAY, "AM", "I"), mark(school, upn, TUESDAY, "PM", "\\"),
    ])
    assert answer == {"accepted": 4, "rejected": []}
    figures = eventually(product, school, upn, {"possible": 4})
    assert (figures["present"], figures["authorised"], figures["unauthorised"]) == (2, 1, 1)
    assert figures["attendance_pct"] == 50.0
    assert figures["persistent_absence"] is True
    assert figures["codes"] == {"/": 1, "N": 1, "I": 1, "\\": 1}


def test_marks_posted_as_csv_appear_in_the_read_api(product: RunningProduct,
                                                    school: School) -> None:
    upn = school.upn(2)
    csv_body = "\n".join([
        "school_urn,upn,date,session,code,minutes_late,recorded_at,comment",
        f"{school.urn},{upn},{MONDAY},AM,L,12,{MONDAY}T09:20:00+01:00,bus late",
        f"{school.urn},{upn},{MONDAY},PM,/,,{MONDAY}T13:50:00+01:00,",
        f"{school.urn},{upn},{TUESDAY},AM,ZZ,,{TUESDAY}T09:05:00+01:00,",
    ]) + "\n"
    answer = httpx.post(f"{product.ingest_url}/v1/marks.csv", content=csv_body,
                        headers={"Authorization": f"Bearer {school.ingest_token}",
                                 "Content-Type": "text/csv"}, timeout=30)
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["accepted"] == 2
    assert [(r["row"], r["errors"][0]["field"]) for r in body["rejected"]] == [(4, "code")]
    figures = eventually(product, school, upn, {"possible": 2})
    assert figures["present"] == 2 and figures["codes"] == {"L": 1, "/": 1}


def test_marks_produced_with_kcat_to_the_mis_topic_appear_in_the_read_api(
        product: RunningProduct, school: School) -> None:
    upn = school.upn(3)
    lines = [json.dumps(mark(school, upn, MONDAY, "AM", "/")),
             f"not JSON, from the MIS of school {school.urn}",
             json.dumps(mark(school, upn, MONDAY, "PM", "M"))]
    subprocess.run(["kcat", "-P", "-b", product.kafka_bootstrap, "-t", "mis.marks.v1"],
                   input="\n".join(lines) + "\n", text=True, check=True, timeout=30)
    figures = eventually(product, school, upn, {"possible": 2})
    assert (figures["present"], figures["authorised"]) == (1, 1)
    rejects = subprocess.run(
        ["kcat", "-C", "-b", product.kafka_bootstrap, "-t", "attendance.rejects.v1",
         "-o", "beginning", "-e", "-q"], capture_output=True, text=True, timeout=60).stdout
    poison = [json.loads(line) for line in rejects.splitlines() if school.urn in line]
    assert poison and poison[0]["record"] == lines[1]
    assert poison[0]["position"]["topic"] == "mis.marks.v1"


def test_an_amended_mark_moves_the_pupil_from_unauthorised_to_authorised_and_an_older_resend_changes_nothing(  # noqa: E501
        product: RunningProduct, school: School) -> None:
    upn = school.upn(4)
    post_marks(product, school, [mark(school, upn, MONDAY, "AM", "N",
                                      f"{MONDAY}T09:05:00+01:00")])
    eventually(product, school, upn, {"possible": 1, "unauthorised": 1})
    post_marks(product, school, [mark(school, upn, MONDAY, "AM", "I",
                                      f"{MONDAY}T11:30:00+01:00")])
    eventually(product, school, upn, {"unauthorised": 0, "authorised": 1})
    post_marks(product, school, [mark(school, upn, MONDAY, "AM", "O",
                                      f"{MONDAY}T10:00:00+01:00")])
    post_marks(product, school, [mark(school, upn, MONDAY, "PM", "/")])
    figures = eventually(product, school, upn, {"possible": 2})
    assert (figures["authorised"], figures["unauthorised"], figures["present"]) == (1, 0, 1)
    assert figures["codes"] == {"I": 1, "/": 1}
