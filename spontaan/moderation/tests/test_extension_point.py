"""Any app's content plugs into moderation through the registry, with no edit here: a kind
registered for the length of a test is reported, queued, hidden and restored."""

import pytest
from django.http import Http404

from spontaan.moderation import services
from spontaan.moderation.kinds import Content, ModeratableKind, moderatable_kinds
from spontaan.moderation.selectors import case_queue, public_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(municipality, resident):
    store = {"1": {"hidden": False, "reason": ""}}

    def content(object_id: str) -> Content:
        return Content(
            kind="note",
            object_id=object_id,
            title="Een notitie",
            url=f"/notities/{object_id}/",
            municipality_id=municipality.pk,
            author_id=resident.pk,
            is_hidden=store[object_id]["hidden"],
        )

    def set_hidden(object_id: str, hidden: bool, reason: str) -> None:
        store[object_id] = {"hidden": hidden, "reason": reason}

    kind = ModeratableKind(
        key="note",
        label="note",
        access=lambda user, oid: (
            content(oid) if oid in store and not store[oid]["hidden"] else None
        ),
        describe=lambda ids: {oid: content(oid) for oid in ids if oid in store},
        set_hidden=set_hidden,
        authored=lambda user_id, since, before: 0,
    )
    with moderatable_kinds.override(kind):
        yield store


def test_a_registered_kind_goes_through_report_hide_and_restore(
    notes, other_resident, moderator, resident
):
    services.report_create(user=other_resident, kind="note", object_id="1", reason="offensive")
    case = case_queue(user=moderator).get()
    services.case_hide(user=moderator, case=case, reason="offensive", note="Grof")
    assert notes["1"]["hidden"] and notes["1"]["reason"].endswith(": Grof")
    with pytest.raises(Http404):  # hidden: nobody else can report it now
        services.report_create(user=moderator, kind="note", object_id="1", reason="spam")
    services.objection_create(user=resident, case=case, text="Niet grof bedoeld.")
    services.case_restore(user=moderator, case=case)
    assert not notes["1"]["hidden"]
    assert sorted((line.kind, line.verb) for line in public_log()) == [
        ("note", "hide"),
        ("note", "restore"),
    ]
