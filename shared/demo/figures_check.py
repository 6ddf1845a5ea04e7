"""Check that the staff pages' figures equal `attendance stats` over the same files.

One definition of possible sessions everywhere: the demo proves it by comparing each
school's totals from the web read API with the offline analysis of the files that
were streamed in.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

COMPARED = ("possible", "present", "aea", "authorised", "unauthorised", "attendance_pct",
            "pa_count")


@dataclass(frozen=True)
class SchoolComparison:
    school_urn: str
    offline: dict[str, Any]
    served: dict[str, Any]

    @property
    def differences(self) -> dict[str, tuple[Any, Any]]:
        return {key: (self.offline.get(key), self.served.get(key)) for key in COMPARED
                if self.offline.get(key) != self.served.get(key)}


def offline_figures(out_dir: Path, as_of: str) -> dict[str, dict[str, Any]]:
    """Per-school year-to-date totals from `attendance stats` over the written files,
    with the schools' own calendars as the pages use them."""
    result = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "stats", str(out_dir / "marks.csv"),
         "--pupils", str(out_dir / "pupils.csv"), "--schools", str(out_dir / "schools.json"),
         "--as-of", as_of, "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    report = json.loads(result.stdout)
    return {school["school_urn"]: school for school in report["schools"]}


def served_figures(web_url: str, token: str, urn: str, as_of: str) -> dict[str, Any]:
    answer = httpx.get(f"{web_url}/api/v1/schools/{urn}/summary",
                       params={"window": "ytd", "as_of": as_of},
                       headers={"Authorization": f"Bearer {token}"}, timeout=30.0)
    answer.raise_for_status()
    served: dict[str, Any] = answer.json()
    return served.get("school", served)


def compare_when_settled(web_url: str, token: str, offline: dict[str, dict[str, Any]],
                         as_of: str, timeout_s: float = 300.0) -> list[SchoolComparison]:
    """Poll the read API until every school agrees with the offline figures, or time out.

    The read model fills from Kafka asynchronously, so figures converge shortly after
    the last mark is accepted; the comparisons at the deadline are returned either way.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        comparisons = [
            SchoolComparison(urn, figures, _served_or_empty(web_url, token, urn, as_of))
            for urn, figures in sorted(offline.items())
        ]
        if all(not c.differences for c in comparisons) or time.monotonic() > deadline:
            return comparisons
        time.sleep(2.0)


def _served_or_empty(web_url: str, token: str, urn: str, as_of: str) -> dict[str, Any]:
    try:
        return served_figures(web_url, token, urn, as_of)
    except httpx.HTTPError:
        return {}
