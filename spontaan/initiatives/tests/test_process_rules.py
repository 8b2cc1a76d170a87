"""The moves only a process makes (the tender), and who takes part in none."""

from spontaan.initiatives.models import Status
from spontaan.initiatives.rules import ENDED, may_follow_process


def test_an_application_moves_an_active_initiative_to_applied():
    for status in (Status.IDEA, Status.LOOKING_FOR_PARTNERS, Status.NOT_GRANTED):
        assert may_follow_process(status, Status.APPLIED), status
    for status in (Status.GRANTED, Status.RUNNING, *ENDED):
        assert not may_follow_process(status, Status.APPLIED), status


def test_a_grant_leaves_a_running_or_ended_initiative_as_it_is():
    assert may_follow_process(Status.APPLIED, Status.GRANTED)
    assert not may_follow_process(Status.RUNNING, Status.GRANTED)
    assert not any(may_follow_process(status, Status.GRANTED) for status in ENDED)
    assert may_follow_process(Status.APPLIED, Status.NOT_GRANTED)
    assert not may_follow_process(Status.GRANTED, Status.NOT_GRANTED)
