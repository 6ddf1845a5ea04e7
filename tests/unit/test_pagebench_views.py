"""The page bench loads the register views staff really use, with the register's own
query parameters, and spreads staff over them."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import parse_qs, urlsplit

from services.web.leadership.filters import PAGE_SIZE, parse_filter, parse_page
from shared.bench.register_views import REGISTER_PAGE_SIZE, register_views, staff_orders
from shared.simulator.trust import generate_trust

TRUST = generate_trust(7, 1, 450, 1, date(2026, 9, 1))
URN = TRUST.schools[0].urn


def _query(path: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(path).query).items()}


def test_the_bench_pages_the_register_as_the_web_does() -> None:
    assert REGISTER_PAGE_SIZE == PAGE_SIZE


def test_every_page_of_the_unfiltered_register_is_visited() -> None:
    queries = [_query(v.path(URN)) for v in register_views(TRUST.pupils, page_size=100)]
    pages = [parse_page(query.get("page")) for query in queries if set(query) <= {"page"}]
    assert pages == [1, 2, 3, 4, 5]  # 450 pupils in pages of 100


def test_each_year_group_of_the_school_and_both_pupil_groups_are_visited() -> None:
    chosen = [parse_filter(q.get("year"), q.get("class"), q.get("group"), q.get("band"))
              for q in (_query(v.path(URN)) for v in register_views(TRUST.pupils))]
    assert {f.year_group for f in chosen if f.year_group is not None} == {
        p.year_group for p in TRUST.pupils}
    assert {f.group for f in chosen if f.group} == {"sen", "fsm"}
    assert {f.band for f in chosen if f.band} == {"severe", "persistent"}
    classes = {f.reg_group for f in chosen if f.reg_group}
    assert len(classes) == 2 and classes <= {p.reg_group for p in TRUST.pupils}


def test_views_use_only_the_registers_query_parameters_on_the_schools_register() -> None:
    for view in register_views(TRUST.pupils):
        path = view.path(URN)
        assert urlsplit(path).path == f"/schools/{URN}/risk-register"
        assert set(_query(path)) <= {"page", "year", "class", "group", "band"}
    assert len({v.label for v in register_views(TRUST.pupils)}) == len(
        register_views(TRUST.pupils))


def test_each_member_of_staff_goes_round_every_view_from_a_different_start() -> None:
    views = register_views(TRUST.pupils)
    orders = staff_orders(views, 4, seed=1)
    assert all(Counter(order) == Counter(views) for order in orders)
    assert len({order[0] for order in orders}) == 4
