"""Moderators hide an initiative with a reason, and restore it; both are audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.core import validation
from spontaan.core.audit import audit_log

from .effects import (
    require_login,
)
from .models import (
    Initiative,
)


def _require_moderator(user: User, initiative: Initiative) -> None:
    from spontaan.accounts.selectors import user_has_role

    if not user_has_role(
        user=user, municipality_id=initiative.municipality_id, role=Role.MODERATOR
    ):
        raise PermissionDenied(_("Only a moderator of this municipality may do this."))


@transaction.atomic
def initiative_hide(*, user: User, initiative: Initiative, reason: str) -> Initiative:
    """A moderator hides an initiative with a reason the team can read; logged for audit."""
    require_login(user)
    _require_moderator(user, initiative)
    with validation.collect() as check:
        reason = check.text(
            "reason",
            reason,
            model=Initiative,
            model_field="hidden_reason",
            label=_("Reason"),
            required=True,
        )
    return _set_hidden(user=user, initiative=initiative, hidden=True, reason=reason)


@transaction.atomic
def initiative_restore(*, user: User, initiative: Initiative) -> Initiative:
    require_login(user)
    _require_moderator(user, initiative)
    return _set_hidden(user=user, initiative=initiative, hidden=False, reason="")


def _set_hidden(*, user: User, initiative: Initiative, hidden: bool, reason: str) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=hidden, hidden_reason=reason)
    audit_log(
        actor=user,
        action="initiative.hide" if hidden else "initiative.restore",
        object_type="initiative",
        object_id=initiative.pk,
        municipality_id=initiative.municipality_id,
        changes={"reason": reason} if hidden else {},
    )
    initiative.is_hidden, initiative.hidden_reason = hidden, reason
    return initiative
