"""The notifications moderation sends: to reporters (the outcome) and to authors."""

from django.utils.translation import gettext_lazy as _

from spontaan.core.registry import register_all
from spontaan.notifications.kinds import NotificationKind, notification_kinds


class NoticeKey:
    REPORT_HIDDEN = "report_hidden"
    REPORT_DISMISSED = "report_dismissed"
    CONTENT_HIDDEN = "content_hidden"
    CONTENT_RESTORED = "content_restored"
    OBJECTION_REJECTED = "objection_rejected"


NOTIFICATION_KINDS = [
    NotificationKind(NoticeKey.REPORT_HIDDEN, _("your report: the content was hidden"), order=200),
    NotificationKind(
        NoticeKey.REPORT_DISMISSED, _("your report: the content stays visible"), order=201
    ),
    NotificationKind(NoticeKey.CONTENT_HIDDEN, _("your contribution was hidden"), True, order=202),
    NotificationKind(
        NoticeKey.CONTENT_RESTORED, _("your contribution is visible again"), True, order=203
    ),
    NotificationKind(
        NoticeKey.OBJECTION_REJECTED, _("your objection was not upheld"), True, order=204
    ),
]


def register() -> None:
    register_all((notification_kinds, NOTIFICATION_KINDS))
