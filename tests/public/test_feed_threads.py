"""The Atom feed under a threaded server: each response is built for its own request's user (issue 10, path 5)."""
import threading

import pytest
from django.db import connections
from django.test import Client

from meetings import feeds

from .conftest import CANARY_TITLE

ROUNDS = 3


# Threads use their own database connections, so the archive must be committed for them to see it;
# serialized_rollback restores the groups the migrations created once the table flush is done.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_anonymous_and_partner_feeds_interleaved_never_swap_users(archive, monkeypatch, settings):
    """Two requests, one anonymous and one a partner's, are held together after each has set up its
    feed and before either lists its items: the interleaving that, with the user kept on the shared
    Feed instance, served the partner's restricted title to the anonymous request."""
    # The permission itself, not the Partners group: another transactional test may have flushed
    # the groups the migrations created.
    from django.contrib.auth.models import Permission, User

    partner = User.objects.create_user("threaded-partner", password="a-long-test-password")
    partner.user_permissions.add(Permission.objects.get(content_type__app_label="meetings",
                                                        codename="view_restricted"))
    # Both requests must build the feed: an anonymous one served from the page cache would never reach
    # the barrier (the cache itself is attacked in test_page_cache.py).
    settings.ANONYMOUS_CACHE_PATHS = []
    barrier = threading.Barrier(2, timeout=20)
    original = feeds.MeetingsAtomFeed.get_feed

    def get_feed_after_both_arrived(self, obj, request):
        barrier.wait()
        return original(self, obj, request)

    monkeypatch.setattr(feeds.MeetingsAtomFeed, "get_feed", get_feed_after_both_arrived)
    results, errors = {}, []

    def fetch(who, round_no):
        client = Client()
        if who == "partner":
            client.force_login(partner)
        try:
            response = client.get("/feeds/meetings.atom")
            results[who, round_no] = (response.status_code, response.content.decode())
        except Exception as error:  # reported below: an exception in a thread would be lost
            errors.append(error)
        finally:
            connections.close_all()

    for round_no in range(ROUNDS):
        threads = [threading.Thread(target=fetch, args=(who, round_no)) for who in ("anonymous", "partner")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2 * ROUNDS
    for (who, _), (status, body) in results.items():
        assert status == 200
        if who == "anonymous":
            assert CANARY_TITLE not in body
            assert "1 restricted item" in body  # the anonymous feed says one was withheld
        else:
            assert CANARY_TITLE in body


@pytest.mark.django_db
def test_feed_instance_keeps_no_request_state(client, partner_client, archive):
    """After serving a partner, the shared Feed object holds no user for the next request to reuse."""
    from django.urls import resolve

    view = resolve("/feeds/meetings.atom").func
    partner_client.get("/feeds/meetings.atom")
    assert not hasattr(view, "user")
    assert CANARY_TITLE not in client.get("/feeds/meetings.atom").content.decode()
