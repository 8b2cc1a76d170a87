"""Writes of initiatives. One function per action; each checks permission and rules and runs
in one transaction. The HTML views and the API both call these, and nothing else writes."""

import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spontaan.accounts.models import User
from spontaan.actors.services import actor_for_user
from spontaan.clock.services import clock_start
from spontaan.core import validation
from spontaan.core.audit import audit_log
from spontaan.core.markdown import render_markdown
from spontaan.core.uploads import delete_file_on_commit
from spontaan.moderation.selectors import account_is_new, require_contribution_allowed
from spontaan.places.models import Municipality

from . import rules
from .effects import (
    answer_initiative_clock,
    notify_people,
    notify_staff,
    record_event,
    require_login,
    require_staff,
    require_team,
    touch_initiative,
)
from .images import prepare_photo
from .kinds import ClockKey, EventKey, NoticeKey
from .models import (
    MESSAGE_MAX_LENGTH,
    Category,
    Follow,
    Function,
    Initiative,
    Status,
    TeamMember,
    TimelineEvent,
)
from .selectors import (
    initiative_roles,
)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "story",
    "category",
    "address",
    "latitude",
    "longitude",
    "offers",
    "photo_alt",
)


def _clean_location(
    check: validation.FieldErrors, latitude, longitude
) -> tuple[float | None, float | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        check.add("latitude", _("Give both latitude and longitude, or neither."))
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        check.add("latitude", _("The location is not a valid point."))
        return None, None
    # The Netherlands, with a margin; a point elsewhere is almost certainly a mistake.
    if not (50.5 <= lat <= 53.8 and 3.2 <= lon <= 7.3):
        check.add("latitude", _("The location must be in the Netherlands."))
        return None, None
    return round(lat, 6), round(lon, 6)


# The initiative's text fields and their labels in messages; limits are on the model.
_INITIATIVE_TEXTS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "story": gettext_lazy("Story"),
    "offers": gettext_lazy("Offers"),
    "address": gettext_lazy("Address"),
    "photo_alt": gettext_lazy("Photo description"),
}


def _clean_initiative_fields(check: validation.FieldErrors, data: dict) -> dict:
    """The given fields of an initiative, cleaned; mistakes go to `check`."""
    cleaned: dict = {}
    for field, label in _INITIATIVE_TEXTS.items():
        if field in data:
            cleaned[field] = check.text(field, data[field], model=Initiative, label=str(label))
    if "category" in data:
        if data["category"] not in Category.values:
            check.add("category", _("Choose one of the categories."))
        else:
            cleaned["category"] = data["category"]
    if "latitude" in data or "longitude" in data:
        cleaned["latitude"], cleaned["longitude"] = _clean_location(
            check, data.get("latitude"), data.get("longitude")
        )
    return cleaned


def _functions(slugs: Iterable[str] | None) -> list[Function] | None:
    if slugs is None:
        return None
    slugs = list(dict.fromkeys(s for s in slugs if s))
    found = list(Function.objects.filter(slug__in=slugs))
    if len(found) != len(slugs):
        unknown = sorted(set(slugs) - {f.slug for f in found})
        raise ValidationError(
            {"functions": _("Unknown function: %(names)s.") % {"names": validation.sample(unknown)}}
        )
    return found


def _check_photo(
    check: validation.FieldErrors, photo: UploadedFile, *, alt: str
) -> ContentFile | None:
    """The photo as it will be stored (random name, encoded again), or None if it is wrong."""
    clean = None
    with check.catch("photo"):
        clean = prepare_photo(photo)
    if not alt and "photo_alt" not in check:
        check.add("photo_alt", _("Describe the photo for people who cannot see it."))
    return clean


def initiative_record_event(
    *,
    initiative: Initiative,
    kind: str,
    user: User | None,
    text: str = "",
    data: dict | None = None,
    municipal: bool = False,
    notify_kind: str = "",
) -> TimelineEvent:
    """For other apps (the tender): put an event on the timeline and tell the team and
    followers. The caller has checked permission and runs in its own transaction."""
    event = record_event(initiative, kind, user, text=text, data=data, municipal=municipal)
    if notify_kind:
        notify_people(initiative, notify_kind, actor=user, data=data)
    return event


def initiative_lock(*, initiative_id: int) -> None:
    """For other apps: lock the initiative's row until the caller's transaction ends, so work
    per initiative (applying for a grant) happens one at a time."""
    Initiative.objects.select_for_update().only("pk").get(pk=initiative_id)


