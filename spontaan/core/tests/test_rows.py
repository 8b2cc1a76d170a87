"""core.rows gives what the ORM gives; the session store built on it behaves as Django's."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spontaan.core.rows import CompiledSelect, all_fields
from spontaan.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

LIVE = CompiledSelect(Session, ("session_key", "expire_date"), where=(("expire_date", ">"),))


def _session(key: str, expires_in: timedelta) -> Session:
    return Session.objects.create(
        session_key=key, session_data="x", expire_date=timezone.now() + expires_in
    )


def test_rows_and_instances_equal_the_orm_with_aware_datetimes():
    live = _session("live-session-key-1", timedelta(hours=1))
    _session("gone-session-key-1", timedelta(hours=-1))
    now = timezone.now()

    rows = LIVE.rows(now)
    assert rows == list(
        Session.objects.filter(expire_date__gt=now).values_list("session_key", "expire_date")
    )
    assert rows[0][1] == live.expire_date and timezone.is_aware(rows[0][1])

    by_key = CompiledSelect(Session, all_fields(Session), where=(("session_key", "="),))
    (loaded,) = by_key.instances("live-session-key-1")
    expected = Session.objects.get(pk="live-session-key-1")
    assert (loaded.session_key, loaded.session_data, loaded.expire_date) == (
        expected.session_key,
        expected.session_data,
        expected.expire_date,
    )
    assert not loaded._state.adding and loaded._state.db == "default"
    assert by_key.instances("no-such-key") == []


def test_count_and_is_null_and_one_query_each():
    _session("live-session-key-2", timedelta(hours=1))
    _session("live-session-key-3", timedelta(hours=2))
    counted = CompiledSelect(Session, (), where=(("expire_date", ">"),))
    with CaptureQueriesContext(connection) as queries:
        assert counted.count(timezone.now()) == 2
        assert counted.count(timezone.now() + timedelta(minutes=90)) == 1
    assert len(queries) == 2
    none_empty = CompiledSelect(Session, (), where=(("expire_date", "IS NULL"),))
    assert none_empty.count() == 0


def test_wrong_parameters_and_operators_are_refused():
    with pytest.raises(TypeError):
        LIVE.rows()
    with pytest.raises(ValueError):
        CompiledSelect(Session, (), where=(("expire_date", "LIKE"),))


def test_the_session_store_loads_a_live_session_and_forgets_an_expired_one():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}

    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on the next save
    assert SessionStore("no-such-session-key").load() == {}


def test_logging_out_ends_the_session_at_the_next_request(client, resident):
    client.force_login(resident)
    assert 'href="/account/"' in client.get("/").text
    client.post("/account/uitloggen/")
    assert 'href="/account/"' not in client.get("/").text


def test_order_and_fields_left_out_are_deferred_as_with_only():
    _session("b-session-key-4", timedelta(hours=1))
    _session("a-session-key-4", timedelta(hours=3))
    newest_first = CompiledSelect(
        Session, ("expire_date", "session_key"), order_by=("-expire_date",)
    )
    loaded = newest_first.instances()
    assert [s.session_key for s in loaded] == ["a-session-key-4", "b-session-key-4"]
    assert loaded[0].get_deferred_fields() == {"session_data"}
    by_key = CompiledSelect(Session, ("session_key",), order_by=("session_key",))
    assert by_key.rows() == [("a-session-key-4",), ("b-session-key-4",)]


def test_iexact_matches_as_the_orm_lookup_with_like_characters_taken_literally():
    _session("Mixed_Case%Key", timedelta(hours=1))
    _session("mixedXcaseYkey", timedelta(hours=1))
    by_key = CompiledSelect(Session, ("session_key",), where=(("session_key", "iexact"),))
    for probe in ("mixed_case%key", "MIXED_CASE%KEY", "mixed_case_key", "mixed%"):
        assert by_key.rows(probe) == list(
            Session.objects.filter(session_key__iexact=probe).values_list("session_key")
        )
    assert by_key.rows("MIXED_CASE%KEY") == [("Mixed_Case%Key",)]
