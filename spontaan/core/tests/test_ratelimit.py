from datetime import timedelta

from django.utils import timezone

from spontaan.core import ratelimit
from spontaan.core.models import RateLimitEvent


def test_keys_are_stored_hashed_never_plain(db):
    # when
    ratelimit.ratelimit_hit(bucket="test", key="192.0.2.7")
    # then
    event = RateLimitEvent.objects.get()
    assert "192.0.2.7" not in event.key
    assert len(event.key) == 64


def test_exceeded_counts_only_events_in_the_window(db):
    # given
    for _ in range(3):
        ratelimit.ratelimit_hit(bucket="test", key="a")
    RateLimitEvent.objects.update(created_at=timezone.now() - timedelta(seconds=120))
    ratelimit.ratelimit_hit(bucket="test", key="a")
    # then
    assert ratelimit.ratelimit_exceeded(bucket="test", key="a", limit=4, window_seconds=600)
    assert not ratelimit.ratelimit_exceeded(bucket="test", key="a", limit=2, window_seconds=60)
    assert not ratelimit.ratelimit_exceeded(bucket="test", key="b", limit=1, window_seconds=600)
    assert not ratelimit.ratelimit_exceeded(bucket="other", key="a", limit=1, window_seconds=600)


def test_clear_and_prune(db):
    # given
    ratelimit.ratelimit_hit(bucket="test", key="a")
    ratelimit.ratelimit_hit(bucket="test", key="b")
    RateLimitEvent.objects.filter(pk=RateLimitEvent.objects.order_by("pk").last().pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    # when
    ratelimit.ratelimit_clear(bucket="test", key="a")
    pruned = ratelimit.ratelimit_prune()
    # then
    assert pruned == 1
    assert RateLimitEvent.objects.count() == 0


def test_client_address_ignores_forwarded_for_unless_proxies_are_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2")
    assert ratelimit.client_address(request) == "10.0.0.1"
    settings.RATELIMIT_PROXY_COUNT = 1
    assert ratelimit.client_address(request) == "10.0.0.2"
    settings.RATELIMIT_PROXY_COUNT = 2
    assert ratelimit.client_address(request) == "203.0.113.9"


def test_take_gives_the_limit_of_slots_and_counts_nothing_when_refused(db):
    # given: two slots, the first one taken two minutes ago
    first = ratelimit.ratelimit_take(bucket="test", key="a", limit=2, window_seconds=600)
    RateLimitEvent.objects.update(created_at=timezone.now() - timedelta(seconds=120))
    # when
    second = ratelimit.ratelimit_take(bucket="test", key="a", limit=2, window_seconds=600)
    third = ratelimit.ratelimit_take(bucket="test", key="a", limit=2, window_seconds=600)
    in_a_shorter_window = ratelimit.ratelimit_take(
        bucket="test", key="a", limit=2, window_seconds=60
    )
    # then
    assert first and second and in_a_shorter_window
    assert third is None
    assert RateLimitEvent.objects.count() == 3


def test_a_released_slot_can_be_taken_again(db):
    slot = ratelimit.ratelimit_take(bucket="test", key="a", limit=1, window_seconds=600)
    ratelimit.ratelimit_release(event_id=slot)
    assert ratelimit.ratelimit_take(bucket="test", key="a", limit=1, window_seconds=600)
