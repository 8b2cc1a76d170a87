"""The audit trail: who changed what, in decisions, roles and moderation.

`audit_log` is the only writer of `AuditEntry`. Services call it inside their own transaction,
so the entry exists exactly when the change does.
"""

from typing import Any

from django.db.models import Model, QuerySet

from .models import AuditEntry


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: int | str | None = None,
    municipality_id: int | None = None,
    changes: dict | None = None,
) -> AuditEntry:
    """Record `action` (`<thing>.<verb>`, e.g. `initiative.hide`) on `obj` by `actor`.

    The object is named by `obj`, or by `object_type` and `object_id` where there is no model
    instance. An actor without a primary key (anonymous, a system job) is stored as nobody.
    """
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk
    if not action or not object_type or object_id is None:
        raise ValueError("An audit entry needs an action and an object.")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        municipality_id=municipality_id,
        changes=changes or {},
    )


def audit_entries(*, actions: list[str], municipality_ids: list[int]) -> QuerySet[AuditEntry]:
    """The audit trail of these actions in these municipalities, newest first."""
    return (
        AuditEntry.objects.filter(action__in=actions, municipality_id__in=municipality_ids)
        .select_related("actor", "municipality")
        .order_by("-created_at", "-id")
    )
