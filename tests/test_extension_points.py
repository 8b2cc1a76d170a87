"""The extension points as the whole platform uses them."""

from spontaan.clock.kinds import clock_kinds
from spontaan.initiatives.events import event_kinds
from spontaan.notifications.kinds import notification_kinds


def test_the_platform_registers_every_kind_in_use():
    assert {"initiative", "ask", "conflict", "application"} <= set(clock_kinds.keys())
    assert {"created", "status", "decision", "report"} <= set(event_kinds.keys())
    assert notification_kinds.get("decision").instant
    assert not notification_kinds.get("status").instant
