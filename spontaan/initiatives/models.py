from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spontaan.core.fields import SearchKeyField, kept_user_link
from spontaan.core.labels import CachedChoiceLabels
from spontaan.core.links import object_path

from .events import EventKind, event_kind_label, event_kinds

# The longest message, note, explanation or answer on an initiative's page.
MESSAGE_MAX_LENGTH = 4000
ASK_AMOUNT_MAX = 10_000_000  # euros, the most an ask can be about


class Category(models.TextChoices):
    PUBLIC_SPACE = "public_space", _("public space")
    ACTIVITY = "activity", _("activity or event")
    TRANSFORMATION = "transformation", _("transformation (new ways of working together)")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    IDEA = "idea", _("idea")
    LOOKING_FOR_PARTNERS = "looking_for_partners", _("looking for partners")
    IN_WERKATELIER = "in_werkatelier", _("in the werkatelier")
    APPLIED = "applied", _("applied")
    GRANTED = "granted", _("granted")
    NOT_GRANTED = "not_granted", _("not granted")
    RUNNING = "running", _("running")
    REALISED = "realised", _("realised")
    STOPPED = "stopped", _("stopped")


class Facilitation(models.TextChoices):
    """The four kinds of facilitation a municipality can give, plus a plain question."""

    COMMUNICATIVE = "communicative", _("communicative")
    ORGANISATIONAL = "organisational", _("organisational")
    FINANCIAL = "financial", _("financial-economic")
    LEGAL_PLANNING = "legal_planning", _("legal-planning")
    QUESTION = "question", _("question")


class Function(models.Model):
    """A function an initiative brings to the city (crèche, buurthuis, moestuin …)."""

    slug = models.SlugField(unique=True)
    name_nl = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("function")
        verbose_name_plural = _("functions")

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Initiative(CachedChoiceLabels, models.Model):
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=300)
    story = models.TextField(_("story"), max_length=20_000, blank=True)
    story_html = models.TextField(blank=True, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.IDEA, db_index=True
    )
    functions = models.ManyToManyField(Function, blank=True, related_name="initiatives")
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    offers = models.TextField(_("what the initiative offers"), max_length=2000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="initiatives/%Y/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiatives_started"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    # Title, summary and address as searches compare them, filled in on every write;
    # served by a trigram index (initiatives/search_index.py).
    search_text = SearchKeyField(sources=("title", "summary", "address"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "status", "-created_at"]),
            models.Index(fields=["is_hidden", "-created_at"]),
            # The map's GeoJSON reads only these columns: its bounds and grid come from the
            # index alone, filtered by place (and status) or not at all.
            models.Index(
                fields=["municipality", "status", "is_hidden", "latitude", "longitude"],
                name="initiative_map_by_place",
            ),
            models.Index(fields=["is_hidden", "latitude", "longitude"], name="initiative_map_all"),
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("initiatives:detail", self.pk)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class TeamMember(models.Model):
    """One term of a party on an initiative's team. Leaving ends the term (`left_at`); the row
    stays, so the team's history is kept: the tender's conflict-of-interest rule counts anyone
    who was ever on the team. Coming back starts a new term."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="team")
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="teams")
    role = models.CharField(_("role in the team"), max_length=80, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "actor"],
                condition=models.Q(left_at__isnull=True),
                name="unique_current_team_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} @ {self.initiative}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class TeamInvitation(models.Model):
    """A team asks a person (by e-mail address) to join. Nobody is put on a team without
    saying yes: the person with an account at that address accepts or declines. Whether an
    account exists is never shown to the team."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="team_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role in the team"), max_length=80, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "email"],
                condition=models.Q(status="pending"),
                name="unique_pending_team_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"invitation to {self.initiative}"


class Follow(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="unique_follow")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.initiative}"


class AskOutcome(models.TextChoices):
    YES = "yes", _("yes, we will do this")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    INFORMATION = "information", _("answered with information")


