"""The resolutions register's pages read from either end (views.CountedPaginator): every page holds
exactly the rows of the list in order, whichever end it was read from, even where meetings share a
date and items their positions (the order ends on keys, so it is total)."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import views
from meetings.models import Resolution
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(monkeypatch):
    """Two bodies meeting on the same three dates, each meeting with items 1-3 of 1-3 resolutions:
    many rows tie on (date, item position, resolution position)."""
    monkeypatch.setattr(views, "RESOLUTIONS_PER_PAGE", 7)
    for body in (BodyFactory(name="Board", slug="board"), BodyFactory(name="Partnership", slug="partnership")):
        for date in (dt.date(2020, 1, 28), dt.date(2020, 4, 21), dt.date(2021, 3, 2)):
            meeting = MeetingFactory(body=body, date=date)
            for position in (1, 2, 3):
                item = AgendaItemFactory(meeting=meeting, position=position)
                for n in range(1, position + 1):
                    ResolutionFactory(item=item, position=n, text=f"resolution {n} be noted.")
    return Resolution.objects.count()


def test_every_page_holds_its_rows_whichever_end_it_is_read_from(client, register):
    assert register == 36
    expected = list(
        Resolution.objects.order_by("-item__meeting__date", "item__position", "position", "item_id", "pk")
        .values_list("pk", flat=True)
    )
    pages = -(-register // 7)
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/resolutions/?page={number}").context["page"]
        assert [row.pk for row in page.object_list] == expected[(number - 1) * 7:number * 7], number
        offsets = [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"]]
        if number == pages:  # the last page is read from the end: no row skipped
            assert not offsets
        assert page.has_next() == (number < pages)


def test_a_filtered_register_reads_from_either_end_too(client, register):
    expected = list(
        Resolution.objects.filter(item__meeting__date__year=2020)
        .order_by("-item__meeting__date", "item__position", "position", "item_id", "pk").values_list("pk", flat=True)
    )
    assert len(expected) == 24
    rows = []
    for number in range(1, 5):
        rows += [row.pk for row in client.get(f"/resolutions/?year=2020&page={number}").context["page"].object_list]
    assert rows == expected