def initiative_follow_process(
    *, initiative: Initiative, to_status: str, user: User, note: str = "", municipal: bool = False
) -> bool:
    """For other apps: move the initiative's status because a process moved it (an
    application submitted, a grant decided). Records the change on the timeline; does nothing
    when the status is already there. The caller has checked permission."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == to_status:
        return False
    _set_status(initiative, to_status, user=user, note=note, municipal=municipal)
    return True


def _set_status(
    initiative: Initiative, to_status: str, *, user: User, note: str, municipal: bool
) -> str:
    """Move the initiative to another status and put it on the timeline; when the
    municipality moved it, that answers the initiative's clock. Returns the previous status."""
    previous = initiative.status
    initiative.status = to_status
    initiative.status_changed_at = timezone.now()
    initiative.save(update_fields=["status", "status_changed_at", "updated_at"])
    record_event(
        initiative,
        EventKey.STATUS,
        user,
        text=note,
        data={"from": previous, "to": to_status},
        municipal=municipal,
    )
    if municipal:
        answer_initiative_clock(initiative, user)
    return previous


def _story_html(story: str, user: User) -> str:
    """Links in the story of an account that has not taken part yet are not clickable."""
    return render_markdown(story, links=not account_is_new(user=user))


@transaction.atomic
def initiative_create(
    *,
    user: User,
    municipality: Municipality,
    title: str,
    summary: str,
    category: str,
    story: str = "",
    functions: Iterable[str] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    offers: str = "",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
) -> Initiative:
    require_login(user)
    function_objs: list[Function] = []
    with validation.collect() as check:
        cleaned = _clean_initiative_fields(
            check,
            {
                "title": title,
                "summary": summary,
                "category": category,
                "story": story,
                "address": address,
                "latitude": latitude,
                "longitude": longitude,
                "offers": offers,
                "photo_alt": photo_alt,
            },
        )
        with check.catch("functions"):
            function_objs = _functions(functions) or []
        if photo is not None:
            photo = _check_photo(check, photo, alt=cleaned["photo_alt"])
    require_contribution_allowed(user=user)
    initiative = Initiative(municipality=municipality, created_by=user, **cleaned)
    initiative.story_html = _story_html(initiative.story, user)
    if photo is not None:
        initiative.photo = photo
    initiative.save()
    initiative.functions.set(function_objs)
    TeamMember.objects.create(initiative=initiative, actor=actor_for_user(user=user))
    Follow.objects.create(initiative=initiative, user=user)
    record_event(initiative, EventKey.CREATED, user)
    clock_start(
        municipality=municipality,
        kind=ClockKey.INITIATIVE,
        subject_id=initiative.pk,
        initiative_id=initiative.pk,
        title=initiative.title,
    )
    notify_staff(initiative, NoticeKey.NEW_INITIATIVE, actor=user)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    user: User,
    initiative: Initiative,
    data: dict,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Initiative:
    """Change the initiative; a new `photo` replaces the old one, `remove_photo` takes it
    off (the file itself goes once the change has committed)."""
    require_login(user)
    require_team(user, initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    unknown = set(data) - set(EDITABLE_FIELDS) - {"functions"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    function_objs = None
    with validation.collect() as check:
        cleaned = _clean_initiative_fields(
            check, {k: v for k, v in data.items() if k != "functions"}
        )
        with check.catch("functions"):
            function_objs = _functions(data.get("functions"))
        if photo is not None:
            photo = _check_photo(check, photo, alt=cleaned.get("photo_alt", initiative.photo_alt))
    changed = [f for f, v in cleaned.items() if getattr(initiative, f) != v]
    for field, value in cleaned.items():
        setattr(initiative, field, value)
    if photo is not None:
        # The replaced photo leaves the server once the new one is saved for good.
        delete_file_on_commit(initiative.photo)
        initiative.photo = photo
        changed.append("photo")
    elif remove_photo and initiative.photo:
        delete_file_on_commit(initiative.photo)
        initiative.photo = ""
        initiative.photo_alt = ""
        changed.append("photo")
    if function_objs is not None:
        before = set(initiative.functions.values_list("slug", flat=True))
        if before != {f.slug for f in function_objs}:
            initiative.functions.set(function_objs)
            changed.append("functions")
    if "story" in changed:
        initiative.story_html = _story_html(initiative.story, user)
    if changed:
        initiative.save()
        record_event(initiative, EventKey.UPDATED, user, data={"fields": sorted(changed)})
    return initiative


_CLEAN_PHOTO_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")


def initiative_photos_clean() -> tuple[int, int]:
    """Put photos stored before the upload rules (core.uploads) under them: each photo whose
    stored name is not a random one is encoded again without metadata under a random name, or
    taken off if it is not an allowed image. A maintenance job without a user (the
    `clean_photos` command); safe to run again. Returns (cleaned, removed)."""
    cleaned = removed = 0
    for pk in Initiative.objects.exclude(photo="").values_list("pk", flat=True):
        with transaction.atomic():
            initiative = Initiative.objects.select_for_update().get(pk=pk)
            name = initiative.photo.name
            if not name or _CLEAN_PHOTO_NAME.fullmatch(name.rsplit("/", 1)[-1]):
                continue
            try:
                with initiative.photo.storage.open(name, "rb") as stored:
                    photo = prepare_photo(File(stored, name=name))
            except (ValidationError, OSError):
                photo = None
            delete_file_on_commit(initiative.photo)
            initiative.photo = photo or ""
            if photo is None:
                initiative.photo_alt = ""
                removed += 1
            else:
                cleaned += 1
            initiative.save(update_fields=["photo", "photo_alt"])
    return cleaned, removed


@transaction.atomic
def initiative_transition(
    *, user: User, initiative: Initiative, to_status: str, note: str = ""
) -> Initiative:
    require_login(user)
    initiative = (
        Initiative.objects.select_for_update().select_related("municipality").get(pk=initiative.pk)
    )
    if to_status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    roles = initiative_roles(user=user, initiative=initiative)
    if not roles:
        raise PermissionDenied(_("You may not change the status of this initiative."))
    if to_status == initiative.status:
        raise ValidationError({"status": _("The initiative already has this status.")})
    if (initiative.status, to_status) not in rules.TRANSITIONS:
        raise ValidationError(
            {
                "status": _("From “%(from)s” an initiative cannot go to “%(to)s”.")
                % {"from": initiative.get_status_display(), "to": Status(to_status).label}
            }
        )
    if not rules.may_transition(initiative.status, to_status, roles):
        raise PermissionDenied(_("You may not make this change of status."))
    with validation.collect() as check:
        note = check.text(
            "note",
            note,
            label=_("Explanation"),
            max_length=MESSAGE_MAX_LENGTH,
            required=to_status in rules.NOTE_REQUIRED,
        )
    previous = _set_status(
        initiative, to_status, user=user, note=note, municipal=rules.TEAM not in roles
    )
    if to_status == Status.STOPPED and rules.TEAM not in roles:
        audit_log(
            actor=user,
            action=f"initiative.status.{to_status}",
            object_type="initiative",
            object_id=initiative.pk,
            municipality_id=initiative.municipality_id,
            changes={"status": [previous, to_status], "note": note},
        )
    notify_people(
        initiative, NoticeKey.STATUS, actor=user, data={"from": previous, "to": to_status}
    )
    return initiative


@transaction.atomic
def initiative_follow(*, user: User, initiative: Initiative, follow: bool = True) -> bool:
    require_login(user)
    touch_initiative(initiative, lists=False)  # its page shows the number of followers
    if follow:
        Follow.objects.get_or_create(initiative=initiative, user=user)
    else:
        Follow.objects.filter(initiative=initiative, user=user).delete()
    return follow


@transaction.atomic
def initiative_respond(*, user: User, initiative: Initiative, text: str) -> TimelineEvent:
    """A connector responds on behalf of the municipality; the first one stops the clock."""
    require_login(user)
    require_staff(user, initiative)
    return _post_message(
        user=user,
        initiative=initiative,
        text=text,
        label=_("Response"),
        event=EventKey.RESPONSE,
        notice=NoticeKey.RESPONSE,
        municipal=True,
    )


def _post_message(
    *,
    user: User,
    initiative: Initiative,
    text: str,
    label: str,
    event: str,
    notice: str,
    municipal: bool,
) -> TimelineEvent:
    """A message on the timeline that the team and followers hear of; one on behalf of the
    municipality answers the initiative's clock."""
    with validation.collect() as check:
        text = check.text("text", text, label=label, max_length=MESSAGE_MAX_LENGTH)
    posted = record_event(initiative, event, user, text=text, municipal=municipal)
    if municipal:
        answer_initiative_clock(initiative, user)
    notify_people(initiative, notice, actor=user)
    return posted