class AddressedToMunicipality(CachedChoiceLabels, models.Model):
    """Something addressed to the municipality about an initiative, answered with an outcome.

    Asks and conflicts with rules share these fields and one way of being answered
    (`asks._answer`). Each kind declares its `outcome` choices, and its foreign keys
    `initiative`, `created_by` and `answered_by` with their own reverse names.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


def _outcome(outcomes: type[models.TextChoices]) -> models.CharField:
    """The `outcome` field of a kind of `AddressedToMunicipality`, with its own choices."""
    return models.CharField(_("outcome"), max_length=16, choices=outcomes.choices, blank=True)


class Ask(AddressedToMunicipality):
    """Something an initiative asks of the municipality, in one of the kinds of facilitation."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="asks")
    kind = models.CharField(_("kind of facilitation"), max_length=32, choices=Facilitation.choices)
    title = models.CharField(_("what do you ask"), max_length=140)
    text = models.TextField(_("explanation"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    is_small = models.BooleanField(_("small ask (fast lane)"), default=False)
    amount = models.PositiveIntegerField(_("amount (euros)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="asks"
    )
    outcome = _outcome(AskOutcome)
    answered_by = kept_user_link("asks_answered")  # who answered for the municipality

    class Meta(AddressedToMunicipality.Meta):
        verbose_name = _("ask")
        verbose_name_plural = _("asks")

    def __str__(self) -> str:
        return self.title


class RuleKind(models.TextChoices):
    ZONING_PLAN = "zoning_plan", _("zoning plan (bestemmingsplan / omgevingsplan)")
    LOCAL_REGULATION = "local_regulation", _("local regulation (APV)")
    PERMIT = "permit", _("permit or licence")
    OTHER = "other", _("other rule")


class ConflictOutcome(models.TextChoices):
    ROOM_GIVEN = "room_given", _("room given (exemption or tolerance)")
    RULE_CHANGED = "rule_changed", _("the rule will be changed")
    ADJUST = "adjust", _("possible if the initiative adjusts")
    NOT_POSSIBLE = "not_possible", _("not possible")
    NO_CONFLICT = "no_conflict", _("no conflict after all")


class RuleConflict(AddressedToMunicipality):
    """An initiative meets an existing rule; the municipality's answer is recorded."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="conflicts")
    rule_kind = models.CharField(_("kind of rule"), max_length=32, choices=RuleKind.choices)
    rule = models.CharField(_("which rule"), max_length=200)
    description = models.TextField(_("where it conflicts"), max_length=MESSAGE_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts"
    )
    answer = models.TextField(
        _("the municipality's answer"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    outcome = _outcome(ConflictOutcome)
    answered_by = kept_user_link("conflicts_answered")

    class Meta(AddressedToMunicipality.Meta):
        verbose_name = _("conflict with a rule")
        verbose_name_plural = _("conflicts with rules")

    def __str__(self) -> str:
        return self.rule


class TimelineEvent(models.Model):
    """One public event in an initiative's life. Append-only; the timeline is these, in order."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)  # a key of initiatives.events.event_kinds
    user = kept_user_link()
    on_behalf_of_municipality = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.kind}"

    @property
    def kind_entry(self) -> EventKind | None:
        return event_kinds.find(self.kind)

    @property
    def kind_label(self) -> str:
        return event_kind_label(self.kind)

    @property
    def by_name(self) -> str:
        return self.user.public_name if self.user else str(_("someone"))

    @property
    def status_label(self) -> str:
        to = self.data.get("to")
        return Status(to).label if to in Status.values else ""

    @property
    def field_labels(self) -> list[str]:
        labels = []
        for name in self.data.get("fields", []):
            try:
                labels.append(str(Initiative._meta.get_field(name).verbose_name))
            except Exception:  # noqa: BLE001 - a field that no longer exists keeps its name
                labels.append(name)
        return labels


class NewsItem(models.Model):
    """Team news: a title and a Markdown text a team member posts on their initiative.

    Moderatable (kind "news"): a hidden item disappears from the page, timeline, API and
    search; its author and the team still see it with the reason."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="news")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=140)
    text = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH)
    text_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team news")
        verbose_name_plural = _("team news")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.initiative.get_absolute_url()}#news-{self.pk}"
